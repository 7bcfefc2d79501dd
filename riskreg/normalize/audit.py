"""The word audit: every word printed in a table on a register's pages is accounted for.

Takes the Document as read (its tables' cells, their text already joined) and the
logical register tables assembled from it, after their rows were built (the
repairs move text between a row's slots, never out of it). Gives the counts of
files.csv and a ``text_not_in_register`` problem per page where a word was lost
or used twice.

The pages audited are those holding part of a register table and the page after
each (a continuation the stitcher did not recognise sits there). Every word of
every table found on them must land in exactly one of:

- a cell of the register (a slot of a logical row),
- a header row that was recognised and dropped,
- a table ignored for a stated reason (``ignore_reason``: a legend, a summary,
  a table of contents, a table whose header names other columns).

A layout table on a page holding no register rows (a cover's title in a table,
``layout.is_layout_table``) is not register text: its words are neither counted nor left over.

Lines outside every table whose text stands in three or more of a register table's
columns (``rows_in_register_columns``) are register rows the table finder did not see:
their words count as printed and unaccounted. So is a line of two or more runs above every
table of its page, each run inside its own column of the page before's register table: the
rest of a row the page end cut, left out.

A word in none of them is left over; a word of the register that no printed word
gives is used twice. A page break's hyphen join ("ut-" + "redning") counts as the
two printed pieces. The words of a table's own header found in a data row (a
repeated header that was not recognised, its words merged into the row under it)
are not register text either.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from ..extract import Document, Table
from ..extract.model import BBox
from ..i18n import _
from ..schema import Problem
from .headers import match_header_row, table_kind
from .layout import is_layout_table
from .outside_rows import rows_in_register_columns
from .parse import CONSEQUENCE_SCALE, PROBABILITY_SCALE, clean_text, clean_words
from .pictures import picture_words
from .settings import NormalizeSettings
from .logical import LogicalTable

# words a legend of the scales or a summary of risk levels is made of (seed 000's
# "7 Kritisk 81 Medium 3 Låg Totalt: 91", the scale tables beside the register)
_LEGEND_WORDS = {w.lower() for label in [*PROBABILITY_SCALE.values(), *CONSEQUENCE_SCALE.values()]
                 for w in label.split()} | {
    "kritisk", "medium", "medel", "låg", "hög", "totalt", "summa", "antal", "nivå", "risknivå",
    "sannolikhet", "konsekvens", "riskvärde", "risker", "risk", "x", "="}
_NUMBER = re.compile(r"^[\d.,:\-–()/%]+$")
_CONTENTS = re.compile(r"^(innehåll|innehållsförteckning)\b", re.I)


@dataclass
class Audit:
    """What the audit found in one document."""

    register_words: int = 0
    words_accounted: int = 0
    uncertain_cells: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: (page, box, word) of each printed word left over: the box it was printed in (its cell, its
    #: table for text in no cell, its run for a row outside every table), for riskreg debug to draw
    unaccounted: list[tuple[int, BBox, str]] = field(default_factory=list)


@dataclass
class _Word:
    page: int
    text: str
    used: bool = False
    box: Optional[BBox] = None  # where it is printed (see Audit.unaccounted)


def words_of(text: Optional[str]) -> list[str]:
    """A cell's words as the register keeps them: glyphs, soft hyphens, control characters gone."""
    return clean_words(text)


def _table_words_boxed(table: Table) -> list[tuple[str, BBox]]:
    """_table_words with the box each word is printed in (its cell; the table's for text in none)."""
    return ([(w, c.bbox) for c in sorted(table.cells, key=lambda c: (c.row, c.col)) for w in words_of(c.text)]
            + [(w, table.bbox) for line in table.unplaced for w in words_of(line)])


def ignore_reason(table: Table, settings: NormalizeSettings) -> Optional[str]:
    """Why a table that is no part of the register may be ignored, or None when nothing says so."""
    grid = table.grid()
    for row in grid[:3]:
        mapping = match_header_row([c.text if c else "" for c in row], settings)
        if mapping and table_kind(mapping) is None:
            return "its header names no register columns"
    words = [w for w, _box in _table_words_boxed(table)]  # its cells', then any in none of them
    if not words:
        return "it is empty"
    if any(_CONTENTS.match(clean_text(c.text)) for c in table.cells) or _is_contents(grid):
        return "a table of contents"
    if all(_NUMBER.match(w) or w.lower().strip(":.,") in _LEGEND_WORDS for w in words):
        return "a legend or summary of scores and levels"
    return None


