"""A scan read against what the register must be: glyph boxes are no rules, a cut label is no
score, risk numbers follow the document's sequence, a risk value is its scores' product where
the document says so, a row with no event and no number is no risk, and a number out of the
sequence is named. Small hand-made images and tables; the scanned twins are in test_ocr.py."""
from __future__ import annotations

import numpy as np
import pytest

from riskreg.extract.model import Cell, Table
from riskreg.extract.ocr import cells as ocr_cells, image as ocr_image
from riskreg.extract.ocr.expect import Expectations, leading_int
from riskreg.extract.text import Line
from riskreg.normalize.logical import LogicalRow, LogicalTable, Slot
from riskreg.normalize.page_break import join_ocr_fragments


def test_a_box_glyph_that_fills_its_row_is_no_column_rule():
    dpi = 300
    point = dpi / 72
    page = np.full((600, 900), 255, np.uint8)
    for y in (50, 200, 260, 400):  # four row rules
        page[y:y + 3, 50:850] = 0
    for x in (50, 450, 850):  # three column rules
        page[50:403, x:x + 3] = 0
    # a ☐ (the tick's missing glyph) 4 pt wide, as tall as its row, touching both row rules
    left, width = 600, int(4 * point)
    page[204:257, left:left + 3] = 0
    page[204:257, left + width:left + width + 3] = 0
    page[204:207, left:left + width + 3] = 0
    page[254:257, left:left + width + 3] = 0
    edges, _ = ocr_image.ruling_edges(page, dpi)
    xs = sorted(e["x0"] * point for e in edges if e["orientation"] == "v")
    assert len(xs) == 3 and all(abs(x - want) <= 3 for x, want in zip(xs, (51, 451, 851)))
    # two real rules far apart with the same short extent stay
    verticals = [(100, 10, 103, 60), (400, 10, 403, 60)]
    assert ocr_image._drop_glyph_boxes(verticals, point) == verticals


def _cell(*texts, confidence=70.0, row=1, col=0):
    lines = [Line(t, 100.0, 120.0, 10.0 * i, 10.0 * i + 8) for i, t in enumerate(texts)]
    return Cell(text="", page=1, bbox=(98.0, 0.0, 130.0, 40.0), row=row, col=col, lines=lines,
                confidence=confidence)


def test_a_labels_rest_cut_by_a_page_break_is_no_score():
    from riskreg.normalize.parse import CONSEQUENCE_SCALE, PROBABILITY_SCALE
    for text, scale in (("sannolikt", PROBABILITY_SCALE), ("allvarlig", CONSEQUENCE_SCALE)):
        cell = _cell(text)
        ocr_cells._score(cell, scale)
        assert [line.text for line in cell.lines] == [text]
    cell = _cell("Allvarlig")  # a cell's own label starts with a capital: the label's score
    ocr_cells._score(cell, CONSEQUENCE_SCALE)
    assert [line.text for line in cell.lines] == ["4. Allvarlig"]


def test_the_expected_number_wins_only_when_a_reading_shows_it(monkeypatch):
    crop = np.full((40, 40), 255, np.uint8)
    monkeypatch.setattr(ocr_cells, "_read_number", lambda crop, point: [("172", 76.0), ("72", 85.0)])
    cell = _cell("172", confidence=76.0)
    ocr_cells._number(cell, crop, 300 / 72)  # no expectation: the readings' majority
    assert cell.lines[0].text == "172"
    cell = _cell("172", confidence=76.0)
    ocr_cells._number(cell, crop, 300 / 72, expected=72)
    assert cell.lines[0].text == "72" and cell.confidence == 85.0
    # a sure reading that is not the expected number is read again
    monkeypatch.setattr(ocr_cells, "_read_number", lambda crop, point: [("12", 96.0), ("12", 95.0)])
    sure = _cell("122", confidence=95.0)
    ocr_cells._number(sure, crop, 300 / 72, expected=12)
    assert sure.lines[0].text == "12"
    # no reading shows it: kept as read, never the expectation alone
    monkeypatch.setattr(ocr_cells, "_read_number", lambda crop, point: [("9", 96.0), ("9", 95.0)])
    typo = _cell("9", confidence=96.0)
    ocr_cells._number(typo, crop, 300 / 72, expected=6)
    assert typo.lines[0].text == "9"


