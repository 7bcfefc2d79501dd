"""The fill reader: a table whose rows or cells are drawn only as filled rectangles.

Fills are ruling where they are all there is. A sheet printed without borders draws its
header and every second row (zebra rows) as filled bands, or a filled header and shaded cells
(a risk value coloured by its level); no line is drawn. Here such fills, left by the readers
before (a fill inside a ruled table's cell is that table's, and never splits its cell; a fill
drawn lines surround is a ruled cell's colour), become the table's edges:

- a table is a stack of fills: bands of one width over each other, and the narrower fills
  (shaded cells, a row merged ranges cut) inside their width that the text reaches or that lie
  above one of the bands; a band alone holding a header line
  (two runs of text or more) with text under it is one too (a page with one unshaded row);
- its rows are between the fills' tops and bottoms (an unshaded zebra row between two shaded
  ones), the last one down to where the text under the last fill ends;
- its columns are the vertical bands no character crosses on any of the table's pages (its
  pages are those in a row whose fills span the same width; their columns are found once), a
  shaded cell's side taken as the edge where it lies in such a band.

The cells then go through the ruled reader's ``cells_to_table`` (extract/lattice.py), so
the later stages see the same Table; the fills taken as edges are the debug page's marks.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from ..cells import _enclosed, _fill_box, _tag_rect_edges
from ..lattice import cells_to_table
from ..model import BBox, Table
from ..unruled import _char_lines, _header_cells, _segments
from .base import Mark, PageObjects, Reader, register


@dataclass
class _Region:
    """One page's part of a fill-drawn table: its box, row edges, fills and characters."""

    page: int
    x0: float
    x1: float
    ys: list[float]
    fills: list[BBox]
    chars: list[dict] = field(default_factory=list)
    #: the drawn horizontal rules taken as row edges: (x0, y, x1)
    rules: list[tuple[float, float, float]] = field(default_factory=list)


@register
class FillReader(Reader):
    """Finds the fill stacks page by page; makes the tables once every page is seen, so a
    table's columns are found over all its pages."""

    name = "fills"
    order = 40
    title = "fills: rows and cells drawn only as filled rectangles"
    settings = ("max_rule_width", "edge_snap", "fill_min_gutter", "fill_max_fills", "unruled_padding", "unruled_max_gap",
                "column_gap_ratio", "line_tolerance", "min_rows", "min_cols")

    def __init__(self, reading):
        super().__init__(reading)
        self.regions: list[_Region] = []
        self.loose: dict[int, tuple[list, list[dict]]] = {}  # per page: the rules no region took, its characters

    def read_page(self, page: PageObjects) -> list[Table]:
        settings = self.reading.settings
        fills, rules = _fills(page, settings)
        for stack, limit in _stacks(fills, page.chars, settings):
            region = _region(page.number, stack, limit, page.chars, rules, settings)
            if region is not None:
                self.regions.append(region)
        used = {r for region in self.regions if region.page == page.number for r in region.rules}
        self.loose[page.number] = ([r for r in rules if r not in used], page.chars)
        return []

    def read_document(self, pages: list[PageObjects]) -> list[Table]:
        settings = self.reading.settings
        tables = []
        for group in _groups(self.regions, settings.edge_snap):
            _carry_on(group, self.regions, self.loose, settings)
            xs = _columns(group, settings)
            for region in group:
                table = _table(region, xs, settings)
                if table is not None:
                    tables.append(table)
        self.regions, self.loose = [], {}
        return tables

    @classmethod
    def marks(cls, table: Table) -> list[Mark]:
        return list(table.seen)


def _fills(page: PageObjects, settings) -> tuple[list[BBox], list[tuple[float, float, float]]]:
    """The page's fills that may draw a table: thicker than a rule both ways, outside every table
    found so far, no drawn lines around them, none holding another (a page's or a frame's ground);
    and its horizontal rules outside every table so far, as (x0, y, x1)."""
    if page.page is not None:
        _tag_rect_edges(page.page)
    snap = settings.edge_snap
    boxes, lines = [], []
    for e in page.edges:
        box = _fill_box(e, settings.max_rule_width)
        if box is None:
            lines.append(e)
        elif tuple(box) not in boxes:
            boxes.append(tuple(box))
    if len(boxes) > settings.fill_max_fills:
        return [], []  # a chart or a map, not a table
    rules = sorted({(e["x0"], e["top"], e["x1"]) for e in lines if e["orientation"] == "h"
                    and not any(_inside((e["x0"], e["top"], e["x1"], e["top"]), t, 1.0) for t in page.taken)},
                   key=lambda r: (r[1], r[0]))
    out = []
    for b in boxes:
        if any(_inside(b, t, 1.0) for t in page.taken) or _enclosed(b, lines, snap):
            continue
        if any(o is not b and _inside(o, b, 0.5) for o in boxes):
            continue  # a ground under other fills
        out.append(b)
    return sorted(out, key=lambda b: (b[1], b[0])), rules


