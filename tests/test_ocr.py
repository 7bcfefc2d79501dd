"""Scanned registers: the scanned twin of a digital sample gives the digital sample's register.

The twins (samples/scanned/, made by samples/build_scans.py) are image-only PDFs; their
expected registers are the digital samples' hand-checked CSVs. OCR is slow, so one twin
is read once per test session.
"""
from __future__ import annotations

import os

import pytest

from golden import SAMPLES, as_csv_rows, read_expected

import riskreg
from riskreg.extract import ocr as ocr_module
from riskreg.extract.ocr import cells as ocr_cells, page as ocr_page_module
from riskreg.extract.model import Table
from riskreg.extract.settings import ExtractSettings
from riskreg.pipeline import Settings

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

TWIN = "enskede_2023_ruled"  # the twin the quicker tests use
# the sjövik twin is printed without ruling lines: the alignment reader on OCR words
# farsta's is a whole register with its control plan, rows broken across pages (issue 27's goal)
TWINS = ["kungsholmen_2017_uppfoljning", "enskede_2023_ruled", "sjovik_2024_internkontrollplan_unruled",
         "farsta_2023_rows_broken_plan"]
NUMBERS = ("risk_nr", "probability", "consequence", "risk_value")
_READ: dict = {}


def read_twin(name: str):
    """A twin's register, read once per test session (OCR is slow)."""
    if name not in _READ:
        _READ[name] = riskreg.extract_register(SAMPLES / "scanned" / f"{name}_scan.pdf", lang="en")
    return _READ[name]


@pytest.fixture
def scanned():
    return read_twin(TWIN)


def agreement(got: list[dict], want: list[dict], columns=None) -> tuple[int, int]:
    """(equal cells, cells) over the expected columns (all but source_file) or ``columns``."""
    same = total = 0
    for g, w in zip(got, want):
        for column, expected in w.items():
            if column == "source_file" or (columns and column not in columns):
                continue
            total += 1
            same += g.get(column) == expected
    return same, total


@pytest.mark.parametrize("name", TWINS)
def test_scanned_twin_gives_every_row_and_nearly_every_cell(name):
    scanned = read_twin(name)
    risks, controls = as_csv_rows(scanned.risks), as_csv_rows(scanned.controls)
    want_risks = read_expected(f"{name}.risks.csv")
    want_controls = read_expected(f"{name}.controls.csv")
    assert len(risks) == len(want_risks) and len(controls) == len(want_controls)
    same, total = agreement(risks, want_risks, NUMBERS)
    assert same / total >= 0.99, f"number cells {same}/{total}"
    same_r, total_r = agreement(risks, want_risks)
    same_c, total_c = agreement(controls, want_controls)
    assert (same_r + same_c) / (total_r + total_c) >= 0.95, f"cells {same_r + same_c}/{total_r + total_c}"


def test_ocr_rows_say_so(scanned):
    assert set(scanned.risks["source"]) == {"ocr"} and set(scanned.controls["source"]) == {"ocr"}
    assert scanned.risks["ocr_confidence"].notna().all()
    assert scanned.risks["ocr_confidence"].between(0, 100).all()
    low = scanned.problems[scanned.problems["code"] == "ocr_low_confidence"]
    assert (low["severity"] == "warning").all() and low["page"].notna().all()
    # a warning for every row whose lowest confidence is under the threshold
    threshold = ExtractSettings().ocr_low_confidence
    doubtful = scanned.risks[scanned.risks["ocr_confidence"] < threshold]
    assert set(zip(doubtful["page"], doubtful["ocr_confidence"])) <= {
        (p, int(m.split("confidence ")[1].split(" ")[0])) for p, m in zip(low["page"], low["message"])}


def test_ocr_never_leaves_a_scan_unread():
    register = riskreg.extract_register(SAMPLES / "scanned" / f"{TWIN}_scan.pdf",
                               settings=Settings(extract=ExtractSettings(ocr="never")))
    assert list(register.problems["code"]) == ["no_text_layer"]


