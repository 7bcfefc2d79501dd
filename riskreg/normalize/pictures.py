"""What a picture shows, for the word audit: a table OCR read from a picture on a page with a
text layer is counted by the words Tesseract read in the whole picture at page level, once
(``Document.pictures``), not by the words of the cells it found: rows the grid missed are
shown words no cell holds, so a table read a third short cannot report 95 %.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..extract import Document
from ..extract.model import BBox
from .headers import match_header_row, table_kind
from .parse import clean_text


@dataclass
class PictureWords:
    """The register's words the pictures show: (page, picture's box, word) each, the header
    words among them (recognised and dropped: accounted), and the tables they stand for."""

    words: list[tuple[int, BBox, str]] = field(default_factory=list)
    header_words: int = 0
    tables: set[int] = field(default_factory=set)
    boxes: list[tuple[int, BBox]] = field(default_factory=list)  #: (page, box) of each picture counted

    def outside(self, rows: list) -> list:
        """The rows of text outside every table (``TextRow``) that are not in a counted picture
        (whose words are counted already: a row its grid missed, read as free text)."""
        return [r for r in rows if not any(page == r.page and box[1] - 2 <= r.top <= box[3] + 2
                                           and box[0] - 2 <= r.runs[0][0] <= box[2] + 2
                                           for page, box in self.boxes)]


def _within(inner: BBox, outer: BBox, slack: float = 2.0) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _cell_words(cells) -> Counter:
    return Counter(w for c in cells for w in clean_text(c.text).split())


def _names_register_columns(shown: list[str], settings) -> bool:
    """Do a picture's words name a register's columns (Nr, Risk, Sannolikhet, ...)?"""
    mapping = match_header_row(shown, settings)
    return bool(mapping) and table_kind(mapping) is not None


def picture_words(doc: Document, pages: set[int], fragments: dict[int, int],
                  headers_again: set[tuple[int, int]], settings=None) -> PictureWords:
    """The words shown by each picture on an audited page that holds a register table (see the
    module). ``fragments``: a register table's id -> its header rows; ``headers_again``: the
    (table id, row) of headers repeated mid-table. Words of other tables in the picture (a
    legend) are left to the audit's usual rules, so they are not counted here. A picture whose
    words name a register's columns but from which no register table was read (an unruled
    table the alignment reader did not find) counts all its words as lost, on any page."""
    out = PictureWords()
    for page, box, shown in doc.pictures:
        inside = [t for t in doc.tables if t.page == page and _within(t.bbox, box)]
        register = [t for t in inside if id(t) in fragments]
        printed = Counter(w for text in shown for w in clean_text(text).split())
        if not register and _names_register_columns(shown, settings):
            # a register's picture no table was read from: every word it shows is lost
            out.words.extend((page, box, w) for w, n in printed.items() for _ in range(n))
            out.boxes.append((page, box))
        if page not in pages or not register:
            continue
        printed -= _cell_words(c for t in inside if id(t) not in fragments for c in t.cells)
        header = _cell_words(c for t in register for c in t.cells
                             if c.row < fragments[id(t)] or (id(t), c.row) in headers_again)
        out.header_words += sum((printed & header).values())
        printed -= header
        out.words.extend((page, box, w) for w, n in printed.items() for _ in range(n))
        out.tables.update(id(t) for t in register)
        out.boxes.append((page, box))
    return out
