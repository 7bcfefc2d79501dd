"""Columns are recognised by their header text, whatever the wording or order."""
import pytest

from riskreg.normalize.headers import match_header_cell, match_header_row, table_kind
from riskreg.normalize.settings import NormalizeSettings

S = NormalizeSettings()


@pytest.mark.parametrize("text, name", [
    ("KF:s mål för verksamhetsområdet", "goal"),
    ("KF:s mål", "goal"),
    ("Arbetsätt", "working_method"),
    ("Arbetssätt", "working_method"),
    ("Risikvärde", "risk_value"),
    ("Riskvärde", "risk_value"),
    ("RV", "risk_value"),
    ("Sannolikhet (1-5)", "probability"),
    ("Konse-\nkvens", "consequence"),
    ("Konsekven s", "consequence"),
    ("Oönskad händelse", "event"),
    ("Oönskade händelser", "event"),
    ("Status/Åtgärd", "status_measure"),
    ("Kontrollaktivitet", "control_activity"),
    ("Systematisk kontroll", "systematic_control"),
])
def test_header_variants_map_to_canonical_names(text, name):
    assert match_header_cell(text, S) == name


@pytest.mark.parametrize("text", ["", "Kommentar", "2021", "Sida 3 (9)", "Nivå"])
def test_other_cells_are_no_header(text):
    assert match_header_cell(text, S) is None


def test_column_order_does_not_matter():
    a = match_header_row(["Nr", "Oönskad händelse", "Sannolikhet", "Konsekvens", "RV"], S)
    b = match_header_row(["RV", "Konsekvens", "Sannolikhet", "Oönskad händelse", "Nr"], S)
    assert sorted(a.values()) == sorted(b.values())
    assert b[0] == "risk_value" and b[3] == "event"


def test_a_row_needs_several_header_cells():
    assert match_header_row(["Process", "Text", "mer text"], S) == {}


def test_table_kind():
    vor = match_header_row(["Process", "Oönskad händelse", "Sannolikhet", "Konsekvens"], S)
    ikp = match_header_row(["Process", "Oönskad händelse", "Kontrollaktivitet"], S)
    legend = match_header_row(["Sannolikhet", "Konsekvens", "Riskvärde"], S)
    assert table_kind(vor) == "vor"
    assert table_kind(ikp) == "ikp"
    assert table_kind(legend) is None  # the scale legend names scores but no events
