"""The assignment and the scorer that control linking and year-to-year pairing share."""
from __future__ import annotations

import numpy as np
import pytest

import riskreg.match.assignment as assignment
import riskreg.match.scorer as scorer
from riskreg.match.assignment import assign, order_bonus, place_bonus
from riskreg.match.link import LinkSettings, link_controls
from riskreg.match.pairing import pair_risks
from riskreg.schema import Control, Risk, to_frame


def risk(nr, event, process, method, goal="1.1", rv=9):
    return Risk(source_file="a.pdf", page=1, goal_id=goal, goal=None, process=process, working_method=method,
                risk_nr=nr, event=event, probability=3, consequence=3, risk_value=rv)


def control(event, process, method, goal="1.1", rv=9):
    return Control(source_file="a.pdf", page=5, goal_id=goal, process=process, working_method=method,
                   systematic_control="", event=event, risk_value=rv, control_activity="Stickprov")


def test_linking_is_global_where_best_first_takes_another_controls_only_risk():
    """Control 0 fits risk 1 best (100) and risk 2 well; control 1 (another goal and value) fits
    only risk 1. Best first gave risk 1 both controls and risk 2 none; the assignment gives each
    control a risk of its own (margins 24.5 + 10 above the threshold, against 30 + nothing)."""
    event = "Felaktiga utbetalningar"
    risks = [risk(1, event, "Ekonomi", "Attest av fakturor"), risk(2, event, "Inköp", "Fakturor")]
    controls = [control(event, "Ekonomi", "Attest av fakturor"), control(event, "Ekonomi", "Attest", "2.1", 6)]
    # by hand, 0.6 event + 0.2 context (word sets) + 0.1 goal + 0.1 value: control 0 x risk 1 = 100;
    # control 0 x risk 2: contexts "ekonomi attest av fakturor" / "inköp fakturor" share "fakturor",
    # token set ratio = ratio("fakturor", "fakturor inköp") = 2 x 8 / 22 = 72.73, so
    # 60 + 14.55 + 10 + 10 = 94.55; control 1 x risk 1: its context words are a subset of the
    # risk's (100), another goal and value: 60 + 20 = 80; control 1 x risk 2: no word shared
    # (rapidfuzz 28.57): 60 + 5.71 = 65.71, below 70
    scores, events = scorer.link_scores(controls, risks, LinkSettings())
    assert scores.round(2).tolist() == [[100.0, 94.55], [80.0, 65.71]]
    assert link_controls(risks, controls) == {0: 1, 1: 0}
    assert [(c.risk_nr, c.link_score) for c in controls] == [(2, 95), (1, 80)]


def test_a_control_with_no_risk_alike_enough_stays_unlinked_beside_linked_ones():
    risks = [risk(1, "Brand i lokaler", "Lokaler", "Tillsyn")]
    controls = [control("Brand i lokaler", "Lokaler", "Tillsyn"), control("Inbrott i förrådet", "Lokaler", "Tillsyn")]
    assert link_controls(risks, controls) == {0: 0}
    assert controls[1].risk_nr is None


def test_assign_matrix_global_and_thresholded():
    # row 0 is best with column 0 but row 1 has no other counterpart: best first would pair
    # 0-0 (margin 25) and leave row 1 alone; the assignment takes 0-1 and 1-0 (20 + 15)
    scores = np.array([[95.0, 90.0], [85.0, 40.0]])
    allowed = scores >= 70
    assert [(i, j) for i, j, _ in assign(scores, allowed, 70, np.zeros(scores.shape))] == [(0, 1), (1, 0)]
    # nothing allowed, no pair: the threshold is "no match"
    assert assign(scores, np.zeros(scores.shape, dtype=bool), 70, np.zeros(scores.shape)) == []


def test_groups_solved_apart_give_the_whole_matrix_optimum():
    rng = np.random.default_rng(7)
    for _ in range(30):
        scores = rng.uniform(40, 100, size=(9, 12))
        allowed = scores >= 80
        pairs = assign(scores, allowed, 80, np.zeros(scores.shape))
        gain = np.where(allowed, scores - 80 + 1e-6, 0.0)
        from scipy.optimize import linear_sum_assignment
        rows, cols = linear_sum_assignment(gain, maximize=True)
        assert sum(gain[i, j] for i, j, _ in pairs) == pytest.approx(gain[rows, cols].sum())
        assert all(allowed[i, j] for i, j, _ in pairs)
        assert len({i for i, _, _ in pairs}) == len({j for _, j, _ in pairs}) == len(pairs)


