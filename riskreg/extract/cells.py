"""Cell rectangles from ruling lines: pdfplumber's table finder with a faster last step.

pdfplumber's TableFinder snaps and joins the edges, finds their intersections,
then looks for each intersection's smallest cell. That last step
(``intersections_to_cells``) scans every later point for each point and
rebuilds edge sets for each comparison; on a register page it takes most of
the finder's time. ``intersections_to_cells`` here gives the same cells in the
same order (a test compares the two on every page of every sample) with each
point's edge sets built once and the points in its row and column looked up.
Its snap step differs where pdfplumber's would snap two tables' rules together: ``snap_edges``.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils import cluster_list, move_object, obj_to_bbox

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


def _fill_box(edge: dict, max_rule: float):
    """The box of the filled, unstroked rectangle an edge is a side of, when it is thicker than a
    ruling line both ways (a cell's colour, a highlight); else None (a line, or a rule drawn as a
    thin filled rectangle, as Word and reportlab draw them)."""
    box = edge.get("fill_box")
    if box is None and edge.get("object_type") == "rect_edge" and edge.get("fill") and not edge.get("stroke"):
        box = edge.get("_rect_box")
    if box is None or box[2] - box[0] <= max_rule or box[3] - box[1] <= max_rule:
        return None
    return box


def _line_along(edge: dict, lines: list[dict], snap: float) -> dict | None:
    """The drawn line nearest ``edge`` that lies along it, within ``snap``, over part of its
    length; None when none does."""
    if edge["orientation"] == "h":
        near = [h for h in lines if h["orientation"] == "h" and abs(h["top"] - edge["top"]) <= snap
                and h["x0"] < edge["x1"] and h["x1"] > edge["x0"]]
        return min(near, key=lambda h: abs(h["top"] - edge["top"]), default=None)
    near = [v for v in lines if v["orientation"] == "v" and abs(v["x0"] - edge["x0"]) <= snap
            and v["top"] < edge["bottom"] and v["bottom"] > edge["top"]]
    return min(near, key=lambda v: abs(v["x0"] - edge["x0"]), default=None)


def _onto(edge: dict, line: dict) -> dict:
    """``edge`` moved onto ``line``'s place across it."""
    if edge["orientation"] == "h":
        return move_object(edge, "v", line["top"] - edge["top"])
    return move_object(edge, "h", line["x0"] - edge["x0"])


def _enclosed(box: tuple, lines: list[dict], snap: float) -> bool:
    """Whether drawn lines surround a box on all four sides (it lies in a ruled table's area).

    A row cut at the page's end draws no rule below it (its rest, none above): there a line on
    one side and the column's rules running the box's whole height on its left and right
    enclose it."""
    x0, top, x1, bottom = box
    h = [e for e in lines if e["orientation"] == "h" and e["x0"] < x1 and e["x1"] > x0]
    v = [e for e in lines if e["orientation"] == "v" and e["top"] < bottom and e["bottom"] > top]
    above, below = any(e["top"] <= top + snap for e in h), any(e["top"] >= bottom - snap for e in h)
    if not (above or below):
        return False
    left, right = [e for e in v if e["x0"] <= x0 + snap], [e for e in v if e["x0"] >= x1 - snap]
    if above and below:
        return bool(left and right)
    spans = lambda e: e["top"] <= top + snap and e["bottom"] >= bottom - snap  # noqa: E731
    return any(map(spans, left)) and any(map(spans, right))


def ruling_edges(edges: list[dict], snap: float, max_rule: float) -> list[dict]:
    """A page's edges as the table finder should take them: a thick fill among drawn lines (a
    coloured risk value drawn a hair inside its cell's rules, a highlight behind a line of text)
    gives only its sides that lie on a drawn line, moved onto it, so it never splits a cell (nor,
    3 pt off the line, chains pdfplumber's snap on to another table's rule beside it); a fill no
    lines surround keeps all its sides where lines are drawn about it (within the box of the
    page's lines), and gives none where no line is (a sheet printed without borders): those are
    the fill reader's (readers/fills.py), which takes each fill whole (a zebra row cut into
    patches by the merged ranges and the coloured cells is one row, not a patchwork of cells)."""
    fills = [(e, _fill_box(e, max_rule)) for e in edges]
    if all(box is None for _, box in fills):
        return edges
    lines = [e for e, box in fills if box is None]
    inf = float("inf")
    area = (min((e["x0"] for e in lines), default=inf), min((e["top"] for e in lines), default=inf),
            max((e["x1"] for e in lines), default=-inf), max((e["bottom"] for e in lines), default=-inf))
    enclosed: dict[tuple, bool] = {}
    out = []
    for e, box in fills:
        if box is not None:
            if box not in enclosed:
                enclosed[box] = _enclosed(box, lines, snap)
            if not enclosed[box]:
                if box[0] < area[2] + snap and box[2] > area[0] - snap and box[1] < area[3] + snap \
                        and box[3] > area[1] - snap:
                    out.append(e)
                continue
            line = _line_along(e, lines, snap)
            if line is None:
                continue
            e = _onto(e, line)
        out.append(e)
    return out


