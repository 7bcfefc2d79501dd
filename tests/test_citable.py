"""Citable rows (issue 28, item 5): the diarienummer, title and date as the PDF prints them, and
each row's box on its page.

The expected dnr, titles and dates are read by hand from the samples' first pages
(pdftotext -layout); the boxes are checked against the PDF's own words (pdfplumber), not
against riskreg's output.
"""
from __future__ import annotations

import re

import pdfplumber
import pytest

from golden import SAMPLES
from riskreg.normalize import find_date, find_dnr, find_title
from test_golden import register_of

# read by hand from each PDF's first page
PRINTED = {
    "hagersten_liljeholmen_2020": ("HLJ 2019/1187", "Väsentlighets- och riskanalys samt internkontrollplan", None),
    "tallby_2025_kontrollplan": ("KS 2024/318", "Internkontrollplan 2025", "2024-12-10"),
    "sjovik_2024_internkontrollplan": ("SN 2023/412", "Internkontrollplan 2024", "2023-12-14"),
    "farsta_2023_records_lines": ("FAR 2022/1187", "Farsta stadsdelsnämnd. Väsentlighets- och riskanalys 2023 "
                                  "med internkontrollplan, utskrift ur verksamhetssystemet", None),
}


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_dnr_title_and_date_as_printed(name):
    dnr, title, date = PRINTED[name]
    register = register_of(name)
    for table in (register.risks, register.controls):
        if len(table):
            assert set(table["dnr"]) == {dnr}
            assert set(table["document_title"]) == {title}
            assert table["document_date"].tolist() == [date] * len(table) or (
                date is None and table["document_date"].isna().all())


def test_dnr_forms():
    assert find_dnr(["Dnr HL 2019/12.1.1/3187", "Sida 2", "Dnr HL 2019/12.1.1/3187"]) == "HL 2019/12.1.1/3187"
    assert find_dnr(["Diarienummer: 1.2.3-456/2019"]) == "1.2.3-456/2019"
    assert find_dnr(["Dnr: KS 2024/318 Sida 1 (3)"]) == "KS 2024/318"
    assert find_dnr(["Riskerna redovisas per mål, 2023"]) is None


def test_title_and_date_forms():
    assert find_title(["Väsentlighets- och riskanalys samt", "internkontrollplan", "Sammanfattning"]) == \
        "Väsentlighets- och riskanalys samt internkontrollplan"
    # a sentence and a contents line are no title
    assert find_title(["Internkontrollplanen följs upp varje tertial.", "Riskanalys 4"]) is None
    assert find_date(["Datum 14 december 2023"]) == "2023-12-14"
    assert find_date(["Beslutad av nämnden 2024-12-10."]) == "2024-12-10"
    assert find_date(["Plan för 2023-2025"]) is None  # a span of years, no date
    assert find_date(["Rapport 2023-13-01"]) is None


def _words(path, page):
    with pdfplumber.open(path) as pdf:
        return pdf.pages[page - 1].extract_words()


def _inside(word, box, slack=1.0):
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] - slack <= x <= box[2] + slack and box[1] - slack <= y <= box[3] + slack


@pytest.mark.parametrize("name,table", [("hagersten_liljeholmen_2020", "risks"), ("hagersten_liljeholmen_2020", "controls"),
                                        ("enskede_2023_unruled", "risks"), ("sjovik_2024_internkontrollplan", "risks"),
                                        ("farsta_2021_continued", "risks"), ("farsta_2023_records_table", "risks")])
def test_each_rows_event_lies_in_its_box_and_boxes_do_not_overlap(name, table):
    """The first words of each row's event are printed inside its box on its page; the boxes of
    consecutive rows on a page do not overlap (a shared rule may be their common edge)."""
    rows = getattr(register_of(name), table)
    assert len(rows) and rows[["x0", "top", "x1", "bottom"]].notna().all().all()
    words_of = {}
    for _, row in rows.iterrows():
        page = int(row["page"])
        words = words_of.setdefault(page, _words(SAMPLES / f"{name}.pdf", page))
        box = (row["x0"], row["top"], row["x1"], row["bottom"])
        assert box[0] < box[2] and box[1] < box[3]
        inside = {w["text"].strip("■.,") for w in words if _inside(w, box)}
        first = [w for w in re.findall(r"[\wåäöÅÄÖ-]+", row["event"])][:3]
        assert set(first) <= inside, (row["risk_nr"], first, box)
    for page, on_page in rows.groupby("page"):
        tops = on_page.sort_values("top")
        for (_, a), (_, b) in zip(tops.iterrows(), tops.iloc[1:].iterrows()):
            assert a["bottom"] <= b["top"] + 0.5, (page, a["risk_nr"], b["risk_nr"])


def _links(html: str) -> set[tuple[str, int]]:
    return {(m.group(1), int(m.group(2))) for m in re.finditer(r'<a href="([^"#]+)#page=(\d+)"', html)}


def test_history_cells_link_to_the_page_each_year_prints_the_risk(tmp_path):
    """Registers given as such carry no path: each link is the PDF's name beside the report."""
    import riskreg
    history = riskreg.follow_risks([register_of("hagersten_liljeholmen_2020"), register_of("hagersten_liljeholmen_2021")])
    riskreg.write_history(history, tmp_path)
    kept = history.rows[history.rows["change"] != "removed"]
    assert kept["page"].notna().all()
    want = {(str(r["source_file"]), int(r["page"])) for _, r in kept.iterrows()}
    assert _links((tmp_path / "history.html").read_text(encoding="utf-8")) == want


def test_shared_risks_of_compare_link_to_their_pages(tmp_path):
    import riskreg
    comparison = riskreg.compare_registers([register_of("hagersten_liljeholmen_2020"), register_of("farsta_2023")])
    riskreg.write_compare(comparison, tmp_path)
    shared = comparison.shared
    assert len(shared) and shared["page"].notna().all()
    want = {(str(r["source_file"]), int(r["page"])) for _, r in shared.iterrows()}
    assert _links((tmp_path / "compare.html").read_text(encoding="utf-8")) == want
