"""Tables of cells -> logical register tables: pages stacked, headers dropped, breaks joined.

A register is one long table over many pages. This module finds the tables
whose header names register columns, stacks each one's page fragments into one
logical table (normalize/logical.py), drops the header row repeated on every page,
and mends what the page break did (normalize/page_break.py): a row split over two
pages is joined again, and a merged cell whose text flowed onto the next page gets
its tail back.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional

from ..extract import Document, Table
from .headings import split_at_headings
from .headers import header_template, match_header_row, table_kind
from .infer import INFERRED, describe_roles, infer_table, inferred_template
from .logical import EXTRA, LogicalRow, LogicalTable, Slot
from .page_break import continue_merged_cells, join_split_row
from .parse import clean_text, starts_with_goal_id
from .repeated_header import (drop_repeated_header, header_over_cut_rest, is_header_again,
                              printed_header)
from .settings import NormalizeSettings


def unknown_columns(table: Table, skip: int, mapping: dict[int, str]) -> dict[int, str]:
    """Column index -> EXTRA + header text, for the header cells of a register table that
    name no known column (the half-recognised header of another template)."""
    if not skip:
        return {}
    out = {}
    for i, cell in enumerate(table.grid()[skip - 1]):
        text = clean_text(cell.text) if cell is not None else ""
        if text and i not in mapping and EXTRA + text not in out.values():
            out[i] = EXTRA + text
    return out


def _header_texts(table: Table, skip: int) -> list[str]:
    return [c.text if c is not None else "" for c in table.grid()[skip - 1]] if skip else []


@dataclass
class TableSeen:
    """What assemble_tables made of one Table of the document (drawn by riskreg debug)."""

    table: Table
    header_rows: int = 0  # rows at its top read as its header
    mapping: dict[int, str] = field(default_factory=dict)  # column index -> canonical name
    kind: Optional[str] = None  # "vor" or "ikp" when it is (part of) a register table
    continues: bool = False  # stacked under the register table of the page before
    joined_row: Optional[int] = None  # grid row joined to the row above, across the page break
    carried: list[str] = field(default_factory=list)  # merged columns whose tail went back up
    ignored: Optional[str] = None  # why it is no part of a register
    inferred: list[str] = field(default_factory=list)  # each column's role, typed by content (no template)


def header_rows(table: Table, settings: NormalizeSettings) -> tuple[int, dict[int, str]]:
    """How many rows at the top of a table are its header, and their column mapping."""
    grid = table.grid()
    for i, row in enumerate(grid[:6]):
        mapping = match_header_row([c.text if c else "" for c in row], settings)
        if mapping:
            return i + 1, mapping
    return 0, {}


@dataclass
class _LinesIndex:
    """The document's free lines in reading order, searchable by position: ``reach[i]`` is the
    furthest (page, top) among lines 0..i, so the first line at or after a position is the
    first whose reach gets there (a bisection, even where a line sits above the one before);
    ``goals`` are the goal lines' indices, ``goal_reach`` the same running furthest over them.
    A long document asks for every table: one pass over its lines each was quadratic."""

    lines: list
    reach: list[tuple]
    goals: list[int]
    goal_reach: list[tuple]

    @classmethod
    def of(cls, doc: Document) -> "_LinesIndex":
        index = getattr(doc, "_lines_index", None)
        if index is not None and index.lines is doc.lines and len(index.reach) == len(doc.lines):
            return index
        reach, goals, goal_reach = [], [], []
        for i, line in enumerate(doc.lines):
            key = (line.page, line.top)
            reach.append(key if not reach or key > reach[-1] else reach[-1])
            if starts_with_goal_id(line.text):
                goals.append(i)
                goal_reach.append(key if not goal_reach or key > goal_reach[-1] else goal_reach[-1])
        index = cls(doc.lines, reach, goals, goal_reach)
        doc._lines_index = index
        return index

    def first_at(self, position: tuple) -> int:
        """The index of the first line at or after ``position`` (reading order), or len(lines)."""
        return bisect.bisect_left(self.reach, position)


def _heading_before(doc: Document, table: Table) -> Optional[str]:
    """The last council-goal line above a table (IKP tables are printed under one)."""
    index = _LinesIndex.of(doc)
    stop = index.first_at((table.page, table.bbox[1]))
    n = bisect.bisect_left(index.goals, stop)  # the goal lines read before the table
    return doc.lines[index.goals[n - 1]].text if n else None


def _goal_line_between(doc: Document, before: Table, after: Table, on_rule: float) -> bool:
    # in reading order, as _heading_before reads them: a goal line read before ``after``
    # that lies below ``before`` (its top at most ``on_rule`` above the table's bottom)
    index = _LinesIndex.of(doc)
    n = bisect.bisect_left(index.goals, index.first_at((after.page, after.bbox[1])))
    return n > 0 and index.goal_reach[n - 1] > (before.page, before.bbox[3] - on_rule)


def _same_columns(a: Table, b: Table, tolerance: float) -> bool:
    if a.n_cols != b.n_cols or len(a.col_edges) != len(b.col_edges):
        return False
    return all(abs(x - y) < tolerance for x, y in zip(a.col_edges, b.col_edges))


def _is_page_continuation(doc: Document, prev: Table, table: Table, settings: NormalizeSettings) -> bool:
    """Does a table go on from one on the page before (nothing but page furniture between)?"""
    if table.page != prev.page + 1:
        return False
    first_on_page = min((t.bbox[1] for t in doc.tables if t.page == table.page), default=None)
    last_on_prev = max((t.bbox[1] for t in doc.tables if t.page == prev.page), default=None)
    return (first_on_page == table.bbox[1] and last_on_prev == prev.bbox[1]
            and not _goal_line_between(doc, prev, table, settings.heading_on_rule))


def _rows_of(table: Table, skip: int, mapping: dict[int, str]) -> list[LogicalRow]:
    rows = []
    boxes = row_boxes(table)
    for index, grid_row in enumerate(table.grid()[skip:], start=skip):
        slots = {}
        for col, name in mapping.items():
            cell = grid_row[col] if col < len(grid_row) else None
            slots[name] = Slot(cell.text, False, cell.confidence) if cell is not None else Slot("", True)
        if all(not s.text for s in slots.values()) and not any(s.covered for s in slots.values()):
            continue  # an empty row: Word's spacer, nothing to keep
        tops = [c.bbox[1] for c in grid_row if c is not None]
        slots_page = table.page
        rows.append(LogicalRow(page=slots_page, slots=slots, top=min(tops) if tops else 0.0, grid_row=index,
                               box=boxes.get(index)))
    return rows


def row_boxes(table: Table) -> dict[int, tuple[float, float, float, float]]:
    """The box of each grid row of a table, on the table's page: from the top of the cells that
    start in it to the bottom of those that end in it (at most the next row's top), across every
    cell that covers it (a cell merged from above too).

    A cell printed on another page (a record's field going on over the page), an empty mark
    without size, or one above the row before (a heading a records table carries down to each
    record) does not stretch it.
    """
    rows_of_box: dict[tuple, set[int]] = {}
    for c in table.cells:
        rows_of_box.setdefault(tuple(c.bbox), set()).add(c.row)
    cells = [c for c in table.cells if c.page == table.page and c.bbox[2] > c.bbox[0] and c.bbox[3] > c.bbox[1]
             and len(rows_of_box[tuple(c.bbox)]) == 1]
    covering_of: list[list] = [[] for _ in range(table.n_rows)]  # each row's cells, in the cells' order
    starting_in: dict[int, list] = {}
    for c in cells:
        for r in range(max(c.row, 0), min(c.row + c.row_span, table.n_rows)):
            covering_of[r].append(c)
        starting_in.setdefault(c.row, []).append(c)
    boxes: dict[int, tuple[float, float, float, float]] = {}
    floor = float("-inf")
    for index in range(table.n_rows):
        covering = covering_of[index]
        starting = [c for c in covering if c.row == index and c.bbox[1] >= floor - 1]
        if not starting:
            continue
        top = min(c.bbox[1] for c in starting)
        ending = [c for c in covering if c.row + c.row_span - 1 == index and c.bbox[1] >= floor - 1]
        bottom = max(c.bbox[3] for c in ending) if ending else min(c.bbox[3] for c in starting)
        below = [c.bbox[1] for c in starting_in.get(index + 1, ()) if c.bbox[1] > top]
        if below:  # a reader without rules may pad its cells over the next row's top
            bottom = min(bottom, min(below))
        boxes[index] = (round(min(c.bbox[0] for c in covering), 2), round(top, 2),
                        round(max(c.bbox[2] for c in covering), 2), round(bottom, 2))
        floor = bottom
    return boxes


def assemble_tables(doc: Document, settings: NormalizeSettings | dict | None = None,
                    seen: Optional[list[TableSeen]] = None) -> list[LogicalTable]:
    """Every register table of a document (VoR and IKP), each stacked over its pages.

    ``seen``, a list, receives one TableSeen per table of the document: what was
    made of it (riskreg debug draws them); the tables returned are the same.
    A table that raises is left out of the document (and of the stacking) and becomes a
    TableFailure in ``doc.failures``; every other table is read.
    """
    settings = NormalizeSettings.resolve(settings)
    split_at_headings(doc, settings)  # a control plan's goal lines printed in its grid
    out: list[LogicalTable] = []
    state = _Stacking()
    failed: list[Table] = []
    for table in doc.tables:
        before, made = state.copy(), len(out)
        try:
            _stack_table(doc, table, settings, seen, out, state)
        except MemoryError:
            raise
        except Exception as exc:  # one bad table costs that table, not the file
            state = before  # the stacking goes on as if the table were not there
            del out[made:]
            failed.append(table)
            _unreadable(doc, table, exc, seen)
    if failed:  # left out of the document: later stages (legend, word audit) never meet them
        doc.tables = [t for t in doc.tables if not any(t is f for f in failed)]
    return out


@dataclass
class _Stacking:
    """Where assemble_tables stands: the table before, its columns, the register table it goes on."""

    prev_table: Optional[Table] = None
    prev_mapping: dict[int, str] = field(default_factory=dict)
    prev_extra: dict[int, str] = field(default_factory=dict)
    current: Optional[LogicalTable] = None

    def copy(self) -> "_Stacking":
        return _Stacking(self.prev_table, self.prev_mapping, self.prev_extra, self.current)


def _unreadable(doc: Document, table: Table, exc: Exception, seen: Optional[list[TableSeen]]) -> None:
    """A table assembling failed on: its TableFailure in ``doc.failures``, and what debug draws."""
    import traceback
    from ..extract.model import TableFailure
    on_page = [t for t in doc.tables if t.page == table.page]
    index = next(i for i, t in enumerate(on_page, start=1) if t is table)
    reason = f"{type(exc).__name__}: {exc}"
    doc.failures.append(TableFailure(table.page, index, tuple(table.bbox), reason, traceback.format_exc()))
    if seen is not None:
        note = next((s for s in seen if s.table is table), None)
        if note is None:
            note = TableSeen(table)
            seen.append(note)
        note.header_rows, note.mapping, note.kind = 0, {}, None
        note.ignored = f"unreadable (table_unreadable): {reason}"


def _stack_table(doc: Document, table: Table, settings: NormalizeSettings,
                 seen: Optional[list[TableSeen]], out: list[LogicalTable], state: _Stacking) -> None:
    """One table of the document read into the register tables ``out``: a new one, or stacked
    under the one it goes on from (``state`` says which, and is moved on)."""
    prev_table, prev_mapping, prev_extra, current = (state.prev_table, state.prev_mapping,
                                                     state.prev_extra, state.current)
    skip, mapping = header_rows(table, settings)
    note = TableSeen(table, skip, mapping)
    if seen is not None:
        seen.append(note)
    continues = (current is not None and prev_table is not None
                 and _is_page_continuation(doc, prev_table, table, settings))
    same = continues and _same_columns(prev_table, table, settings.column_tolerance)
    if same and skip and header_over_cut_rest(table, mapping, prev_mapping, current.printed_header, settings):
        skip, mapping = 0, dict(prev_mapping)  # read on as a page without a header row of its own
    # a headerless table where a register's next page would be keeps the old reading (ignored
    # when its columns differ); one with header words of its own may start a register
    unknown = table_kind(mapping) is None and not same and (mapping or not continues)
    inferred = infer_table(doc, table, settings) if unknown else None
    if inferred is not None:
        # no template names its header: its columns typed by what they hold (normalize/infer.py)
        skip, mapping, continues = inferred.header_rows, dict(inferred.mapping), False
        mapping.update({i: EXTRA + f"column {i + 1}" for i in inferred.untyped if not inferred.headers[i]})
        note.header_rows, note.mapping, note.inferred = skip, mapping, describe_roles(inferred)
    elif mapping and same and table_kind(mapping) is None and current.template.name == INFERRED:
        mapping = note.mapping = prev_mapping  # the unknown header repeated on the next page
    if mapping:
        kind = table_kind(mapping)
        if kind is None:
            note.ignored = "header of no register (Oönskad händelse with scores or controls)"
            state.current, state.prev_table = None, None
            return
        if continues and (kind != current.kind or set(mapping.values()) != set(current.columns)):
            continues = False
    elif continues and _same_columns(prev_table, table, settings.column_tolerance):
        mapping = note.mapping = prev_mapping  # a page without a repeated header row
    else:
        note.ignored = ("no register header, and other columns than the table on the page before"
                        if continues else "no register header")
        state.current, state.prev_table = None, None
        return
    extra = unknown_columns(table, skip, mapping) if skip else prev_extra
    if not continues:
        current = LogicalTable(kind=table_kind(mapping), columns=list(mapping.values()),
                               heading=_heading_before(doc, table),
                               template=(inferred_template(inferred) if note.inferred else
                                         header_template(mapping, settings, _header_texts(table, skip))),
                               printed_header=printed_header(table, skip, {**mapping, **extra}))
        out.append(current)
    note.kind, note.continues = current.kind, continues
    _add_rows(current, table, skip, mapping, extra, continues, note, settings)
    state.prev_table, state.prev_mapping, state.prev_extra = table, mapping, extra
    state.current = current


def _add_rows(current: LogicalTable, table: Table, skip: int, mapping: dict[int, str], extra: dict[int, str],
              continues: bool, note: TableSeen, settings: NormalizeSettings) -> None:
    """A table's rows under its header stacked onto the register table ``current``: a header
    printed again dropped, the first row joined to the row cut at the page before's end or its
    merged cells carried on."""
    if skip:
        for i, name in mapping.items():
            cell = table.grid()[skip - 1][i]
            current.headers.setdefault(name, clean_text(cell.text) if cell is not None else "")
    current.extra_columns += [n[len(EXTRA):] for n in extra.values()
                              if n[len(EXTRA):] not in current.extra_columns]
    rows = _rows_of(table, skip, {**mapping, **extra})
    kept = _without_closing_lines(table, rows)
    current.text_rows |= {(id(table), r.grid_row) for r in rows[len(kept):]}
    rows = kept
    if continues and not skip:
        rows = drop_repeated_header(rows, current.printed_header, settings)
    again = [is_header_again(r, current.printed_header, settings) for r in rows]
    current.headers_again |= {(id(table), r.grid_row) for r, is_again in zip(rows, again) if is_again}
    rows = [r for r, is_again in zip(rows, again) if not is_again]
    if continues and rows:
        if join_split_row(current, rows[0], cut=_continues_cut_row(table, skip)):
            current.joined_rows += 1
            note.joined_row = rows[0].grid_row
            rows = rows[1:]
        elif rows:
            note.carried = continue_merged_cells(current, rows[0])
    current.rows.extend(rows)
    current.pages.append(table.page)
    current.fragments.append((table, skip, {**mapping, **extra}))


def _without_closing_lines(table: Table, rows: list) -> list:
    """The rows less those at the table's end that are one cell over all its columns: a line of
    text under the register that a spreadsheet printed with gridlines draws into the grid
    ("Beslutad av socialnämnden 2023-12-14.")."""
    grid = table.grid()
    while rows and table.n_cols > 1:
        cells = [c for c in grid[rows[-1].grid_row] if c is not None]
        if len(cells) != 1 or cells[0].col_span < table.n_cols:
            break
        rows = rows[:-1]
    return rows


def _continues_cut_row(table: Table, header_rows_: int) -> bool:
    """Does a continuation page start with the rest of a row, drawn without a rule above it?"""
    return table.open_top and header_rows_ == 0


