"""Pair the risks of one register with those of another (last year's with this year's).

Each risk is scored against each other-year risk on its event text and on its
context (goal, process, working method), and the pairs are chosen all at once
(an assignment over the whole score matrix, scipy's linear_sum_assignment) so
that the sum of the pairs' margins above the threshold is largest. Pairing row
by row instead would let an early risk take a later risk's counterpart: seed
000 has "Dyra och akuta underhållsåtgärder" four times, under different
working methods.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

from ..settings_base import SettingsBase
from ..schema import text_of
from .similarity import normalise_text


@dataclass(frozen=True)
class PairSettings(SettingsBase):
    """How alike two risks must be to count as the same risk in two years."""

    stage = "pair"

    #: share of the score from the event text; the rest comes from the context
    event_weight: float = 0.7
    #: shares of the context score from goal, process and working method
    goal_weight: float = 0.2
    process_weight: float = 0.4
    working_method_weight: float = 0.4
    #: a pair needs a score (0-100) at least this high ... (evidence in the README:
    #: true pairs of the next-year sample score >= 78.9, false candidates <= 73.4)
    threshold: float = 76.0
    #: ... and event texts at least this alike (0-100), whatever the context
    #: (true pairs >= 69.8, the near-miss new risks <= 62.0)
    min_event_similarity: float = 65.0
    #: between equally good pairs, prefer the one at the same place in the
    #: document: this many points for a risk moved from the first row to the last
    position_weight: float = 1.0


# rapidfuzz scores 0-100; ratio and token_sort_ratio give two empty texts 100 and
# one empty text 0, which is how empty fields compare here
EVENT_SCORERS = (fuzz.ratio, fuzz.token_sort_ratio)  # the better of the two counts
FIELD_SCORER = fuzz.ratio


def event_similarity(a, b) -> float:
    """0-100 on normalised text; reordered words count as alike (token sort)."""
    a, b = normalise_text(a), normalise_text(b)
    return max(scorer(a, b) for scorer in EVENT_SCORERS)


def field_similarity(a, b) -> float:
    """0-100 for one context field; two empty fields are alike, one empty is not."""
    return FIELD_SCORER(normalise_text(a), normalise_text(b))


def goal_text(row) -> str:
    """The goal as compared: its text, or its number when the text is missing."""
    return text_of(row.get("goal")) or text_of(row.get("goal_id"))


@dataclass
class Pairing:
    """Which old risk is which new one: row positions into the two frames."""

    pairs: list[tuple[int, int, float]]  # (old row, new row, score 0-100)
    removed: list[int]  # old rows without a counterpart
    new: list[int]  # new rows without a counterpart
    scores: np.ndarray  # old x new score matrix
    events: np.ndarray  # old x new event similarity matrix


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    if column not in frame.columns:
        return [""] * len(frame)
    return [normalise_text(text_of(v)) for v in frame[column].tolist()]


def _goals(frame: pd.DataFrame) -> list[str]:
    return [normalise_text(goal_text(r)) for r in frame.to_dict("records")]


def _cdist(a: list[str], b: list[str], scorer) -> np.ndarray:
    if not a or not b:
        return np.zeros((len(a), len(b)))
    return process.cdist(a, b, scorer=scorer, dtype=np.float64, workers=1)


def score_matrix(old: pd.DataFrame, new: pd.DataFrame, s: PairSettings) -> tuple[np.ndarray, np.ndarray]:
    """(scores, event similarities) of every old risk against every new one.

    score = event_weight x event similarity + the rest x context, the context
    being the weighted field similarities of goal, process and working method.
    """
    a, b = _texts(old, "event"), _texts(new, "event")
    events = np.maximum.reduce([_cdist(a, b, scorer) for scorer in EVENT_SCORERS])
    total = s.goal_weight + s.process_weight + s.working_method_weight
    context = (s.goal_weight * _cdist(_goals(old), _goals(new), FIELD_SCORER)
               + s.process_weight * _cdist(_texts(old, "process"), _texts(new, "process"), FIELD_SCORER)
               + s.working_method_weight * _cdist(_texts(old, "working_method"),
                                                  _texts(new, "working_method"), FIELD_SCORER)) / total
    return s.event_weight * events + (1 - s.event_weight) * context, events


def assign(scores: np.ndarray, events: np.ndarray, s: PairSettings) -> list[tuple[int, int, float]]:
    """(old, new, score) pairs that together gain most: the sum of margins above the threshold.

    A pair needs score >= threshold and event similarity >= min_event_similarity.
    Between equal gains, pairs at the same relative place in both documents win.
    """
    if not scores.size:
        return []
    allowed = (scores >= s.threshold) & (events >= s.min_event_similarity)
    n_old, n_new = scores.shape
    pos_old = np.arange(n_old)[:, None] / max(n_old - 1, 1)
    pos_new = np.arange(n_new)[None, :] / max(n_new - 1, 1)
    # a pair not allowed gains nothing, the same as leaving both risks unpaired;
    # keeping one's place adds at most position_weight (always > 0). The distance is squared:
    # with its plain value, two identical risks shifted by a row inserted or removed before them
    # gain as much crossed as in order (Farsta 2022 -> 2023's two förskolegaranti risks), and
    # the solver picks either; a convex cost keeps document order
    keep_place = s.position_weight * (1.0 - (pos_old - pos_new) ** 2) + 1e-6
    gain = np.where(allowed, scores - s.threshold + keep_place, 0.0)
    rows, cols = linear_sum_assignment(gain, maximize=True)
    return [(int(i), int(j), float(scores[i, j])) for i, j in zip(rows, cols) if allowed[i, j]]


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