def _is_contents(grid) -> bool:
    """Rows of a heading and its page number: every row's last filled cell is a number."""
    rows = [[clean_text(c.text) for c in row if c is not None and clean_text(c.text)] for row in grid]
    rows = [r for r in rows if r]
    return len(rows) >= 2 and all(len(r) >= 2 and r[-1].isdigit() and not r[0].isdigit() for r in rows)


def _consume(words: list[_Word], wanted: Counter, same_page: Optional[int] = None) -> None:
    """Mark printed words as used by register words still wanted (on one page, or any)."""
    for w in words:
        if w.used or (same_page is not None and w.page != same_page):
            continue
        if wanted[w.text] > 0:
            wanted[w.text] -= 1
            w.used = True


def _join_hyphenated(left: list[_Word], extra: Counter) -> None:
    """A page break's hyphen join: printed "ut-" and "redning" give the register's "utredning"."""
    starts = [w for w in left if not w.used and w.text.endswith("-") and len(w.text) > 1]
    for head in starts:
        for tail in left:
            if tail.used or tail is head:
                continue
            joined = head.text[:-1] + tail.text
            if extra[joined] > 0:
                extra[joined] -= 1
                head.used = tail.used = True
                break


@lru_cache(maxsize=16384)  # a header's text is compacted for every cell it is looked for in
def _compact(text: str) -> str:
    return re.sub(r"\s+", "", clean_text(text).lower())


def _header_runs(words: list[str], header: str, min_piece: int) -> Optional[tuple[int, int]]:
    """Where a run of a cell's words reads as the header text, or as a piece of it (``min_piece``
    letters or more: "Oönskad", "mhetsområdet") at the cell's end or start (a header broken over
    two lines that went to two rows); narrow columns break header words anywhere, so the words
    are compared without their spaces."""
    want = _compact(header)
    for i in range(len(words)):
        acc = ""
        for j in range(i, len(words)):
            acc += words[j].lower()
            if acc == want:
                return i, j + 1
            piece = len(acc) >= min_piece
            if piece and ((j + 1 == len(words) and want.startswith(acc))
                          or (i == 0 and want.endswith(acc) and not want.startswith(acc))):
                return i, j + 1
            if acc not in want:
                break
    return None


def _header_texts(table: LogicalTable) -> dict[str, set[str]]:
    """Column name -> the texts its recognised header rows print (one per header row, and all
    of them read top to bottom: a header of two rows is one text too)."""
    headers: dict[str, set[str]] = defaultdict(set)
    for frag, skip, mapping in table.fragments:
        grid = frag.grid()
        for col, name in mapping.items():
            texts = [row[col].text for row in grid[:skip] if col < len(row) and row[col] is not None]
            headers[name].update(t for t in texts if _compact(t))
            if len(texts) > 1 and _compact(" ".join(texts)):
                headers[name].add(" ".join(texts))
    return headers


def _beyond_first_header(table: LogicalTable) -> dict[int, list[str]]:
    """id(cell) -> its words that are not header words, for the header cells of the table's
    later pages: the first page's header cells are the reference (a cell may hold one of them,
    or start with one)."""
    if not table.fragments:
        return {}
    first, skip, _ = table.fragments[0]
    reference = {_compact(c.text) for c in first.cells if c.row < skip and _compact(c.text)}
    out: dict[int, list[str]] = {}
    for frag, skip, _ in table.fragments[1:]:
        for cell in frag.cells:
            if cell.row >= skip or _compact(cell.text) in reference or not _compact(cell.text):
                continue
            words = words_of(cell.text)
            acc, lead = "", 0
            for n, word in enumerate(words, start=1):
                acc += word.lower()
                if acc in reference:
                    lead = n
            out[id(cell)] = words[lead:]
    return out


