"""Risks several organisations share: groups of risks that say the same thing.

Each organisation's latest year is taken. Organisations are added one at a time
(in name order): their risks are paired with the groups found so far by the
same global assignment ``diff`` uses (each group takes at most one risk of an
organisation), at a stricter threshold; a risk left over starts a group of its
own. Only groups spanning two or more organisations are reported.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from ..schema import SharedRisk, missing
from ..settings_base import SettingsBase
from .pairing import PairSettings, assign, score_matrix


@dataclass(frozen=True)
class SharedSettings(SettingsBase):
    """How alike two organisations' risks must be to count as one shared risk."""

    stage = "shared"

    #: score (0-100, event text and context as in diff) a risk needs against a group's first member
    threshold: float = 85.0
    #: event texts at least this alike (0-100)
    min_event_similarity: float = 80.0


def _latest_years(risks: pd.DataFrame, organisations: pd.Series) -> pd.DataFrame:
    frame = risks.assign(_org=organisations.values)
    # the max skips missing years; an organisation without any year gets NA (a lambda returning
    # pd.NA made an object column that would not compare with the years)
    latest = frame.groupby("_org")["year"].transform("max")
    keep = frame["year"].isna() & latest.isna() | (frame["year"] == latest).fillna(False)
    return frame[keep]


def shared_risks(risks: pd.DataFrame, organisations: pd.Series,
                 settings: SharedSettings | dict | None = None) -> list[SharedRisk]:
    """Rows of shared.csv: every member of every group spanning two or more organisations."""
    s = SharedSettings.resolve(settings)
    pair = replace(PairSettings(), threshold=s.threshold, min_event_similarity=s.min_event_similarity)
    frame = _latest_years(risks, organisations)
    groups: list[list[tuple[dict, float]]] = []  # members (row, score against the first member)
    for org in sorted(frame["_org"].unique()):
        rows = frame[frame["_org"] == org].reset_index(drop=True)
        if groups:
            heads = pd.DataFrame([g[0][0] for g in groups])
            scores, events = score_matrix(rows, heads, pair)
            taken = assign(scores, events, pair)
        else:
            taken = []
        joined = set()
        for i, g, score in taken:
            groups[g].append((rows.iloc[i].to_dict(), score))
            joined.add(i)
        for i in range(len(rows)):
            if i not in joined:
                groups.append([(rows.iloc[i].to_dict(), 100.0)])
    shared = [g for g in groups if len({m["_org"] for m, _ in g}) >= 2]
    shared.sort(key=lambda g: -len(g))  # stable: equal sizes stay in order of first appearance
    out = []
    for number, members in enumerate(shared, start=1):
        for m, score in members:
            out.append(SharedRisk(
                group=number, organisations=len(members), organisation=m["_org"], year=_int(m.get("year")),
                risk_nr=_int(m.get("risk_nr")), event=_str(m.get("event")), process=_str(m.get("process")),
                working_method=_str(m.get("working_method")), risk_value=_int(m.get("risk_value")),
                score=int(round(score)), source_file=_str(m.get("source_file")), page=_int(m.get("page"))))
    return out


def _int(v):
    return None if missing(v) else int(v)


def _str(v):
    return None if missing(v) else str(v)