def _inside(inner: BBox, outer: BBox, tol: float) -> bool:
    return (outer[0] - tol <= inner[0] and inner[2] <= outer[2] + tol
            and outer[1] - tol <= inner[1] and inner[3] <= outer[3] + tol)


def _size(chars: list[dict]) -> float:
    sizes = sorted(c.get("size", 10.0) for c in chars) or [10.0]
    return sizes[len(sizes) // 2]


def _in_band(chars: list[dict], x0: float, x1: float, top: float, bottom: float) -> list[dict]:
    """The printed characters whose centre lies in the box."""
    return [c for c in chars if not c["text"].isspace() and x0 <= (c["x0"] + c["x1"]) / 2 <= x1
            and top <= (c["top"] + c["bottom"]) / 2 <= bottom]


def _text_end(chars: list[dict], x0: float, x1: float, top: float, max_gap: float,
              lead: float = float("inf")) -> float:
    """Where the text under ``top`` between x0 and x1 ends: the bottom of its last line before a
    vertical gap wider than ``max_gap`` (``top`` itself when none follows within it, or when the
    first line starts more than ``lead`` under ``top``)."""
    end = top
    for c in sorted(_in_band(chars, x0, x1, top, float("inf")), key=lambda c: c["top"]):
        if c["top"] - end > (lead if end == top else max_gap):
            break
        end = max(end, c["bottom"])
    return end


def _lead(stack: list[BBox], chars: list[dict]) -> float:
    """How far under a row's top edge its text may start: twice the farthest the stack's rows
    (under the first fill, and at each fill's top) start theirs under their edges, and 2 pt."""
    head = stack[0]
    # the column's characters found once, top first: under each edge the first whose top and
    # centre lie under it is the one starting nearest
    column = sorted(_in_band(chars, head[0], head[2], float("-inf"), float("inf")), key=lambda c: c["top"])
    tops = [c["top"] for c in column]
    gaps = []
    for y in [head[3]] + [b[1] for b in stack[1:]]:
        first = next((column[i]["top"] for i in range(bisect_left(tops, y - 0.5), len(column))
                      if (column[i]["top"] + column[i]["bottom"]) / 2 >= y - 0.5), None)
        if first is not None:
            gaps.append(max(0.0, first - y))
    return 2 * max(gaps, default=float("inf")) + 2.0


def _band_text(chars: list[dict], box: BBox) -> str:
    return "".join(c["text"] for c in sorted(_in_band(chars, box[0], box[2], box[1], box[3]),
                                             key=lambda c: (round(c["top"]), c["x0"])))


def _stacks(fills: list[BBox], chars: list[dict], settings) -> list[tuple[list[BBox], float]]:
    """The fills in stacks, one a table, each with the height it ends above at the latest: each
    stack starts at a band (the widest fill not yet taken, top first) and takes the bands of its
    width below it and the narrower fills inside its width that touch the stack, that the text
    reaches from it or that lie above one of its bands (a zebra row its merged cells cut, under a
    row printed taller than its text), down to a band printing the same text as its first (the
    next table's header, as a sheet of several tables under their goals prints it)."""
    snap = settings.edge_snap
    left = list(fills)
    stacks = []
    while left:
        head = max(left, key=lambda b: (b[2] - b[0], -b[1]))
        top_of = [b for b in left if abs(b[0] - head[0]) <= snap and abs(b[2] - head[2]) <= snap]
        head = min(top_of, key=lambda b: b[1])
        x0, x1 = head[0], head[2]
        text = _band_text(chars, head)
        limit = min((b[1] for b in top_of if b[1] > head[3] - snap and text and _band_text(chars, b) == text),
                    default=float("inf"))
        stack, bottom = [head], head[3]
        for b in sorted(left, key=lambda b: -b[1]):  # the fills over it: the page's first row's cells
            if b[3] >= head[1] - snap and b[1] < head[1] - snap and b[0] >= x0 - snap and b[2] <= x1 + snap \
                    and b[3] >= min(f[1] for f in stack) - snap:
                stack.append(b)
        max_gap = settings.unruled_max_gap * _size(_in_band(chars, x0, x1, head[1], head[3]))
        below = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and head[1] <= c["top"] < limit]
        last_band = max((b[1] for b in top_of if head[3] - snap < b[1] < limit - snap), default=head[1])
        ends: dict[float, float] = {}  # the stack's bottom -> where the text under it ends
        for b in sorted(left, key=lambda b: b[1]):
            if b is head or b[1] < head[1] - snap or b[0] < x0 - snap or b[2] > x1 + snap or b[1] >= limit - snap:
                continue
            band = abs(b[0] - x0) <= snap and abs(b[2] - x1) <= snap
            if not band and b[1] > bottom + snap and bottom not in ends:
                ends[bottom] = _text_end(below, x0, x1, bottom, max_gap)
            nothing_between = limit < float("inf") and not _in_band(below, x0, x1, ends.get(bottom, bottom) + 0.5, b[1] - 0.5)
            between = b[3] <= last_band + snap  # a band of the stack under it: a row its merged cells cut
            if band or between or b[1] <= bottom + snap or b[1] <= ends[bottom] + max_gap or nothing_between:
                stack.append(b)
                bottom = max(bottom, b[3])
        stacks.append((stack, limit))
        left = [b for b in left if b not in stack]
    return stacks


