"""Text turned on its side is read in its own direction (extract/turn.py, extract/text.py).

The characters here are placed by hand as pdfminer places a turned glyph: its box is the
upright glyph box (advance along the baseline, 2 pt below it to 8 pt above at size 10)
turned with the text, and its ``size`` is its height on the page (the advance).
"""
import pdfplumber
import pytest

from golden import SAMPLES
from riskreg.extract.pdfium_reader import read_pages
from riskreg.extract.settings import ExtractSettings
from riskreg.extract.text import Line, chars_to_lines, join_lines, vocabulary
from riskreg.extract.turn import matrix_turn, to_frame, to_page, turn_of

S = ExtractSettings()
UP, DOWN = (0.0, 1.0, -1.0, 0.0), (0.0, -1.0, 1.0, 0.0)


def turned(text: str, turn: int, baseline_x: float, start_y: float, width: float = 5.0,
           gaps: dict[int, float] | None = None) -> list[dict]:
    """Characters of one turned line: 90 reads up the page from ``start_y`` (page top measured
    down), 270 down it; each glyph ``width`` long along the line, ``gaps`` extra room before
    some of them (a space the producer leaves without a space character)."""
    out, along = [], 0.0
    for i, ch in enumerate(text):
        along += (gaps or {}).get(i, 0.0)
        if turn == 90:  # the glyph's top points left: ink from baseline - 8 to baseline + 2
            box = (baseline_x - 8, start_y - along - width, baseline_x + 2, start_y - along)
            matrix = UP + (baseline_x, 800 - start_y + along)
        else:  # 270: the glyph's top points right
            box = (baseline_x - 2, start_y + along, baseline_x + 8, start_y + along + width)
            matrix = DOWN + (baseline_x, 800 - start_y - along)
        along += width
        out.append({"text": ch, "x0": box[0], "top": box[1], "x1": box[2], "bottom": box[3],
                    "size": width, "upright": False, "matrix": matrix})
    return out


def test_turns_are_read_from_the_text_matrix():
    assert matrix_turn((1, 0, 0, 1, 5, 5)) == 0
    assert matrix_turn((1, 0, 0, -1, 5, 5)) == 0  # mirrored across, still read left to right
    assert matrix_turn(UP) == 90 and matrix_turn(DOWN) == 270
    assert matrix_turn((-1, 0, 0, -1)) == 180
    assert matrix_turn((0.02, 0.9998, -0.9998, 0.02)) == 90  # a hair off a quarter turn
    assert turn_of({"text": "a"}) == 0  # the pdfium reader marks only turned characters


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_a_box_goes_to_the_frame_and_back(turn):
    box = (10.0, 20.0, 30.0, 45.0)
    assert to_page(to_frame(box, turn), turn) == pytest.approx(box)


def test_frames_turn_a_line_so_that_it_reads_left_to_right():
    # bottom to top: the glyph lower on the page comes first
    low, high = (0, 50, 10, 55), (0, 40, 10, 45)
    assert to_frame(low, 90)[0] < to_frame(high, 90)[0]
    # top to bottom: the glyph higher on the page comes first
    assert to_frame(high, 270)[0] < to_frame(low, 270)[0]


def test_a_header_turned_up_reads_bottom_to_top():
    lines = chars_to_lines(turned("Sannolikhet", 90, 100, 300), S)
    assert [(line.text, line.turn) for line in lines] == [("Sannolikhet", 90)]
    # the line's box is where its characters stand on the page
    assert (lines[0].x0, lines[0].top, lines[0].x1, lines[0].bottom) == pytest.approx((92, 245, 102, 300))
    assert lines[0].size == pytest.approx(10)


def test_a_header_turned_down_reads_top_to_bottom():
    lines = chars_to_lines(turned("Konsekvens", 270, 100, 200), S)
    assert [(line.text, line.turn) for line in lines] == [("Konsekvens", 270)]


