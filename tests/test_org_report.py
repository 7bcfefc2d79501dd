"""Pictures and pages: diff's matrices side by side, history's levels per year, and riskreg report.

Two small registers of one nämnd, written here; every expected figure below is counted by
hand from them (the comments say how), never taken from riskreg's output.
"""
from __future__ import annotations

import io
from html.parser import HTMLParser

import pandas as pd
import pdfplumber
import pytest
from click.testing import CliRunner

import riskreg
from riskreg.cli import cli
from riskreg.pipeline import Register
from riskreg.report.movement import LevelMoves, level_moves
from riskreg.schema import Control, FileSummary, Problem, Risk, empty_frame, to_frame

ORG = "Farsta stadsdelsnämnd"


def risk(year, nr, event, p, k, page=1):
    return Risk(source_file=f"vor_{year}.pdf", page=page, organisation=ORG, year=year, goal_id="1.2",
                goal="Stockholm är en trygg stad", process="Drift och underhåll av parker",
                working_method="Entreprenör utför parkskötsel.", risk_nr=nr, event=event, probability=p,
                consequence=k, risk_value=p * k, in_ikp=False, scale=5)


def register(risks, files=(), problems=()):
    return Register(risks=to_frame(list(risks), Risk), controls=empty_frame(Control),
                    problems=to_frame(list(problems), Problem) if problems else empty_frame(Problem),
                    files=to_frame(list(files), FileSummary) if files else empty_frame(FileSummary))


OLD = register([
    risk(2020, 1, "Att beställd åtgärd inte genomförs.", 3, 3),            # 9 Medium
    risk(2020, 2, "Undermålig parkskötsel och renhållning", 3, 1),         # 3 Låg
    risk(2020, 3, "Klagomål från enskild rörande bemötande", 4, 4),        # 16 Kritisk
    risk(2020, 4, "Skadegörelse i lekparker på kvällstid", 2, 2),          # 4 Medium
    risk(2020, 6, "Brister i informationsöverföringen", 2, 3),             # 6 Medium
], files=[FileSummary(source_file="vor_2020.pdf", pages=4, risks=5, controls=0, register_words=400,
                      words_accounted=400, coverage=1.0, uncertain_cells=0, reader="pdfium")])
NEW = register([
    risk(2021, 1, "Att beställd åtgärd inte genomförs.", 3, 3),            # 9 Medium: same level, same cell
    risk(2021, 2, "Undermålig parkskötsel och renhållning", 4, 2),         # 8 Medium: up from Låg
    risk(2021, 3, "Klagomål från enskild rörande bemötande", 3, 3, page=2),  # 9 Medium: down from Kritisk
    risk(2021, 5, "Brand i förskolans lokaler", 5, 4, page=3),             # 20 Kritisk: new
    risk(2021, 6, "Brister i informationsöverföringen", 3, 2),             # 6 Medium: same level, other cell
], files=[FileSummary(source_file="vor_2021.pdf", pages=5, risks=5, controls=0, register_words=400,
                      words_accounted=390, coverage=0.975, uncertain_cells=0, reader="pdfium")],
   problems=[Problem(source_file="vor_2021.pdf", page=3, severity="warning", code="text_not_in_register",
                     message="10 words of page 3 are in no cell.")])
# 4 "Skadegörelse" is removed
MOVES = LevelMoves(up=1, down=1, same=2, cell=1, unscored=0, new=1, removed=1)
# counts[(p, k)] by hand
OLD_CELLS = {(3, 3): 1, (3, 1): 1, (4, 4): 1, (2, 2): 1, (2, 3): 1}
NEW_CELLS = {(3, 3): 2, (4, 2): 1, (5, 4): 1, (3, 2): 1}


