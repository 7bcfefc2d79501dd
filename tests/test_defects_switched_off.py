"""Each defect class issue 26 fixed, switched off again on a real sample: the register is then
not silently wrong (issue 26's last "done when"). With the fix on the sample reads exact and quiet
(its register is test_golden's); with it off (monkeypatched), coverage falls below 1 (the word
audit's words_accounted < register_words) or a problem row names the page read wrong.

The classes, and the test that switches each off:

1. fills are ruling where they are all there is (extract/readers/fills.py):
   ``test_without_the_fill_reader_the_zebra_registers_are_lost_loudly`` (here).
2. only printed text is text (extract/visibility.py, printed.py):
   ``test_hidden_text_read_breaks_the_merged_cells_loudly`` (here). It was silent: Calc's clipped
   copies of a merged range, read, are free lines above the next page's table, the one starting
   with a goal number a goal line between the table and its continuation; the continuation
   became a register table of its own, its first rows under a merged cell printed on the page
   before, their goal and process empty, with coverage 1.0 and no problem. Closed by
   normalize/validate.py ``check_merged_start`` (a table_not_read_whole warning naming the page).
3. spreadsheet tables (farsta_2023_calc_*): the goal lines Calc prints in the grid of a control
   plan, tests/test_headings.py ``test_without_the_parting_the_calc_control_plan_is_read_wrong``;
   merged ranges over page breaks under print titles, the class 2 test here (the copies Calc
   draws of them are what breaks the carry-down).
4. rows broken across pages: Chromium's rest under no rule, tests/test_row_breaks.py
   ``test_the_chromium_rest_under_no_rule_is_lost_without_either_fix`` (loud either way:
   control_not_linked, or text_not_in_register with coverage < 1); a cut row's rest under no
   rule (farsta_2021_continued), tests/test_audit.py
   ``test_a_cut_row_the_table_finder_misses_is_caught_on_a_real_sample``; a row's tail joined
   over the page break and dropped (hagersten_liljeholmen_2020),
   ``test_a_dropped_page_break_tail_is_caught_on_a_real_sample``. Writer's rest alone in a box
   one row high, dropped with the one-row tables: on the untagged sample the audit counts its
   line of two runs in the cut table's columns (normalize/audit.py ``_row_rest``),
   ``test_writer_s_rest_alone_in_a_box_dropped_is_not_silent`` (here); on the tagged one the
   structure tree names the page (class 7).
5. rotated text read in its own direction (extract/turn.py, text.py ``turn_of``):
   ``test_turned_text_read_upright_is_loud`` (here).
6. repeated headers: tests/test_audit.py
   ``test_a_repeated_header_read_as_data_is_caught_on_a_real_sample``; words split without a
   hyphen (text.py ``broken_at_edge`` / ``join_broken_word``):
   ``test_words_broken_at_the_cell_edge_left_apart_are_named`` (here). It was silent (coverage
   1.0: the audit counts the pieces as the register's words); closed by normalize/pieces.py
   ``words_in_pieces`` (a text_not_in_register warning naming the page and quoting the pieces).
7. tagged PDFs, the structure tree compared with the geometric reading (extract/structure.py,
   agreement.py): ``test_the_structure_tree_names_the_page_a_lost_row_rest_is_on`` (here).
"""
from __future__ import annotations

import pytest

from golden import SAMPLES
from riskreg.extract import lattice, printed
from riskreg.extract import text as extract_text
from riskreg.extract.readers import fills
from riskreg.pipeline import extract_file


def _exact_and_quiet(result) -> None:
    assert result.problems == [] and result.words_accounted == result.register_words


def _pages(result, code: str) -> set:
    return {p.page for p in result.problems if p.code == code}


@pytest.mark.parametrize("name", ["farsta_2023_calc_zebra", "sjovik_2024_internkontrollplan_calc_zebra"])
def test_without_the_fill_reader_the_zebra_registers_are_lost_loudly(name, monkeypatch):
    """Calc's zebra print: no line drawn, the rows are fills. Without the fill reader the
    registers' words are in no table the audit can account for: coverage falls, page 1 is named."""
    path = SAMPLES / f"{name}.pdf"
    _exact_and_quiet(extract_file(path))
    monkeypatch.setattr(fills.FillReader, "read_document", lambda self, pages: [])
    off = extract_file(path)
    assert off.words_accounted < off.register_words
    assert 1 in _pages(off, "text_not_in_register")


