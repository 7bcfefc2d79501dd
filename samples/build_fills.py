"""Build the registers drawn with fills and no lines (the fill reader's test PDFs).

Seed 000's VoR (``samples/source/seed000_vor.csv``, checked by hand) printed by reportlab
with no ruling line at all:

- ``tests/fixtures/solberga_2024_zebra.pdf``: a filled header repeated on every page, rows told
  apart by alternating fills (zebra rows: every second row shaded, the others not filled);
- ``tests/fixtures/solberga_2024_shaded.pdf``: only the header filled, and each risk value's cell
  shaded by its level (green, amber, red), as VoR tables colour them;
- with LibreOffice (``soffice``): ``tests/fixtures/solberga_2024_sheet.pdf``, the zebra table
  written as an .xlsx by openpyxl (no borders, zebra fills) and printed by LibreOffice Calc.

No cell is merged: a goal, process or working method printed once is left blank in the rows
below it (as a sheet prints it). Pages are laid out here (reportlab), a page's rows chosen to
fit, so the page of every row is known without reading the PDF back; the expected registers
come from the source, never from riskreg. The sheet's pages are LibreOffice's: its rows are
located in the PDF's text by their risk numbers' events (build.locate_pages), which reads the
producer's pages, not riskreg's tables.

Run from the repository root: python samples/build_fills.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from build import expected_flags, first_words, locate_pages, page_texts, resolve_merged
from build_reportlab import (LEVEL_COLOURS, DoubleText, Layout, build_pdf, cell, escape, paginate,
                             read_csv, score, split_goal)

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures"
SOURCE = HERE / "source"
ORGANISATION, YEAR, DNR = "Solberga stadsdelsnämnd", 2024, "SOL 2023/0412"
HEADER = ["Nr", "KF:s mål", "Process", "Arbetssätt", "Oönskad händelse", "Sannolikhet",
          "Konsekvens", "Riskvärde", "IKP"]
WIDTHS = [18, 100, 90, 120, 130, 62, 58, 40, 60]
HEAD_FILL, ZEBRA_FILL = colors.HexColor("#1F4E79"), colors.HexColor("#DDEBF7")
FIELDS = ["source_file", "page", "organisation", "year", "goal_id", "goal", "process",
          "working_method", "risk_nr", "event", "probability", "probability_label", "consequence",
          "consequence_label", "risk_value", "in_ikp", "handling", "status", "measure", "description",
          "responsible", "flags"]
CONTROL_FIELDS = ["source_file", "page", "organisation", "year", "goal_id", "process",
                  "working_method", "systematic_control", "event", "risk_value", "control_activity",
                  "risk_nr"]


def printed_rows(risks: list[dict]) -> list[list[str]]:
    return [[r["risk_nr"], r["goal"], r["process"], r["working_method"], r["event"], r["probability"],
             r["consequence"], r["risk_value"], "Nej" if r["ikp"] == "nej" else "Ja"] for r in risks]


def level_colour(value: int):
    return colors.HexColor(next(c for bound, c in LEVEL_COLOURS if value >= bound))


def page_table(rows: list[list[str]], style: ParagraphStyle, head_style: ParagraphStyle,
               zebra: bool) -> Table:
    """One page's table: no line drawn; the header filled; the rows zebra or their risk value shaded."""
    t = Table([[DoubleText(h, head_style) for h in HEADER]] + [[cell(x, style) for x in r] for r in rows],
              colWidths=WIDTHS)
    cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL)]
    if zebra:
        cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, ZEBRA_FILL]))
    else:
        cmds += [("BACKGROUND", (7, i), (7, i), level_colour(int(r[7]))) for i, r in enumerate(rows, start=1)]
    t.setStyle(TableStyle(cmds))
    return t


def expected_risks(stem: str, risks: list[dict], pages: list[int]) -> list[dict]:
    out = []
    for r, page in zip(resolve_merged(risks, ["goal", "process", "working_method"]), pages):
        p, p_label = score(r["probability"])
        k, k_label = score(r["consequence"])
        in_ikp = r["ikp"] != "nej"
        goal_id, goal = split_goal(r["goal"])
        out.append(dict(
            source_file=f"{stem}.pdf", page=page, organisation=ORGANISATION, year=YEAR, goal_id=goal_id,
            goal=goal, process=r["process"], working_method=r["working_method"], risk_nr=r["risk_nr"],
            event=r["event"], probability=p, probability_label=p_label, consequence=k,
            consequence_label=k_label, risk_value=r["risk_value"], in_ikp="true" if in_ikp else "false",
            handling="", status="", measure="", description="", responsible="",
            # the document prints no control plan: its IKP column is not checked against one
            # (normalize/validate.py, flag_risks), only the risk value against the scores
            flags=";".join(f for f in expected_flags(p * k, int(r["risk_value"]), in_ikp, False)
                           if f == "risk_value_mismatch")))
    return out


