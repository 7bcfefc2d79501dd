"""Half-recognised headers: columns no template maps are named in a problem and kept per row."""
import json

from riskreg.normalize.register import build_risks
from riskreg.normalize.stitch import assemble_tables
from riskreg.normalize.validate import check_unknown_columns

from test_combined import doc, table

HEADER = ["Nr", "Risk", "Sannolikhet", "Konsekvens", "Riskvärde", "Kommentar", "Bilaga"]


def test_unknown_columns_are_named_and_kept():
    first = table(1, [HEADER, ["1", "Felaktiga utbetalningar", "3", "3", "9", "Ny 2025", ""],
                      ["2", "Dubbla fakturor", "2", "2", "4", "", ""]])
    # the next page repeats no header: its columns are the same
    second = table(2, [["3", "Attest utan behörighet", "2", "3", "6", "", "B3"]], top=50.0)
    (t,) = assemble_tables(doc(first, second))
    assert t.columns == ["risk_nr", "event", "probability", "consequence", "risk_value"]
    assert t.extra_columns == ["Kommentar", "Bilaga"]
    risks = build_risks(t, "x.pdf", [])
    assert [r.extra for r in risks] == ['{"Kommentar": "Ny 2025"}', None, '{"Bilaga": "B3"}']
    assert json.loads(risks[0].extra) == {"Kommentar": "Ny 2025"}
    (problem,) = check_unknown_columns(t, "x.pdf")
    assert problem.code == "unknown_columns" and problem.page == 1 and problem.severity == "warning"
    assert "'Kommentar', 'Bilaga'" in problem.message


def test_a_fully_known_header_has_no_extra():
    (t,) = assemble_tables(doc(table(1, [HEADER[:5], ["1", "Felaktiga utbetalningar", "3", "3", "9"]])))
    assert t.extra_columns == [] and check_unknown_columns(t, "x.pdf") == []
    assert build_risks(t, "x.pdf", [])[0].extra is None