class Svg(HTMLParser):
    """The <text class="count"> of each <svg> by id, the <rect data-level> and all text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.svg, self.counts, self.bars, self.texts, self._count = None, {}, [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.svg = a.get("id")
        if tag == "text" and a.get("class") == "count":
            self._count = (int(a["data-p"]), int(a["data-k"]))
        if tag == "rect" and "data-level" in a:
            self.bars.append((self.svg, int(a["data-year"]), a["data-level"], int(a["data-count"])))

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg = None
        self._count = None

    def handle_data(self, data):
        self.texts.append(data)
        if self._count is not None:
            self.counts.setdefault(self.svg, {})[self._count] = int(data)


def parse(path) -> Svg:
    parser = Svg()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def nonzero(cells: dict) -> dict:
    return {pk: n for pk, n in cells.items() if n}


def test_level_moves_counted_by_hand():
    assert level_moves(riskreg.diff_registers(OLD, NEW).changes) == MOVES


def test_level_moves_can_fail():
    """A level bound moved so that 8 is Kritisk: nr 2 (3 -> 8) goes up two levels, still 'up'; nr 3
    (16 -> 9) becomes Kritisk -> Kritisk, the same level."""
    changes = riskreg.diff_registers(OLD, NEW).changes
    moved = level_moves(changes, riskreg.scales.Levels(3, 7))
    assert (moved.up, moved.down, moved.same) == (1, 0, 3)


def test_diff_draws_both_matrices_and_the_movement(tmp_path):
    d = riskreg.diff_registers(OLD, NEW)
    riskreg.write_diff(d, tmp_path, lang="en")
    page = parse(tmp_path / "diff.html")
    assert nonzero(page.counts["matrix-old"]) == OLD_CELLS
    assert nonzero(page.counts["matrix-new"]) == NEW_CELLS
    assert len(page.counts["matrix-old"]) == 25  # a 1-5 register: 5 x 5 cells, zeros drawn too
    text = " ".join(t.strip() for t in page.texts if t.strip())
    assert "Risk matrix, before and after" in text
    assert "Up a level or more 1 Down a level or more 1 Same level 2 Of those, in another cell of the matrix 1" in text
    riskreg.write_diff(d, tmp_path / "sv")  # Swedish, the default
    text = " ".join(t.strip() for t in parse(tmp_path / "sv" / "diff.html").texts if t.strip())
    assert "Riskmatris, före och efter" in text
    assert "Upp en nivå eller mer 1 Ned en nivå eller mer 1 Samma nivå 2 Av dem, i en annan ruta i matrisen 1" in text


def test_history_draws_levels_per_year(tmp_path):
    riskreg.write_history(riskreg.follow_risks([OLD, NEW]), tmp_path)
    bars = {(year, level): n for _, year, level, n in parse(tmp_path / "history.html").bars}
    # 2020: 3 Låg; 9, 4, 6 Medium; 16 Kritisk. 2021: 9, 8, 9, 6 Medium; 20 Kritisk
    assert bars == {(2020, "low"): 1, (2020, "medium"): 3, (2020, "critical"): 1,
                    (2021, "medium"): 4, (2021, "critical"): 1}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    result = riskreg.report_registers([NEW, OLD])  # the order of the inputs does not matter
    return result, out, riskreg.write_report(result, out, lang="en")  # the English wording; Swedish below


def test_a_page_per_organisation_and_year(pages):
    result, out, written = pages
    assert [(p.organisation, p.year) for p in result.pages] == [(ORG, 2020), (ORG, 2021)]
    names = sorted(p.name for p in written)
    assert names == ["farsta-stadsdelsnamnd_2020.html", "farsta-stadsdelsnamnd_2020.pdf",
                     "farsta-stadsdelsnamnd_2021.html", "farsta-stadsdelsnamnd_2021.pdf",
                     "files.csv", "index.html", "problems.csv"]


def test_page_html_counts_matrix_top_risks_and_changes(pages):
    _, out, _ = pages
    page = parse(out / "farsta-stadsdelsnamnd_2021.html")
    assert nonzero(page.counts["matrix"]) == NEW_CELLS
    text = " ".join(t.strip() for t in page.texts if t.strip())
    assert "Risk register Farsta stadsdelsnämnd 2021" in text
    assert "Risks 5 Kritisk 1 Medium 4 Låg 0" in text
    # top risks: 20 first, then the two 9s in the document's order (nr 1, nr 3), then 8, then 6
    assert ("5 Drift och underhåll av parker Brand i förskolans lokaler 5 4 20 Kritisk 3 "
            "1 Drift och underhåll av parker Att beställd åtgärd inte genomförs. 3 3 9 Medium 1 "
            "3 Drift och underhåll av parker Klagomål från enskild rörande bemötande 3 3 9 Medium 2") in text
    assert "Changed since 2020" in text and "New risks (1) Brand i förskolans lokaler" in text
    assert "Removed risks (1) Skadegörelse i lekparker på kvällstid" in text
    assert "Up a level or more 1 Down a level or more 1" in text
    # its input read short is said first, with the page to check
    assert "This page may be incomplete" in text and "page 3 of vor_2021.pdf" in text
    first = parse(out / "farsta-stadsdelsnamnd_2020.html")
    assert "No earlier year of this organisation" in " ".join(first.texts)


def pdf_text(path, left: float = 1.0) -> str:
    """The PDF's text; ``left``: only the left part of each page (the counts, not the matrix beside them)."""
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        return "\n".join(p.crop((0, 0, p.width * left, p.height)).extract_text() or "" for p in pdf.pages)


def test_pdf_text_reads_back(pages):
    _, out, _ = pages
    text = pdf_text(out / "farsta-stadsdelsnamnd_2021.pdf")
    assert "Risk register Farsta stadsdelsnämnd 2021" in text
    lines = pdf_text(out / "farsta-stadsdelsnamnd_2021.pdf", left=0.5).splitlines()
    for label, value in (("Risks", "5"), ("Kritisk", "1"), ("Medium", "4"), ("Låg", "0"), ("New", "1"),
                         ("Removed", "1"), ("Up a level or more", "1"), ("Down a level or more", "1"),
                         ("Same level", "2")):
        assert f"{label} {value}" in lines, (label, value)
    assert "Brand i förskolans lokaler" in text and "Skadegörelse i lekparker på kvällstid" in text
    assert "vor_2021.pdf 97.5% 5" in text.splitlines()
    assert "This page may be incomplete" in text
    # the same register gives the same bytes (no date in the file)
    again = riskreg.write_report(riskreg.report_registers([OLD, NEW]), out / "again", lang="en")
    assert (out / "again" / "farsta-stadsdelsnamnd_2021.pdf").read_bytes() == \
        (out / "farsta-stadsdelsnamnd_2021.pdf").read_bytes()
    assert len(again) == 7


