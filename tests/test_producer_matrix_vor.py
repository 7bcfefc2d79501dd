"""The producer matrix for farsta 2023's VoR with its control plan (issue 26, item 1).

One register, rendered by every producer a municipality uses, gives one register: each cell of
the matrix (rendering x reader x engine) is exact at coverage 100% and without problems. The
register is samples/expected/farsta_2023.*.csv, written by hand from the transcription
(samples/source/seed000_farsta2023_*.csv); what is the rendering's own is the file's name and
the page each row is printed on, taken from the rendering's expected files (located by poppler's
pdftotext from the same transcription, never by riskreg). The two renderings written as records
(build_records.py) hold other columns (a description, the handling) and are checked against
their own expected files.

The renderings and their builders:

- LibreOffice Writer from docx (build.py): farsta_2023 (header row repeated), farsta_2023_rows_broken
  and _rows_broken_plan (rows allowed to break across pages, header printed once),
  farsta_2023_rows_broken_repeated (rows allowed to break, header row repeated); written as
  records (build_records_writer.py): farsta_2023_records_writer_lines and _table;
- Chromium's print of an HTML table (build_chromium.py): farsta_2023_chromium;
- LibreOffice Calc from xlsx (build_calc_matrix.py): farsta_2023_calc_grid (gridlines printed,
  merged ranges, print titles, fitted to the page's width in 6.7 pt type, conditional fills on
  the risk value), the same with rules under the cells only (_calc_sides: the fill reader's rows
  between the rules, its columns from the header's cells) and with zebra fills and no ruling
  (_calc_zebra: each zebra row cut into patches by the merged ranges, read whole by the fill reader);
- reportlab (build_reportlab_matrix.py): farsta_2023_reportlab, portrait, the score columns'
  headers turned with canvas.rotate; build_records.py: farsta_2023_records_lines and _table.

Tagged PDFs (Writer's UseTaggedPDF) are another matrix's column (issue 26, item 8).
"""
from __future__ import annotations

from functools import lru_cache

import pytest

import riskreg
from golden import ROOT, SAMPLES, as_csv_rows, differences, known_limits, read_expected
from riskreg.extract import ExtractSettings
from riskreg.pipeline import Settings

RENDERINGS = ["farsta_2023", "farsta_2023_rows_broken", "farsta_2023_rows_broken_plan",
              "farsta_2023_rows_broken_repeated", "farsta_2023_chromium", "farsta_2023_calc_grid",
              "farsta_2023_calc_sides", "farsta_2023_calc_zebra",
              "farsta_2023_reportlab", "farsta_2023_records_lines", "farsta_2023_records_table",
              "farsta_2023_records_writer_lines", "farsta_2023_records_writer_table"]
RECORDS = {"farsta_2023_records_lines", "farsta_2023_records_table", "farsta_2023_records_writer_lines",
           "farsta_2023_records_writer_table"}
#: renderings in tests/fixtures/, each with the defect it shows (strict: a fix makes it pass, and
#: then it moves to samples/ and RENDERINGS)
PENDING: dict[str, str] = {}
READERS = ["pdfium", "pdfminer"]
ENGINES = ["pdfplumber", "camelot"]
OWN = ("source_file", "page")  # what each rendering has of its own


def path_of(name: str):
    return (ROOT / "tests" / "fixtures" if name in PENDING else SAMPLES) / f"{name}.pdf"


@lru_cache(maxsize=None)
def register_of(name: str, reader: str, engine: str):
    settings = Settings(extract=ExtractSettings(reader=reader, engine=engine))
    return riskreg.extract_register(path_of(name), settings=settings)


def wanted(name: str, kind: str) -> list[dict]:
    """The register's rows as this rendering prints them: farsta 2023's, with the rendering's
    file name and pages (its records form: its own expected rows)."""
    own = read_expected(f"{name}.{kind}.csv")
    if name in RECORDS:
        return own
    register = read_expected(f"farsta_2023.{kind}.csv")
    assert len(own) == len(register)
    return [{**row, **{k: mine[k] for k in OWN}} for row, mine in zip(register, own)]


