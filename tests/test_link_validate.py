"""Linking controls to risks, and the validation flags."""
import pytest

from riskreg.match.link import link_controls
from riskreg.normalize.validate import flag_risks
from riskreg.schema import Control, Risk
from riskreg.i18n import use_language


def risk(nr, event, process="Ekonomi", method="Attest", p=3, k=3, rv=9, in_ikp=None, goal="1.1"):
    return Risk(source_file="a.pdf", page=1, organisation=None, year=None, goal_id=goal, goal="Mål",
                process=process, working_method=method, risk_nr=nr, event=event,
                probability=p, probability_label=None, consequence=k, consequence_label=None,
                risk_value=rv, in_ikp=in_ikp, handling=None, status=None, measure=None,
                description=None, responsible=None)


def control(event, process="Ekonomi", method="Attest", rv=9, goal="1.1"):
    return Control(source_file="a.pdf", page=5, organisation=None, year=None, goal_id=goal,
                   process=process, working_method=method, systematic_control="", event=event,
                   risk_value=rv, control_activity="Stickprov", risk_nr=None, link_score=None)


def test_controls_link_by_text_and_context():
    risks = [risk(1, "Felaktiga utbetalningar"), risk(2, "Brister i attesträtt", rv=6),
             risk(3, "Brand i lokaler", process="Lokaler", method="Tillsyn", rv=4)]
    controls = [control("Brister i attesträtten", rv=6), control("Brand i lokalerna", "Lokaler", "Tillsyn", 4)]
    links = link_controls(risks, controls)
    assert links == {0: 1, 1: 2}
    assert [c.risk_nr for c in controls] == [2, 3]
    # by hand: 0.6 x event ratio + 0.2 x context (same) + 0.1 x goal (same) + 0.1 x value (same);
    # "brister i attesträtten" (22 letters) holds "brister i attesträtt" (20): ratio 2x20/42 = 95.24
    # "brand i lokalerna" (17) holds "brand i lokaler" (15): ratio 2x15/32 = 93.75
    assert [c.link_score for c in controls] == [round(0.6 * 4000 / 42 + 40), round(0.6 * 93.75 + 40)] == [97, 96]


def test_identical_events_go_to_different_risks_by_context():
    risks = [risk(10, "Dyra och akuta underhållsåtgärder", process="Parker", method="Underhåll"),
             risk(11, "Dyra och akuta underhållsåtgärder", process="Lokaler", method="Fastighet")]
    controls = [control("Dyra och akuta underhållsåtgärder", "Lokaler", "Fastighet"),
                control("Dyra och akuta underhållsåtgärder", "Parker", "Underhåll")]
    link_controls(risks, controls)
    assert [c.risk_nr for c in controls] == [11, 10]


def test_identical_risks_and_controls_pair_in_document_order():
    risks = [risk(83, "Felaktig användning av skattemedel"), risk(85, "Felaktig användning av skattemedel")]
    controls = [control("Felaktig användning av skattemedel"), control("Felaktig användning av skattemedel")]
    link_controls(risks, controls)
    assert [c.risk_nr for c in controls] == [83, 85]


def test_several_controls_may_link_to_one_risk():
    """A risk controlled twice: the second control joins the risk it matches best once
    every risk has had its best control."""
    risks = [risk(1, "Felaktiga utbetalningar"), risk(2, "Brand i lokaler", process="Lokaler", method="Tillsyn")]
    controls = [control("Felaktiga utbetalningar"), control("Felaktiga utbetalningar av lön"),
                control("Brand i lokaler", "Lokaler", "Tillsyn")]
    assert link_controls(risks, controls) == {0: 0, 1: 0, 2: 1}
    assert [c.risk_nr for c in controls] == [1, 1, 2]
    # "felaktiga utbetalningar av lön" (30 letters) holds "felaktiga utbetalningar" (23): 2x23/53
    assert [c.link_score for c in controls] == [100, round(0.6 * 4600 / 53 + 40), 100] == [100, 92, 100]


