"""Does a tagged PDF's structure tree read its tables as riskreg's lines do? (issue 26, item 8)

Two independent readings: riskreg's tables, found from the lines and text a page draws (the
geometric reading), and the tables the producer wrote into the structure tree
(extract/structure.py). They are compared a page at a time, because the geometric reading is
a page's: a tree row broken over a page is cut into its part on each page (the page-break
joins come later, in normalize/page_break.py, and are not what is checked here). On each page
the tree's table parts, in document order, pair with riskreg's tables, top to bottom; each
pair agrees when it has the same rows and columns, the same merged cells (a span cut to the
page's rows) and the same text in each cell, compared without its whitespace (the tree checks
which text is in which cell; how a cell's broken lines join into words is the word audit's)
and with every symbol-font glyph alike (the readers decode such fonts differently).
A header row the producer repeats on each page is drawn but tagged once (an artifact): a
riskreg table whose first row is its tree table's first row, on a page where the tree's part
does not start with it, is compared without that row.

``structure_agrees``: True when every page agrees, False when one does not (a
``structure_disagrees`` warning names the page and the first difference), None when the file
has no table in its structure tree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pikepdf
import pypdfium2 as pdfium

from ..i18n import _
from .model import Table
from .structure import TreeTable, marked_texts, tagged_tables

_SPACE = re.compile(r"\s+")
#: a symbol font's glyph (Wingdings' square and star) in Unicode's private use area: pdfium and
#: pdfminer decode such fonts differently, so any one stands for every other in the comparison
_PRIVATE = re.compile("[\ue000-\uf8ff]")

#: one cell as compared: (row, col, row_span, col_span, text without whitespace)
Slot = tuple[int, int, int, int, str]


@dataclass
class Agreement:
    """The comparison's result: None without a tagged table; the pages that disagree, each with
    its first difference in words."""

    agrees: bool | None = None
    pages: dict[int, str] = field(default_factory=dict)

    def warnings(self) -> list[tuple[str, str, int]]:
        return [("structure_disagrees", _(
                 "The PDF's structure tree (its tagging for accessibility) reads the table on page {page} "
                 "otherwise than riskreg read it from the page's lines: {what}. Two readings differ, so check the "
                 "register's rows from this page against the PDF.").format(page=page, what=what), page)
                for page, what in sorted(self.pages.items())]


def compare_structure(path, password: str | None, tables: list[Table], header_matcher=None) -> Agreement:
    """The structure tree's tables of the PDF at ``path`` against riskreg's ``tables``; a tree
    (or a marked page) that cannot be read is no second reading (the pages were read).
    ``header_matcher`` (the register's, extract/unruled.py) tells a register table by its first
    row: a tree table that is none (a layout table of a letterhead, say) need not be read."""
    try:
        tree = tagged_tables(path, password)
        if not tree:
            return Agreement()
        pages = sorted(set().union(*(t.pages() for t in tree)))
        texts = marked_texts(path, password, pages)
    except (pikepdf.PdfError, pdfium.PdfiumError, ValueError, TypeError, KeyError, IndexError,
            RecursionError):
        return Agreement()
    result = Agreement(agrees=True)
    where = [(t, t.row_pages()) for t in tree]
    for page in pages:
        parts = [part for t, rows in where if any(page in p for p in rows)
                 and (part := _Part.of(t, rows, page, texts)).slots]
        read = sorted((t for t in tables if t.page == page + 1), key=lambda t: t.bbox[1])
        what = _page_difference(parts, read, header_matcher)
        if what:
            result.pages[page + 1] = what
    result.agrees = not result.pages
    return result


@dataclass
class _Part:
    """A tree table's cells printed on one page: their rows counted from the part's first, each
    merged cell's span cut to the part's rows, its text that of its marks on the page (without
    whitespace). ``short``: the part's rows whose empty cells the producer left out of the tree
    (their cells' columns unknown: only their texts' order is compared). ``head``: the table's
    first row (as printed wherever it is), ``starts``: whether the part holds it."""

    slots: list[Slot]
    head_text: list[str]  # the first row's cells' texts, its words one space apart
    n_rows: int
    n_cols: int
    short: set[int]
    head: list[tuple]
    starts: bool

    @classmethod
    def of(cls, table: TreeTable, row_pages: list[set[int]], page: int, texts: dict) -> "_Part":
        rows = [i for i, pages in enumerate(row_pages) if page in pages]
        index = {r: i for i, r in enumerate(rows)}
        slots, head, head_text = [], [], []
        for row in table.rows:
            for cell in row.cells:
                if cell.row == 0:
                    whole = " ".join(texts.get(m, "") for m in cell.marks)
                    head.append((cell.col, cell.col_span, _bare(whole)))
                    head_text.append(" ".join(whole.split()))
                covered = [index[r] for r in range(cell.row, cell.row + cell.row_span) if r in index]
                if covered:
                    text = "".join(texts.get(m, "") for m in cell.marks if m[0] == page)
                    slots.append((covered[0], cell.col, len(covered), cell.col_span, _bare(text)))
        short = {index[r] for r in rows if not table.rows[r].full}
        return cls(slots, head_text, len(rows), table.n_cols, short, sorted(head), 0 in index)


def _bare(text: str) -> str:
    return _PRIVATE.sub("\ue000", _SPACE.sub("", text))


def _page_difference(parts: list[_Part], read: list[Table], header_matcher=None) -> str:
    """The first difference between the tree's table parts on a page and riskreg's tables there,
    in words; "" when they agree."""
    pairs, unread, unpaired = _pairs(parts, read)
    missed = [p for p in unpaired if header_matcher is None or header_matcher(p.head_text)]
    if missed or unread:
        return (f"the tree holds {len(pairs) + len(missed)} table(s) there riskreg should read, "
                f"riskreg read {len(pairs) + len(unread)}")
    for n, (part, table) in enumerate(pairs, start=1):
        got = [(c.row, c.col, c.row_span, c.col_span, _bare(c.text)) for c in table.cells]
        n_rows = table.n_rows
        if not part.starts and _first_row(got) == part.head:  # the header repeated on the page
            got, n_rows = [(r - 1, c, rs, cs, text) for r, c, rs, cs, text in got if r > 0], n_rows - 1
        if (part.n_rows, part.n_cols) != (n_rows, table.n_cols):
            return (f"table {n} there: {part.n_rows} rows x {part.n_cols} columns in the tree, "
                    f"{n_rows} x {table.n_cols} read")
        what = _difference(part, got)
        if what:
            return f"table {n} there: {what}"
    return ""


def _pairs(parts: list[_Part], read: list[Table]) -> tuple[list, list[Table], list[_Part]]:
    """The tree's table parts paired, in order, with riskreg's tables (top to bottom) sharing a
    cell's text with them; riskreg's tables no part pairs with, the parts no table pairs with."""
    pairs, unread, unpaired, i = [], [], [], 0
    for part in parts:
        texts = {s[4] for s in part.slots if s[4]}
        j = next((k for k in range(i, len(read)) if texts & {_bare(c.text) for c in read[k].cells}), None)
        if j is None:
            unpaired.append(part)
            continue
        unread += read[i:j]
        pairs.append((part, read[j]))
        i = j + 1
    return pairs, unread + read[i:], unpaired


def _difference(part: _Part, got: list[Slot]) -> str:
    """The first cell that differs, in words; a short row's texts compared in their order."""
    read = {s[:2]: s for s in got}
    for slot in sorted(s for s in part.slots if s[0] not in part.short):
        other = read.get(slot[:2])
        if other != slot:
            r, c = slot[0] + 1, slot[1] + 1
            if other is None or other[2:4] != slot[2:4]:
                return f"row {r}, column {c} spans {slot[2]}x{slot[3]} cells in the tree, not so as read"
            return (f"row {r}, column {c} holds {_quote(slot[4], other[4])} in the tree, "
                    f"{_quote(other[4], slot[4])} as read")
    for r in sorted(part.short):
        want = [s[4] for s in sorted(part.slots) if s[0] == r and s[4]]
        have = [s[4] for s in sorted(got) if s[0] == r and s[4]]
        if want != have:
            return (f"row {r + 1}'s cells hold other text in the tree ({len(want)} cells with text) "
                    f"than as read ({len(have)}); the tree leaves its empty cells out")
    return ""


def _quote(text: str, other: str) -> str:
    """The text around where it first differs from ``other`` (at most 40 characters)."""
    at = next((i for i, (a, b) in enumerate(zip(text, other)) if a != b), min(len(text), len(other)))
    start = max(0, at - 15)
    return repr(("…" if start else "") + text[start:start + 40] + ("…" if len(text) > start + 40 else ""))


def _first_row(slots: list[Slot]) -> list[tuple]:
    return sorted((s[1], s[3], s[4]) for s in slots if s[0] == 0)
