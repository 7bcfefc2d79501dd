"""Diff two years' registers of one nämnd: pair each risk with its counterpart, say what changed.

    >>> import riskreg
    >>> d = riskreg.diff_registers("reg2020/", "vor_2021.pdf")
    >>> d.changes[["change", "old_risk_nr", "new_risk_nr"]]
    >>> d.controls[["change", "old_risk_nr", "new_risk_nr"]]   # the control plans compared
    >>> riskreg.write_diff(d, "diff/")     # diff.csv, diff_controls.csv, diff.html, problems.csv, files.csv

A diff is only as whole as its two registers: ``Diff.checks`` names an input read
short (files.csv's coverage under 100 %) or with problems, and the pages to check;
diff.html opens with them, the summary ends with them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .deprecation import renamed
from .errors import RiskregError
from .i18n import N_, _, speaks
from .load import load_register
from .match.changes import ChangeSettings, changes, count_kinds
from .match.controls import control_changes
from .match.pairing import PairSettings, Pairing, add_place_pairs, pair_risks
from .pipeline import Register, Settings
from .report.checks import InputCheck, check_lines, checks_html, input_checks
from .report.diff_html import controls_html, diff_html
from .report.html_parts import pdf_hrefs
from .report.movement import diff_matrices_html, level_moves
from .report.profile import matrix_counts
from .schema import Change, ControlChange, FileSummary, Problem, empty_frame, to_frame
from .settings_base import SettingsBase
from .write import write_csv, write_text


class NotOneDocument(RiskregError):
    code = "not_one_document"


@dataclass
class DiffSettings(SettingsBase):
    """Settings of a diff: how risks pair, and when a difference is a change."""

    stage = ""

    pair: PairSettings = field(default_factory=PairSettings)
    changes: ChangeSettings = field(default_factory=ChangeSettings)
    #: settings for extracting inputs that are PDFs
    extract: Settings = field(default_factory=Settings)


@dataclass
class Diff:
    """The result: one row per pair, new or removed risk (schema: Change)."""

    changes: pd.DataFrame
    old: Register
    new: Register
    old_name: str
    new_name: str
    pairing: Pairing
    threshold: float = PairSettings.threshold
    #: the control plans compared (schema: ControlChange): paired, new and removed controls
    controls: pd.DataFrame = field(default_factory=lambda: empty_frame(ControlChange))
    #: the inputs as given (a PDF, a folder), to link each row to its PDF page; None for a Register
    old_path: Path | None = None
    new_path: Path | None = None

    def scale_change(self) -> str:
        """'1-5 -> 1-4' when the two registers score on different scales, else ''."""
        scales = [sorted(int(s) for s in r.risks["scale"].dropna().unique()) if "scale" in r.risks else []
                  for r in (self.old, self.new)]
        if not all(scales) or scales[0] == scales[1]:
            return ""
        return " -> ".join("/".join(f"1-{s}" for s in side) for side in scales)

    def counts(self) -> dict[str, int]:
        return count_kinds(self.changes)

    @property
    def problems(self) -> pd.DataFrame:
        """Both inputs' problems (problems.csv), the old one's first, then the pairing's warnings."""
        both = _both(self.old.problems, self.new.problems, Problem)
        if not self.pairing.uncertain:
            return both
        return _both(both, to_frame(self.pairing.uncertain, Problem), Problem)

    @property
    def files(self) -> pd.DataFrame:
        """Both inputs' rows of files.csv: pages, risks, the word audit's coverage."""
        return _both(self.old.files, self.new.files, FileSummary)

    def checks(self) -> list[InputCheck]:
        """The inputs read short or with problems, with the pages to check."""
        return input_checks(self.files, self.problems)

    @speaks
    def summary(self) -> str:
        c = self.counts()
        pairs = len(self.pairing.pairs)
        parts = [f"{c[k]} {_(label)}" for k, label in
                 (("unchanged", N_("unchanged")), ("reworded", N_("reworded")), ("rescored", N_("rescored")),
                  ("moved", N_("moved")), ("ikp_in", N_("into the control plan")),
                  ("ikp_out", N_("out of the control plan")))]
        if c["rescaled"]:
            parts.insert(3, _("{n} on another scale ({scales}: scores not compared)").format(
                n=c["rescaled"], scales=self.scale_change()))
        line = _("{old_risks} risks in {old}, {new_risks} in {new}: {pairs} paired ({parts}), {added} new, "
                 "{removed} removed.").format(old_risks=len(self.old.risks), old=self.old_name,
                                              new_risks=len(self.new.risks), new=self.new_name, pairs=pairs,
                                              parts=", ".join(parts), added=c["new"], removed=c["removed"])
        return "\n".join([" ".join([line, *self.control_lines()]), *_place_lines(self.pairing),
                          *check_lines(self.checks(), N_("This diff"))])

    def control_lines(self) -> list[str]:
        """The control plans' sentence of the summary; none when neither year has a control."""
        if self.controls.empty:
            return []
        kinds = [w for c in self.controls["change"] for w in str(c).split(";")]
        counted = [f"{kinds.count(k)} {_(label)}"
                   for k, label in (("unchanged", N_("unchanged")), ("activity_changed", N_("with another activity")),
                                    ("responsible_changed", N_("with another responsible")), ("new", N_("new")),
                                    ("removed", N_("removed")))]
        return [_("Control plan: {counts}.").format(counts=", ".join(counted))]


