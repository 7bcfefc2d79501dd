"""Build the hand-made PDF of issue 25 item 1: one malformed table on one page.

``tests/fixtures/skarpnack_2024_highlighted.pdf`` is a three-page ruled VoR
(Nr / Process / Oönskad händelse / Sannolikhet / Konsekvens / Riskvärde /
Beskrivning, the columns of the reportlab samples' layout), drawn with the
canvas so every rule and fill is where this script says:

- page 1 and page 3: plain ruled pages, the header row on a grey fill that
  covers its cells exactly (as reportlab's BACKGROUND does);
- every rule drawn as one segment per cell, as a spreadsheet draws them;
- page 2: the Beskrivning cell of its first row holds lines of highlighted text
  (two filled rectangles per line, touching, the last line's 2.4 pt taller so
  that their bottom is 1.6 pt above the row's rule), which pdfplumber's finder
  reads as a grid with a sliver row at its bottom; and the risk value of the page's last row sits on a red
  fill drawn 0.05 pt inside the cell's rules, as LibreOffice Calc draws a
  conditional-format colour.

The rows and their pages are written here, so the expected register
(``tests/fixtures/skarpnack_2024_highlighted.risks.csv``) is written from this
script's data, never from riskreg's output.

    python samples/build_contain.py      # needs reportlab and the DejaVu fonts
"""
from __future__ import annotations

import csv
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures"
STEM = "skarpnack_2024_highlighted"
ORGANISATION, YEAR = "Skarpnäcks stadsdelsnämnd", 2024

