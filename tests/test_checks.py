"""Every report carries its inputs' problems (report/checks.py): diff, compare and history write
the inputs' problems.csv and files.csv, their HTML opens with a box naming each input read short
and the pages to check, and their summary says the same.

The input made to lose coverage is the one of tests/test_audit.py: Hägersten-Liljeholmen 2020
read with the stitcher dropping the tail of every row a page break cut, which the word audit
sees (text_not_in_register on the pages, coverage under 100 %) and which leaves controls whose
event was cut short unlinked (control_not_linked): the issue's "97.5 % coverage, a control cut
short and one not linked".
"""
from __future__ import annotations

import csv
from html.parser import HTMLParser

import pandas as pd
import pytest
from click.testing import CliRunner

import riskreg
from riskreg.cli import cli
from riskreg.i18n import use_language
from riskreg.normalize import stitch
from riskreg.pipeline import Register, extract_file
from riskreg.report.checks import check_lines, checks_html, input_checks, verdict
from riskreg.schema import Control, FileSummary, Problem, Risk, columns, to_frame

from golden import SAMPLES
from test_audit import drop_tail_of

OLD, NEW = SAMPLES / "hagersten_liljeholmen_2020.pdf", SAMPLES / "hagersten_liljeholmen_2021.pdf"
NAME = OLD.name


@pytest.fixture(scope="module")
def short():
    """The 2020 register read short, as a Register with its files.csv row."""
    with pytest.MonkeyPatch.context() as mp:
        joined = stitch.join_split_row
        mp.setattr(stitch, "join_split_row", lambda t, r, **kw: drop_tail_of(t, r, joined, **kw))
        result = extract_file(OLD)
    return Register(risks=to_frame(result.risks, Risk), controls=to_frame(result.controls, Control),
                    problems=to_frame(result.problems, Problem), files=to_frame([result.summary("pdfium")], FileSummary))


@pytest.fixture(scope="module")
def saved(short, tmp_path_factory):
    """The short register saved as 'riskreg extract' saves it (files.csv beside risks.csv)."""
    out = tmp_path_factory.mktemp("short")
    riskreg.write_register(short, out)
    return out


class Sections(HTMLParser):
    """The page's top-level sections in order: (id, class, text), and the inputs box's table rows."""

    def __init__(self, html: str):
        super().__init__()
        self.sections: list[list] = []
        self.rows: list[list[str]] = []
        self._depth, self._cell = 0, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self._depth += 1
            if self._depth == 1:
                self.sections.append([attrs.get("id"), attrs.get("class", ""), ""])
        inside = self.sections and self.sections[-1][0] == "inputs" and self._depth
        if inside and tag == "tr":
            self.rows.append([])
        if inside and tag == "td":
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "section":
            self._depth -= 1
        if tag == "td" and self._cell is not None:
            self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._depth and self.sections:
            self.sections[-1][2] += data
        if self._cell is not None:
            self._cell += data


