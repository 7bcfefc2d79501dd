"""The records reader (extract/readers/records.py): registers written as records, read with the
records_sv template's [records] section (templates/records.py).

The four samples (farsta_2023_records_lines and _table by reportlab, samples/build_records.py;
farsta_2023_records_writer_lines and _table by Writer, samples/build_records_writer.py) are read
exactly by test_golden and test_producer_matrix_vor; here: their coverage, the reader switched
off, a record broken across a page, the handling's in_ikp, a label riskreg does not know, and the
template section's errors.
"""
from __future__ import annotations

import json

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

import riskreg
from riskreg.extract.pdfium_reader import read_pages
from riskreg.extract.readers import records
from riskreg.extract.settings import ExtractSettings
from riskreg.extract.dedupe import dedupe_chars
from riskreg.templates import TemplateError, builtin_templates, parse_template

from golden import ROOT, SAMPLES
from riskreg.pipeline import Settings

FIXTURES = ROOT / "tests" / "fixtures"

#: each form printed by reportlab (build_records.py) and by LibreOffice Writer from docx
#: (build_records_writer.py)
FORMS = ["farsta_2023_records_lines", "farsta_2023_records_table", "farsta_2023_records_writer_lines",
         "farsta_2023_records_writer_table"]


def layout():
    return next(t.records for t in builtin_templates() if t.name == "records_sv")


@pytest.mark.parametrize("name", FORMS)
def test_records_are_read_whole(name):
    register = riskreg.extract_register(SAMPLES / f"{name}.pdf")
    files = register.files.iloc[0]
    assert (len(register.risks), len(register.controls)) == (91, 16)
    assert files["coverage"] == 1.0 and files["template"] == "records_sv"
    assert register.problems.empty


@pytest.mark.parametrize("name", FORMS)
def test_without_the_records_reader_there_is_no_register(name, monkeypatch):
    monkeypatch.setattr(records.RecordsReader, "wanted", classmethod(lambda cls, s, m=None: False))
    problems = riskreg.extract_register(SAMPLES / f"{name}.pdf").problems
    assert problems["code"].tolist() == ["no_register_table"]


def _lines(pdf):
    settings = ExtractSettings()
    out = []
    for page, number in read_pages(pdf, None, warn=lambda code, text: None):
        out += records._page_lines(number, dedupe_chars(page.chars, settings), settings)
    return records._without_furniture(out)


@pytest.mark.parametrize("name", FORMS)
def test_some_records_are_broken_across_a_page(name):
    walk = records.walk_records(_lines(SAMPLES / f"{name}.pdf"), layout())
    broken = [r for r in walk.records if {p for v in r.fields.values() for p, _ in v.chars} != {r.page}]
    assert len(walk.records) == 91 and broken


