"""The word audit (normalize/audit.py) fires on each defect class of issue 16.

Hand-made tables with the defect (a continuation the stitcher does not take, header
words in a data row, a word left over or used twice), and real samples with one
normalisation step switched off by monkeypatching.
"""
from __future__ import annotations

from golden import SAMPLES
from riskreg.extract import Document, Table
from riskreg.normalize import assemble_tables, build_controls, build_risks
from riskreg.normalize import stitch
from riskreg.normalize.audit import audit_words, header_words_in_rows, ignore_reason
from riskreg.normalize.settings import NormalizeSettings
from riskreg.pipeline import extract_file
from riskreg.i18n import use_language

from test_stitch import EDGES, IKP_HEADER, VOR_HEADER, table


def audit_of(*tables: Table, n_pages: int | None = None, mutate=None):
    """What extract_file does from the tables on: stitch, build the rows, audit (its messages in
    English)."""
    doc = Document("test.pdf", n_pages or max(t.page for t in tables), list(tables), [])
    logical = assemble_tables(doc)
    for t in logical:
        (build_risks(t, "test.pdf", []) if t.kind == "vor" else build_controls(t, "test.pdf"))
    if mutate:
        mutate(logical)
    with use_language("en"):
        return audit_words(doc, logical, "test.pdf")


def problems(audit) -> list[tuple[int, str]]:
    return [(p.page, p.message) for p in audit.problems if p.code == "text_not_in_register"]


ROW_1 = ["1.1. Mål", "Ekonomi", "Budget", "1", "Underskott i verk-", "2.", "3.", "6"]
ROW_2 = ["", "", "", "2", "Fel i attest", "3. Möjlig", "3. Kännbar", "9"]


def test_a_register_read_whole_accounts_for_every_word_a_page_break_join_included():
    p1 = table(1, [VOR_HEADER, ROW_1])
    p2 = table(2, [VOR_HEADER, ["", "", "", "", "samheten", "Mindre sannolikt", "Kännbar", ""], ROW_2])
    audit = audit_of(p1, p2)
    assert problems(audit) == []
    assert audit.register_words == audit.words_accounted == 2 * 10 + 11 + 4 + 9  # two headers, the rows' words
    assert audit.uncertain_cells == 0


def test_lost_continuation_text_is_reported_on_its_page():
    """A control plan that goes on without repeating its header, in columns that do not line up
    with the page before: the stitcher does not take it, the audit names its words."""
    p1 = table(1, [IKP_HEADER, ["Samverkan", "Möten", "Uppföljning", "Brister i samverkan och",
                                "Stickprov"]])
    shifted = [x + 15 for x in EDGES]
    p2 = table(2, [["", "", "", "kommunikation mellan enheter", "två gånger per år"]], edges=shifted)
    audit = audit_of(p1, p2)
    (page, message), = problems(audit)
    assert page == 2
    assert "'kommunikation mellan enheter två gånger per år'" in message
    assert audit.register_words - audit.words_accounted == 7


def test_a_table_after_a_register_page_needs_a_reason_to_be_ignored():
    p1 = table(1, [VOR_HEADER, ROW_2])
    legend = table(1, [["Nivå", "Sannolikhet", "Konsekvens"], ["5", "Mycket sannolikt", "Mycket allvarlig"],
                       ["1", "Osannolikt", "Försumbar"]], top=400)
    summary = table(2, [["Kritisk", "7", "Medium", "81", "Låg", "3", "Totalt:", "91"]], top=50)
    contents = table(2, [["Inledning", "1"], ["Väsentlighets- och riskanalys", "2"]], top=200)
    other = table(2, [["Åtgärder", "Förvaltningen ser över rutinen för attest"]], top=400)
    settings = NormalizeSettings()
    assert ignore_reason(legend, settings) and ignore_reason(summary, settings)
    assert ignore_reason(contents, settings) == "a table of contents"
    assert ignore_reason(other, settings) is None
    audit = audit_of(p1, legend, summary, contents, other)
    (page, message), = problems(audit)
    assert page == 2 and "'Åtgärder Förvaltningen ser över rutinen för attest'" in message
    assert audit.register_words - audit.words_accounted == 7
    # the page after the one after a register page is not audited
    far = table(3, [["Åtgärder", "Förvaltningen ser över rutinen för attest"]])
    assert problems(audit_of(p1, far)) == []


