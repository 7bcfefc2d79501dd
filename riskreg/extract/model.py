"""What the extract stage gives: tables of cells, each cell with page and bounding box."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..i18n import _

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


@dataclass
class Cell:
    """One drawn cell: its text, where it is, and which grid slots it covers."""

    text: str
    page: int
    bbox: BBox
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    uncertain: bool = False  # a word join the evidence did not decide
    #: the text's lines with their positions, kept until the document's words are known
    #: (read_document then joins them into ``text`` and empties this list)
    lines: list = field(default_factory=list, repr=False, compare=False)
    #: Tesseract's lowest word confidence (0-100) in a cell read by OCR; None when read from text
    confidence: Optional[float] = field(default=None, compare=False)


@dataclass
class Table:
    """One table as drawn on one page: a grid of rows x columns.

    ``grid()`` gives each slot its Cell, or None where a cell merged from above
    or from the left covers the slot.
    """

    page: int
    bbox: BBox
    n_rows: int
    n_cols: int
    cells: list[Cell]
    col_edges: list[float] = field(default_factory=list)
    #: no rule is drawn above the first row: the rest of a row the page end cut
    #: (reportlab's ``splitInRow``); see extract.cells.close_open_ends
    open_top: bool = False
    #: lines of text printed inside the table's box but in none of its cells (the word audit's)
    unplaced: list[str] = field(default_factory=list)
    #: drawn with ruling lines (False: found by riskreg's alignment reader, extract/unruled.py)
    ruled: bool = True
    #: the layout reader that found it (extract/readers/: "ruled", "alignment", "image"...)
    reader: str = ""
    #: what its reader saw and the debug page draws beyond the cells, (what, box) pairs
    #: (the fill reader's fills taken as cell edges); see ``Reader.marks``
    seen: list = field(default_factory=list, repr=False, compare=False)

    def grid(self) -> list[list[Optional[Cell]]]:
        rows: list[list[Optional[Cell]]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            rows[c.row][c.col] = c
        return rows


@dataclass
class TextLine:
    """A line of text outside any table (titles, headings, page headers)."""

    page: int
    top: float
    text: str


@dataclass
class TextRow:
    """A line outside every table whose text stands in two or more runs apart (columns):
    the word audit checks whether they are a register table's, lost by the table finder."""

    page: int
    top: float
    runs: list[tuple[float, float, str]]  # x0, x1, text of each run


@dataclass
class TableFailure:
    """A table, or a page's table finding, that raised while being read or assembled: where and why.

    The file's other tables and pages are read on; the pipeline gives each failure a
    ``table_unreadable`` problem row, and ``riskreg debug`` draws its outline with the reason.
    """

    page: int
    #: the table's place among the page's tables (1: the first found); None: the page's table finding
    table: Optional[int]
    #: the table's box on the page, None when the failure came before any box was known
    bbox: Optional[BBox]
    #: the exception in plain words, "IndexError: list index out of range"
    reason: str
    #: the traceback, appended to the problem's message under --debug
    trace: str = ""

    def where(self) -> str:
        """'table 2 on page 3' or 'the tables on page 3'."""
        return (_("table {table} on page {page}").format(table=self.table, page=self.page) if self.table
                else _("the tables on page {page}").format(page=self.page))


@dataclass
class Document:
    """Everything the later stages need from one PDF."""

    source_file: str
    n_pages: int
    tables: list[Table]
    lines: list[TextLine]
    #: words printed somewhere mid-line (see extract.text.vocabulary)
    words: set[str] = field(default_factory=set)
    #: (code, message) or (code, message, page) of what the reading did not get quite right, for
    #: problems.csv as warnings
    warnings: list[tuple] = field(default_factory=list)
    #: lines outside every table printed in columns (see TextRow)
    rows_outside: list[TextRow] = field(default_factory=list)
    #: pages read by OCR (their images), for the progress bar
    ocr_pages: int = 0
    #: the pictures on pages with a text layer whose tables OCR read: (page, the picture's box,
    #: every word Tesseract read in it at page level, once): what the picture shows, which the
    #: word audit counts against the register (normalize/audit.py)
    pictures: list[tuple[int, BBox, list[str]]] = field(default_factory=list)
    #: tables (or pages' table finding) that raised: the rest of the file was read without them
    failures: list[TableFailure] = field(default_factory=list)
    #: characters of the text layer not printed (clipped away, invisible, in the background's colour,
    #: off the page): dropped before any table was read (extract/visibility.py)
    hidden_chars: int = 0
    #: whether the tables of its structure tree (a tagged PDF) are the tables read; None: it has
    #: none (extract/agreement.py)
    structure_agrees: Optional[bool] = None
    #: page -> its shown corner (``document.page_origins``), when the reader gave it; None: ask
    origins: Optional[dict] = None
