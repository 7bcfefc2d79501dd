"""What a report's inputs lack, said before its findings: the box diff.html, compare.html and
history.html open with, and the lines their commands print.

A conclusion drawn from a register read short is drawn from part of a document. Each input read
under 100 % of its table words (files.csv's ``coverage``) or with an error is named, with the
pages its problems name; inputs read with warnings only are named too, with their pages, under a
milder heading. The same figures go to the terminal (``check_lines``) as to the page
(``checks_html``), from the problems.csv and files.csv the command writes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..i18n import _, ngettext, percent
from ..schema import missing
from .html_parts import esc, table


@dataclass
class InputCheck:
    """One input with something to check: its coverage, its problems' codes and their pages."""

    source_file: str
    coverage: float | None = None  # files.csv's words_accounted / register_words; None when not known
    errors: list[str] = field(default_factory=list)  # the codes of its error rows, in order, once each
    warnings: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # the pages its problems name
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0})  # problem rows

    @property
    def incomplete(self) -> bool:
        """Read short: words of its tables are not in the register, or a file or table was not read."""
        return bool(self.errors) or (self.coverage is not None and self.coverage < 1.0)

    def where(self) -> str:
        """'pages 3, 5' or 'page 3'; 'the whole file' when it is read short and no page is named."""
        if self.pages:
            return ngettext("page {pages}", "pages {pages}", len(self.pages)).format(
                pages=", ".join(map(str, self.pages)))
        return _("the whole file") if self.incomplete else ""

    def what(self) -> str:
        """'97.5% of its table words in the register; 1 error (table_unreadable); 2 warnings (...)'."""
        parts = []
        if self.coverage is not None and self.coverage < 1.0:
            parts.append(_("{coverage} of its table words in the register").format(coverage=percent(self.coverage)))
        for codes, kind in ((self.errors, "error"), (self.warnings, "warning")):
            if codes:
                n = self.counts[kind]
                text = (ngettext("{n} error", "{n} errors", n) if kind == "error"
                        else ngettext("{n} warning", "{n} warnings", n))
                parts.append(f"{text.format(n=n)} ({', '.join(codes)})")
        return "; ".join(parts)


def input_checks(files: pd.DataFrame | None, problems: pd.DataFrame | None) -> list[InputCheck]:
    """Every input that was read short, or has problems, in the order files.csv and then
    problems.csv name them."""
    checks: dict[str, InputCheck] = {}
    for row in ([] if files is None else files.to_dict("records")):
        if not missing(row.get("coverage")) and float(row["coverage"]) < 1.0:
            checks[str(row["source_file"])] = InputCheck(str(row["source_file"]), round(float(row["coverage"]), 4))
    for row in ([] if problems is None else problems.to_dict("records")):
        name = str(row["source_file"])
        check = checks.setdefault(name, InputCheck(name))
        codes = check.errors if row["severity"] == "error" else check.warnings
        check.counts["error" if row["severity"] == "error" else "warning"] += 1
        if row["code"] not in codes:
            codes.append(str(row["code"]))
        if not missing(row.get("page")) and int(row["page"]) not in check.pages:
            check.pages.append(int(row["page"]))
    for check in checks.values():
        check.pages.sort()
    return list(checks.values())


def verdict(checks: list[InputCheck], what: str) -> str:
    """The one sentence a reader needs first; '' when there is nothing to check. ``what``: 'This
    diff', 'This comparison', 'This history' (an N_() msgid, translated here)."""
    short = [c for c in checks if c.incomplete]
    if short:
        places = "; ".join(_("{where} of {file}").format(where=c.where(), file=c.source_file) for c in short)
        return _("{what} may be incomplete: {n} input(s) were not read whole. Check {places} against the PDF "
                 "before drawing a conclusion.").format(what=_(what), n=len(short), places=places)
    if checks:
        return _("Every input was read whole, {n} with warnings: check the pages they name before relying on "
                 "those rows.").format(n=len(checks))
    return ""


def check_lines(checks: list[InputCheck], what: str) -> list[str]:
    """The verdict and one line per input, for the terminal."""
    if not checks:
        return []
    return [verdict(checks, what)] + [f"  {c.source_file}: {c.what()}"
                                      + (_("; check {where}").format(where=c.where()) if c.where() else "")
                                      for c in checks]


def checks_html(checks: list[InputCheck], what: str) -> str:
    """The box a report opens with: the verdict and a table of the inputs to check, or a line
    saying every input was read whole; every text escaped."""
    if not checks:
        return ('<section id="inputs" class="inputs whole"><p>'
                + esc(_("Every input was read whole: each printed table word is in its register once, and no "
                        "file or table gave a problem.")) + "</p></section>")
    kind = "incomplete" if any(c.incomplete for c in checks) else "warnings"
    rows = [[esc(c.source_file), ("" if c.coverage is None else percent(c.coverage), "num"),
             esc(", ".join(c.errors)), esc(", ".join(c.warnings)), esc(c.where())] for c in checks]
    return (f'<section id="inputs" class="inputs {kind}" role="alert"><h2>{esc(_("Before drawing a conclusion"))}</h2>'
            f"<p><b>{esc(verdict(checks, what))}</b> "
            + esc(_("Below 100 %, some printed table text is in no cell of the register (or in two): the rows "
                    "from those pages on are unchecked. problems.csv says which words, files.csv gives each "
                    "input's coverage.")) + "</p>"
            + table([_("Input"), _("Coverage"), _("Errors"), _("Warnings"), _("Pages to check")], rows) + "</section>")

