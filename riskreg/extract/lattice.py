"""Ruled tables: pdfplumber's table finder gives cell rectangles; we make them a grid.

pdfplumber finds cells from ruling lines (snap, join, intersect). Here the
cell rectangles become rows x columns with spans, so that a vertically merged
cell (a goal printed once for several risks) is one Cell over several rows and
the slots below it are None, while an empty cell is a Cell with "" text.
"""
from __future__ import annotations

import bisect
import traceback
from contextlib import contextmanager
from operator import itemgetter

import numpy as np

from . import char_boxes
from .cells import CellFinder
from .model import Cell, Table, TableFailure
from .reader_errors import is_reader_error
from .settings import ExtractSettings
from .text import chars_to_lines, join_lines


_BY_TOP, _BY_X0 = itemgetter("top"), itemgetter("x0")


def _edges(values: list[float], snap: float) -> list[float]:
    """Sorted distinct coordinates, those closer than ``snap`` taken as one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > snap:
            out.append(v)
    return out


def _index(edges: list[float], value: float, snap: float) -> int:
    i = bisect.bisect_left(edges, value - snap)
    return min(i, len(edges) - 1)


def _merge_slivers(edges: list[float], min_gap: float) -> tuple[list[int], list[int]]:
    """The grid lines that stand once rows (or columns) thinner than ``min_gap`` are merged into
    their neighbour, the table's outer lines kept; and for each line, the standing line it becomes."""
    kept: list[int] = []
    for i, v in enumerate(edges):
        if kept and v - edges[kept[-1]] < min_gap:
            if len(kept) > 1:
                kept[-1] = i  # an inner line a hair above this one: this one stands (the outline, last)
            continue  # a hair below the table's first line: that line stands
        kept.append(i)
    # every line goes to the standing line nearest it: a sliver's two sides meet on one line
    return kept, [min(range(len(kept)), key=lambda k: abs(edges[kept[k]] - v)) for v in edges]


def _place(chars: list[dict], rects: list[tuple], xs: list[float], ys: list[float], order: list[int],
           grid: dict[tuple[int, int], int], box: np.ndarray | None = None,
           run_gap_ratio: float | None = None) -> tuple[list[list[dict]], list[dict]]:
    """Each cell's characters (in the order given) and those inside the table's box in no cell.

    A character belongs to the cell holding its centre, the first in ``order`` when the centre
    lies on a border; with ``run_gap_ratio``, a character of a text run (``char_boxes.run_starts``:
    a word as printed) to the cell its run's first character is in, when one holds that. The grid
    square under the centre names the cell at once for a centre strictly inside it (array
    operations over all characters); the few others are looked up one by one."""
    n = len(chars)
    buckets: list[list[dict]] = [[] for _ in rects]
    if not n or not rects:
        return buckets, [c for c in chars if not c["text"].isspace()], False
    box = char_boxes.boxes(chars) if box is None else box
    cx, cy = (box[:, 0] + box[:, 2]) / 2, (box[:, 1] + box[:, 3]) / 2
    cells = np.full((len(ys) + 1, len(xs) + 1), -1, dtype=np.int64)
    for (r, c), i in grid.items():
        if 0 <= r < len(ys) and 0 <= c < len(xs):
            cells[r, c] = i
    rows = np.searchsorted(np.asarray(ys, dtype=np.float64), cy, side="left") - 1
    cols = np.searchsorted(np.asarray(xs, dtype=np.float64), cx, side="left") - 1
    target = np.where((rows >= 0) & (cols >= 0), cells[rows.clip(0), cols.clip(0)], -1)
    r = np.asarray(rects, dtype=np.float64)[target.clip(0)]
    strict = ((target >= 0) & (cy - r[:, 1] > 1e-6) & (r[:, 3] - cy > 1e-6)
              & (cx - r[:, 0] > 1e-6) & (r[:, 2] - cx > 1e-6))
    for k in np.flatnonzero(~strict).tolist():  # on a border, or where the grid has no cell
        target[k] = _holder(rects, order, grid, int(target[k]), float(cx[k]), float(cy[k]))
    # a word run past its cell's rule is still that cell's (asked when a box reaches a cell's side)
    if run_gap_ratio is not None and ((target >= 0) & ((box[:, 0] <= r[:, 0]) | (box[:, 2] >= r[:, 2]))).any():
        start = char_boxes.run_starts(chars, box, run_gap_ratio)
        target = np.where(target[start] >= 0, target[start], target)
    by_cell, ordered = _by_cell(chars, target)
    starts = np.searchsorted(target[by_cell], np.arange(-1, len(rects) + 1))
    unplaced = [c for c in char_boxes.pick(chars, by_cell[starts[0]:starts[1]]) if not c["text"].isspace()]
    for i in range(len(rects)):
        if starts[i + 2] > starts[i + 1]:
            buckets[i] = char_boxes.pick(chars, by_cell[starts[i + 1]:starts[i + 2]])
    return buckets, unplaced, ordered


