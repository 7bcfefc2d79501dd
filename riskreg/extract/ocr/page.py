"""One scanned page read by OCR, and the decision, page by page, which pages need it."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..lattice import find_tables
from ..model import BBox, Table
from ..pdfium_reader import PdfiumPage
from ..settings import ExtractSettings
from .expect import Expectations
from .cells import _cell_image, _has_ink, apply_columns
from .image import _cv2, deskew, has_grid, horizontal_rules, render, ruling_edges
from .words import _read_lines, missed_words, read_words, words_to_chars


@dataclass
class OcrPage:
    """What OCR read on one page: its ruled tables (cells with lines and confidence), and the
    words outside them as characters (the alignment reader's input, see ``words_to_chars``)
    with the tops of the long horizontal rules drawn there. For a picture read on a page with
    a text layer, ``shown`` is every word Tesseract reads in the picture at page level."""

    tables: list[Table]
    chars: list[dict]
    rules: list[float]
    shown: list[str] | None = None


def _read_cells(tables: list[Table], gray: np.ndarray, lines_mask: np.ndarray,
                point: float) -> dict[int, np.ndarray]:
    """Each inked cell read by Tesseract into its lines and confidence; gives the cells' images
    (by id), kept for their column's second look."""
    cv2 = _cv2()
    crops: dict[int, np.ndarray] = {}
    for table in tables:
        for cell in table.cells:
            crop, left, top = _cell_image(gray, lines_mask, cell.bbox, point)
            if not _has_ink(crop[12:-12, 12:-12]):
                continue
            crops[id(cell)] = crop
            cell.lines, cell.confidence = _read_lines(crop, left / point, top / point, point)
            if cell.confidence is None or cell.confidence < 60:
                # doubtful (Tesseract misreads small type): read the cell again at twice the
                # size, then thresholded, and keep the surest reading
                retries = ((cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), 2 * point),
                           (cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1], point))
                for image, scale in retries:
                    lines, confidence = _read_lines(image, left / point, top / point, scale)
                    if lines and (confidence or 0) > (cell.confidence or 0):
                        cell.lines, cell.confidence = lines, confidence
                    if (cell.confidence or 0) >= 60:
                        break
    return crops


def _page_image(pdf, index: int, dpi: int, region: BBox | None) -> np.ndarray:
    """The page rendered in gray: a scan deskewed; for a picture (``region``, PDF points) only
    the picture, the rest of the page made white (its text layer is read as text)."""
    gray = render(pdf, index, dpi)
    if region is None:
        return deskew(gray, dpi)
    point = dpi / 72
    x0, y0, x1, y1 = (int(round(v * point)) for v in region)
    only = np.full_like(gray, 255)
    only[max(y0, 0):y1, max(x0, 0):x1] = gray[max(y0, 0):y1, max(x0, 0):x1]
    return only


