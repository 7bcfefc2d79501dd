"""Cell rectangles from ruling lines: pdfplumber's table finder with a faster last step.

pdfplumber's TableFinder snaps and joins the edges, finds their intersections,
then looks for each intersection's smallest cell. That last step
(``intersections_to_cells``) scans every later point for each point and
rebuilds edge sets for each comparison; on a register page it takes most of
the finder's time. ``intersections_to_cells`` here gives the same cells in the
same order (a test compares the two on every page of every sample) with each
point's edge sets built once and the points in its row and column looked up.
"""
from __future__ import annotations

from collections import defaultdict

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils import obj_to_bbox

Point = tuple[float, float]
BBox = tuple[float, float, float, float]


def intersections_to_cells(intersections: dict) -> list[BBox]:
    """Every smallest rectangle whose corners are intersections joined by edges (pdfplumber's rule)."""
    v_sets = {p: set(map(obj_to_bbox, d["v"])) for p, d in intersections.items()}
    h_sets = {p: set(map(obj_to_bbox, d["h"])) for p, d in intersections.items()}

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not v_sets[p1].isdisjoint(v_sets[p2]):
            return True
        return p1[1] == p2[1] and not h_sets[p1].isdisjoint(h_sets[p2])

    points = sorted(intersections)
    column: dict[float, list[Point]] = defaultdict(list)  # same x, top to bottom
    row: dict[float, list[Point]] = defaultdict(list)  # same top, left to right
    place: dict[Point, tuple[int, int]] = {}
    for p in points:
        place[p] = (len(column[p[0]]), len(row[p[1]]))
        column[p[0]].append(p)
        row[p[1]].append(p)
    cells = []
    for pt in points:
        in_column, in_row = place[pt]
        below, right = column[pt[0]][in_column + 1:], row[pt[1]][in_row + 1:]
        cell = None
        for below_pt in below:
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                    cell = (pt[0], pt[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


def close_open_ends(edges: list[dict], tolerance: float = 1.0, min_rules: int = 3) -> list[dict]:
    """Add the rule a table's cut end does not draw: where several vertical rules start
    (or end) at one height that no horizontal rule reaches.

    A producer that cuts a row at the page end (reportlab's ``splitInRow``) draws
    the rest of the row at the top of the next page with its column rules but no
    rule above it; without one, the finder drops that row and its text.
    """
    horizontal = [e for e in edges if e["orientation"] == "h"]
    vertical = [e for e in edges if e["orientation"] == "v"]
    added = []
    for end in ("top", "bottom"):
        heights: dict[float, list[dict]] = defaultdict(list)
        for e in vertical:
            heights[round(e[end])].append(e)
        for y, group in heights.items():
            if len(group) < min_rules:
                continue
            x0, x1 = min(e["x0"] for e in group), max(e["x0"] for e in group)
            closed = any(abs(h["top"] - y) <= tolerance and h["x0"] <= x0 + tolerance
                         and h["x1"] >= x1 - tolerance for h in horizontal + added)
            # only an end the table's own rules show: a full-width rule crosses the group
            spanned = any(h["x0"] <= x0 + tolerance and h["x1"] >= x1 - tolerance
                          and min(e["top"] for e in group) < h["top"] < max(e["bottom"] for e in group)
                          for h in horizontal)
            if not closed and spanned:
                top = group[0][end]
                added.append({"x0": x0, "x1": x1, "top": top, "bottom": top, "width": x1 - x0,
                              "height": 0.0, "orientation": "h", "object_type": "line",
                              "doctop": top, "y0": 0.0, "y1": 0.0, "open_end": end,
                              # how far the rules of that end reach: the table it closes
                              "reach": (max if end == "top" else min)(e["bottom" if end == "top" else "top"]
                                                                       for e in group)})
    return edges + added


class CellFinder(TableFinder):
    """pdfplumber's TableFinder (its steps as in its __init__) with the faster cell step,
    and a rule added where a table's cut end draws none (``close_open_ends``)."""

    close_ends = True

    def __init__(self, page, settings: dict | None = None, ours=None):
        """``settings`` are pdfplumber's; ``ours`` (ExtractSettings) say how a cut end is closed."""
        self.page = page
        self.settings = TableSettings.resolve(settings)
        self.edges = _closed(self.get_edges(), ours) if self.close_ends else self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance)
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


def _closed(edges: list[dict], ours) -> list[dict]:
    if ours is None:
        return close_open_ends(edges)
    return close_open_ends(edges, ours.open_end_tolerance, ours.open_end_min_rules)


def open_ends(page, settings: dict | None = None, ours=None) -> list[dict]:
    """The rules ``close_open_ends`` adds on a page, from pdfplumber's snapped and joined edges."""
    finder = TableFinder.__new__(TableFinder)  # only its edge step: no cells, no tables
    finder.page, finder.settings = page, TableSettings.resolve(settings)
    return [e for e in _closed(finder.get_edges(), ours) if e.get("open_end")]