def write_expected(stem: str, risks: list[dict]) -> None:
    import csv
    with (FIXTURES / f"{stem}.risks.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(risks)


def build_reportlab(zebra: bool) -> None:
    stem = f"solberga_2024_{'zebra' if zebra else 'shaded'}"
    risks = read_csv(SOURCE / "seed000_vor.csv")
    style = ParagraphStyle("cell", fontName="Sans", fontSize=7, leading=8.4)
    head_style = ParagraphStyle("head", parent=style, textColor=colors.white)
    body = ParagraphStyle("body", fontName="Sans", fontSize=9, leading=12)
    pagesize = landscape(A4)
    frame = pagesize[1] - 44 - 40 - 12
    layout = Layout(HEADER, WIDTHS, style, ruled=False)
    pages = paginate(layout, printed_rows(risks), frame - 60, frame - 10)

    def story():
        out = [Paragraph(f"Väsentlighets- och riskanalys {YEAR}", ParagraphStyle("t", parent=body, fontSize=13,
                                                                               leading=16)),
               Paragraph(f"{escape(ORGANISATION)}. Nämndens risker i verksamhetsplanen {YEAR}.", body),
               Spacer(1, 8)]
        for i, rows in enumerate(pages):
            if i:
                out.append(PageBreak())
            out.append(page_table(rows, style, head_style, zebra))
        return out

    build_pdf(FIXTURES / f"{stem}.pdf", story, DNR, pagesize)
    write_expected(stem, expected_risks(stem, risks, [p for p, rows in enumerate(pages, start=1) for _ in rows]))
    print(f"built tests/fixtures/{stem}.pdf ({len(pages)} pages)")


def build_sheet() -> None:
    """The zebra table as a sheet (openpyxl, no borders) printed to PDF by LibreOffice Calc."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    stem = "solberga_2024_sheet"
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found: tests/fixtures/solberga_2024_sheet.pdf not built")
        return
    risks = read_csv(SOURCE / "seed000_vor.csv")
    wb = Workbook()
    ws = wb.active
    ws.title = "VoR"
    ws.append(HEADER)
    for row in printed_rows(risks):
        ws.append([int(x) if x.isdigit() else x for x in row])
    head_fill = PatternFill("solid", fgColor="1F4E79")
    zebra_fill = PatternFill("solid", fgColor="DDEBF7")
    for c in ws[1]:
        c.fill, c.font = head_fill, Font(name="DejaVu Sans", size=8, bold=True, color="FFFFFF")
    for r in range(2, ws.max_row + 1):
        for c in ws[r]:
            c.font = Font(name="DejaVu Sans", size=8)
            if r % 2:  # every second data row shaded
                c.fill = zebra_fill
    for row in ws.iter_rows():
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHI", WIDTHS):
        ws.column_dimensions[letter].width = width / 5.6
    for r, row in enumerate(ws.iter_rows(), start=1):  # Calc keeps a row's height: give it the lines it needs
        ws.row_dimensions[r].height = 10.5 * max(len(simpleSplit(str(c.value or ""), "Sans", 8, _points(w)))
                                                 for c, w in zip(row, WIDTHS)) + 4
    ws.print_title_rows = "1:1"  # the header on every page
    ws.oddHeader.left.text = f"{ORGANISATION}: väsentlighets- och riskanalys {YEAR}"  # the page header
    ws.oddHeader.left.font, ws.oddHeader.left.size = "DejaVu Sans", 9
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / f"{stem}.xlsx"
        wb.save(xlsx)
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(xlsx)],
                       check=True, capture_output=True, timeout=300)
        shutil.copy(Path(tmp) / f"{stem}.pdf", FIXTURES / f"{stem}.pdf")
    pdf = FIXTURES / f"{stem}.pdf"
    # each row's page: where its event's first words are printed, in row order (the producer's
    # pages; an event printed twice is found after the row before)
    pages = locate_pages(page_texts(pdf), [first_words(r["event"]) for r in risks], HEADER[0])
    write_expected(stem, expected_risks(stem, risks, pages))
    print(f"built tests/fixtures/{stem}.pdf ({max(pages)} pages)")


def _points(width: float) -> float:
    """The width (pt) a cell's text wraps in: a column of ``width / 5.6`` characters (Excel's
    unit: 7 pixels a character and 5 of padding, at 96 pixels an inch), less its padding, with a
    character to spare."""
    return ((width / 5.6) * 7 + 5) * 0.75 - 10


def main() -> int:
    build_reportlab(zebra=True)
    build_reportlab(zebra=False)
    build_sheet()
    return 0


if __name__ == "__main__":
    sys.exit(main())