def test_header_words_merged_into_a_data_row_are_reported():
    """Seed 004's follow-up: the repeated header, its words broken by narrow columns, was not
    recognised and its words went into the row under it."""
    p1 = table(1, [VOR_HEADER, ["1.1. Mål", "Ekonomi", "Budget", "1", "Underskott", "2.", "3.", "6"]])
    p2 = table(2, [VOR_HEADER, ROW_2])

    def merge_header(logical):  # what the unrecognised header did to the page's first row
        row = logical[0].rows[1]
        row.slots["goal"].text = "KF:s mål"
        row.slots["event"].text = "Oönskad hän delse " + row.slots["event"].text
    audit = audit_of(p1, p2, mutate=merge_header)
    found = problems(audit)
    assert [p for p, _ in found if "header" in _] == [2]
    assert any("'KF:s mål Oönskad hän delse'" in m for _, m in found)


def test_a_header_broken_over_two_rows_is_seen_in_pieces():
    (t,) = assemble_tables(Document("t.pdf", 1, [table(1, [VOR_HEADER, ROW_2])], []))
    t.rows[0].slots["goal"].text = "KF:s"  # too short a piece to count alone
    assert header_words_in_rows(t) == []
    t.rows[0].slots["goal"].text = "Budgetar KF:s må"
    t.rows[0].slots["event"].text = "händelse Fel i attest"
    assert header_words_in_rows(t) == [(1, ["KF:s", "må", "händelse"])]


def test_a_word_used_twice_or_left_over_is_reported():
    p1 = table(1, [VOR_HEADER, ROW_2])

    def twice(logical):
        logical[0].rows[0].slots["process"].text = "attest"

    def dropped(logical):
        logical[0].rows[0].slots["event"].text = "Fel i"
    used_twice = problems(audit_of(p1, mutate=twice))
    assert len(used_twice) == 1 and "used twice" in used_twice[0][1] and "'attest'" in used_twice[0][1]
    left_over = problems(audit_of(p1, mutate=dropped))
    assert left_over == [(1, left_over[0][1])] and "'attest'" in left_over[0][1]


def test_uncertain_cells_are_counted():
    p1 = table(1, [VOR_HEADER, ROW_2])
    p1.cells[-4].uncertain = True
    assert audit_of(p1).uncertain_cells == 1


# --- real samples with a normalisation step switched off ---------------------------------

def test_a_dropped_page_break_tail_is_caught_on_a_real_sample(monkeypatch):
    """The stitcher drops the tail of a row a page break cut (seed 000's rows split over pages)."""
    name = SAMPLES / "hagersten_liljeholmen_2020.pdf"
    assert not [p for p in extract_file(name).problems if p.code == "text_not_in_register"]
    joined = stitch.join_split_row
    monkeypatch.setattr(stitch, "join_split_row", lambda t, r, **kw: drop_tail_of(t, r, joined, **kw))
    result = extract_file(name, lang="en")
    found = [p for p in result.problems if p.code == "text_not_in_register"]
    assert found and result.words_accounted < result.register_words
    assert all("are in no cell of the register" in p.message for p in found)


def drop_tail_of(table, row, joined, **kw):
    """join_split_row, but the tail it joined loses its text: the last row keeps only its own."""
    before = {name: slot.text for name, slot in table.rows[-1].slots.items()} if table.rows else {}
    if not joined(table, row, **kw):
        return False
    for name, slot in table.rows[-1].slots.items():
        slot.text = before.get(name, "")
    return True