def test_cli_report_from_saved_registers(tmp_path):
    for name, reg in (("reg2020", OLD), ("reg2021", NEW)):
        riskreg.write_register(reg, tmp_path / name, ("csv",))
    out = tmp_path / "report"
    result = CliRunner().invoke(cli, ["report", str(tmp_path / "reg2020"), str(tmp_path / "reg2021"), "-o", str(out),
                                      "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2 page(s): 1 organisation(s), 10 risks." in result.output
    text = pdf_text(out / "farsta-stadsdelsnamnd_2020.pdf", left=0.5)
    # 2020: 16 Kritisk; 9, 4, 6 Medium; 3 Låg
    assert "Risk register Farsta stadsdelsnämnd 2020" in pdf_text(out / "farsta-stadsdelsnamnd_2020.pdf")
    assert {"Risks 5", "Kritisk 1", "Medium 3", "Låg 1"} <= set(text.splitlines())
    index = parse(out / "index.html")
    assert "farsta-stadsdelsnamnd_2021.pdf" in (out / "index.html").read_text(encoding="utf-8")
    assert ORG in index.texts


def test_cli_report_help_has_an_example():
    result = CliRunner().invoke(cli, ["report", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "riskreg report output/ -o output/report" in result.output


def test_cli_report_is_swedish_by_default_pdf_and_html(tmp_path, monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, reg in (("reg2020", OLD), ("reg2021", NEW)):
        riskreg.write_register(reg, tmp_path / name, ("csv",))
    out = tmp_path / "rapport"
    result = CliRunner().invoke(cli, ["report", str(tmp_path / "reg2020"), str(tmp_path / "reg2021"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 sida/sidor: 1 organisation(er), 10 risker." in result.output
    pdf = out / "farsta-stadsdelsnamnd_2021.pdf"
    text, lines = pdf_text(pdf), pdf_text(pdf, left=0.5).splitlines()
    assert "Riskregister Farsta stadsdelsnämnd 2021" in text and "Risk register" not in text
    for label, value in (("Risker", "5"), ("Kritisk", "1"), ("Medium", "4"), ("Låg", "0"), ("Nya", "1"),
                         ("Borttagna", "1"), ("Upp en nivå eller mer", "1"), ("Ned en nivå eller mer", "1"),
                         ("Samma nivå", "2")):
        assert f"{label} {value}" in lines, (label, value)
    assert "Förändrat sedan 2020" in text and "Högsta riskerna" in text and "Underlag" in text
    assert any(line.startswith("vor_2021.pdf 97,5") for line in text.splitlines())  # a decimal comma
    assert "Den här sidan" in text  # the input read short, said first
    html = " ".join(t.strip() for t in parse(out / "farsta-stadsdelsnamnd_2021.html").texts if t.strip())
    assert "Riskregister Farsta stadsdelsnämnd 2021" in html and "Nr Process Händelse" in html
    assert "Nya risker (1) Brand i förskolans lokaler" in html
    assert "Riskregister per nämnd och år" in " ".join(parse(out / "index.html").texts)


def test_two_organisations_one_slug_get_a_page_each(tmp_path):
    """'Farsta stadsdelsnämnd' and 'Farsta stadsdelsnamnd' make the same file name; the second
    page must not overwrite the first. Pages go by organisation ('namnd' before 'nämnd'), so
    the nämnd's page is the second and is written as '..._2020-2'."""
    twin = OLD.risks.assign(organisation="Farsta stadsdelsnamnd", source_file="twin_2020.pdf")
    both = Register(risks=pd.concat([OLD.risks, twin], ignore_index=True), controls=OLD.controls,
                    problems=OLD.problems, files=OLD.files)
    written = riskreg.write_report(riskreg.report_registers([both]), tmp_path, lang="en")
    names = sorted(p.name for p in written if p.suffix == ".html" and p.name != "index.html")
    assert names == ["farsta-stadsdelsnamnd_2020-2.html", "farsta-stadsdelsnamnd_2020.html"]
    pages = {n: (tmp_path / n).read_text() for n in names}
    assert "Farsta stadsdelsnamnd" in pages["farsta-stadsdelsnamnd_2020.html"]
    assert "Farsta stadsdelsnämnd" in pages["farsta-stadsdelsnamnd_2020-2.html"]
    assert "Farsta stadsdelsnämnd" not in pages["farsta-stadsdelsnamnd_2020.html"]
    index = (tmp_path / "index.html").read_text()
    assert 'href="farsta-stadsdelsnamnd_2020-2.html"' in index
