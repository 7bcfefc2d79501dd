"""Build the samples whose narrow score columns have their header text turned on its side.

Portrait templates keep the score columns narrow by printing their headers on end
(Sannolikhet, Konsekvens, Riskvärde, Till plan). Producers that place each glyph
separately give every character its own text matrix; pdfminer then reads each
letter as a line of its own, bottom to top ("t capm I" for "Impact"). Both
samples are Sjövik's internkontrollplan (build_templates.py) with those four
headers turned, the columns as narrow as their numbers, and the header repeated
on the second page:

- ``sjovik_2024_turned_up``: the headers read bottom to top (turned 90 degrees),
  one text matrix (Tm) per glyph, as a report generator that sets each letter;
- ``sjovik_2024_turned_down``: the headers read top to bottom (turned 270
  degrees), one turned text matrix per line and the glyphs letter-spaced by a
  TJ array with a number between every two.

"Sannolikhet (1-4)" and "Konsekvens (1-4)" do not fit the header row's height:
each runs over two turned lines. The expected registers are Sjövik's
hand-checked ones (samples/expected/sjovik_2024_internkontrollplan.*.csv) with
the file name and the pages of this layout; never riskreg's output.

Run from the repository root (needs reportlab and the DejaVu fonts):

    python samples/build_rotated.py
"""
from __future__ import annotations

import csv
import sys

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from build_reportlab import EXPECTED, HERE, Layout, SpacedTitle, build_pdf, page_table, paginate
from build_templates import SJOVIK_HEADER, SJOVIK_ROWS, fit_widths

SOURCE_STEM = "sjovik_2024_internkontrollplan"
TURNED = {"S (1-4)": "Sannolikhet (1-4)", "K (1-4)": "Konsekvens (1-4)", "Riskvärde": "Riskvärde",
          "Till plan": "Till plan"}
HEADER_LENGTH = 44.0  # the longest turned line the header row holds, in points
rl_config.invariant = 1  # no date or random id in the PDFs: a rebuild gives the same bytes


class TurnedText(Flowable):
    """A header cell's text turned on its side, each line at most ``HEADER_LENGTH`` long.

    ``turn`` 90 reads bottom to top (the lines go left to right), 270 top to bottom (the lines
    go right to left)."""

    def __init__(self, text: str, font: str, size: float, turn: int):
        super().__init__()
        self.font, self.size, self.turn, self.leading = font, size, turn, size * 1.2
        self.lines: list[str] = []
        for word in text.split():
            if self.lines and stringWidth(self.lines[-1] + " " + word, font, size) <= HEADER_LENGTH:
                self.lines[-1] += " " + word
            else:
                self.lines.append(word)

    def wrap(self, width, height):
        self.width, self.height = len(self.lines) * self.leading, HEADER_LENGTH
        return self.width, self.height

    def draw(self):
        canv = self.canv
        text = canv.beginText()
        text.setFont(self.font, self.size)
        for n, line in enumerate(self.lines):
            if self.turn == 90:  # baseline at the line's right side, from the bottom up
                x, y = (n + 1) * self.leading - self.size * 0.25, 0.0
                self._per_glyph(text, line, x, y)
            else:  # 270: the first line at the right, from the top down
                x, y = self.width - (n + 1) * self.leading + self.size * 0.25, self.height
                self._letter_spaced(text, line, x, y)
        canv.drawText(text)

    def _per_glyph(self, text, line: str, x: float, y: float) -> None:
        """One text matrix per glyph, turned 90 degrees: the glyph's own Tm at its place."""
        for ch in line:
            text.setTextTransform(0, 1, -1, 0, x, y)
            text.textOut(ch)
            y += stringWidth(ch, self.font, self.size)

    def _letter_spaced(self, text, line: str, x: float, y: float) -> None:
        """One text matrix turned 270 degrees for the line, its glyphs in a TJ array with
        a spacing number between every two (1/1000 of the font size, negative: further apart)."""
        text.setTextTransform(0, -1, 1, 0, x, y)
        font, doc = getFont(self.font), self.canv._doc
        parts = []
        for subset, encoded in font.splitString(line, doc):
            name = font.getSubsetInternalName(subset, doc)
            glyphs = " -40 ".join(f"({self.canv._escape(bytes([b]))})" for b in encoded)
            parts.append(f"{name} {self.size:g} Tf [{glyphs}] TJ")
        text._code.append(" ".join(parts))


def expected_rows(kind: str) -> list[dict]:
    with (EXPECTED / f"{SOURCE_STEM}.{kind}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_expected(stem: str, kind: str, page_of_risk: dict[str, int]) -> None:
    """Sjövik's hand-checked rows, with this file's name and each risk's page here."""
    rows = expected_rows(kind)
    for r in rows:
        r["source_file"] = f"{stem}.pdf"
        r["page"] = str(page_of_risk[r["risk_nr"]])
    with (EXPECTED / f"{stem}.{kind}.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def build(turn: int) -> None:
    stem = f"sjovik_2024_turned_{'up' if turn == 90 else 'down'}"
    style = ParagraphStyle("cell", fontName="Sans", fontSize=6, leading=7.2)
    body = ParagraphStyle("body", fontName="Sans", fontSize=9, leading=12)
    header = [TurnedText(TURNED[h], "Sans", 6, turn) if h in TURNED else h for h in SJOVIK_HEADER]
    # the turned columns as wide as their numbers or their turned lines, the rest as Sjövik's
    plain = [h if h not in TURNED else "" for h in SJOVIK_HEADER]
    widths = fit_widths(plain, SJOVIK_ROWS, style, 523, grow=(1, 6, 9))
    for i, h in enumerate(header):
        if isinstance(h, TurnedText):
            need = h.wrap(0, 0)[0] + 6
            spare = need - widths[i]
            if spare > 0:
                widths[i] = need
                for g in (1, 6, 9):
                    widths[g] -= spare / 3
    layout = Layout(header, widths, style, merged=(0,))
    frame = A4[1] - 44 - 40 - 12
    pages = paginate(layout, SJOVIK_ROWS, 330, frame)

    def story():
        out = [SpacedTitle("Internkontrollplan 2024", "Sans", 14),
               Paragraph("Socialnämnden, Sjöviks kommun", body), Spacer(1, 6),
               Paragraph("Riskerna bedöms efter sannolikhet och konsekvens på en skala 1-4. "
                         "Riskvärde = sannolikhet × konsekvens. Risker med riskvärde 8 eller högre förs "
                         "till planen, och för dem anges kontrollmoment, metod, frekvens och ansvar.", body),
               Spacer(1, 10)]
        for i, rows in enumerate(pages):
            if i:
                out.append(PageBreak())
            out.append(page_table(layout, rows))
        out += [Spacer(1, 12), Paragraph("Beslutad av socialnämnden 2023-12-14.", body)]
        return out

    build_pdf(HERE / f"{stem}.pdf", story, "SN 2023/412", A4)
    page_of_risk = {str(n): p for n, p in zip(range(1, len(SJOVIK_ROWS) + 1),
                                              [p for p, rows in enumerate(pages, start=1) for _ in rows])}
    write_expected(stem, "risks", page_of_risk)
    write_expected(stem, "controls", page_of_risk)
    print(f"built samples/{stem}.pdf: {[len(p) for p in pages]} rows per page")


def main() -> int:
    build(90)
    build(270)
    return 0


if __name__ == "__main__":
    sys.exit(main())
