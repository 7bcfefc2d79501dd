"""Risk profiles: counts per level, the risk matrix, year-over-year movement per organisation.

A register's matrix has the size of its own scale (4 x 4 for a 1-4 register),
and its levels are the bounds scaled to that scale (``riskreg.scales``, which
register.db and history.html count by too), so registers of different scales
stand side by side without mixing their levels.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..match.changes import score_change
from ..match.pairing import PairSettings, add_place_pairs, pair_risks
from ..scales import LEVEL_NAMES, LEVELS, Levels, register_scale, risk_levels, risk_values  # noqa: F401 (read from here too)
from ..schema import Movement, Profile, missing


def organisation_of(risks: pd.DataFrame) -> pd.Series:
    """The nämnd, or the file name when the document did not name it."""
    return risks["organisation"].astype("string").fillna(risks["source_file"].astype("string"))


def groups(frame: pd.DataFrame):
    """(organisation, year, rows) in order of organisation, then year."""
    if frame.empty:
        return []
    keyed = frame.assign(_org=organisation_of(frame), _year=frame["year"])
    out = []
    for (org, year), rows in keyed.groupby(["_org", "_year"], dropna=False, sort=True):
        out.append((str(org), None if pd.isna(year) else int(year), rows.drop(columns=["_org", "_year"])))
    return out


def matrix_counts(risks: pd.DataFrame, scale: int | None = None) -> np.ndarray:
    """counts[p - 1, k - 1]: risks with probability p and consequence k (unscored rows left out),
    on the register's own scale (``register_scale``) unless one is given."""
    n = scale or register_scale(risks)
    counts = np.zeros((n, n), dtype=int)
    for p, k in zip(risks["probability"], risks["consequence"]):
        if not missing(p) and not missing(k) and 1 <= p <= n and 1 <= k <= n:
            counts[int(p) - 1, int(k) - 1] += 1
    return counts


def _round(value) -> float | None:
    return None if missing(value) else round(float(value), 2)


def top_processes(risks: pd.DataFrame, values: pd.Series, n: int = 5) -> str:
    frame = pd.DataFrame({"process": risks["process"].astype("string").fillna(""), "value": values})
    frame = frame[frame["process"].str.strip() != ""]
    sums = frame.groupby("process", sort=False)["value"].sum()
    # highest sum first; between equal sums, the process the document names first
    order = sorted(enumerate(sums.items()), key=lambda t: (-int(t[1][1]), t[0]))[:n]
    return "; ".join(f"{name} ({int(total)})" for _, (name, total) in order)


def profile(org: str, year: int | None, risks: pd.DataFrame, controls: pd.DataFrame,
            levels: Levels) -> Profile:
    scale = register_scale(risks)
    values = risk_values(risks)
    found = risk_levels(risks, levels)
    counts = {level: int((found == level).sum()) for level in LEVELS}
    known = risks["in_ikp"].dropna()
    return Profile(
        organisation=org, year=year, risks=len(risks), **counts,
        mean_risk_value=_round(values.dropna().astype(float).mean()) if values.notna().any() else None,
        median_risk_value=_round(values.dropna().astype(float).median()) if values.notna().any() else None,
        share_in_ikp=_round(known.astype(bool).mean()) if len(known) else None,
        controls=len(controls), top_processes=top_processes(risks, values),
        source_files="; ".join(sorted(risks["source_file"].astype(str).unique())), scale=scale)


def profiles(risks: pd.DataFrame, controls: pd.DataFrame, levels: Levels) -> list[Profile]:
    """One profile per organisation and year."""
    control_groups = {(org, year): rows for org, year, rows in groups(controls)}
    empty = controls.iloc[0:0]
    return [profile(org, year, rows, control_groups.get((org, year), empty), levels)
            for org, year, rows in groups(risks)]


def movements(risks: pd.DataFrame, levels: Levels, pair_settings: PairSettings | None = None) -> list[Movement]:
    """For each organisation with several years, what changed from each year to the next."""
    by_org: dict[str, list] = {}
    for org, year, rows in groups(risks):
        if year is not None:
            by_org.setdefault(org, []).append((year, rows.reset_index(drop=True)))
    out = []
    for org, years in by_org.items():
        for (y0, before), (y1, after) in zip(years, years[1:]):
            # as diff pairs them: by text, then by place (its pairing_uncertain warnings are diff's to give)
            pairing = add_place_pairs(pair_risks(before, after, pair_settings), before, after, pair_settings)
            v0, v1 = risk_values(before), risk_values(after)
            rescored = rescored_pairs(before, after, pairing.pairs)
            up = sum(1 for i, j in rescored if _gt(v1[j], v0[i]))
            down = sum(1 for i, j in rescored if _gt(v0[i], v1[j]))
            out.append(Movement(
                organisation=org, from_year=y0, to_year=y1, risks_before=len(before), risks_after=len(after),
                paired=len(pairing.pairs), new=len(pairing.new), removed=len(pairing.removed),
                rescored=len(rescored), rescored_up=up, rescored_down=down,
                critical_before=int((risk_levels(before, levels) == "critical").sum()),
                critical_after=int((risk_levels(after, levels) == "critical").sum()),
                mean_before=_round(v0.dropna().astype(float).mean()), mean_after=_round(v1.dropna().astype(float).mean())))
    return out


def rescored_pairs(before: pd.DataFrame, after: pd.DataFrame, pairs) -> list[tuple[int, int]]:
    """(before, after) rows of the pairs rescored as diff counts them (``changes.score_change``):
    a pair on another scale is rescaled, its risk value neither up nor down."""
    old, new = before.to_dict("records"), after.to_dict("records")
    return [(i, j) for i, j, _ in pairs if score_change(old[i], new[j]) == "rescored"]


def _gt(a, b) -> bool:
    return not missing(a) and not missing(b) and a > b
