"""The CLI through click's CliRunner: files written, exit codes, bad input explained."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from riskreg.cli import cli
from riskreg.schema import Control, Problem, Risk, columns

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE = SAMPLES / "skarholmen_2021.pdf"


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_extract_writes_all_outputs_with_schema_columns(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(SAMPLE), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("risks.csv", "risks.parquet", "controls.csv", "controls.parquet", "problems.csv", "files.csv"):
        assert (tmp_path / name).exists(), name
    with (tmp_path / "risks.csv").open(encoding="utf-8") as fh:
        assert fh.readline().strip().split(",") == columns(Risk)
    assert list(pd.read_parquet(tmp_path / "controls.parquet").columns) == columns(Control)
    assert read(tmp_path / "problems.csv") == []
    assert len(read(tmp_path / "risks.csv")) == 91
    parquet = pd.read_parquet(tmp_path / "risks.parquet")
    assert str(parquet["probability"].dtype) == "Int64"
    assert parquet["in_ikp"].sum() == 16


def test_format_csv_writes_no_parquet(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(SAMPLE), "--out", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "risks.csv").exists() and not (tmp_path / "risks.parquet").exists()


def test_folder_with_bad_files_goes_on_and_exits_1(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.pdf").write_bytes(SAMPLE.read_bytes())
    (folder / "b_empty.pdf").write_bytes(b"")
    (folder / "c_text.pdf").write_text("Detta är ingen PDF", encoding="utf-8")
    (folder / "d_truncated.pdf").write_bytes(SAMPLE.read_bytes()[:3000])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["extract", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    problems = {p["source_file"]: p for p in read(out / "problems.csv")}
    assert problems["b_empty.pdf"]["code"] == "empty_file"
    assert problems["c_text.pdf"]["code"] == "not_a_pdf"
    assert problems["d_truncated.pdf"]["code"] == "damaged_pdf"
    assert "a_good.pdf" not in problems
    assert {p["severity"] for p in problems.values()} == {"error"}
    assert len(read(out / "risks.csv")) == 91
    assert "Traceback" not in result.output
    assert list(read(out / "problems.csv")[0]) == columns(Problem)


def test_pdf_without_register_table(tmp_path):
    """The first page of a sample has text and a legend table, but no register."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(SAMPLE))
    one = pdfium.PdfDocument.new()
    one.import_pages(src, [0])
    path = tmp_path / "front_page.pdf"
    one.save(str(path))
    result = CliRunner().invoke(cli, ["extract", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    problems = read(tmp_path / "out" / "problems.csv")
    assert [p["code"] for p in problems] == ["no_register_table"]


def test_help_has_example():
    result = CliRunner().invoke(cli, ["extract", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "riskreg extract samples/" in result.output


def with_note_table(src, dst):
    """The sample with a small ruled table added under the control plan's last page (its words
    belong to no register column and no legend): what an unknown producer's extra table is."""
    import pikepdf

    with pikepdf.open(src) as pdf:
        page = pdf.pages[7]
        y, x0, x1, x2 = 300.0, 40.0, 200.0, 400.0
        lines = " ".join(f"{a} {b} m {c} {d} l S" for a, b, c, d in [
            (x0, y, x2, y), (x0, y + 20, x2, y + 20), (x0, y + 40, x2, y + 40),
            (x0, y, x0, y + 40), (x1, y, x1, y + 40), (x2, y, x2, y + 40)])
        text = (f"BT /F1 9 Tf {x0 + 4} {y + 26} Td (Noteringar) Tj {x1 - x0} 0 Td (Ses over vid delarsbokslut) Tj "
                f"{x0 - x1} -20 Td (Ansvar) Tj {x1 - x0} 0 Td (Controllern) Tj ET")
        page.contents_add(pdf.make_stream(f"q 0.5 w {lines} Q {text}".encode()), prepend=False)
        pdf.save(dst)


def test_summary_names_a_file_under_full_coverage(tmp_path):
    path = tmp_path / "enskede_note.pdf"
    with_note_table(SAMPLES / "enskede_2023_ruled.pdf", path)
    result = CliRunner().invoke(cli, ["extract", str(path), "--out", str(tmp_path / "out"), "--workers", "1",
                                      "--lang", "en"])
    assert result.exit_code == 0, result.output  # a warning: the register is written, the file named
    (row,) = read(tmp_path / "out" / "files.csv")
    assert int(row["register_words"]) - int(row["words_accounted"]) == 7
    assert f"enskede_note.pdf has {float(row['coverage']):.1%} of its table words in the register" in result.output
    problems = read(tmp_path / "out" / "problems.csv")
    assert [(p["code"], p["page"]) for p in problems] == [("text_not_in_register", "8")]
    assert "'Noteringar Ses over vid delarsbokslut Ansvar Controllern'" in problems[0]["message"]
