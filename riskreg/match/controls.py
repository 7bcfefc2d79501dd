"""The control plans of two years compared: each old control paired with its counterpart.

A control belongs to a risk (its risk_nr); the risks' pairing (match/pairing.py) says which new
risk an old one became. Controls are paired:

1. under a pair of risks: the old risk's controls with the new risk's, the most alike
   Kontrollaktivitet first (a risk may carry several controls);
2. then, among the controls left (not linked to a risk, or their risk unpaired), those whose
   event reads the same (case, punctuation and glyphs aside);
3. the rest are removed (old) or new.

A pair's change says whether its Kontrollaktivitet or its Ansvarig changed, compared as
normalised text (a line break or a full stop is no change).
"""
from __future__ import annotations

import difflib

import pandas as pd

from ..schema import ControlChange, missing, value_or_none
from .pairing import Pairing
from .similarity import normalise_text


def _text(value) -> str:
    return "" if missing(value) else normalise_text(str(value))


def _alike(a: dict, b: dict) -> float:
    return difflib.SequenceMatcher(None, _text(a["control_activity"]), _text(b["control_activity"]),
                                   autojunk=False).ratio()


def _risk_pairs(old_risks: pd.DataFrame, new_risks: pd.DataFrame, pairing: Pairing) -> dict[int, int]:
    """Old risk_nr -> new risk_nr of each pair of risks that both carry a number."""
    out = {}
    for i, j, _ in pairing.pairs:
        old_nr, new_nr = old_risks.iloc[i]["risk_nr"], new_risks.iloc[j]["risk_nr"]
        if not missing(old_nr) and not missing(new_nr):
            out[int(old_nr)] = int(new_nr)
    return out


def pair_controls(old: list[dict], new: list[dict], risk_pairs: dict[int, int]) -> list[tuple[int, int]]:
    """(old index, new index) of each pair of controls, by the rules of the module's docstring."""
    pairs: list[tuple[int, int]] = []
    taken_old, taken_new = set(), set()
    candidates = []
    for i, o in enumerate(old):
        nr = None if missing(o["risk_nr"]) else risk_pairs.get(int(o["risk_nr"]))
        candidates += [(-_alike(o, n), i, j) for j, n in enumerate(new)
                       if nr is not None and not missing(n["risk_nr"]) and int(n["risk_nr"]) == nr]
    for _, i, j in sorted(candidates):
        if i not in taken_old and j not in taken_new:
            pairs.append((i, j))
            taken_old.add(i)
            taken_new.add(j)
    for i, o in enumerate(old):
        if i in taken_old:
            continue
        j = next((j for j, n in enumerate(new) if j not in taken_new and _text(n["event"])
                  and _text(n["event"]) == _text(o["event"])), None)
        if j is not None:
            pairs.append((i, j))
            taken_old.add(i)
            taken_new.add(j)
    return sorted(pairs)


def _side(prefix: str, row: dict | None) -> dict:
    names = ("risk_nr", "page", "event", "control_activity", "responsible")
    return {f"{prefix}_{n}": None if row is None else value_or_none(row[n]) for n in names}


def _words(o: dict, n: dict) -> str:
    words = [w for w, column in (("activity_changed", "control_activity"), ("responsible_changed", "responsible"))
             if _text(o[column]) != _text(n[column])]
    return ";".join(words) or "unchanged"


def control_changes(old_risks: pd.DataFrame, new_risks: pd.DataFrame, old_controls: pd.DataFrame,
                    new_controls: pd.DataFrame, pairing: Pairing) -> list[ControlChange]:
    """One ControlChange per pair of controls (in the old plan's order), then the new controls,
    then the removed ones."""
    old = old_controls.to_dict("records")
    new = new_controls.to_dict("records")
    pairs = pair_controls(old, new, _risk_pairs(old_risks, new_risks, pairing))
    out = [ControlChange(change=_words(old[i], new[j]), **_side("old", old[i]), **_side("new", new[j]))
           for i, j in pairs]
    paired_new, paired_old = {j for _, j in pairs}, {i for i, _ in pairs}
    out += [ControlChange(change="new", **_side("old", None), **_side("new", n))
            for j, n in enumerate(new) if j not in paired_new]
    out += [ControlChange(change="removed", **_side("old", o), **_side("new", None))
            for i, o in enumerate(old) if i not in paired_old]
    return out
