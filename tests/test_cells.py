"""riskreg's cell step gives exactly pdfplumber's cells, on every page of every sample, from both readers."""
from __future__ import annotations

import pdfplumber
import pytest
from pdfplumber.table import TableFinder

from golden import SAMPLES
from riskreg.extract.cells import CellFinder, intersections_to_cells
from riskreg.extract.pdfium_reader import read_pages

SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
NAMES = sorted(p.stem for p in SAMPLES.glob("*.pdf"))


class _PlainCellFinder(CellFinder):
    """riskreg's cell step on pdfplumber's own edges (no rule added at a cut end)."""

    close_ends = False


def _same_cells(page) -> int:
    theirs = TableFinder(page, SETTINGS)
    ours = _PlainCellFinder(page, SETTINGS)
    assert ours.cells == theirs.cells  # the same rectangles in the same order
    assert [t.bbox for t in ours.tables] == [t.bbox for t in theirs.tables]
    assert [t.cells for t in ours.tables] == [t.cells for t in theirs.tables]
    return len(ours.cells)


@pytest.mark.parametrize("name", NAMES)
def test_cells_equal_pdfplumbers(name):
    path = SAMPLES / f"{name}.pdf"
    found = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            found += _same_cells(page)
    for page, _ in read_pages(path):
        found += _same_cells(page)
    if "unruled" not in name:
        assert found > 100


def test_a_missing_inner_line_gives_the_merged_cell():
    """Two rows over one column, whose middle line stops short in the left half: the left
    cell spans both rows; the right half has two cells (hand-drawn expectation)."""
    def h(y, x0, x1):
        return {"x0": x0, "x1": x1, "top": y, "bottom": y, "orientation": "h"}

    def v(x, top, bottom):
        return {"x0": x, "x1": x, "top": top, "bottom": bottom, "orientation": "v"}

    edges = [h(0, 0, 200), h(50, 100, 200), h(100, 0, 200), v(0, 0, 100), v(100, 0, 100), v(200, 0, 100)]
    points = {}
    for e in edges:
        for f in edges:
            if e["orientation"] == "v" and f["orientation"] == "h" and \
                    f["x0"] <= e["x0"] <= f["x1"] and e["top"] <= f["top"] <= e["bottom"]:
                point = points.setdefault((e["x0"], f["top"]), {"v": [], "h": []})
                point["v"].append(e)
                point["h"].append(f)
    assert intersections_to_cells(points) == [(0, 0, 100, 100), (100, 0, 200, 50), (100, 50, 200, 100)]


def test_close_open_ends_adds_the_rule_a_cut_row_does_not_draw():
    from riskreg.extract.cells import close_open_ends

    def v(x, top, bottom):
        return {"x0": x, "x1": x, "top": top, "bottom": bottom, "orientation": "v"}

    def h(top):
        return {"x0": 0.0, "x1": 200.0, "top": top, "bottom": top, "orientation": "h"}

    # columns ruled from 50 down, the first horizontal rule at 63: the row above it is open
    edges = [v(0.0, 50, 300), v(100.0, 50, 300), v(200.0, 50, 300), h(63), h(300)]
    added = [e for e in close_open_ends(edges) if e.get("open_end")]
    assert [(e["top"], e["x0"], e["x1"], e["open_end"]) for e in added] == [(50, 0.0, 200.0, "top")]
    # a closed table gets nothing
    assert not [e for e in close_open_ends(edges + [h(50)]) if e.get("open_end")]
