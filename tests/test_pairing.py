"""Pairing risks across years and naming their changes, on small hand-made registers."""
from __future__ import annotations

import numpy as np

from riskreg.match.changes import change_words, changes, ChangeSettings
from riskreg.match.pairing import PairSettings, assign, event_similarity, pair_risks
from riskreg.schema import Change, Risk, to_frame


def risk(nr, event, process="Lokalförsörjning", method="Prognosmodell för förskolor", p=3, k=3,
         ikp=False, goal="Stockholm är en hållbar stad"):
    return Risk(source_file="x.pdf", page=1, goal_id="3.2", goal=goal, process=process,
                working_method=method, risk_nr=nr, event=event, probability=p, consequence=k,
                risk_value=p * k, in_ikp=ikp)


def frame(*risks):
    return to_frame(list(risks), Risk)


def test_identical_events_pair_by_context_not_by_order():
    old = frame(risk(1, "Dyra och akuta underhållsåtgärder", method="Prognosmodell för förskolor"),
                risk(2, "Dyra och akuta underhållsåtgärder", method="Boendeplaner inom Social omsorg"),
                risk(3, "Dyra och akuta underhållsåtgärder", method="Boendeplaner inom Äldre omsorg"))
    # new year: order reversed, numbers changed
    new = frame(risk(7, "Dyra och akuta underhållsåtgärder", method="Boendeplaner inom Äldre omsorg"),
                risk(8, "Dyra och akuta underhållsåtgärder", method="Boendeplaner inom Social omsorg"),
                risk(9, "Dyra och akuta underhållsåtgärder", method="Prognosmodell för förskolor"))
    pairs = {(old.risk_nr[i], new.risk_nr[j]) for i, j, _ in pair_risks(old, new).pairs}
    assert pairs == {(1, 9), (2, 8), (3, 7)}


def test_identical_risks_keep_document_order_when_rows_before_them_go():
    # a risk removed before two identical ones shifts both by a row; crossed and in order
    # are equally far from their places on a straight distance (2/3 either way), so only a
    # cost that grows faster than the distance keeps them in order
    old = frame(risk(1, "Brand i lokaler"), risk(2, "Fel i lönen"), risk(3, "Fukt i källaren"),
                risk(4, "Fukt i källaren"))
    new = frame(risk(1, "Brand i lokaler"), risk(2, "Fukt i källaren"), risk(3, "Fukt i källaren"),
                risk(4, "Inbrott i förrådet"))
    pairs = sorted((int(old.risk_nr[i]), int(new.risk_nr[j])) for i, j, _ in pair_risks(old, new).pairs)
    assert pairs == [(1, 1), (3, 2), (4, 3)]


def test_assignment_is_global_not_greedy():
    # Old risk 0 is most alike to new 0, but old 1 has no other counterpart than
    # new 0: taking the best pair first (0-0, margin 25) leaves old 1 unpaired;
    # the assignment takes 0-1 and 1-0 (margins 20 + 15).
    scores = np.array([[95.0, 90.0], [85.0, 40.0]])
    pairs = assign(scores, scores, PairSettings(threshold=70))
    assert [(i, j) for i, j, _ in sorted(pairs)] == [(0, 1), (1, 0)]


def test_assignment_prefers_one_good_pair_to_two_poor_ones():
    # old 0 = new 0 (100); old 0 is barely like new 1 and old 1 barely like new 0:
    # pairing both poor pairs would make two false pairs of one true one.
    scores = np.array([[100.0, 72.0], [71.0, 30.0]])
    pairs = assign(scores, scores, PairSettings(threshold=70))
    assert [(i, j) for i, j, _ in pairs] == [(0, 0)]


def test_below_threshold_is_new_and_removed():
    old = frame(risk(1, "Klagomål från enskild rörande bemötande"))
    new = frame(risk(1, "Brand i förskolans lokaler"))
    pairing = pair_risks(old, new)
    assert pairing.pairs == [] and pairing.removed == [0] and pairing.new == [0]
    rows = changes(old, new, pairing)
    assert [r.change for r in rows] == ["new", "removed"]


def test_event_similarity_ignores_case_punctuation_glyphs_and_word_order():
    assert event_similarity("■ Att beställd åtgärd inte genomförs.", "att beställd åtgärd inte genomförs") == 100
    assert event_similarity("Brister i samverkan och informationsöverföring",
                            "Informationsöverföring och samverkan brister i") == 100


