"""Linking controls to risks, and the validation flags."""
from riskreg.match.link import link_controls
from riskreg.normalize.validate import flag_risks
from riskreg.schema import Control, Risk


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
    assert all(70 <= c.link_score <= 100 for c in controls)


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


def test_nothing_alike_is_left_unlinked():
    controls = [control("Personalen saknar kompetens i upphandling", "Personal", "Kompetens")]
    link_controls([risk(1, "Brand i lokaler", "Lokaler", "Tillsyn")], controls)
    assert controls[0].risk_nr is None
    assert controls[0].link_score < 70


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
