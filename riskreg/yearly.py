"""One page per nämnd and year, as HTML and as PDF: the summary an auditor attaches to a granskning.

    >>> import riskreg
    >>> r = riskreg.report_registers(["output/"])      # PDFs, folders or saved registers
    >>> [p.title for p in r.pages]
    >>> riskreg.write_report(r, "report/")              # index.html, a .html and a .pdf per page

Inputs are read and grouped as ``riskreg compare`` reads and groups them (each document
counted once, organisations through the alias table, levels on each document's own scale).
A page's "changed since" compares the organisation's previous year among the inputs with
this one, pairing risks as ``riskreg diff`` pairs them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .compare import slug, unique_names
from .errors import RiskregError
from .i18n import N_, _, ngettext, speaks
from .load import combine_registers, load_register
from .match.changes import ChangeSettings, changes, count_kinds
from .match.pairing import PairSettings, pair_risks
from .organisations import Aliases
from .pipeline import Register, Settings
from .report.checks import InputCheck, check_lines, input_checks
from .report.movement import level_moves
from .report.org_page import TOP_RISKS, OrgYear, index_html, org_page_html
from .report.org_pdf import org_page_pdf
from .report.profile import groups, matrix_counts, profile
from .scales import Levels, risk_levels, risk_values
from .schema import Change, Problem, to_frame, value_or_none
from .settings_base import SettingsBase
from .write import write_bytes, write_csv, write_text

@dataclass
class ReportSettings(SettingsBase):
    """Settings of the pages: the levels, how risks pair between years, which names are one organisation."""

    stage = ""

    levels: Levels = field(default_factory=Levels)
    pair: PairSettings = field(default_factory=PairSettings)
    changes: ChangeSettings = field(default_factory=ChangeSettings)
    #: a CSV (name, organisation, code) added over the packaged alias table, as history's
    aliases: str | Path | None = None
    extract: Settings = field(default_factory=Settings)


@dataclass
class Report:
    pages: list[OrgYear]  # by organisation, then year
    problems: pd.DataFrame  # the inputs' problems and the combining's warnings (problems.csv)
    files: pd.DataFrame  # the inputs' files.csv
    levels: Levels

    def checks(self) -> list[InputCheck]:
        return input_checks(self.files, self.problems)

    @speaks
    def summary(self) -> str:
        orgs = len({p.organisation for p in self.pages})
        line = _("{pages} page(s): {orgs} organisation(s), {risks} risks.").format(
            pages=len(self.pages), orgs=orgs, risks=sum(p.profile.risks for p in self.pages))
        return "\n".join([line, *check_lines(self.checks(), N_("This report"))])


def _top(rows: pd.DataFrame, levels: Levels, n: int = TOP_RISKS) -> list[dict]:
    values, found = risk_values(rows), risk_levels(rows, levels)
    order = sorted(range(len(rows)), key=lambda i: (pd.isna(values.iloc[i]), -(values.iloc[i] if pd.notna(values.iloc[i]) else 0), i))
    out = []
    for i in order[:n]:
        r = rows.iloc[i]
        out.append({"risk_nr": value_or_none(r["risk_nr"]), "process": value_or_none(r["process"]),
                    "event": value_or_none(r["event"]), "probability": value_or_none(r["probability"]),
                    "consequence": value_or_none(r["consequence"]), "risk_value": value_or_none(values.iloc[i]),
                    "level": found.iloc[i], "page": value_or_none(r["page"])})
    return out


def _inputs_of(frame: pd.DataFrame, names: set[str]) -> pd.DataFrame:
    return frame[frame["source_file"].astype(str).isin(names)] if len(frame) else frame


def _changed(page: OrgYear, before: pd.DataFrame, after: pd.DataFrame, settings: ReportSettings) -> None:
    pairing = pair_risks(before, after, settings.pair)
    frame = to_frame(changes(before, after, pairing, settings.changes), Change)
    page.kinds, page.moves = count_kinds(frame), level_moves(frame, settings.levels)
    page.new_events = [str(e) for e in frame.loc[frame["change"] == "new", "new_event"].dropna()]
    page.removed_events = [str(e) for e in frame.loc[frame["change"] == "removed", "old_event"].dropna()]


def _pages(register: Register, settings: ReportSettings) -> list[OrgYear]:
    risks, controls = register.risks, register.controls
    control_groups = {(org, year): rows for org, year, rows in groups(controls)}
    previous: dict[str, tuple[int, pd.DataFrame]] = {}
    out = []
    for org, year, rows in groups(risks):
        rows = rows.reset_index(drop=True)
        names = set(rows["source_file"].astype(str))
        files, problems = _inputs_of(register.files, names), _inputs_of(register.problems, names)
        page = OrgYear(organisation=org, year=year,
                       profile=profile(org, year, rows, control_groups.get((org, year), controls.iloc[0:0]),
                                       settings.levels),
                       matrix=matrix_counts(rows), top=_top(rows, settings.levels),
                       files=files.to_dict("records"), checks=input_checks(files, problems))
        if year is not None and org in previous:
            page.previous, before = previous[org]
            _changed(page, before, rows, settings)
        if year is not None:
            previous[org] = (year, rows)
        out.append(page)
    return out


def report_registers(inputs, settings: ReportSettings | None = None, password: str | None = None) -> Report:
    """A page for every organisation and year of INPUTS (PDFs, folders, saved registers or Registers)."""
    settings = ReportSettings.resolve(settings)
    if isinstance(inputs, (str, Path, Register)):
        inputs = [inputs]
    aliases = Aliases.load(settings.aliases)
    registers = [i if isinstance(i, Register) else load_register(i, settings.extract, password) for i in inputs]
    register, warnings = combine_registers(registers)
    if register.risks.empty:
        n = len(register.problems)
        raise RiskregError(ngettext("The inputs hold no risks to report ({n} problem: see problems.csv).",
                                    "The inputs hold no risks to report ({n} problems: see problems.csv).", n)
                           .format(n=n) if n else _("The inputs hold no risks to report."))
    risk_orgs, control_orgs = aliases.organisations(register.risks, register.controls)
    register = Register(risks=register.risks.assign(organisation=risk_orgs),
                        controls=register.controls.assign(organisation=control_orgs),
                        problems=register.problems, files=register.files)
    problems = pd.concat([f for f in (register.problems, to_frame(warnings, Problem)) if len(f)] or [register.problems],
                         ignore_index=True)
    register.problems = problems
    return Report(pages=_pages(register, settings), problems=problems, files=register.files, levels=settings.levels)


def page_name(page: OrgYear) -> str:
    """The file name of a page, without its suffix: 'farsta-stadsdelsnamnd_2022'."""
    return f"{slug(page.organisation)}_{page.year if page.year is not None else 'unknown'}"


@speaks
def write_report(result: Report, out_dir: str | Path) -> list[Path]:
    """DIR/index.html, NAME.html and NAME.pdf per organisation and year, and the inputs'
    problems.csv and files.csv; each written whole or not at all. The pages are in ``lang``
    (sv or en; default: the active language, Swedish unless told otherwise)."""
    out = Path(out_dir)
    written, listed = [], []
    for page, name in zip(result.pages, unique_names([page_name(p) for p in result.pages])):
        written.append(write_text(org_page_html(page, result.levels, f"{name}.pdf"), out / f"{name}.html"))
        written.append(write_bytes(org_page_pdf(page, result.levels), out / f"{name}.pdf"))
        listed.append((page, f"{name}.html", f"{name}.pdf"))
    written.append(write_text(index_html(listed), out / "index.html"))
    written += [write_csv(result.problems, out / "problems.csv"), write_csv(result.files, out / "files.csv")]
    return written
