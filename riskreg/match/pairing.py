"""Pair the risks of one register with those of another (last year's with this year's).

Each risk is scored against each other-year risk on its event text and on its
context (goal, process, working method) by ``scorer.pair_scores``, and the pairs
are chosen all at once by ``assignment.assign`` (the one control linking uses)
so that the sum of the pairs' margins above the threshold is largest. Pairing row
by row instead would let an early risk take a later risk's counterpart: seed
000 has "Dyra och akuta underhållsåtgärder" four times, under different
working methods.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..settings_base import SettingsBase
from ..schema import Problem
from .assignment import assign as assign_pairs, place_bonus
from .context import CONTEXT, TEXT, pair_in_place
from .scorer import EVENT_SCORERS, FIELD_SCORER, event_similarity, field_similarity, goal_text, pair_scores

__all__ = ["CONTEXT", "EVENT_SCORERS", "FIELD_SCORER", "PairSettings", "Pairing", "TEXT", "add_place_pairs",
           "assign", "event_similarity", "field_similarity", "goal_text", "pair_risks", "score_matrix"]


@dataclass(frozen=True)
class PairSettings(SettingsBase):
    """How alike two risks must be to count as the same risk in two years."""

    stage = "pair"

    #: share of the score from the event text; the rest comes from the context
    event_weight: float = 0.7
    #: share of the context score from the goal
    goal_weight: float = 0.2
    #: share of the context score from the process
    process_weight: float = 0.4
    #: share of the context score from the working method
    working_method_weight: float = 0.4
    #: a pair needs a score (0-100) at least this high ... (evidence in docs/cli.md, "How diff pairs risks":
    #: true pairs of the next-year sample score >= 78.9, false candidates <= 73.4)
    threshold: float = 76.0
    #: a pair needs event texts at least this alike (0-100), whatever the context
    #: (true pairs >= 69.8, the near-miss new risks <= 62.0)
    min_event_similarity: float = 65.0
    #: between equally good pairs, prefer the one at the same place in the
    #: document: this many points for a risk moved from the first row to the last
    position_weight: float = 1.0
    #: pair what text left unpaired by its place (docs/cli.md, "Pairing by place"): an old and a new
    #: risk between the same paired neighbours, under the same process and working method, when
    #: nothing else claims either
    by_place: bool = True
    #: for that, process and working method must each be at least this alike (0-100)
    same_place: float = 90.0
    #: and they must carry the same probability, consequence and risk value (a risk whose words and
    #: scores both changed is more likely another risk in its place)
    same_scores: bool = True


@dataclass
class Pairing:
    """Which old risk is which new one: row positions into the two frames."""

    pairs: list[tuple[int, int, float]]  # (old row, new row, score 0-100)
    removed: list[int]  # old rows without a counterpart
    new: list[int]  # new rows without a counterpart
    scores: np.ndarray  # old x new score matrix
    events: np.ndarray  # old x new event similarity matrix
    #: (old row, new row) -> "context" for a pair made by its place or its context, not its text alone
    basis: dict[tuple[int, int], str] = field(default_factory=dict)
    #: pairing_uncertain warnings: places with two candidates for one risk, left unpaired
    uncertain: list[Problem] = field(default_factory=list)

    def basis_of(self, old_row: int, new_row: int) -> str:
        """"text" or "context": what the pair (OLD_ROW, NEW_ROW) was made on."""
        return self.basis.get((old_row, new_row), TEXT)


def score_matrix(old: pd.DataFrame, new: pd.DataFrame, s: PairSettings) -> tuple[np.ndarray, np.ndarray]:
    """(scores, event similarities) of every old risk against every new one (``scorer.pair_scores``)."""
    return pair_scores(old, new, s)


def assign(scores: np.ndarray, events: np.ndarray, s: PairSettings) -> list[tuple[int, int, float]]:
    """(old, new, score) pairs that together gain most (``assignment.assign``).

    A pair needs score >= threshold and event similarity >= min_event_similarity.
    Between equal gains, pairs at the same relative place in both documents win.
    """
    allowed = (scores >= s.threshold) & (events >= s.min_event_similarity)
    return assign_pairs(scores, allowed, s.threshold, place_bonus(*scores.shape, s.position_weight))


def pair_risks(old: pd.DataFrame, new: pd.DataFrame, settings: PairSettings | dict | None = None) -> Pairing:
    """Pair old and new risks one to one, globally; the rest are removed or new."""
    s = PairSettings.resolve(settings)
    scores, events = score_matrix(old, new, s)
    pairs = assign(scores, events, s)
    paired_old = {i for i, _, _ in pairs}
    paired_new = {j for _, j, _ in pairs}
    return Pairing(pairs=sorted(pairs, key=lambda p: (p[1], p[0])),
                   removed=[i for i in range(len(old)) if i not in paired_old],
                   new=[j for j in range(len(new)) if j not in paired_new],
                   scores=scores, events=events)


def add_place_pairs(pairing: Pairing, old: pd.DataFrame, new: pd.DataFrame,
                    settings: PairSettings | dict | None = None, names: tuple[str, str] = ("", ""),
                    claimed: set[int] = frozenset()) -> Pairing:
    """PAIRING with the pairs ``context.pair_in_place`` makes of its removed and new risks added
    (basis "context") and its warnings; unchanged when ``by_place`` is off. CLAIMED new rows are
    placed otherwise (history's returned risks) and are no candidates."""
    s = PairSettings.resolve(settings)
    if not s.by_place:
        return pairing
    found = pair_in_place(old.to_dict("records"), new.to_dict("records"), [(i, j) for i, j, _ in pairing.pairs],
                          s.same_place, names, claimed, s.same_scores)
    added = [(i, j, float(pairing.scores[i, j])) for i, j in found.pairs]
    paired_old = {i for i, _ in found.pairs}
    paired_new = {j for _, j in found.pairs}
    return Pairing(pairs=sorted(pairing.pairs + added, key=lambda p: (p[1], p[0])),
                   removed=[i for i in pairing.removed if i not in paired_old],
                   new=[j for j in pairing.new if j not in paired_new], scores=pairing.scores,
                   events=pairing.events, basis={**pairing.basis, **{p: CONTEXT for p in found.pairs}},
                   uncertain=pairing.uncertain + found.uncertain)