def _by_cell(chars: list[dict], target: np.ndarray) -> tuple[np.ndarray, bool]:
    """The characters' indices cell by cell (``target``), each cell's in text.in_line_order's
    order (top rounded to 0.1 pt, then x0; ties in the order given), one sort for the page's
    cells; and whether they are so (a coordinate not a number: in the order given)."""
    n = len(chars)
    tops = np.fromiter(map(_BY_TOP, chars), np.float64, n)
    x0s = np.fromiter(map(_BY_X0, chars), np.float64, n)
    if np.isnan(tops).any() or np.isnan(x0s).any():
        return np.argsort(target, kind="stable"), False
    distinct, at = np.unique(tops, return_inverse=True)
    rounded = np.array([round(top, 1) for top in distinct.tolist()], dtype=np.float64)  # as Python rounds
    return np.lexsort((x0s, rounded[at], target)), True


def _holder(rects: list[tuple], order: list[int], grid, i: int, cx: float, cy: float) -> int:
    """The cell holding a centre not strictly inside the cell its grid square names (``i``, -1
    for none): that cell when it holds it and no earlier one does, else the first in ``order``."""
    if i >= 0:
        x0, top, x1, bottom = rects[i]
        if x0 <= cx <= x1 and top <= cy <= bottom and not _earlier_holds(order, rects, i, cx, cy):
            return i
    for j in order:
        x0, top, x1, bottom = rects[j]
        if x0 <= cx <= x1 and top <= cy <= bottom:
            return j
    return -1


def _earlier_holds(order: list[int], rects: list[tuple], i: int, cx: float, cy: float) -> bool:
    """Whether a rectangle before ``i`` in reading order also holds the point (a point on a
    border; one strictly inside a cell of a grid is held by no other)."""
    for j in order:
        if j == i:
            return False
        a0, t, a1, b = rects[j]
        if a0 <= cx <= a1 and t <= cy <= b:
            return True
    return False


def _without_slivers(rects: list[tuple], xs: list[float], ys: list[float], snap: float,
                     settings: ExtractSettings) -> tuple[list[tuple], list[float], list[float]]:
    """The cell rectangles and grid lines with sliver rows and columns merged into their
    neighbours (``min_row_height``, ``min_col_width``): each rectangle's sides moved onto the
    lines that stand; a rectangle left with no row or column of its own dropped (no line of text
    fits in it; a character there is unplaced, and the word audit reports it)."""
    kept_x, col_of = _merge_slivers(xs, settings.min_col_width)
    kept_y, row_of = _merge_slivers(ys, settings.min_row_height)
    if len(kept_x) == len(xs) and len(kept_y) == len(ys):
        # no sliver between lines; a rectangle thinner than edge_snap at the table's far side
        # starts on its last line (snapped into it) and would make a row or column past the grid
        last_x, last_y = len(xs) - 1, len(ys) - 1
        return [r for r in rects if _index(xs, r[0], snap) < last_x and _index(ys, r[1], snap) < last_y], xs, ys
    new_xs, new_ys = [xs[i] for i in kept_x], [ys[i] for i in kept_y]
    out = []
    for x0, top, x1, bottom in rects:
        c0, c1 = col_of[_index(xs, x0, snap)], col_of[_index(xs, x1, snap)]
        r0, r1 = row_of[_index(ys, top, snap)], row_of[_index(ys, bottom, snap)]
        if c1 > c0 and r1 > r0:
            out.append((new_xs[c0], new_ys[r0], new_xs[c1], new_ys[r1]))
    return out, new_xs, new_ys


