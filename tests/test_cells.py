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


def _same_cells(page) -> int:
    theirs = TableFinder(page, SETTINGS)
    ours = CellFinder(page, SETTINGS)
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