def ocr_page(pdf, index: int, settings: ExtractSettings, header_matcher=None,
             last_columns: dict | None = None, region: BBox | None = None,
             expect: Expectations | None = None) -> OcrPage:
    """Read one page of a pdfium document by OCR: its ruled tables and its free text; with
    ``region``, only the picture there (a page with a text layer), and every word it shows."""
    dpi = settings.ocr_dpi
    point = dpi / 72
    page = pdf[index]
    width, height = page.get_size()
    page.close()
    gray = _page_image(pdf, index, dpi, region)
    edges, lines_mask = ruling_edges(gray, dpi)
    tables = find_tables(PdfiumPage(width=width, height=height, chars=[], edges=edges), index + 1, [],
                         settings)
    crops = _read_cells(tables, gray, lines_mask, point)
    # what the register is: number columns hold numbers, score columns a digit and its label
    last_columns = {} if last_columns is None else last_columns
    for table in tables:
        apply_columns(table, header_matcher, last_columns, lambda cell: crops.get(id(cell)), point,
                      expect)
    shown = None
    if region is not None:  # what the picture shows, read once at page level: the audit's count
        x0, y0, x1, y1 = (int(round(v * point)) for v in region)
        whole = gray[max(y0, 0):y1, max(x0, 0):x1].copy()
        whole[lines_mask[max(y0, 0):y1, max(x0, 0):x1] > 0] = 255
        words = read_words(whole) if _has_ink(whole) else []
        shown = [w.text for w in words + missed_words(whole, words, point)] if words else []
    # the rest of the page (titles, an unruled table): its words as characters, for the
    # same steps a text layer's characters go through
    rest = gray.copy()
    for table in tables:
        x0, y0, x1, y1 = (int(v * point) for v in table.bbox)
        rest[max(y0 - 4, 0):y1 + 4, max(x0 - 4, 0):x1 + 4] = 255
    rest[lines_mask > 0] = 255
    chars = []
    if _has_ink(rest):
        words = read_words(rest)
        chars = words_to_chars(words + missed_words(rest, words, point), point)
    # long rules need no fine resolution: looked for at half of it (a quarter of the work)
    rules = horizontal_rules(rest[::2, ::2], dpi // 2) if chars else []
    return OcrPage(tables=tables, chars=chars, rules=rules, shown=shown)


def aligned_text(gray: np.ndarray, lines: int, columns: int) -> bool:
    """Does the image (150 dpi) show text in columns: at least ``lines`` lines of Tesseract's
    words, each with ``columns`` runs apart by a gap of two type sizes (a table without lines)?"""
    if not _has_ink(gray):
        return False
    rows: dict[int, list] = {}
    for word in read_words(gray):
        rows.setdefault(int(word.baseline // max(word.size * 0.5, 1)), []).append(word)
    in_columns = 0
    for words in rows.values():
        words.sort(key=lambda w: w.x0)
        runs = 1 + sum(b.x0 - a.x1 >= 2 * a.size for a, b in zip(words, words[1:]))
        in_columns += runs >= columns
    return in_columns >= lines


class PageOcr:
    """Decides, page by page, whether a page is read by OCR, and reads it.

    The PDF is opened by pdfium only when a page may need OCR, so a digital PDF
    pays nothing. ``settings.ocr``: "never"; "always"; "auto" reads pages without
    characters, and pages with characters (an OCR layer) but no drawn lines whose
    image shows a grid.
    """

    def __init__(self, path, password: str | None, settings: ExtractSettings, header_matcher=None):
        self.path, self.password, self.settings = path, password, settings
        self._pdf = None
        self.pages_read = 0
        self.header_matcher = header_matcher
        self._columns: dict = {}
        self._expect = Expectations()  # the risk numbers and values read so far
        self._chars: dict[int, list[dict]] = {}  # page number -> its OCR words as characters
        self._scans: set[int] = set()  # the pages read whole by OCR (not only their pictures)

    def _doc(self):
        if self._pdf is None:
            from ..pdfium_reader import open_pdfium
            self._pdf = open_pdfium(self.path, self.password)
        return self._pdf

    def wanted(self, number: int, chars: list, edges: list, images: bool = True) -> bool:
        """Is the page a scan to read by OCR? ``images``: False when the page's reader saw it
        draw no image at all (none then covers half of it: the page need not be loaded again)."""
        mode = self.settings.ocr
        if mode == "never":
            return False
        if mode == "always" or not chars:
            return True
        if edges or not images:
            return False
        pdf = self._doc()
        page = pdf[number - 1]
        try:
            import pypdfium2.raw as raw
            width, height = page.get_size()
            covered = 0.0
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                left, bottom, right, top = obj.get_bounds()
                covered = max(covered, (right - left) * (top - bottom) / (width * height))
        finally:
            page.close()
        return covered > 0.5 and has_grid(render(pdf, number - 1, 150), 150)

    def read(self, number: int, region: BBox | None = None) -> OcrPage:
        """A page read by OCR; with ``region``, only the picture there (its page has a text layer)."""
        if region is None or number not in self._chars:
            self.pages_read += 1
        if region is None:
            self._scans.add(number)
        page = ocr_page(self._doc(), number - 1, self.settings, self.header_matcher, self._columns, region,
                        self._expect)
        self._chars.setdefault(number, []).extend(page.chars)
        return page

    def pictures(self, number: int) -> list[BBox]:
        """The pictures on a page with a text layer that show a table (``--ocr auto``): those
        large enough for a header and ``min_rows`` rows (100 pt wide, 10 pt a row), whatever
        share of the page they cover, whose image shows a grid. Boxes in PDF points, top down."""
        if self.settings.ocr != "auto":
            return []
        import pypdfium2.raw as raw
        pdf = self._doc()
        page = pdf[number - 1]
        try:
            width, height = page.get_size()
            boxes = []
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                left, bottom, right, top = obj.get_bounds()
                if right - left >= 100 and top - bottom >= 10 * (self.settings.min_rows + 1):
                    boxes.append((max(left, 0.0), max(height - top, 0.0), min(right, width),
                                  min(height - bottom, height)))
        finally:
            page.close()
        if not boxes:
            return []
        gray = render(pdf, number - 1, 150)
        point = 150 / 72
        crops = [gray[int(b[1] * point):int(b[3] * point) + 1, int(b[0] * point):int(b[2] * point) + 1]
                 for b in boxes]
        return [b for b, crop in zip(boxes, crops)
                if has_grid(crop, 150) or aligned_text(crop, self.settings.min_rows + 1, self.settings.min_cols)]

    def finish_unruled(self, tables: list[Table]) -> None:
        """The unruled tables found on OCR pages: each cell gets the lowest confidence of the
        words in it, and its column's kind is applied (numbers, scores; see ``apply_columns``)."""
        scanned = [t for t in tables if t.page in self._chars]
        last: dict = {}
        expect = Expectations()
        images: dict[int, list] = {}
        for table in scanned:
            chars = self._chars[table.page]
            for cell in table.cells:
                if not cell.lines:
                    continue
                x0, top, x1, bottom = cell.bbox
                inside = [c for c in chars
                          if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top - 1 <= c["top"] <= bottom + 1]
                cell.confidence = min((c["confidence"] for c in inside), default=None)
                images[id(cell)] = [c["image"] for c in inside if c["image"] is not None]
            if table.page not in self._scans and all(c.confidence is None for c in table.cells):
                continue  # a table of the text layer beside a picture: no OCR in it
            # a cell that is one mark read alone can be read again as digits
            apply_columns(table, self.header_matcher, last,
                          lambda cell: (images.get(id(cell)) or [None, None])[0]
                          if len(images.get(id(cell), [])) == 1 else None,
                          self.settings.ocr_dpi / 72, expect)

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
