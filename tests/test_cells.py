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
    if "unruled" not in name and "records_lines" not in name:  # records in lines draw no cell
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


# --- slivers and fills (issue 25 item 1) --------------------------------------------------

from riskreg.extract.cells import ruling_edges  # noqa: E402
from riskreg.extract.lattice import _merge_slivers, cells_to_table  # noqa: E402
from riskreg.extract.settings import ExtractSettings  # noqa: E402


def test_a_sliver_row_is_merged_into_its_neighbour():
    # a 1.2 pt row above the last line: the line above it goes, the outline stands
    kept, merged = _merge_slivers([10.0, 20.0, 30.0, 31.2], 3.0)
    assert kept == [0, 1, 3] and merged == [0, 1, 2, 2]
    # a sliver under the first line: the first line stands
    kept, merged = _merge_slivers([10.0, 11.0, 20.0], 3.0)
    assert kept == [0, 2] and merged == [0, 0, 1]
    assert _merge_slivers([10.0, 20.0, 30.0], 3.0) == ([0, 1, 2], [0, 1, 2])


def _two_by_two(bottom_sliver: float) -> list[tuple]:
    rects = [(0, 0, 50, 10), (50, 0, 100, 10), (0, 10, 50, 20), (50, 10, 100, 20)]
    return rects + [(0, 20, 50, 20 + bottom_sliver), (50, 20, 100, 20 + bottom_sliver)]


@pytest.mark.parametrize("sliver", [0.05, 1.2, 2.5])
def test_a_grid_never_indexes_past_its_rows(sliver):
    """A sliver row at the bottom (thinner than edge_snap: snapped into the last line; or a row of
    its own thinner than min_row_height) leaves a grid of two rows, every cell inside it."""
    table = cells_to_table(1, (0, 0, 100, 20 + sliver), _two_by_two(sliver), [], ExtractSettings())
    assert (table.n_rows, table.n_cols) == (2, 2)
    assert all(c.row < table.n_rows and c.col < table.n_cols for c in table.cells)
    assert [[c is not None for c in row] for row in table.grid()] == [[True, True], [True, True]]


def _edge(x0, top, x1, bottom, **extra) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "orientation": "h" if top == bottom else "v",
            "object_type": "path_edge", **extra}


def _box_edges(box, **extra) -> list[dict]:
    x0, top, x1, bottom = box
    return [_edge(x0, top, x1, top, **extra), _edge(x0, bottom, x1, bottom, **extra),
            _edge(x0, top, x0, bottom, **extra), _edge(x1, top, x1, bottom, **extra)]


def test_a_fill_inside_a_ruled_cell_gives_only_its_sides_on_the_rules():
    rules = _box_edges((0, 0, 100, 40))
    highlight = (10, 10, 60, 38.5)  # its bottom 1.5 pt above the cell's rule, the rest inside
    kept = ruling_edges(rules + _box_edges(highlight, fill_box=highlight), 3.0, 2.0)
    assert [e for e in kept if "fill_box" in e] == [_edge(10, 38.5, 60, 38.5, fill_box=highlight)]
    # a rule drawn as a thin filled rectangle stays a rule; a fill no lines surround keeps its sides
    thin = (0, 20, 100, 20.5)
    assert ruling_edges(rules + _box_edges(thin, fill_box=thin), 3.0, 2.0) == rules + _box_edges(thin, fill_box=thin)
    alone = _box_edges((200, 0, 300, 20), fill_box=(200, 0, 300, 20))
    assert ruling_edges(rules + alone, 3.0, 2.0) == rules + alone
