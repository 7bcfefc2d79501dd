"""Layout readers as plug-ins (issue 29, item 1) and the fill reader added as one (issue 26, item 2).

The fill samples (tests/fixtures/solberga_2024_*.pdf, built by samples/build_fills.py from seed
000's VoR, samples/source/seed000_vor.csv) print the register with no line at all: zebra rows
under a filled header (reportlab), only the header filled and each risk value's cell shaded
(reportlab), and the zebra table as a sheet printed by LibreOffice Calc. Their expected
registers come from the source, the pages from the builder's layout (the sheet's from the PDF's
text, by pdftotext).
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

import riskreg
from golden import as_csv_rows, differences
from riskreg.cli import cli
from riskreg.extract import ExtractSettings, read_document
from riskreg.extract.model import Cell, Table
from riskreg.extract.readers import Reader, reader_names, readers_named, register, unregister
from riskreg.normalize.document import register_header_matcher
from riskreg.normalize.headers import template_readers
from riskreg.normalize.settings import NormalizeSettings
from riskreg.pipeline import Settings
from riskreg.report.debug import debug_document
from riskreg.report.debug_draw import reader_marks
from riskreg.templates import TemplateError, parse_template

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FILL_SAMPLES = ["solberga_2024_zebra", "solberga_2024_shaded", "solberga_2024_sheet"]
TEMPLATE = '''name = "solberga"
readers = {readers}
[columns]
risk_nr = ["Nr"]
event = ["Oönskad händelse"]
probability = ["Sannolikhet"]
consequence = ["Konsekvens"]
risk_value = ["Riskvärde"]
'''


def expected(stem: str) -> list[dict]:
    with (FIXTURES / f"{stem}.risks.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def matcher():
    return register_header_matcher(NormalizeSettings())


# --- the registry ------------------------------------------------------------------------------

def test_the_built_in_readers_run_in_a_fixed_order():
    assert reader_names() == ["image", "records", "ruled", "camelot", "fills", "alignment"]
    assert [r.name for r in readers_named(["alignment", "fills", "ruled"])] == ["ruled", "fills", "alignment"]
    assert [r.name for r in readers_named(None)] == reader_names()


def test_an_unknown_reader_is_named_with_the_known_ones():
    with pytest.raises(ValueError) as err:
        readers_named(["ruled", "zebra"])
    assert "'zebra'" in str(err.value) and "image, records, ruled, camelot, fills, alignment" in str(err.value)


def test_every_reader_names_the_settings_it_reads():
    known = set(ExtractSettings.__dataclass_fields__)
    for reader in readers_named(None):
        assert reader.settings and set(reader.settings) <= known, reader.name


class ToyReader(Reader):
    """A reader made by a test: the page's first line of text as a one-row table of its words."""

    name = "toy"
    order = 45  # after the fill reader, before the alignment reader

    def read_page(self, page):
        line = sorted((c for c in page.chars if not c["text"].isspace()), key=lambda c: (c["top"], c["x0"]))[:2]
        if len(line) < 2 or page.number != 1:
            return []
        cells = [Cell(text=c["text"], page=1, bbox=(c["x0"], c["top"], c["x1"], c["bottom"]), row=0, col=i)
                 for i, c in enumerate(line)]
        box = (line[0]["x0"], line[0]["top"], line[1]["x1"], line[1]["bottom"])
        return [Table(page=1, bbox=box, n_rows=1, n_cols=2, cells=cells, seen=[("toy_mark", box)])]

    @classmethod
    def marks(cls, table):
        return list(table.seen)


@pytest.fixture
def toy():
    register(ToyReader)
    yield ToyReader
    unregister("toy")


def test_a_new_reader_is_a_module_alone(toy):
    """Registered, it runs in its place and its tables come through, named as its own, with what
    it asks the debug page to draw; the characters it took are no other reader's."""
    assert reader_names().index("toy") == reader_names().index("fills") + 1
    pdf = FIXTURES / "solberga_2024_zebra.pdf"
    doc = read_document(pdf, header_matcher=matcher())
    toys = [t for t in doc.tables if t.reader == "toy"]
    assert [(t.page, [c.text for c in t.cells]) for t in toys] == [(1, ["D", "n"])]  # "Dnr SOL 2023/0412"
    assert reader_marks(toys[0]) == [("toy_mark", toys[0].bbox)]
    assert all(not line.text.startswith("Dn") for line in doc.lines if line.page == 1)
    assert any(line.text.startswith("r SOL 2023") for line in doc.lines if line.page == 1)
    # not among the readers allowed: it does not run
    doc = read_document(pdf, header_matcher=matcher(), readers=["ruled", "fills"])
    assert {t.reader for t in doc.tables} == {"fills"}


# --- the template line ---------------------------------------------------------------------------

def test_a_template_names_its_readers(tmp_path):
    data = {"name": "x", "readers": ["fills", "ruled"], "columns": {"event": ["Risk"]}}
    assert parse_template(data, "x.toml").readers == ("fills", "ruled")
    assert parse_template({"name": "x", "columns": {"event": ["Risk"]}}, "x.toml").readers is None
    with pytest.raises(TemplateError, match="no reader"):
        parse_template({**data, "readers": []}, "x.toml")
    with pytest.raises(TemplateError, match="list of texts"):
        parse_template({**data, "readers": [1]}, "x.toml")
    assert template_readers(()) is None  # the built-in templates name none: every reader
    path = tmp_path / "solberga.toml"
    path.write_text(TEMPLATE.format(readers='["alignment", "ruled"]'), encoding="utf-8")
    assert template_readers((str(path),)) == ["ruled", "alignment"]
    listed = CliRunner().invoke(cli, ["templates", "--template", str(path), "-v"]).output
    assert "    readers: alignment, ruled\n" in listed and "    readers: every reader\n" in listed


