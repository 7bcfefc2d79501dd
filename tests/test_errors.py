"""Errors named truly: a bug of riskreg's in one page's or one table's reading is a table_unreadable
error (the file's other tables are read), elsewhere an internal_error (with its traceback under --debug),
never "your PDF is damaged"; what the reader could not read exactly is said as a warning."""
from pathlib import Path

import pytest

from riskreg.extract import pdfium_reader
from riskreg.extract.readers import camelot as camelot_reader
from riskreg.extract.readers import ruled as ruled_reader
from riskreg.pipeline import Settings, extract_file, read_file
from riskreg.extract import ExtractSettings

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE = SAMPLES / "farsta_2022.pdf"


def _broken_finder(*args, **kwargs):
    return {}["a bug of ours"]


@pytest.mark.parametrize("reader", ["pdfium", "pdfminer"])
def test_a_bug_in_the_table_finder_is_table_unreadable_not_a_damaged_pdf(monkeypatch, reader):
    """A bug in one page's table finding costs that page's tables (issue 25): a table_unreadable
    error per page, never damaged_pdf, nor an internal_error for the whole file."""
    monkeypatch.setattr(ruled_reader, "find_tables", _broken_finder)
    settings = Settings(extract=ExtractSettings(reader=reader))
    result = read_file(SAMPLE, settings)
    unreadable = [p for p in result.problems if p.severity == "error"]
    assert {p.code for p in unreadable} == {"table_unreadable"}
    assert [p.page for p in unreadable] == list(range(1, result.pages + 1))
    assert "KeyError" in unreadable[0].message and "Traceback" not in unreadable[0].message
    debug = read_file(SAMPLE, settings, debug=True).problems[0]
    assert debug.code == "table_unreadable"
    assert "Traceback" in debug.message and "_broken_finder" in debug.message


def test_a_bug_after_camelot_read_is_table_unreadable(monkeypatch):
    monkeypatch.setattr(camelot_reader, "tables_from_boxes", _broken_finder)
    result = read_file(SAMPLE, Settings(extract=ExtractSettings(engine="camelot")))
    assert {p.code for p in result.problems if p.severity == "error"} == {"table_unreadable"}


def test_a_bug_outside_any_page_is_an_internal_error(monkeypatch):
    from riskreg.normalize import document as normalize_document
    monkeypatch.setattr(normalize_document, "legend_rows", _broken_finder)
    result = read_file(SAMPLE)
    assert [(p.severity, p.code) for p in result.problems] == [("error", "internal_error")]
    assert "Traceback" in read_file(SAMPLE, debug=True).problems[0].message


def test_an_error_of_the_reader_is_still_a_damaged_pdf(tmp_path):
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(SAMPLE.read_bytes()[:-200])
    for reader in ("pdfium", "pdfminer"):
        result = read_file(truncated, Settings(extract=ExtractSettings(reader=reader)))
        assert [p.code for p in result.problems] == ["damaged_pdf"], reader


def test_a_font_description_that_cannot_be_read_is_a_warning_not_silence(monkeypatch):
    real = pdfium_reader._descriptor

    def broken_for_one_font(spec):
        if "Bold" in str(spec.get("BaseFont")):
            raise KeyError("FontDescriptor")
        return real(spec)

    monkeypatch.setattr(pdfium_reader, "_descriptor", broken_for_one_font)
    result = extract_file(SAMPLE)
    warned = [p for p in result.problems if p.code == "font_unreadable"]
    assert len(warned) == 1 and warned[0].severity == "warning"
    assert "Bold" in warned[0].message and "--reader pdfminer" in warned[0].message
    assert len(result.risks) == 91  # the file is still read


def test_every_font_of_the_samples_is_read_without_warning():
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        assert not [p for p in extract_file(pdf).problems if p.code == "font_unreadable"], pdf.name


def test_an_error_raised_in_the_readers_code_whatever_its_type_is_a_damaged_pdf(tmp_path):
    """A page without a media box: pdfplumber raises a TypeError of its own, in its own code."""
    import pikepdf

    broken = tmp_path / "no_mediabox.pdf"
    with pikepdf.open(SAMPLE) as pdf:
        for page in pdf.pages:
            if "/MediaBox" in page.obj:
                del page.obj.MediaBox
        if "/MediaBox" in pdf.Root.Pages:
            del pdf.Root.Pages.MediaBox
        pdf.save(broken)
    result = read_file(broken, Settings(extract=ExtractSettings(reader="pdfminer")))
    assert [p.code for p in result.problems] == ["damaged_pdf"]
    assert "TypeError" in result.problems[0].message
