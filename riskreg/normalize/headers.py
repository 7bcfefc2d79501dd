"""Recognise register columns by their header text, not their position.

Headers are matched with rapidfuzz against known wordings, so typos and
variants ("Arbetsätt", "Risikvärde", "RV", "KF:s mål") map to one canonical
name and a changed column order breaks nothing.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional, Sequence

from rapidfuzz import fuzz, process

from ..extract.readers import readers_named
from ..templates import (CONTROL_FIELDS, SCORE_FIELDS, Template, TemplateError, builtin_templates,
                         choose_template, compact, load_templates, template_stamp, vocabulary)
from .settings import NormalizeSettings

# canonical column -> wordings of the built-in templates (riskreg/templates/*.toml), lower case
HEADER_ALIASES: dict[str, list[str]] = {}
for _template in builtin_templates():
    for _field, _words in _template.columns:
        HEADER_ALIASES.setdefault(_field, [])
        HEADER_ALIASES[_field] += [w.lower() for w in _words if w.lower() not in HEADER_ALIASES[_field]]


def _compact(text: str) -> str:
    """Lower case, no scale note '(1-5)', no spaces: header words are often broken in cells."""
    return compact(text)


def match_header_cell(text: str, settings: NormalizeSettings) -> Optional[str]:
    """The canonical column a header cell names, or None."""
    key, full = _keys(text)
    if not key:
        return None
    # every text line of a page is tried as a header: each distinct text is matched once
    # per set of templates (a user's file is part of the key with its time and size)
    stamps = tuple(template_stamp(p) for p in settings.templates)
    return _match_cell(key, full, settings.templates, stamps, settings.header_cutoff)


@lru_cache(maxsize=16384)
def _keys(text: str) -> tuple[str, str]:
    """A cell's text compacted without its notes and with them (each row is matched several
    times over: by the stitcher, the heading split, the word audit)."""
    return _compact(text), compact(text, notes=True)


@lru_cache(maxsize=16384)
def _match_cell(key: str, full: str, paths: tuple[str, ...], stamps: tuple, cutoff: float) -> Optional[str]:
    templates = load_templates(paths)
    words = vocabulary(templates)
    # a wording with its note ("Åtgärd (Ja/Nej)") first, then without it ("Sannolikhet (1-5)")
    for exact in (full, key):
        if exact in words:
            return words[exact]
    aliases, names = _fuzzy_choices(templates)
    found = process.extractOne(key, aliases, scorer=fuzz.ratio, score_cutoff=cutoff)
    return names[found[2]] if found else None


@lru_cache(maxsize=64)
def _fuzzy_choices(templates) -> tuple[list[str], list[str]]:
    """The wordings typos are matched against, and their fields."""
    pairs = [(alias, name) for alias, name in vocabulary(templates).items()
             if len(alias) > 4 and "(" not in alias]  # "rv", "nr", "ikp", "s": too short to fuzz safely
    return [a for a, _ in pairs], [n for _, n in pairs]


def match_header_row(texts: list[str], settings: NormalizeSettings) -> dict[int, str]:
    """Column index -> canonical name, if the row reads as a header row; else {}."""
    mapping: dict[int, str] = {}
    for i, text in enumerate(texts):
        name = match_header_cell(text or "", settings)
        if name and name not in mapping.values():
            mapping[i] = name
    return mapping if len(mapping) >= settings.min_header_columns else {}


def table_kind(mapping: dict[int, str]) -> Optional[str]:
    """'vor' for a risk register, 'ikp' for a control plan table, None for other tables.

    A table that scores its risks is a risk register even when it has control
    columns too (a combined register: its controls come from the same rows); it
    is never read as controls only because it has a control column.
    """
    names = set(mapping.values())
    if "event" not in names:
        return None
    if names & set(SCORE_FIELDS):
        return "vor"
    if names & set(CONTROL_FIELDS):
        return "ikp"
    return None


def has_controls(mapping: dict[int, str] | list[str]) -> bool:
    """Does a risk table also hold each risk's control (Kontrollmoment, Metod, ...)?"""
    names = set(mapping.values()) if isinstance(mapping, dict) else set(mapping)
    return bool(names & set(CONTROL_FIELDS))


def header_template(mapping: dict[int, str], settings: NormalizeSettings,
                    texts: list[str] | None = None) -> Optional[Template]:
    """The template a table with this header (its cells' ``texts``) follows
    (see riskreg.templates.choose_template)."""
    return choose_template(mapping.values(), load_templates(settings.templates), texts or ())


def template_readers(paths: Sequence[str] = ()) -> Optional[list[str]]:
    """The layout readers the templates let read a document, in the readers' order: those the
    templates' ``readers`` lines name (their union; a template without the line, as every
    built-in one, names none and lets the others decide); None, every reader, when no template
    has the line. A name no reader has is a TemplateError naming the template and the readers."""
    names: list[str] = []
    for template in load_templates(tuple(paths)):
        if template.readers is None:
            continue
        try:
            readers_named(template.readers)
        except ValueError as exc:
            raise TemplateError(f"template {template.source}: readers names {exc}.") from None
        names += [n for n in template.readers if n not in names]
    return [r.name for r in readers_named(names)] if names else None


def template_records(paths: Sequence[str] = ()) -> tuple:
    """The record layouts of the templates (a user's first): how registers written as records
    read (templates/records.py), for the extract stage's records reader."""
    return tuple(t.records for t in load_templates(tuple(paths)) if t.records is not None)
