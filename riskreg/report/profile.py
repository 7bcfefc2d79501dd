"""Risk profiles: counts per level, the risk matrix, year-over-year movement per organisation.

A register's matrix has the size of its own scale (4 x 4 for a 1-4 register),
and its levels are the bounds scaled to that scale (``Levels.for_scale``), so
registers of different scales stand side by side without mixing their levels.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..match.changes import score_change
from ..match.pairing import PairSettings, pair_risks
from ..schema import Movement, Profile, missing
from ..settings_base import SettingsBase

LEVELS = ("low", "medium", "critical")
LEVEL_NAMES = {"low": "Låg", "medium": "Medium", "critical": "Kritisk"}


@dataclass(frozen=True)
class Levels(SettingsBase):
    """Risk value bounds of the levels; seed 000's summary line reads them as <= 3, 4-11, >= 12."""

    stage = "levels"

    low_max: int = 3  #: Låg: risk value <= low_max
    medium_max: int = 11  #: Medium: up to medium_max; Kritisk above

    def __post_init__(self):
        if not 0 < self.low_max < self.medium_max < 25:
            raise ValueError(f"levels must satisfy 0 < low {self.low_max} < medium {self.medium_max} < 25")

    @classmethod
    def parse(cls, text: str) -> "Levels":
        """'3,11' -> Levels(3, 11)."""
        try:
            low, medium = (int(x) for x in text.split(","))
        except ValueError:
            raise ValueError(f"levels {text!r}: give two whole numbers, e.g. 3,11 (Låg <= 3, Medium 4-11, "
                             f"Kritisk >= 12)") from None
        return cls(low, medium)

    def for_scale(self, scale: int | None) -> "Levels":
        """The bounds on a 1-``scale`` register: scaled by its highest risk value (scale x scale)
        against the 1-5 scale's 25, rounded down (1-4: Låg <= 1, Medium 2-7, Kritisk >= 8 by default)."""
        if not scale or scale == 5:
            return self
        ratio = scale * scale / 25
        low = max(1, int(self.low_max * ratio))
        return Levels(low, max(low + 1, int(self.medium_max * ratio)))

    def of(self, value) -> str | None:
        if missing(value):
            return None
        return "low" if value <= self.low_max else "medium" if value <= self.medium_max else "critical"


def risk_values(risks: pd.DataFrame) -> pd.Series:
    """The printed risk value, or probability x consequence where none is printed."""
    product = (risks["probability"] * risks["consequence"]).astype("Int64")
    return risks["risk_value"].astype("Int64").fillna(product)


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


def register_scale(risks: pd.DataFrame) -> int:
    """The highest score of a register's scale: its rows' ``scale`` (5 for a register saved
    without one), raised to the highest score it holds."""
    scales = risks["scale"].dropna() if "scale" in risks.columns else pd.Series([], dtype="Int64")
    scale = int(scales.max()) if len(scales) else 5
    scores = pd.concat([risks["probability"], risks["consequence"]]).dropna()
    return max(scale, min(int(scores.max()), 5) if len(scores) else 0)


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
    levels = levels.for_scale(scale)
    values = risk_values(risks)
    counts = {level: 0 for level in LEVELS}
    for v in values:
        level = levels.of(v)
        if level:
            counts[level] += 1
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
            pairing = pair_risks(before, after, pair_settings)
            v0, v1 = risk_values(before), risk_values(after)
            rescored = rescored_pairs(before, after, pairing.pairs)
            up = sum(1 for i, j in rescored if _gt(v1[j], v0[i]))
            down = sum(1 for i, j in rescored if _gt(v0[i], v1[j]))
            out.append(Movement(
                organisation=org, from_year=y0, to_year=y1, risks_before=len(before), risks_after=len(after),
                paired=len(pairing.pairs), new=len(pairing.new), removed=len(pairing.removed),
                rescored=len(rescored), rescored_up=up, rescored_down=down,
                critical_before=sum(levels.for_scale(register_scale(before)).of(v) == "critical" for v in v0),
                critical_after=sum(levels.for_scale(register_scale(after)).of(v) == "critical" for v in v1),
                mean_before=_round(v0.dropna().astype(float).mean()), mean_after=_round(v1.dropna().astype(float).mean())))
    return out


def rescored_pairs(before: pd.DataFrame, after: pd.DataFrame, pairs) -> list[tuple[int, int]]:
    """(before, after) rows of the pairs rescored as diff counts them (``changes.score_change``):
    a pair on another scale is rescaled, its risk value neither up nor down."""
    old, new = before.to_dict("records"), after.to_dict("records")
    return [(i, j) for i, j, _ in pairs if score_change(old[i], new[j]) == "rescored"]


def _gt(a, b) -> bool:
    return not missing(a) and not missing(b) and a > b