def test_a_repeated_header_read_as_data_is_caught_on_a_real_sample(monkeypatch):
    """The stitcher no longer drops the header repeated on the second page: its words go to a row."""
    name = SAMPLES / "skarholmen_2021.pdf"
    recognise = stitch.header_rows

    def header_rows(table, settings):
        skip, mapping = recognise(table, settings)
        return (0, mapping) if table.page == 3 else (skip, mapping)
    monkeypatch.setattr(stitch, "header_rows", header_rows)
    # and the fix that takes a header the matcher did not read out of the first row, off
    monkeypatch.setattr(stitch, "drop_repeated_header", lambda rows, header, settings: rows)
    monkeypatch.setattr(stitch, "is_header_again", lambda row, header, settings: False)
    result = extract_file(name, lang="en")
    found = [p for p in result.problems if p.code == "text_not_in_register"]
    assert found, "the audit did not see the header words in a data row"
    assert any("header" in p.message and "Oönskad händelse" in p.message for p in found)
    assert result.words_accounted < result.register_words


def _chars(text: str, x: float, top: float) -> list[dict]:
    return [{"text": ch, "x0": x + 5 * i, "x1": x + 5 * i + 4.5, "top": top, "bottom": top + 8, "size": 8.0}
            for i, ch in enumerate(text)]


def test_text_inside_a_ruled_table_but_in_no_cell_is_reported():
    """Two cells with a gap between them that the ruling does not close: what is printed in the
    gap is in the table's box, in no cell, and so in no row."""
    from riskreg.extract.lattice import cells_to_table
    from riskreg.extract.settings import ExtractSettings
    rects = [(0.0, 0.0, 100.0, 20.0), (0.0, 40.0, 100.0, 60.0), (100.0, 0.0, 200.0, 20.0),
             (100.0, 40.0, 200.0, 60.0)]
    chars = _chars("Risk", 5, 5) + _chars("gap", 5, 26) + _chars("Nr", 105, 45)
    t = cells_to_table(1, (0.0, 0.0, 200.0, 60.0), rects, chars, ExtractSettings())
    assert t.unplaced == ["gap"]
    p1 = table(1, [VOR_HEADER, ROW_2])
    p1.unplaced = ["Bilaga 2"]
    audit = audit_of(p1)
    assert problems(audit) == [(1, problems(audit)[0][1])] and "'Bilaga 2'" in problems(audit)[0][1]
    assert audit.register_words - audit.words_accounted == 2


GLUED = [f"{h} {v}".strip() for h, v in zip(VOR_HEADER, [
    "1.2. Mål", "Personal", "Rekrytering", "2", "Vakanser inom hemtjänsten", "3. Möjlig", "3. Kännbar", "9"])]
P1 = table(1, [VOR_HEADER, ["1.1. Mål", "Ekonomi", "Budget", "1", "Underskott", "2.", "3.", "6"]])


def test_a_header_printed_in_the_first_data_row_counts_as_dropped_only_when_taken_out(monkeypatch):
    """A continuation page whose header the matcher did not read as a row: it stands in the first
    row's cells ("KF:s mål 1.2. Mål"). Taken out by the stitcher, it is a dropped header; left in
    the row, the audit sees its words twice (as header and in the register) and in a data row."""
    p2 = table(2, [GLUED])

    def take_out(logical):  # (the row, lacking numbers at its start, was joined to the one above)
        row = logical[0].rows[-1]
        for name, head in zip(logical[0].columns, VOR_HEADER):
            row.slots[name].text = " ".join(row.slots[name].text.replace(head, " ", 1).split())
    fixed = audit_of(P1, p2)  # the stitcher takes it out (stitch.drop_repeated_header)
    assert problems(fixed) == [] and fixed.words_accounted == fixed.register_words
    monkeypatch.setattr(stitch, "drop_repeated_header", lambda rows, header, settings: rows)
    assert problems(audit_of(P1, p2, mutate=take_out)) == []  # taken out otherwise: the same
    left_in = problems(audit_of(P1, p2))
    assert any("used twice" in m and "'KF:s mål Process" in m for _, m in left_in)
    assert any("header words stand in a data row" in m for _, m in left_in)


