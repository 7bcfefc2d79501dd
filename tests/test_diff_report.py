"""diff.html as a browser shows it: counts, every section, old -> new, escaped PDF text."""
from __future__ import annotations

import re

import pytest

import riskreg
from riskreg.diff import DiffSettings
from riskreg.match.pairing import PairSettings
from riskreg.pipeline import Register
from riskreg.schema import Control, Problem, Risk, empty_frame, to_frame

from dom import open_page

HOSTILE = '<script>document.title="owned"</script><img src=x onerror=alert(1)> & "quoted"'


def risk(nr, event, p=3, k=3, ikp=False, method="Entreprenör utför parkskötsel."):
    return Risk(source_file="vor.pdf", page=1, organisation="Farsta stadsdelsnämnd", year=2020,
                goal_id="1.2", goal="Stockholm är en trygg stad", process="Drift och underhåll av parker",
                working_method=method, risk_nr=nr, event=event, probability=p, consequence=k,
                risk_value=p * k, in_ikp=ikp)


def register(*risks):
    return Register(risks=to_frame(list(risks), Risk), controls=empty_frame(Control),
                    problems=empty_frame(Problem))


OLD = register(
    risk(1, "Att beställd åtgärd inte genomförs."),
    risk(2, "Undermålig parkskötsel och renhållning", p=3, k=1),
    risk(3, "Klagomål från enskild rörande bemötande", ikp=True),
    risk(4, "Brister i informationsöverföringen", method="Samverkan med vården"),
    risk(5, "Skadegörelse i lekparker på kvällstid"),
    risk(6, HOSTILE + " gammal"),
)
NEW = register(
    risk(1, "Att den beställda åtgärden inte genomförs i tid."),          # reworded
    risk(2, "Undermålig parkskötsel och renhållning", p=4, k=2),        # rescored up
    risk(3, "Klagomål från enskild rörande bemötande", ikp=False),      # out of the plan
    risk(4, "Brister i informationsöverföringen", method="Entreprenör utför parkskötsel."),  # moved
    risk(5, "Brand i förskolans lokaler", p=1, k=5, ikp=True),          # new (5 old removed)
    risk(6, HOSTILE + " gammal"),                                       # unchanged
)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("diff")
    result = riskreg.diff_registers(OLD, NEW)
    riskreg.write_diff(result, out, lang="en")  # the English wording; Swedish, the default, below
    return result, out


def test_report_is_swedish_by_default(report, tmp_path):
    result, _ = report
    riskreg.write_diff(result, tmp_path)
    page = (tmp_path / "diff.html").read_text(encoding="utf-8")
    labels = re.findall(r'<tr><td><a href="#\w+">([^<]+)</a></td>', page)
    assert labels == ["Nya risker", "Borttagna risker", "Ny bedömning", "Omformulerade", "Flyttade",
                      "In i internkontrollplanen", "Ut ur internkontrollplanen"]
    assert "<tr><td>Oförändrade</td>" in page and '<html lang="sv">' in page
    assert "<th>Nr</th><th>Mål</th><th>Process</th><th>Händelse</th><th>S</th><th>K</th>" in page


def test_diff_rows(report):
    result, _ = report
    got = {(r.old_risk_nr if r.old_risk_nr is not None else None, r.change)
           for r in result.changes.astype(object).where(result.changes.notna(), None).itertuples()}
    assert got == {(1, "reworded"), (2, "rescored"), (3, "ikp_out"), (4, "moved"), (None, "new"),
                   (5, "removed"), (6, "unchanged")}


def test_report_in_browser_shows_each_kind_of_change(report, tmp_path):
    _, out = report
    with open_page(out / "diff.html", screenshot=tmp_path / "diff.png") as page:
        counts = {}
        for row in page.locator("#counts tbody tr").all():
            cells = row.locator("td").all_inner_texts()
            counts[cells[0]] = int(cells[1])
        assert counts == {"Unchanged": 1, "New risks": 1, "Removed risks": 1, "Rescored": 1, "Reworded": 1,
                          "Moved": 1, "Into the control plan": 0, "Out of the control plan": 1}
        rescored = page.locator("#rescored tbody tr")
        assert rescored.count() == 1
        assert rescored.locator("td").all_inner_texts()[2:] == ["3 → 4 ▲", "1 → 2 ▲", "3 → 8 ▲"]
        # reworded: the removed and added words are marked, in the browser's own elements
        assert page.locator("#reworded del").all_inner_texts() == ["beställd åtgärd"]
        assert page.locator("#reworded ins").all_inner_texts() == ["den beställda åtgärden", "i tid."]
        assert "Brand i förskolans lokaler" in page.locator("#new").inner_text()
        assert "Skadegörelse i lekparker på kvällstid" in page.locator("#removed").inner_text()
        assert "Entreprenör utför parkskötsel." in page.locator("#moved ins").inner_text()
        assert "Klagomål från enskild" in page.locator("#ikp_out").inner_text()
        assert page.locator("#ikp_in").inner_text().endswith("None.")
        # PDF text is shown as text: no script ran, no image was made from it
        assert page.title().startswith("riskreg diff")
        assert page.locator("img").count() == 0 and page.locator("body script").count() == 0
        page.locator("#unchanged summary").click()
        assert HOSTILE in page.locator("#unchanged").inner_text()
    assert (tmp_path / "diff.png").stat().st_size > 10_000


def test_threshold_setting_turns_a_weak_pair_into_new_and_removed():
    # by_place off: at 99 only identical texts pair by text, and pairing by place would pair the rest
    strict = riskreg.diff_registers(OLD, NEW, settings=DiffSettings(pair=PairSettings(threshold=99, by_place=False)))
    kinds = strict.counts()
    assert kinds["reworded"] == 0 and kinds["new"] == 3 and kinds["removed"] == 3
