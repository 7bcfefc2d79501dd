"""camelot as the second engine gives the same register as pdfplumber on every sample."""
from __future__ import annotations

import csv
from functools import lru_cache

import pytest
from click.testing import CliRunner

import riskreg
from golden import SAMPLES, differences, known_limits, read_expected, same_but_boxes
from riskreg.cli import cli
from riskreg.extract import ExtractSettings, read_document
from riskreg.extract.camelot_engine import camelot_tables
from riskreg.pipeline import Settings

NAMES = sorted(p.stem for p in SAMPLES.glob("*.pdf"))


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=None)
def register_of(name: str, engine: str):
    return riskreg.extract_register(SAMPLES / f"{name}.pdf", settings=Settings(extract=ExtractSettings(engine=engine)))


@pytest.mark.parametrize("name", NAMES)
def test_camelot_gives_the_same_register(name):
    a, b = register_of(name, "pdfplumber"), register_of(name, "camelot")
    assert len(b.risks) + len(b.controls) > 0
    for table in ("risks", "controls"):
        assert same_but_boxes(getattr(a, table), getattr(b, table), 0.5)  # see test_readers.BOX_POINTS, f"{name}: {table} differ"
    for table in ("problems", "files"):
        assert getattr(a, table).equals(getattr(b, table)), f"{name}: {table} differ"
    assert b.files["coverage"].tolist() == [1.0], b.files.to_dict("records")


@lru_cache(maxsize=None)
def ruled_tables(name: str, engine: str):
    """The ruled tables the engine found, cell by cell (no header matcher: no unruled tables)."""
    doc = read_document(SAMPLES / f"{name}.pdf", ExtractSettings(engine=engine))
    return [(t.page, t.n_rows, t.n_cols, sorted((c.row, c.col, c.row_span, c.col_span, c.text) for c in t.cells))
            for t in doc.tables]


@pytest.mark.parametrize("name", ["farsta_2022", "enskede_2023_ruled"])
def test_camelot_itself_finds_the_ruled_tables(name):
    """camelot's own lattice finds every ruled table pdfplumber finds, with the same cells;
    without this, an engine finding nothing would pass above (the unruled reader steps in)."""
    by_camelot = ruled_tables(name, "camelot")
    assert len(by_camelot) >= 5, by_camelot
    assert by_camelot == ruled_tables(name, "pdfplumber")


def test_camelot_finds_no_ruled_table_where_none_is_drawn():
    assert camelot_tables(SAMPLES / "enskede_2023_unruled.pdf", None) == {}


def test_engine_option(tmp_path):
    name = "enskede_2023_ruled"
    pdf = str(SAMPLES / f"{name}.pdf")
    ok = CliRunner().invoke(cli, ["extract", pdf, "--engine", "camelot", "--out", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    for table in ("risks", "controls"):
        got = read_csv(tmp_path / f"{table}.csv")
        assert differences(got, read_expected(f"{name}.{table}.csv"), "risk_nr", known_limits(name, table)) == []
    bad = CliRunner().invoke(cli, ["extract", pdf, "--engine", "foo", "--out", str(tmp_path)])
    assert bad.exit_code == 2