def _tag_rect_edges(page) -> None:
    """pdfplumber's rectangle edges carry the rectangle's fill but not its box: add it."""
    rects = getattr(page, "rects", None)
    if rects is None or getattr(page, "_rect_boxes_tagged", False):
        return
    edges = page.rect_edges  # four per rectangle, in the order of page.rects
    for i, r in enumerate(rects):
        for e in edges[4 * i:4 * i + 4]:
            e["_rect_box"] = (r["x0"], r["top"], r["x1"], r["bottom"])
    page._rect_boxes_tagged = True


def drawn_lines(page, edges: list[dict], max_rule: float) -> list[dict]:
    """A page's edges that are drawn lines (a rule drawn as a thin filled rectangle among them),
    not the sides of fills."""
    if page is not None:
        _tag_rect_edges(page)
    return [e for e in edges if _fill_box(e, max_rule) is None]


def meeting_rules(edges: list[dict], tolerance: float = 1.0, min_rules: int = 3) -> list[dict]:
    """The horizontal rules a table leaves out where its column rules show a row boundary: at
    a height where at least ``min_rules`` vertical rules end and go on below as new ones, and no
    horizontal rule is drawn at all (reportlab draws the rest of a row cut at the page's end
    under the repeated header with no rule between them; only a filled header's edge, no rule,
    is there). Given the page's edges before pdfplumber joins the pieces of a rule into one."""
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    starts: dict[float, list[float]] = defaultdict(list)
    ends: dict[float, list[dict]] = defaultdict(list)
    for e in vertical:
        starts[round(e["top"])].append(e["x0"])
        ends[round(e["bottom"])].append(e)
    added = []
    for y, group in ends.items():
        meet = sorted(e["x0"] for e in group if any(abs(e["x0"] - x) <= tolerance for x in starts.get(y, ())))
        if len(meet) < min_rules:
            continue
        top, x0, x1 = group[0]["bottom"], meet[0], meet[-1]
        if any(abs(h["top"] - top) <= tolerance and h["x0"] < x1 and h["x1"] > x0 for h in horizontal):
            continue
        added.append({"x0": x0, "x1": x1, "top": top, "bottom": top, "width": x1 - x0, "height": 0.0,
                      "orientation": "h", "object_type": "line", "doctop": top, "y0": 0.0, "y1": 0.0})
    return added


def side_rules(edges: list[dict], tolerance: float = 1.0, min_rules: int = 3) -> list[dict]:
    """The vertical rules a table leaves out at its sides: where at least ``min_rules`` of its
    horizontal rules end at one x, with column rules between them and none drawn there (a
    spreadsheet whose cells have borders on some sides only: left and bottom, so that its last
    column is drawn with no rule on its right). Given the page's edges before pdfplumber joins
    the pieces of a rule into one."""
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    added = []
    for side, inward in (("x0", 1), ("x1", -1)):
        ends: dict[float, list[dict]] = defaultdict(list)
        for h in horizontal:
            ends[round(h[side])].append(h)
        for group in ends.values():
            if len(group) < min_rules:
                continue
            x = sum(h[side] for h in group) / len(group)
            top, bottom = min(h["top"] for h in group), max(h["top"] for h in group)
            across = [v for v in vertical if v["top"] < bottom - tolerance and v["bottom"] > top + tolerance]
            if any(abs(v["x0"] - x) <= tolerance for v in across):
                continue
            reach = max(h["x1"] - h["x0"] for h in group)
            if not any(0 < (v["x0"] - x) * inward <= reach + tolerance for v in across):
                continue  # rules with no column rule beside them: lines under text, not a table
            added.append({"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0,
                          "height": bottom - top, "orientation": "v", "object_type": "line",
                          "doctop": top, "y0": 0.0, "y1": 0.0})
    return added


class _RuledPage:
    """A page whose ``edges`` are its ruling edges (``ruling_edges``); all else is the page's."""

    def __init__(self, page, edges: list[dict]):
        self._page, self.edges = page, edges

    def __getattr__(self, name):
        return getattr(self._page, name)


def ruled_page(page, settings: TableSettings, ours=None):
    """The page as the table finder should see it: thick fills among drawn lines no rules."""
    if ours is None:
        return page
    _tag_rect_edges(page)
    edges = ruling_edges(page.edges, max(settings.snap_x_tolerance, settings.snap_y_tolerance),
                         ours.max_rule_width)
    lines = [e for e in edges if _fill_box(e, ours.max_rule_width) is None]
    met = meeting_rules(lines, ours.open_end_tolerance, ours.open_end_min_rules)
    met += side_rules(lines, ours.open_end_tolerance, ours.open_end_min_rules)
    if met:
        edges = edges + met
    return page if edges is page.edges else _RuledPage(page, edges)


