"""Build the hand-made PDF of issue 26 item 3: a register whose text layer holds text not printed.

``tests/fixtures/solby_2024_hidden_text.pdf`` is a two-page ruled VoR (the columns of
samples/build_contain.py), drawn with the canvas so every glyph, clip and fill is where this
script says. Its header is white text on a dark fill (printed: it must be read). Hidden in it:

- page 1, row 1: a word in render mode 3 (invisible) under the description;
- row 2: a word in white on the white page; and in the risk value cell, on a grey fill, a
  word in that grey;
- row 3: a word under a white rectangle drawn after it;
- row 4: a word drawn in the cell but outside the clip path in force;
- two words off the page (below its bottom, right of its edge);
- the process "Ekonomi", a merged cell over page 1's last row and page 2's first, drawn
  again on page 2 as LibreOffice Calc draws it: at the range's top, which on page 2 lies
  on the repeated header's line ("Process"), clipped to the range's part on that page;
- page 2, row 6: a description running past its cell's right edge, clipped there (as Calc
  clips a cell's text where the next cell is not empty): "Kontrolleras varje vecka" shows,
  the edge cutting its last "a" past its middle, " och rapporteras" is cut away.

The rows and pages are written here; the expected register
(``tests/fixtures/solby_2024_hidden_text.risks.csv``) is this script's data, the printed
text only, never riskreg's output. ``HIDDEN`` lists what is drawn and not printed.

    python samples/build_hidden_text.py      # needs reportlab and the DejaVu fonts
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
STEM = "solby_2024_hidden_text"
ORGANISATION, YEAR = "Solby stadsdelsnämnd", 2024

pdfmetrics.registerFont(TTFont("Sans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))

HEADER = ["Nr", "Process", "Oönskad händelse", "Sannolikhet", "Konsekvens", "Riskvärde", "Beskrivning"]
WIDTHS = [28, 120, 170, 80, 80, 50, 240]
PROBABILITY = {1: "Osannolikt", 2: "Mindre sannolikt", 3: "Möjlig", 4: "Sannolikt", 5: "Mycket sannolikt"}
CONSEQUENCE = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig", 5: "Mycket allvarlig"}
FONT, SIZE, LEADING, PAD = "Sans", 7, 9, 3
LEFT, TOP = 36, 70  # the table's left edge and top (points from the page's top)
ROW = 2 * LEADING + 2 * PAD + 2  # every row two lines high
HEADER_ROW = ROW  # the header's words on the first of its two lines
DARK, GREY = "#1F3864", "#CCCCCC"

# (nr, process or "" where the merged cell above goes on, event, probability, consequence, description)
PAGES = [
    [(1, "Ledning", "Oklara ansvarsroller", 2, 3, "Delegationsordningen ses över."),
     (2, "Ledning", "Beslut verkställs inte", 3, 3, "Uppföljning i ledningsgruppen."),
     (3, "Upphandling", "Avtal följs inte", 3, 4, "Uppföljning varje månad."),
     (4, "Ekonomi", "Felaktiga utbetalningar", 2, 4, "Attest enligt attestordningen.")],
    [(5, "", "Intäkterna uteblir", 2, 2, "Prognos tre gånger per år."),
     (6, "Personal", "Hög sjukfrånvaro", 4, 3, "Kontrolleras varje vecka")],
]
CUT_TEXT = "Kontrolleras varje vecka och rapporteras"  # page 2, row 1's description as drawn
#: what is drawn and not printed, in the order drawn (the test counts their letters)
HIDDEN = ["DOLT", "VITT", "GRÅ", "TÄCKT", "KLIPPT", "UTANFÖR", "UTANFÖR", "Ekonomi", " och rapporteras"]


def score(value: int, words: dict[int, str]) -> str:
    return f"{value}. {words[value]}"


def row_cells(row) -> list[str]:
    nr, process, event, p, c, description = row
    return [str(nr), process, event, score(p, PROBABILITY), score(c, CONSEQUENCE), str(p * c), description]


def grid(rows: list) -> tuple[list[float], list[float]]:
    """The column edges (x) and row tops (from the page's top) of a page's table."""
    xs = [LEFT]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    return xs, [TOP, TOP + HEADER_ROW] + [TOP + HEADER_ROW + ROW * (i + 1) for i in range(len(rows))]


def text_at(canvas: Canvas, x: float, top: float, text: str, page_height: float, colour: str = "#000000",
            mode: int = 0) -> None:
    """A line of text whose line box starts ``top`` points from the page's top."""
    t = canvas.beginText(x, page_height - (top + LEADING - 2))
    t.setFont(FONT, SIZE)
    t.setFillColor(HexColor(colour))
    t.setTextRenderMode(mode)
    t.textOut(text)
    canvas.drawText(t)


def draw_rules(canvas: Canvas, xs: list[float], tops: list[float], page_height: float) -> None:
    """Each cell's rules a segment of its own, as a spreadsheet draws them."""
    y = lambda top: page_height - top  # noqa: E731
    canvas.setStrokeColor(HexColor("#000000"))
    canvas.setLineWidth(0.5)
    for t in tops:
        for left, right in zip(xs, xs[1:]):
            canvas.line(left, y(t), right, y(t))
    for x in xs:
        canvas.line(x, y(tops[0]), x, y(tops[-1]))


def draw_page(canvas: Canvas, number: int, rows: list, height: float) -> None:
    """One page: furniture, the header on its dark fill, the rows, the rules, the hidden text.

    Why it is long: every trick of the page is drawn here, in the order it must be drawn
    (a fill before the text on it, the white cover after the text it hides)."""
    y = lambda top: height - top  # noqa: E731
    xs, tops = grid(rows)
    text_at(canvas, LEFT, 22, f"{ORGANISATION} – Väsentlighets- och riskanalys {YEAR}", height)
    canvas.setFont(FONT, 8)
    canvas.drawRightString(800, 22, f"Sida {number} ({len(PAGES)})")
    canvas.setFillColor(HexColor(DARK))
    canvas.rect(xs[0], y(tops[1]), xs[-1] - xs[0], HEADER_ROW, stroke=0, fill=1)
    if number == 1:  # a grey fill under row 2's risk value
        canvas.setFillColor(HexColor(GREY))
        canvas.rect(xs[5], y(tops[3]), WIDTHS[5], ROW, stroke=0, fill=1)
    for c, head in enumerate(HEADER):
        text_at(canvas, xs[c] + PAD, tops[0] + PAD, head, height, colour="#FFFFFF")
    for r, row in enumerate(rows):
        for c, text in enumerate(row_cells(row)):
            if number == 2 and r == 1 and c == 6:
                continue  # the cut description: drawn below
            text_at(canvas, xs[c] + PAD, tops[r + 1] + PAD, text, height)
    if number == 1:
        draw_hidden_page_1(canvas, xs, tops, height)
    else:
        draw_hidden_page_2(canvas, xs, tops, height)
    draw_rules(canvas, xs, tops, height)


def draw_hidden_page_1(canvas: Canvas, xs: list[float], tops: list[float], height: float) -> None:
    y = lambda top: height - top  # noqa: E731
    second = lambda r: tops[r + 1] + PAD + LEADING  # noqa: E731  a row's second line
    canvas.saveState()  # render mode 3 lasts until the state is restored (Tr is graphics state)
    text_at(canvas, xs[6] + PAD, second(0), "DOLT", height, mode=3)
    canvas.restoreState()
    text_at(canvas, xs[6] + PAD, second(1), "VITT", height, colour="#FFFFFF")
    text_at(canvas, xs[5] + PAD, second(1), "GRÅ", height, colour=GREY)
    text_at(canvas, xs[6] + PAD, second(2), "TÄCKT", height)
    canvas.setFillColor(HexColor("#FFFFFF"))  # the cover, drawn after the word
    canvas.rect(xs[6] + 1, y(second(2) + LEADING + 1), 60, LEADING + 1, stroke=0, fill=1)
    canvas.saveState()  # a clip over row 4's first line only: its second line is cut away
    clip = canvas.beginPath()
    clip.rect(xs[6], y(tops[4] + PAD + LEADING), WIDTHS[6], LEADING + PAD)
    canvas.clipPath(clip, stroke=0, fill=0)
    text_at(canvas, xs[6] + PAD, second(3), "KLIPPT", height)
    canvas.restoreState()
    text_at(canvas, 300, height + 40, "UTANFÖR", height)  # 40 pt below the page's bottom
    text_at(canvas, 850, 300, "UTANFÖR", height)  # right of the page (842 pt wide)


def draw_hidden_page_2(canvas: Canvas, xs: list[float], tops: list[float], height: float) -> None:
    y = lambda top: height - top  # noqa: E731
    # Calc: the merged range's text drawn again at the range's top (a row above the header's
    # bottom: on the header's line), clipped to the range's part on this page (row 0's cell)
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(xs[1], y(tops[2]), WIDTHS[1], ROW)
    canvas.clipPath(clip, stroke=0, fill=0)
    text_at(canvas, xs[1] + PAD, tops[1] - ROW + PAD, "Ekonomi", height)
    canvas.restoreState()
    # row 1's description, clipped at its cell's right edge, which cuts the "a" of "vecka" at 70%
    shown = "Kontrolleras varje veck"
    edge = xs[7]
    start = edge - pdfmetrics.stringWidth(shown, FONT, SIZE) - 0.7 * pdfmetrics.stringWidth("a", FONT, SIZE)
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(xs[6], y(tops[3]), WIDTHS[6], ROW)
    canvas.clipPath(clip, stroke=0, fill=0)
    text_at(canvas, start, tops[2] + PAD, CUT_TEXT, height)
    canvas.restoreState()


def expected_rows() -> list[dict]:
    """The register the PDF prints, from this script's data (the fields the test compares)."""
    out, process = [], ""
    for number, rows in enumerate(PAGES, start=1):
        for nr, own, event, p, c, description in rows:
            process = own or process
            out.append({"source_file": f"{STEM}.pdf", "page": number, "organisation": ORGANISATION,
                        "year": YEAR, "process": process, "risk_nr": nr, "event": event,
                        "probability": p, "probability_label": PROBABILITY[p], "consequence": c,
                        "consequence_label": CONSEQUENCE[c], "risk_value": p * c,
                        "description": description})
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
