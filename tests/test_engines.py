"""camelot as the second engine gives the same register as pdfplumber on every sample."""
from __future__ import annotations

from functools import lru_cache

import pytest
from click.testing import CliRunner

import riskreg
from golden import SAMPLES
from riskreg.cli import cli
from riskreg.extract import ExtractSettings
from riskreg.pipeline import Settings

NAMES = sorted(p.stem for p in SAMPLES.glob("*.pdf"))


@lru_cache(maxsize=None)
def register_of(name: str, engine: str):
    return riskreg.extract(SAMPLES / f"{name}.pdf", settings=Settings(extract=ExtractSettings(engine=engine)))


@pytest.mark.parametrize("name", NAMES)
def test_camelot_gives_the_same_register(name):
    a, b = register_of(name, "pdfplumber"), register_of(name, "camelot")
    assert len(b.risks) + len(b.controls) > 0
    for table in ("risks", "controls", "problems", "files"):
        assert getattr(a, table).equals(getattr(b, table)), f"{name}: {table} differ"
    assert b.files["coverage"].tolist() == [1.0], b.files.to_dict("records")


def test_engine_option(tmp_path):
    pdf = str(SAMPLES / "enskede_2023_ruled.pdf")
    ok = CliRunner().invoke(cli, ["extract", pdf, "--engine", "camelot", "--out", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    bad = CliRunner().invoke(cli, ["extract", pdf, "--engine", "foo", "--out", str(tmp_path)])
    assert bad.exit_code == 2
