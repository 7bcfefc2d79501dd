"""Tables without ruling lines: columns from how the text aligns, rows from the cells that start one.

Some producers draw only a line under the header row, or nothing. A register
table is then found by its header line (the caller's ``header_matcher`` names
the columns); the columns are where the header cells and the text below them
start, taken over every page of the table at once; rows start where a row's
anchor cell starts (a risk number or a score in a VoR, the event in a control
plan); the lines of one cell are those that follow each other without a row's
gap. A merged cell (a goal printed once beside several risks) is one block of
lines over several rows. The result is the same ``Table`` the ruled reader
gives, so the later stages cannot tell the two apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from .model import Cell, Table
from .settings import ExtractSettings
from .text import _BY_BOTTOM, _BY_TOP, _BY_X0, _BY_X1, chars_to_lines, in_line_order

# the matcher may also have ``layout(mapping) -> (merged columns, anchor columns)``: the
# layout of the template the header follows (riskreg/templates/*.toml)
HeaderMatcher = Callable[[list[str]], dict[int, str]]
# without a layout, Stockholm's: columns whose cell is printed once for several rows
MERGED = {"goal", "process", "working_method", "systematic_control"}
# a VoR row starts where one of these starts with a number; a control plan row at its event
NUMERIC_ANCHORS = ["risk_nr", "probability", "consequence", "risk_value"]


@dataclass
class _Seg:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float


@dataclass
class _Found:
    """A header line found on one page and the data lines under it."""

    page: int
    header_top: float
    header_bottom: float
    heads: list[_Seg]  # one per header cell (lines of a cell merged)
    mapping: dict[int, str]
    data: list[dict] = field(default_factory=list)  # the characters below the header
    bottom: float = 0.0
    #: the page prints no header: its lines go on from the table of the page before
    continued: bool = False


def _char_lines(chars: list[dict], tol: float) -> list[list[dict]]:
    out: list[list[dict]] = []
    first_top = 0.0  # the top of the line's first character, which the others are within tol of
    for ch in in_line_order(chars):
        if ch["text"].isspace():
            continue
        top = ch["top"]
        if out and abs(top - first_top) <= tol:
            out[-1].append(ch)
        else:
            out.append([ch])
            first_top = top
    for line in out:
        line.sort(key=_BY_X0)
    return out


def _segments(line: list[dict], settings: ExtractSettings) -> list[_Seg]:
    """A line's runs of text separated by a gap wider than a word space; one pass over the
    characters (the loop runs per character), each run's text with a space where a gap wider
    than a word space parts two of its characters."""
    gap, space = settings.column_gap_ratio, settings.space_ratio
    out: list[_Seg] = []
    parts: list[str] = []
    last_x1 = 0.0
    for ch in line:
        size = ch.get("size", 10.0)
        x0 = ch["x0"]
        if parts and x0 - last_x1 <= gap * size:
            if x0 - last_x1 > space * size:
                parts.append(" ")
            parts.append(ch["text"])
            run.append(ch)
        else:
            if parts:
                out.append(_run(run, parts))
            run, parts = [ch], [ch["text"]]
        last_x1 = ch["x1"]
    if parts:
        out.append(_run(run, parts))
    return out


def _run(chars: list[dict], parts: list[str]) -> _Seg:
    return _Seg(chars[0]["x0"], max(map(_BY_X1, chars)), min(map(_BY_TOP, chars)),
                max(map(_BY_BOTTOM, chars)), "".join(parts), chars[0].get("size", 10.0))


def _header_cells(lines: list[list[_Seg]]) -> list[_Seg]:
    """Header segments of one or more lines, those over each other merged into one cell."""
    cells: list[_Seg] = []
    for seg in sorted((s for line in lines for s in line), key=lambda s: (s.x0, s.top)):
        for c in cells:
            if seg.x0 < c.x1 - 0.5 and c.x0 < seg.x1 - 0.5:
                c.text = c.text + " " + seg.text if seg.top > c.top else seg.text + " " + c.text
                c.x0, c.x1 = min(c.x0, seg.x0), max(c.x1, seg.x1)
                c.bottom = max(c.bottom, seg.bottom)
                break
        else:
            cells.append(_Seg(seg.x0, seg.x1, seg.top, seg.bottom, seg.text, seg.size))
    return sorted(cells, key=lambda c: c.x0)


def _find_on_page(page: int, chars: list[dict], rules: list[float], settings: ExtractSettings,
                  matcher: HeaderMatcher) -> list[_Found]:
    lines = _char_lines(chars, settings.line_tolerance)
    segs = [_segments(line, settings) for line in lines]
    found: list[_Found] = []
    i = 0
    while i < len(lines):
        if not matcher([s.text for s in segs[i]]):
            i += 1
            continue
        top = min(s.top for s in segs[i])
        size = segs[i][0].size
        rule = min((y for y in rules if y > top), default=None)
        band = [i]
        j = i + 1
        while j < len(lines):
            t = min(s.top for s in segs[j])
            if rule is not None:
                if t >= rule:
                    break
            elif t - max(s.bottom for s in segs[band[-1]]) > settings.unruled_header_gap * size or segs[j][0].text[:1].isdigit():
                break
            band.append(j)
            j += 1
        heads = _header_cells([segs[k] for k in band])
        mapping = matcher([h.text for h in heads])
        if not mapping:
            i += 1
            continue
        f = _Found(page, top, max(h.bottom for h in heads), heads, mapping)
        # the data: lines below the header until a wide gap, a line across the columns
        # (a heading or a paragraph) or the next header
        prev_bottom = rule if rule is not None else f.header_bottom
        lefts = [h.x0 for h in heads]
        while j < len(lines):
            line_segs = segs[j]
            t = min(s.top for s in line_segs)
            if t - prev_bottom > settings.unruled_max_gap * size or matcher([s.text for s in line_segs]):
                break
            if any(_crosses(s, lefts, size) for s in line_segs):
                break
            f.data.extend(lines[j])
            prev_bottom = max(s.bottom for s in line_segs)
            j += 1
        f.bottom = prev_bottom
        found.append(f)
        i = j
    return found


def _crosses(seg: _Seg, lefts: list[float], size: float) -> bool:
    """Does a run of text reach well over a column start (a paragraph, not a cell)?"""
    return sum(1 for x in lefts[1:] if seg.x0 < x - size and seg.x1 > x + 2 * size) >= 2


def _refine_lefts(group: list[_Found], settings: ExtractSettings) -> list[float]:
    """Column starts over a whole multi-page table: a header centred over its column
    starts right of the column's text, so the text's own common start wins."""
    heads = group[0].heads
    starts: dict[float, int] = {}
    for f in group:
        for line in _char_lines(f.data, settings.line_tolerance):
            for s in _segments(line, settings):
                key = round(s.x0, 0)
                starts[key] = starts.get(key, 0) + 1
    out = []
    for i, h in enumerate(heads):
        low = heads[i - 1].x1 if i else float("-inf")
        common = [x for x, n in starts.items() if low < x <= h.x0 + 1 and n >= 2]
        out.append(min([h.x0] + common))
    return out


def _column_of(x: float, lefts: list[float]) -> int:
    col = 0
    for i, left in enumerate(lefts):
        if x >= left - 1.0:
            col = i
    return col


def _layout(matcher, mapping: dict[int, str], texts: list[str]) -> tuple[set[str], list[str]]:
    """(merged columns, anchor columns) of the header's template; Stockholm's without one."""
    layout = getattr(matcher, "layout", None)
    if layout is not None:
        found = layout(mapping, texts)
        if found is not None:
            return set(found[0]), list(found[1])
    names = set(mapping.values())
    return MERGED, [n for n in NUMERIC_ANCHORS if n in names] or ["event"]


def _chars_by_column(chars: list[dict], lefts: list[float]) -> list[list[dict]]:
    """The printed characters of each column: the column their centre falls in."""
    by_col: list[list[dict]] = [[] for _ in lefts]
    for ch in chars:
        if not ch["text"].isspace():
            by_col[_column_of((ch["x0"] + ch["x1"]) / 2, lefts)].append(ch)
    return by_col


def _blocks(lines: list, split_at: list[float], max_gap: float) -> list[list]:
    """A column's lines in blocks (one cell's lines each): a block ends at a gap over
    ``max_gap`` or where a row starts (``split_at``)."""
    out: list[list] = []
    for line in lines:
        new_row = any(out and out[-1][-1].top < s - 2 <= line.top - 0 for s in split_at)
        if out and not new_row and line.top - out[-1][-1].bottom <= max_gap:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _row_tops(col_lines: list[list], names: dict[int, Optional[str]], anchor_names: list[str],
              max_gap: float) -> list[float]:
    """Where the rows start: where an anchor cell starts (a number's anchor where it starts
    with a digit; a text's wherever it starts), and above the first such row the lines a
    page break carried over, as a row of their own."""
    starts: list[float] = []
    if not any(n in anchor_names for n in names.values()):
        anchor_names = ["event"]
    for i, n in names.items():
        if n in anchor_names:
            for b in _blocks(col_lines[i], [], max_gap):
                if n not in NUMERIC_ANCHORS or b[0].text[:1].isdigit():
                    starts.append(b[0].top)
    rows: list[float] = []
    for s in sorted(starts):
        if not rows or s - rows[-1] > 2.0:
            rows.append(s)
    first_top = min((line.top for lines in col_lines for line in lines), default=None)
    tail = first_top is not None and rows and first_top < rows[0] - 2.0
    return ([first_top] if tail else []) + rows


def _header_row(f: _Found, edges: list[float]) -> list[Cell]:
    """The header's cells, one per column (none on a page that goes on without a header)."""
    if f.continued:
        return []
    cells = [Cell(text="", lines=[], page=f.page, bbox=(edges[i], f.header_top, edges[i + 1], f.header_bottom),
                  row=0, col=i) for i in range(len(edges) - 1)]
    for i, h in enumerate(f.heads):
        cells[i].text = h.text
    return cells


def _body_cells(f: _Found, col_lines: list[list], edges: list[float], row_tops: list[float],
                merged: list[bool], head: int, max_gap: float, cells: list[Cell]) -> set[tuple[int, int]]:
    """Each column's blocks as cells of the rows they start in, added to ``cells``; a merged
    column's block spans the rows it reaches down to. Gives the (row, column) slots taken."""
    covered: set[tuple[int, int]] = set()
    filled: set[tuple[int, int]] = set()
    for i, lines in enumerate(col_lines):
        for b in _blocks(lines, [] if merged[i] else row_tops, max_gap):
            r = max((k for k, t in enumerate(row_tops) if t <= b[0].top + 2.0), default=0)
            bottom = b[-1].bottom
            span = 1
            if merged[i]:
                span = max(1, sum(1 for t in row_tops[r + 1:] if t < bottom - 2.0) + 1)
            if (r + head, i) in filled:  # two blocks in one row: the cell had a blank line
                prev = next(c for c in cells if c.row == r + head and c.col == i)
                prev.lines.extend(b)
                prev.bbox = (prev.bbox[0], prev.bbox[1], prev.bbox[2], bottom)
                continue
            cells.append(Cell(text="", lines=b, page=f.page, bbox=(edges[i], b[0].top, edges[i + 1], bottom),
                              row=r + head, col=i, row_span=span))
            filled.add((r + head, i))
            covered.update((r + head + k, i) for k in range(1, span))
    return filled | covered


def _empty_cells(page: int, edges: list[float], row_tops: list[float], head: int,
                 taken: set[tuple[int, int]]) -> list[Cell]:
    """An empty cell in every slot of the grid no cell takes."""
    return [Cell(text="", lines=[], page=page, bbox=(edges[i], row_tops[r], edges[i + 1], row_tops[r]),
                 row=r + head, col=i)
            for r in range(len(row_tops)) for i in range(len(edges) - 1) if (r + head, i) not in taken]


def _build(f: _Found, lefts: list[float], right: float, settings: ExtractSettings,
           merged_names: set[str] = MERGED, anchor_names: list[str] = NUMERIC_ANCHORS) -> Table:
    """One page's table: characters -> columns -> lines -> row starts -> cells."""
    pad = settings.unruled_padding
    edges = [x - pad for x in lefts] + [right + pad]
    col_lines = [chars_to_lines(chs, settings) for chs in _chars_by_column(f.data, lefts)]
    names = {i: f.mapping.get(i) for i in range(len(lefts))}
    max_gap = settings.unruled_row_gap * f.heads[0].size
    row_tops = _row_tops(col_lines, names, anchor_names, max_gap)
    head = 0 if f.continued else 1  # a page that goes on without a header has no header row
    cells = _header_row(f, edges)
    merged = [names[i] in merged_names for i in range(len(lefts))]
    taken = _body_cells(f, col_lines, edges, row_tops, merged, head, max_gap, cells)
    cells += _empty_cells(f.page, edges, row_tops, head, taken)
    bbox = (edges[0], f.header_top, edges[-1], f.bottom)
    # no row start found (a damaged page): the lines under the header are one row, not lost
    n_rows = max(len(row_tops) + head, max((c.row + 1 for c in cells), default=0))
    return Table(page=f.page, bbox=bbox, n_rows=n_rows, n_cols=len(lefts), cells=cells,
                 col_edges=edges, ruled=False)


def continue_without_header(prev: _Found, chars: list[dict], settings: ExtractSettings,
                            matcher: HeaderMatcher) -> Optional[_Found]:
    """The lines at the top of a page that go on with the table of the page before
    without repeating its header: every run of text starts where a column of that
    table starts. Above them at most page furniture (a line or two of one run each,
    "Dnr ..."); they end at a wide gap, a header, or a line that does not align."""
    starts = sorted({round(s.x0, 1) for line in _char_lines(prev.data, settings.line_tolerance)
                     for s in _segments(line, settings)})
    if not starts:
        return None
    size = prev.heads[0].size

    def aligned(segs: list[_Seg]) -> bool:
        return all(any(abs(s.x0 - x) <= settings.unruled_align_tolerance for x in starts) for s in segs)

    lines = _char_lines(chars, settings.line_tolerance)
    taken: list[list[dict]] = []
    skipped = 0
    prev_bottom = None
    for line in lines:
        segs = _segments(line, settings)
        if matcher([s.text for s in segs]):
            break
        if not taken:
            if aligned(segs):
                taken.append(line)
                prev_bottom = max(s.bottom for s in segs)
                continue
            skipped += 1
            if len(segs) > 1 or skipped > 2:
                return None
            continue
        if not aligned(segs) or min(s.top for s in segs) - prev_bottom > settings.unruled_max_gap * size:
            break
        taken.append(line)
        prev_bottom = max(s.bottom for s in segs)
    if not taken:
        return None
    top = min(c["top"] for c in taken[0])
    return _Found(page=prev.page + 1, header_top=top, header_bottom=top, heads=prev.heads,
                  mapping=prev.mapping, data=[c for line in taken for c in line], bottom=prev_bottom,
                  continued=True)


def find_unruled_tables(pages: list[tuple[int, list[dict], list[float]]], settings: ExtractSettings,
                        matcher: Optional[HeaderMatcher]) -> list[Table]:
    """Register tables drawn without ruling lines, from each page's characters outside ruled tables.

    ``pages`` holds (page number, characters, the tops of horizontal rules).
    """
    if matcher is None:
        return []
    found: list[_Found] = []
    for page, chars, rules in pages:
        on_page = _find_on_page(page, chars, rules, settings, matcher)
        before = [f for f in found if f.page == page - 1]
        if before:
            above = min((f.header_top for f in on_page), default=float("inf"))
            rest = continue_without_header(before[-1], [c for c in chars if c["top"] < above],
                                           settings, matcher)
            if rest is not None:
                on_page.insert(0, rest)
        found.extend(on_page)
    # a table goes on over the pages whose header reads the same (or that print none):
    # its columns are found once
    groups: list[list[_Found]] = []
    for f in found:
        same = (groups and groups[-1][-1].page == f.page - 1
                and (f.continued or [h.text for h in groups[-1][-1].heads] == [h.text for h in f.heads]))
        if same:
            groups[-1].append(f)
        else:
            groups.append([f])
    tables = []
    for group in groups:
        lefts = _refine_lefts(group, settings)
        right = max(max((c["x1"] for c in f.data), default=0) for f in group)
        right = max(right, group[0].heads[-1].x1)
        merged_names, anchor_names = _layout(matcher, group[0].mapping, [h.text for h in group[0].heads])
        tables += [_build(f, lefts, right, settings, merged_names, anchor_names) for f in group]
    return tables
