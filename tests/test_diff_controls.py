"""diff compares the control plans (issue 28, item 5): new, removed, another activity, another
responsible; and every row of diff.html links to its PDF page."""
from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path

import riskreg
from riskreg.i18n import use_language
from riskreg.pipeline import Register
from riskreg.schema import Control, Problem, Risk, empty_frame, to_frame

from golden import SAMPLES


def risk(nr, event, page=2, scores=(3, 4)):
    return Risk(source_file="vor.pdf", page=page, organisation="Farsta stadsdelsnämnd", year=2020, goal_id="1.2",
                process="Drift och underhåll av parker", working_method="Entreprenör utför parkskötsel.",
                risk_nr=nr, event=event, probability=scores[0], consequence=scores[1],
                risk_value=scores[0] * scores[1], in_ikp=True)


def control(nr, event, activity, responsible, page=5):
    return Control(source_file="vor.pdf", page=page, organisation="Farsta stadsdelsnämnd", year=2020,
                   process="Drift och underhåll av parker", event=event, risk_nr=nr, control_activity=activity,
                   responsible=responsible, link_score=100)


EVENTS = {1: "Att beställd åtgärd inte genomförs", 2: "Undermålig parkskötsel", 3: "Skadegörelse i lekparker",
          4: "Brand i förskolans lokaler", 5: "Fakturor attesteras inte"}


def register(risks, controls):
    return Register(risks=to_frame(risks, Risk), controls=to_frame(controls, Control), problems=empty_frame(Problem))


# the old plan: risks 1-3 and 5; the new numbers them anew (old 1 is new 11, ...) and drops 3
OLD = register([risk(n, EVENTS[n]) for n in (1, 2, 3, 5)], [
    control(1, EVENTS[1], "Stickprov på beställningar", "Parkchef"),
    control(2, EVENTS[2], "Uppföljning av entreprenörens egenkontroll", "Parkchef"),
    control(2, EVENTS[2], "Besiktning två gånger om året", "Parkingenjör"),
    control(3, EVENTS[3], "Rapport om skadegörelse varje månad", "Enhetschef"),
    control(None, EVENTS[5], "Stickprov på fakturor", "Controller"),  # linked to no risk
])
# new risk 14 stands where the removed 3 stood, with other words and other scores: another risk put
# in its place, which pairing by place leaves alone (match/context.py)
NEW = register([risk(10 + n, EVENTS[n], scores=(1, 5) if n == 4 else (3, 4)) for n in (1, 2, 4, 5)], [
    control(11, EVENTS[1], "Stickprov på beställningar.", "Parkchef"),                # unchanged: a full stop
    control(12, EVENTS[2], "Besiktning två gånger om året", "Enhetschef park"),       # another responsible
    control(12, EVENTS[2], "Uppföljning av entreprenörens egenkontroll och avtal", "Parkchef"),  # another activity
    control(14, EVENTS[4], "Kontroll av brandskyddsronder", "Enhetschef"),             # new
    control(None, EVENTS[5], "Systemuttag av fakturor", "Controller"),                 # same event, unlinked
])


def test_controls_are_paired_through_their_risks_and_compared():
    result = riskreg.diff_registers(OLD, NEW)
    got = [(r["change"], r["old_risk_nr"], r["new_risk_nr"], r["new_responsible"])
           for r in result.controls.astype(object).where(result.controls.notna(), None).to_dict("records")]
    assert got == [("unchanged", 1, 11, "Parkchef"),
                   ("activity_changed", 2, 12, "Parkchef"),
                   ("responsible_changed", 2, 12, "Enhetschef park"),
                   ("activity_changed", None, None, "Controller"),
                   ("new", None, 14, "Enhetschef"),
                   ("removed", 3, None, None)]
    with use_language("en"):
        assert "Control plan: 1 unchanged, 2 with another activity, 1 with another responsible, 1 new, 1 removed." \
            in result.summary()


def test_diff_without_controls_has_no_control_section(tmp_path):
    result = riskreg.diff_registers(register([risk(1, EVENTS[1])], []), register([risk(1, EVENTS[1])], []))
    with use_language("en"):
        assert result.controls.empty and "Control plan" not in result.summary()
    riskreg.write_diff(result, tmp_path)
    assert 'id="controls"' not in (tmp_path / "diff.html").read_text(encoding="utf-8")
    assert (tmp_path / "diff_controls.csv").read_text(encoding="utf-8").startswith("change,old_risk_nr")


class _Rows(HTMLParser):
    """Each table body row of a page, with the section it stands in: its links' targets."""

    def __init__(self):
        super().__init__()
        self.rows, self.in_body, self.section = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.section = dict(attrs).get("id")
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append((self.section, []))
        elif tag == "a" and self.in_body and self.rows:
            self.rows[-1][1].append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False


def test_every_row_of_diff_html_links_to_its_pdf_page(tmp_path):
    """Two samples diffed into a folder elsewhere: each row of a change's table links, from the
    report's folder, to the two PDFs at pages diff.csv or diff_controls.csv names."""
    out = tmp_path / "report" / "diff"
    old, new = SAMPLES / "hagersten_liljeholmen_2020.pdf", SAMPLES / "hagersten_liljeholmen_2021.pdf"
    riskreg.write_diff(riskreg.diff_registers(old, new), out)
    parser = _Rows()
    parser.feed((out / "diff.html").read_text(encoding="utf-8"))
    rows = [links for section, links in parser.rows if section not in ("counts", "matrices")]  # no change rows
    pages = {old.name: set(), new.name: set()}
    for name in ("diff.csv", "diff_controls.csv"):
        with open(out / name, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                pages[old.name].add(r["old_page"])
                pages[new.name].add(r["new_page"])
    assert len(rows) > 90 and all(rows)  # every pair, new and removed risk, and every control
    for links in rows:
        for href in links:
            path, _, page = href.partition("#page=")
            assert (out / path).resolve() in (old.resolve(), new.resolve()), href
            assert page in pages[Path(path).name], href
    sections = {section for section, _ in parser.rows}
    assert "controls" in sections
