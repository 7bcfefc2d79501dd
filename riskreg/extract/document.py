"""Open a PDF and read it into a Document: its tables and the text outside them.

Failures become riskreg's own errors with plain-word messages: not a PDF,
empty, damaged, encrypted, no text layer. Only the readers' own errors, raised
by the calls that read the file (opening it, a page's characters and lines,
camelot's reading), count as a damaged PDF; an error in one page's table finding or one
table's making is a TableFailure in ``Document.failures`` (the rest of the file is read);
an error anywhere else (the text steps) is a bug of riskreg's and reaches the caller as it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
import numpy as np

from ..errors import DamagedPdf, EmptyFile, EncryptedPdf, NotAPdf, NoTextLayer
from ..i18n import _
from . import char_boxes
from .agreement import compare_structure
from .model import Document, TextLine, TextRow
from .pdfium_reader import read_pages
from .printed import PrintedText
from .reader_errors import READER_ERRORS, is_reader_error  # noqa: F401 (READER_ERRORS read from here too)
from .reader_errors import reading as _reading
from .readers import PageObjects, Reader, Reading, readers_named
from .settings import ExtractSettings
from .dedupe import dedupe_with_boxes, expand_ligatures
from .text import chars_to_lines, join_cell_lines, vocabulary
from .unruled import HeaderMatcher, _char_lines, _segments


def _check_file(path: Path) -> None:
    if path.stat().st_size == 0:
        raise EmptyFile(_("The file is empty (0 bytes). It may have been cut off when it was downloaded or "
                          "copied; fetch it again."))
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise NotAPdf(_("This is not a PDF file, although its name may say so. Open it to see what it is, or "
                        "remove it from the folder."))


def _open(path: Path, password: str | None):
    try:
        return pdfplumber.open(path, password=password or "")
    except MemoryError:
        raise
    except PDFPasswordIncorrect as exc:
        raise EncryptedPdf.locked(password) from exc
    except Exception as exc:
        if not is_reader_error(exc):
            raise
        # pdfplumber wraps pdfminer's errors: look at the wrapped one too
        wrapped = [exc, *exc.args, exc.__context__]
        if any(isinstance(e, PDFPasswordIncorrect) for e in wrapped) or \
                "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
            raise EncryptedPdf.locked(password) from exc
        raise DamagedPdf.unreadable(type(exc).__name__) from exc


def _unturned(page):
    """A pdfplumber page read in the frame its content is drawn in, not turned by /Rotate.

    A register's table is drawn upright in that frame; /Rotate only turns the page when it is
    shown, and pdfminer would turn the characters with it (90 or 270: every line on end). The
    pdfium reader and camelot read the same frame, so every reader and engine sees one page.
    """
    if not page.rotation:
        return page
    page.page_obj.attrs["Rotate"] = 0
    page.page_obj.rotate = 0
    return pdfplumber.page.Page(page.pdf, page.page_obj, page_number=page.page_number,
                                initial_doctop=page.initial_doctop)


def _take_out(page: PageObjects, boxes: list[tuple]) -> None:
    """The page keeps its characters outside every box (x0, top, x1, bottom), with 1 pt to spare."""
    if not page.chars:
        return
    box = page.boxes()
    inside = np.zeros(len(page.chars), dtype=bool)
    for b in boxes:
        inside |= char_boxes.within(box, tuple(b), 1.0)
    page.keep_chars(char_boxes.pick(page.chars, ~inside), box[~inside])


def read_document(path: str | Path, settings: ExtractSettings | dict | None = None,
                  password: str | None = None,
                  header_matcher: HeaderMatcher | None = None,
                  readers: Sequence[str] | None = None) -> Document:
    """Read every page of one PDF into tables of cells and lines of free text.

    ``header_matcher`` names the columns of a header line (text cells -> column
    index -> name, empty when the line is no header); with it, tables drawn
    without ruling lines are found too. ``readers`` names the layout readers that may read
    the file (extract/readers/); None: those the header matcher's templates allow
    (``header_matcher.readers``), every one without. Each runs when the settings let it, in
    the readers' fixed order, on what the readers before it left.
    """
    settings = ExtractSettings.resolve(settings)
    path = Path(path)
    _check_file(path)
    names = readers if readers is not None else getattr(header_matcher, "readers", None)
    kinds = [r for r in readers_named(names) if r.wanted(settings, header_matcher)]
    reading = Reading(path, password, settings, header_matcher)
    printed = PrintedText(path, password, settings)
    pdf, pages = _open_pages(path, password, settings, reading.warnings, printed)
    active: list[Reader] = []
    try:
        for kind in kinds:  # a reader may read the whole file as it starts (camelot)
            active.append(kind(reading))
        pages_read = _read_pages(pages, settings, active, printed)
    finally:
        if pdf is not None:
            pdf.close()
        printed.close()
        for reader in active:
            reader.close()
    for reader in active:  # the readers that need every page at once (the alignment reader)
        _take(pages_read.pages, pages_read.tables, reader, reader.read_document(pages_read.pages), True)
    tables = sorted(pages_read.tables, key=lambda t: (t.page, t.bbox[1]))
    for reader in active:
        reader.finish(tables)
    lines, rows_outside = _text_outside_tables(pages_read.pages, settings)
    words = _join_cell_text(tables, settings)
    for reader in active:
        reader.after_text(tables)
    _check_text_layer(pages_read)
    reading.warnings.extend(printed.warnings)
    agreement = compare_structure(path, password, tables, header_matcher)
    reading.warnings.extend(agreement.warnings())
    return Document(source_file=path.name, n_pages=pages_read.n_pages, tables=tables, lines=lines,
                    words=words, warnings=reading.warnings, rows_outside=rows_outside,
                    ocr_pages=sum(getattr(r, "ocr_pages", 0) for r in active),
                    pictures=[p for r in active for p in getattr(r, "pictures", [])], failures=reading.failures,
                    hidden_chars=printed.hidden, structure_agrees=agreement.agrees, origins=pages_read.origins)


def _open_pages(path: Path, password: str | None, settings: ExtractSettings,
                warnings: list[tuple[str, str]], printed: PrintedText):
    """The open pdfplumber document (None for the pdfium reader) and its pages with their numbers,
    in the reader the settings name; the pdfium reader's warnings go to ``warnings``."""
    if settings.reader == "pdfium":
        return None, read_pages(path, password, warn=lambda code, text: warnings.append((code, text)),
                                see=printed.see)
    pdf = _open(path, password)
    with _reading():
        return pdf, iter([(_unturned(page), number) for number, page in enumerate(pdf.pages, start=1)])