def _region(page: int, stack: list[BBox], limit: float, chars: list[dict],
            rules: list[tuple[float, float, float]], settings) -> _Region | None:
    """A stack's table box and row edges, or None when it is no table: a lone fill is one only
    as a header (two runs of text or more, text under it). The drawn rules across its width
    under its first fill are row edges too (a sheet with a rule under each cell and fills only
    on its header and coloured cells, where Calc draws neighbouring cells of one colour as one
    fill); with them the table ends at its last rule (the text under it is the page's)."""
    head = stack[0]
    x0, x1 = head[0], head[2]
    inside = _in_band(chars, x0, x1, head[1], head[3])
    max_gap = settings.unruled_max_gap * _size(inside)
    bottom = max(b[3] for b in stack)
    above = [c for c in chars if c["top"] < limit]
    lead = _lead(stack, above)
    snap = settings.edge_snap
    across = [r for r in rules if head[3] - snap <= r[1] < limit - snap and r[0] < x1 - snap and r[2] > x0 + snap]
    end = _ruled_end(above, (x0, x1), bottom, [r[1] for r in across], max_gap, lead)
    under = [r for r in across if r[1] <= max(bottom, end + settings.unruled_padding)]
    if under and under[-1][1] >= bottom - snap:
        end = bottom  # the last rule closes the table
    if len(stack) == 1 and not under:
        runs = [s for line in _char_lines(inside, settings.line_tolerance) for s in _segments(line, settings)]
        if len(runs) < 2 or end <= bottom:
            return None
    ys: list[float] = []
    for y in sorted([b[1] for b in stack] + [b[3] for b in stack] + [r[1] for r in under] +
                    ([end + settings.unruled_padding] if end > bottom else [])):
        if not ys or y - ys[-1] > snap:
            ys.append(y)
    region = _Region(page, x0, x1, ys, list(stack), rules=under)
    region.chars = [c for c in chars if x0 - 1 <= c["x0"] and c["x1"] <= x1 + 1
                    and ys[0] - 1 <= c["top"] and c["bottom"] <= ys[-1] + 1]
    return region


def _ruled_end(chars: list[dict], span: tuple[float, float], bottom: float, rules: list[float],
               max_gap: float, lead: float) -> float:
    """Where a table's text under ``bottom`` ends, row after row: a row's text ends (``_text_end``)
    and, when the next thing under it is a drawn rule across the table, the text the table's lead
    under that rule is the next row's, however tall the row was printed."""
    end = _text_end(chars, span[0], span[1], bottom, max_gap, lead)
    while True:
        below = [c["top"] for c in _in_band(chars, span[0], span[1], end + 0.5, float("inf"))]
        rule = min((y for y in rules if y > end + 0.5), default=None)
        if rule is None or (below and min(below) < rule):
            return end
        further = _text_end(chars, span[0], span[1], rule, max_gap, lead)
        end = max(rule, further)
        if further <= rule:
            return end


def _carry_on(group: list[_Region], regions: list[_Region], loose: dict, settings) -> None:
    """A table's rest on the pages after its last one that are only rules across its width, with
    no fill (a sheet with a rule under each cell whose header is printed once): each page's rows
    are between its rules, the first from the top of the text over the first rule (its lines each
    closer than a line's height to the next), the page's region added to the group."""
    snap = settings.edge_snap
    while True:
        last = group[-1]
        page = last.page + 1
        if page not in loose or any(r.page == page for r in regions) or last is not _lowest(group, regions, last.page):
            return
        rules, chars = loose[page]
        rows = [r for r in rules if last.x0 - snap <= r[0] < last.x1 - snap and abs(r[2] - last.x1) <= snap]
        if not any(abs(r[0] - last.x0) <= snap for r in rows):
            return  # no rule across the whole table's width
        first = rows[0][1]
        over = sorted((c for c in _in_band(chars, last.x0, last.x1, 0.0, first)), key=lambda c: -c["bottom"])
        if not over:
            return
        top = over[0]["top"]
        for c in over:
            if top - c["bottom"] > c.get("size", 10.0):
                break
            top = min(top, c["top"])
        ys = [top - settings.unruled_padding]
        for y in sorted(r[1] for r in rows):
            if y - ys[-1] > snap:
                ys.append(y)
        region = _Region(page, last.x0, last.x1, ys, [], rules=rows)
        region.chars = [c for c in chars if last.x0 - 1 <= c["x0"] and c["x1"] <= last.x1 + 1
                        and ys[0] - 1 <= c["top"] and c["bottom"] <= ys[-1] + 1]
        group.append(region)


