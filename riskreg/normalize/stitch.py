"""Tables of cells -> logical register tables: pages stacked, headers dropped, breaks joined.

A register is one long table over many pages. This module finds the tables
whose header names register columns, stacks each one's page fragments into one
logical table, drops the header row repeated on every page, and mends what the
page break did: a row split over two pages is joined again, and a merged cell
whose text flowed onto the next page gets its tail back.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional

from ..extract import Document, Table
from ..templates import NUMERIC_FIELDS, Template
from .headers import header_template, match_header_row, table_kind
from .infer import INFERRED, describe_roles, infer_table, inferred_template
from .parse import clean_text, starts_with_goal_id
from .repeated_header import (drop_repeated_header, header_over_cut_rest, is_header_again,
                              printed_header)
from .settings import NormalizeSettings

# Stockholm's layouts (riskreg/templates/stockholm_*.toml), for a table without a template:
# the columns whose cells are merged vertically, from the highest level down
FILL_LEVELS = {"vor": ["goal", "process", "working_method"],
               "ikp": ["process", "working_method", "systematic_control"]}
# a row that has none of these is the tail of the row above, cut by a page break
ANCHORS = {"vor": ["risk_nr", "probability", "consequence", "risk_value"], "ikp": ["event"]}


@dataclass
class Slot:
    """One column of a logical row: its text, and whether a merged cell covers it."""

    text: str = ""
    covered: bool = False
    #: the cell's OCR confidence (0-100) when it was read from a page image
    confidence: Optional[float] = None


@dataclass
class LogicalRow:
    page: int
    slots: dict[str, Slot]
    top: float = 0.0
    grid_row: int = -1  # its row in the page's Table.grid(), for riskreg debug

    def text(self, name: str) -> str:
        slot = self.slots.get(name)
        return slot.text if slot else ""


@dataclass
class LogicalTable:
    """A register table as the reader sees it, whatever the pages did to it."""

    kind: str  # "vor" or "ikp"
    columns: list[str]
    rows: list[LogicalRow] = field(default_factory=list)
    heading: Optional[str] = None  # the goal line printed above an IKP table
    pages: list[int] = field(default_factory=list)
    joined_rows: int = 0  # rows joined across a page break, for reports
    template: Optional[Template] = None  # the template whose layout the table follows
    # header texts of the columns no template names; their slots are EXTRA + header text
    extra_columns: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # column -> its header text as printed
    #: (page, code, message) of what the stacking could not decide for sure, for problems.csv
    doubts: list[tuple[int, str, str]] = field(default_factory=list)

    #: the header as the table's first page prints it, all its header rows, column name -> text
    #: (to find it again in a continuation page's first row)
    printed_header: dict[str, str] = field(default_factory=dict, repr=False)
    #: each page's Table the rows came from, with its header rows dropped and its column
    #: mapping (for the word audit, normalize/audit.py)
    fragments: list[tuple[Table, int, dict[int, str]]] = field(default_factory=list)
    #: (id of a fragment's Table, its grid row) of the header printed again mid-table and dropped
    headers_again: set[tuple[int, int]] = field(default_factory=set, repr=False)

    @property
    def merged(self) -> list[str]:
        """Columns merged downwards, highest level first."""
        return list(self.template.merged) if self.template else FILL_LEVELS[self.kind]

    @property
    def anchors(self) -> list[str]:
        """Columns one of which starts every row."""
        return list(self.template.anchors) if self.template else ANCHORS[self.kind]


# slot-name prefix of a column riskreg cannot map: its text is kept, never dropped
EXTRA = "extra:"


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
    for i, row in enumerate(grid[:3]):
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


def _goal_line_between(doc: Document, before: Table, after: Table) -> bool:
    # in reading order, as _heading_before reads them: a goal line read before ``after``
    # that lies below ``before``
    index = _LinesIndex.of(doc)
    n = bisect.bisect_left(index.goals, index.first_at((after.page, after.bbox[1])))
    return n > 0 and index.goal_reach[n - 1] > (before.page, before.bbox[3])


def _same_columns(a: Table, b: Table, tolerance: float) -> bool:
    if a.n_cols != b.n_cols or len(a.col_edges) != len(b.col_edges):
        return False
    return all(abs(x - y) < tolerance for x, y in zip(a.col_edges, b.col_edges))


def _is_page_continuation(doc: Document, prev: Table, table: Table) -> bool:
    """Does a table go on from one on the page before (nothing but page furniture between)?"""
    if table.page != prev.page + 1:
        return False
    first_on_page = min((t.bbox[1] for t in doc.tables if t.page == table.page), default=None)
    last_on_prev = max((t.bbox[1] for t in doc.tables if t.page == prev.page), default=None)
    return (first_on_page == table.bbox[1] and last_on_prev == prev.bbox[1]
            and not _goal_line_between(doc, prev, table))


def _rows_of(table: Table, skip: int, mapping: dict[int, str]) -> list[LogicalRow]:
    rows = []
    for index, grid_row in enumerate(table.grid()[skip:], start=skip):
        slots = {}
        for col, name in mapping.items():
            cell = grid_row[col] if col < len(grid_row) else None
            slots[name] = Slot(cell.text, False, cell.confidence) if cell is not None else Slot("", True)
        if all(not s.text for s in slots.values()) and not any(s.covered for s in slots.values()):
            continue  # an empty row: Word's spacer, nothing to keep
        tops = [c.bbox[1] for c in grid_row if c is not None]
        slots_page = table.page
        rows.append(LogicalRow(page=slots_page, slots=slots, top=min(tops) if tops else 0.0, grid_row=index))
    return rows


def join_texts(left: str, right: str) -> str:
    """Join the two parts of a cell cut by a page break."""
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        return left[:-1] + right  # "ut-" + "redning"; a dash on its own ("webben -") stays
    return left + " " + right


def _owner(table: LogicalTable, name: str) -> Optional[Slot]:
    """The slot holding the text of the cell that covers the last row's column (merged upward)."""
    for prev in reversed(table.rows):
        slot = prev.slots.get(name)
        if slot is not None and not slot.covered:
            return slot
    return None