def cells() -> list:
    out = [(name, reader, engine) for name in RENDERINGS for reader in READERS for engine in ENGINES]
    out += [pytest.param(name, reader, engine, marks=pytest.mark.xfail(strict=True, reason=why))
            for name, why in PENDING.items() for reader in READERS for engine in ENGINES]
    return out


@pytest.mark.parametrize("name, reader, engine", cells())
def test_every_rendering_gives_the_one_register(name, reader, engine):
    register = register_of(name, reader, engine)
    for kind, frame in (("risks", register.risks), ("controls", register.controls)):
        got, limits = as_csv_rows(frame), known_limits(name, kind)  # samples/expected/known_limits.csv
        assert differences(got, wanted(name, kind), "risk_nr", limits) == [], kind
    assert register.files["coverage"].tolist() == [1.0]
    assert register.problems.empty, register.problems[["page", "code"]].to_dict("records")


@pytest.mark.parametrize("name", [n for n in [*RENDERINGS, *PENDING] if n not in RECORDS])
def test_each_rendering_holds_farsta_2023_apart_from_its_name_and_pages(name):
    """The builders' expected files agree with the hand-checked register, column by column."""
    for kind in ("risks", "controls"):
        strip = [{k: v for k, v in row.items() if k not in OWN} for row in read_expected(f"{name}.{kind}.csv")]
        assert strip == [{k: v for k, v in row.items() if k not in OWN}
                         for row in read_expected(f"farsta_2023.{kind}.csv")]


def test_the_calc_renderings_print_in_small_type_over_several_pages():
    """Read off the PDFs (pdffonts, pdfplumber's chars; the pages as images): the sheet's 9 pt
    type is printed at 6.7 pt, fitted to the page's width, the header repeated on every VoR page."""
    import pdfplumber
    with pdfplumber.open(path_of("farsta_2023_calc_grid")) as pdf:
        sizes = {round(c["size"], 1) for page in pdf.pages[:7] for c in page.chars if not c["text"].isspace()}
        assert 6.0 <= min(sizes) and max(s for s in sizes if s < 8) <= 7.0
        vor_pages = [p for p in pdf.pages if "Oönskad händelse" in (p.extract_text() or "")
                     and "Sannolikhet" in (p.extract_text() or "")]
        assert len(vor_pages) == 7


def test_writer_with_rows_allowed_to_break_and_the_header_repeated_breaks_rows():
    """farsta_2023_rows_broken_repeated is the matrix's Writer cell of rows broken across pages
    under a repeated header (read off pdftotext -layout): pages 3, 5 and 6 start, under the
    header, with the rest of the row the page before cut."""
    from riskreg.extract import read_document
    doc = read_document(path_of("farsta_2023_rows_broken_repeated"))
    rests = {}
    for page in (3, 5, 6):
        first = min((t for t in doc.tables if t.page == page), key=lambda t: t.bbox[1])
        rests[page] = [c.text for c in first.cells if c.row == 1 and c.text]
    assert rests[3][0].startswith("socialtjänsten och interna och externa")
    assert len(rests[5]) == 1 and rests[5][0].startswith("uteblir. Att ev. brister inte upptäcks")
    assert rests[6] == ["ärenden hos Kronofogden"]


@pytest.mark.parametrize("form", ["lines", "table"])
def test_the_writer_records_hold_the_reportlab_records_apart_from_their_name_and_pages(form):
    """build_records_writer.py and build_records.py write one register from one transcription."""
    for kind in ("risks", "controls"):
        writer, reportlab = (read_expected(f"farsta_2023_records{by}_{form}.{kind}.csv") for by in ("_writer", ""))
        assert [{k: v for k, v in row.items() if k not in OWN} for row in writer] == \
            [{k: v for k, v in row.items() if k not in OWN} for row in reportlab]
        assert [row["page"] for row in writer] != [row["page"] for row in reportlab]
