"""Many years at once: each risk of each organisation followed over the years under one key.

    >>> import riskreg
    >>> h = riskreg.follow_risks(["archive/hagersten/", "reg2023/risks.parquet"])
    >>> h.rows[["organisation", "year", "risk_key", "change"]]
    >>> riskreg.write_history(h, "history/")      # history.csv, history.html

Inputs (PDFs, folders, saved registers) are grouped by organisation, the
names resolved through the alias table (``organisations.py``), and ordered by
year; ``match/chain.py`` links each year's risks to the keys seen before.
The result does not depend on the order of the inputs.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .deprecation import renamed
from .errors import RiskregError
from .i18n import N_, _, speaks
from .load import combine_registers, load_register
from .match.chain import ChainSettings, chain_years
from .match.changes import ChangeSettings
from .match.pairing import PairSettings
from .organisations import Aliases
from .pipeline import Register, Settings
from .schema import HistoryRow, Problem, empty_frame, to_frame, value_or_none
from .settings_base import SettingsBase
from .report.checks import InputCheck, check_lines, checks_html, input_checks
from .report.history_html import history_html
from .report.html_parts import pdf_hrefs
from .scales import document_scales
from .write import write_csv, write_text


@dataclass
class HistorySettings(SettingsBase):
    """How risks pair from year to year, and which names are one organisation."""

    stage = ""

    pair: PairSettings = field(default_factory=PairSettings)
    changes: ChangeSettings = field(default_factory=ChangeSettings)
    chain: ChainSettings = field(default_factory=ChainSettings)
    #: a CSV (name, organisation, code) added over the packaged alias table
    aliases: str | Path | None = None
    extract: Settings = field(default_factory=Settings)


@dataclass
class History:
    rows: pd.DataFrame  # schema HistoryRow
    register: Register  # every input's risks, controls, problems and files.csv rows together
    problems: pd.DataFrame  # the inputs' problems and history's own warnings
    inputs: list = field(default_factory=list)  # as given (PDFs, folders), to link rows to their PDF pages

    def checks(self) -> list[InputCheck]:
        """The inputs read short or with problems, with the pages to check."""
        return input_checks(self.register.files, self.problems)

    @speaks
    def summary(self) -> str:
        kept = self.rows[self.rows["change"] != "removed"]
        orgs = kept["organisation"].nunique()
        years = kept.groupby("organisation")["year"].nunique()
        changes = Counter(w for c in kept["change"] for w in c.split(";"))
        line = _("{risks} risks of {orgs} organisation(s) over {years} year(s) at most: {rows} yearly rows ({new} "
                 "new, {returned} returned), {departures} departures.").format(
                     risks=kept["risk_key"].nunique(), orgs=orgs, years=int(years.max()) if orgs else 0,
                     rows=len(kept), new=changes["new"], returned=changes["returned"],
                     departures=int((self.rows["change"] == "removed").sum()))
        return "\n".join([line, *check_lines(self.checks(), N_("This history"))])


def _concat(frames: list[pd.DataFrame], row_type) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else empty_frame(row_type)


def _load(inputs, settings: HistorySettings, password: str | None) -> tuple[Register, list[Problem]]:
    """Every input's register, each document counted once (``load.combine_registers``)."""
    registers = [i if isinstance(i, Register) else load_register(i, settings.extract, password) for i in inputs]
    return combine_registers(registers)


def _key_label(code: str, year: int, row: dict, position: int, taken: set[str]) -> str:
    nr = value_or_none(row.get("risk_nr"))
    label = f"{code}-{year}-{int(nr) if nr is not None else position + 1:02d}"
    n, unique = 1, label
    while unique in taken:  # two documents of one year, or a number printed twice
        n += 1
        unique = f"{label}-{n}"
    taken.add(unique)
    return unique


def _row(org: str, row: dict, key: str, change: str, year: int, basis: str = "") -> HistoryRow:
    return HistoryRow(organisation=org, year=year, source_file=str(row["source_file"]),
                      risk_nr=value_or_none(row.get("risk_nr")), risk_key=key,
                      event=value_or_none(row.get("event")), process=value_or_none(row.get("process")),
                      probability=value_or_none(row.get("probability")),
                      consequence=value_or_none(row.get("consequence")),
                      risk_value=value_or_none(row.get("risk_value")), in_ikp=value_or_none(row.get("in_ikp")),
                      change=change, page=value_or_none(row.get("page")), pair_basis=basis or None)