def _is_tail(kind: str, row: LogicalRow, anchors: list[str] | None = None) -> bool:
    """Is a page's first row only the rest of the row above?

    A VoR row always starts with its number, its scores or its risk value; the
    tail holds at most their words ("Försumbar" after "1."). An IKP row's tail
    continues the event text in lower case. A template's anchors say which cells
    start a row: a number's with a digit, a text's with anything but lower case.
    """
    if kind == "ikp" and _is_cut_control_rest(row):
        return True
    anchors = anchors if anchors is not None else ANCHORS[kind]
    present = [n for n in anchors if n in row.slots]
    if not present:
        return False
    return not any(_starts_row(n, row.text(n)) for n in present)


def _starts_row(name: str, text: str) -> bool:
    text = clean_text(text)
    if name in NUMERIC_FIELDS:
        return text[:1].isdigit()
    return bool(text) and not text[:1].islower()


def _is_cut_control_rest(row: LogicalRow) -> bool:
    """A control plan row with no control activity of its own whose cells go on in lower
    case is the rest of a row the page end cut, even where its event part starts a
    sentence ("... inom ramen för" / "LOSAM utvecklas inte"): every control has its
    activity, and a new row starts its cells with capitals."""
    if "control_activity" not in row.slots or clean_text(row.text("control_activity")):
        return _goes_on_in_lower_case(row)
    return any(clean_text(row.text(name))[:1].islower() for name in FILL_LEVELS["ikp"])


def _goes_on_in_lower_case(row: LogicalRow) -> bool:
    """Does every text of a control plan row go on in lower case, a bare number aside (the
    risk value printed after the event, pushed onto the next page with the event's rest)?
    A new row starts its cells with capitals; every cell of a cut row's rest may not."""
    texts = [clean_text(s.text) for s in row.slots.values() if not s.covered and clean_text(s.text)]
    words = [t for t in texts if not t.isdigit()]
    return bool(words) and all(t[:1].islower() for t in words)


def join_split_row(table: LogicalTable, row: LogicalRow, cut: bool = False) -> bool:
    """Append a page's first row to the row above when it is that row's tail; say if it was.

    ``cut``: the page's table draws no rule above its first row (a producer that cuts
    a row at the page end), so that row is the tail whatever its text starts with.
    """
    if not table.rows or not any(s.text for s in row.slots.values()):
        return False
    if not (cut or _is_tail(table.kind, row, table.anchors)):
        return False
    prev = table.rows[-1]
    for name, slot in row.slots.items():
        if not slot.text:
            continue
        target = prev.slots.get(name)
        if target is None:
            target = prev.slots[name] = Slot()
        elif target.covered:
            target = _owner(table, name) or target
        target.text = join_texts(target.text, slot.text)
    return True


