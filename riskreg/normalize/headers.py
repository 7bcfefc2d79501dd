"""Recognise register columns by their header text, not their position.

Headers are matched with rapidfuzz against known wordings, so typos and
variants ("Arbetsätt", "Risikvärde", "RV", "KF:s mål") map to one canonical
name and a changed column order breaks nothing.
"""
from __future__ import annotations

import re
from typing import Optional

from rapidfuzz import fuzz

from .settings import NormalizeSettings

# canonical column -> wordings seen in the documents (lower case)
HEADER_ALIASES: dict[str, list[str]] = {
    "goal": ["kf:s mål för verksamhetsområdet", "kf:s mål", "kfs mål", "kommunfullmäktiges mål",
             "mål för verksamhetsområdet", "mål"],
    "process": ["process", "processer"],
    "working_method": ["arbetssätt", "arbetsätt"],
    "risk_nr": ["nr", "risknr", "nummer"],
    "event": ["oönskad händelse", "oönskade händelser", "risk"],
    "probability": ["sannolikhet"],
    "consequence": ["konsekvens"],
    "risk_value": ["rv", "riskvärde", "risikvärde"],
    "in_ikp": ["ikp", "internkontrollplan"],
    "handling": ["hantera risk", "hantering"],
    "status_measure": ["status/åtgärd", "status åtgärd", "status"],
    "description": ["beskrivning"],
    "responsible": ["ansvarig", "ansvariga"],
    "systematic_control": ["systematisk kontroll", "systematiska kontroller"],
    "control_activity": ["kontrollaktivitet", "kontrollaktiviteter", "kontrollmoment"],
}

_COMPACT = {alias.replace(" ", ""): name for name, aliases in HEADER_ALIASES.items()
            for alias in aliases}


def _compact(text: str) -> str:
    """Lower case, no scale note '(1-5)', no spaces: header words are often broken in cells."""
    text = re.sub(r"\(.*?\)", "", text.lower())
    return re.sub(r"\s+", "", text).strip(" .:")


def match_header_cell(text: str, settings: NormalizeSettings) -> Optional[str]:
    """The canonical column a header cell names, or None."""
    key = _compact(text)
    if not key:
        return None
    if key in _COMPACT:
        return _COMPACT[key]
    best, best_score = None, 0.0
    for alias, name in _COMPACT.items():
        if len(alias) <= 4:  # "rv", "nr", "ikp": too short to fuzz safely
            continue
        score = fuzz.ratio(key, alias)
        if score > best_score:
            best, best_score = name, score
    return best if best_score >= settings.header_cutoff else None


def match_header_row(texts: list[str], settings: NormalizeSettings) -> dict[int, str]:
    """Column index -> canonical name, if the row reads as a header row; else {}."""
    mapping: dict[int, str] = {}
    for i, text in enumerate(texts):
        name = match_header_cell(text or "", settings)
        if name and name not in mapping.values():
            mapping[i] = name
    return mapping if len(mapping) >= settings.min_header_columns else {}


def table_kind(mapping: dict[int, str]) -> Optional[str]:
    """'vor' for a risk register, 'ikp' for a control plan table, None for other tables."""
    names = set(mapping.values())
    if "event" not in names:
        return None
    if names & {"systematic_control", "control_activity"}:
        return "ikp"
    if names & {"probability", "consequence", "risk_value"}:
        return "vor"
    return None
