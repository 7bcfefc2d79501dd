"""A control plan's goal lines printed as rows of its own grid (issue 26, item 1: Calc's
printed gridlines make one grid of a sheet holding one table per goal)."""
from __future__ import annotations

from riskreg.extract import Document
from riskreg.extract.model import TextLine
from riskreg.normalize import stitch
from riskreg.normalize.headings import heading_rows, split_table
from riskreg.normalize.settings import NormalizeSettings
from riskreg.pipeline import extract_file
from golden import SAMPLES
from test_stitch import IKP_HEADER, VOR_HEADER, table

BLANK = [""] * 5
ROW_1 = ["Ekonomi", "Attest", "Stickprov", "9 Fel i attest", "Kontroll av attester"]
ROW_2 = ["Omsorg", "Tillsyn", "Uppföljning", "Fall 12", "Granskning"]


def sheet():
    """One grid: a goal line, the header, a control, an empty row; the next goal the same."""
    return table(3, [["1.1 Ekonomin är i balans", "", "", "", ""], IKP_HEADER, ROW_1, BLANK,
                     ["2.3. Äldre är trygga", "", "", "", ""], IKP_HEADER, ROW_2, BLANK], top=100)


def test_a_grid_is_parted_at_its_goal_lines_above_a_header():
    parts, lines = split_table(sheet(), NormalizeSettings())
    assert [(p.n_rows, p.bbox[1], p.bbox[3]) for p in parts] == [(2, 120, 160), (2, 200, 240)]
    assert [[c.text for c in p.cells if c.row == 1] for p in parts] == [ROW_1, ROW_2]
    assert [(line.page, line.top, line.text) for line in lines] == [
        (3, 100, "1.1 Ekonomin är i balans"), (3, 180, "2.3. Äldre är trygga")]


def test_each_part_is_a_control_plan_table_under_its_goal():
    free = [TextLine(3, 40, "Internkontrollplan"), TextLine(3, 400, "Beslutad 2023-12-14")]
    doc = Document("test.pdf", 3, [sheet()], list(free))
    tables = stitch.assemble_tables(doc)
    assert [(t.kind, t.heading, len(t.rows)) for t in tables] == [
        ("ikp", "1.1 Ekonomin är i balans", 1), ("ikp", "2.3. Äldre är trygga", 1)]
    assert [line.text for line in doc.lines] == ["Internkontrollplan", "1.1 Ekonomin är i balans",
                                                 "2.3. Äldre är trygga", "Beslutad 2023-12-14"]


def test_a_goal_alone_in_a_row_with_no_header_under_it_stays_a_row():
    """A VoR whose merged goal cell starts a row of its own is no grid of several tables."""
    vor = table(1, [VOR_HEADER, ["1.1 Ekonomin är i balans", "", "", "", "", "", "", ""],
                    ["^", "Ekonomi", "Attest", "1", "Fel i attest", "3", "3", "9"]])
    assert heading_rows(vor, NormalizeSettings()) == []
    assert split_table(vor, NormalizeSettings()) == ([vor], [])


def test_without_the_parting_the_calc_control_plan_is_read_wrong(monkeypatch):
    """farsta_2023_calc_grid's control plan is one grid of five goals: unparted, its goal lines
    and repeated headers become controls, no control has a goal, and the audit misses words."""
    name = SAMPLES / "farsta_2023_calc_grid.pdf"
    right = extract_file(name)
    assert len(right.controls) == 16 and all(c.goal_id for c in right.controls)
    monkeypatch.setattr(stitch, "split_at_headings", lambda doc, settings: None)
    wrong = extract_file(name)
    assert len(wrong.controls) > 16 and not any(c.goal_id for c in wrong.controls)
    assert not right.problems and {p.code for p in wrong.problems} >= {"text_not_in_register",
                                                                       "control_not_linked"}