def _place_lines(pairing: Pairing) -> list[str]:
    """The summary's word on pairs made by place, and places left unpaired for two candidates."""
    by_place = sum(1 for b in pairing.basis.values() if b == "context")
    lines = [_("{n} of the pairs made by their place (texts unlike; pair_basis context in diff.csv).").format(
        n=by_place)] if by_place else []
    if pairing.uncertain:
        lines.append(_("{n} place(s) with two candidates for one risk left unpaired (pairing_uncertain in "
                       "problems.csv): check them by hand.").format(n=len(pairing.uncertain)))
    return lines


def _both(old: pd.DataFrame, new: pd.DataFrame, row_type) -> pd.DataFrame:
    frames = [f for f in (old, new) if f is not None and len(f)]
    return pd.concat(frames, ignore_index=True).drop_duplicates(ignore_index=True) if frames else empty_frame(row_type)


def _as_register(value, settings: Settings, password: str | None) -> tuple[Register, str]:
    if isinstance(value, Register):
        return value, "register"
    register = load_register(value, settings=settings, password=password)
    return register, Path(value).name


def _describe(register: Register, name: str) -> str:
    """The input's name with the nämnd and year its risks carry, e.g. "vor.pdf (Farsta stadsdelsnämnd, 2022)"."""
    about = []
    for column in ("organisation", "year"):
        values = register.risks[column].dropna().unique()
        if len(values) == 1:
            about.append(str(values[0]))
    if name == "register" and about:
        return ", ".join(about)
    return f"{name} ({', '.join(about)})" if about else name


def _year_or_name(register: Register, name: str) -> str:
    """A matrix's title: the register's year, or its name when it names no one year."""
    years = register.risks["year"].dropna().unique()
    return str(int(years[0])) if len(years) == 1 else name


def _one_document(register: Register, name: str) -> None:
    errors = register.problems[register.problems["severity"] == "error"] if len(register.problems) else []
    if len(register.risks) == 0:
        why = "; ".join(errors["message"]) if len(errors) else _("it has no risks")
        raise NotOneDocument(_("{name} gave no risks to compare: {why}").format(name=name, why=why))
    docs = register.risks[["source_file", "organisation", "year"]].drop_duplicates()
    if register.risks["source_file"].nunique() > 1:
        listed = ", ".join(sorted(register.risks["source_file"].astype(str).unique()))
        raise NotOneDocument(_("{name} holds the risks of {n} documents ({listed}); a diff compares one "
                               "document's register with another's. Pass one PDF or one register.").format(
                                   name=name, n=len(docs), listed=listed))


def _file_of(risks: pd.DataFrame) -> str:
    return str(risks["source_file"].iloc[0]) if "source_file" in risks and len(risks) else ""


@speaks
def diff_registers(old, new, settings: DiffSettings | None = None, password: str | None = None) -> Diff:
    """Pair the risks of OLD and NEW (each a PDF, a folder, a saved register or a Register)."""
    settings = DiffSettings.resolve(settings)
    old_reg, old_name = _as_register(old, settings.extract, password)
    new_reg, new_name = _as_register(new, settings.extract, password)
    _one_document(old_reg, old_name)
    _one_document(new_reg, new_name)
    old_risks = old_reg.risks.reset_index(drop=True)
    new_risks = new_reg.risks.reset_index(drop=True)
    pairing = add_place_pairs(pair_risks(old_risks, new_risks, settings.pair), old_risks, new_risks,
                              settings.pair, (_file_of(old_risks), _file_of(new_risks)))
    rows = changes(old_risks, new_risks, pairing, settings.changes)
    controls = control_changes(old_risks, new_risks, old_reg.controls, new_reg.controls, pairing)
    return Diff(changes=to_frame(rows, Change), old=old_reg, new=new_reg,
                old_name=_describe(old_reg, old_name), new_name=_describe(new_reg, new_name), pairing=pairing,
                threshold=settings.pair.threshold, controls=to_frame(controls, ControlChange),
                old_path=None if isinstance(old, Register) else Path(old),
                new_path=None if isinstance(new, Register) else Path(new))


# its old name, kept for one release
diff = renamed(diff_registers, "riskreg.diff.diff")


def _only_file(register: Register):
    files = register.risks["source_file"].dropna().unique()
    return files[0] if len(files) == 1 else None


@speaks
def write_diff(result: Diff, out_dir: str | Path, excel_csv: bool = False) -> list[Path]:
    """DIR/diff.csv, diff_controls.csv, diff.html (each Nr linked to its PDF page), and the inputs'
    problems.csv and files.csv, each written whole or not at all; ``excel_csv``: the CSVs for
    Swedish Excel (``write_csv``)."""
    out = Path(out_dir)
    hrefs = {}
    for side, register, given in (("old", result.old, result.old_path), ("new", result.new, result.new_path)):
        name = _only_file(register)
        hrefs[side] = pdf_hrefs([name], [given], out).get(str(name)) if name is not None else None
    pictures = diff_matrices_html(*((_year_or_name(r, name), matrix_counts(r.risks)) for r, name in
                                    ((result.old, result.old_name), (result.new, result.new_name))),
                                  level_moves(result.changes))
    html = diff_html(result.changes, result.old_name, result.new_name, len(result.old.risks),
                     len(result.new.risks), result.threshold, checks_html(result.checks(), N_("This diff")),
                     pictures, hrefs=hrefs, controls=controls_html(result.controls, hrefs))
    return [write_csv(result.changes, out / "diff.csv", excel_csv),
            write_csv(result.controls, out / "diff_controls.csv", excel_csv),
            write_text(html, out / "diff.html"),
            write_csv(result.problems, out / "problems.csv", excel_csv),
            write_csv(result.files, out / "files.csv", excel_csv)]