# words a Swedish sentence cannot end on: a cell's text ending on one goes on
_MID_SENTENCE_WORDS = {"och", "eller", "samt", "i", "av", "på", "för", "till", "med", "om", "att", "som",
                       "en", "ett", "den", "det", "de", "där", "vid", "från", "under", "över", "mot", "inom",
                       "utan", "hos", "så", "men", "när"}


def goal_continues(before: str, text: str) -> Optional[bool]:
    """Is ``text``, a page's first text in the goal column, the rest of the goal ``before``?

    True when it continues mid-sentence (starts in lower case, or the goal above ends on a
    comma, a hyphen or a word no sentence ends on: "... i" + "Stockholm"); False when it is a
    goal of its own (it starts with a goal number, or the goal above ended its sentence).
    None when the text does not tell: a capital after a goal that ended on a plain word
    ("Trygg stad" / "Ekonomi i balans").
    """
    text, before = clean_text(text), clean_text(before)
    if starts_with_goal_id(text):
        return False
    if text[:1].islower():
        return True
    if not before or before[-1] in ".!?":
        return False
    if before[-1] in ",-–:" or before.split()[-1].lower() in _MID_SENTENCE_WORDS:
        return True
    return None


def continue_merged_cells(table: LogicalTable, row: LogicalRow) -> list[str]:
    """Give a merged cell back the tail of its text that flowed onto the next page; say which columns.

    Seed 000: goal 1.5 is cut after "präglas av hög"; the next page's first row
    (a new risk) holds "kvalitet, trygghet och självbestämmande" in the goal
    column. A process or working method's tail starts in lower case; a goal's is
    decided by ``goal_continues``. When the text does not tell, a goal in a
    document that numbers its goals is a tail (a new goal would carry its
    number), and an unnumbered one is a goal of its own; either way a
    ``goal_break_uncertain`` doubt names the page.
    """
    carried = []
    for name in table.merged:
        slot = row.slots.get(name)
        if not slot or not slot.text:
            continue
        owner = next((prev.slots[name] for prev in reversed(table.rows)
                      if prev.slots.get(name) and prev.slots[name].text), None)
        if owner is None:
            continue
        if name != "goal":
            tail = slot.text[:1].islower()
        else:
            tail = goal_continues(owner.text, slot.text)
            if tail is None:
                tail = starts_with_goal_id(owner.text)
                table.doubts.append((row.page, "goal_break_uncertain",
                                     f"The goal column on page {row.page} starts with "
                                     f"{clean_text(slot.text)!r}, which may be the rest of the goal "
                                     f"{clean_text(owner.text)!r} from the page before or a goal of its own; "
                                     + ("it was read as the rest of that goal (the document numbers its "
                                        "goals, and this text has no number)." if tail else
                                        "it was read as a goal of its own.") + " Check the page."))
        if tail:
            owner.text = join_texts(owner.text, slot.text)
            row.slots[name] = Slot("", True)
            carried.append(name)
    return carried


def assemble_tables(doc: Document, settings: NormalizeSettings | dict | None = None,
                    seen: Optional[list[TableSeen]] = None) -> list[LogicalTable]:
    """Every register table of a document (VoR and IKP), each stacked over its pages.

    ``seen``, a list, receives one TableSeen per table of the document: what was
    made of it (riskreg debug draws them); the tables returned are the same.
    A table that raises is left out of the document (and of the stacking) and becomes a
    TableFailure in ``doc.failures``; every other table is read.
    """
    settings = NormalizeSettings.resolve(settings)
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
                 and _is_page_continuation(doc, prev_table, table))
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


def _continues_cut_row(table: Table, header_rows_: int) -> bool:
    """Does a continuation page start with the rest of a row, drawn without a rule above it?"""
    return table.open_top and header_rows_ == 0


def fill_merged_cells(rows: list[LogicalRow], levels: list[str]) -> list[dict[str, str]]:
    """The value of each merged column for each row, blanks filled from above.

    A covered slot (merged cell) always takes the value above. A blank slot takes
    it only while every higher level did too: a new process starts a new working
    method, so a blank working method beside a new process is really empty.
    """
    current = {name: "" for name in levels}
    out = []
    for row in rows:
        inherit = True
        for name in levels:
            slot = row.slots.get(name)
            if slot is None:
                current[name] = ""
                continue
            if slot.covered or (not slot.text and inherit):
                continue  # keep current[name]
            current[name] = slot.text
            inherit = False
        out.append(dict(current))
    return out