@pytest.mark.parametrize("name", ["enskede_2023_ruled", "enskede_2023_unruled", "farsta_2022"])
def test_digital_pdfs_pay_nothing_for_ocr(name, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a digital page was rendered for OCR")
    monkeypatch.setattr(ocr_page_module, "ocr_page", refuse)
    monkeypatch.setattr(ocr_page_module, "render", refuse)
    register = riskreg.extract_register(SAMPLES / f"{name}.pdf")
    assert len(register.risks) and set(register.risks["source"]) == {"pdf"}
    assert register.risks["ocr_confidence"].isna().all()


def test_grid_lines_are_found_and_letters_are_not_lines():
    import numpy as np
    dpi = 100
    page = np.full((400, 600), 255, np.uint8)
    for y in (50, 150, 250):
        page[y:y + 2, 50:550] = 0
    for x in (50, 300, 550):
        page[50:252, x:x + 2] = 0
    page[180:195, 100:102] = 0  # a letter's stem inside a cell: touches no line
    edges, _ = ocr_module.ruling_edges(page, dpi)
    assert sum(e["orientation"] == "h" for e in edges) == 3
    assert sum(e["orientation"] == "v" for e in edges) == 3
    assert ocr_module.has_grid(page, dpi)
    assert not ocr_module.has_grid(np.full((400, 600), 255, np.uint8), dpi)


def test_progress_counts_ocr_pages(tmp_path):
    import pypdfium2 as pdfium
    from riskreg.batch import BatchSettings, run
    one = pdfium.PdfDocument.new()
    one.import_pages(pdfium.PdfDocument(str(SAMPLES / "scanned" / f"{TWIN}_scan.pdf")), [1])
    one.save(str(tmp_path / "one_scanned_page.pdf"))
    (tmp_path / "digital.pdf").write_bytes((SAMPLES / "farsta_2022.pdf").read_bytes())
    ticks = []

    def progress(files, pages):
        return lambda name, pages, ocr_pages=0: ticks.append((name, pages, ocr_pages))

    register = run([tmp_path / "one_scanned_page.pdf", tmp_path / "digital.pdf"], tmp_path / "out",
                   batch=BatchSettings(workers=1), progress=progress)
    assert sorted(ticks) == [("digital.pdf", 11, 0), ("one_scanned_page.pdf", 1, 1)]
    assert set(register.risks[register.risks["source_file"] == "one_scanned_page.pdf"]["source"]) == {"ocr"}


def test_an_ocrmypdf_output_is_read_by_ocr_too():
    """Image plus invisible text, no drawn lines (what ocrmypdf makes of a scan): neither
    digital reader finds its table; --ocr auto sees the grid in the image and reads it."""
    register = riskreg.extract_register(SAMPLES / "scanned" / f"{TWIN}_ocrmypdf.pdf")
    risks = as_csv_rows(register.risks)
    want = [r for r in read_expected(f"{TWIN}.risks.csv") if int(r["page"]) <= 2]
    assert len(risks) == len(want) and {r["source"] for r in risks} == {"ocr"}
    same, total = agreement(risks, want, NUMBERS)
    assert same / total >= 0.99, f"number cells {same}/{total}"
    same, total = agreement(risks, want)
    assert same / total >= 0.95, f"cells {same}/{total}"
    without = riskreg.extract_register(SAMPLES / "scanned" / f"{TWIN}_ocrmypdf.pdf",
                              settings=Settings(extract=ExtractSettings(ocr="never")))
    assert list(without.problems["code"]) == ["no_register_table"]


def _cell(*texts, confidence=70.0):
    from riskreg.extract.model import Cell
    from riskreg.extract.text import Line
    lines = [Line(t, 100.0, 120.0, 10.0 * i, 10.0 * i + 8) for i, t in enumerate(texts)]
    return Cell(text="", page=1, bbox=(98.0, 0.0, 130.0, 40.0), row=1, col=0, lines=lines,
                confidence=confidence)


def test_a_number_cell_takes_the_number_most_readings_agree_on(monkeypatch):
    import numpy as np
    crop = np.full((40, 40), 255, np.uint8)
    monkeypatch.setattr(ocr_cells, "_read_number", lambda crop, point: [("78", 96.0), ("78", 95.0), ("17", 99.0)])
    cell = _cell("178")  # dust beside the 7 read as a 1
    ocr_cells._number(cell, crop, 300 / 72)
    assert [line.text for line in cell.lines] == ["78"] and cell.confidence == 96.0
    sure = _cell("12", confidence=96.0)  # a sure reading is not read again
    ocr_cells._number(sure, crop, 300 / 72)
    assert [line.text for line in sure.lines] == ["12"]
    # a risk value glued to the handling text keeps its text; a digit's look-alike is mended
    glued = _cell("S Med till v", "äsentlighets-")
    ocr_cells._number(glued, crop, 300 / 72)
    assert [line.text for line in glued.lines] == ["5 Med till v", "äsentlighets-"]


def test_a_score_cell_takes_the_scales_label():
    from riskreg.normalize.parse import PROBABILITY_SCALE
    cell = _cell("'3.", "Möjlig.")
    ocr_cells._score(cell, PROBABILITY_SCALE)
    assert [line.text for line in cell.lines] == ["3. Möjlig"]
    unread = _cell("Mindre :", "sannolikt")  # no digit read: the label's own
    ocr_cells._score(unread, PROBABILITY_SCALE)
    assert [line.text for line in unread.lines] == ["2. Mindre sannolikt"]
    other = _cell("4. Mycket bra")  # not a label of the scale: left as read
    ocr_cells._score(other, PROBABILITY_SCALE)
    assert [line.text for line in other.lines] == ["4. Mycket bra"]


def test_an_unruled_scans_rows_are_read_from_ocr_words_by_the_alignment_reader():
    """The sjövik twin has no grid: its table comes from the alignment reader (unruled), on
    OCR words, and its rows still say they were read by OCR, with a confidence."""
    register = read_twin("sjovik_2024_internkontrollplan_unruled")
    assert set(register.risks["source"]) == {"ocr"} and register.risks["ocr_confidence"].notna().all()
    from riskreg.extract.document import read_document
    from riskreg.pipeline import register_header_matcher
    doc = read_document(SAMPLES / "scanned" / "sjovik_2024_internkontrollplan_unruled_scan.pdf",
                        header_matcher=register_header_matcher(Settings().normalize))
    assert doc.tables and not any(t.ruled for t in doc.tables)


def test_ocr_words_become_characters_on_their_lines_baseline():
    words = [ocr_module.OcrWord("Risk", 100, 160, 500.0, 40.0, 96.0),
             ocr_module.OcrWord("3", 400, 420, 501.0, 36.0, 90.0)]
    chars = ocr_module.words_to_chars(words, 300 / 72)
    assert "".join(c["text"] for c in chars) == "Risk3"
    assert chars[0]["x0"] == 100 * 72 / 300 and abs(chars[3]["x1"] - 160 * 72 / 300) < 1e-9
    # a word's letters share its top; the lone digit on (almost) the same baseline is on its line
    assert len({c["top"] for c in chars[:4]}) == 1 and abs(chars[4]["top"] - chars[0]["top"]) < 2.0
    assert [c["confidence"] for c in chars] == [96.0] * 4 + [90.0]


def test_an_ikp_cell_of_one_unreadable_sign_is_the_printed_mark():
    for read in ("Å", "CÅ"):
        cell = _cell(read)
        ocr_cells._mark(cell)
        assert [line.text for line in cell.lines] == ["✓"]
    for words in ("Ja", "Nej, endast VoR", "x"):
        cell = _cell(words)
        ocr_cells._mark(cell)
        assert [line.text for line in cell.lines] == [words]


def test_ocr_words_are_mended_only_where_the_evidence_is_strong():
    mender = ocr_module.WordMender(["Hantera, med till internkontrollplan"] * 3 + ["Lena Slotte"] * 3)
    # one letter from a word the document prints three times, or from a common word of the list
    assert mender.mend("Hantera, med till intermkontrollplan") == "Hantera, med till internkontrollplan"
    assert mender.mend("Kontroll av betälningar") == "Kontroll av betalningar"
    # a word split after its first letter, and the linking s of a compound read as a capital
    assert mender.mend("Med till v äsentlighet S- och riskanalysen") == "Med till väsentlighets- och riskanalysen"
    assert mender.mend("väsentlighetS- och") == "väsentlighets- och"
    # two words as likely ("av", "är"), a compound no list holds, a name: left as read
    # a compound of two listed words (even the author's typo, "Bristar"): left as printed
    for text in ("Kontroll äv prognoser", "Kungsholmsmodellen", "HSL- och SoL", "i akt", "Bristar",
                 "Krisplaner", "Trädvård", "ur"):
        assert mender.mend(text) == text


def test_ocr_word_mending_takes_its_word_list_floors_from_the_settings():
    # "betalningar" is in the list at Zipf 3.27, "av" at 7.0: mended from the default floors
    # (ocr_list_zipf 3, ocr_short_zipf 5), left as read when the settings ask for more
    assert ocr_module.WordMender([]).mend("Kontroll zv betälningar") == "Kontroll av betalningar"
    assert ocr_module.WordMender([], {"ocr_list_zipf": 4.0}).mend("betälningar") == "betälningar"
    assert ocr_module.WordMender([], {"ocr_short_zipf": 8.0}).mend("zv") == "zv"
    # what counts as known (printed often enough, or a cheap compound) and what is a tie
    printed = ["internkontrollplan"] * 5 + ["intermkontrollplan"] * 3
    assert ocr_module.WordMender(printed).mend("intermkontrollplan") == "intermkontrollplan"
    assert ocr_module.WordMender(printed, {"ocr_known_count": 4}).mend("intermkontrollplan") == "internkontrollplan"
    assert ocr_module.WordMender([], {"ocr_known_cost": 1.0}).mend("Bristar") == "Brister"
    assert ocr_module.WordMender([], {"ocr_tie_zipf": 10.0}).mend("zv") == "zv"  # "av" or another
    # mend_words hands its settings to the mender
    table = Table(page=1, bbox=(0.0, 0.0, 100.0, 40.0), n_rows=1, n_cols=1, cells=[_cell()])
    table.cells[0].text = "betälningar"
    ocr_module.mend_words([table], {"ocr_list_zipf": 4.0})
    assert table.cells[0].text == "betälningar"
    ocr_module.mend_words([table])
    assert table.cells[0].text == "betalningar"