@pytest.mark.parametrize("turn,second_x", [(90, 112), (270, 88)])
def test_a_turned_cell_of_two_lines_reads_them_in_order(turn, second_x):
    """Turned up, the next line stands to the right of the first; turned down, to the left."""
    cs = turned("(1-4)", turn, second_x, 300) + turned("Sannolikhet", turn, 100, 300)
    assert [line.text for line in chars_to_lines(cs, S)] == ["Sannolikhet", "(1-4)"]


def test_a_gap_along_a_turned_line_is_a_space():
    cs = turned("Tillplan", 90, 100, 300, gaps={4: 2.8})
    assert [line.text for line in chars_to_lines(cs, S)] == ["Till plan"]


def test_upright_and_turned_text_in_one_cell_are_read_each_in_its_direction():
    upright = [{"text": ch, "x0": 10 + 5 * i, "x1": 15 + 5 * i, "top": 100, "bottom": 110, "size": 10}
               for i, ch in enumerate("Nr")]
    lines = chars_to_lines(turned("Risk", 90, 40, 300) + upright, S)
    assert [(line.text, line.turn) for line in lines] == [("Nr", 0), ("Risk", 90)]


def _cell_of_two_turned_lines():
    """A cell 16 pt wide and 40 pt high, its text turned up: "Riskvär" fills the cell's height
    (5 pt a letter, 2 pt padding), "de" goes on at the right."""
    box = (90.0, 258.0, 116.0, 300.0)  # x0, top, x1, bottom
    cs = turned("Riskvär", 90, 100, 298) + turned("de", 90, 112, 298)
    return chars_to_lines(cs, S), box


def test_a_word_broken_at_a_turned_cells_edge_is_mended_along_its_lines():
    """The line reaches the cell's edge along the line (its top here), not across it."""
    lines, box = _cell_of_two_turned_lines()
    assert join_lines(lines, box, S, words={"riskvärde"}) == "Riskvärde"


def test_the_vocabulary_measures_a_turned_cell_along_its_lines():
    """"Riskvär" ends at the turned cell's edge: a piece, never a word of the document."""
    lines, box = _cell_of_two_turned_lines()
    assert "riskvär" not in vocabulary([lines], [box], S)
    page_frame = [Line(ln.text, ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.first_width) for ln in lines]
    assert "riskvär" in vocabulary([page_frame], [box], S)  # measured across, it looked whole


@pytest.mark.parametrize("name", ["sjovik_2024_turned_up", "sjovik_2024_turned_down"])
def test_pdfium_puts_turned_characters_where_pdfminer_puts_them(name):
    """Each turned glyph its own text matrix (up) or a turned line letter-spaced by TJ (down):
    the same boxes from both readers, every letter its own character (the pdfium reader once
    took a turned line's letters, all at one x, for one ligature)."""
    path = SAMPLES / f"{name}.pdf"

    def placed(chars):  # pdfium gives a page's characters in an order of its own
        return sorted((c for c in chars if turn_of(c) and c["text"] != " "),
                      key=lambda c: (round(c["x0"]), round(c["top"], 1)))
    with pdfplumber.open(path) as pdf:
        want = placed(pdf.pages[0].chars)
    (page, _), *_ = list(read_pages(path))
    got = placed(page.chars)
    assert "".join(c["text"] for c in got) == "".join(c["text"] for c in want)
    assert len(got) > 40
    for g, w in zip(got, want):
        # across the line exactly; along it the glyph ends where pdfium's loose box does, which
        # takes in ink beyond the advance ("K" at 6 pt: 0.13 pt), as the reader's upright x1 does
        assert [g["x0"], g["x1"]] == pytest.approx([w["x0"], w["x1"]], abs=0.02), g["text"]
        assert [g[k] for k in ("top", "bottom", "size")] == pytest.approx(
            [w[k] for k in ("top", "bottom", "size")], abs=0.2), g["text"]
        assert g["upright"] is False and turn_of(g) == turn_of(w)
