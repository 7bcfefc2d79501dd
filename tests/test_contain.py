"""Issue 25 item 1: one bad table never costs the file.

The fixture (samples/build_contain.py) is a three-page ruled VoR whose page 2 holds
lines of highlighted text (a sliver row at their bottom) and a risk value on a fill
drawn 0.05 pt inside its cell's rules; riskreg before the fix read it as 0 risks and
one internal_error (IndexError in Table.grid). Its expected register is the
builder's data, written out by the builder, never riskreg's output.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

import riskreg
import riskreg.extract.lattice as lattice
import riskreg.extract.readers.ruled as ruled_reader
import riskreg.normalize.stitch as stitch
import riskreg.normalize.document as normalize_document
from golden import as_csv_rows, differences
from riskreg.extract import read_document
from riskreg.pipeline import read_file
from riskreg.report.debug import debug_document

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PDF = FIXTURES / "skarpnack_2024_highlighted.pdf"
READERS = ["pdfium", "pdfminer"]


def expected() -> list[dict]:
    with (FIXTURES / "skarpnack_2024_highlighted.risks.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def codes(result) -> list[str]:
    return [p.code for p in result.problems]


@pytest.mark.parametrize("reader", READERS)
def test_the_highlighted_register_reads_exactly(reader):
    register = riskreg.extract_register(PDF, {"extract": {"reader": reader}})
    assert differences(as_csv_rows(register.risks), expected(), "risk_nr") == []
    assert register.problems.empty, register.problems.to_dict("records")


@pytest.mark.parametrize("reader", READERS)
def test_fills_inside_cells_split_no_cell(reader):
    """Page 2 is one table of a header and three rows: neither the highlights behind the text
    nor the risk value's fill 0.05 pt inside its rules make rows, columns or tables of their own."""
    doc = read_document(PDF, {"reader": reader})
    page2 = [t for t in doc.tables if t.page == 2]
    assert [(t.n_rows, t.n_cols) for t in page2] == [(4, 7)]
    assert not doc.failures


def _raising_on_page(real, page: int, which: int = 0):
    """``real``, raising on ``page``: its argument ``which`` is a page number or a Table."""
    def fake(*args, **kwargs):
        first = args[which]
        number = first if isinstance(first, int) else first.page
        if number == page:
            raise IndexError("list index out of range")
        return real(*args, **kwargs)
    return fake


def _rows_of_pages(result, pages: set[int]) -> list[int]:
    return [r.risk_nr for r in result.risks if r.page in pages]


def _only_unreadable(result, page: int) -> str:
    unreadable = [p for p in result.problems if p.code == "table_unreadable"]
    assert "internal_error" not in codes(result)
    assert len(unreadable) == 1, codes(result)
    assert unreadable[0].page == page and unreadable[0].severity == "error"
    return unreadable[0].message


def test_a_table_failing_to_be_made_costs_that_table(monkeypatch):
    monkeypatch.setattr(lattice, "cells_to_table", _raising_on_page(lattice.cells_to_table, 2))
    result = read_file(PDF, lang="en")
    assert _rows_of_pages(result, {1, 3}) == [1, 2, 3, 4, 8, 9]
    message = _only_unreadable(result, 2)
    assert message.startswith("Table 1 on page 2 could not be read (IndexError: list index out of range)")
    assert "Traceback" not in message
    assert "riskreg debug skarpnack_2024_highlighted.pdf --pages 2" in message


def test_a_table_failing_is_said_in_swedish_by_default(monkeypatch):
    monkeypatch.setattr(lattice, "cells_to_table", _raising_on_page(lattice.cells_to_table, 2))
    message = _only_unreadable(read_file(PDF), 2)
    assert message.startswith("Tabell 1 på sidan 2 kunde inte läsas (IndexError: list index out of range); "
                              "dess rader saknas i registret")
    assert "Kör 'riskreg debug skarpnack_2024_highlighted.pdf --pages 2' för att se vad som lästes" in message


def test_debug_adds_the_traceback(monkeypatch):
    monkeypatch.setattr(lattice, "cells_to_table", _raising_on_page(lattice.cells_to_table, 2))
    message = _only_unreadable(read_file(PDF, debug=True, lang="en"), 2)
    assert "Traceback (most recent call last)" in message and "in fake" in message


def test_a_page_whose_table_finding_fails_costs_that_page(monkeypatch):
    monkeypatch.setattr(ruled_reader, "find_tables", _raising_on_page(lattice.find_tables, 2, 1))
    result = read_file(PDF, lang="en")
    assert _rows_of_pages(result, {1, 3}) == [1, 2, 3, 4, 8, 9]
    assert _only_unreadable(result, 2).startswith("The tables on page 2 could not be read")


def test_a_table_failing_to_be_assembled_costs_that_table(monkeypatch):
    monkeypatch.setattr(stitch, "header_rows", _raising_on_page(stitch.header_rows, 2))
    result = read_file(PDF, lang="en")
    assert _rows_of_pages(result, {1, 3}) == [1, 2, 3, 4, 8, 9]
    assert not _rows_of_pages(result, {2})
    assert _only_unreadable(result, 2).startswith("Table 1 on page 2 could not be read")


def test_a_register_table_whose_rows_fail_is_named(monkeypatch):
    """build_risks raising on the register table: its error names its pages, no internal_error."""
    def broken(table, *args, **kwargs):
        raise KeyError("probability")
    monkeypatch.setattr(normalize_document, "build_risks", broken)
    result = read_file(PDF, debug=True, lang="en")
    message = _only_unreadable(result, 1)
    assert message.startswith("The VoR table on pages 1-3 could not be read (KeyError: 'probability')")
    assert "Traceback" in message


def test_debug_draws_the_fixture(tmp_path):
    result = debug_document(PDF, tmp_path)
    assert [p.png.name for p in result.pages] == ["page-1.png", "page-2.png", "page-3.png"]
    assert all(p.png.stat().st_size for p in result.pages)


def test_debug_outlines_an_unreadable_table(tmp_path, monkeypatch):
    monkeypatch.setattr(lattice, "cells_to_table", _raising_on_page(lattice.cells_to_table, 2))
    result = debug_document(PDF, tmp_path, pages=[2], lang="en")
    outlined = [d for d in result.drawn if d.what == "unreadable"]
    assert len(outlined) == 1 and outlined[0].page == 2
    assert outlined[0].label == ("table 1 on page 2: unreadable (table_unreadable), "
                                 "IndexError: list index out of range")
    assert [p.code for p in result.problems] == ["table_unreadable"]
    assert "table_unreadable" in result.html.read_text(encoding="utf-8")