def _connected(edges: list[dict], start: str, end: str, join: float) -> list[list[dict]]:
    """Edges (of one snap cluster) in runs that touch or overlap along their length, within
    ``join``: the pieces of one rule, not the rules of two tables one above the other."""
    runs: list[list[dict]] = []
    reach = None
    for e in sorted(edges, key=lambda e: e[start]):
        if runs and e[start] <= reach + join:
            runs[-1].append(e)
            reach = max(reach, e[end])
        else:
            runs.append([e])
            reach = e[end]
    return runs


def _snap(edges: list[dict], orientation: str, tolerance: float, join: float) -> list[dict]:
    """pdfplumber's ``snap_objects`` (the edges of a chain of positions each within ``tolerance``
    of the next moved to their mean, in the chain's order), the mean taken over each run of
    connected edges (``_connected``) on its own."""
    attr, start, end, axis = ("x0", "top", "bottom", "h") if orientation == "v" else ("top", "x0", "x1", "v")
    if tolerance <= 0:
        return edges
    cluster = {v: n for n, chain in enumerate(cluster_list(list({e[attr] for e in edges}), tolerance))
               for v in chain}
    ordered = sorted(edges, key=lambda e: cluster[e[attr]])
    chains: dict[int, list[dict]] = defaultdict(list)
    for e in ordered:
        chains[cluster[e[attr]]].append(e)
    moved: dict[int, dict] = {}
    for members in chains.values():
        for run in _connected(members, start, end, join):
            mean = sum(e[attr] for e in run) / len(run)
            moved.update({id(e): move_object(e, axis, mean - e[attr]) for e in run})
    return [moved[id(e)] for e in ordered]


def snap_edges(edges: list[dict], settings: TableSettings) -> list[dict]:
    """The edges pdfplumber's line strategies take, snapped as it snaps them but never one
    table's rule onto another's: only edges that touch along their length share a mean.

    pdfplumber snaps every edge of a page within 3 pt of another to their mean: a VoR's column
    rule with its row pieces and highlights moved the IKP table's rule under it, 2.5 pt to its
    left, over its column's first letters."""
    strict = settings.vertical_strategy == "lines_strict"
    taken = [e for e in edges if e["orientation"] in ("v", "h") and (not strict or e["object_type"] == "line")
             and e["height" if e["orientation"] == "v" else "width"] >= settings.edge_min_length_prefilter]
    ids = {id(e) for e in taken}
    return (_snap([e for e in taken if e["orientation"] == "v"], "v", settings.snap_x_tolerance,
                  settings.join_y_tolerance)
            + _snap([e for e in taken if e["orientation"] == "h"], "h", settings.snap_y_tolerance,
                    settings.join_x_tolerance)
            + [e for e in edges if id(e) not in ids])


class CellFinder(TableFinder):
    """pdfplumber's TableFinder (its steps as in its __init__) with the faster cell step, edges
    snapped rule by rule (``snap_edges``), and a rule added where a table's cut end draws none
    (``close_open_ends``)."""

    close_ends = True

    def __init__(self, page, settings: dict | None = None, ours=None):
        """``settings`` are pdfplumber's; ``ours`` (ExtractSettings) say how a cut end is closed."""
        self.settings = TableSettings.resolve(settings)
        self.page = ruled_page(page, self.settings, ours)
        self.edges = _closed(self.get_edges(), ours) if self.close_ends else self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance)
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]

    def get_edges(self) -> list[dict]:
        """pdfplumber's edges of the line strategies, snapped here first (``snap_edges``)."""
        settings = self.settings
        if settings.vertical_strategy not in ("lines", "lines_strict") or (
                settings.horizontal_strategy != settings.vertical_strategy):
            return super().get_edges()
        page = self.page
        self.page = _RuledPage(page, snap_edges(page.edges, settings))
        self.settings = dataclasses.replace(settings, snap_x_tolerance=0, snap_y_tolerance=0)
        try:
            return super().get_edges()
        finally:
            self.page, self.settings = page, settings


def _closed(edges: list[dict], ours) -> list[dict]:
    if ours is None:
        return close_open_ends(edges)
    return close_open_ends(edges, ours.open_end_tolerance, ours.open_end_min_rules)


def snapped_edges(page, settings: dict | None = None, ours=None) -> list[dict]:
    """The page's edges as the pdfplumber finder snaps and joins them, before it finds cells."""
    finder = TableFinder.__new__(TableFinder)  # only its edge step: no cells, no tables
    finder.settings = TableSettings.resolve(settings)
    finder.page = ruled_page(page, finder.settings, ours)
    return finder.get_edges()


def open_ends(page, settings: dict | None = None, ours=None, edges: list[dict] | None = None) -> list[dict]:
    """The rules ``close_open_ends`` adds on a page, from pdfplumber's snapped and joined edges."""
    edges = snapped_edges(page, settings, ours) if edges is None else edges
    return [e for e in _closed(edges, ours) if e.get("open_end")]
