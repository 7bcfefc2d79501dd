"""The scales registers score on, defined once: their labels and the levels of their risk values.

The general Swedish 1-5 scales' labels are what both OCR (extract) and normalising read by.
The levels (Låg, Medium, Kritisk) are seed 000's bounds on the 1-5 scale, scaled to a register's
own scale (``Levels.for_scale``: 1-4 gives Låg <= 1, Medium 2-7, Kritisk >= 8). Every report
counts a risk's level through ``risk_levels``, on the scale of the document it comes from:
compare's profile and movement, ``risks.level`` in register.db, history.html's colours; and
``Levels.critical_sql`` gives the same test as SQL, for the README's DuckDB queries.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .schema import missing
from .settings_base import SettingsBase

PROBABILITY_SCALE = {1: "Osannolikt", 2: "Mindre sannolikt", 3: "Möjlig", 4: "Sannolikt",
                     5: "Mycket sannolikt"}
CONSEQUENCE_SCALE = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig",
                     5: "Mycket allvarlig"}
# every value probability x consequence can take on the 1-5 scales
RISK_VALUES = {p * k for p in range(1, 6) for k in range(1, 6)}

LEVELS = ("low", "medium", "critical")
LEVEL_NAMES = {"low": "Låg", "medium": "Medium", "critical": "Kritisk"}
#: the scales a register may have (its highest score); a register saved without one counts as 1-5
SCALES = (3, 4, 5)


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

    def critical_sql(self, value: str = "risk_value", scale: str = "scale") -> str:
        """The Kritisk test as SQL over a risks table (DuckDB, SQLite): the risk value against the
        bound of the row's own scale, 1-5 for a row without one."""
        whens = " ".join(f"WHEN {s} THEN {self.for_scale(s).medium_max + 1}" for s in SCALES if s != 5)
        return f"{value} >= CASE {scale} {whens} ELSE {self.medium_max + 1} END"


def risk_values(risks: pd.DataFrame) -> pd.Series:
    """The printed risk value, or probability x consequence where none is printed."""
    product = (risks["probability"] * risks["consequence"]).astype("Int64")
    return risks["risk_value"].astype("Int64").fillna(product)


def register_scale(risks: pd.DataFrame) -> int:
    """The highest score of a register's scale: its rows' ``scale`` (5 for a register saved
    without one), raised to the highest score it holds."""
    scales = risks["scale"].dropna() if "scale" in risks.columns else pd.Series([], dtype="Int64")
    scale = int(scales.max()) if len(scales) else 5
    scores = pd.concat([risks["probability"], risks["consequence"]]).dropna()
    return max(scale, min(int(scores.max()), 5) if len(scores) else 0)


def document_scales(risks: pd.DataFrame) -> dict[str, int]:
    """Each document's (source_file's) scale, as ``register_scale`` reads it from its rows."""
    if risks.empty:
        return {}
    return {str(name): register_scale(rows) for name, rows in risks.groupby(risks["source_file"].astype(str),
                                                                              sort=False)}


def risk_levels(risks: pd.DataFrame, levels: Levels | None = None) -> pd.Series:
    """Each risk's level (low, medium, critical; None without a risk value), by the bounds of its
    own document's scale: a group of several documents on several scales mixes no levels."""
    levels = levels or Levels()
    scales = document_scales(risks)
    values = risk_values(risks)
    return pd.Series([levels.for_scale(scales[str(f)]).of(v) for f, v in zip(risks["source_file"], values)],
                     index=risks.index, dtype=object)
