"""register.xlsx as analysts use it (write/xlsx.py): Swedish sheets and headings, widths, a
frozen bold header, a filter, typed numbers, the filer and problem sheets, links to PDF pages.

The expected pages, risk values and texts are the hand-checked samples/expected files; the
workbook is read back with openpyxl and, when LibreOffice is installed, as it renders it.
"""
from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest
from click.testing import CliRunner

import riskreg
from golden import SAMPLES, read_expected
from riskreg.cli import cli
from riskreg.load import load_register
from riskreg.schema import Risk, columns
from riskreg.write.xlsx import (HEADINGS, TABLES, WIDTH_MAX, WIDTH_MIN, column_widths, page_link,
                                wrapped_lines)

OLD, NEW = "hagersten_liljeholmen_2020", "hagersten_liljeholmen_2021"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """OLD's PDF in a folder of its own, read into out/ as CSV and as register.xlsx."""
    root = tmp_path_factory.mktemp("excel")
    (root / "pdfs").mkdir()
    shutil.copy(SAMPLES / f"{OLD}.pdf", root / "pdfs")
    for fmt in ("csv", "xlsx"):
        result = CliRunner().invoke(cli, ["extract", str(root / "pdfs"), "--out", str(root / fmt), "--format", fmt,
                                          "--workers", "1"])
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def workbook(extracted):
    from openpyxl import load_workbook
    return load_workbook(extracted / "xlsx" / "register.xlsx")


def test_sheets_and_headings_are_swedish(workbook):
    assert workbook.sheetnames == ["risker", "kontroller", "filer", "problem"]
    assert [c.value for c in workbook["risker"][1]][:4] == ["Fil", "Sida", "Nämnd", "År"]
    assert [c.value for c in workbook["kontroller"][1]][10] == "Kontrollaktivitet"
    assert [c.value for c in workbook["filer"][1]][6] == "Täckning"
    assert [c.value for c in workbook["problem"][1]] == ["Fil", "Sida", "Allvarlighetsgrad", "Kod", "Meddelande"]


def test_every_sheet_has_a_bold_frozen_header_and_a_filter_over_its_rows(workbook):
    from openpyxl.utils import get_column_letter
    for ws in workbook:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == f"A1:{get_column_letter(ws.max_column)}{ws.max_row}", ws.title
        assert all(c.font.bold for c in ws[1]), ws.title
        assert not any(c.font.bold for row in ws.iter_rows(min_row=2) for c in row if c.hyperlink is None)
    assert workbook["risker"].max_row == 1 + 91 and workbook["kontroller"].max_row == 1 + 17


def test_columns_are_as_wide_as_their_content_up_to_a_cap(workbook):
    ws = workbook["risker"]
    width = {c.value: ws.column_dimensions[c.column_letter].width for c in ws[1]}
    assert all(WIDTH_MIN <= w <= WIDTH_MAX for w in width.values())
    assert width["Oönskad händelse"] == WIDTH_MAX  # events run longer than the cap: they wrap
    assert width["År"] <= 8 and width["Nr"] <= 8  # "2020", "12"
    assert width["Nämnd"] >= len("Hägersten-Liljeholmens stadsdelsnämnd")
    event = [c.value for c in ws[1]].index("Oönskad händelse") + 1
    cells = [ws.cell(row=r, column=event) for r in range(2, ws.max_row + 1)]
    assert all(c.alignment.wrap_text for c in cells)
    long = max(cells, key=lambda c: len(c.value))
    assert len(long.value) > WIDTH_MAX and ws.row_dimensions[long.row].height >= 30  # two lines or more


