"""Stacking a register table over its pages, on small hand-made tables.

A table is written as rows of strings; "^" marks a slot covered by the merged
cell above it.
"""
from riskreg.extract import Document, Table
from riskreg.extract.model import Cell, TextLine
from riskreg.normalize.logical import fill_merged_cells
from riskreg.normalize.stitch import assemble_tables
from riskreg.i18n import use_language

VOR_HEADER = ["KF:s mål", "Process", "Arbetssätt", "Nr", "Oönskad händelse",
              "Sannolikhet", "Konsekvens", "RV"]
IKP_HEADER = ["Process", "Arbetssätt", "Systematisk kontroll", "Oönskad händelse",
              "Kontrollaktivitet"]
EDGES = [float(x) for x in range(0, 900, 100)]


def table(page: int, rows: list[list[str]], top: float = 50.0, edges=EDGES) -> Table:
    """Rows of strings, 20 pt high, between column ``edges``; "^" is a slot covered by the merged
    cell above. The other hand-made-table tests (audit, combined) build theirs with it."""
    cells = []
    n_cols = len(rows[0])
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text == "^":
                continue
            span = 1
            while r + span < len(rows) and rows[r + span][c] == "^":
                span += 1
            box = (edges[c], top + 20 * r, edges[c + 1], top + 20 * (r + span))
            cells.append(Cell(text, page, box, r, c, row_span=span))
    bbox = (edges[0], top, edges[n_cols], top + 20 * len(rows))
    return Table(page, bbox, len(rows), n_cols, cells, list(edges[:n_cols + 1]))


def doc(*tables: Table, lines=()) -> Document:
    return Document("test.pdf", max(t.page for t in tables), list(tables), list(lines))


def vor_rows(doc_):
    (t,) = assemble_tables(doc_)
    assert t.kind == "vor"
    return t, [{k: s.text for k, s in row.slots.items()} for row in t.rows]


def test_repeated_header_is_dropped_and_pages_stacked():
    p1 = table(1, [VOR_HEADER, ["1.1. Mål", "Ekonomi", "Budget", "1", "Underskott", "2.", "3.", "6"]])
    p2 = table(2, [VOR_HEADER, ["", "", "", "2", "Fel i attest", "3.", "3.", "9"]])
    t, rows = vor_rows(doc(p1, p2))
    assert [r["risk_nr"] for r in rows] == ["1", "2"]
    assert t.pages == [1, 2]
    assert all(r["event"] != "Oönskad händelse" for r in rows)


def test_row_split_by_page_break_is_joined():
    p1 = table(1, [VOR_HEADER, ["1.1. Mål", "Ekonomi", "Budget", "1", "Underskott i verk-", "2.", "3.", "6"]])
    p2 = table(2, [VOR_HEADER, ["", "", "", "", "samheten", "Mindre sannolikt", "Kännbar", ""],
                   ["", "", "", "2", "Fel i attest", "3. Möjlig", "3. Kännbar", "9"]])
    t, rows = vor_rows(doc(p1, p2))
    assert len(rows) == 2
    assert rows[0]["event"] == "Underskott i verksamheten"
    assert rows[0]["probability"] == "2. Mindre sannolikt"
    assert t.joined_rows == 1
    assert t.rows[0].page == 1


def test_merged_cell_tail_on_next_page_goes_back_to_its_cell():
    p1 = table(1, [VOR_HEADER, ["1.5. Äldre ska ha ett liv präglat av hög", "Omsorg", "Stöd", "1", "Brist", "2.", "2.", "4"]])
    p2 = table(2, [VOR_HEADER, ["kvalitet och trygghet", "", "", "2", "Fall", "3.", "3.", "9"]])
    t, rows = vor_rows(doc(p1, p2))
    assert rows[0]["goal"] == "1.5. Äldre ska ha ett liv präglat av hög kvalitet och trygghet"
    assert t.rows[1].slots["goal"].covered
    filled = fill_merged_cells(t.rows, ["goal", "process", "working_method"])
    assert filled[1]["goal"] == filled[0]["goal"]


