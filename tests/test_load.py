"""Opening registers: PDFs, folders and files written by 'riskreg extract' give the same rows."""
from __future__ import annotations

import pandas as pd
import pytest

import riskreg
from riskreg.load import NotARegister, load_register
from golden import as_csv_rows

from test_cli import SAMPLE


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("reg")
    register = riskreg.extract_register(SAMPLE)
    riskreg.write_register(register, out)
    return register, out


def test_parquet_folder_gives_the_extracted_frames_exactly(written):
    register, out = written
    loaded = load_register(out)
    pd.testing.assert_frame_equal(loaded.risks, register.risks)
    pd.testing.assert_frame_equal(loaded.controls, register.controls)


def test_csv_file_gives_the_same_rows_and_types(written):
    register, out = written
    loaded = load_register(out / "risks.csv")
    assert as_csv_rows(loaded.risks) == as_csv_rows(register.risks)
    assert as_csv_rows(loaded.controls) == as_csv_rows(register.controls)
    assert str(loaded.risks["risk_value"].dtype) == "Int64"
    assert str(loaded.risks["in_ikp"].dtype) == "boolean"


def test_not_a_register_is_explained(tmp_path):
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(NotARegister, match="no column event"):
        load_register(tmp_path / "other.csv")
    (tmp_path / "bad.csv").write_text("event,risk_value\nBrand,nio\n", encoding="utf-8")
    with pytest.raises(NotARegister, match="'nio' is not a whole number"):
        load_register(tmp_path / "bad.csv")
    (tmp_path / "empty").mkdir()
    with pytest.raises(NotARegister, match="neither PDFs nor a register"):
        load_register(tmp_path / "empty")
    with pytest.raises(NotARegister, match="There is no file"):
        load_register(tmp_path / "missing.pdf")