def test_a_data_word_in_a_dropped_repeated_header_is_reported():
    """The matcher reads a header cell holding a word more than the first page's header (fuzzily,
    "Oönskad händelse Brand"): dropping the header row drops the word. A dropped header holds what
    the first page's header holds, no more."""
    p2 = table(2, [VOR_HEADER[:4] + ["Oönskad händelse Brand"] + VOR_HEADER[5:], ROW_2])
    (t,) = assemble_tables(Document("t.pdf", 2, [P1, p2], []))
    assert [skip for _, skip, _ in t.fragments] == [1, 1]
    audit = audit_of(P1, p2)
    assert problems(audit) == [(2, problems(audit)[0][1])] and "'Brand'" in problems(audit)[0][1]


def test_rows_printed_in_the_register_columns_outside_any_table_are_reported():
    """The table finder missed them (a cut row's rest with no rule above it, a continuation page
    without its header): lines outside tables whose text starts in three of the register's columns.
    A title whose words happen to stand apart is not such a row."""
    from riskreg.extract.model import TextRow
    p1 = table(1, [VOR_HEADER, ROW_2])
    doc = Document("test.pdf", 4, [p1], [], rows_outside=[
        TextRow(1, 10.0, [(30.0, 90.0, "Väsentlighets-"), (150.0, 170.0, "och"), (250.0, 300.0, "riskanalys")]),
        TextRow(2, 60.0, [(303.0, 320.0, "3"), (404.0, 480.0, "Brand i kök"), (603.0, 640.0, "4. Sannolikt")]),
        TextRow(3, 60.0, [(302.0, 320.0, "4"), (403.0, 480.0, "Vattenskada"), (702.0, 720.0, "8")]),
        TextRow(4, 60.0, [(12.0, 90.0, "Bilaga"), (250.0, 300.0, "Sida"), (550.0, 600.0, "4 (4)")])])
    logical = assemble_tables(doc)
    for t in logical:
        build_risks(t, "test.pdf", [])
    found = problems(audit_words(doc, logical, "test.pdf"))
    assert [page for page, _ in found] == [2, 3]  # page 3 follows a page with such rows; 4 is no row
    assert "'3 Brand i kök 4. Sannolikt'" in found[0][1] and "'4 Vattenskada 8'" in found[1][1]


def test_a_cut_row_the_table_finder_misses_is_caught_on_a_real_sample(monkeypatch):
    """farsta_2021_continued cuts rows at the page end and draws no rule above their rest: with
    the rule the finder adds switched off, the rests are outside every table, in its columns."""
    from riskreg.extract import cells
    name = SAMPLES / "farsta_2021_continued.pdf"
    assert not [p for p in extract_file(name).problems if p.code == "text_not_in_register"]
    monkeypatch.setattr(cells, "close_open_ends", lambda edges, *a, **kw: edges)
    result = extract_file(name, lang="en")
    found = [p for p in result.problems if p.code == "text_not_in_register"]
    assert found and result.words_accounted < result.register_words
    assert any("Bilarna används privat" in p.message for p in found)


def test_unruled_continuation_pages_missed_are_caught_on_a_real_sample(monkeypatch):
    """farsta_2021_continued_unruled goes on over pages without its header and without rules:
    with the reader's continuation switched off, every such page is named."""
    from riskreg.extract import unruled
    name = SAMPLES / "farsta_2021_continued_unruled.pdf"
    assert not [p for p in extract_file(name).problems if p.code == "text_not_in_register"]
    monkeypatch.setattr(unruled, "continue_without_header", lambda *a, **kw: None)
    result = extract_file(name, lang="en")
    pages = {p.page for p in result.problems if p.code == "text_not_in_register"}
    assert {2, 3, 4, 5} <= pages
    assert result.words_accounted < 0.5 * result.register_words
