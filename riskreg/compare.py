"""Compare the risk profiles of many nämnder and years: counts per level, matrices, shared risks.

    >>> import riskreg
    >>> c = riskreg.compare_registers(["samples/", "reg2019/"])
    >>> c.profile          # one row per organisation and year
    >>> riskreg.write_compare(c, "compare/")

Organisations are grouped as ``riskreg history`` groups them (the alias table of
``organisations.py``: a renamed district's years are one organisation), each
document is counted once (``load.combine_registers``), and levels are counted on
each document's own scale (``riskreg.scales``), as register.db counts them.
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
from .i18n import N_, _, speaks
from .load import combine_registers, load_register
from .match.pairing import PairSettings
from .match.shared import SharedSettings, shared_risks
from .organisations import Aliases
from .pipeline import Register, Settings
from .report.checks import InputCheck, check_lines, checks_html, input_checks
from .report.compare_html import compare_html
from .report.html_parts import pdf_hrefs
from .report.matrix import matrix_figure, png_bytes, small_multiples
from .report.profile import groups, matrix_counts, movements, organisation_of, profiles
from .scales import Levels
from .schema import FileSummary, Movement, Problem, Profile, SharedRisk, empty_frame, to_frame
from .settings_base import SettingsBase
from .write import write_bytes, write_csv, write_text


@dataclass
class CompareSettings(SettingsBase):
    """Settings of a comparison: the levels, when risks are shared, how they pair."""

    stage = ""

    levels: Levels = field(default_factory=Levels)
    shared: SharedSettings = field(default_factory=SharedSettings)
    pair: PairSettings = field(default_factory=PairSettings)
    #: a CSV (name, organisation, code) added over the packaged alias table, as history's
    aliases: str | Path | None = None
    extract: Settings = field(default_factory=Settings)


@dataclass
class Comparison:
    profile: pd.DataFrame  # schema Profile
    movement: pd.DataFrame  # schema Movement
    shared: pd.DataFrame  # schema SharedRisk
    matrices: dict[tuple[str, int | None], np.ndarray]  # counts[p - 1, k - 1] per (organisation, year)
    problems: pd.DataFrame  # the inputs' problems and compare's own warnings (problems.csv)
    levels: Levels
    files: pd.DataFrame = field(default_factory=lambda: empty_frame(FileSummary))  # the inputs' files.csv
    inputs: list = field(default_factory=list)  # as given (PDFs, folders), to link rows to their PDF pages

    def checks(self) -> list[InputCheck]:
        """The inputs read short or with problems, with the pages to check."""
        return input_checks(self.files, self.problems)

    @speaks
    def summary(self) -> str:
        orgs = self.profile["organisation"].nunique()
        line = _("{registers} registers of {orgs} organisations, {risks} risks; {shared} risks shared by two or "
                 "more organisations.").format(registers=len(self.profile), orgs=orgs,
                                               risks=int(self.profile["risks"].sum()),
                                               shared=self.shared["group"].nunique() if len(self.shared) else 0)
        return "\n".join([line, *check_lines(self.checks(), N_("This comparison"))])


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(frames, ignore_index=True)


@speaks
def compare_registers(inputs, settings: CompareSettings | None = None, password: str | None = None) -> Comparison:
    """Profiles of every organisation and year in INPUTS (PDFs, folders, saved registers or Registers)."""
    settings = CompareSettings.resolve(settings)
    if isinstance(inputs, (str, Path, Register)):
        inputs = [inputs]
    aliases = Aliases.load(settings.aliases)
    registers = [i if isinstance(i, Register) else load_register(i, settings.extract, password) for i in inputs]
    register, warnings = combine_registers(registers)
    risks, controls, problems = register.risks, register.controls, register.problems
    if risks.empty:
        raise RiskregError("The inputs hold no risks to compare"
                           + (f" ({len(problems)} problem(s): see problems.csv)." if len(problems) else "."))
    # each row under its organisation's name as history shows it: a renamed district is one organisation
    risk_orgs, control_orgs = aliases.organisations(risks, controls)
    risks, controls = risks.assign(organisation=risk_orgs), controls.assign(organisation=control_orgs)
    problems = _concat([problems, to_frame(warnings + _several_documents(risks), Problem)])
    levels = settings.levels
    profile = to_frame(profiles(risks, controls, levels), Profile)
    movement = to_frame(movements(risks, levels, settings.pair), Movement)
    shared = to_frame(shared_risks(risks, organisation_of(risks), settings.shared), SharedRisk)
    matrices = {(org, year): matrix_counts(rows) for org, year, rows in groups(risks)}
    return Comparison(profile=profile, movement=movement, shared=shared, matrices=matrices,
                      problems=problems, levels=levels, files=register.files, inputs=list(inputs))


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
                               message=_("{organisation} {year} has risks from {n} files ({listed}); they are "
                                         "counted together as one register. Leave one out if they are copies "
                                         "of the same document.").format(
                                             organisation=org, year=year if year is not None else "",
                                             n=len(files), listed=", ".join(files))))
    return out


def slug(text: str) -> str:
    """A file-name part: ASCII letters and digits, words joined by '-' (å -> a)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


def unique_names(names: list[str]) -> list[str]:
    """``names`` with each one taken before made its own by '-2', '-3', ...: two organisations
    whose names differ only in what a slug drops ('Sjövik' and 'Sjovik') get a file each."""
    taken: set[str] = set()
    out = []
    for name in names:
        stem, suffix = Path(name).stem, Path(name).suffix
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"{stem}-{n}{suffix}"
        taken.add(candidate)
        out.append(candidate)
    return out


def matrix_file_name(org: str, year: int | None) -> str:
    return f"matrix_{slug(org)}_{year if year is not None else 'unknown'}.png"


@speaks
def write_compare(result: Comparison, out_dir: str | Path, excel_csv: bool = False) -> list[Path]:
    """profile.csv, movement.csv, shared.csv, a matrix PNG per organisation and year,
    matrices.png (all on one scale), compare.html, and the inputs' problems.csv and files.csv;
    each written whole or not at all; ``excel_csv``: the CSVs for Swedish Excel (``write_csv``)."""
    out = Path(out_dir)
    written = [write_csv(getattr(result, name), out / f"{name}.csv", excel_csv)
               for name in ("profile", "movement", "shared", "problems", "files")]
    vmax = max((int(m.max()) for m in result.matrices.values()), default=0)
    pictures, panels = [], []
    names = unique_names([matrix_file_name(org, year) for org, year in result.matrices])
    for ((org, year), counts), name in zip(result.matrices.items(), names):
        title = f"{org} {year if year is not None else ''}".strip()
        png = png_bytes(matrix_figure(counts, title, result.levels, vmax))
        written.append(write_bytes(png, out / name))
        pictures.append((title, name[:-4], png))
        panels.append((title, counts))
    overview = png_bytes(small_multiples(panels, result.levels, vmax))
    written.append(write_bytes(overview, out / "matrices.png"))
    lv = result.levels
    level_text = f"Låg ≤ {lv.low_max}, Medium {lv.low_max + 1}–{lv.medium_max}, Kritisk ≥ {lv.medium_max + 1}"
    html = compare_html(result.profile, result.movement, result.shared, pictures, overview, level_text,
                        checks_html(result.checks(), N_("This comparison")),
                        pdf_hrefs(result.shared["source_file"], result.inputs, out))
    written.append(write_text(html, out / "compare.html"))
    return written