def test_change_words():
    s = ChangeSettings()
    old = risk(1, "Att beställd åtgärd inte genomförs.", p=2, k=3)
    assert change_words(vars(old), vars(risk(4, "att beställd åtgärd inte genomförs", p=2, k=3)), s) == ["unchanged"]
    both = vars(risk(4, "Beställd åtgärd genomförs inte", p=3, k=3, ikp=True))
    assert change_words(vars(old), both, s) == ["reworded", "rescored", "ikp_in"]
    moved = vars(risk(1, old.event, p=2, k=3, method="Entreprenör utför parkskötsel"))
    assert change_words(vars(old), moved, s) == ["moved"]
    # a fixed typo in a process name is not a move
    typo_old = vars(risk(1, "x", process="Insatser till försörjningsstödtagare för att öka möjligheten"))
    typo_new = vars(risk(1, "x", process="Insatser till försörjningsstödstagare för att öka möjligheten"))
    assert change_words(typo_old, typo_new, s) == ["unchanged"]
    out = vars(risk(1, old.event, p=2, k=3, ikp=True))
    assert change_words(out, vars(old), s) == ["ikp_out"]


def test_changes_rows_follow_the_schema_and_new_order():
    old = frame(risk(1, "Fel på löneutbetalning", p=3, k=4), risk(2, "Ej rättvisande resultat"))
    new = frame(risk(1, "Ej rättvisande resultat"), risk(2, "Fel på löneutbetalning", p=4, k=4))
    rows = changes(old, new, pair_risks(old, new))
    assert all(isinstance(r, Change) for r in rows)
    assert [(r.old_risk_nr, r.new_risk_nr, r.change) for r in rows] == [(2, 1, "unchanged"), (1, 2, "rescored")]
    assert (rows[1].old_risk_value, rows[1].new_risk_value) == (12, 16)


def test_each_score_field_alone_is_a_rescoring():
    s = ChangeSettings()
    old = vars(risk(1, "Brand i lokaler", p=2, k=3))
    assert change_words(old, {**old, "consequence": 4}, s) == ["rescored"]
    assert change_words(old, {**old, "probability": 3}, s) == ["rescored"]
    assert change_words(old, {**old, "risk_value": 9}, s) == ["rescored"]  # a misprint fixed is a change too
    assert change_words(old, {**old, "working_method": None, "process": None}, s) == ["moved"]


def test_moved_only_below_the_setting():
    from riskreg.match.pairing import field_similarity
    old = vars(risk(1, "x", method="Attest av fakturor"))
    new = vars(risk(1, "x", method="Attest av fakturorna"))
    alike = field_similarity(old["working_method"], new["working_method"])  # 2 x 18 / 38 = 94.7
    assert round(alike, 1) == 94.7
    assert change_words(old, new, ChangeSettings(moved_below=alike)) == ["unchanged"]  # not below itself
    assert change_words(old, new, ChangeSettings(moved_below=alike + 0.1)) == ["moved"]
    rows = changes(frame(risk(1, "x", method="Attest av fakturor")), frame(risk(1, "x", method="Attest av fakturorna")),
                   pair_risks(frame(risk(1, "x")), frame(risk(1, "x"))), {"moved_below": 95})
    assert rows[0].change == "moved"  # the settings reach change_words


def test_changes_rows_of_every_kind_carry_both_sides():
    old = frame(risk(1, "Fel på löneutbetalning", p=3, k=4), risk(2, "Brand i förrådet"))
    new = frame(risk(5, "Fel på löneutbetalningen", p=3, k=5), risk(6, "Inbrott i skolan"))
    rows = changes(old, new, pair_risks(old, new))
    paired, new_row, removed = rows
    # "fel på löneutbetalning" (22) in "fel på löneutbetalningen" (24): 2 x 22 / 46 = 95.65;
    # context the same: 0.7 x 95.65 + 30 = 96.96
    assert (paired.change, paired.score, paired.old_risk_nr, paired.new_risk_nr) == ("reworded;rescored", 97, 1, 5)
    assert (paired.old_consequence, paired.new_consequence, paired.old_event) == (4, 5, "Fel på löneutbetalning")
    assert (new_row.change, new_row.score, new_row.old_risk_nr, new_row.old_event) == ("new", None, None, None)
    assert (new_row.new_risk_nr, new_row.new_event, new_row.new_process) == (6, "Inbrott i skolan", "Lokalförsörjning")
    assert (removed.change, removed.score, removed.new_risk_nr, removed.new_event) == ("removed", None, None, None)
    assert (removed.old_risk_nr, removed.old_event, removed.old_page) == (2, "Brand i förrådet", 1)
