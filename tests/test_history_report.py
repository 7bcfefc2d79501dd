"""history.html as a browser shows it (values, levels, marks, earlier wordings, search) and as html.parser reads it."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

import riskreg
from riskreg.pipeline import Register
from riskreg.report.history_html import SCRIPT
from riskreg.schema import Control, Problem, Risk, empty_frame, to_frame

from dom import open_page
from test_history import PDFS

HOSTILE = '<script>document.title="owned"</script><img src=x onerror=alert(1)> & "quoted"'


def risk(year, nr, event, p=3, k=3, ikp=False, method="Entreprenör utför parkskötsel."):
    return Risk(source_file=f"vor_{year}.pdf", page=1, organisation="Farsta stadsdelsnämnd", year=year,
                goal_id="1.2", goal="Stockholm är en trygg stad", process="Drift och underhåll av parker",
                working_method=method, risk_nr=nr, event=event, probability=p, consequence=k,
                risk_value=p * k, in_ikp=ikp)


def register(*risks):
    return Register(risks=to_frame(list(risks), Risk), controls=empty_frame(Control), problems=empty_frame(Problem))


YEARS = [
    register(risk(2020, 1, "Att beställd åtgärd inte genomförs."),
             risk(2020, 2, "Undermålig parkskötsel och renhållning", p=1, k=2),
             risk(2020, 3, "Skadegörelse i lekparker på kvällstid"),
             risk(2020, 4, HOSTILE + " gammal formulering av risken")),
    register(risk(2021, 1, "Att den beställda åtgärden inte genomförs i tid."),  # reworded
             risk(2021, 2, "Undermålig parkskötsel och renhållning", p=2, k=3),  # rescored
             risk(2021, 3, HOSTILE + " gammal formulering av risken"),
             risk(2021, 4, "Brand i förskolans lokaler", p=1, k=5, ikp=True)),  # new; nr 3 of 2020 left
    register(risk(2022, 1, "Att den beställda åtgärden inte genomförs i tid."),
             risk(2022, 2, "Undermålig parkskötsel och renhållning", p=4, k=4),
             risk(2022, 3, "Skadegörelse i lekparker på kvällstid"),  # returned
             risk(2022, 4, HOSTILE + " gammal formulering av risken")),  # the fire risk left
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("history")
    result = riskreg.follow_risks(YEARS)
    riskreg.write_history(result, out, lang="en")
    return result, out


def test_rows_of_the_small_history(report):
    result, _ = report
    got = [(r.year, r.risk_key, r.change) for r in result.rows.itertuples()]
    assert got == [(2020, "farsta-2020-01", "new"), (2020, "farsta-2020-02", "new"), (2020, "farsta-2020-03", "new"),
                   (2020, "farsta-2020-04", "new"),
                   (2021, "farsta-2020-01", "reworded"), (2021, "farsta-2020-02", "rescored"),
                   (2021, "farsta-2020-04", "unchanged"), (2021, "farsta-2021-04", "new"),
                   (2022, "farsta-2020-01", "unchanged"), (2022, "farsta-2020-02", "rescored"),
                   (2022, "farsta-2020-03", "returned"), (2022, "farsta-2020-04", "unchanged"),
                   (2020, "farsta-2020-03", "removed"), (2021, "farsta-2021-04", "removed")]


def cells(page, key: str) -> list[tuple[str, str]]:
    row = page.locator(f'tr:has(td.key:text-is("{key}"))')
    return [(c.inner_text().strip(), c.get_attribute("class")) for c in row.locator("td.year").all()]


def test_report_in_browser(report, tmp_path):
    _, out = report
    with open_page(out / "history.html", screenshot=tmp_path / "history.png") as page:
        assert page.locator("table.history thead th.year").all_inner_texts() == ["2020", "2021", "2022"]
        # the latest register's order, then the risks that left
        assert page.locator("tbody td.key").all_inner_texts() == [
            "farsta-2020-01", "farsta-2020-02", "farsta-2020-03", "farsta-2020-04", "farsta-2021-04"]
        # values coloured by level; entering, leaving and returning marked
        assert cells(page, "farsta-2020-02") == [("2", "year low"), ("6", "year medium"), ("16", "year critical")]
        assert cells(page, "farsta-2020-03") == [("9", "year medium"), ("✕", "year leave"),
                                                 ("↺9", "year medium return")]
        assert cells(page, "farsta-2021-04") == [("", "year absent"), ("+5 ★", "year medium enter"),
                                                 ("✕", "year leave")]
        rescored = page.locator('tr:has(td.key:text-is("farsta-2020-02")) td.year').nth(2)
        assert rescored.get_attribute("title") == "rescored; 4 × 4 = 16"
        # the latest wording shown, the earlier one on hover
        event = page.locator('tr:has(td.key:text-is("farsta-2020-01")) td.event')
        assert event.inner_text() == "Att den beställda åtgärden inte genomförs i tid."
        assert event.get_attribute("title") == "Earlier: 2020: Att beställd åtgärd inte genomförs."
        # the search box filters rows, earlier wordings included
        page.locator("#search").fill("beställd åtgärd inte")
        assert page.locator("tbody tr:visible").count() == 1
        assert page.locator("#shown").inner_text() == "1"
        page.locator("#search").fill("BRAND")
        assert page.locator("tbody tr:visible td.key").all_inner_texts() == ["farsta-2021-04"]
        page.locator("#search").fill("")
        assert page.locator("tbody tr:visible").count() == 5
        # PDF text is text: no script of its own ran, no image was made from it
        assert page.title() == "riskreg history"
        assert page.locator("img").count() == 0 and page.locator("script").count() == 1
        assert HOSTILE in page.locator('tr:has(td.key:text-is("farsta-2020-04")) td.event').inner_text()
    assert (tmp_path / "history.png").stat().st_size > 10_000


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self.texts, self.attrs, self._in_script = [], [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [v for k, v in attrs if v]
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.texts).append(data)


def test_document_text_is_escaped_for_html_parser(report):
    _, out = report
    parsed = Tags()
    parsed.feed((out / "history.html").read_text(encoding="utf-8"))
    assert parsed.tags.count("script") == 1 and parsed.scripts == [SCRIPT]
    assert "img" not in parsed.tags
    # the hostile text comes back whole as text, in the event cell and in the search attribute
    assert any(HOSTILE in t for t in parsed.texts)
    assert any(HOSTILE.lower() in a for a in parsed.attrs)


def test_the_sample_chain_in_browser(tmp_path):
    result = riskreg.follow_risks(PDFS)
    riskreg.write_history(result, tmp_path, lang="en")
    with open_page(tmp_path / "history.html") as page:
        assert page.locator("h2").all_inner_texts() == ["Hägersten-Älvsjö stadsdelsnämnd"]
        assert page.locator("tbody tr").count() == 101
        assert [c[0] for c in cells(page, "hagersten-alvsjo-2020-35")] == ["6", "6", "✕", "↺9"]
        event = page.locator('tr:has(td.key:text-is("hagersten-alvsjo-2020-49")) td.event')
        assert event.inner_text() == "Brott mot sekretessen"
        assert event.get_attribute("title") == "Earlier: 2020: Sekretessbrott"
        page.locator("#search").fill("sekretess")
        assert page.locator("tbody tr:visible td.key").all_inner_texts() == ["hagersten-alvsjo-2020-49"]
