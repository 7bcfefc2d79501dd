"""Pairing by place (match/context.py): rewordings that share no content word, paired as an auditor
pairs them, in diff and in history alike.

The truth is tests/fixtures/paraphrase_chain.csv, written by hand: four years (2021-2024) of one
invented district, each row a risk in document order with its identity (`id`: the same id is the
same risk, however worded) and the pair basis expected for it (`basis`: "text" when its wording
pairs it, "context" for a rewording only its place can pair, empty for a new risk). Besides the
rewordings it holds a removed risk with no new one in its place (2021 "sick", 2023 "delay"), and
new risks under the same process and working method as a removed one but in another place (2022
"induction", 2024 "oral"): those must stay removed and new.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from riskreg.i18n import use_language
from riskreg.diff import diff_registers, write_diff
from riskreg.history import HistorySettings, follow_risks
from riskreg.match.chain import ChainSettings
from riskreg.match.context import pair_in_place, word_stems
from riskreg.match.pairing import PairSettings
from riskreg.pipeline import Register
from riskreg.schema import Control, Problem, Risk, empty_frame, to_frame

CHAIN = Path(__file__).resolve().parent / "fixtures" / "paraphrase_chain.csv"
#: words too common to count as content (function words of four letters or more)
FUNCTION_WORDS = {"inte", "inom", "efter", "till", "över", "med", "och", "för", "att", "som", "blir", "kan"}


def labelled() -> pd.DataFrame:
    return pd.read_csv(CHAIN, dtype=str, keep_default_na=False)


def register(rows: list[dict], year: int, name: str = "exempelby") -> Register:
    risks = [Risk(source_file=f"{name}_{year}.pdf", page=1, organisation="Exempelby stadsdelsnämnd", year=year,
                  process=r["process"], working_method=r["working_method"], risk_nr=k + 1, event=r["event"],
                  probability=int(r["probability"]), consequence=int(r["consequence"]),
                  risk_value=int(r["probability"]) * int(r["consequence"]))
             for k, r in enumerate(rows)]
    return Register(risks=to_frame(risks, Risk), controls=empty_frame(Control), problems=empty_frame(Problem))


@pytest.fixture(scope="module")
def years() -> dict[int, tuple[list[dict], Register]]:
    frame = labelled()
    out = {}
    for year in sorted(frame["year"].unique()):
        rows = frame[frame["year"] == year].to_dict("records")
        out[int(year)] = (rows, register(rows, int(year)))
    return out


def _content(text: str) -> set[str]:
    return {w for w in text.lower().replace(",", " ").split() if len(w) >= 4 and w not in FUNCTION_WORDS}


def test_the_labelled_rewordings_share_no_content_word(years):
    """The fixture is what it claims: each rewording labelled "context" shares no content word with
    its previous wording, except the one chosen to share one ("parkvägarna")."""
    shared = {}
    for year, (rows, _) in years.items():
        previous = {r["id"]: r["event"] for r in years.get(year - 1, ([], None))[0]}
        for r in rows:
            if r["basis"] == "context":
                shared[(year, r["id"])] = _content(previous[r["id"]]) & _content(r["event"])
    assert len(shared) == 8
    assert {k: v for k, v in shared.items() if v} == {(2022, "park_access"): {"parkvägarna"}}


def test_diff_pairs_every_labelled_pair_on_its_basis(years):
    for year in sorted(years)[1:]:
        (old_rows, old), (new_rows, new) = years[year - 1], years[year]
        d = diff_registers(old, new)
        got = {(d.changes.at[k, "old_risk_nr"], d.changes.at[k, "new_risk_nr"], d.changes.at[k, "pair_basis"])
               for k in d.changes.index if d.changes.at[k, "change"] not in ("new", "removed")}
        old_nr = {r["id"]: k + 1 for k, r in enumerate(old_rows)}
        want = {(old_nr[r["id"]], k + 1, r["basis"]) for k, r in enumerate(new_rows) if r["id"] in old_nr}
        assert got == want, year
        assert sorted(d.changes.loc[d.changes["change"] == "removed", "old_event"]) == sorted(
            r["event"] for r in old_rows if r["id"] not in {n["id"] for n in new_rows})
        assert d.problems.empty


def test_history_follows_every_labelled_risk(years):
    h = follow_risks([reg for _, reg in years.values()])
    kept = h.rows[h.rows["change"] != "removed"]
    truth = labelled()
    assert len(kept) == len(truth)
    # one key per id, one id per key; the basis as labelled
    pairs = set(zip(truth["id"], kept["risk_key"]))
    assert len(pairs) == truth["id"].nunique() == kept["risk_key"].nunique()
    assert list(kept["pair_basis"].fillna("")) == list(truth["basis"])
    assert h.problems.empty
    gone = h.rows[h.rows["change"] == "removed"]
    assert sorted(zip(gone["year"], gone["event"])) == [
        (2021, "Hög sjukfrånvaro bland medarbetarna"), (2023, "Handläggningstiderna överskrids")]


def test_without_pairing_by_place_the_rewordings_are_lost(years):
    """The test can fail: text alone leaves the eight rewordings removed and new; history's short
    events by their context (step 2) pair one of them, "Skadestånd"."""
    regs = [reg for _, reg in years.values()]
    ids = labelled()["id"].nunique()
    h = follow_risks(regs, HistorySettings(pair=PairSettings(by_place=False), chain=ChainSettings(short_event_words=0)))
    kept = h.rows[h.rows["change"] != "removed"]
    assert kept["risk_key"].nunique() == ids + 8
    assert "context" not in set(kept["pair_basis"].dropna())
    h = follow_risks(regs, HistorySettings(pair=PairSettings(by_place=False)))
    kept = h.rows[h.rows["change"] != "removed"]
    assert kept["risk_key"].nunique() == ids + 7
    assert list(kept.loc[kept["pair_basis"] == "context", "event"]) == ["Förvaltningen blir skadeståndsskyldig"]
    for year in sorted(years)[1:]:
        d = diff_registers(years[year - 1][1], years[year][1], {"pair": {"by_place": False}})
        assert "context" not in set(d.changes["pair_basis"].dropna())


RISKS = [  # (process, working method, event)
    ("Ekonomisk styrning", "Månadsvis budgetuppföljning", "Budgetunderskott vid årets slut"),
    ("Ekonomisk styrning", "Månadsvis budgetuppföljning", "Felaktiga leverantörsfakturor betalas ut"),
    ("Ekonomisk styrning", "Månadsvis budgetuppföljning", "Attestordningen följs inte"),
    ("Kompetensförsörjning", "Rekrytering av personal", "Svårt att rekrytera legitimerad personal"),
]


def _rows(*events) -> list[dict]:
    return [{"process": p, "working_method": w, "event": e, "probability": "3", "consequence": "3"}
            for p, w, e in events]


def test_two_candidates_for_one_place_warn_and_pair_none():
    """2023 drops two budget risks and words a new one unlike both: which is it? Neither is guessed."""
    old = register(_rows(*RISKS), 2022)
    new_event = ("Ekonomisk styrning", "Månadsvis budgetuppföljning", "Kostnaderna överstiger tilldelad ram")
    new = register(_rows(new_event, RISKS[2], RISKS[3]), 2023)
    for problems, changes in [(d.problems, d.changes) for d in [diff_registers(old, new)]] + [
            (h.problems, h.rows) for h in [follow_risks([old, new])]]:
        assert list(problems["code"]) == ["pairing_uncertain"]
        message = problems["message"].iloc[0]
        for named in ("1 \"Budgetunderskott vid årets slut\"", "2 \"Felaktiga leverantörsfakturor betalas ut\"",
                      "1 \"Kostnaderna överstiger tilldelad ram\"", "at the start",
                      "before risk 3 (old) = 2 (new)", "Månadsvis budgetuppföljning"):
            assert named in message, (named, message)
        assert "context" not in set(changes["pair_basis"].dropna())
    d = diff_registers(old, new)
    assert sorted(d.changes["change"]) == ["new", "removed", "removed", "unchanged", "unchanged"]
    with use_language("en"):
        assert "1 place(s) with two candidates for one risk left unpaired" in d.summary()


def test_the_warning_reaches_problems_csv(tmp_path):
    old = register(_rows(*RISKS), 2022)
    new = register(_rows(("Ekonomisk styrning", "Månadsvis budgetuppföljning", "Kostnaderna överstiger tilldelad ram"),
                         RISKS[2], RISKS[3]), 2023)
    write_diff(diff_registers(old, new), tmp_path)
    written = pd.read_csv(tmp_path / "problems.csv", dtype=str, keep_default_na=False)
    assert list(written["code"]) == ["pairing_uncertain"]
    assert list(written["source_file"]) == ["exempelby_2023.pdf"]
    diff_csv = pd.read_csv(tmp_path / "diff.csv", dtype=str, keep_default_na=False)
    assert list(diff_csv.columns[:3]) == ["change", "score", "pair_basis"]


def test_one_candidate_pairs_whatever_its_words():
    old = register(_rows(*RISKS), 2022)
    new = register(_rows(("Ekonomisk styrning", "Månadsvis budgetuppföljning", "Kostnaderna överstiger tilldelad ram"),
                         *RISKS[1:]), 2023)
    d = diff_registers(old, new)
    assert list(d.changes["pair_basis"]) == ["context", "text", "text", "text"]
    assert d.changes["change"].iloc[0] == "reworded"


def test_another_process_or_working_method_is_no_candidate():
    old = _rows(*RISKS)
    for process, method in (("Lönehantering", "Månadsvis budgetuppföljning"), ("Ekonomisk styrning", "Årsbokslut")):
        new = _rows((process, method, "Kostnaderna överstiger tilldelad ram"), *RISKS[1:])
        assert pair_in_place(old, new, [(1, 1), (2, 2), (3, 3)], 90.0).pairs == []


def test_a_sibling_with_the_new_wording_claims_it():
    """The next-year sample's case, in other words: a new risk worded like a paired sibling
    ("Felaktiga leverantörsfakturor ...") is the sibling's kin, not the removed risk reworded."""
    old = _rows(*RISKS)
    new = _rows(("Ekonomisk styrning", "Månadsvis budgetuppföljning", "Dubbla leverantörsfakturor"), *RISKS[1:])
    assert pair_in_place(old, new, [(1, 1), (2, 2), (3, 3)], 90.0).pairs == []
    assert word_stems("Dyra och akuta evakueringar av boenden") & word_stems("Lokalen måste evakueras") == {"evakuer"}
    assert not word_stems("prövning i förvaltningsrätten") & word_stems("Förvaltningen blir skadeståndsskyldig")


