"""Issue 25 item 6: a cover's title laid out in a table is not register text.

The fixture (samples/build_title_page.py) is samples/enskede_2023_ruled.pdf with two
cover pages put in, each a title ("I n t e r n k o n t r o l l p l a n  2 0 2 3",
letter-spaced) across a small ruled table of "Nämnd" | name, "Dokument" | ..., "Datum" |
date: page 1, and page 8, the page after the VoR's last page, which the word audit reads.
Before the fix page 8 gave text_not_in_register and coverage 98.9% on a whole register.
Its expected register is the sample's hand-checked one, moved by the pages put in.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

import riskreg
import riskreg.normalize.audit as audit
from golden import as_csv_rows, differences
from riskreg.normalize.layout import is_layout_table, is_letter_spaced
from riskreg.normalize.settings import NormalizeSettings
from riskreg.pipeline import extract_file

from test_audit import audit_of, problems
from test_stitch import EDGES, VOR_HEADER, table

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PDF = FIXTURES / "enskede_2023_titled.pdf"
SETTINGS = NormalizeSettings()


def expected(name: str) -> list[dict]:
    with (FIXTURES / f"enskede_2023_titled.{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def register():
    return riskreg.extract_register(PDF)


def test_the_titled_register_reads_exactly(register):
    assert differences(as_csv_rows(register.risks), expected("risks"), "risk_nr") == []
    assert differences(as_csv_rows(register.controls), expected("controls"), "risk_nr") == []


def test_cover_pages_give_no_warning_and_full_coverage(register):
    assert register.problems.empty, register.problems.to_dict("records")
    (coverage,) = register.files["coverage"]
    assert coverage == 1.0


def test_without_the_layout_check_the_cover_after_the_vor_is_a_false_alarm(monkeypatch):
    """The fixture reproduces the issue: the audit reads page 8, the control plan's cover."""
    monkeypatch.setattr(audit, "is_layout_table", lambda *args: False)
    result = extract_file(PDF)
    found = [p for p in result.problems if p.code == "text_not_in_register"]
    assert [p.page for p in found] == [8]
    assert "I n t e r n k o n t r o l l p l a n" in found[0].message
    assert result.words_accounted < result.register_words


ROW = ["1.1. Mål", "Ekonomi", "Budget", "1", "Fel i attest", "3. Möjlig", "3. Kännbar", "9"]
COVER = [["I n t e r n k o n t r o l l p l a n 2 0 2 3", ""], ["Nämnd", "Bergviks nämnd"],
         ["Datum", "2024-01-15"]]
SHIFTED = [x + 15 for x in EDGES]  # columns the stitcher does not line up with the page before


def _cover(page: int, top: float = 300.0):
    return table(page, COVER, top=top, edges=SHIFTED)


def test_a_cover_table_on_the_page_after_a_register_page_is_layout():
    p1 = table(1, [VOR_HEADER, ROW])
    cover = _cover(2)
    assert is_layout_table(cover, {1}, SETTINGS)
    result = audit_of(p1, cover)
    assert problems(result) == []
    assert result.register_words == result.words_accounted == 10 + 13  # the header's words and the row's


def test_a_layout_looking_table_on_a_register_page_is_still_audited():
    p1 = table(1, [VOR_HEADER, ROW])
    cover = _cover(1, top=400)
    assert not is_layout_table(cover, {1}, SETTINGS)
    (page, message), = problems(audit_of(p1, cover))
    assert page == 1 and "Bergviks nämnd" in message


@pytest.mark.parametrize("rest", [
    ["Fel i utbetalning", "3. Möjlig"],   # a score: register text
    ["Fel i utbetalning", "Kännbar"],     # a scale label
    ["Fel i utbetalning", "12"],          # a risk value
    ["F e l i u t b e t a l n i n g", "4. Sannolikt"],  # read letter by letter, and scored
])
def test_a_narrow_continuation_holding_scores_is_still_audited(rest):
    """Two columns of a lost continuation are few, but their scores say register."""
    p1 = table(1, [VOR_HEADER, ROW])
    lost = table(2, [rest], edges=SHIFTED[4:])
    assert not is_layout_table(lost, {1}, SETTINGS)
    (page, message), = problems(audit_of(p1, lost))
    assert page == 2 and rest[0] in message


def test_a_table_is_layout_only_when_narrow_and_letter_spaced():
    """Two columns of plain text may be a continuation's (test_audit's "Åtgärder" table); a
    letter-spaced title in a table as wide as a register's might be one read badly."""
    p1 = table(1, [VOR_HEADER, ROW])
    plain = table(2, [["Nämnd", "Bergviks nämnd"], ["Datum", "2024-01-15"]], edges=SHIFTED)
    assert not is_layout_table(plain, {1}, SETTINGS)
    assert problems(audit_of(p1, plain))
    wide = table(2, [["R i s k a n a l y s", "", "Bilaga 1", "2024"]], edges=SHIFTED)
    assert not is_layout_table(wide, {1}, SETTINGS)
    assert problems(audit_of(p1, wide))
    narrow = table(2, [["R i s k a n a l y s", "2024"]], edges=SHIFTED)
    assert is_layout_table(narrow, {1}, SETTINGS)
    assert problems(audit_of(p1, narrow)) == []


def test_letter_spaced_text():
    assert is_letter_spaced("V ä s e n t l i g h e t s - o c h")
    assert not is_letter_spaced("Fel i attest och i x led")  # single letters, never five in a row
    assert not is_letter_spaced("1 2 3 4 5")