def header_in_first_row(table: LogicalTable, settings: NormalizeSettings) -> dict[int, int]:
    """id(cell) -> how many of its leading words are the table's header, on continuation pages
    whose repeated header the matcher did not read as a row of its own (printed in one cell
    with the first data row, its words broken by narrow columns).

    A stitcher that takes that header out of the row has dropped a recognised header; one that
    leaves it there gives the row words the page prints once as header, and the audit sees them
    used twice. Counted only when enough columns start with their header, as a header row needs.
    """
    headers = _header_texts(table)
    out: dict[int, int] = {}
    for frag, skip, mapping in table.fragments:
        if skip or not frag.cells:
            continue
        grid = frag.grid()
        found = {}
        for col, name in mapping.items():
            cell = grid[0][col] if col < len(grid[0]) else None
            if cell is None:
                continue
            words = words_of(cell.text)
            for header in headers.get(name, ()):
                want, acc = _compact(header), ""
                for n, word in enumerate(words, start=1):
                    acc += word.lower()
                    if acc == want:
                        found[id(cell)] = n
                        break
                    if not want.startswith(acc):
                        break
                if id(cell) in found:
                    break
        if len(found) >= settings.min_header_columns:
            out.update(found)
    return out


def header_words_in_rows(table: LogicalTable, min_columns: int = 2,
                         settings: NormalizeSettings | None = None) -> list[tuple[int, list[str]]]:
    """(page, words) of rows holding the table's own header words in two or more of their cells.

    A repeated header row that was not recognised is read as a data row, or merged
    into the row below or above it; its words then stand in the data cells.
    """
    headers = _header_texts(table)
    out = []
    for row in table.rows:
        found, columns = [], 0
        for name, slot in row.slots.items():
            words = [] if slot.covered else words_of(slot.text)
            for header in headers.get(name, ()):
                run = _header_runs(words, header, (settings or NormalizeSettings()).min_header_piece)
                if run:
                    found.extend(words[run[0]:run[1]])
                    columns += 1
                    break
        if columns >= min_columns:
            out.append((row.page, found))
    return out


def audited_pages(doc: Document, tables: list[LogicalTable]) -> list[int]:
    """The pages holding part of a register table, and the page after each."""
    pages = {p for t in tables for p in t.pages}
    pages |= {p + 1 for p in pages if p + 1 <= doc.n_pages}
    return sorted(pages)


def _quote(words: Iterable[str], most: int) -> str:
    words = list(words)
    text = " ".join(words[:most])
    return f"'{text} …'" if len(words) > most else f"'{text}'"


def audit_words(doc: Document, tables: list[LogicalTable], source: str,
                settings: NormalizeSettings | dict | None = None) -> Audit:
    """Account for every word printed in a table on the register's pages (see the module)."""
    settings = NormalizeSettings.resolve(settings)
    audit = Audit()
    in_register, unexplained = _printed_words(doc, tables, settings, audit)
    held = _held_words(tables)
    left, extra = _match_words(in_register, unexplained, held)
    audit.unaccounted = [(w.page, w.box, w.text) for w in left]
    in_header = _report(audit, source, left, extra, held, tables, settings)
    lost = len(left) + sum(extra.values()) + in_header
    audit.words_accounted = max(audit.register_words - lost, 0)
    return audit


def _printed_words(doc: Document, tables: list[LogicalTable], settings: NormalizeSettings,
                   audit: Audit) -> tuple[list[_Word], list[_Word]]:
    """The printed words the register must hold, counted into ``audit``: data rows of its
    fragments first, then tables nothing explains (a register word is matched to the former
    before the latter)."""
    pages = set(audited_pages(doc, tables))
    register_pages = {p for t in tables for p in t.pages}
    fragments = {id(frag): skip for t in tables for frag, skip, _ in t.fragments}
    # dropped mid-table headers, and lines of text a grid holds under the rows: no register text
    headers_again = {key for t in tables for key in t.headers_again | t.text_rows}
    header_lead = {k: v for t in tables for k, v in header_in_first_row(t, settings).items()}
    # a page's dropped header row holds the table's header and nothing else: words beyond the
    # header the table's first page prints (a data row the matcher took for a header) are lost
    not_header = {k: v for t in tables for k, v in _beyond_first_header(t).items()}
    shown = picture_words(doc, pages, fragments, headers_again, settings)  # what pictures show
    in_register = [_Word(page, w, box=box) for page, box, w in shown.words]
    audit.register_words += len(in_register) + shown.header_words
    unexplained: list[_Word] = []
    for table in doc.tables:
        if table.page not in pages or id(table) in shown.tables:
            continue
        skip = fragments.get(id(table))
        if skip is None:
            if is_layout_table(table, register_pages, settings):
                continue  # a cover's title laid out in a table: no register text
            reason = ignore_reason(table, settings)
            words = [_Word(table.page, w, box=b) for w, b in _table_words_boxed(table)]
            audit.register_words += len(words)
            if reason is None:
                unexplained.extend(words)
            continue
        audit.uncertain_cells += sum(1 for c in table.cells if c.uncertain)
        for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
            words = words_of(cell.text)
            audit.register_words += len(words)
            if (id(table), cell.row) in headers_again:
                continue
            if cell.row >= skip:
                in_register.extend(_Word(table.page, w, box=cell.bbox)
                                   for w in words[header_lead.get(id(cell), 0):])
            elif id(cell) in not_header:
                unexplained.extend(_Word(table.page, w, box=cell.bbox) for w in not_header[id(cell)])
        stray = [_Word(table.page, w, box=table.bbox) for line in table.unplaced for w in words_of(line)]
        audit.register_words += len(stray)
        unexplained.extend(stray)  # text in the table's box that no cell took never reaches a row
    for row in shown.outside(rows_in_register_columns(doc, tables, pages, settings)):
        words = [_Word(row.page, w, box=(x0, row.top, x1, row.top)) for x0, x1, text in row.runs
                 for w in words_of(text)]
        audit.register_words += len(words)
        unexplained.extend(words)  # the table finder left them out: no cell, no row
    return in_register, unexplained


