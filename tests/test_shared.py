"""Shared risks on small hand-made registers: groups across organisations, latest years only."""
from __future__ import annotations

import pytest

from riskreg.match.shared import SharedSettings, shared_risks
from riskreg.schema import Risk, to_frame


def risk(org, year, nr, event, process="Ekonomi", method="Attest", value=9):
    return Risk(source_file=f"{org}.pdf", page=1, organisation=org, year=year, goal_id="3.2", goal="Mål",
                process=process, working_method=method, risk_nr=nr, event=event, probability=3, consequence=3,
                risk_value=value)


def shared(rows, settings=None):
    frame = to_frame(rows, Risk)
    return [(s.group, s.organisations, s.organisation, s.year, s.risk_nr, s.score)
            for s in shared_risks(frame, frame["organisation"], settings)]


def test_the_same_risk_in_three_organisations_is_one_group_with_one_member_each():
    rows = [risk("Farsta", 2022, 1, "Felaktiga utbetalningar"), risk("Farsta", 2022, 2, "Brand i lokaler"),
            risk("Bromma", 2022, 7, "Felaktiga utbetalningar", value=6),
            risk("Bromma", 2022, 8, "Felaktiga utbetalningar av lön"),
            risk("Kista", 2022, 3, "Felaktiga utbetalningar"), risk("Kista", 2022, 4, "Brand i lokaler")]
    # organisations join in name order (Bromma, Farsta, Kista); a group is scored against its first
    # member; Bromma's second look-alike cannot join its own organisation's group
    assert shared(rows) == [
        (1, 3, "Bromma", 2022, 7, 100), (1, 3, "Farsta", 2022, 1, 100), (1, 3, "Kista", 2022, 3, 100),
        (2, 2, "Farsta", 2022, 2, 100), (2, 2, "Kista", 2022, 4, 100)]


def test_only_each_organisations_latest_year_counts():
    rows = [risk("Farsta", 2021, 1, "Brand i lokaler"), risk("Farsta", 2022, 1, "Felaktiga utbetalningar"),
            risk("Kista", 2022, 5, "Brand i lokaler")]
    assert shared(rows) == []
    rows.append(risk("Kista", 2022, 6, "Felaktiga utbetalningar"))
    assert shared(rows) == [(1, 2, "Farsta", 2022, 1, 100), (1, 2, "Kista", 2022, 6, 100)]


def test_a_register_without_year_takes_part_with_all_its_risks():
    rows = [risk("Farsta", None, 1, "Brand i lokaler"), risk("Kista", 2022, 5, "Brand i lokaler")]
    assert shared(rows) == [(1, 2, "Farsta", None, 1, 100), (1, 2, "Kista", 2022, 5, 100)]


def test_a_members_row_holds_its_own_words_and_place():
    rows = [risk("Farsta", 2022, 1, "Brister i attesträtt", value=6),
            risk("Kista", 2023, 2, "Brister i attesträtten", value=None)]
    frame = to_frame(rows, Risk)
    first, second = shared_risks(frame, frame["organisation"])
    assert (first.event, first.process, first.working_method, first.risk_value, first.year) == (
        "Brister i attesträtt", "Ekonomi", "Attest", 6, 2022)
    assert (second.event, second.risk_nr, second.risk_value, second.year, second.organisations) == (
        "Brister i attesträtten", 2, None, 2023, 2)


def test_thresholds_decide_what_is_shared():
    rows = [risk("Farsta", 2022, 1, "Brister i attesträtt"), risk("Kista", 2022, 2, "Brister i attesträtten")]
    # event 95.24 alike (2 x 20 / 42), context the same: 0.7 x 95.24 + 0.3 x 100 = 96.7
    assert shared(rows) == [(1, 2, "Farsta", 2022, 1, 100), (1, 2, "Kista", 2022, 2, 97)]
    assert shared(rows, SharedSettings(threshold=98)) == []
    assert shared(rows, {"min_event_similarity": 96}) == []
    other_place = [rows[0], risk("Kista", 2022, 2, "Brister i attesträtten", process="Personal", method="Rekrytering")]
    assert shared(other_place) == []  # the same words in another process are another risk
    with pytest.raises(ValueError, match="unknown shared setting"):
        shared(rows, {"treshold": 90})
