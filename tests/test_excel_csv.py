"""--excel-csv on every command that writes CSV (write_csv's excel=True): a byte-order mark,
';' between cells and a decimal comma, as Swedish Excel opens a file by a double click; and
load_register reads such a file back with its numbers."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import riskreg
from golden import SAMPLES
from riskreg.cli import cli
from riskreg.load import load_register
from riskreg.pipeline import Register
from riskreg.schema import Control, FileSummary, Problem, Risk, to_frame

OLD, NEW = "hagersten_liljeholmen_2020", "hagersten_liljeholmen_2021"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """OLD and NEW each read into a folder (CSV): the inputs of diff, compare and history."""
    root = tmp_path_factory.mktemp("years")
    for name in (OLD, NEW):
        result = CliRunner().invoke(cli, ["extract", str(SAMPLES / f"{name}.pdf"), "--out", str(root / name),
                                          "--format", "csv", "--workers", "1"])
        assert result.exit_code == 0, result.output
    return root


def _is_excel_csv(path: Path, float_column: str | None = None) -> None:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), path.name
    frame = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(frame.columns) > 1, path.name
    if float_column:
        cells = [v for v in frame[float_column] if v]
        assert cells and all("," in v and "." not in v for v in cells), (path.name, cells[:3])


@pytest.mark.parametrize("command", ["extract", "diff", "compare", "history"])
def test_excel_csv_on_every_command_that_writes_csv(two_years, tmp_path, command):
    old, new = str(two_years / OLD), str(two_years / NEW)
    args = {"extract": [str(SAMPLES / f"{OLD}.pdf"), "--format", "csv", "--workers", "1"],
            "diff": [old, new], "compare": [old, new], "history": [old, new]}[command]
    result = CliRunner().invoke(cli, [command, *args, "--out", str(tmp_path), "--excel-csv"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.glob("*.csv"))
    assert "files.csv" in written and "problems.csv" in written
    for name in written:
        _is_excel_csv(tmp_path / name, {"files.csv": "coverage", "profile.csv": "mean_risk_value"}.get(name))
    # the default stays the plain CSV: UTF-8 without a mark, ',' between cells
    result = CliRunner().invoke(cli, [command, *args, "--out", str(tmp_path / "plain")])
    assert result.exit_code == 0, result.output
    head = (tmp_path / "plain" / "files.csv").read_bytes()
    assert not head.startswith(b"\xef\xbb\xbf") and b",1.0," in head


def test_an_excel_csv_reads_back_with_its_numbers(tmp_path):
    files = [FileSummary(source_file="vor.pdf", pages=3, risks=2, controls=0, register_words=400,
                         words_accounted=390, coverage=0.975, uncertain_cells=0, reader="pdfium")]
    risks = [Risk(source_file="vor.pdf", page=1, risk_nr=1, event="Sekretessbrott; röjande", risk_value=12)]
    register = Register(risks=to_frame(risks, Risk), controls=to_frame([], Control),
                        problems=to_frame([], Problem), files=to_frame(files, FileSummary))
    riskreg.write_register(register, tmp_path, ("csv",), excel_csv=True)
    assert "0,975" in (tmp_path / "files.csv").read_text(encoding="utf-8-sig")
    loaded = load_register(tmp_path)
    assert loaded.files["coverage"].tolist() == [0.975]
    assert loaded.risks["event"].tolist() == ["Sekretessbrott; röjande"]
