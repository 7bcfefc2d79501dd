"""Build the LibreOffice Calc fixture of issue 26 item 3: merged ranges over page breaks.

Many registers are kept in a spreadsheet and printed from it. Where a merged range
(a goal, a process) runs over a page break, Calc draws the range's whole text again on
the next page, clipped to the part of the range that page shows: with the text at the
range's top, the copy lands above that part, under the repeated header (when the range
has a row or two on the page before) or off the page's top (more rows). The copy is in
the text layer though no one sees it; read, it garbles the header ("PUrpopcheasnsdling")
and the merged cells are not carried down.

``tests/fixtures/vasterby_2025_calc_merged.xlsx`` is written here with openpyxl: a VoR of
26 risks under three goals, the header row repeated on every page (print titles), page
breaks set by hand after risks 10 and 20, goal and process merged ranges running over
both breaks (one of each with a single row before a break, so their copy lies under the
header), top-aligned. ``soffice --convert-to pdf`` prints it to
``tests/fixtures/vasterby_2025_calc_merged.pdf``. The expected register
(``vasterby_2025_calc_merged.risks.csv``) is written from this script's data, never from
riskreg's output.

    python samples/build_calc_clipped.py     # needs openpyxl and LibreOffice Calc (soffice)
"""
from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.pagebreak import Break

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures"
STEM = "vasterby_2025_calc_merged"
ORGANISATION, YEAR = "Västerby stadsdelsnämnd", 2025

HEADER = ["KF:s mål", "Process", "Nr", "Oönskad händelse", "Sannolikhet", "Konsekvens", "Riskvärde"]
WIDTHS = [30, 16, 5, 40, 16, 16, 10]  # characters
PROBABILITY = {1: "Osannolikt", 2: "Mindre sannolikt", 3: "Möjlig", 4: "Sannolikt", 5: "Mycket sannolikt"}
CONSEQUENCE = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig", 5: "Mycket allvarlig"}
#: (goal, first risk, last risk): the merged goal ranges. Goal 1.2 runs over both breaks, from
#: risk 10 (one row before the first) to risk 22
GOALS = [("1.1 Alla barn och elever ges förutsättningar att nå kunskapsmålen", 1, 9),
         ("1.2 Stockholm är en trygg och säker stad att leva i", 10, 22),
         ("1.3 Stockholm har en god och hållbar ekonomi", 23, 26)]
#: (process, first risk, last risk): Upphandling has one row before the first break, Personal
#: two before the second; Ekonomi runs from risk 2 over nine rows of the first page onto the second
PROCESSES = [("Ledning och styrning", 1, 1), ("Ekonomi", 2, 9), ("Upphandling", 10, 13),
             ("Trygghet", 14, 18), ("Personal", 19, 22), ("Ekonomi", 23, 26)]
BREAKS = (10, 20)  # a page break after these risks
EVENTS = ["Budgeten överskrids", "Felaktiga utbetalningar", "Bristande attest", "Oklara ansvarsroller",
          "Avtal följs inte", "Direktupphandling över gränsen", "Leverantören levererar inte",
          "Hot mot personal", "Brand i lokal", "Inbrott i förskolan", "Skadegörelse på skolgård",
          "Olycka vid utflykt", "Hög sjukfrånvaro", "Svårt att rekrytera", "Arbetsmiljön brister",
          "Kompetensen räcker inte", "Prognosen slår fel", "Intäkterna uteblir", "Lokalkostnaderna ökar",
          "Felaktig fakturering", "Mutor och jäv", "Personuppgifter röjs", "Allmänna handlingar saknas",
          "Systemet går ner", "Beslut verkställs inte", "Klagomål besvaras inte"]


def scores(nr: int) -> tuple[int, int]:
    """Each risk's probability and consequence, varied by its number."""
    return 1 + nr % 5, 1 + (nr * 3) % 5


def owner(ranges: list[tuple[str, int, int]], nr: int) -> str:
    return next(text for text, first, last in ranges if first <= nr <= last)


def risks() -> list[dict]:
    """The register the sheet holds: its rows and the page each is printed on."""
    out = []
    for nr, event in enumerate(EVENTS, start=1):
        p, c = scores(nr)
        goal = owner(GOALS, nr)
        goal_id, goal_text = goal.split(" ", 1)
        page = 1 + sum(nr > b for b in BREAKS)
        out.append({"source_file": f"{STEM}.pdf", "page": page, "organisation": ORGANISATION, "year": YEAR,
                    "goal_id": goal_id, "goal": goal_text, "process": owner(PROCESSES, nr), "risk_nr": nr,
                    "event": event, "probability": p, "probability_label": PROBABILITY[p], "consequence": c,
                    "consequence_label": CONSEQUENCE[c], "risk_value": p * c})
    return out


def workbook(rows: list[dict]) -> Workbook:
    """The sheet: header, rows, merged ranges, borders, print titles, breaks, page header."""
    wb = Workbook()
    ws = wb.active
    ws.title = "VoR"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append(HEADER)
    for r in rows:
        ws.append([f"{r['goal_id']} {r['goal']}", r["process"], r["risk_nr"], r["event"],
                   f"{r['probability']}. {r['probability_label']}",
                   f"{r['consequence']}. {r['consequence_label']}", r["risk_value"]])
    for ranges, column in ((GOALS, "A"), (PROCESSES, "B")):
        for _, first, last in ranges:
            if last > first:  # sheet row = risk + 1 (row 1 is the header)
                ws.merge_cells(f"{column}{first + 1}:{column}{last + 1}")
    for line in ws.iter_rows(min_row=1, max_row=len(rows) + 1, max_col=len(HEADER)):
        for cell in line:
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    ws.row_dimensions[1].height = 30
    for i in range(2, len(rows) + 2):
        ws.row_dimensions[i].height = 26
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions["ABCDEFG"[i]].width = width
    ws.print_title_rows = "1:1"
    for b in BREAKS:
        ws.row_breaks.append(Break(id=b + 1))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # one page wide, as many as it takes down
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.oddHeader.center.text = f"{ORGANISATION} – Väsentlighets- och riskanalys {YEAR}"
    return wb


def to_pdf(xlsx: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(xlsx)], check=True, capture_output=True)
        shutil.move(Path(tmp) / f"{xlsx.stem}.pdf", out)


def main() -> int:
    if shutil.which("soffice") is None:
        print("needs LibreOffice Calc (soffice)", file=sys.stderr)
        return 1
    rows = risks()
    xlsx = FIXTURES / f"{STEM}.xlsx"
    workbook(rows).save(xlsx)
    to_pdf(xlsx, FIXTURES / f"{STEM}.pdf")
    with (FIXTURES / f"{STEM}.risks.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote tests/fixtures/{STEM}.xlsx, .pdf and .risks.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
