"""A tagged PDF's tables as its structure tree holds them: the second reading (issue 26, item 8).

Word and Writer exports made for accessibility carry a structure tree (``/StructTreeRoot``):
each table a ``Table`` element of ``TR`` rows of ``TH``/``TD`` cells (sometimes inside
``THead``/``TBody``/``TFoot``), a merged cell with ``RowSpan``/``ColSpan`` in its attributes
(``/A``). A cell's text is tied to it by marked-content ids: the cell's kids (or their kids)
name an MCID on a page, and the page's content wraps the text it prints in ``BDC <</MCID n>>``.
pikepdf walks the tree; pdfium gives each text object's MCID and text.

A table's row broken over a page is one ``TR`` in the tree and two rows on the pages (the
geometric reading reads a page at a time); so the tree's rows are cut at the pages their
text is on: ``TreeTable.on_page`` gives a table's part printed on one page, each cell with
the text printed there and its span cut to the page's rows.

Nothing here is read for an untagged PDF: ``tagged_tables`` looks for ``/StructTreeRoot``
first, and for a ``Table`` element in it, before any page is opened.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

#: the structure types of a table's parts (after the tree's role map)
_ROW_GROUPS = {"/THead", "/TBody", "/TFoot"}
_CELLS = {"/TH", "/TD"}
#: a tree deeper than this is not walked further (a loop in a damaged file)
_MAX_DEPTH = 200


@dataclass
class TreeCell:
    """One TH/TD of the tree: where its text is (page index, MCID) and its slots in the grid."""

    header: bool
    row: int = 0
    col: int = 0
    row_span: int = 1
    col_span: int = 1
    marks: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID), in order


@dataclass
class TreeRow:
    cells: list[TreeCell]
    pages: set[int] = field(default_factory=set)  # the pages its text is on (0-based)
    #: its cells and the merged cells above fill every column; False where the producer left
    #: empty cells out of the tree (Chromium does), so its cells' columns are not known
    full: bool = True


@dataclass
class TreeTable:
    """One Table element: its rows, each cell placed in the grid by the spans of those above."""

    rows: list[TreeRow]
    n_cols: int = 0

    def pages(self) -> list[int]:
        return sorted(set().union(*(r.pages for r in self.rows)))

    def row_pages(self) -> list[set[int]]:
        """The pages (0-based) each row is printed on: those its own cells' text is on (a merged
        cell's text continued on the next page is there only as far as the rows it covers are,
        else in its last row), a row without any text on the page of the row before it."""
        own = [{p for c in row.cells if c.row_span == 1 for p, _ in c.marks} for row in self.rows]
        for row in self.rows:
            for cell in (c for c in row.cells if c.row_span > 1):
                covered = range(cell.row, min(cell.row + cell.row_span, len(own)))
                for page in {p for p, _ in cell.marks} - set().union(*(own[r] for r in covered)):
                    own[covered[-1]].add(page)
        out, last = [], {min(self.pages(), default=0)}
        for pages in own:
            last = pages or {max(last)}
            out.append(last)
        return out


def tagged_tables(path, password: str | None = None) -> list[TreeTable] | None:
    """The tables of a PDF's structure tree, in document order; None when it has no structure
    tree or no table in it (an untagged PDF costs the opening of its trailer)."""
    try:
        pdf = pikepdf.open(path, password=password or "")
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError, ValueError):
        return None  # the readers say what is wrong with the file
    with pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if not isinstance(root, pikepdf.Dictionary):
            return None
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        roles = root.get("/RoleMap")
        roles = {str(k): str(v) for k, v in roles.items()} if isinstance(roles, pikepdf.Dictionary) else {}
        found: list[TreeTable] = []
        _find_tables(root, _Walk(pages, roles), found, 0)
    return found or None


@dataclass
class _Walk:
    pages: dict  # page object (objgen) -> 0-based index
    roles: dict  # the tree's role map (/Standard -> /P)

    def kind(self, node) -> str:
        s = str(node.get("/S", ""))
        for _ in range(10):  # a role maps to another role until a standard type
            if s not in self.roles or self.roles[s] == s:
                break
            s = self.roles[s]
        return s

    def page_of(self, node, inherited: int | None) -> int | None:
        pg = node.get("/Pg") if isinstance(node, pikepdf.Dictionary) else None
        if isinstance(pg, pikepdf.Dictionary):
            return self.pages.get(pg.objgen, inherited)
        return inherited


def _kids(node) -> list:
    k = node.get("/K") if isinstance(node, pikepdf.Dictionary) else node
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _find_tables(node, walk: _Walk, found: list[TreeTable], depth: int) -> None:
    for kid in _kids(node) if depth <= _MAX_DEPTH else []:
        if not isinstance(kid, pikepdf.Dictionary):
            continue
        if walk.kind(kid) == "/Table":
            found.append(_table(kid, walk))
        else:
            _find_tables(kid, walk, found, depth + 1)


def _as_list(k) -> list:
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _table(node, walk: _Walk) -> TreeTable:
    rows: list[TreeRow] = []
    for kid in _kids(node):
        if not isinstance(kid, pikepdf.Dictionary):
            continue
        kind = walk.kind(kid)
        groups = [kid]
        if kind in _ROW_GROUPS:
            groups = [g for g in _kids(kid) if isinstance(g, pikepdf.Dictionary)]
        for tr in groups:
            if walk.kind(tr) == "/TR":
                rows.append(_row(tr, walk))
    table = TreeTable(rows)
    _place(table)
    return table


def _row(node, walk: _Walk) -> TreeRow:
    page = walk.page_of(node, None)
    cells = []
    for kid in _kids(node):
        if isinstance(kid, pikepdf.Dictionary) and walk.kind(kid) in _CELLS:
            cell = TreeCell(header=walk.kind(kid) == "/TH", row_span=_span(kid, "/RowSpan"),
                            col_span=_span(kid, "/ColSpan"))
            _marks(kid, walk, walk.page_of(kid, page), cell.marks, 0)
            cells.append(cell)
    return TreeRow(cells, {p for c in cells for p, _ in c.marks})


def _span(node, key: str) -> int:
    attributes = node.get("/A")
    for a in _as_list(attributes) if attributes is not None else []:
        if isinstance(a, pikepdf.Dictionary) and key in a:
            try:
                return max(1, int(a[key]))
            except (TypeError, ValueError):
                return 1
    return 1


def _marks(node, walk: _Walk, page: int | None, out: list[tuple[int, int]], depth: int) -> None:
    """Every MCID under a cell, with its page: an integer kid (on the element's page), a marked
    content reference (``/MCR``, maybe on a page of its own) or an element below."""
    for kid in _kids(node) if depth <= _MAX_DEPTH else []:
        if isinstance(kid, int) and not isinstance(kid, bool):  # pikepdf gives a PDF integer as an int
            if page is not None:
                out.append((page, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary):
            kid_page = walk.page_of(kid, page)
            if str(kid.get("/Type", "")) == "/MCR" or "/MCID" in kid:
                if kid_page is not None and "/MCID" in kid:
                    out.append((kid_page, int(kid["/MCID"])))
            elif str(kid.get("/Type", "")) != "/OBJR":
                _marks(kid, walk, kid_page, out, depth + 1)


def _place(table: TreeTable) -> None:
    """Each cell's row and column: the next column its row leaves free of the row and column
    spans above (the HTML table model, which PDF's table attributes follow)."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        col = 0
        for cell in row.cells:
            while (r, col) in taken:
                col += 1
            cell.row, cell.col = r, col
            taken.update((r + i, col + j) for i in range(cell.row_span) for j in range(cell.col_span))
            col += cell.col_span
        if r == 0:
            table.n_cols = max((c + 1 for _, c in taken), default=0)
    for r, row in enumerate(table.rows):  # Writer tags empty cells past the last column on a page's last row
        row.cells = [c for c in row.cells if c.marks or c.col + c.col_span <= table.n_cols]
        row.full = all((r, c) in taken for c in range(table.n_cols))


def marked_texts(path, password: str | None, pages: list[int]) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text printed in that marked content: pdfium's characters of
    the page, in its order, each under the MCID of the text object that draws it (a line-end
    hyphen, which pdfium marks as code 2, is the "-" printed; the spaces and line ends pdfium
    infers belong to no object and are left out). Character by character, as asking each
    text object for its text costs a pass over the page's characters per object (Chromium
    draws a text object per glyph)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from .pdfium_reader import _TEXT_OBJECT, _codes, _proto

    mcid_of = _proto(raw.FPDFPageObj_GetMarkedContentID, ctypes.c_int, ctypes.c_void_p)
    out: dict[tuple[int, int], list[str]] = {}
    pdf = pdfium.PdfDocument(str(path), password=password or None)
    try:
        for index in pages:
            page = pdf[index]
            textpage = page.get_textpage()
            tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
            ids: dict[int, int] = {}  # text object (its address) -> its MCID, -1 for none
            for i, code in enumerate(_codes(tp, raw.FPDFText_CountChars(textpage.raw))):
                obj = _TEXT_OBJECT(tp, i)
                if not obj:
                    continue
                mcid = ids.get(obj)
                if mcid is None:
                    mcid = ids[obj] = mcid_of(obj)
                if mcid >= 0:
                    out.setdefault((index, mcid), []).append("-" if code == 2 else chr(code))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return {key: "".join(chars) for key, chars in out.items()}