def _held_words(tables: list[LogicalTable]) -> dict[int, Counter]:
    """The words the register's rows hold, by the page of their row."""
    held: dict[int, Counter] = defaultdict(Counter)
    for table in tables:
        for row in table.rows:
            for slot in row.slots.values():
                if not slot.covered:
                    held[row.page].update(words_of(slot.text))
    return held


def _match_words(in_register: list[_Word], unexplained: list[_Word],
                 held: dict[int, Counter]) -> tuple[list[_Word], Counter]:
    """The printed words no register word used (left over), and the register's words no printed
    word gave (used twice): on the row's own page first, then anywhere."""
    on_page: dict[int, list[_Word]] = defaultdict(list)  # each page's words once, not all per page
    for w in in_register:
        on_page[w.page].append(w)
    for page, wanted in held.items():
        _consume(on_page.get(page, []), wanted)
    extra: Counter = Counter()
    for wanted in held.values():
        extra.update(wanted)  # zeros stay until `+extra` below, and count as nothing wanted
    for words in (in_register, unexplained):
        _consume(words, extra)
    left = [w for w in in_register + unexplained if not w.used]
    _join_hyphenated(left, extra)
    return [w for w in left if not w.used], +extra


def _report(audit: Audit, source: str, left: list[_Word], extra: Counter, held: dict[int, Counter],
            tables: list[LogicalTable], settings: NormalizeSettings) -> int:
    """The text_not_in_register warnings on ``audit``: words left over (per page), words used
    twice, a table's header words in a data row; gives how many header words were so found."""
    most = settings.quote_words
    by_page: dict[int, list[str]] = defaultdict(list)
    for w in left:
        by_page[w.page].append(w.text)
    for page in sorted(by_page):
        words = by_page[page]
        audit.problems.append(Problem(
            source, page, "warning", "text_not_in_register",
            _("{count} word(s) printed in a table, or in a register table's columns, on page {page} are in no cell "
              "of the register and in no header or ignored table: {words}. Check the page: part of the register "
              "may be missing.").format(count=len(words), page=page, words=_quote(words, most))))
    if extra:
        twice = [w for w, n in extra.items() for _ in range(n)]
        page = _page_of(held, extra)
        audit.problems.append(Problem(
            source, page, "warning", "text_not_in_register",
            (_("{count} word(s) of the register are printed fewer times than the register holds them (used twice) "
               "from page {page} on: {words}.") if page else
             _("{count} word(s) of the register are printed fewer times than the register holds them (used "
               "twice): {words}.")).format(count=len(twice), page=page, words=_quote(twice, most))))
    in_header = 0
    for table in tables:
        for page, words in header_words_in_rows(table, settings=settings):
            in_header += len(words)
            audit.problems.append(Problem(
                source, page, "warning", "text_not_in_register",
                _("The table's header words stand in a data row starting on page {page}: {words}. A repeated "
                  "header was read as data; check that row's cells.").format(page=page, words=_quote(words, most))))
    return in_header


def _page_of(held: dict[int, Counter], extra: Counter) -> Optional[int]:
    """The first page whose rows hold a word used twice."""
    for page in sorted(held):
        if any(held[page][w] for w in extra):
            return page
    return None