def test_fill_merged_cells_by_level():
    p1 = table(1, [VOR_HEADER,
                   ["1.1. Mål", "Ekonomi", "Budget", "1", "A", "1.", "1.", "1"],
                   ["^", "^", "^", "2", "B", "1.", "1.", "1"],
                   ["^", "Personal", "", "3", "C", "1.", "1.", "1"],
                   ["^", "^", "", "4", "D", "1.", "1.", "1"]])
    (t,) = assemble_tables(doc(p1))
    filled = fill_merged_cells(t.rows, ["goal", "process", "working_method"])
    assert [f["process"] for f in filled] == ["Ekonomi", "Ekonomi", "Personal", "Personal"]
    # a new process starts a new working method: the blank under "Personal" stays blank
    assert [f["working_method"] for f in filled] == ["Budget", "Budget", "", ""]
    assert {f["goal"] for f in filled} == {"1.1. Mål"}


def test_ikp_tables_under_different_goals_stay_apart_and_keep_their_heading():
    t1 = table(1, [IKP_HEADER, ["Ekonomi", "Attest", "Stickprov", "9 Fel i attest", "Kontroll"]], top=80)
    t2 = table(2, [IKP_HEADER, ["Omsorg", "Tillsyn", "Uppföljning", "Fall 12", "Granskning"]], top=80)
    lines = [TextLine(1, 60, "1.1. Ekonomin är i balans"), TextLine(2, 60, "2.3. Äldre är trygga")]
    tables = assemble_tables(doc(t1, t2, lines=lines))
    assert [t.kind for t in tables] == ["ikp", "ikp"]
    assert [t.heading for t in tables] == ["1.1. Ekonomin är i balans", "2.3. Äldre är trygga"]


def test_ikp_event_continued_in_lower_case_is_joined():
    t1 = table(1, [IKP_HEADER, ["Ekonomi", "Attest", "Stickprov", "9 Fel i attest av", "Kontroll"]])
    t2 = table(2, [IKP_HEADER, ["", "", "", "fakturor", ""],
                   ["", "", "", "6 Sen betalning", "Kontroll"]])
    (t,) = assemble_tables(doc(t1, t2))
    assert [r.text("event") for r in t.rows] == ["9 Fel i attest av fakturor", "6 Sen betalning"]


def test_other_tables_are_ignored():
    legend = table(1, [["Sannolikhet", "Konsekvens", "Riskvärde"], ["1", "1", "1"]])
    contents = table(1, [["Innehåll", "Sida"], ["Inledning", "3"]], top=300)
    assert assemble_tables(doc(legend, contents)) == []


def test_a_table_not_read_whole_is_named_with_its_page():
    from riskreg.normalize.validate import check_read_whole
    p1 = table(3, [VOR_HEADER, ["1.1. Mål", "Ekonomi", "Budget", "1", "", "2.", "3.", "6"]])
    (t,) = assemble_tables(doc(p1))
    problems = check_read_whole(t, "a.pdf")
    assert [(p.page, p.code) for p in problems] == [(3, "table_not_read_whole")]
    empty = table(4, [VOR_HEADER, ["", "", "", "", "", "", "", ""]])
    (t,) = assemble_tables(doc(empty))
    with use_language("en"):
        assert "page 4" in check_read_whole(t, "a.pdf")[0].message
    assert "på sidan 4" in check_read_whole(t, "a.pdf")[0].message


def test_join_texts_across_a_page_break():
    from riskreg.normalize.page_break import join_texts
    assert join_texts("Ut-", "redning av ärendet") == "Utredning av ärendet"
    # a dash standing on its own at the page's end is a dash, not a broken word
    assert join_texts("Publicering på webben -", "eDokMeetings") == "Publicering på webben - eDokMeetings"
    assert join_texts("", "x") == "x" and join_texts("x", "") == "x"


