"""One definition of "rescored": diff, history and compare's movement count the same pairs."""
from __future__ import annotations

import pytest

import riskreg
from riskreg.match.changes import score_change
from riskreg.pipeline import Register
from riskreg.schema import Control, Problem, Risk, empty_frame, to_frame

ORG = "Farsta stadsdelsnämnd"


def risk(year, nr, event, p, k, rv=None, scale=5):
    return Risk(source_file=f"farsta_{year}.pdf", page=1, organisation=ORG, year=year, goal_id="1.1",
                goal="Mål", process="Ekonomi", working_method="Attest", risk_nr=nr, event=event,
                probability=p, consequence=k, risk_value=p * k if rv is None else rv, in_ikp=False, scale=scale)


def register(risks) -> Register:
    return Register(risks=to_frame(risks, Risk), controls=empty_frame(Control), problems=empty_frame(Problem))


EVENTS = ["Brand i lokaler", "Fel i lönen", "Fukt i källaren", "Inbrott i förrådet", "Tappade nycklar",
          "Läckage av personuppgifter"]


def two_years(scale_after=5):
    before = [risk(2021, 1, EVENTS[0], 3, 3), risk(2021, 2, EVENTS[1], 2, 3), risk(2021, 3, EVENTS[2], 4, 4),
              risk(2021, 4, EVENTS[3], 2, 4), risk(2021, 5, EVENTS[4], 3, 2, rv=5), risk(2021, 6, EVENTS[5], 1, 1)]
    after = [risk(2022, 1, EVENTS[0], 3, 3),       # the same scores
             risk(2022, 2, EVENTS[1], 3, 3),       # rescored, risk value up 6 -> 9
             risk(2022, 3, EVENTS[2], 3, 4),       # rescored, down 16 -> 12
             risk(2022, 4, EVENTS[3], 4, 2),       # rescored, 2 x 4 -> 4 x 2: the risk value stays 8
             risk(2022, 5, EVENTS[4], 3, 2),       # the misprinted risk value 5 corrected to 6: rescored, up
             risk(2022, 6, EVENTS[5], 1, 1)]
    return register(before), register([r if scale_after == 5 else Risk(**{**vars(r), "scale": scale_after})
                                       for r in after])


def test_the_definition():
    old = {"probability": 2, "consequence": 4, "risk_value": 8, "scale": 5}
    assert score_change(old, dict(old)) is None
    assert score_change(old, {**old, "probability": 4, "consequence": 2}) == "rescored"
    assert score_change(old, {**old, "risk_value": 9}) == "rescored"
    assert score_change(old, {**old, "scale": 4}) == "rescaled"
    assert score_change(old, {**old, "scale": None, "probability": 3}) == "rescored"  # scale unknown


def test_diff_history_and_compare_count_the_same_rescorings():
    old, new = two_years()
    d = riskreg.diff_registers(old, new)
    assert d.counts()["rescored"] == 4
    h = riskreg.follow_risks([old, new])
    assert sum("rescored" in c for c in h.rows[h.rows["year"] == 2022]["change"]) == 4
    [m] = riskreg.compare_registers([old, new]).movement.to_dict("records")
    assert m["rescored"] == 4
    # of them, the risk value rose for two (6 -> 9, 5 -> 6), fell for one (16 -> 12); 2 x 4 -> 4 x 2 neither
    assert (m["rescored_up"], m["rescored_down"]) == (2, 1)


def test_another_scale_is_rescaled_in_diff_and_neither_up_nor_down_in_compare():
    old, new = two_years(scale_after=4)
    d = riskreg.diff_registers(old, new)
    assert d.counts()["rescored"] == 0 and d.counts()["rescaled"] == 6
    [m] = riskreg.compare_registers([old, new]).movement.to_dict("records")
    # before: compare counted 16 -> 12 down and 6 -> 9 up across the two scales
    assert (m["rescored"], m["rescored_up"], m["rescored_down"]) == (0, 0, 0)


@pytest.mark.parametrize("kind", ["rescored", "rescaled"])
def test_history_names_the_change_as_diff_does(kind):
    old, new = two_years(scale_after=5 if kind == "rescored" else 4)
    d = riskreg.diff_registers(old, new)
    h = riskreg.follow_risks([old, new])
    later = h.rows[h.rows["year"] == 2022]
    assert list(later["change"]) == list(d.changes["change"])
