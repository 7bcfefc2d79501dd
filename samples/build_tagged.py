"""Build samples printed as tagged PDF: LibreOffice Writer with "tagged PDF" on (issue 26, item 8).

Word and Writer exports made for accessibility (which Swedish public bodies must publish under
the law on accessible digital public service) carry a structure tree: each table a ``Table``
element of ``TR`` rows of ``TH``/``TD`` cells, a merged cell with ``RowSpan`` in its attributes,
each cell's text tied to it by marked-content ids (MCID) in the page content. riskreg reads the
tree as a second reading of the tables (riskreg/extract/structure.py) and records in files.csv
whether it agrees with the geometric reading (``structure_agrees``).

- ``farsta_2023_tagged``: farsta_2023 (build.py's variant, the same docx) exported with
  ``UseTaggedPDF``; its register is farsta_2023's.
- ``farsta_2023_rows_broken_tagged``: farsta_2023_rows_broken, whose rows break across pages
  (the header printed once), tagged: a row broken over a page is one ``TR`` in the tree.
- ``kungsholmen_2017_uppfoljning_tagged``: seed 004's eleven-column uppföljning (the cells as
  the seed prints them, ``samples/source/seed004_printed.csv``, as build_reportlab.py prints
  them for kungsholmen_2017_uppfoljning) written as a docx table in Liberation Sans Narrow
  7 pt, its goal cells merged down, the header row repeated on each page, tagged.

The expected register comes from the transcription (never from riskreg), located on its pages
by poppler's ``pdftotext``, as build.py does.

Run from the repository root (needs LibreOffice, poppler-utils, python-docx):

    python samples/build_tagged.py
"""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from build import (HERE, SOURCE, VARIANTS, apply_variant, build_docx, expected_registers,
                   first_words, header_footer, locate_pages, merge_down, merge_groups, page_texts,
                   read_csv, repeat_as_header, resolve_merged, set_widths, shade, write_cell)
from build_reportlab import CONTROL_FIELDS, UPPF_HEADER, score, split_goal, write_expected

TAGGED = {"farsta_2023": "farsta_2023_tagged", "farsta_2023_rows_broken": "farsta_2023_rows_broken_tagged"}
FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def to_tagged_pdf(docx: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", FILTER, "--outdir", str(out_dir), str(docx)],
                       check=True, capture_output=True)
    return out_dir / (docx.stem + ".pdf")


UPPF = ("kungsholmen_2017_uppfoljning_tagged", "Kungsholmens stadsdelsnämnd", 2017, "KU 2018/0112")
UPPF_WIDTHS_PT = [78, 66, 90, 84, 46, 44, 34, 62, 88, 88, 62]  # build_reportlab.py's columns


def uppfoljning_docx(printed: list[list[str]], path: Path) -> None:
    stem, organisation, year, dnr = UPPF
    doc = Document()
    doc.styles["Normal"].font.name = "Liberation Sans"
    doc.styles["Normal"].font.size = Pt(9)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(1.2)
    sec.top_margin = sec.bottom_margin = Cm(1.5)
    header_footer(doc, type("V", (), {"dnr": dnr})())
    doc.add_paragraph("Uppföljning av internkontrollplan").runs[0].font.size = Pt(13)
    doc.add_paragraph(f"{organisation}, uppföljning av internkontrollplan {year}")
    doc.add_paragraph("Tabellen visar status för varje risk i nämndens väsentlighets- och "
                      f"riskanalys och internkontrollplan för {year}.")
    t = doc.add_table(rows=1 + len(printed), cols=len(UPPF_HEADER))
    t.style = "Table Grid"
    t.autofit = False
    for c, text in enumerate(UPPF_HEADER):
        write_cell(t.cell(0, c), text, 7, bold=True)
        shade(t.cell(0, c), "D9D9D9")
    repeat_as_header(t.rows[0])
    for i, row in enumerate(printed, start=1):
        for c, text in enumerate(row):
            if text:
                write_cell(t.rows[i].cells[c], text, 7)
    for cell in (cell for row in t.rows for cell in row.cells):
        for run in cell.paragraphs[0].runs:
            run.font.name = "Liberation Sans Narrow"
    set_widths(t, [w * 2.54 / 72 for w in UPPF_WIDTHS_PT])
    merge_down(t, 0, merge_groups([r[0] for r in printed], [False] * len(printed)))
    doc.save(path)


def uppfoljning_expected(pdf: Path, printed: list[list[str]], truth: list[dict]) -> None:
    """build_reportlab.py's expected uppföljning, each row on the page pdftotext finds its event."""
    stem, organisation, year, _ = UPPF
    pages = locate_pages(page_texts(pdf), [first_words(r[3], 1) for r in printed], "Oönskad")
    risks = []
    for r, page in zip(resolve_merged(truth, ["goal", "process", "working_method"]), pages):
        p, p_label = score(r["probability"])
        k, k_label = score(r["consequence"])
        goal_id, goal = split_goal(r["goal"])
        flags = "" if p * k == int(r["risk_value"]) else "risk_value_mismatch"
        risks.append(dict(source_file=pdf.name, page=page, organisation=organisation, year=year,
                          goal_id=goal_id, goal=goal, process=r["process"],
                          working_method=r["working_method"], risk_nr="", event=r["event"],
                          probability=p, probability_label=p_label, consequence=k,
                          consequence_label=k_label, risk_value=r["risk_value"], in_ikp="",
                          handling=r["handling"], status=r["status"], measure=r["measure"],
                          description=r["description"], responsible=r["responsible"], flags=flags))
    write_expected(pdf.stem, "risks", risks)
    write_expected(pdf.stem, "controls", [], CONTROL_FIELDS)


def build_uppfoljning() -> Path:
    printed = [[r[f"cell_{i}"] for i in range(1, 12)] for r in read_csv(SOURCE / "seed004_printed.csv")]
    truth = read_csv(SOURCE / "seed004_truth.csv")
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / f"{UPPF[0]}.docx"
        uppfoljning_docx(printed, docx)
        target = HERE / to_tagged_pdf(docx, Path(tmp)).name
        shutil.copy(Path(tmp) / target.name, target)
    uppfoljning_expected(target, printed, truth)
    return target


def main(argv: list[str]) -> int:
    for tool in ("soffice", "pdftotext"):
        if not shutil.which(tool):
            print(f"{tool} is needed: apt-get install libreoffice-writer-nogui poppler-utils")
            return 1
    names = set(argv[1:])
    for base in VARIANTS:
        if base.name not in TAGGED or (names and TAGGED[base.name] not in names):
            continue
        v = dataclasses.replace(base, name=TAGGED[base.name])
        risks = read_csv(SOURCE / f"{v.source}_vor.csv")
        controls = [dict(c) for c in read_csv(SOURCE / f"{v.source}_ikp.csv")]
        risks, controls = apply_variant(v, risks, controls)
        with tempfile.TemporaryDirectory() as tmp:
            docx = Path(tmp) / f"{v.name}.docx"
            build_docx(v, risks, controls, docx)
            pdf = to_tagged_pdf(docx, Path(tmp))
            target = HERE / pdf.name
            shutil.copy(pdf, target)
        expected_registers(v, target, risks, controls)
        print(f"built {target.relative_to(HERE.parent)}")
    if not names or UPPF[0] in names:
        print(f"built {build_uppfoljning().relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