def test_a_page_starting_with_a_cut_row_without_a_rule_above_joins_it_to_the_row_above():
    """reportlab's splitInRow: the rest of a cut row starts the next page under no header and
    no rule; its event goes on in upper case ("... inom ramen för" / "LOSAM utvecklas inte")."""
    t1 = table(1, [IKP_HEADER, ["Social prevention", "Samverkan mellan", "Avstämning",
                                "12 Samverkan inom ramen för", "Arbetet följs upp"]])
    t2 = table(2, [["", "och externa aktörer", "", "LOSAM utvecklas inte", "i styrgruppen."],
                   ["Ungdomsmottagning", "Råd", "Uppföljning", "15 Kärnuppdraget", "Uppföljning"]])
    t2.open_top = True
    (t,) = assemble_tables(doc(t1, t2))
    assert [r.text("event") for r in t.rows] == ["12 Samverkan inom ramen för LOSAM utvecklas inte",
                                                 "15 Kärnuppdraget"]
    assert t.rows[0].text("working_method") == "Samverkan mellan och externa aktörer"
    assert t.rows[0].text("control_activity") == "Arbetet följs upp i styrgruppen."
    # the same page drawn with a rule above its first row starts a new row there
    t2.open_top = False
    (t,) = assemble_tables(doc(t1, t2))
    assert len(t.rows) == 3


def test_a_repeated_header_with_words_broken_mid_word_never_reaches_a_data_row():
    """Narrow columns break the header's words ("KF:s mål för verksa" / "mhetsområdet"); the
    header row of page 2 shares its cells with the first data row (no rule between them)."""
    header = ["KF:s mål för verksamhetsområdet", "Process", "Arbetsätt", "Oönskad händelse",
              "Sannolikhet", "Konsekvens", "Risikvärde", "Status/Åtgärd"]
    p1 = table(1, [header, ["1.1. Mål", "Ekonomi", "Budget", "Underskott", "2.Mindre sannolikt",
                            "3.Kännbar", "6", "Avslutad Kontroll"]])
    p2 = table(2, [["KF:s mål för verksa mhetsområdet 1.3. Trygg stad", "Process Brand",
                    "Arbetsät t Rutiner", "Oönskad händelse Brand uppstår", "Sannolikhe t 2.Mindre sannolikt",
                    "Konsekven s 5.Mycket allvarlig", "Risikvär de 10", "Status/Åtgär d Avslutad Övning"]])
    (t,) = assemble_tables(doc(p1, p2))
    assert [r.text("goal") for r in t.rows] == ["1.1. Mål", "1.3. Trygg stad"]
    assert t.rows[1].text("event") == "Brand uppstår"
    assert t.rows[1].text("status_measure") == "Avslutad Övning"
    assert t.rows[1].text("risk_value") == "10"



def test_a_control_plan_row_without_its_own_activity_that_goes_on_in_lower_case_is_a_tail():
    """Unruled, the cut row's rest cannot show a missing rule: its working method goes on in
    lower case and it has no control activity, while its event starts a sentence."""
    t1 = table(1, [IKP_HEADER, ["Social prevention", "Samverkan mellan", "Avstämning",
                                "12 Samverkan inom ramen för", "Arbetet följs upp"]])
    t2 = table(2, [["", "och externa aktörer", "", "LOSAM utvecklas inte", ""],
                   ["", "Ungdomsmottagning", "Uppföljning", "15 Kärnuppdraget", "Uppföljning"]])
    (t,) = assemble_tables(doc(t1, t2))
    assert [r.text("event") for r in t.rows] == ["12 Samverkan inom ramen för LOSAM utvecklas inte",
                                                 "15 Kärnuppdraget"]
    # a new row with its own activity stays a row, whatever case its cells start in
    t3 = table(2, [["", "och externa aktörer", "", "LOSAM utvecklas inte", "Kontroll"]])
    (t,) = assemble_tables(doc(t1, t3))
    assert len(t.rows) == 2


