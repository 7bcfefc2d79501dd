"""Diff two years' registers of one nämnd: pair each risk with its counterpart, say what changed.

    >>> import riskreg
    >>> d = riskreg.diff_registers("reg2020/", "vor_2021.pdf")
    >>> d.changes[["change", "old_risk_nr", "new_risk_nr"]]
    >>> riskreg.write_diff(d, "diff/")     # diff.csv, diff.html, problems.csv, files.csv

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
from .load import load_register
from .match.changes import ChangeSettings, changes, count_kinds
from .match.pairing import PairSettings, Pairing, add_place_pairs, pair_risks
from .pipeline import Register, Settings
from .report.checks import InputCheck, check_lines, checks_html, input_checks
from .report.diff_html import diff_html
from .schema import Change, FileSummary, Problem, empty_frame, to_frame
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

    def summary(self) -> str:
        c = self.counts()
        pairs = len(self.pairing.pairs)
        parts = [f"{c[k]} {label}" for k, label in
                 (("unchanged", "unchanged"), ("reworded", "reworded"), ("rescored", "rescored"),
                  ("moved", "moved"), ("ikp_in", "into the control plan"),
                  ("ikp_out", "out of the control plan"))]
        if c["rescaled"]:
            parts.insert(3, f"{c['rescaled']} on another scale ({self.scale_change()}: scores not compared)")
        line = (f"{len(self.old.risks)} risks in {self.old_name}, {len(self.new.risks)} in {self.new_name}: "
                f"{pairs} paired ({', '.join(parts)}), {c['new']} new, {c['removed']} removed.")
        return "\n".join([line, *_place_lines(self.pairing), *check_lines(self.checks(), "This diff")])


def _place_lines(pairing: Pairing) -> list[str]:
    """The summary's word on pairs made by place, and places left unpaired for two candidates."""
    by_place = sum(1 for b in pairing.basis.values() if b == "context")
    lines = [f"{by_place} of the pairs made by their place (texts unlike; pair_basis context in diff.csv)."] \
        if by_place else []
    if pairing.uncertain:
        lines.append(f"{len(pairing.uncertain)} place(s) with two candidates for one risk left unpaired "
                     f"(pairing_uncertain in problems.csv): check them by hand.")
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


def _one_document(register: Register, name: str) -> None:
    errors = register.problems[register.problems["severity"] == "error"] if len(register.problems) else []
    if len(register.risks) == 0:
        why = "; ".join(errors["message"]) if len(errors) else "it has no risks"
        raise NotOneDocument(f"{name} gave no risks to compare: {why}")
    docs = register.risks[["source_file", "organisation", "year"]].drop_duplicates()
    if register.risks["source_file"].nunique() > 1:
        listed = ", ".join(sorted(register.risks["source_file"].astype(str).unique()))
        raise NotOneDocument(f"{name} holds the risks of {len(docs)} documents ({listed}); a diff compares "
                             f"one document's register with another's. Pass one PDF or one register.")


def _file_of(risks: pd.DataFrame) -> str:
    return str(risks["source_file"].iloc[0]) if "source_file" in risks and len(risks) else ""


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
    return Diff(changes=to_frame(rows, Change), old=old_reg, new=new_reg,
                old_name=_describe(old_reg, old_name), new_name=_describe(new_reg, new_name), pairing=pairing, threshold=settings.pair.threshold)


# its old name, kept for one release
diff = renamed(diff_registers, "riskreg.diff.diff")


def write_diff(result: Diff, out_dir: str | Path) -> list[Path]:
    """DIR/diff.csv, diff.html, and the inputs' problems.csv and files.csv, each written whole or
    not at all."""
    out = Path(out_dir)
    html = diff_html(result.changes, result.old_name, result.new_name, len(result.old.risks),
                     len(result.new.risks), result.threshold, checks_html(result.checks(), "This diff"))
    return [write_csv(result.changes, out / "diff.csv"), write_text(html, out / "diff.html"),
            write_csv(result.problems, out / "problems.csv"), write_csv(result.files, out / "files.csv")]
