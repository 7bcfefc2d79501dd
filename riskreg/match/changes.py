"""What changed between the two risks of a pair: the words of the diff's change column."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..settings_base import SettingsBase
from ..schema import Change, text_of, value_or_none
from .pairing import Pairing
from .scorer import field_similarity, goal_text
from .similarity import normalise_text

#: change words in the order they are listed in the change column
KINDS = ("unchanged", "reworded", "rescored", "rescaled", "moved", "ikp_in", "ikp_out", "new", "removed")


@dataclass(frozen=True)
class ChangeSettings(SettingsBase):
    """When a difference counts as a change."""

    stage = "changes"

    #: a goal, process or working method counts as moved when its old and new
    #: texts are less alike than this (0-100); above it, the edit is a typo fix
    #: or a respelling of the same place (the texts are still shown side by side)
    moved_below: float = 90.0


#: the fields a pair is rescored on
SCORES = ("probability", "consequence", "risk_value")


def score_change(old: dict, new: dict) -> str | None:
    """How the scores of a pair changed: "rescored", "rescaled" or None (the same scores).

    The one definition of a rescoring that diff's change column, history's changes and
    compare's movement count: a paired risk whose probability, consequence or risk value
    changed (a misprinted risk value corrected counts too), both years scoring on one
    scale. When the two registers score on different scales (1-5, then 1-4) the pair is
    "rescaled" instead: its numbers cannot be compared, the year changed its scale.
    """
    old_scale, new_scale = value_or_none(old.get("scale")), value_or_none(new.get("scale"))
    if old_scale is not None and new_scale is not None and old_scale != new_scale:
        return "rescaled"
    if any(value_or_none(old.get(k)) != value_or_none(new.get(k)) for k in SCORES):
        return "rescored"
    return None


def change_words(old: dict, new: dict, s: ChangeSettings) -> list[str]:
    """Every change that applies to a pair, or ["unchanged"]."""
    words = []
    if normalise_text(old.get("event")) != normalise_text(new.get("event")):
        words.append("reworded")
    scores = score_change(old, new)
    if scores:
        words.append(scores)
    places = [(goal_text(old), goal_text(new)),
              (text_of(old.get("process")), text_of(new.get("process"))),
              (text_of(old.get("working_method")), text_of(new.get("working_method")))]
    if any(field_similarity(a, b) < s.moved_below for a, b in places):
        words.append("moved")
    old_ikp, new_ikp = value_or_none(old.get("in_ikp")), value_or_none(new.get("in_ikp"))
    if old_ikp is False and new_ikp is True:
        words.append("ikp_in")
    if old_ikp is True and new_ikp is False:
        words.append("ikp_out")
    return words or ["unchanged"]


def _side(prefix: str, row: dict | None) -> dict:
    keys = ("risk_nr", "page", "event", "goal_id", "process", "working_method", "probability",
            "consequence", "risk_value", "in_ikp", "scale")
    return {f"{prefix}_{k}": (value_or_none(row.get(k)) if row is not None else None) for k in keys}


def changes(old: pd.DataFrame, new: pd.DataFrame, pairing: Pairing,
            settings: ChangeSettings | dict | None = None) -> list[Change]:
    """The diff's rows: pairs and new risks in the new register's order, then removed ones."""
    s = ChangeSettings.resolve(settings)
    old_rows, new_rows = old.to_dict("records"), new.to_dict("records")
    by_new = {j: (i, score) for i, j, score in pairing.pairs}
    out = []
    for j, n in enumerate(new_rows):
        if j in by_new:
            i, score = by_new[j]
            o = old_rows[i]
            out.append(Change(change=";".join(change_words(o, n, s)), score=int(round(score)),
                              pair_basis=pairing.basis_of(i, j),
                              **_side("old", o), **_side("new", n)))
        else:
            out.append(Change(change="new", score=None, **_side("old", None), **_side("new", n)))
    for i in pairing.removed:
        out.append(Change(change="removed", score=None, **_side("old", old_rows[i]), **_side("new", None)))
    return out


def count_kinds(frame: pd.DataFrame) -> dict[str, int]:
    """How many rows carry each change word (a pair can count under several)."""
    counts = {k: 0 for k in KINDS}
    for value in frame["change"]:
        for word in str(value).split(";"):
            counts[word] += 1
    return counts
