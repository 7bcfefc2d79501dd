"""Rows broken across pages by Writer and by Chromium (issue 26, item 5).

Word's default lets a table row break across pages; LibreOffice Writer prints such a docx
with the rest of the row at the top of the next page. samples/build.py makes three such
registers of farsta 2023 (VoR and control plan): the header printed once (farsta_2023_rows_broken,
and farsta_2023_rows_broken_plan in smaller type, where control plan rows break too) and the
header repeated on every page (farsta_2023_rows_broken_repeated). samples/build_chromium.py
prints the same register from HTML with Chromium (farsta_2023_chromium), whose rests stand under
no rule. Their expected registers come from the transcription
(samples/source/seed000_farsta2023_*.csv), never from riskreg.
"""
from __future__ import annotations

import pytest

import riskreg
from golden import SAMPLES, as_csv_rows, differences, read_expected
from riskreg.extract import lattice
from riskreg.pipeline import Settings, extract_file

BROKEN = ["farsta_2023_rows_broken", "farsta_2023_rows_broken_plan", "farsta_2023_rows_broken_repeated",
          "farsta_2023_chromium"]


@pytest.mark.parametrize("name", BROKEN)
def test_a_register_whose_rows_break_across_pages_is_read_whole(name):
    register = riskreg.extract_register(SAMPLES / f"{name}.pdf")
    for kind, frame in (("risks", register.risks), ("controls", register.controls)):
        assert differences(as_csv_rows(frame), read_expected(f"{name}.{kind}.csv"), "risk_nr") == []
    assert register.files["coverage"].iloc[0] == 1.0
    assert register.problems.empty


def _first_cells(name: str, page: int):
    """The topmost table of a page, and the texts of its first row's cells."""
    doc = riskreg.extract.read_document(SAMPLES / f"{name}.pdf")
    first = min((t for t in doc.tables if t.page == page), key=lambda t: t.bbox[1])
    return first, [c.text for c in first.cells if c.row == 0 and c.text]


def test_the_rows_really_break():
    """Read off the pages by hand (pdftotext -layout, and the pages as images): page 9 of
    farsta_2023_rows_broken starts with the rest of risks 90-91's merged process and of risk 91's
    event, alone in a box one row high; page 10 of the _plan variant with the rest of a control
    plan row, under no header; page 9 of farsta_2023_chromium with the rest of the control plan's
    last row, under no rule, over a rule of its own."""
    table, cells = _first_cells("farsta_2023_rows_broken", 9)
    assert table.n_rows == 1 and cells == ["sociala delegationen.", "tid"]
    _, cells = _first_cells("farsta_2023_rows_broken_plan", 10)
    assert cells[0] == "oegentligheter"
    table, cells = _first_cells("farsta_2023_chromium", 9)
    assert table.n_rows == 1 and table.open_top
    assert cells == ["för förvaring av nycklar, körjournaler och bränslekort.",
                     "resulterar i felaktig användning av skattemedel och minskad tillit till förvaltningen. 9"]


def _risk(result, nr: int):
    return next(r for r in result.risks if r.risk_nr == nr)


def _without_one_row_tables(monkeypatch):
    """riskreg before issue 26: a table of one row is dropped wherever it stands."""
    monkeypatch.setattr(lattice, "big_enough", lambda tables, settings: sorted(
        (t for t in tables if t.n_rows >= settings.min_rows), key=lambda t: t.bbox[1]))


def test_the_rest_alone_in_a_box_is_lost_without_the_one_row_table(monkeypatch):
    """With tables of one row dropped, the rest at the top of page 9 is text outside every
    table, and risks 90 and 91 lose the end of their process."""
    name = SAMPLES / "farsta_2023_rows_broken.pdf"
    whole = "Utskick av beslutsunderlag inför sammanträde i sociala delegationen."
    assert _risk(extract_file(name), 90).process == whole
    _without_one_row_tables(monkeypatch)
    cut = extract_file(name)
    assert _risk(cut, 90).process == _risk(cut, 91).process == "Utskick av beslutsunderlag inför sammanträde i"
    assert _risk(cut, 91).event == "Politikerna i sociala delegationen får inte protokollen i"


def _bilarna(result):
    return next(c for c in result.controls if c.event.startswith("Bilarna används privat"))


@pytest.mark.parametrize("switch_off", ["one_row_table", "open_end"])
def test_the_chromium_rest_under_no_rule_is_lost_without_either_fix(switch_off, monkeypatch):
    """Chromium's rest of the control plan's last row (page 9, under no rule): read only with the
    rule its open end lacks added (cells.close_open_ends, reportlab's fix) and its one-row table
    kept. Without either, the control's event is not read whole and the file has problems: the
    control cut after "vilket" links to no risk (the issue's finding); without the added rule,
    the word audit counts words lost too."""
    from riskreg.extract import cells
    name = SAMPLES / "farsta_2023_chromium.pdf"
    want = next(c for c in read_expected("farsta_2023_chromium.controls.csv")
                if c["event"].startswith("Bilarna används privat"))
    read = _bilarna(extract_file(name))
    assert (read.event, read.systematic_control) == (want["event"], want["systematic_control"])
    if switch_off == "one_row_table":
        _without_one_row_tables(monkeypatch)
    else:
        monkeypatch.setattr(cells, "close_open_ends", lambda edges, *a, **kw: edges)
    cut = extract_file(name)
    assert not any(c.event == want["event"] for c in cut.controls)
    codes = {p.code for p in cut.problems}
    if switch_off == "one_row_table":
        assert "control_not_linked" in codes
    else:
        assert "text_not_in_register" in codes and cut.words_accounted < cut.register_words


def test_a_goal_heading_left_at_the_foot_of_a_page_starts_the_next_table():
    """Writer leaves goal 1.5's heading at the foot of page 9, touching the rule under the table of
    goal 1.4 (its top 0.35 pt above the rule); goal 1.5's table stands at the top of page 10. The
    heading is read as below that table only with the rule's width allowed (heading_on_rule);
    else goal 1.5's table goes on from goal 1.4's."""
    name = SAMPLES / "farsta_2023_rows_broken.pdf"
    want = {c["risk_nr"]: c["goal_id"] for c in read_expected("farsta_2023_rows_broken.controls.csv")}
    assert want["33"] == "1.5"
    assert {str(c.risk_nr): c.goal_id for c in extract_file(name).controls} == want
    strict = Settings.resolve({"normalize": {"heading_on_rule": 0.0}})
    assert next(c.goal_id for c in extract_file(name, strict).controls if c.risk_nr == 33) == "1.4"
