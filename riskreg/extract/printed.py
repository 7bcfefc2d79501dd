"""Each page's characters as printed, whichever reader read them (see extract/visibility.py).

The pdfium reader brings each page's verdict with its characters; for pdfplumber's pages the
document is opened in pdfium too, and a page is looked at there only as far as the verdict
needs (its objects; its characters only when an object may hide some).
"""
from __future__ import annotations

import pypdfium2 as pdfium

from ..i18n import _
from .pdfium_reader import PdfiumPage
from .visibility import Verdict, apply_verdict, page_box, page_verdict


def _origin(ch: dict) -> tuple[float, float]:
    """Where a character's glyph is drawn, in the page's user space: the pdfium reader's x0 and
    ``baseline`` (a float, not a tuple: no object per character for the collector), pdfminer's matrix."""
    baseline = ch.get("baseline")
    return (ch["x0"], baseline) if baseline is not None else (ch["matrix"][4], ch["matrix"][5])


class PrintedText:
    """Drops the characters of each page that are not printed; ``hidden`` counts the letters and
    signs dropped in the document (files.csv's hidden_chars; spaces are not counted)."""

    def __init__(self, path, password: str | None, settings):
        self.path, self.password, self.settings = path, password, settings
        self.hidden = 0
        #: (code, message, page) of pages whose text runs off the page's edge
        self.warnings: list[tuple[str, str, int]] = []
        self._pdf = None
        self._opened = False

    def chars(self, page, number: int, chars: list[dict]) -> list[dict]:
        """The printed characters among a page's (``number`` from 1)."""
        verdict = page.verdict if isinstance(page, PdfiumPage) else self._verdict(number)
        kept, dropped = apply_verdict(chars, verdict, _origin)
        self.hidden += dropped
        if verdict.off_edge:
            self.warnings.append(("text_off_page", _(
                "Text on page {page} runs past the page's edge: {count} of its characters lie off the page, where "
                "no one sees them, and are not read. The cells at that edge may hold only part of their text; "
                "check them against the document's source.").format(page=number, count=verdict.off_edge), number))
        return kept

    def see(self, page, textpage=None) -> Verdict:
        """A pypdfium2 page's verdict (``textpage``: its raw text page, when one is loaded)."""
        return page_verdict(page.raw, page_box(page), self.settings, textpage)

    def _verdict(self, number: int) -> Verdict:
        """A pdfplumber page's verdict, from pdfium; none (every character printed) where pdfium
        cannot read the file or the page: pdfminer's reading goes on as it would without it."""
        if not self._opened:
            self._opened = True
            try:
                self._pdf = pdfium.PdfDocument(str(self.path), password=self.password or None)
            except pdfium.PdfiumError:
                self._pdf = None
        if self._pdf is None or number > len(self._pdf):
            return Verdict()
        try:
            page = self._pdf[number - 1]
        except pdfium.PdfiumError:
            return Verdict()
        try:
            return self.see(page)
        finally:
            page.close()

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