def test_a_control_below_the_threshold_reports_its_best_score():
    # event ratio 100, but no context (one empty context scores 0), another goal, another value:
    # 0.6 x 100 = 60 < 70
    controls = [control("Brand i lokaler", "", "", rv=2, goal="2.1")]
    assert link_controls([risk(1, "Brand i lokaler", "Lokaler", "Tillsyn", rv=4)], controls) == {}
    assert (controls[0].risk_nr, controls[0].link_score) == (None, 60)


def test_nothing_alike_is_left_unlinked():
    controls = [control("Personalen saknar kompetens i upphandling", "Personal", "Kompetens")]
    link_controls([risk(1, "Brand i lokaler", "Lokaler", "Tillsyn")], controls)
    assert controls[0].risk_nr is None
    assert controls[0].link_score < 70


def test_score_parts_by_hand():
    """0.6 event + 0.2 context + 0.1 goal + 0.1 risk value, each part 0-100: two empty contexts are
    alike (100), one empty is not (0); an empty goal matches nothing; a missing value scores 50."""
    from riskreg.match.link import LinkSettings, _score_blocks
    risks = [risk(1, "Brand i lokaler", "Lokaler", "Tillsyn", rv=4, goal="1.1"),
             risk(2, "Brand i lokaler", None, None, rv=None, goal=None)]
    controls = [control("Brand i lokaler", "Lokaler", "Tillsyn", rv=4, goal="1.1"),
                control("Brand i lokaler", "", "", rv=None, goal=None),
                control("Brand i lokaler", "Lokaler", "Tillsyn", rv=9, goal="2.1")]
    [(first, scores, events)] = list(_score_blocks(risks, controls, LinkSettings()))
    assert first == 0
    assert scores.ravel().tolist() == pytest.approx([100.0, 65.0, 65.0, 85.0, 80.0, 65.0])
    assert events.tolist() == [[100.0, 100.0]] * 3


def test_controls_are_scored_in_blocks_with_the_same_result(monkeypatch):
    import riskreg.match.link as link
    risks = [risk(i, f"Risk nummer {i} om {w}") for i, w in enumerate(["lön", "brand", "fukt", "inbrott"], 1)]
    controls = [control(f"Risk nummer {i} om {w}") for i, w in enumerate(["fukt", "lön", "inbrott"], 1)]
    whole = link_controls(risks, controls)
    scores = [c.link_score for c in controls]
    monkeypatch.setattr(link, "_BLOCK", 2)
    assert link_controls(risks, controls) == whole == {0: 2, 1: 0, 2: 3}
    assert [c.link_score for c in controls] == scores


def test_header_without_rows_and_rows_without_event():
    from riskreg.normalize.logical import LogicalRow, LogicalTable, Slot
    from riskreg.normalize.validate import check_read_whole
    columns = ["risk_nr", "event", "probability"]
    empty = LogicalTable(kind="vor", columns=columns, rows=[], pages=[7, 8])
    assert [(p.source_file, p.page, p.severity, p.code) for p in check_read_whole(empty, "x.pdf")] == [
        ("x.pdf", 7, "error", "table_not_read_whole")]
    with use_language("en"):
        english = check_read_whole(empty, "x.pdf")[0].message
    assert english == (
        "The väsentlighets- och riskanalys table on page 7 has a header but no rows could be read under it; "
        "check the page, it may be an image or drawn in an unusual way. "
        "Run 'riskreg debug x.pdf --pages 7' to see what was read.")
    assert check_read_whole(empty, "x.pdf")[0].message.startswith(  # Swedish unless asked otherwise
        "Tabellen (väsentlighets- och riskanalys) på sidan 7 har en rubrikrad men inga rader kunde läsas under den")
    with use_language("en"):
        no_page = check_read_whole(LogicalTable(kind="ikp", columns=columns), "x.pdf")[0]
    assert no_page.page is None and "Run 'riskreg debug x.pdf' to see" in no_page.message
    glyph = LogicalRow(page=9, slots={"risk_nr": Slot("1"), "event": Slot(" ■ ")})
    whole = LogicalRow(page=8, slots={"risk_nr": Slot("2"), "event": Slot("Brand")})
    with use_language("en"):
        [problem] = check_read_whole(LogicalTable(kind="ikp", columns=columns, rows=[whole, glyph], pages=[8]),
                                     "x.pdf")
    assert (problem.source_file, problem.page, problem.severity, problem.code) == (
        "x.pdf", 9, "warning", "table_not_read_whole")
    assert problem.message == ("A row of the internkontrollplan table on page 9 has no Oönskad händelse; "
                               "the table may not have been read whole there. "
                               "Run 'riskreg debug x.pdf --pages 9' to see what was read.")