@pytest.mark.parametrize("bonus", [order_bonus, lambda a, b: place_bonus(a, b, 1.0)])
def test_tie_breaks_keep_document_order(bonus):
    # two equal rows, two equal columns: in order, not crossed
    scores = np.full((2, 2), 90.0)
    assert [(i, j) for i, j, _ in assign(scores, scores > 0, 70, bonus(2, 2))] == [(0, 0), (1, 1)]


def test_order_bonus_gives_one_row_the_earlier_of_equal_columns():
    # Farsta 2022 prints risk 65 twice (65, 66); its one control goes to the first
    scores = np.array([[100.0, 100.0]])
    assert [(i, j) for i, j, _ in assign(scores, scores > 0, 70, order_bonus(4, 2)[-1:])] == [(0, 0)]
    b = order_bonus(5, 7)
    assert (np.diff(b, axis=1) < 0).all() and 0 <= b.min() and b.max() <= assignment.ORDER_WEIGHT


def test_linking_and_pairing_use_one_scorer_and_one_assignment(monkeypatch):
    """Both steps compare texts through scorer.text_similarity and choose through assignment.assign
    (scipy's linear_sum_assignment inside it)."""
    seen = []
    similarity, solve = scorer.text_similarity, assignment.linear_sum_assignment

    def spy_similarity(*args, **kwargs):
        seen.append(("similarity", who))
        return similarity(*args, **kwargs)

    def spy_solve(*args, **kwargs):
        seen.append(("assignment", who))
        return solve(*args, **kwargs)

    monkeypatch.setattr(scorer, "text_similarity", spy_similarity)
    monkeypatch.setattr(assignment, "linear_sum_assignment", spy_solve)
    risks = [risk(1, "Brand i lokaler", "Lokaler", "Tillsyn"), risk(2, "Fel i lönen", "Personal", "Lön")]
    who = "link"
    assert link_controls(risks, [control("Brand i lokalerna", "Lokaler", "Tillsyn")]) == {0: 0}
    who = "pair"
    frame = to_frame(risks, Risk)
    assert [(i, j) for i, j, _ in pair_risks(frame, frame).pairs] == [(0, 0), (1, 1)]
    assert {("similarity", "link"), ("assignment", "link"), ("similarity", "pair"),
            ("assignment", "pair")} <= set(seen)


def test_scorer_parts_by_hand():
    # two empty texts alike, one empty not; agreement: 100 / 0 / unknown when missing
    assert scorer.word_set_similarity(["", "", "a b"], ["", "b a"]).tolist() == [[100, 0], [100, 0], [0, 100]]
    assert scorer.agreement([9, None, "1.1"], [9, "1.1"], unknown=50).tolist() == [[100, 0], [50, 50], [0, 100]]
    # the event similarity of pairing takes the better of ratio and token sort: reordered words alike
    assert scorer.text_similarity(["brand i lokaler"], ["lokaler i brand"], scorer.EVENT_SCORERS)[0, 0] == 100
    assert scorer.text_similarity(["brand i lokaler"], ["lokaler i brand"])[0, 0] < 100


def test_one_control_of_a_risk_printed_twice_goes_to_the_first():
    """Farsta 2022 prints risk 65 twice (65 and 66, the same row); its IKP has one control,
    which the hand-checked register links to 65, the first, wherever it stands in the plan."""
    twice = risk(65, "Förvaltningen kan inte hålla förskolegarantin", "Lokalförsörjning", "Prognosmodell")
    risks = [risk(nr, f"Risk nummer {nr}", "Ekonomi", "Attest") for nr in range(1, 9)]
    risks[5:5] = [twice, risk(66, twice.event, twice.process, twice.working_method)]
    controls = [control(f"Risk nummer {nr}", "Ekonomi", "Attest") for nr in (1, 2, 3)]
    controls.append(control(twice.event, twice.process, twice.working_method))
    link_controls(risks, controls)
    assert [c.risk_nr for c in controls] == [1, 2, 3, 65]