def test_a_control_plan_rows_rest_with_its_activitys_rest_and_the_risk_value_is_a_tail():
    """A page's first row that goes on in lower case in every cell, its event only the risk
    value printed after the cut event, is the rest of the row above, not a control of its own."""
    t1 = table(1, [IKP_HEADER, ["Kontroll av bokföring och", "Löpande analys av kö,", "Behörighetsgenomgång i",
                                "Hög personalomsättning", "Stickprover genomförs för"]])
    t2 = table(2, [IKP_HEADER, ["investeringar", "nybyggnation", "verksamhetssystemen", "4",
                                "ett antal enheter under året."],
                   ["Lönehantering", "Attest", "Kontroll", "8 Fel i attest", "Stickprov"]])
    (t,) = assemble_tables(doc(t1, t2))
    assert [r.text("event") for r in t.rows] == ["Hög personalomsättning 4", "8 Fel i attest"]
    assert t.rows[0].text("control_activity") == "Stickprover genomförs för ett antal enheter under året."


def _goal_break(goal_before: str, goal_after: str):
    p1 = table(1, [VOR_HEADER, [goal_before, "Omsorg", "Stöd", "1", "Brist", "2.", "2.", "4"]])
    p2 = table(2, [VOR_HEADER, [goal_after, "Ekonomi", "Budget", "2", "Underskott", "3.", "3.", "9"]])
    with use_language("en"):  # the doubts in English
        (t,) = assemble_tables(doc(p1, p2))
    filled = fill_merged_cells(t.rows, ["goal", "process", "working_method"])
    return t, [f["goal"] for f in filled]


def test_an_unnumbered_goal_at_the_top_of_a_page_is_not_glued_to_the_goal_before():
    t, goals = _goal_break("Trygg stad", "Ekonomi i balans")
    assert goals == ["Trygg stad", "Ekonomi i balans"]
    # a capital after a goal ending on a plain word does not tell: said, with the page
    assert [(page, code) for page, code, _ in t.doubts] == [(2, "goal_break_uncertain")]
    assert "Ekonomi i balans" in t.doubts[0][2] and "a goal of its own" in t.doubts[0][2]


def test_an_unnumbered_goal_after_a_finished_sentence_is_a_goal_of_its_own_without_doubt():
    t, goals = _goal_break("Staden är trygg.", "Ekonomin är i balans.")
    assert goals == ["Staden är trygg.", "Ekonomin är i balans."]
    assert t.doubts == []


def test_a_goal_cut_mid_sentence_goes_on_even_before_a_capital():
    t, goals = _goal_break("Äldre ska kunna leva ett tryggt liv i", "Stockholm med god omsorg")
    assert goals == ["Äldre ska kunna leva ett tryggt liv i Stockholm med god omsorg"] * 2
    t, goals = _goal_break("Trygg, jämlik och", "Tillgänglig stad")
    assert goals == ["Trygg, jämlik och Tillgänglig stad"] * 2
    assert t.doubts == []


def test_a_numbered_goal_after_a_numbered_goal_is_its_own_and_an_unnumbered_capital_is_doubted():
    t, goals = _goal_break("1.1. Trygg stad", "1.2. Ekonomi i balans")
    assert goals == ["1.1. Trygg stad", "1.2. Ekonomi i balans"] and t.doubts == []
    # goals carry numbers in this document, so a text without one is taken as the rest of the
    # goal above (a new goal would have its number), and the doubt is said
    t, goals = _goal_break("1.3. Stockholm är en trygg stad", "Där alla kan leva")
    assert goals == ["1.3. Stockholm är en trygg stad Där alla kan leva"] * 2
    assert [(page, code) for page, code, _ in t.doubts] == [(2, "goal_break_uncertain")]
    assert "the rest of that goal" in t.doubts[0][2]


