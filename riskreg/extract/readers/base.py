"""What a layout reader is: the interface every reader module implements, and the registry.

A register is drawn in one of a few layout families (a ruled grid, a grid only the text's
alignment shows, a grid drawn as fills, a scan). Each family is one reader: page objects in
(a page's characters no earlier reader's table holds, its edges and fills), Tables with cells,
boxes and provenance out (``Table.reader`` names the reader that found it). ``read_document``
runs the readers the template and the settings allow, in the registry's order, each on what the
readers before it left; ``riskreg debug`` asks each table's reader what to draw for it.

A new family is a new module that defines a ``Reader`` subclass and calls ``register`` on it,
plus its line in ``READER_MODULES`` (``readers/__init__.py``); no other reader changes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Optional

import numpy as np

from .. import char_boxes
from ..model import BBox, Table
from ..settings import ExtractSettings


@dataclass
class PageObjects:
    """One page as the readers see it, in turn: what the readers before left of it."""

    number: int
    #: the pdfplumber page or the pdfium reader's PdfiumPage: ``edges``, ``bbox``, ``rects``...
    page: Any
    #: the page's characters (duplicates dropped) outside every table found so far
    chars: list[dict]
    #: the tops of the page's long horizontal ruling lines (where an unruled header ends)
    rules: list[float]
    #: the page's edges (lines, rectangles' sides, fills' sides), read once
    edges: list[dict] = field(default_factory=list)
    #: the boxes of the tables found on the page so far
    taken: list[BBox] = field(default_factory=list)
    #: the tables found on the page so far (``taken`` are their boxes)
    found: list[Table] = field(default_factory=list)
    #: a reader read the whole page (a scan read by OCR): no later reader reads it, and
    #: ``chars`` and ``rules`` are that reader's (the scan's words outside its tables)
    claimed: bool = False
    #: (the list of characters, their boxes as an array): see ``boxes``
    _boxes: Any = field(default=None, repr=False, compare=False)

    def boxes(self) -> np.ndarray:
        """The boxes of ``chars`` as one array (extract/char_boxes.py), read once for each list
        of characters the page is given (a reader that takes characters gives it a new list)."""
        cached = self._boxes
        if cached is None or cached[0] is not self.chars:
            cached = self._boxes = (self.chars, char_boxes.boxes(self.chars))
        return cached[1]

    def keep_chars(self, chars: list[dict], boxes: np.ndarray) -> None:
        """Give the page a new list of characters whose boxes are known already."""
        self.chars = chars
        self._boxes = (chars, boxes)


@dataclass
class Reading:
    """What every reader of one document may use: the file, the settings, the header matcher
    (the normalize stage's, naming a header line's columns; None without one), and the lists
    a reader adds a table's failure (TableFailure) or a warning (code, text) to."""

    path: Any
    password: Optional[str]
    settings: ExtractSettings
    header_matcher: Any = None
    failures: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


#: one thing a reader asks the debug page to draw over a table it found: (what, box), what being
#: "column_edge", "row_start" (a line) or "fill_edge" (a fill taken as a cell's edges, a box)
Mark = tuple[str, BBox]


class Reader:
    """One layout family's reader. Subclasses set ``name``, ``order`` and ``settings`` and
    override the steps they need; each step's default reads nothing."""

    #: the name a template's ``readers = [...]`` line uses
    name: ClassVar[str] = ""
    #: where the reader runs among the others (lower first): a later reader reads what the
    #: earlier ones left
    order: ClassVar[int] = 100
    #: the ExtractSettings fields it reads
    settings: ClassVar[tuple[str, ...]] = ()
    #: a few words for people (riskreg debug's index)
    title: ClassVar[str] = ""

    def __init__(self, reading: Reading):
        self.reading = reading

    @classmethod
    def wanted(cls, settings: ExtractSettings, header_matcher=None) -> bool:
        """Whether the settings (and the header matcher there is) let this reader run."""
        return True

    def read_page(self, page: PageObjects) -> list[Table]:
        """The tables on one page, read as the pages come (a page's objects are then let go)."""
        return []

    def read_document(self, pages: list[PageObjects]) -> list[Table]:
        """The tables that need every page at once (a table's columns found over all its pages),
        from what the page readers left of each page."""
        return []

    def finish(self, tables: list[Table]) -> None:
        """After every reader: a last look at all tables, before their cells' lines are joined."""

    def after_text(self, tables: list[Table]) -> None:
        """After the cells' text is joined (the document's words known)."""

    def close(self) -> None:
        """Let go of what the reader opened."""

    @classmethod
    def marks(cls, table: Table) -> list[Mark]:
        """What the debug page draws for a table this reader found, beyond its cells."""
        return []


_REGISTRY: dict[str, type[Reader]] = {}


def register(reader: type[Reader]) -> type[Reader]:
    """Add a reader to the registry under its name (usable as a class decorator)."""
    if not reader.name:
        raise ValueError(f"{reader.__name__} has no name")
    _REGISTRY[reader.name] = reader
    return reader


def unregister(name: str) -> None:
    """Take a reader out of the registry (a test's toy reader)."""
    _REGISTRY.pop(name, None)


def registered() -> list[type[Reader]]:
    """Every registered reader, in their fixed order."""
    return sorted(_REGISTRY.values(), key=lambda r: (r.order, r.name))
