"""The producer matrix of the uppföljning and Sjövik's combined plan (issue 26, item 1).

Each sample printed by every producer (samples/build_matrix.py: Writer, three Calc
sheets, Chromium; the uppföljning also by reportlab with turned headers) must give that
sample's one hand-checked register (samples/expected/<sample>.*.csv) exactly, cell by cell,
but for the columns that name the file and its page, at coverage 100%, under both readers
and both engines. The pages are checked by test_golden against each rendering's own
expected CSVs, located by pdftotext. A cell not read exactly yet is xfail (strict) with its
defect, and its PDF waits in samples/pending/, out of the samples the other tests read.
"""
from __future__ import annotations

from functools import lru_cache

import pytest

import riskreg
from golden import SAMPLES, as_csv_rows, differences, read_expected
from riskreg.extract import ExtractSettings
from riskreg.pipeline import Settings

MATRIX = {
    "kungsholmen_2017_uppfoljning": ["writer", "calc_grid", "calc_sides", "calc_zebra", "chromium",
                                     "reportlab_turned"],
    "sjovik_2024_internkontrollplan": ["writer", "calc_grid", "calc_sides", "calc_zebra", "chromium"],
}
PER_FILE = ("source_file", "page")
#: cells riskreg does not read exactly yet, with the defect; their PDFs are in samples/pending/
DEFECTS = {
}
CELLS = [pytest.param(sample, producer, marks=pytest.mark.xfail(strict=True, reason=DEFECTS[sample, producer]))
         if (sample, producer) in DEFECTS else (sample, producer)
         for sample, producers in MATRIX.items() for producer in producers]


def path_of(sample: str, producer: str):
    folder = SAMPLES / "pending" if (sample, producer) in DEFECTS else SAMPLES
    return folder / f"{sample}_{producer}.pdf"


@lru_cache(maxsize=None)
def register_of(sample: str, producer: str, reader: str, engine: str):
    settings = Settings(extract=ExtractSettings(reader=reader, engine=engine))
    return riskreg.extract_register(path_of(sample, producer), settings=settings)


def _without_file(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in PER_FILE} for r in rows]


def test_every_rendering_is_committed():
    for sample, producers in MATRIX.items():
        for producer in producers:
            assert path_of(sample, producer).exists(), f"{sample}_{producer}.pdf"


@pytest.mark.parametrize("engine", ["pdfplumber", "camelot"])
@pytest.mark.parametrize("reader", ["pdfium", "pdfminer"])
@pytest.mark.parametrize("sample,producer", CELLS)
def test_rendering_gives_the_samples_register(sample, producer, reader, engine):
    register = register_of(sample, producer, reader, engine)
    for table in ("risks", "controls"):
        got = _without_file(as_csv_rows(getattr(register, table)))
        want = _without_file(read_expected(f"{sample}.{table}.csv"))
        assert differences(got, want, "risk_nr") == [], table
    assert register.files["coverage"].tolist() == [1.0], register.files.to_dict("records")


# --- the fixes the matrix needed, each on its own ------------------------------------------