def _toy_register(path, n: int = 3):
    """Three records in labelled lines under a goal and a process heading, one with a label no
    template names."""
    for face, file in (("ToySans", "DejaVuSans.ttf"), ("ToySans-Bold", "DejaVuSans-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(face, f"/usr/share/fonts/truetype/dejavu/{file}"))
    c = canvas.Canvas(str(path))
    y = 780

    def line(text, font="ToySans", size=9):
        nonlocal y
        c.setFont(font, size)
        c.drawString(40, y, text)
        y -= size + 5

    line("Ekdala kommun, socialnämnden. Riskanalys 2025, skala 1–5.")
    line("1.1 Trygg vård och omsorg", "ToySans-Bold", 13)
    line("Hemtjänst", "ToySans-Bold", 11)
    for nr, (event, p, k) in enumerate([("Besök uteblir", 3, 4), ("Fel läkemedel ges", 2, 5),
                                        ("Nyckel kommer bort", 4, 2)][:n], start=1):
        line(event, "ToySans-Bold")
        line("Brukaren får inte den hjälp som beslutats.")
        line(f"Sannolikhet: {p}")
        line(f"Konsekvens: {k}")
        line(f"Risktal: {p * k}")
        if nr == 2:
            line("Kommentar: Följs upp vid nästa möte.")
    c.save()


def test_a_label_riskreg_does_not_know_keeps_its_text_in_extra(tmp_path):
    pdf = tmp_path / "ekdala_2025_poster.pdf"
    _toy_register(pdf)
    register = riskreg.extract_register(pdf)
    risks = register.risks
    assert risks["event"].tolist() == ["Besök uteblir", "Fel läkemedel ges", "Nyckel kommer bort"]
    assert risks["risk_value"].tolist() == [12, 10, 8]
    assert risks["goal"].tolist() == ["Trygg vård och omsorg"] * 3 and set(risks["process"]) == {"Hemtjänst"}
    assert json.loads(risks["extra"][1]) == {"Kommentar": "Följs upp vid nästa möte."}
    assert risks["extra"].isna().tolist() == [True, False, True]
    assert "unknown_columns" in register.problems["code"].tolist()
    assert register.files.iloc[0]["coverage"] == 1.0


@pytest.mark.parametrize("form", ["lines", "table"])
@pytest.mark.parametrize("reader", ["pdfium", "pdfminer"])
def test_a_label_riskreg_does_not_know_in_a_writer_record(form, reader):
    """farsta 2023's first six records rendered by Writer (tests/fixtures/, build_records_writer.py)
    on two pages, risk 2 with ``Kommentar: Följs upp vid delårsrapporten i augusti.`` and risk 5
    (page 2) with ``Uppföljning: Se åtgärdsplanen för 2023.``, as a labelled line or a table row:
    each text is in its risk's extra, and unknown_columns names both labels. (A document of two
    pages: a line printed on one of them is no page furniture.)"""
    settings = Settings(extract=ExtractSettings(reader=reader))
    register = riskreg.extract_register(FIXTURES / f"farsta_2023_records_writer_unknown_{form}.pdf",
                                        settings=settings)
    risks = register.risks
    assert risks["risk_nr"].tolist() == [1, 2, 3, 4, 5, 6] and risks["page"].tolist() == [1, 1, 1, 1, 2, 2]
    assert json.loads(risks["extra"][1]) == {"Kommentar": "Följs upp vid delårsrapporten i augusti."}
    assert json.loads(risks["extra"][4]) == {"Uppföljning": "Se åtgärdsplanen för 2023."}
    assert risks["extra"].isna().tolist() == [True, False, True, True, False, True]
    assert risks["handling"][4] == "Ingen åtgärd" and risks["in_ikp"].tolist() == [False, True] + [False] * 4
    assert register.problems["code"].tolist() == ["unknown_columns"]
    assert "'Kommentar', 'Uppföljning'" in register.problems["message"][0]
    assert register.files.iloc[0]["coverage"] == 1.0


def test_too_few_records_are_no_register(tmp_path):
    """Two records of labelled lines are no register (records_sv's min_records = 3): a report that
    happens to print 'Sannolikhet:' twice stays text."""
    pdf = tmp_path / "two.pdf"
    _toy_register(pdf, n=2)
    assert records.read_records(_lines(pdf), layout()) == []
    assert riskreg.extract_register(pdf).problems["code"].tolist() == ["no_register_table"]


@pytest.mark.parametrize("section, says", [
    ({"headings": ["goal", "unit"]}, "records.headings names 'unit'"),
    ({"title": "summary"}, "records.title names 'summary'"),
    ({"start": ["italic"]}, "records.start is a list of"),
    ({"min_records": 0}, "records.min_records is a whole number"),
    ({"labels": {}}, "[records] takes"),
])
def test_a_wrong_records_section_is_named(section, says):
    data = {"name": "x", "columns": {"goal": ["Mål"], "event": ["Risk"], "description": ["Beskrivning"]},
            "records": section}
    with pytest.raises(TemplateError) as info:
        parse_template(data, "x.toml")
    assert says in str(info.value)


def test_the_records_template_is_data():
    """records_sv.toml's section as read: headings goal then process, title the event."""
    records_sv = layout()
    assert (records_sv.headings, records_sv.title, records_sv.paragraphs) == (("goal", "process"), "event",
                                                                             "description")
    assert dict(records_sv.labels)["risk_value"] == ("Risktal", "Riskvärde", "Riskpoäng")


@pytest.mark.parametrize("name", FORMS)
def test_the_handling_says_whether_a_risk_is_in_the_control_plan(name):
    """``Hantering: Med i internkontrollplan`` / ``Ingen åtgärd`` set in_ikp (records_sv's
    handling_in_plan and handling_not_in_plan): 15 of farsta 2023's 91 risks are in its plan (the
    seed's IKP column), and risk 64, not in the plan but with a control, is flagged."""
    risks = riskreg.extract_register(SAMPLES / f"{name}.pdf").risks
    assert risks["in_ikp"].tolist() == (risks["handling"] == "Med i internkontrollplan").tolist()
    assert risks["in_ikp"].sum() == 15
    flagged = risks[risks["flags"].str.contains("control_but_not_in_ikp")]
    assert flagged["risk_nr"].tolist() == [64]


@pytest.mark.parametrize("handling, in_plan", [
    ("Med i internkontrollplan", True), ("med i internkontrollplanen 2023", True), ("Ingen åtgärd", False),
    ("Ingen  åtgärd, risken accepteras", False), ("Åtgärdas i verksamhetsplanen", None), ("", None), (None, None),
])
def test_the_handling_words_of_the_template(handling, in_plan):
    assert layout().in_plan(handling) is in_plan