def test_a_template_naming_an_unknown_reader_is_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(TEMPLATE.format(readers='["ruled", "zebra"]'), encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        template_readers((str(path),))
    assert "'zebra'" in err.value.message and "image, records, ruled, camelot, fills, alignment" in err.value.message
    result = CliRunner().invoke(cli, ["extract", str(FIXTURES / "solberga_2024_zebra.pdf"), "--template", str(path)])
    assert result.exit_code == 2 and "zebra" in result.output, result.output


def test_the_template_readers_are_the_readers_that_read(tmp_path):
    pdf = FIXTURES / "solberga_2024_zebra.pdf"
    path = tmp_path / "solberga.toml"
    path.write_text(TEMPLATE.format(readers='["fills"]'), encoding="utf-8")
    settings = Settings(normalize=NormalizeSettings(templates=(str(path),)))
    register_ = riskreg.extract_register(pdf, settings=settings)
    assert differences(as_csv_rows(register_.risks), expected("solberga_2024_zebra"), "risk_nr") == []
    path.write_text(TEMPLATE.format(readers='["ruled"]'), encoding="utf-8")  # nothing ruled is drawn
    register_ = riskreg.extract_register(pdf, settings=settings)
    assert register_.risks.empty and "no_register_table" in register_.problems["code"].tolist()


# --- the fill reader -------------------------------------------------------------------------------

@pytest.mark.parametrize("reader", ["pdfium", "pdfminer"])
@pytest.mark.parametrize("stem", FILL_SAMPLES)
def test_a_register_drawn_in_fills_reads_exactly(stem, reader):
    pdf = FIXTURES / f"{stem}.pdf"
    register_ = riskreg.extract_register(pdf, settings=Settings(extract=ExtractSettings(reader=reader)))
    assert differences(as_csv_rows(register_.risks), expected(stem), "risk_nr") == []
    assert register_.problems.empty, register_.problems.to_dict("records")
    assert register_.files["coverage"].tolist() == [1.0]
    doc = read_document(pdf, ExtractSettings(reader=reader), header_matcher=matcher())
    assert {t.reader for t in doc.tables} == {"fills"}
    assert sorted({t.page for t in doc.tables}) == sorted({int(r["page"]) for r in expected(stem)})


@pytest.mark.parametrize("stem", FILL_SAMPLES)
def test_the_fill_reader_needs_no_header_matcher(stem):
    """Its tables come from the fills and the text's gaps alone: the same tables without the
    header matcher (which only the alignment reader needs)."""
    pdf = FIXTURES / f"{stem}.pdf"
    with_matcher = read_document(pdf, header_matcher=matcher())
    alone = read_document(pdf, readers=["fills"])
    assert [(t.page, t.n_rows, t.n_cols, [c.text for c in t.cells]) for t in alone.tables] == \
           [(t.page, t.n_rows, t.n_cols, [c.text for c in t.cells]) for t in with_matcher.tables]


def test_without_the_fill_reader_the_sheet_is_misread(tmp_path):
    """What the fill reader adds: the alignment reader alone misreads the sheet (a right-aligned
    number 1.7 pt from the next column's text, rows told apart by fills only)."""
    pdf = FIXTURES / "solberga_2024_sheet.pdf"
    doc = read_document(pdf, header_matcher=matcher(), readers=["image", "ruled", "alignment"])
    assert {t.reader for t in doc.tables} == {"alignment"}
    path = tmp_path / "solberga.toml"
    path.write_text(TEMPLATE.format(readers='["image", "ruled", "alignment"]'), encoding="utf-8")
    register_ = riskreg.extract_register(pdf, settings=Settings(normalize=NormalizeSettings(templates=(str(path),))))
    assert len(differences(as_csv_rows(register_.risks), expected("solberga_2024_sheet"), "risk_nr")) > 50


def test_a_fill_inside_a_ruled_cell_is_the_ruled_table_s():
    """skarpnack 2024 (test_contain.py) shades its risk values and highlights lines inside ruled
    cells: the ruled reader reads every table, none of its cells split, and the fill reader
    finds nothing left to read."""
    doc = read_document(FIXTURES / "skarpnack_2024_highlighted.pdf", header_matcher=matcher())
    assert doc.tables and {t.reader for t in doc.tables} == {"ruled"}


def test_debug_names_the_fill_reader_and_draws_its_fills(tmp_path):
    result = debug_document(FIXTURES / "solberga_2024_zebra.pdf", tmp_path, pages=[2], audit=False, lang="en")
    labels = [d.label for d in result.drawn if d.what == "table"]
    assert labels == ["table 1 (unruled, read by fills): VoR, header row 1"]
    table = next(s.table for s in result.tables if s.table.page == 2)
    fills = [d.bbox for d in result.drawn if d.what == "fill_edge"]
    # the header band and every second row under it, each one fill
    assert fills == [box for _, box in table.seen] and len(fills) == 1 + (table.n_rows - 1) // 2
    assert "read by fills" in result.html.read_text(encoding="utf-8")


def test_the_fill_reader_reads_after_camelot_too():
    """With --engine camelot the camelot reader takes the ruled reader's place; it finds no
    ruled table in the zebra sample, and the fill reader reads it as with the default engine."""
    pdf = FIXTURES / "solberga_2024_zebra.pdf"
    register_ = riskreg.extract_register(pdf, settings=Settings(extract=ExtractSettings(engine="camelot")))
    assert differences(as_csv_rows(register_.risks), expected("solberga_2024_zebra"), "risk_nr") == []