def test_a_goal_break_doubt_reaches_problems_csv(monkeypatch, tmp_path):
    """End to end: the doubt of the stacking is a warning row of the file's problems."""
    from riskreg import pipeline
    from riskreg.extract import Document

    p1 = table(1, [VOR_HEADER, ["Trygg stad", "Omsorg", "Stöd", "1", "Brist", "2.", "2.", "4"]])
    p2 = table(2, [VOR_HEADER, ["Ekonomi i balans", "Ekonomi", "Budget", "2", "Underskott", "3.", "3.", "9"]])
    made = Document("made.pdf", 2, [p1, p2], [TextLine(1, 10, "Farsta stadsdelsnämnd")])
    monkeypatch.setattr(pipeline, "read_document", lambda *a, **k: made)
    (tmp_path / "made.pdf").write_bytes(b"%PDF-1.4 (read as the tables above)")
    result = pipeline.extract_file(tmp_path / "made.pdf")
    assert [r.goal for r in result.risks] == ["Trygg stad", "Ekonomi i balans"]
    assert [(p.page, p.severity, p.code) for p in result.problems] == [(2, "warning", "goal_break_uncertain")]


def test_a_header_printed_again_mid_table_is_no_data_row():
    """reportlab's splitInRow prints the header again above the first part of a row it cuts,
    in the middle of the page: that row is the header, not a risk."""
    p1 = table(1, [VOR_HEADER, ["1.1. Mål", "Ekonomi", "Budget", "1", "Underskott", "2.", "3.", "6"],
                   VOR_HEADER, ["1.1. Mål", "Ekonomi", "Budget", "2", "Fel i attest", "3.", "3.", "9"]])
    t, rows = vor_rows(doc(p1))
    assert [r["risk_nr"] for r in rows] == ["1", "2"]
    assert t.headers_again == {(id(p1), 2)}


def test_a_header_printed_again_mid_table_with_a_column_no_template_names_is_no_data_row():
    """The same with a column riskreg cannot map ("Kommentar", empty in every row): its header
    cell is the header's too, not data beside it (layout fuzzer seeds 106, 556, 1276 and 36
    others read the header again as a risk)."""
    header = VOR_HEADER + ["Kommentar"]
    edges = [float(x) for x in range(0, 1000, 100)]
    p1 = table(1, [header, ["1.1. Mål", "Ekonomi", "Budget", "1", "Underskott", "2.", "3.", "6", ""],
                   header, ["1.1. Mål", "Ekonomi", "Budget", "2", "Fel i attest", "3.", "3.", "9", ""]],
               edges=edges)
    t, rows = vor_rows(doc(p1))
    assert [r["risk_nr"] for r in rows] == ["1", "2"]
    assert t.headers_again == {(id(p1), 2)}


def test_a_repeated_header_sharing_its_cells_with_a_cut_rows_rest_keeps_the_page():
    """No rule between page 2's repeated header and the rest of the row cut at page 1's end:
    the header's cells read 'KF:s mål präglade av hög kvalitet', so the header row names no
    register's columns; the page is read on with page 1's columns and the rest joined."""
    p1 = table(1, [VOR_HEADER, ["1.1. Mål som", "Ekonomi", "Budget", "1", "Underskott i", "2.", "3.", "6"]])
    head = [h + rest for h, rest in zip(VOR_HEADER, [" går vidare", "", "", "", " verksamheten", "", "", ""])]
    p2 = table(2, [head, ["1.2. Mål", "Lokaler", "Avtal", "2", "Fel i attest", "3.", "3.", "9"]])
    t, rows = vor_rows(doc(p1, p2))
    assert [r["risk_nr"] for r in rows] == ["1", "2"]
    assert rows[0]["goal"] == "1.1. Mål som går vidare"
    assert rows[0]["event"] == "Underskott i verksamheten"
    assert t.pages == [1, 2]