def cells_to_table(page_number: int, bbox, rects: list[tuple], chars: list[dict],
                   settings: ExtractSettings, boxes: np.ndarray | None = None) -> Table:
    """Cell rectangles and the page's characters -> a Table with spans and text (``boxes``:
    the characters' boxes, when the caller has them as an array already)."""
    snap = settings.edge_snap
    xs = _edges([r[0] for r in rects] + [r[2] for r in rects], snap)
    ys = _edges([r[1] for r in rects] + [r[3] for r in rects], snap)
    rects, xs, ys = _without_slivers(rects, xs, ys, snap, settings)
    # assign each character to the cell holding its centre (the first, top to bottom,
    # when it lies on a border); the grid finds the cell, the rectangle confirms it
    order = sorted(range(len(rects)), key=lambda i: (rects[i][1], rects[i][0]))
    grid: dict[tuple[int, int], int] = {}
    for i in order:
        x0, top, x1, bottom = rects[i]
        for r in range(_index(ys, top, snap), max(_index(ys, bottom, snap), _index(ys, top, snap) + 1)):
            for c in range(_index(xs, x0, snap), max(_index(xs, x1, snap), _index(xs, x0, snap) + 1)):
                grid.setdefault((r, c), i)
    buckets, unplaced, ordered = _place(chars, rects, xs, ys, order, grid, boxes, settings.run_gap_ratio)
    cells = []
    for rect, cell_chars in zip(rects, buckets):
        x0, top, x1, bottom = rect
        col, row = _index(xs, x0, snap), _index(ys, top, snap)
        col_end, row_end = _index(xs, x1, snap), _index(ys, bottom, snap)
        lines = chars_to_lines(cell_chars, settings, ordered)
        text = join_lines(lines, rect, settings)
        cells.append(Cell(text=text, lines=lines, page=page_number, bbox=tuple(rect), row=row, col=col,
                          row_span=max(1, row_end - row), col_span=max(1, col_end - col),
                          uncertain=any("clipped" in ch for ch in cell_chars)))  # text cut at its edge
    return Table(page=page_number, bbox=tuple(bbox), n_rows=len(ys) - 1, n_cols=len(xs) - 1,
                 cells=cells, col_edges=xs,
                 unplaced=[line.text for line in chars_to_lines(unplaced, settings)] if unplaced else [])


def find_tables(page, page_number: int, chars: list[dict], settings: ExtractSettings,
                failures: list | None = None, boxes: np.ndarray | None = None) -> list[Table]:
    """All ruled tables on a page (pdfplumber's or the pdfium reader's), top to bottom.

    ``boxes``: the characters' boxes as an array (extract/char_boxes.py), when known.
    With ``failures`` (a list), a table that raises while being made is left out and its
    TableFailure appended there, the page's other tables kept; without, the error goes on."""
    tables = []
    finder = CellFinder(page, settings.finder_settings(), settings)
    open_tops = [e["top"] for e in finder.edges if e.get("open_end") == "top"]
    page_boxes = boxes  # the characters' boxes (read once the page has a table, when not given)
    for index, found in enumerate(finder.tables, start=1):
        rects = [tuple(c) for c in found.cells]
        if not rects:
            continue
        with contained(failures, page_number, index, tuple(found.bbox)):
            if page_boxes is None:
                page_boxes = char_boxes.boxes(chars)
            mask = char_boxes.within(page_boxes, tuple(found.bbox), 1.0)
            table = cells_to_table(page_number, found.bbox, rects, char_boxes.pick(chars, mask), settings,
                                   page_boxes[mask])
            top = found.bbox[1]
            table.open_top = any(abs(y - top) < 1.0 for y in open_tops)
            if table.n_cols >= settings.min_cols:
                table.grid()  # a cell outside its grid fails here, not in a later stage
                tables.append(table)
    return big_enough(tables, settings)


def big_enough(tables: list[Table], settings: ExtractSettings) -> list[Table]:
    """The tables with rows enough to keep (``min_rows``), top to bottom.

    The page's topmost table may have a single row: the rest of a row the page end cut
    when that row was its table's last. Writer draws that rest in a box of its own at the
    top of the next page; the stitcher joins it to the row it goes on (normalize/stitch.py).
    """
    tables = sorted(tables, key=lambda t: t.bbox[1])
    return [t for i, t in enumerate(tables) if t.n_rows >= settings.min_rows or (i == 0 and t.n_rows == 1)]