def _groups(regions: list[_Region], snap: float) -> list[list[_Region]]:
    """One table's regions: a region goes on from the one before on the page before when their
    fills span the same width."""
    groups: list[list[_Region]] = []
    for r in sorted(regions, key=lambda r: (r.page, r.ys[0])):
        last = groups[-1][-1] if groups else None
        if last is not None and r.page == last.page + 1 and abs(r.x0 - last.x0) <= snap \
                and abs(r.x1 - last.x1) <= snap and last is _lowest(groups[-1], regions, last.page):
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def _lowest(group: list[_Region], regions: list[_Region], page: int) -> _Region | None:
    """The last region of ``page`` (a table goes on to the next page from the page's last one)."""
    on_page = [r for r in regions if r.page == page]
    return max(on_page, key=lambda r: r.ys[0]) if on_page else None


def _columns(group: list[_Region], settings) -> list[float]:
    """The column edges of a table: its outer sides, and in each vertical band no character of
    its pages crosses (``fill_min_gutter`` wide at least) a fill's side there, else the band's
    right end less the cell padding (where the next column's text starts). A table whose first
    fill is a header (two cells of text or more) has one column per header cell: the bands
    under a header cell are one column's (the words of a right-aligned number or of a short
    repeated answer apart from their header's text), see ``_header_edge``."""
    x0, x1 = min(r.x0 for r in group), max(r.x1 for r in group)
    spans = sorted((c["x0"], c["x1"]) for r in group for c in r.chars if not c["text"].isspace())
    covered: list[list[float]] = []
    for a, b in spans:
        if covered and a <= covered[-1][1]:
            covered[-1][1] = max(covered[-1][1], b)
        else:
            covered.append([a, b])
    sides = sorted({b[0] for r in group for b in r.fills} | {b[2] for r in group for b in r.fills} |
                   {x for r in group for a, _, b in r.rules for x in (a, b)})
    sides = [s for s in sides if x0 + 1 < s < x1 - 1]
    gaps = [(left, right) for (_, left), (right, _) in zip(covered, covered[1:])
            if right - left >= settings.fill_min_gutter]
    header = _header(group[0], settings)
    if len(header) >= 2:
        return [x0] + [_header_edge(a, b, gaps, sides, settings) for a, b in zip(header, header[1:])] + [x1]
    xs = [x0]
    for gap_left, gap_right in gaps:
        side = [s for s in sides if gap_left - 0.5 <= s <= gap_right + 0.5]
        xs.append(side[0] if side else max(gap_left, gap_right - settings.unruled_padding))
    return xs + [x1]


def _header(region: _Region, settings) -> list:
    """The header cells printed in a region's first fill (runs of text, those over each other one
    cell), left to right; none when the fill holds fewer than two."""
    if not region.fills:
        return []
    head = region.fills[0]
    inside = _in_band(region.chars, head[0], head[2], head[1], head[3])
    lines = [_segments(line, settings) for line in _char_lines(inside, settings.line_tolerance)]
    return _header_cells(lines)


def _header_edge(left, right, gaps: list[tuple[float, float]], sides: list[float], settings) -> float:
    """The edge between two header cells: a drawn side between them (a fill's or a rule's end:
    the one nearest the right cell's text, which starts a padding after its column's edge), else
    the right end, less the padding, of the last band no character crosses between them, else
    the padding before the right cell's text."""
    drawn = [s for s in sides if left.x1 - 0.5 <= s <= right.x0 + 0.5]
    if drawn:
        return drawn[-1]
    between = [(a, b) for a, b in gaps if a < right.x0 and b > left.x1]
    if between:
        a, b = between[-1]
        return max(a, min(b, right.x0) - settings.unruled_padding)
    return max(left.x1, right.x0 - settings.unruled_padding)


def _table(region: _Region, xs: list[float], settings) -> Table | None:
    """One page's table: a cell in every slot of its rows and columns, its text the ruled reader's way."""
    rects = [(a, top, b, bottom) for top, bottom in zip(region.ys, region.ys[1:]) for a, b in zip(xs, xs[1:])]
    bbox = (xs[0], region.ys[0], xs[-1], region.ys[-1])
    table = cells_to_table(region.page, bbox, rects, region.chars, settings)
    if table.n_rows < settings.min_rows or table.n_cols < settings.min_cols:
        return None
    table.ruled = False
    table.seen = [("fill_edge", b) for b in region.fills]
    return table
