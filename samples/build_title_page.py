"""Build the fixture of issue 25 item 6: cover pages laid out in a table, around a whole register.

Word cover pages often lay their title out in a small table: a letter-spaced title
("V ä s e n t l i g h e t s - o c h  r i s k a n a l y s  2 0 2 3") in one cell, the
nämnd and the date in others. ``enskede_2023_titled`` is ``samples/enskede_2023_ruled.pdf``
(seed 000's VoR and control plan, its register checked by hand) with two such cover
pages put in:

- page 1: the document's cover, before the contents page;
- the page after the VoR's last page: the control plan's own cover, a page the word
  audit reads, since a continuation of the register would sit there.

The register is the sample's: every risk one page later, every control two pages later
(``tests/fixtures/enskede_2023_titled.risks.csv`` and ``.controls.csv`` are written from
``samples/expected/enskede_2023_ruled.*.csv``, never from riskreg).

Run from the repository root after samples/build_reportlab.py (needs reportlab, pikepdf):

    python samples/build_title_page.py
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pikepdf
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures"
SAMPLE = "enskede_2023_ruled"
STEM = "enskede_2023_titled"
ORGANISATION = "Enskede-Årsta-Vantörs stadsdelsnämnd"
pdfmetrics.registerFont(TTFont("Sans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))


def spaced(text: str) -> str:
    """Letter-spaced as typed on a cover: a space between letters, three between words."""
    return "   ".join(" ".join(word) for word in text.split())


def cover(title: str, lines: list[tuple[str, str]], ruled: bool) -> bytes:
    """One A4 page: the title across a table of two columns, a label and its value in each
    row below it (Nämnd, Datum, ...)."""
    big = ParagraphStyle("cover", fontName="Sans", fontSize=20, leading=28)
    small = ParagraphStyle("cover_small", fontName="Sans", fontSize=11, leading=15)
    rows = [[Paragraph(spaced(title), big), ""]] + [[Paragraph(label, small), Paragraph(value, small)]
                                                    for label, value in lines]
    table = Table(rows, colWidths=[110, 330])
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
             ("SPAN", (0, 0), (1, 0))]
    style += ([("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if ruled else
              [("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)])
    table.setStyle(TableStyle(style))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=72, rightMargin=72, topMargin=72,
                      bottomMargin=72).build([Spacer(1, 160), table])
    return out.getvalue()


def vor_pages(rows: list[dict]) -> int:
    """The sample's last page holding a risk: its control plan starts on the page after."""
    return max(int(r["page"]) for r in rows)


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, rows: list[dict], fields: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def shifted(rows: list[dict], by: int) -> list[dict]:
    return [{**r, "source_file": f"{STEM}.pdf", "page": str(int(r["page"]) + by)} for r in rows]


def main() -> int:
    risks = read(HERE / "expected" / f"{SAMPLE}.risks.csv")
    controls = read(HERE / "expected" / f"{SAMPLE}.controls.csv")
    last_vor = vor_pages(risks)
    front = cover("Väsentlighets- och riskanalys 2023",
                  [("Nämnd", ORGANISATION), ("Dokument", "Verksamhetsplan 2023"), ("Datum", "2022-11-17")],
                  ruled=True)
    middle = cover("Internkontrollplan 2023",
                   [("Nämnd", ORGANISATION), ("Dokument", "Bilaga 2 till verksamhetsplanen"),
                    ("Datum", "2022-11-17")], ruled=True)
    out = pikepdf.Pdf.new()
    with pikepdf.open(HERE / f"{SAMPLE}.pdf") as sample, pikepdf.open(io.BytesIO(front)) as a, \
            pikepdf.open(io.BytesIO(middle)) as b:
        out.pages.append(a.pages[0])
        for n, page in enumerate(sample.pages, start=1):
            out.pages.append(page)
            if n == last_vor:
                out.pages.append(b.pages[0])
        out.save(FIXTURES / f"{STEM}.pdf")
    write(FIXTURES / f"{STEM}.risks.csv", shifted(risks, 1), list(risks[0]))
    write(FIXTURES / f"{STEM}.controls.csv", shifted(controls, 2), list(controls[0]))
    print(f"built tests/fixtures/{STEM}.pdf (covers on pages 1 and {last_vor + 2})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
