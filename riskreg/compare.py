"""Compare the risk profiles of many nämnder and years: counts per level, matrices, shared risks.

    >>> import riskreg
    >>> c = riskreg.compare_registers(["samples/", "reg2019/"])
    >>> c.profile          # one row per organisation and year
    >>> riskreg.write_compare(c, "compare/")
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .deprecation import renamed
from .errors import RiskregError
from .load import load_register
from .match.pairing import PairSettings
from .match.shared import SharedSettings, shared_risks
from .pipeline import Register, Settings
from .report.compare_html import compare_html
from .report.matrix import matrix_figure, png_bytes, small_multiples
from .report.profile import Levels, groups, matrix_counts, movements, organisation_of, profiles
from .schema import Movement, Problem, Profile, SharedRisk, to_frame
from .settings_base import SettingsBase
from .write import write_bytes, write_csv, write_text


@dataclass
class CompareSettings(SettingsBase):
    """Settings of a comparison: the levels, when risks are shared, how they pair."""

    stage = ""

    levels: Levels = field(default_factory=Levels)
    shared: SharedSettings = field(default_factory=SharedSettings)
    pair: PairSettings = field(default_factory=PairSettings)
    extract: Settings = field(default_factory=Settings)


@dataclass
class Comparison:
    profile: pd.DataFrame  # schema Profile
    movement: pd.DataFrame  # schema Movement
    shared: pd.DataFrame  # schema SharedRisk
    matrices: dict[tuple[str, int | None], np.ndarray]  # counts[p - 1, k - 1] per (organisation, year)
    problems: pd.DataFrame
    levels: Levels

    def summary(self) -> str:
        orgs = self.profile["organisation"].nunique()
        return (f"{len(self.profile)} registers of {orgs} organisations, {int(self.profile['risks'].sum())} risks; "
                f"{self.shared['group'].nunique() if len(self.shared) else 0} risks shared by two or more "
                f"organisations.")


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(frames, ignore_index=True)


def compare_registers(inputs, settings: CompareSettings | None = None, password: str | None = None) -> Comparison:
    """Profiles of every organisation and year in INPUTS (PDFs, folders, saved registers or Registers)."""
    settings = CompareSettings.resolve(settings)
    if isinstance(inputs, (str, Path, Register)):
        inputs = [inputs]
    registers = [i if isinstance(i, Register) else load_register(i, settings.extract, password) for i in inputs]
    risks = _concat([r.risks for r in registers])
    controls = _concat([r.controls for r in registers])
    problems = _concat([r.problems for r in registers])
    if risks.empty:
        raise RiskregError("The inputs hold no risks to compare"
                           + (f" ({len(problems)} problem(s): see problems.csv)." if len(problems) else "."))
    problems = _concat([problems, to_frame(_several_documents(risks), Problem)])
    levels = settings.levels
    profile = to_frame(profiles(risks, controls, levels), Profile)
    movement = to_frame(movements(risks, levels, settings.pair), Movement)
    shared = to_frame(shared_risks(risks, organisation_of(risks), settings.shared), SharedRisk)
    matrices = {(org, year): matrix_counts(rows) for org, year, rows in groups(risks)}
    return Comparison(profile=profile, movement=movement, shared=shared, matrices=matrices,
                      problems=problems, levels=levels)


# its old name, kept for one release
compare = renamed(compare_registers, "riskreg.compare.compare")


def _several_documents(risks: pd.DataFrame) -> list[Problem]:
    """A warning for each organisation and year whose risks come from more than one file."""
    out = []
    for org, year, rows in groups(risks):
        files = sorted(rows["source_file"].astype(str).unique())
        if len(files) > 1:
            out.append(Problem(source_file="; ".join(files), page=None, severity="warning",
                               code="several_documents",
                               message=f"{org} {year if year is not None else ''} has risks from {len(files)} "
                                       f"files ({', '.join(files)}); they are counted together as one register. "
                                       f"Leave one out if they are copies of the same document."))
    return out


def slug(text: str) -> str:
    """A file-name part: ASCII letters and digits, words joined by '-' (å -> a)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


def matrix_file_name(org: str, year: int | None) -> str:
    return f"matrix_{slug(org)}_{year if year is not None else 'unknown'}.png"


def write_compare(result: Comparison, out_dir: str | Path) -> list[Path]:
    """profile.csv, movement.csv, shared.csv, a matrix PNG per organisation and year,
    matrices.png (all on one scale) and compare.html; each written whole or not at all."""
    out = Path(out_dir)
    written = [write_csv(result.profile, out / "profile.csv"), write_csv(result.movement, out / "movement.csv"),
               write_csv(result.shared, out / "shared.csv")]
    if len(result.problems):
        written.append(write_csv(result.problems, out / "problems.csv"))
    vmax = max((int(m.max()) for m in result.matrices.values()), default=0)
    pictures, panels = [], []
    for (org, year), counts in result.matrices.items():
        title = f"{org} {year if year is not None else ''}".strip()
        png = png_bytes(matrix_figure(counts, title, result.levels, vmax))
        name = matrix_file_name(org, year)
        written.append(write_bytes(png, out / name))
        pictures.append((title, name[:-4], png))
        panels.append((title, counts))
    overview = png_bytes(small_multiples(panels, result.levels, vmax))
    written.append(write_bytes(overview, out / "matrices.png"))
    lv = result.levels
    level_text = f"Låg ≤ {lv.low_max}, Medium {lv.low_max + 1}–{lv.medium_max}, Kritisk ≥ {lv.medium_max + 1}"
    html = compare_html(result.profile, result.movement, result.shared, pictures, overview, level_text)
    written.append(write_text(html, out / "compare.html"))
    return written