def test_numbers_and_booleans_are_typed_as_such(workbook, extracted):
    ws = workbook["risker"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    names = [HEADINGS[c] for c in columns(Risk)]
    want = read_expected(f"{OLD}.risks.csv")
    values = [r[names.index("Riskvärde")] for r in rows]
    assert values == [int(w["risk_value"]) if w["risk_value"] else None for w in want]
    assert all(type(v) is int for v in values if v is not None)
    assert {type(r[names.index("År")]) for r in rows} == {int}
    assert {r[names.index("Till plan (IKP)")] for r in rows} <= {True, False, None}
    assert {type(r[names.index("Till plan (IKP)")]) for r in rows} - {type(None)} == {bool}
    files = workbook["filer"]
    coverage = files.cell(row=2, column=[c.value for c in files[1]].index("Täckning") + 1)
    assert coverage.data_type == "n" and coverage.number_format == "0.0%"
    written = pd.read_csv(extracted / "xlsx" / "files.csv")
    assert coverage.value == pytest.approx(written["coverage"][0])


def test_each_risk_and_control_links_to_its_pdf_page(workbook, extracted):
    for sheet, table in (("risker", "risks"), ("kontroller", "controls")):
        ws = workbook[sheet]
        page = [c.value for c in ws[1]].index("Sida") + 1
        cells = [ws.cell(row=r, column=page) for r in range(2, ws.max_row + 1)]
        want = [int(w["page"]) for w in read_expected(f"{OLD}.{table}.csv")]
        assert [c.value for c in cells] == want
        assert [c.hyperlink.target for c in cells] == [f"../pdfs/{OLD}.pdf#page={p}" for p in want]
        assert ((extracted / "xlsx" / "../pdfs" / f"{OLD}.pdf").resolve()).exists()


def test_the_workbook_reads_back_as_the_csvs_do(extracted):
    from_csv, from_xlsx = load_register(extracted / "csv"), load_register(extracted / "xlsx" / "register.xlsx")
    for table in ("risks", "controls", "problems", "files"):
        pd.testing.assert_frame_equal(getattr(from_xlsx, table), getattr(from_csv, table))


def test_lang_en_keeps_the_schema_names(tmp_path):
    from openpyxl import load_workbook
    register = load_register(SAMPLES / "expected" / f"{OLD}.risks.csv")
    riskreg.write_register(register, tmp_path, ("xlsx",), lang="en")
    wb = load_workbook(tmp_path / "register.xlsx")
    assert wb.sheetnames == ["risks", "controls", "files", "problems"]
    for (table, row_type), ws in zip(TABLES, wb):
        assert [c.value for c in ws[1]] == columns(row_type), table
    assert len(load_register(tmp_path / "register.xlsx").risks) == 91
    with pytest.raises(ValueError, match="unknown language"):
        riskreg.write_register(register, tmp_path, ("xlsx",), lang="de")


def test_every_column_has_one_swedish_heading_of_its_own():
    for table, row_type in TABLES:
        headings = [HEADINGS[c] for c in columns(row_type)]  # a KeyError names a column without one
        assert len(set(headings)) == len(headings), table
    assert len(set(HEADINGS.values())) == len(HEADINGS)  # read back by heading: one column each


def test_page_links_are_relative_to_the_workbook_and_escaped(tmp_path):
    out = tmp_path / "out"
    assert page_link("vor.pdf", 3, out, {"vor.pdf": tmp_path / "in" / "vor.pdf"}) == "../in/vor.pdf#page=3"
    assert page_link("2020/Risk å.pdf", 2, out, tmp_path / "arkiv") == "../arkiv/2020/Risk%20%C3%A5.pdf#page=2"
    assert page_link("vor.pdf", None, out, None) is None
    assert page_link("other.pdf", 1, out, {"vor.pdf": "vor.pdf"}) is None  # a document not read here


def test_wrapping_counts_lines_at_word_boundaries():
    assert wrapped_lines("kort", 20) == 1
    assert wrapped_lines("ett två tre fyra fem sex sju åtta nio tio", 11) == 5  # 11 letters a line
    assert wrapped_lines("rad ett\nrad två", 40) == 2
    assert wrapped_lines("x" * 25, 11) == 3  # one word longer than the column breaks inside it
    assert column_widths(["År"], [[2020], [None]]) == [WIDTH_MIN]
    assert column_widths(["Text"], [["y" * 500]]) == [WIDTH_MAX]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_workbook_with_its_sheets(extracted, tmp_path):
    """LibreOffice converts each sheet to CSV as it shows it: the headings, the texts, and
    coverage as a per cent (a number with its format, not text)."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                    "--outdir", str(tmp_path), str(extracted / "xlsx" / "register.xlsx")],
                   check=True, capture_output=True, timeout=120)
    sheets = {p.stem.removeprefix("register-"): p.read_text(encoding="utf-8") for p in tmp_path.glob("*.csv")}
    assert sorted(sheets) == ["filer", "kontroller", "problem", "risker"]
    assert sheets["risker"].startswith("Fil,Sida,Nämnd,År,") and "Klagomål från enskild rörande bemötande" in sheets["risker"]
    assert sheets["kontroller"].count("\n") >= 1 + 17
    assert ",100.0%," in sheets["filer"] or ",100,0%," in sheets["filer"]
    assert sheets["problem"].startswith("Fil,Sida,Allvarlighetsgrad,Kod,Meddelande")