def read(path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def problem_pages(register: Register) -> list[int]:
    return sorted({int(p) for p in register.problems["page"].dropna()})


def test_the_input_made_short_is_short(short):
    codes = set(short.problems["code"])
    assert {"text_not_in_register", "control_not_linked"} <= codes
    assert float(short.files["coverage"].iloc[0]) < 1.0


def test_input_checks_name_the_inputs_read_short_and_their_pages():
    files = to_frame([FileSummary("a.pdf", 4, 10, 2, 200, 195, 0.975, 0, 0, "pdfium"),
                      FileSummary("b.pdf", 3, 9, 0, 100, 100, 1.0, 0, 0, "pdfium"),
                      FileSummary("c.pdf", 2, 5, 0, 50, 50, 1.0, 0, 0, "pdfium")], FileSummary)
    problems = to_frame([Problem("a.pdf", 3, "warning", "text_not_in_register", "x"),
                         Problem("a.pdf", 2, "warning", "control_not_linked", "y"),
                         Problem("a.pdf", 3, "warning", "text_not_in_register", "z"),
                         Problem("c.pdf", 2, "warning", "goal_break_uncertain", "w")], Problem)
    a, c = input_checks(files, problems)
    assert (a.source_file, a.coverage, a.pages, a.warnings, a.incomplete) == (
        "a.pdf", 0.975, [2, 3], ["text_not_in_register", "control_not_linked"], True)
    with use_language("en"):  # the English wording; Swedish, the default, below
        assert (c.source_file, c.incomplete, c.where()) == ("c.pdf", False, "page 2")  # b.pdf: nothing to check
        said = verdict([a, c], "This diff")
        assert said.startswith("This diff may be incomplete: 1 input(s) were not read whole. Check pages 2, 3 of a.pdf")
        assert "before drawing a conclusion" in said
        assert check_lines([a, c], "This diff")[1] == ("  a.pdf: 97.5% of its table words in the register; 3 warnings "
                                                       "(text_not_in_register, control_not_linked); check pages 2, 3")
        assert verdict([c], "This diff").startswith("Every input was read whole, 1 with warnings")
        # an error without a page: the whole file is to check
        failed = input_checks(None, to_frame([Problem("d.pdf", None, "error", "damaged_pdf", "v")], Problem))
        assert failed[0].incomplete and failed[0].where() == "the whole file"
        assert input_checks(files[1:2], problems[0:0]) == [] and verdict([], "This diff") == ""
    said = verdict([a, c], "This diff")
    assert said.startswith("Den här jämförelsen mellan åren kan vara ofullständig: 1 underlag lästes inte in i "
                           "sin helhet. Kontrollera sidorna 2, 3 i a.pdf mot PDF:en innan du drar en slutsats.")
    assert check_lines([a, c], "This diff")[1] == ("  a.pdf: 97,5\u00a0% av tabellernas ord finns i registret; "
                                                   "3 varningar (text_not_in_register, control_not_linked); "
                                                   "kontrollera sidorna 2, 3")
    assert c.where() == "sidan 2" and failed[0].where() == "hela filen"
    # every text escaped
    assert "<script>" not in checks_html(input_checks(None, to_frame(
        [Problem("<script>.pdf", 1, "error", "table_unreadable", "v")], Problem)), "This diff")


def check_box(html: str, what: str, short: Register) -> None:
    """The page opens with the inputs box, which names the short input, its coverage and pages."""
    page = Sections(html)
    first_id, first_class, text = page.sections[0]
    assert first_id == "inputs" and "incomplete" in first_class, page.sections[:2]
    assert f"{what} may be incomplete" in " ".join(text.split())
    row = next(r for r in page.rows if r and r[0] == NAME)
    assert row[1] == f"{float(short.files['coverage'].iloc[0]):.1%}"
    assert "text_not_in_register" in row[3] and "control_not_linked" in row[3]
    assert row[4] == "pages " + ", ".join(map(str, problem_pages(short)))
    # no input but the short one is named: the other was read whole
    assert [r[0] for r in page.rows if r] == [NAME]


def check_tables(out, short: Register, inputs: list[str]) -> None:
    """problems.csv and files.csv of the report, in extract's schema, hold the inputs'."""
    problems, files = read(out / "problems.csv"), read(out / "files.csv")
    assert list(problems[0]) == columns(Problem) and list(files[0]) == columns(FileSummary)
    mine = [(p["code"], p["page"]) for p in problems if p["source_file"] == NAME]
    assert mine == [(p.code, "" if pd.isna(p.page) else str(p.page)) for p in short.problems.itertuples()]
    assert [f["source_file"] for f in files] == inputs
    assert float(next(f for f in files if f["source_file"] == NAME)["coverage"]) < 1.0


def test_diff_of_an_input_read_short_says_so(short, saved, tmp_path):
    d = riskreg.diff_registers(saved, NEW)
    riskreg.write_diff(d, tmp_path, lang="en")
    check_box((tmp_path / "diff.html").read_text(encoding="utf-8"), "This diff", short)
    check_tables(tmp_path, short, [NAME, NEW.name])
    lines = d.summary(lang="en").splitlines()
    assert lines[1].startswith("This diff may be incomplete: 1 input(s) were not read whole. Check pages ")
    assert lines[2].startswith(f"  {NAME}: {float(short.files['coverage'].iloc[0]):.1%} of its table words")
    # and the CLI prints the same
    result = CliRunner().invoke(cli, ["diff", str(saved), str(NEW), "--out", str(tmp_path / "cli"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert lines[1] in result.output and lines[2] in result.output
    # in Swedish, the default, the box opens the page the same way
    swedish = CliRunner().invoke(cli, ["diff", str(saved), str(NEW), "--out", str(tmp_path / "sv"), "--lang", "sv"])
    assert "Den här jämförelsen mellan åren kan vara ofullständig" in swedish.output
    page = Sections((tmp_path / "sv" / "diff.html").read_text(encoding="utf-8"))
    assert page.sections[0][0] == "inputs" and "Innan du drar en slutsats" in page.sections[0][2]


def test_diff_of_inputs_read_whole_says_so(tmp_path):
    d = riskreg.diff_registers(OLD, NEW)
    riskreg.write_diff(d, tmp_path, lang="en")
    page = Sections((tmp_path / "diff.html").read_text(encoding="utf-8"))
    assert page.sections[0][:2] == ["inputs", "inputs whole"] and "read whole" in page.sections[0][2]
    assert read(tmp_path / "problems.csv") == [] and len(read(tmp_path / "files.csv")) == 2
    assert len(d.summary().splitlines()) == 1


def test_compare_of_an_input_read_short_says_so(short, tmp_path):
    c = riskreg.compare_registers([short, NEW])
    riskreg.write_compare(c, tmp_path, lang="en")
    check_box((tmp_path / "compare.html").read_text(encoding="utf-8"), "This comparison", short)
    check_tables(tmp_path, short, [NAME, NEW.name])
    assert "This comparison may be incomplete" in c.summary(lang="en")
    assert "Den här jämförelsen kan vara ofullständig" in c.summary()


def test_history_of_an_input_read_short_says_so(short, tmp_path):
    h = riskreg.follow_risks([NEW, short])
    riskreg.write_history(h, tmp_path, lang="en")
    check_box((tmp_path / "history.html").read_text(encoding="utf-8"), "This history", short)
    check_tables(tmp_path, short, [NEW.name, NAME])
    result = CliRunner().invoke(cli, ["history", str(NEW), str(OLD), "--out", str(tmp_path / "cli"), "--lang", "en"])
    assert result.exit_code == 0 and "may be incomplete" not in result.output  # read whole: nothing to say
    assert Sections((tmp_path / "cli" / "history.html").read_text(encoding="utf-8")).sections[0][1] == "inputs whole"