def test_several_flags_on_one_risk():
    risks = [risk(1, "A", p=3, k=3, rv=6, in_ikp=True)]
    flag_risks(risks, controlled=set(), has_control_plan=True)
    assert risks[0].flags == "risk_value_mismatch;in_ikp_but_no_control"


def test_flags():
    risks = [risk(1, "A", p=3, k=3, rv=6, in_ikp=False),   # 3 x 3 is not 6
             risk(2, "B", in_ikp=True),                    # in the plan, no control
             risk(3, "C", in_ikp=False),                   # a control, not in the plan
             risk(4, "D", in_ikp=True)]
    flag_risks(risks, controlled={2, 3}, has_control_plan=True)
    assert [r.flags for r in risks] == ["risk_value_mismatch", "in_ikp_but_no_control",
                                        "control_but_not_in_ikp", ""]


def test_no_control_plan_no_ikp_flags():
    risks = [risk(1, "A", in_ikp=True)]
    flag_risks(risks, controlled=set(), has_control_plan=False)
    assert risks[0].flags == ""


def test_block_scores_are_the_weighted_sum_term_by_term():
    """The scores, summed in place to spare a long document's memory, are bit for bit the
    weighted sum of the four terms written out (100/0 goal, 100/0/50 risk value, empty contexts)."""
    import numpy as np
    from rapidfuzz import fuzz

    from riskreg.match.link import LinkSettings, _score_blocks
    from riskreg.match.similarity import normalise_text

    risks = [risk(1, "Felaktiga utbetalningar", rv=None), risk(2, "Brister i attesträtt", rv=6, goal=None),
             risk(3, "Brand i lokaler", process="", method="", rv=4, goal="2.1")]
    controls = [control("Brister i attesträtten", rv=6), control("Brand i lokalerna", "", "", 4, goal="2.1"),
                control("Felaktiga utbetalningar", rv=None, goal=None), control("Annat", "Lokaler", "", 9)]
    s = LinkSettings(event_weight=0.37, context_weight=0.29, goal_weight=0.13, risk_value_weight=0.21)
    [(first, scores, events)] = list(_score_blocks(risks, controls, s))
    for ci, c in enumerate(controls):
        for ri, r in enumerate(risks):
            event = fuzz.ratio(normalise_text(c.event), normalise_text(r.event))
            cc = normalise_text(f"{c.process} {c.working_method}")
            rc = normalise_text(f"{r.process or ''} {r.working_method or ''}")
            context = 100.0 if not cc and not rc else 0.0 if not cc or not rc else fuzz.token_set_ratio(cc, rc)
            goal = 100.0 if c.goal_id and c.goal_id == r.goal_id else 0.0
            value = 50.0 if c.risk_value is None or r.risk_value is None else 100.0 if c.risk_value == r.risk_value else 0.0
            want = (s.event_weight * event + s.context_weight * context + s.goal_weight * goal
                    + s.risk_value_weight * value)
            assert scores[ci, ri] == want and events[ci, ri] == event, (ci, ri)
    assert first == 0 and scores.dtype == np.float64