@speaks
def follow_risks(inputs, settings: HistorySettings | None = None, password: str | None = None) -> History:
    """Follow every risk of INPUTS (PDFs, folders, saved registers or Registers) over the years."""
    settings = HistorySettings.resolve(settings)
    if isinstance(inputs, (str, Path, Register)):
        inputs = [inputs]
    aliases = Aliases.load(settings.aliases)
    register, warnings = _load(inputs, settings, password)
    risks = register.risks
    undated = risks["year"].isna()
    for name in sorted(risks.loc[undated, "source_file"].astype(str).unique()):
        warnings.append(Problem(source_file=name, page=None, severity="warning", code="no_year",
                                message=_("{name} names no plan year (neither in its text nor its file name); "
                                          "its risks are left out of the history.").format(name=name)))
    risks = risks[~undated].reset_index(drop=True)
    if risks.empty:
        raise RiskregError(_("The inputs hold no dated risks to follow over the years")
                           + (_(" ({n} problem(s): see problems.csv).").format(n=len(register.problems))
                              if len(register.problems) else "."))
    groups = aliases.groups(risks)
    display = aliases.display_names(risks)
    out, left = [], []
    for group in sorted(groups.unique(), key=lambda g: (display[g], g)):
        rows = risks[groups == group]
        years = sorted(int(y) for y in rows["year"].unique())
        frames = []
        for year in years:
            # one year's documents in file-name order, each in its own row order
            of_year = rows[rows["year"] == year]
            files = of_year["source_file"].astype(str)
            frames.append(of_year.iloc[sorted(range(len(of_year)), key=lambda i: files.iloc[i])])
            if files.nunique() > 1:
                listed = ", ".join(sorted(files.unique()))
                warnings.append(Problem(source_file="; ".join(sorted(files.unique())), page=None,
                                        severity="warning", code="several_documents",
                                        message=_("{organisation} {year} has risks from several files ({listed}); "
                                                  "they are followed as one register.").format(
                                                      organisation=display[group], year=year, listed=listed)))
        chain = chain_years(frames, settings.pair, settings.changes, settings.chain)
        warnings += chain.uncertain
        records = [f.to_dict("records") for f in frames]
        taken: set[str] = set()
        labels = [_key_label(group, years[t], records[t][j], j, taken) for t, j in chain.first_seen]
        for t, links in enumerate(chain.links):
            out += [_row(display[group], records[t][j], labels[link.key], link.change, years[t], link.basis)
                    for j, link in enumerate(links)]
        for key, t in chain.departures:
            j = next(j for j, link in enumerate(chain.links[t]) if link.key == key)
            left.append(_row(display[group], records[t][j], labels[key], "removed", years[t]))
    left.sort(key=lambda r: (r.organisation, r.risk_key, r.year))
    problems = _concat([register.problems, to_frame(warnings, Problem)], Problem)
    return History(rows=to_frame(out + left, HistoryRow), register=register, problems=problems,
                   inputs=list(inputs))


# its old name, kept for one release
history = renamed(follow_risks, "riskreg.history.history")


@speaks
def write_history(result: History, out_dir: str | Path, excel_csv: bool = False) -> list[Path]:
    """DIR/history.csv, history.html, and the inputs' problems.csv and files.csv, each written whole
    or not at all; ``excel_csv``: the CSVs for Swedish Excel (``write_csv``)."""
    out = Path(out_dir)
    html = history_html(result.rows, scales=document_scales(result.register.risks),
                        inputs=checks_html(result.checks(), N_("This history")),
                        hrefs=pdf_hrefs(result.rows["source_file"], result.inputs, out))
    return [write_csv(result.rows, out / "history.csv", excel_csv), write_text(html, out / "history.html"),
            write_csv(result.problems, out / "problems.csv", excel_csv),
            write_csv(result.register.files, out / "files.csv", excel_csv)]


__all__ = ["History", "HistorySettings", "history", "write_history"]
