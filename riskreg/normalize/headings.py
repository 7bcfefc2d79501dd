"""A control plan's goal headings printed as rows of one grid: the grid parted into its tables.

A control plan is printed as one table per council goal, each under its goal line. Kept in a
spreadsheet, the goal lines, the header rows and the controls all stand on one sheet, so where
the sheet's gridlines are printed (or its cells all ruled) the page holds one grid: a row with a
goal line alone in it, the header, the goal's controls, an empty row, the next goal's line, the
header again... Read as one table, the goal lines become controls and no table has a heading.

``split_at_headings`` parts such a grid where a goal line stands alone in a row (in one cell,
whatever it spans) right above a register header row, or above empty rows and then one: the
goal line becomes a free line of text above the part that follows, as a heading printed above
a table is, and the empty rows between the parts are dropped. A grid without a header row
inside it is left as it is.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..extract import Document, Table
from ..extract.model import TextLine
from .headers import match_header_row, table_kind
from .parse import starts_with_goal_id
from .settings import NormalizeSettings


def _texts(row: list) -> list[str]:
    return [c.text if c is not None else "" for c in row]


def _heading_cell(row: list):
    """The row's one cell with text when that text is a goal line, else None."""
    filled = [c for c in row if c is not None and c.text.strip()]
    return filled[0] if len(filled) == 1 and starts_with_goal_id(filled[0].text) else None


def heading_rows(table: Table, settings: NormalizeSettings) -> list[tuple[int, int]]:
    """(goal line's row, header row) of each goal line standing alone above a register header
    row inside ``table`` (empty rows between them allowed)."""
    grid = table.grid()
    found = []
    for i in range(1, len(grid)):
        if not table_kind(match_header_row(_texts(grid[i]), settings)):
            continue
        above = i - 1
        while above > 0 and not any(t.strip() for t in _texts(grid[above])):
            above -= 1
        if _heading_cell(grid[above]) is not None:
            found.append((above, i))
    return found


def _part(table: Table, first: int, stop: int, keep: bool) -> Optional[Table]:
    """Rows ``first`` to ``stop`` (not included) of ``table`` as a table of their own, the empty
    rows at its end left out; ``keep``: it keeps the table's open top and unplaced lines."""
    grid = table.grid()
    while stop > first and not any(t.strip() for t in _texts(grid[stop - 1])):
        stop -= 1
    if stop <= first:
        return None
    cells = [replace(c, row=c.row - first, row_span=min(c.row + c.row_span, stop) - c.row)
             for c in table.cells if first <= c.row < stop]
    top, bottom = min(c.bbox[1] for c in cells), max(c.bbox[3] for c in cells)
    return replace(table, bbox=(table.bbox[0], top, table.bbox[2], bottom), n_rows=stop - first, cells=cells,
                   open_top=table.open_top and keep, unplaced=list(table.unplaced) if keep else [],
                   seen=list(table.seen) if keep else [])


def split_table(table: Table, settings: NormalizeSettings) -> tuple[list[Table], list[TextLine]]:
    """``table`` parted at its goal lines standing above a header row: the parts, the lines."""
    found = heading_rows(table, settings)
    if not found:
        return [table], []
    grid = table.grid()
    parts, lines, first = [], [], 0
    for heading, header in found:
        part = _part(table, first, heading, keep=not parts)
        parts += [part] if part is not None else []
        cell = _heading_cell(grid[heading])
        lines.append(TextLine(page=table.page, top=cell.bbox[1], text=cell.text))
        first = header
    last = _part(table, first, table.n_rows, keep=not parts)
    parts += [last] if last is not None else []
    return parts, lines


def split_at_headings(doc: Document, settings: NormalizeSettings) -> None:
    """Every table of ``doc`` holding goal lines above header rows parted at them (in place):
    the parts take its place among the tables, each goal line joins the free lines before the
    first one below it (the others keep their reading order)."""
    tables, lines = [], []
    for table in doc.tables:
        try:
            parts, headings = split_table(table, settings)
        except Exception:  # a grid that cannot be parted is read whole, as before
            parts, headings = [table], []
        tables += parts
        lines += headings
    if not lines:
        return
    doc.tables = tables
    merged = list(doc.lines)
    for line in lines:
        at = next((i for i, free in enumerate(merged) if (free.page, free.top) > (line.page, line.top)),
                  len(merged))
        merged.insert(at, line)
    doc.lines = merged
