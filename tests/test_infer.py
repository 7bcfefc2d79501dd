"""Issue 31: a register nobody wrote a template for, its columns typed by what they hold."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

import riskreg

import riskreg.pipeline as pipeline
from golden import SAMPLES, as_csv_rows, differences, known_limits, read_expected
from riskreg.normalize import NormalizeSettings
from riskreg.normalize.infer import (ColumnProfile, column_profile, column_role, header_hint, infer_roles,
                                     is_mark_cell, is_score_cell)
from riskreg.normalize.parse import parse_score
from riskreg.normalize.stitch import header_rows
from riskreg.schema import Risk, to_frame


def cells(*texts):
    """Body cells of one column; None is a slot a merged cell from above covers."""
    return [None if t is None else SimpleNamespace(text=t) for t in texts]


WORDS = {"möjlig", "kännbar"}


def role(*texts, header=""):
    return column_role(column_profile(0, header, cells(*texts), WORDS))


def test_cells_say_what_a_column_holds():
    assert role("3 Kännbar (uppfattas som besvärande)", "2 Lindrig (märks knappt)", "4") == "score"
    assert role("3. Möjlig", "Möjlig", "1") == "score"
    assert role("3", "1", "4", "2") == "score"  # digits of a small scale, not in sequence
    assert role("1", "2", "3", "4") == "number"  # in sequence: risk numbers
    assert role("12", "6", "9") == "number"
    assert role("Ja", "Nej", "", "Ja") == "mark"
    assert role("★", "Nej, endast VoR", "") == "mark"
    assert role("1.2. Stockholm är tryggt", None, "1.3. En hållbar stad") == "goal"
    assert role("Ekonomi", None, None, "Personal") == "category"
    assert role("Enhetschef", "HR-chef", "Förvaltningschef") == "name"
    assert role("Fakturor betalas utan att attest har skett", "Beslut verkställs inte inom lagstadgad tid",
                "Personuppgifter lämnas ut till obehöriga") == "text"


def test_a_score_cell_may_carry_its_levels_explanation():
    assert is_score_cell("3 Kännbar (uppfattas som besvärande av den enskilde)", set())
    assert not is_score_cell("Fakturor betalas dubbelt", set())
    assert is_mark_cell("Nej, endast VoR") and is_mark_cell("✓") and not is_mark_cell("Nejlikor")
    assert parse_score("3 Kännbar (uppfattas som besvärande)", {}) == (3, "Kännbar")
    assert parse_score("Kännbar (uppfattas som besvärande)", {3: "Kännbar"}) == (3, "Kännbar")


def test_header_words_only_name_what_content_leaves_open():
    assert header_hint("Sannolikh.") == "probability"
    assert header_hint("Kons.") == "consequence"
    assert header_hint("Blomkål") is None
    # two score columns: consequence printed first, its header says so
    rows = [cells("Fakturor betalas dubbelt varje månad", "2", "3"),
            cells("Beslut verkställs inte inom tre månader", "4", "1")]
    heads = ["Vad kan hända", "Konsekv.", "Sannolikh."]
    profiles = [column_profile(i, heads[i], [r[i] for r in rows], set()) for i in range(3)]
    mapping, _ = infer_roles(profiles, rows)
    assert mapping == {0: "event", 1: "consequence", 2: "probability"}


def test_a_table_without_scores_is_no_register():
    rows = [cells("Innehåll", "3"), cells("Bilaga", "7")]
    profiles = [column_profile(i, "", [r[i] for r in rows], set()) for i in range(2)]
    assert infer_roles(profiles, rows) is None


# --- a Stockholm sample with every header word blanked ----------------------------------

def blank_register_headers(monkeypatch):
    """Read documents with the header cells of every VoR table emptied, as if printed without words."""
    read = pipeline.read_document

    def blanked(path, *args, **kwargs):
        doc = read(path, *args, **kwargs)
        settings = NormalizeSettings()
        for table in doc.tables:
            skip, mapping = header_rows(table, settings)
            if "probability" in mapping.values():
                for cell in table.cells:
                    if cell.row < skip:
                        cell.text = ""
        return doc
    monkeypatch.setattr(pipeline, "read_document", blanked)


def test_a_stockholm_register_with_its_header_blanked_is_read_from_content(monkeypatch):
    name = "hagersten_liljeholmen_2020"
    blank_register_headers(monkeypatch)
    result = pipeline.read_file(SAMPLES / f"{name}.pdf")
    got = as_csv_rows(to_frame(result.risks, Risk))
    assert differences(got, read_expected(f"{name}.risks.csv"), "risk_nr", known_limits(name, "risks")) == []
    (problem,) = [p for p in result.problems if p.code == "columns_inferred"]
    assert result.template == "inferred; stockholm_ikp"
    for role in ("column 1 = goal", "column 2 = process", "column 3 = working_method", "column 4 = risk_nr",
                 "column 5 = event", "column 6 = probability", "column 7 = consequence",
                 "column 8 = risk_value", "column 9 = in_ikp"):
        assert role.replace("column", "kolumn") in problem.message
    assert "inte typad" not in problem.message


# --- the samples whose header no template names ---------------------------------------

def test_a_plan_in_two_tables_is_read_from_content():
    """Issue 31's case: taken / not taken tables, scores with explanations, no risk value column."""
    register = riskreg.extract_register(SAMPLES / "tallby_2025_kontrollplan.pdf", lang="en")
    assert register.files["template"].tolist() == ["inferred"]
    risks = register.risks
    assert risks["risk_value_source"].unique().tolist() == ["derived"]
    assert (risks["risk_value"] == risks["probability"] * risks["consequence"]).all()
    # the heading "Risker som inte tas med i internkontrollplanen" sets in_ikp; the reason is kept
    not_taken = risks[risks["in_ikp"] == False]  # noqa: E712
    assert not_taken["handling"].tolist() == ["Kontrolleras redan av ekonomienheten varje månad.",
                                              "Låg risk, följs upp i ledningsgruppen.",
                                              "Små belopp; ingår i lönekontrollen."]
    first, second = register.problems["message"].tolist()
    assert "'Kontrolleras' = in_ikp" in first and "derived as probability x consequence" in first
    assert "'Motivering till att risken inte tas med' = handling" in second
    assert "not taken into the plan (in_ikp false)" in second