def test_pdfium_sizes_are_as_printed_under_a_scaled_page():
    """Chromium draws in CSS pixels (a CTM of 0.75): pdfium's font size alone read its 6 pt
    type as 8 pt, and the spaces between its words (narrower than 0.2 of 8 pt) were lost."""
    import pdfplumber
    from riskreg.extract.pdfium_reader import read_pages

    path = SAMPLES / "sjovik_2024_internkontrollplan_chromium.pdf"
    page, _ = next(read_pages(path))
    with pdfplumber.open(path) as pdf:
        want = sorted(c["size"] for c in pdf.pages[0].chars if c["text"].strip())
    got = sorted(c["size"] for c in page.chars if c["text"].strip())
    assert abs(got[len(got) // 2] - want[len(want) // 2]) < 0.05


def test_ligatures_read_as_their_letters():
    from riskreg.extract.dedupe import expand_ligatures

    chars = [{"text": t, "x0": float(i)} for i, t in enumerate("\ufb01nns \ufb02ytt")]
    assert "".join(c["text"] for c in expand_ligatures(chars)) == "finns flytt"
    plain = [{"text": "a"}]
    assert expand_ligatures(plain) is plain


def _edge(orientation, x0, top, x1, bottom):
    return {"orientation": orientation, "x0": x0, "x1": x1, "top": top, "bottom": bottom}


def test_side_rule_closes_a_last_column_drawn_without_one():
    """Calc cells with borders left and below only: the last column has no rule on its right;
    the rows' rules ending together there stand for it."""
    from riskreg.extract.cells import side_rules

    rows = [_edge("h", 0, y, 100, y) for y in (0, 10, 20, 30)]
    columns = [_edge("v", x, 0, x, 30) for x in (0, 50)]
    added = side_rules(rows + columns)
    assert [(e["orientation"], e["x0"], e["top"], e["bottom"]) for e in added] == [("v", 100, 0, 30)]
    # a table ruled on every side gets nothing; rules with no column rule (lines under text) neither
    assert side_rules(rows + columns + [_edge("v", 100, 0, 100, 30)]) == []
    assert side_rules(rows) == []


def test_camelot_cells_end_on_the_drawn_rules():
    """camelot finds rules in a picture of the page, a few tenths of a point off: its cell boxes
    are moved onto the drawn rules, so both engines judge a line end near the cell's edge alike
    (sjovik via Chromium: "Socialnämndens" / "arbetsutskott" was uncertain under one engine only)."""
    from riskreg.extract.lattice import _onto_rules

    assert _onto_rules((40.3, 100.2, 555.6, 120.0), [40.125, 108.4, 555.375], [100.0, 120.4], 1.5) == \
        (40.125, 100.0, 555.375, 120.4)
    assert _onto_rules((300.0, 10.0, 320.0, 20.0), [40.0], [100.0], 1.5) == (300.0, 10.0, 320.0, 20.0)


def test_title_rows_and_closing_line_in_a_gridline_table():
    """Calc's printed gridlines run round the title rows above the header and the closing line
    under the rows: the header is found under the titles, the titles name the nämnd, and the
    closing line (one cell over all columns) is no register row."""
    from riskreg.extract import read_document
    from riskreg.normalize import NormalizeSettings
    from riskreg.normalize.document import titles_in_tables
    from riskreg.normalize.stitch import header_rows

    doc = read_document(SAMPLES / "sjovik_2024_internkontrollplan_calc_grid.pdf", ExtractSettings())
    settings = NormalizeSettings()
    skip, _ = header_rows(doc.tables[0], settings)
    assert skip > 3
    assert "Socialnämnden, Sjöviks kommun" in titles_in_tables(doc, settings)
    register = register_of("sjovik_2024_internkontrollplan", "calc_grid", "pdfium", "pdfplumber")
    assert len(register.risks) == 14 and register.problems.empty


def _word(text: str, x: float, top: float = 5.0, width: float = 2.0) -> list[dict]:
    """A word as one text run: each letter starting where the one before ended."""
    return [{"text": ch, "x0": x + width * i, "x1": x + width * (i + 1), "top": top, "bottom": top + 6.0,
             "size": 6.0} for i, ch in enumerate(text)]


def test_a_word_run_past_its_rule_stays_in_its_cell():
    """Chromium prints a word too long for its column past the rule, over the next cell's text
    ("internkontroll|plan" over "genomför"): the letters past the rule are of the run that began
    in the left cell; the next cell's text, a run of its own, stays there."""
    from riskreg.extract.char_boxes import boxes, run_starts
    from riskreg.extract.lattice import cells_to_table

    rects = [(0.0, 0.0, 30.0, 20.0), (30.0, 0.0, 80.0, 20.0)]
    chars = _word("internkontrollplan", 2.0) + _word("genomför", 33.0)  # "plan" ends at 38
    table = cells_to_table(1, (0.0, 0.0, 80.0, 20.0), rects, chars, ExtractSettings())
    assert [c.text for c in table.cells] == ["internkontrollplan", "genomför"]
    # a space, a new line or a jump ends a run (pdfium gives no space: a gap ends it there)
    line = _word("ab cd", 2.0) + _word("ef", 14.0) + _word("gh", 16.0, top=12.0)
    assert run_starts(line, boxes(line), 0.1).tolist() == [0, 0, 2, 3, 3, 5, 5, 7, 7]
