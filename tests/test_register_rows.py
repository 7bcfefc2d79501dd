"""Logical rows -> Risk and Control objects, on small hand-made tables."""
from __future__ import annotations

from riskreg.normalize.register import build_controls, build_risks, split_status
from riskreg.schema import Problem
from riskreg.normalize.logical import LogicalRow, LogicalTable, Slot
from riskreg.i18n import use_language

VOR = ["goal", "process", "working_method", "risk_nr", "event", "probability", "consequence", "risk_value",
       "in_ikp", "handling", "status_measure", "description", "responsible"]
IKP = ["process", "working_method", "systematic_control", "event", "control_activity"]


def row(columns, texts, page=3, covered=()) -> LogicalRow:
    return LogicalRow(page=page, slots={name: Slot(t, name in covered) for name, t in zip(columns, texts)})


def test_vor_rows_become_risks_with_every_column_parsed():
    table = LogicalTable(kind="vor", columns=VOR, pages=[3], rows=[
        row(VOR, ["1.2. Stockholm är en trygg stad", "Ekonomi", "Attest", "7", "■ Felaktiga utbetalningar",
                  "3.Möjlig", "4. Allvarlig", "12", "Nej, endast VoR", "Hantera", "Pågående Ny rutin",
                  "Rutinen skrivs om", "Anna Berg"]),
        row(VOR, ["", "", "", "8", "Brand i lokaler", "2. Mindre sannolikt", "5. Mycket allvarlig", "10", "",
                  "", "Avslutad", "", ""], page=4, covered=("goal", "process", "working_method")),
        row(VOR, ["", "Lokaler", "", "9", "Fukt", "1. Osannolikt", "1. Försumbar", "1", "★", "", "Ny åtgärd",
                  "", ""], page=4)])
    problems = []
    risks = build_risks(table, "a.pdf", problems)
    assert problems == []
    first, second, third = risks
    assert (first.source_file, first.page, first.goal_id, first.goal, first.process, first.working_method) == (
        "a.pdf", 3, "1.2", "Stockholm är en trygg stad", "Ekonomi", "Attest")
    assert (first.risk_nr, first.event, first.probability, first.probability_label, first.consequence,
            first.consequence_label, first.risk_value) == (7, "Felaktiga utbetalningar", 3, "Möjlig", 4,
                                                           "Allvarlig", 12)
    assert (first.in_ikp, first.handling, first.status, first.measure, first.description, first.responsible) == (
        False, "Hantera", "Pågående", "Ny rutin", "Rutinen skrivs om", "Anna Berg")
    # merged goal/process/method cells carry down; a blank Ansvarig stays blank
    assert (second.page, second.goal_id, second.process, second.working_method) == (4, "1.2", "Ekonomi", "Attest")
    # an empty cell of a column the table has is empty text (missing only where there is no column)
    assert (second.status, second.measure, second.description, second.responsible) == ("Avslutad", None, "", "")
    assert (second.handling, second.in_ikp) == ("", True)  # a blank IKP cell where the column says "Nej"
    # a new process starts a new working method: the blank one is really empty
    assert (third.process, third.working_method, third.in_ikp) == ("Lokaler", "", True)
    assert (third.status, third.measure) == ("Ny", "åtgärd")


def test_columns_the_table_lacks_are_missing_not_empty():
    columns = ["risk_nr", "event", "status_measure", "description"]
    table = LogicalTable(kind="vor", columns=columns, pages=[1], rows=[
        row(columns, ["1", "Fel", "Avslutad Följa upp. Följa upp.", ""])])
    [risk] = build_risks(table, "a.pdf", [])
    assert (risk.goal_id, risk.goal, risk.process, risk.working_method) == (None, None, None, None)
    assert (risk.probability, risk.probability_label, risk.consequence, risk.risk_value, risk.in_ikp) == (
        None, None, None, None, None)
    assert (risk.handling, risk.responsible) == (None, None)
    # status, measure and an identical description in one cell
    assert (risk.status, risk.measure, risk.description) == ("Avslutad", "Följa upp.", "Följa upp.")