@dataclass
class _PagesRead:
    """What the pages gave: every table the page readers found, what each page left after them
    (its characters outside every table, its long ruling lines' tops), whether any page had
    text, and the number of pages."""
    tables: list = field(default_factory=list)
    pages: list[PageObjects] = field(default_factory=list)
    any_text: bool = False
    n_pages: int = 0
    origins: dict | None = None  # page -> its shown corner, when the reader gives it (pdfium's)


def _read_pages(pages, settings: ExtractSettings, readers: list[Reader],
                printed: PrintedText) -> _PagesRead:
    """Every page read in turn by each reader (until one claims the page, a scan read by OCR)."""
    read = _PagesRead()
    while True:
        with _reading():  # the page's characters and lines: pdfminer parses them here
            item = next(pages, None)
            if item is None:
                break
            page, number = item
            page_chars, rules, page_edges = page.chars, page.horizontal_edges, page.edges
            page_chars = printed.chars(page, number, page_chars)  # only what is printed is text
        read.n_pages = number
        if hasattr(page, "origin"):  # the pdfium reader's page: page_origins without a second load
            read.origins = {} if read.origins is None else read.origins
            read.origins[number] = page.origin
        chars, boxes = dedupe_with_boxes(page_chars, settings)
        chars = expand_ligatures(chars)  # one character each still: the boxes stay its
        read.any_text = read.any_text or bool(chars)
        objects = PageObjects(number, page, chars, [e["top"] for e in rules if e["x1"] - e["x0"] > 50],
                              page_edges)
        objects.keep_chars(chars, boxes)
        for reader in readers:
            if objects.claimed:
                break
            _take([objects], read.tables, reader, reader.read_page(objects), False)
        read.any_text = read.any_text or objects.claimed
        objects.page, objects.edges = None, []  # what the readers after the pages need is kept
        read.pages.append(objects)
        page.flush_cache()
    return read