@contextmanager
def contained(failures: list | None, page: int, table: int | None, bbox=None):
    """Around the reading of one table (or one page's tables): an exception becomes a
    TableFailure in ``failures`` and the work goes on; a reader's own error (the file is
    damaged), a MemoryError, or any error when ``failures`` is None goes on as it is."""
    if failures is None:
        yield
        return
    try:
        yield
    except MemoryError:
        raise
    except Exception as exc:
        if is_reader_error(exc):
            raise
        failures.append(TableFailure(page, table, bbox, f"{type(exc).__name__}: {exc}",
                                     traceback.format_exc()))


def _open_top_row(rects: list[tuple], box: tuple, open_tops: list[dict]
                  ) -> tuple[list[tuple], float, bool]:
    """A table's first row drawn without a rule above it: whether it has one, and its cells
    when another finder left that row out (one per column of the table's first row)."""
    x0, top, x1, _ = box
    for e in open_tops:
        if abs(e["x0"] - x0) < 2.0 and abs(e["x1"] - x1) < 2.0 and e["top"] < top + 2.0 < e["reach"]:
            if e["top"] > top - 2.0:  # the finder has the row already
                return rects, top, True
            if not any(abs(e["top"] - r[1]) < 2.0 for r in rects):
                first = [r for r in rects if abs(r[1] - top) < 1.0]
                return [(r[0], e["top"], r[2], top) for r in first] + rects, e["top"], True
    return rects, top, False


def _nearest(value: float, rules: list[float], snap: float) -> float:
    i = bisect.bisect_left(rules, value)
    near = [r for r in rules[max(i - 1, 0):i + 1] if abs(r - value) <= snap]
    return min(near, key=lambda r: abs(r - value)) if near else value


def _onto_rules(rect: tuple, xs: list[float], ys: list[float], snap: float) -> tuple:
    """A cell box of camelot (found in a picture of the page, a few tenths of a point off) moved
    onto the drawn rules within ``snap``, where pdfplumber's finder places them: both engines'
    cells then end where the rule is, and a line's distance from its cell's edge is the same."""
    x0, top, x1, bottom = rect
    return (_nearest(x0, xs, snap), _nearest(top, ys, snap), _nearest(x1, xs, snap), _nearest(bottom, ys, snap))


def tables_from_boxes(found: list[tuple], page_number: int, page_bbox: tuple, chars: list[dict],
                      settings: ExtractSettings, page=None) -> list[Table]:
    """Tables of another finder (camelot), given as (table box, cell boxes) in PDF coordinates;
    ``page_bbox`` is the page's media box in the reader's frame.

    With the ``page``, a row the page end cut (no rule above it) is added as the
    pdfplumber finder adds it (``close_open_ends``)."""
    from .camelot_engine import to_page_box
    from .cells import open_ends, snapped_edges
    open_tops, xs, ys = [], [], []
    if page is not None:
        edges = snapped_edges(page, settings.finder_settings(), settings)
        open_tops = [e for e in open_ends(page, ours=settings, edges=edges) if e["open_end"] == "top"]
        xs = sorted({e["x0"] for e in edges if e["orientation"] == "v"})
        ys = sorted({e["top"] for e in edges if e["orientation"] == "h"})
    tables = []
    for box, cell_boxes in found:
        x0, top, x1, bottom = to_page_box(box, page_bbox)
        rects = [_onto_rules(to_page_box(b, page_bbox), xs, ys, settings.edge_snap) for b in cell_boxes]
        rects, top, is_open = _open_top_row(rects, (x0, top, x1, bottom), open_tops)
        inside = [c for c in chars if x0 - 1 <= c["x0"] and c["x1"] <= x1 + 1
                  and top - 1 <= c["top"] and c["bottom"] <= bottom + 1]
        table = cells_to_table(page_number, (x0, top, x1, bottom), rects, inside, settings)
        table.open_top = is_open
        if table.n_cols >= settings.min_cols:
            tables.append(table)
    return big_enough(tables, settings)