@pytest.mark.parametrize("name", ["farsta_2023_calc_grid", "farsta_2023_calc_sides", "farsta_2023_calc_zebra"])
def test_hidden_text_read_breaks_the_merged_cells_loudly(name, monkeypatch):
    """With every character taken as printed, Calc's clipped copies of the goal and process
    ranges running over page breaks are read as lines above the tables of pages 2, 4, 5, 6, 7; a
    copy starting with a goal number parts the table from its page before, and the rows under the
    range lose their goal. Each such page is named (table_not_read_whole), the goal-less rows'
    pages and no other."""
    path = SAMPLES / f"{name}.pdf"
    on = extract_file(path)
    _exact_and_quiet(on)
    assert on.hidden_chars == 601 and all(r.goal_id for r in on.risks)
    monkeypatch.setattr(printed, "apply_verdict", lambda chars, verdict, origin: (chars, 0))
    off = extract_file(path)
    assert off.hidden_chars == 0
    goalless = {r.page for r in off.risks if not r.goal_id}
    assert goalless == {2, 4, 5, 6, 7}
    assert _pages(off, "table_not_read_whole") == goalless


@pytest.mark.parametrize("name", ["sjovik_2024_turned_up", "kungsholmen_2017_uppfoljning_reportlab_turned"])
def test_turned_text_read_upright_is_loud(name, monkeypatch):
    """Every character read as upright: the header printed on end is a letter per line, and the
    register's header is not found (no VoR), or its columns not known (page 1 named).
    (sjovik_2024_turned_down reads the same register either way: its turned header cells are
    not among those the header matcher needs.)"""
    path = SAMPLES / f"{name}.pdf"
    _exact_and_quiet(extract_file(path))
    monkeypatch.setattr(extract_text, "turn_of", lambda ch: 0)
    off = extract_file(path)
    codes = {p.code for p in off.problems if p.page == 1}
    assert codes & {"vor_not_found", "unknown_columns", "table_not_read_whole"}


def _without_one_row_tables(monkeypatch):
    """riskreg before issue 26: a table of one row is dropped wherever it stands."""
    monkeypatch.setattr(lattice, "big_enough", lambda tables, settings: sorted(
        (t for t in tables if t.n_rows >= settings.min_rows), key=lambda t: t.bbox[1]))


def test_the_structure_tree_names_the_page_a_lost_row_rest_is_on(monkeypatch):
    """Writer's rest of risks 90-91 alone in a box at the top of page 9, dropped with the one-row
    tables: the tagged print's structure tree holds the rest on page 9, the reading does not."""
    path = SAMPLES / "farsta_2023_rows_broken_tagged.pdf"
    on = extract_file(path)
    _exact_and_quiet(on)
    assert on.structure_agrees is True
    _without_one_row_tables(monkeypatch)
    off = extract_file(path)
    assert off.structure_agrees is False and _pages(off, "structure_disagrees") == {9}


def test_writer_s_rest_alone_in_a_box_dropped_is_not_silent(monkeypatch):
    """The untagged print of the same register: with the rest of risks 90-91 dropped, risk 90's
    process and 91's event are cut. The rest's first line ('sociala' ... 'tid') stands in two of
    page 8's columns above page 9's tables: the audit counts its words, and names page 9."""
    path = SAMPLES / "farsta_2023_rows_broken.pdf"
    _exact_and_quiet(extract_file(path))
    _without_one_row_tables(monkeypatch)
    off = extract_file(path)
    assert off.words_accounted == off.register_words - 2
    assert _pages(off, "text_not_in_register") == {9}


@pytest.mark.parametrize("name, pages, piece", [
    ("kungsholmen_2017_uppfoljning_writer", {2, 3, 4}, "'riskanaly sen'"),
    ("kungsholmen_2017_narrow", {2, 3, 4, 5, 6}, "'risk analyse n'")])
def test_words_broken_at_the_cell_edge_left_apart_are_named(name, pages, piece, monkeypatch):
    """Writer breaks a word longer than its cell's line without a hyphen ("riskanaly" / "sen");
    with the join off, the handling reads "riskanaly sen" on every page of the table, each page
    named (normalize/pieces.py: the document prints "riskanalysen" whole)."""
    path = SAMPLES / f"{name}.pdf"
    _exact_and_quiet(extract_file(path))
    monkeypatch.setattr(extract_text, "broken_at_edge", lambda *a, **kw: False)
    off = extract_file(path, lang="en")
    found = [p for p in off.problems if p.code == "text_not_in_register"]
    assert {p.page for p in found} == pages
    assert any(piece in p.message and "in two pieces" in p.message for p in found)