def test_ikp_rows_become_controls_with_the_glued_value_split_off():
    table = LogicalTable(kind="ikp", columns=IKP, pages=[9], heading="3.2. Ekonomi i balans", rows=[
        row(IKP, ["Inköp", "Följa rutiner", "Stickprov", "16 Samverkan brister", "Kvartalsvis"], page=9),
        row(IKP, ["", "", "", "Anseendeskada 9", "Årligen"], page=10,
            covered=("process", "working_method", "systematic_control")),
        row(IKP, ["Lön", "", "", "Fel i lönen 7", "Månadsvis"], page=10)])
    first, second, third = build_controls(table, "a.pdf")
    assert (first.source_file, first.page, first.goal_id, first.process, first.working_method,
            first.systematic_control, first.event, first.risk_value, first.control_activity) == (
        "a.pdf", 9, "3.2", "Inköp", "Följa rutiner", "Stickprov", "Samverkan brister", 16, "Kvartalsvis")
    assert (second.page, second.process, second.systematic_control, second.event, second.risk_value) == (
        10, "Inköp", "Stickprov", "Anseendeskada", 9)
    assert (third.process, third.working_method, third.event, third.risk_value) == ("Lön", "", "Fel i lönen 7", None)
    assert (first.risk_nr, first.link_score, first.organisation, first.year) == (None, None, None, None)


def test_control_plan_without_heading_has_no_goal():
    table = LogicalTable(kind="ikp", columns=IKP, pages=[1], rows=[row(IKP, ["P", "A", "S", "Brand", "K"])])
    assert build_controls(table, "a.pdf")[0].goal_id is None


def test_status_words():
    assert split_status("Avslutad Uppföljning av rutin") == ("Avslutad", "Uppföljning av rutin")
    assert split_status("Ej påbörjad") == ("Ej påbörjad", "")
    assert split_status("delvis genomförd Ny rutin") == ("delvis genomförd", "Ny rutin")
    assert split_status("Avslutade projekt följs upp") == ("", "Avslutade projekt följs upp")
    assert split_status("  Pågående   Översyn ") == ("Pågående", "Översyn")


VOR_COLUMNS = ["risk_nr", "event", "probability", "consequence", "risk_value"]


def vor_row(*texts: str) -> LogicalRow:
    return LogicalRow(page=4, slots={name: Slot(t) for name, t in zip(VOR_COLUMNS, texts)})


def test_unreadable_cells_are_kept_as_text_with_a_warning():
    table = LogicalTable(kind="vor", columns=VOR_COLUMNS, pages=[4], rows=[
        vor_row("1", "Brand i lokaler", "3. Möjlig", "Hög", "9"),
        vor_row("x", "Fel i lönen", "2. Mindre sannolikt", "2. Lindrig", "fyra")])
    problems: list[Problem] = []
    with use_language("en"):
        risks = build_risks(table, "a.pdf", problems)
    assert [(p.page, p.severity, p.code) for p in problems] == [
        (4, "warning", "score_unreadable"), (4, "warning", "risk_nr_unreadable"),
        (4, "warning", "risk_value_unreadable")]
    assert [p.source_file for p in problems] == ["a.pdf"] * 3
    run = " Run 'riskreg debug a.pdf --pages 4' to see what was read."  # a cell read wrongly: see it
    sv_run = " Kör 'riskreg debug a.pdf --pages 4' för att se vad som lästes."
    assert [p.message for p in problems] == [
        "The consequence cell reads 'Hög', which is not a score from 1 to 5; it is kept as text." + run,
        "The risk nr cell reads 'x', which is not a number." + run,
        "The risk value cell reads 'fyra', which is not a number." + run]
    swedish: list[Problem] = []
    build_risks(table, "a.pdf", swedish)  # Swedish unless asked otherwise, the column by its heading
    assert [p.message for p in swedish] == [
        "Cellen Konsekvens innehåller 'Hög', vilket inte är en poäng från 1 till 5; den sparas som text." + sv_run,
        "Cellen Nr innehåller 'x', vilket inte är ett tal." + sv_run,
        "Cellen Riskvärde innehåller 'fyra', vilket inte är ett tal." + sv_run]
    assert (risks[0].consequence, risks[0].consequence_label) == (None, "Hög")
    assert (risks[1].risk_nr, risks[1].risk_value, risks[1].probability) == (None, None, 2)
