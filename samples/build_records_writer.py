"""Build the registers written as records, rendered through LibreOffice Writer (issue 27, item 1).

The same records as ``build_records.py`` (farsta 2023's VoR and control plan, ``samples/source/
seed000_farsta2023_vor.csv`` and ``_ikp.csv``, checked by hand), written as a Word document with
python-docx, as a person writes it in Word, and turned into PDF by ``soffice --headless
--convert-to pdf``: portrait A4, a header ``Dnr FAR 2022/1187`` and a footer ``Sida N (M)``, a
heading per goal (Rubrik 1, 13 pt bold) and per process (Rubrik 2, 11 pt bold) where they change,
then per risk a bold title (its event, kept with the next paragraph), its working method as a
description of one or two paragraphs, and its fields:

- ``farsta_2023_records_writer_lines``: labelled lines, the label in bold (``**Sannolikhet:** 4 –
  Sannolikt``);
- ``farsta_2023_records_writer_table``: a small two-column table per record (Table Grid).

Nothing else is kept together: a record's description or its table breaks across pages where the
page ends. The page of each record (the page its title is printed on) is found by poppler's
``pdftotext`` in the PDF, searching forward for each title in turn (never by riskreg); the
expected registers are written by ``build_records.expected`` from the source rows, as for the
reportlab records.

It also builds ``tests/fixtures/farsta_2023_records_writer_unknown_lines.pdf`` and ``_table.pdf``:
the first six records on two pages, risk 2 with a label no template names (``Kommentar:``) and
risk 5 with another (``Uppföljning:``), for tests/test_records.py, which states what they print.

Run from the repository root (needs LibreOffice, poppler-utils, python-docx):

    python samples/build_records_writer.py
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from build import dnr_and_page_numbers, locate_pages, page_texts, read_csv, resolve_merged, set_widths, to_pdf
from build_records import (CONTROL_FIELDS, DNR, ORGANISATION, RISK_FIELDS, SOURCE, YEAR, EXPECTED, expected,
                           fields_of, paragraphs, write)

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures"
FONT = "Liberation Sans"
INTRO = [f"{ORGANISATION}. Väsentlighets- och riskanalys {YEAR} med internkontrollplan.",
         "Riskerna redovisas per mål och process, bedömda på skalan 1–5.",
         "Risktal = sannolikhet × konsekvens."]


def styled(doc: Document) -> None:
    """Normal 10 pt with 3 pt after; Rubrik 1 and 2 black bold 13 and 11 pt, kept with the next."""
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    normal.paragraph_format.space_after = Pt(3)
    for name, size in (("Heading 1", 13), ("Heading 2", 11)):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        rpr = style.element.get_or_add_rPr()  # the theme's heading font would win over the name
        fonts = rpr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if fonts is not None and fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(10), Pt(4)


def furniture(doc: Document) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.2)
    sec.top_margin = sec.bottom_margin = Cm(2.0)
    dnr_and_page_numbers(sec, DNR)


def ruled(table) -> None:
    """Single black lines on every edge and between every cell, as Word's Table Grid draws them."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(k), v)
        borders.append(el)
    tbl_pr.append(borders)


def record_fields(doc: Document, fields: list[tuple[str, str]], form: str) -> None:
    if form == "lines":
        for label, value in fields:
            p = doc.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            p.add_run(f"{label}:").bold = True
            p.add_run(f" {value}")
        doc.paragraphs[-1].paragraph_format.space_after = Pt(6)
        return
    table = doc.add_table(rows=len(fields), cols=2)
    ruled(table)
    for row, (label, value) in zip(table.rows, fields):
        row.cells[0].paragraphs[0].add_run(label)
        row.cells[1].paragraphs[0].add_run(value)
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    set_widths(table, [4.0, 12.5])
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def build_docx(path: Path, form: str, risks: list[dict], ikp: list[dict],
               extra: dict[str, list[tuple[str, str]]] | None = None) -> None:
    """The document; ``extra``: fields of a label no template names, appended to a risk's fields."""
    doc = Document()
    styled(doc)
    furniture(doc)
    for text in INTRO:
        doc.add_paragraph(text)
    goal = process = None
    for r in risks:
        if r["goal"] != goal:
            goal, process = r["goal"], None
            doc.add_heading(goal, level=1)
        if r["process"] != process:
            process = r["process"]
            doc.add_heading(process, level=2)
        title = doc.add_paragraph()
        title.paragraph_format.keep_with_next, title.paragraph_format.space_before = True, Pt(6)
        title.add_run(r["event"]).bold = True
        for text in paragraphs(r["working_method"]):
            doc.add_paragraph(text)
        fields = fields_of(r, [c for c in ikp if c["risk_nr"] == r["risk_nr"]])
        record_fields(doc, fields + (extra or {}).get(r["risk_nr"], []), form)
    doc.save(path)


def title_pages(pdf: Path, risks: list[dict]) -> dict[str, int]:
    """The page each record's title is printed on, by pdftotext, each title searched after the last."""
    keys = [" ".join(r["event"].split()[:8]) for r in risks]
    return dict(zip((r["risk_nr"] for r in risks), locate_pages(page_texts(pdf), keys, INTRO[1])))


def render(target: Path, form: str, risks: list[dict], ikp: list[dict], extra=None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / f"{target.stem}.docx"
        build_docx(docx, form, risks, ikp, extra)
        shutil.copy(to_pdf(docx, Path(tmp)), target)


def main() -> int:
    for tool in ("soffice", "pdftotext"):
        if not shutil.which(tool):
            print(f"{tool} is needed: apt-get install libreoffice-writer-nogui poppler-utils")
            return 1
    risks = resolve_merged(read_csv(SOURCE / "seed000_farsta2023_vor.csv"), ["goal", "process", "working_method"])
    ikp = read_csv(SOURCE / "seed000_farsta2023_ikp.csv")
    assert len(risks) == 91, len(risks)
    for form in ("lines", "table"):
        stem = f"farsta_2023_records_writer_{form}"
        render(HERE / f"{stem}.pdf", form, risks, ikp)
        pages = title_pages(HERE / f"{stem}.pdf", risks)
        risk_rows, control_rows = expected(stem, risks, ikp, pages)
        write(EXPECTED / f"{stem}.risks.csv", RISK_FIELDS, risk_rows)
        write(EXPECTED / f"{stem}.controls.csv", CONTROL_FIELDS, control_rows)
        print(f"{stem}.pdf: {max(pages.values())} pages, {len(risk_rows)} risks, {len(control_rows)} controls",
              file=sys.stderr)
    extra = {"2": [("Kommentar", "Följs upp vid delårsrapporten i augusti.")],
             "5": [("Uppföljning", "Se åtgärdsplanen för 2023.")]}
    for form in ("lines", "table"):
        render(FIXTURES / f"farsta_2023_records_writer_unknown_{form}.pdf", form, risks[:6], ikp, extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
