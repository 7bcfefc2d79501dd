"""Registers written with --format xlsx are read back by load_register, diff and compare."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import riskreg
from golden import as_csv_rows
from riskreg.cli import cli
from riskreg.load import NotARegister, load_register
from riskreg.pipeline import Register
from riskreg.schema import Control, Problem, Risk, empty_frame, to_frame

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
OLD, NEW = SAMPLES / "hagersten_liljeholmen_2020.pdf", SAMPLES / "hagersten_liljeholmen_2021.pdf"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """One extract run written as CSV and as register.xlsx, through the CLI."""
    out = tmp_path_factory.mktemp("reg")
    for fmt in ("csv", "xlsx"):
        result = CliRunner().invoke(cli, ["extract", str(OLD), "--out", str(out / fmt), "--format", fmt,
                                          "--workers", "1"])
        assert result.exit_code == 0, result.output
    return out


def test_a_workbook_gives_the_rows_and_types_the_csv_gives(written):
    from_csv, from_xlsx = load_register(written / "csv"), load_register(written / "xlsx" / "register.xlsx")
    for table in ("risks", "controls", "problems"):
        pd.testing.assert_frame_equal(getattr(from_xlsx, table), getattr(from_csv, table))
    assert len(from_xlsx.risks) == 91 and len(from_xlsx.controls) == 17
    assert str(from_xlsx.risks["risk_value"].dtype) == "Int64"
    assert str(from_xlsx.risks["in_ikp"].dtype) == "boolean"
    # the folder holding only register.xlsx is a register too
    pd.testing.assert_frame_equal(load_register(written / "xlsx").risks, from_xlsx.risks)


def test_diff_and_compare_read_a_workbook_as_they_read_the_csv(written, tmp_path):
    runner = CliRunner()
    for name in ("csv", "xlsx"):
        result = runner.invoke(cli, ["diff", str(written / name), str(NEW), "--out", str(tmp_path / f"d_{name}"),
                                     "--lang", "en"])
        assert result.exit_code == 0, result.output
        assert "91 risks" in result.output and "86 paired" in result.output
        result = runner.invoke(cli, ["compare", str(written / name), "--out", str(tmp_path / f"c_{name}")])
        assert result.exit_code == 0, result.output
    for name in ("diff.csv",):
        assert (tmp_path / "d_xlsx" / name).read_bytes() == (tmp_path / "d_csv" / name).read_bytes()
    for name in ("profile.csv", "movement.csv", "shared.csv"):
        assert (tmp_path / "c_xlsx" / name).read_bytes() == (tmp_path / "c_csv" / name).read_bytes()


def test_formula_like_text_comes_back_from_a_workbook_as_written(tmp_path):
    texts = ["=HYPERLINK(\"http://evil.example\",\"klicka\")", "+46 8 508 000", "-1 konsekvens", "",
             "Åtgärd för äldreomsorg"]
    risks = [Risk(source_file="x.pdf", page=1, risk_nr=i + 1, event=t, risk_value=None if i else 12, in_ikp=i == 0)
             for i, t in enumerate(texts)]
    register = Register(risks=to_frame(risks, Risk), controls=empty_frame(Control), problems=empty_frame(Problem))
    riskreg.write_register(register, tmp_path, ("xlsx",))
    loaded = load_register(tmp_path / "register.xlsx")
    assert list(loaded.risks["event"]) == texts
    assert loaded.risks["risk_value"].tolist()[:2] == [12, pd.NA]
    assert loaded.risks["in_ikp"].tolist()[:2] == [True, False]


def test_a_workbook_without_a_risks_sheet_is_explained(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.title = "Blad1"
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(NotARegister, match="no sheet 'risks'"):
        load_register(tmp_path / "other.xlsx")
