"""riskreg's cell step gives exactly pdfplumber's cells, on every page of every sample, from both readers."""
from __future__ import annotations

import pdfplumber
import pytest
from pdfplumber.table import TableFinder, TableSettings

from golden import SAMPLES
from riskreg.extract.cells import CellFinder, intersections_to_cells
from riskreg.extract.pdfium_reader import read_pages

SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
NAMES = sorted(p.stem for p in SAMPLES.glob("*.pdf"))


class _PlainCellFinder(CellFinder):
    """riskreg's cell step on pdfplumber's own edges (its own snap, no rule added at a cut end)."""

    close_ends = False
    get_edges = TableFinder.get_edges


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
    # lines draw no cell; a zebra sheet has no borders, only fills whose edges may close few cells
    if "unruled" not in name and "calc_zebra" not in name and not ("records" in name and name.endswith("_lines")):
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
    # that side kept, moved onto the rule it lies on
    assert [e for e in kept if "fill_box" in e] == [_edge(10, 40, 60, 40, fill_box=highlight)]
    # a rule drawn as a thin filled rectangle stays a rule; a fill no lines surround keeps its sides
    # among the lines, and gives none away from every line: it is the fill reader's (a zebra row
    # cut into patches is one row there, not many cells)
    thin = (0, 20, 100, 20.5)
    assert ruling_edges(rules + _box_edges(thin, fill_box=thin), 3.0, 2.0) == rules + _box_edges(thin, fill_box=thin)
    beside = _box_edges((50, 30, 150, 60), fill_box=(50, 30, 150, 60))
    assert ruling_edges(rules + beside, 3.0, 2.0) == rules + beside
    alone = _box_edges((200, 0, 300, 20), fill_box=(200, 0, 300, 20))
    assert ruling_edges(rules + alone, 3.0, 2.0) == rules
    patches = _box_edges((0, 0, 40, 20), fill_box=(0, 0, 40, 20)) + _box_edges((40, 0, 60, 20), fill_box=(40, 0, 60, 20))
    assert ruling_edges(patches, 3.0, 2.0) == []  # a page drawn in fills only: no rule at all


def test_a_fill_in_a_row_cut_at_the_page_end_splits_no_cell():
    """A row cut at the page's end has no rule below it: a highlight in its cell, between the
    column's rules that run past it, gives no rules either (seeds 137 and 1487 of the layout
    fuzzer read its Nr and IKP cells as a row of their own)."""
    open_bottom = [_edge(0, 0, 100, 0), _edge(0, 0, 0, 40), _edge(100, 0, 100, 40)]
    highlight = (10, 5, 60, 30)
    assert ruling_edges(open_bottom + _box_edges(highlight, fill_box=highlight), 3.0, 2.0) == open_bottom
    # the rest of a cut row at the next page's top: the rule below, none above
    open_top = [_edge(0, 40, 100, 40), _edge(0, 0, 0, 40), _edge(100, 0, 100, 40)]
    assert ruling_edges(open_top + _box_edges(highlight, fill_box=highlight), 3.0, 2.0) == open_top
    # column rules that stop short of the fill's height do not enclose it: its sides stay
    short = [_edge(0, 0, 100, 0), _edge(0, 0, 0, 20), _edge(100, 0, 100, 20)]
    fill = _box_edges(highlight, fill_box=highlight)
    assert ruling_edges(short + fill, 3.0, 2.0) == short + fill


def test_a_row_boundary_the_column_rules_show_gets_its_rule():
    """reportlab draws the rest of a row cut at the page end under the repeated header with no
    rule between them, each column rule in two pieces meeting there (layout fuzzer seeds 392,
    469, 644, 890: the page's table was one row, lost to the ruled finder, and the unruled reader
    took the heading under it into the cut goal)."""
    from riskreg.extract.cells import meeting_rules

    xs = [0.0, 50.0, 120.0, 200.0]
    pieces = [_edge(x, 0, x, 18) for x in xs] + [_edge(x, 18, x, 60) for x in xs]
    outline = [_edge(0, 0, 200, 0), _edge(0, 60, 200, 60)]
    added = meeting_rules(pieces + outline)
    assert [(e["x0"], e["top"], e["x1"], e["orientation"]) for e in added] == [(0.0, 18, 200.0, "h")]
    # a rule drawn there, even over part of the width (a merged cell beside it): nothing added
    assert meeting_rules(pieces + outline + [_edge(50, 18, 120, 18)]) == []
    # rules in one piece, or fewer than three meeting: no row boundary shown
    assert meeting_rules([_edge(x, 0, x, 60) for x in xs] + outline) == []
    assert meeting_rules([_edge(x, 0, x, 18) for x in xs[:2]] + [_edge(x, 18, x, 60) for x in xs[:2]]) == []