def test_abbreviated_headers_name_which_score_is_which():
    register = riskreg.extract_register(SAMPLES / "bergvik_2024_riskregister.pdf", lang="en")
    (message,) = register.problems["message"].tolist()
    assert "'Kons. (1-5)' = consequence (scale values, consequence by its header)" in message
    assert "'Sannolikh. (1-5)' = probability" in message
    assert "'Risktal' = risk_value (numbers equal to probability x consequence)" in message
    assert register.risks["risk_value_source"].unique().tolist() == ["printed"]


def test_the_swedish_warning_says_why_each_column_was_typed_in_swedish():
    """The Swedish columns_inferred warning gives its reasons in Swedish (the register column
    names it types the columns as stay the register's own: consequence, risk_value)."""
    register = riskreg.extract_register(SAMPLES / "bergvik_2024_riskregister.pdf")
    (message,) = register.problems["message"].tolist()
    assert "'Kons. (1-5)' = consequence (skalvärden, consequence enligt kolumnrubriken)" in message
    assert "'Risktal' = risk_value (tal lika med sannolikhet x konsekvens)" in message
    for english in ("scale values", "by its header", "numbers", "sentences", "merged text", "column "):
        assert english not in message


def test_registers_templates_name_say_so_in_files_csv():
    register = riskreg.extract_register(SAMPLES / "sjovik_2024_internkontrollplan.pdf")
    assert register.files["template"].tolist() == ["general_sv"]
    assert register.risks["risk_value_source"].unique().tolist() == ["printed"]
