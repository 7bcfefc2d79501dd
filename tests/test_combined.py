"""A combined register (risk and control in one table) on small hand-made tables."""
from riskreg.normalize.register import build_risks, build_row_controls
from riskreg.normalize.stitch import assemble_tables
from riskreg.normalize.parse import parse_in_ikp

from riskreg.extract import Table

from test_stitch import doc, table as stitch_table

EDGES = [float(x) for x in range(0, 1300, 100)]


def table(page: int, rows: list[list[str]], top: float = 50.0) -> Table:
    """Rows of strings; "^" is a slot covered by the merged cell above (test_stitch's, wider)."""
    return stitch_table(page, rows, top, edges=EDGES)


HEADER = ["Process", "Risk", "S (1-4)", "K (1-4)", "Riskvärde", "Till plan", "Kontrollmoment", "Metod",
          "Frekvens", "Ansvarig", "Rapporteras till"]


def combined(rows):
    (t,) = assemble_tables(doc(table(1, [HEADER] + rows)))
    problems = []
    risks = build_risks(t, "x.pdf", problems)
    return t, risks, build_row_controls(t, risks, "x.pdf"), problems


def test_risks_and_their_controls_from_one_table():
    t, risks, controls, problems = combined([
        ["Ekonomi", "Felaktiga utbetalningar", "3", "3", "9", "Ja", "Kontroll av beslut", "Stickprov",
         "2 ggr/år", "Enhetschef", "Nämnden"],
        ["^", "Dubbla fakturor", "2", "2", "4", "Nej", "", "", "", "", ""],
        ["Personal", "Bemanning saknas", "3", "3", "9", "Ja", "", "", "", "", ""],
        ["^", "Registerkontroll görs inte", "2", "4", "8", "Ja", "Utdrag ur registret", "Stickprov",
         "1 gång/år", "HR", "Ledningen"],
    ])
    assert t.kind == "vor" and t.template.name == "general_sv" and problems == []
    assert [r.risk_nr for r in risks] == [1, 2, 3, 4]  # no numbers printed: document order
    assert [r.process for r in risks] == ["Ekonomi", "Ekonomi", "Personal", "Personal"]
    assert [r.in_ikp for r in risks] == [True, False, True, True]
    assert [(r.probability, r.consequence, r.risk_value) for r in risks][0] == (3, 3, 9)
    assert all(r.responsible is None for r in risks)  # Ansvarig is the control's here
    assert [(c.risk_nr, i) for c, i in controls] == [(1, 0), (4, 3)]
    first = controls[0][0]
    assert (first.control_activity, first.method, first.frequency, first.responsible, first.report_to) == (
        "Kontroll av beslut", "Stickprov", "2 ggr/år", "Enhetschef", "Nämnden")
    assert first.event == "Felaktiga utbetalningar" and first.process == "Ekonomi" and first.link_score == 100


def test_printed_numbers_are_kept():
    header = ["Nr"] + HEADER
    (t,) = assemble_tables(doc(table(1, [header,
        ["7", "Ekonomi", "Felaktiga utbetalningar", "3", "3", "9", "X", "Kontroll", "", "", "", ""],
        ["9", "^", "Dubbla fakturor", "2", "2", "4", "", "", "", "", "", ""]])))
    risks = build_risks(t, "x.pdf", [])
    assert [r.risk_nr for r in risks] == [7, 9]
    assert [r.in_ikp for r in risks] == [True, False]  # X or blank
    assert [c.risk_nr for c, _ in build_row_controls(t, risks, "x.pdf")] == [7]


def test_in_ikp_marks():
    assert parse_in_ikp("✓", False) is True
    assert parse_in_ikp("X", False) is True
    assert parse_in_ikp("Ja", False) is True
    assert parse_in_ikp("Nej", True) is False
    assert parse_in_ikp("", False) is False


def test_a_blank_in_a_ja_nej_column_says_neither():
    _, risks, _, _ = combined([
        ["Ekonomi", "A", "3", "3", "9", "Ja", "", "", "", "", ""],
        ["^", "B", "2", "2", "4", "Nej", "", "", "", "", ""],
        ["^", "C", "2", "2", "4", "", "", "", "", "", ""],
    ])
    assert [r.in_ikp for r in risks] == [True, False, None]