def _take(pages: list[PageObjects], tables: list, reader: Reader, found: list, claimed_too: bool) -> None:
    """A reader's tables: each names the reader, and its page's characters inside it are no longer
    free (on a claimed page only for a table read after the pages: a claiming reader gives its
    page's free characters itself)."""
    by_page = {p.number: p for p in pages}
    for t in found:
        t.reader = reader.name
        page = by_page.get(t.page)
        if page is not None:
            page.taken.append(t.bbox)
            page.found.append(t)
    tables.extend(found)
    for page in pages:
        boxes = [t.bbox for t in found if t.page == page.number]
        if boxes and (claimed_too or not page.claimed):
            _take_out(page, boxes)


def _text_outside_tables(pages: list[PageObjects], settings: ExtractSettings
                         ) -> tuple[list[TextLine], list[TextRow]]:
    """The lines of text outside every table, and the rows of two or more runs among them (in
    columns, outside any table: the word audit looks at them)."""
    lines, rows_outside = [], []
    for page in pages:
        number, outside = page.number, page.chars
        for line in chars_to_lines(outside, settings):
            lines.append(TextLine(page=number, top=line.top, text=line.text))
        for line_chars in _char_lines(outside, settings.line_tolerance):
            runs = _segments(line_chars, settings)
            if len(runs) >= 2:
                rows_outside.append(TextRow(number, runs[0].top, [(r.x0, r.x1, r.text) for r in runs]))
    return lines, rows_outside


def _join_cell_text(tables: list, settings: ExtractSettings):
    """The document's vocabulary, and each cell's lines joined into its text by it."""
    cells = [c for t in tables for c in t.cells]
    words = vocabulary([c.lines for c in cells], [c.bbox for c in cells], settings)
    for t in tables:
        for c in t.cells:
            if c.lines:  # an unruled table's header cell carries its text already
                c.text, undecided = join_cell_lines(c.lines, c.bbox, settings, words)
                c.uncertain = c.uncertain or undecided  # or text cut at the cell's edge (lattice)
                c.lines = []  # their work is done: a long document need not keep them
    return words


def _check_text_layer(read: _PagesRead) -> None:
    """No page with text, neither in its layer nor by OCR: NoTextLayer."""
    if not read.any_text and read.n_pages:
        raise NoTextLayer(_("The PDF has no text layer: its pages are images, probably a scan, and OCR was "
                            "turned off (--ocr never). Run again with --ocr auto to read it by OCR."))


def page_origins(path, password: str | None = None) -> dict[int, tuple[float, float]]:
    """Each page's (1-based) shown corner in the frame riskreg reads it in: the crop box's top left,
    x from the user space's origin, top measured down from the media box's height (/Rotate left
    undone). Subtracted from a box, it gives the box as a viewer measures the page: from the top
    left of what it shows, in points (as pdfplumber and tabula give it)."""
    from .pdfium_reader import open_pdfium
    try:
        pdf = open_pdfium(path, password)
    except Exception:  # a file pdfium cannot open was read by pdfminer: its boxes stay as read
        return {}
    try:
        out = {}
        for index in range(len(pdf)):
            page = pdf[index]
            _, media_bottom, _, media_top = page.get_mediabox()
            crop_left, _, _, crop_top = page.get_cropbox()
            out[index + 1] = (crop_left, (media_top - media_bottom) - crop_top)
            page.close()
        return out
    finally:
        pdf.close()
