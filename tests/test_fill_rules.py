"""Spreadsheet registers printed by Calc with partial borders and zebra fills (issue 26, items 2 and 4).

samples/farsta_2023_calc_sides.pdf draws a rule under every cell and none between the columns, its
header filled; samples/farsta_2023_calc_zebra.pdf draws no line at all, its rows told apart by
zebra fills that each merged range cuts (a range takes its first row's fill). The figures below
are read off the pages as images (pdftoppm) and pdfplumber's rects and lines, not off riskreg:
the VoR's first page prints risks 1 to 12 under a header of nine cells; the control plan's page 8
prints five tables (goals 1.1, 1.2, 1.4, 1.5 and 3.2) with 1, 2, 3, 1 and 2 rows, each under its
goal line and its own header; page 9 goes on with the last table's rows, the sides' one with
no header and no fill at all.
"""
from __future__ import annotations

import pytest

from golden import SAMPLES
from riskreg.extract import ExtractSettings, read_document

HEADER = ["KF:s mål för verksamhetsområdet", "Process", "Arbetsätt", "Nr", "Oönskad händelse",
          "Sannolikhet", "Konsekvens", "RV", "IKP"]  # as printed ("Arbetsätt", the sheet's own spelling)
PLAN_ROWS = [1, 2, 3, 1, 2]


def _tables(name: str, page: int, engine: str = "pdfplumber"):
    doc = read_document(SAMPLES / f"{name}.pdf", settings=ExtractSettings(engine=engine))
    return sorted((t for t in doc.tables if t.page == page), key=lambda t: t.bbox[1])


def _grid(table) -> dict:
    return {(c.row, c.col): c.text for c in table.cells}


@pytest.mark.parametrize("name", ["farsta_2023_calc_sides", "farsta_2023_calc_zebra"])
def test_the_columns_are_the_header_s_cells(name):
    """A right-aligned number (Nr, RV) stays in its header's column and "Nej, endast VoR" in one
    cell, though blank gutters part them from their header's text."""
    (table,) = _tables(name, 1)
    grid = _grid(table)
    assert table.reader == "fills" and table.n_cols == len(HEADER)
    assert [grid[(0, c)] for c in range(table.n_cols)] == HEADER
    assert [grid[(1, c)] for c in (3, 7, 8)] == ["1", "6", "Nej, endast VoR"]
    assert grid[(1, 4)] == "Klagomål från enskild rörande bemötande"


@pytest.mark.parametrize("name", ["farsta_2023_calc_sides", "farsta_2023_calc_zebra"])
def test_each_risk_is_a_row(name):
    """sides: the rules are the row edges (Calc draws the coloured risk values of neighbouring rows
    as one fill); zebra: a row cut into patches is one row, none of its patches' sides a column."""
    (table,) = _tables(name, 1)
    grid = _grid(table)
    assert table.n_rows == 13
    assert [grid[(r, 3)] for r in range(1, 13)] == [str(n) for n in range(1, 13)]


@pytest.mark.parametrize("name", ["farsta_2023_calc_sides", "farsta_2023_calc_zebra"])
def test_each_goal_s_table_ends_above_the_next_goal_line(name):
    """A band printing the same header again starts a new table; a table of rules ends at its last
    rule: the goal line under it is the page's text, never a row."""
    tables = _tables(name, 8)
    assert [t.n_rows - 1 for t in tables] == PLAN_ROWS
    assert all(_grid(t)[(0, 0)] == "Process" for t in tables)
    texts = [c.text for t in tables for c in t.cells]
    assert not any(text.startswith(("1.2", "1.4", "1.5", "3.2")) for text in texts)


@pytest.mark.parametrize("name", ["farsta_2023_calc_sides", "farsta_2023_calc_zebra"])
def test_the_plan_goes_on_on_the_next_page_without_its_header(name):
    """Page 9's first row is the rest of goal 3.2's table: its merged process (Inköp) printed on
    page 8 only, so its first cell is blank; under the sides' page no fill at all, only rules."""
    (table,) = _tables(name, 9)
    grid = _grid(table)
    assert table.reader == "fills" and table.n_cols == 5
    assert grid[(0, 0)] == "" and grid[(0, 2)].startswith("Kontrollera i Agresso att inköp")
    assert grid[(0, 3)] == "Att inköp görs utanför ramavtal 16"


def test_camelot_leaves_a_table_of_fills_only_to_the_fill_reader():
    """camelot sees a fill's sides as lines in the page's picture: on the zebra's page 3 it found a
    patchwork of three columns; with no drawn line in it, that table is the fill reader's."""
    tables = _tables("farsta_2023_calc_zebra", 3, engine="camelot")
    assert {t.reader for t in tables} == {"fills"} and [t.n_cols for t in tables] == [len(HEADER)]


def test_a_row_its_merged_cells_cut_is_a_row_under_a_tall_unshaded_one():
    """The uppföljning's zebra page 3 (read off the page as an image): under the header, goal 4.1's
    row shaded, goal 4.2's first row unshaded and printed taller than its text, its goal merged
    over the five rows under it (taking that row's white), so the next shaded row ("Sjukfrånvaron
    ökar") is a fill that starts right of the goal's column, far under the text above it. A band of
    the table's whole width under it (goal 4.5's row) shows it is a row of the table, not a table
    of its own: the page is one table, twelve risks under the header, in order."""
    name = "kungsholmen_2017_uppfoljning_calc_zebra"
    doc = read_document(SAMPLES / f"{name}.pdf", settings=ExtractSettings())
    (table,) = [t for t in doc.tables if t.page == 3]
    grid = _grid(table)
    assert table.reader == "fills" and table.n_cols == 11 and table.n_rows == 13
    events = [grid[(r, 3)].split()[0] for r in range(1, 13)]
    assert events == ["Risk", "Bristande", "Sjukfrånvaron", "Oförmåga", "Obalans", "Avtalet", "Att",
                      "Bristande", "Dåligt", "Dåligt", "Om", "Att"]