def test_a_rewording_also_rescored_is_another_risk_in_its_place():
    """Words and scores both changed: more likely another risk put in its place; with
    same_scores off, its place alone pairs it."""
    old = register(_rows(*RISKS), 2022)
    rows = _rows(("Ekonomisk styrning", "Månadsvis budgetuppföljning", "Kostnaderna överstiger tilldelad ram"),
                 *RISKS[1:])
    rows[0]["probability"] = "4"
    new = register(rows, 2023)
    assert sorted(diff_registers(old, new).changes["change"]) == ["new", "removed", "unchanged", "unchanged",
                                                                  "unchanged"]
    loose = diff_registers(old, new, {"pair": {"same_scores": False}})
    assert list(loose.changes["change"])[0] == "reworded;rescored"
    assert list(loose.changes["pair_basis"])[0] == "context"


def test_diff_html_marks_a_pair_made_by_its_place(tmp_path):
    """diff.html's reworded row of a pair made by its place says so beside its score, in the
    report's language; a pair made by its text has no marker."""
    old = register(_rows(*RISKS), 2022)
    new = register(_rows(("Ekonomisk styrning", "Månadsvis budgetuppföljning", "Kostnaderna överstiger tilldelad ram"),
                         *RISKS[1:]), 2023)
    d = diff_registers(old, new)
    write_diff(d, tmp_path / "en", lang="en")
    write_diff(d, tmp_path / "sv")
    english = (tmp_path / "en" / "diff.html").read_text(encoding="utf-8")
    swedish = (tmp_path / "sv" / "diff.html").read_text(encoding="utf-8")
    assert english.count('class="basis"') == swedish.count('class="basis"') == 1
    assert ">paired by place</span>" in english and ">parad efter plats</span>" in swedish
    reworded = english.split('id="reworded"')[1].split("</table>")[0]
    assert "Kostnaderna överstiger tilldelad ram" in reworded and "paired by place" in reworded
    csv = pd.read_csv(tmp_path / "en" / "diff.csv", dtype=str, keep_default_na=False)
    assert list(csv.loc[csv["pair_basis"] == "context", "new_event"]) == ["Kostnaderna överstiger tilldelad ram"]