def test_a_small_numbers_digits_are_read_one_by_one():
    pytest.importorskip("tesserocr")
    from PIL import Image, ImageDraw, ImageFont

    from riskreg.extract import tesseract
    try:
        font = ImageFont.truetype("DejaVuSerif.ttf", 42)
    except OSError:
        pytest.skip("no DejaVu font")
    image = Image.new("L", (140, 90), 255)
    ImageDraw.Draw(image).text((20, 15), "71", fill=0, font=font)
    api = tesseract.engine()
    import tesserocr
    try:
        digits, confidence = ocr_cells._one_by_one(np.asarray(image), api, tesserocr.PSM.SINGLE_CHAR)
    finally:
        api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
    assert digits == "71" and confidence > 50
    # a mark of another height beside the digits: not a number's digits alone
    page = np.asarray(image).copy()
    page[70:74, 120:124] = 0  # a speck of 16 pixels, a quarter of a digit's height
    assert ocr_cells._one_by_one(page, api, tesserocr.PSM.SINGLE_CHAR) is None


def test_the_sequence_passes_over_a_misread_number_and_follows_a_jump():
    expect = Expectations()
    assert expect.next_nr() is None
    for text in ("1", "2", "3"):
        expect.saw_nr(text)
    assert expect.next_nr() == 4
    expect.saw_nr("7")  # 4 read as 7: within the jump, taken (the normalize stage names it)
    assert expect.next_nr() == 8
    expect.saw_nr("172")  # far above: passed over, the next row is still expected
    assert expect.next_nr() == 9
    expect.saw_nr("3")  # below: passed over too
    assert expect.next_nr() == 10
    expect.saw_nr("10")
    assert expect.next_nr() == 11
    for text in ("101", "102", "103"):  # a new section numbered from 101: after three, followed
        expect.saw_nr(text)
    assert expect.next_nr() == 104
    expect.saw_nr("")  # a cut row's rest has no number
    assert expect.next_nr() == 104
    assert leading_int("3. Möjlig") == 3 and leading_int("Möjlig") is None and leading_int("1234") is None


def test_a_value_is_read_against_its_scores_product_where_the_document_multiplies(monkeypatch):
    from riskreg.normalize.document import register_header_matcher
    from riskreg.normalize.settings import NormalizeSettings
    header = ["Nr", "Oönskad händelse", "Sannolikhet", "Konsekvens", "Riskvärde"]
    rows = [["1", "Brand", "3. Möjlig", "4. Allvarlig", "12"],
            ["2", "Stöld", "2. Mindre sannolikt", "2. Lindrig", "4"],
            ["3", "Läcka", "3. Möjlig", "3. Kännbar", "9"],
            ["4", "Fel", "3. Möjlig", "4. Allvarlig", "122"]]  # 12 with a speck read as a 2
    cells = [_cell(text, confidence=96.0, row=r, col=c)
             for r, texts in enumerate([header] + rows) for c, text in enumerate(texts)]
    table = Table(page=1, bbox=(0.0, 0.0, 500.0, 200.0), n_rows=5, n_cols=5, cells=cells)
    asked = []

    def read(crop, point):
        asked.append(crop.shape)
        return [("12", 95.0), ("12", 94.0)]
    monkeypatch.setattr(ocr_cells, "_read_number", read)
    crop = np.full((40, 40), 255, np.uint8)
    expect = Expectations()
    ocr_cells.apply_columns(table, register_header_matcher(NormalizeSettings()), {}, lambda c: crop,
                            300 / 72, expect)
    assert [c.lines[0].text for c in cells if c.col == 4][1:] == ["12", "4", "9", "12"]
    assert len(asked) == 1 and expect.next_nr() == 5  # only the doubtful value was read again
    # a document whose values are no product: nothing is expected of them
    other = Expectations(products=0, rows_scored=5)
    assert not other.value_is_product()


def _row(page, confidence=80.0, **texts):
    return LogicalRow(page=page, slots={name: Slot(text, confidence=confidence) for name, text in texts.items()})


def test_a_scanned_row_with_no_event_and_no_number_is_the_rest_of_the_row_above():
    columns = ["risk_nr", "event", "probability", "consequence"]
    table = LogicalTable(kind="vor", columns=columns, rows=[
        _row(6, risk_nr="65", event="Förvaltningen kan inte hålla", probability="2. Mindre",
             consequence="5. Mycket"),
        _row(7, confidence=60.0, risk_nr="", event="", probability="sannolikt", consequence="allvarlig"),
        _row(7, risk_nr="66", event="Lokaler saknas", probability="3. Möjlig", consequence="3. Kännbar")])
    assert join_ocr_fragments(table) == 1
    assert [r.text("risk_nr") for r in table.rows] == ["65", "66"]
    assert table.rows[0].text("probability") == "2. Mindre sannolikt"
    assert table.rows[0].text("consequence") == "5. Mycket allvarlig"
    assert table.rows[0].slots["probability"].confidence == 60.0
    # a digital row without an event is left for check_read_whole to name
    digital = LogicalTable(kind="vor", columns=columns, rows=[
        _row(1, confidence=None, risk_nr="1", event="Brand"), _row(1, confidence=None, risk_nr="", event="")])
    assert join_ocr_fragments(digital) == 0 and len(digital.rows) == 2