def _line(x0, top, x1, bottom) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": "h" if top == bottom else "v", "object_type": "line", "doctop": top}


def test_a_fill_side_on_a_rule_never_chains_the_snap_to_another_tables_rule():
    """A highlight's side 3 pt off the VoR's column rule at 105.5 is kept as on that rule; left
    where it is, at 102.5, it chained pdfplumber's snap (each edge within 3 pt of the next) on
    to the rule at 100 of the table below, which moved over its column's first letters (layout
    fuzzer seeds 1118, 1338: "tickprov", the "S" read into the cell before). Moved onto the
    rule it lies on, the table below keeps its rule where it is drawn."""
    from types import SimpleNamespace

    above = [_line(0, 0, 200, 0), _line(0, 30, 200, 30), _line(0, 60, 200, 60)]
    above += [_line(x, 0, x, 60) for x in (0, 105.5, 200)]
    highlight = (40, 35, 102.5, 55)  # in the left cell of the second row, its right side near the rule
    below = [_line(0, 100, 200, 100), _line(0, 150, 200, 150)] + [_line(x, 100, x, 150) for x in (0, 100, 200)]
    edges = above + [{**e, "width": e["x1"] - e["x0"], "height": e["bottom"] - e["top"], "doctop": e["top"]}
                     for e in _box_edges(highlight, fill_box=highlight)] + below
    page = SimpleNamespace(edges=edges, bbox=(0, 0, 300, 300))
    finder = CellFinder(page, SETTINGS, ExtractSettings())
    lower = [t for t in finder.tables if t.bbox[1] >= 100]
    assert [sorted({c[0] for c in t.cells}) for t in lower] == [[0, 100]]


def test_two_tables_rules_are_never_snapped_onto_each_other():
    """pdfplumber snaps every edge of a page within 3 pt of another to their mean: the VoR's
    column rule at 102.5, drawn in row pieces with a highlight's side moved onto it, and the IKP
    table's rule at 100 below it met at 101.9, over the IKP column's first letters (layout fuzzer
    seeds 147, 216: "ransaktioner"). Snapped rule by rule, each table's rule stays where drawn;
    the pieces of one rule still share their mean."""
    from types import SimpleNamespace

    from pdfplumber.table import snap_edges as pdfplumbers_snap

    from riskreg.extract.cells import snap_edges

    above = [_line(0, 0, 200, 0), _line(0, 60, 200, 60)] + [_line(0, 0, 0, 60), _line(200, 0, 200, 60)]
    above += [_line(102.5, 0, 102.5, 20), _line(102.5, 20, 102.5, 40), _line(102.5, 40, 102.5, 60),
              _line(102.5, 45, 102.5, 55)]
    below = [_line(0, 100, 200, 100), _line(0, 150, 200, 150)] + [_line(x, 100, x, 150) for x in (0, 100, 200)]
    edges = above + below
    settings = TableSettings.resolve(SETTINGS)
    assert {round(e["x0"], 2) for e in pdfplumbers_snap(edges, 3, 3) if e["orientation"] == "v"} == {0, 102.0, 200}
    assert {e["x0"] for e in snap_edges(edges, settings) if e["orientation"] == "v"} == {0, 100, 102.5, 200}
    finder = CellFinder(SimpleNamespace(edges=edges, bbox=(0, 0, 300, 300)), SETTINGS, ExtractSettings())
    lower = [t for t in finder.tables if t.bbox[1] >= 100]
    assert [sorted({c[0] for c in t.cells}) for t in lower] == [[0, 100]]
    # pieces of one rule a hair apart, touching: snapped together as pdfplumber snaps them
    pieces = [_line(50.0, 0, 50.0, 20), _line(50.6, 20, 50.6, 40), _line(51.1, 41, 51.1, 60)]
    assert sorted(e["x0"] for e in snap_edges(pieces, settings)) == sorted(
        e["x0"] for e in pdfplumbers_snap(pieces, 3, 3))
