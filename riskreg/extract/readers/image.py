"""The image reader: a scanned page's grid (or a picture's, on a page with a text layer) found in its
image, each cell read by OCR (extract/ocr/)."""
from __future__ import annotations

from ..model import Table
from ..ocr import PageOcr, mend_words
from .base import PageObjects, Reader, Reading, register


@register
class ImageReader(Reader):
    """Runs first: a page it reads (a scan, see ``PageOcr.wanted``) is claimed, and the words OCR
    read outside its tables are the page's characters for the readers after it (an unruled table
    printed on a scan)."""

    name = "image"
    order = 10
    title = "scan: the grid from the page's image, cells read by OCR"
    settings = ("ocr", "ocr_dpi", "ocr_low_confidence", "ocr_list_zipf", "ocr_short_zipf",
                "ocr_known_count", "ocr_known_cost", "ocr_tie_zipf", "min_rows", "min_cols")

    @classmethod
    def wanted(cls, settings, header_matcher=None) -> bool:
        return settings.ocr != "never"

    def __init__(self, reading: Reading):
        super().__init__(reading)
        self.scans = PageOcr(reading.path, reading.password, reading.settings, reading.header_matcher)
        #: (page, box, the words Tesseract read in it) of each picture read on a page with a text
        #: layer: ``Document.pictures``
        self.pictures: list[tuple] = []

    @property
    def ocr_pages(self) -> int:
        """The pages read by OCR (the progress bar's)."""
        return self.scans.pages_read

    def read_page(self, page: PageObjects) -> list[Table]:
        # the pdfium reader's count of the page's images (pdfplumber's page: looked at in wanted)
        if not self.scans.wanted(page.number, page.chars, page.edges, getattr(page.page, "images", None) != 0):
            return self._read_pictures(page)
        scanned = self.scans.read(page.number)
        page.chars, page.rules, page.claimed = scanned.chars, scanned.rules, True
        return scanned.tables

    def _read_pictures(self, page: PageObjects) -> list[Table]:
        """A page with a text layer: the pictures on it that show a table, read as a scan is;
        the words OCR read in them outside their tables join the page's characters (an
        unruled table in a picture, a caption)."""
        tables: list[Table] = []
        if not _may_hold_pictures(page.page):
            return tables  # no image drawn on it: nothing to look at (the page is not loaded again)
        for box in self.scans.pictures(page.number):
            read = self.scans.read(page.number, box)
            tables += read.tables
            self.pictures.append((page.number, box, read.shown or []))
            if read.chars:
                page.chars = page.chars + read.chars
                page.rules = sorted(page.rules + read.rules)
        return tables

    def finish(self, tables: list[Table]) -> None:
        # the other readers' tables on scanned pages (read from OCR's words) get confidences
        self.scans.finish_unruled([t for t in tables if t.reader != self.name])

    def after_text(self, tables: list[Table]) -> None:
        if self.scans.pages_read:
            mend_words(tables, self.reading.settings, [words for _, _, words in self.pictures])

    def close(self) -> None:
        self.scans.close()


def _may_hold_pictures(page) -> bool:
    """Whether the page draws an image at all: the pdfium reader counts its image objects as it
    reads the page's paths (forms included); pdfplumber's page lists its images."""
    images = getattr(page, "images", None)
    return bool(images) if images is not None else True
