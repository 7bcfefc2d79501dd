"""A report whose register exists only as pictures: an Excel range pasted "as picture".

``samples/pictures/bergby_2024_bilder.pdf``: two portrait A4 pages; each has a heading and
paragraphs in the text layer, then a picture (a PNG at 150 dpi, as Excel's "copy as
picture" gives a screen's resolution) of part of the register, seed 000's first fourteen
risks (samples/source/seed000_vor.csv), seven per page, in a ruled grid with a shaded
header. The picture covers about a third of its page, so the older rule (OCR only where a
picture covers more than half the page) never read it.

The expected register (``samples/expected/pictures/bergby_2024_bilder.risks.csv``) is written
here from the same source rows, never from riskreg: the process is carried down to the rows
that leave it blank (a merged cell), the scores split into digit and label.

    python samples/build_pictures.py
"""
from __future__ import annotations

import csv
import io
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image as Picture, PageBreak, Paragraph, SimpleDocTemplate, Spacer

HERE = Path(__file__).resolve().parent
NAME = "bergby_2024_bilder"
OUT = HERE / "pictures"
EXPECTED = HERE / "expected" / "pictures"
FONT = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
BOLD = "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"
DPI = 150
#: (header, width in points, source column, characters a line holds)
COLUMNS = [("Nr", 26, "risk_nr", 4), ("Process", 120, "process", 26), ("Risk", 190, "event", 42),
           ("Sannolikhet", 70, "probability", 14), ("Konsekvens", 66, "consequence", 13),
           ("Riskvärde", 52, "risk_value", 9)]
PER_PAGE = 7
PAGES = 2
PARAGRAPHS = [
    "Socialnämnden gör varje år en riskanalys av verksamhetens processer. Riskerna bedöms efter "
    "sannolikhet och konsekvens på en skala från 1 till 4, och riskvärdet är produkten av de två.",
    "Tabellen nedan är hämtad ur nämndens arbetsbok för riskanalysen. Risker med ett riskvärde "
    "över 8 förs till internkontrollplanen.",
]


def source_rows() -> list[dict]:
    with (HERE / "source" / "seed000_vor.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))[:PER_PAGE * PAGES]


def table_image(rows: list[dict], ruled: int | None = None) -> Image.Image:
    """The rows as Excel draws a range copied as a picture: a grid, a shaded bold header.
    ``ruled``: only the header and that many rows have their grid (the rows under it are
    printed without lines: rows a reader of grids loses, tests/test_pictures.py); -1: no
    lines at all."""
    px = DPI / 72
    font = ImageFont.truetype(FONT, round(9 * px))
    bold = ImageFont.truetype(BOLD, round(9 * px))
    line = round(11 * px)
    pad = round(3 * px)

    def wrapped(row: dict) -> list[list[str]]:
        return [textwrap.wrap(row[src], chars) or [""] for _, _, src, chars in COLUMNS]

    bodies = [[[h] for h, *_ in COLUMNS]] + [wrapped(r) for r in rows]
    heights = [max(len(c) for c in cells) * line + 2 * pad for cells in bodies]
    widths = [round(w * px) for _, w, _, _ in COLUMNS]
    image = Image.new("L", (sum(widths) + 2, sum(heights) + 2), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, sum(widths), heights[0]), fill=215)
    y = 0
    for r, (cells, height) in enumerate(zip(bodies, heights)):
        x = 0
        for text, width in zip(cells, widths):
            for i, part in enumerate(text):
                draw.text((x + pad, y + pad + i * line), part, fill=0, font=bold if r == 0 else font)
            x += width
        y += height
    if ruled == -1:  # no lines at all: a table only its text's alignment shows
        return image
    xs = [sum(widths[:i]) for i in range(len(widths) + 1)]
    ys = [sum(heights[:i]) for i in range(len(heights) + 1)][:None if ruled is None else ruled + 2]
    for x in xs:
        draw.line((x, 0, x, ys[-1]), fill=0, width=2)
    for y in ys:
        draw.line((0, y, xs[-1], y), fill=0, width=2)
    return image


def picture(rows: list[dict], ruled: int | None = None) -> Picture:
    image = table_image(rows, ruled)
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(DPI, DPI))
    buf.seek(0)
    return Picture(buf, width=image.width * 72 / DPI, height=image.height * 72 / DPI)


def build_pdf(rows: list[dict], path: Path, ruled: int | None = None) -> None:
    """The report; ``ruled``: the first page's picture has its grid for that many rows only."""
    pdfmetrics.registerFont(TTFont("Liberation", FONT))
    pdfmetrics.registerFont(TTFont("LiberationBold", BOLD))
    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone("body", fontName="Liberation", fontSize=10, leading=13)
    heading = styles["Heading1"].clone("heading", fontName="LiberationBold")
    story = []
    for page in range(PAGES):
        story.append(Paragraph("Bergby kommun, socialnämnden: riskanalys 2024" if page == 0
                               else f"Riskanalys 2024, del {page + 1}", heading))
        story += [Paragraph(text, body) for text in PARAGRAPHS]
        story += [Spacer(1, 0.4 * cm), picture(rows[page * PER_PAGE:(page + 1) * PER_PAGE],
                                                   ruled if page == 0 else None)]
        story.append(Paragraph("Källa: nämndens arbetsbok för riskanalys, blad Risker.", body))
        if page < PAGES - 1:
            story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4, title=NAME, leftMargin=2 * cm, rightMargin=2 * cm).build(story)


def write_expected(rows: list[dict], path: Path) -> None:
    """The register the pictures print, from the source rows: the process carried down."""
    fields = ["page", "risk_nr", "process", "event", "probability", "probability_label",
              "consequence", "consequence_label", "risk_value"]
    process = ""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fields)
        out.writeheader()
        for i, row in enumerate(rows):
            process = row["process"] or process
            p_digit, p_label = row["probability"].split(". ", 1)
            c_digit, c_label = row["consequence"].split(". ", 1)
            out.writerow({"page": i // PER_PAGE + 1, "risk_nr": row["risk_nr"], "process": process,
                          "event": row["event"], "probability": p_digit, "probability_label": p_label,
                          "consequence": c_digit, "consequence_label": c_label,
                          "risk_value": row["risk_value"]})


def main() -> None:
    OUT.mkdir(exist_ok=True)
    EXPECTED.mkdir(exist_ok=True)
    rows = source_rows()
    build_pdf(rows, OUT / f"{NAME}.pdf")
    write_expected(rows, EXPECTED / f"{NAME}.risks.csv")
    print(f"wrote {OUT / NAME}.pdf and its expected register")


if __name__ == "__main__":
    main()