pdfmetrics.registerFont(TTFont("Sans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))

HEADER = ["Nr", "Process", "Oönskad händelse", "Sannolikhet", "Konsekvens", "Riskvärde", "Beskrivning"]
WIDTHS = [28, 120, 170, 80, 80, 50, 240]
PROBABILITY = {1: "Osannolikt", 2: "Mindre sannolikt", 3: "Möjlig", 4: "Sannolikt", 5: "Mycket sannolikt"}
CONSEQUENCE = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig", 5: "Mycket allvarlig"}
FONT, SIZE, LEADING, PAD = "Sans", 7, 9, 3
LEFT, TOP = 36, 70  # the table's left edge and top (points from the page's top)

# (nr, process, event, probability, consequence, description lines); the risk value is p x c
PAGES = [
    [(1, "Ekonomi", "Budgeten överskrids", 3, 4, ["Uppföljning varje månad."]),
     (2, "Ekonomi", "Felaktiga utbetalningar", 2, 4, ["Attest enligt attestordningen."]),
     (3, "Personal", "Hög sjukfrånvaro", 4, 3, ["Rehabilitering följs upp."]),
     (4, "Personal", "Svårt att rekrytera", 4, 4, ["Kompetensförsörjningsplan finns."])],
    [(5, "Upphandling", "Avtal följs inte", 3, 3,
      ["Avtalstroheten mäts två gånger", "per år och redovisas för", "ledningsgruppen i samband", "med tertialrapporten."]),
     (6, "Upphandling", "Direktupphandling över gränsen", 2, 3, ["Stickprov i kvartalet."]),
     (7, "Information", "Personuppgifter röjs", 2, 5, ["Loggar granskas."])],
    [(8, "Information", "Allmänna handlingar diarieförs inte", 3, 2, ["Rutin för registrering."]),
     (9, "Säkerhet", "Brand i lokal", 1, 5, ["Systematiskt brandskyddsarbete."])],
]
HIGHLIGHT_PAGE, HIGHLIGHT_ROW = 2, 0  # page 2's first row: its Beskrivning lines are highlighted
FILL_PAGE = 2  # page 2's last row: its risk value sits on a fill 0.05 pt inside the rules


def score(value: int, words: dict[int, str]) -> str:
    return f"{value}. {words[value]}"


def row_cells(row) -> list[list[str]]:
    nr, process, event, p, c, description = row
    return [[str(nr)], [process], [event], [score(p, PROBABILITY)], [score(c, CONSEQUENCE)],
            [str(p * c)], description]


def row_height(cells: list[list[str]]) -> float:
    return max(len(lines) for lines in cells) * LEADING + 2 * PAD + 2


def draw_page(canvas: Canvas, number: int, rows: list, page_height: float) -> None:
    """One page: furniture, the header row on its fill, the rows, the rules; page 2's defects."""
    y = lambda top: page_height - top  # noqa: E731  points from the top -> reportlab's frame
    canvas.setFont(FONT, 9)
    canvas.drawString(LEFT, y(30), f"{ORGANISATION} – Väsentlighets- och riskanalys {YEAR}")
    canvas.drawRightString(800, y(30), "Dnr SK 2023/1104")
    canvas.drawRightString(800, 22, f"Sida {number} ({len(PAGES)})")
    xs = [LEFT]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    tops = [TOP, TOP + LEADING + 2 * PAD + 2]
    for row in rows:
        tops.append(tops[-1] + row_height(row_cells(row)))
    canvas.setFillColor(HexColor("#D9D9D9"))  # the header's fill covers its cells exactly
    canvas.rect(xs[0], y(tops[1]), xs[-1] - xs[0], tops[1] - tops[0], stroke=0, fill=1)
    if number == FILL_PAGE:  # Calc's colour: 0.05 pt inside the last row's risk value rules
        x0, x1, t, b = xs[5] + 0.05, xs[6] - 0.05, tops[-2] + 0.05, tops[-1] - 0.05
        canvas.setFillColor(HexColor("#FF9999"))
        canvas.rect(x0, y(b), x1 - x0, b - t, stroke=0, fill=1)
    if number == HIGHLIGHT_PAGE:  # two highlights per line of a Beskrivning cell, touching
        lines = rows[HIGHLIGHT_ROW][5]
        x0, split, x1 = xs[6] + 6, xs[6] + 70, xs[7] - 20
        t = tops[1 + HIGHLIGHT_ROW] + 4
        for i, _ in enumerate(lines):
            # the last line's highlights reach 1.6 pt above the row's rule: snapped to it, their
            # bottom edge moves off the ends of their side edges
            h = LEADING + (2.4 if i == len(lines) - 1 else 0)
            for left, right, colour in ((x0, split, "#FFFF00"), (split, x1, "#B0F0B0")):
                canvas.setFillColor(HexColor(colour))
                canvas.rect(left, y(t + h), right - left, h, stroke=0, fill=1)
            t += h
    canvas.setFillColor(HexColor("#000000"))
    texts = [[[h] for h in HEADER]] + [row_cells(r) for r in rows]
    for r, cells in enumerate(texts):
        for c, lines in enumerate(cells):
            canvas.setFont(FONT, SIZE)
            for i, line in enumerate(lines):
                canvas.drawString(xs[c] + PAD, y(tops[r] + PAD + (i + 1) * LEADING - 2), line)
    canvas.setLineWidth(0.5)
    for t in tops:  # each cell's rule a segment of its own, as a spreadsheet draws them
        for left, right in zip(xs, xs[1:]):
            canvas.line(left, y(t), right, y(t))
    for x in xs:
        canvas.line(x, y(tops[0]), x, y(tops[-1]))


def expected_rows() -> list[dict]:
    """The register the PDF holds, from this script's data (the fields the test compares)."""
    out = []
    for number, rows in enumerate(PAGES, start=1):
        for nr, process, event, p, c, description in rows:
            out.append({"source_file": f"{STEM}.pdf", "page": number, "organisation": ORGANISATION,
                        "year": YEAR, "process": process, "risk_nr": nr, "event": event,
                        "probability": p, "probability_label": PROBABILITY[p], "consequence": c,
                        "consequence_label": CONSEQUENCE[c], "risk_value": p * c,
                        "description": " ".join(description)})
    return out


def main() -> None:
    path = FIXTURES / f"{STEM}.pdf"
    size = landscape(A4)
    canvas = Canvas(str(path), pagesize=size, invariant=1)
    for number, rows in enumerate(PAGES, start=1):
        draw_page(canvas, number, rows, size[1])
        canvas.showPage()
    canvas.save()
    rows = expected_rows()
    with (FIXTURES / f"{STEM}.risks.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print("wrote", path)


if __name__ == "__main__":
    main()
