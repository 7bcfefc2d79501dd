"""The language a person reads riskreg in: Swedish by default, English on request.

Messages are written in English in the code, wrapped in ``_()`` (or ``N_()`` where a constant is
defined at import and translated where it is used); the Swedish catalogue is
riskreg/locale/sv/LC_MESSAGES/riskreg.po, compiled to riskreg.mo beside it and read with the
standard library's gettext (``make messages`` extracts and merges; docs/development.md).

The active language is a context variable, set for a block with ``use_language("en")``: it does
not leak from one API call into another, nor between threads. Outside any block it is Swedish.
The command line sets it once per command from ``--lang`` or the locale (``language_from_env``).
Column names of the CSV, Parquet and SQLite outputs are the schema's English identifiers in
both languages; ``swedish_heading`` gives the Swedish heading for a column shown to people.
"""
from __future__ import annotations

import ast
import contextvars
import functools
import gettext
import inspect
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("sv", "en")
DEFAULT = "sv"
DOMAIN = "riskreg"
LOCALE_DIR = Path(__file__).parent / "locale"

_active: contextvars.ContextVar[str] = contextvars.ContextVar("riskreg_language", default=DEFAULT)


def check_language(lang: str) -> str:
    """``lang`` when riskreg speaks it; a ValueError naming the choices otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one riskreg speaks: choose {' or '.join(LANGUAGES)}")
    return lang


def language_from_env(env=None) -> str:
    """The language of the locale, as gettext looks it up (LANGUAGE, LC_ALL, LC_MESSAGES, LANG;
    the first one set): sv or en, and sv when none is set or it names another language."""
    env = os.environ if env is None else env
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            first = value.split(":")[0].split(".")[0].split("_")[0].lower()
            return first if first in LANGUAGES else DEFAULT
    return DEFAULT


def current_language() -> str:
    """The language of the block being run: sv unless a ``use_language`` block says otherwise."""
    return _active.get()


@contextmanager
def use_language(lang: str | None):
    """Speak ``lang`` inside the block (None: keep the active language)."""
    if lang is None:
        yield current_language()
        return
    token = _active.set(check_language(lang))
    try:
        yield lang
    finally:
        _active.reset(token)


@lru_cache(maxsize=None)
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang``; English is the msgids themselves."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` (an English msgid) in the active language."""
    return catalogue(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural msgid for ``n``, in the active language."""
    return catalogue(current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue without translating it (a constant made at import:
    translate it with ``_()`` where it is shown)."""
    return message


class Messages(dict):
    """English msgids by key, translated when read: ``TEXT["heading"]`` is in the active
    language (mark each value with ``N_`` so the catalogue holds it)."""

    def __getitem__(self, key):
        return _(super().__getitem__(key))


#: the Swedish heading of each schema column shown to people (register.xlsx's sheets, reports): the
#: documents' own words where they print one (Oönskad händelse, Sannolikhet, Konsekvens, Riskvärde,
#: Kontrollaktivitet ...). The one place that holds them: register.xlsx's headings are read back by
#: them (riskreg.write.xlsx.english_columns), so a heading once written is changed only with care.
SWEDISH_HEADINGS = {
    # the register's columns (risks.csv, controls.csv, files.csv, problems.csv): one heading each
    "source_file": "Fil", "page": "Sida", "organisation": "Nämnd", "year": "År",
    "goal_id": "Mål nr", "goal": "KF:s mål", "process": "Process", "working_method": "Arbetssätt",
    "risk_nr": "Nr", "event": "Oönskad händelse", "probability": "Sannolikhet",
    "probability_label": "Sannolikhet (text)", "consequence": "Konsekvens",
    "consequence_label": "Konsekvens (text)", "risk_value": "Riskvärde", "in_ikp": "Till plan (IKP)",
    "handling": "Hantera risk", "status": "Status", "measure": "Åtgärd", "description": "Beskrivning",
    "responsible": "Ansvarig", "flags": "Avvikelser", "extra": "Övriga kolumner", "scale": "Skala",
    "source": "Läst ur", "ocr_confidence": "OCR-säkerhet", "risk_value_source": "Riskvärdets ursprung",
    "systematic_control": "Systematisk kontroll", "control_activity": "Kontrollaktivitet",
    "link_score": "Kopplingspoäng", "method": "Metod", "frequency": "Frekvens",
    "report_to": "Rapporteras till", "dnr": "Diarienummer", "document_title": "Dokumentets titel",
    "document_date": "Dokumentets datum", "x0": "Radens vänsterkant", "top": "Radens överkant",
    "x1": "Radens högerkant", "bottom": "Radens nederkant",
    "severity": "Allvarlighetsgrad", "code": "Kod", "message": "Meddelande",
    "pages": "Sidor", "risks": "Risker", "controls": "Kontroller", "register_words": "Ord i tabellerna",
    "words_accounted": "Ord i registret", "coverage": "Täckning", "uncertain_cells": "Osäkra celler",
    "hidden_chars": "Dolda tecken", "reader": "Läsare", "template": "Mall",
    "structure_agrees": "Strukturträdet stämmer",
    # columns of the reports (diff, compare, history)
    "document_type": "Dokumenttyp", "level": "Nivå", "label": "Bedömning", "control": "Kontrollmoment",
    "reporting": "Rapportering", "action": "Åtgärd", "actions": "Åtgärder", "title": "Titel",
    "date": "Datum", "risk_key": "Risknyckel", "change": "Förändring", "score": "Poäng",
}


def swedish_heading(column: str) -> str:
    """The Swedish heading of schema column ``column``; the column's own name when it has none
    (a column added later shows under its identifier until it is given one here)."""
    return SWEDISH_HEADINGS.get(column, column)


def heading(column: str, lang: str | None = None) -> str:
    """The heading of ``column`` in ``lang`` (default: the active language): Swedish, or the
    schema's identifier in English."""
    lang = lang or current_language()
    return swedish_heading(column) if lang == "sv" else column


def speaks(function):
    """Gives ``function`` a keyword argument ``lang`` ("sv" or "en"; None: the active language,
    Swedish outside any ``use_language`` block) and runs it in that language."""
    signature = inspect.signature(function)
    lang = inspect.Parameter("lang", inspect.Parameter.KEYWORD_ONLY, default=None, annotation="str | None")
    params = list(signature.parameters.values())
    at = next((i for i, p in enumerate(params) if p.kind == p.VAR_KEYWORD), len(params))

    @functools.wraps(function)
    def speaking(*args, lang: str | None = None, **kwargs):
        with use_language(lang):
            return function(*args, **kwargs)

    speaking.__signature__ = signature.replace(parameters=[*params[:at], lang, *params[at:]])
    return speaking


def percent(share: float) -> str:
    """``share`` as a percentage with one decimal, as the active language writes it: 97.5% in
    English, 97,5 % in Swedish."""
    text = f"{share:.1%}"
    return text.replace(".", ",").replace("%", "\u00a0%") if current_language() == "sv" else text


#: the functions whose string arguments are msgids, and how many of them (ngettext: singular, plural;
#: schema.col: a column's meaning, which Datasette's metadata shows)
KEYWORDS = {"_": 1, "N_": 1, "ngettext": 2, "col": 1}


def extract_messages(fileobj, keywords=(), comment_tags=(), options=None):
    """Babel's extraction method for riskreg's source (babel.cfg): every msgid of a ``_``, ``N_``,
    ``ngettext`` or ``col`` (schema.py) call with string constants, read with ``ast``, so calls inside f-strings count
    too (Babel's own Python extractor does not see them before Python 3.12). Yields Babel's
    (line, function, message or (singular, plural), comments)."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS):
            continue
        args = node.args[:KEYWORDS[node.func.id]]
        if len(args) == KEYWORDS[node.func.id] and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                                       for a in args):
            texts = tuple(a.value for a in args)
            yield node.lineno, node.func.id, texts[0] if len(texts) == 1 else texts, []
