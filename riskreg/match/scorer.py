"""How alike two risks are, or a control and a risk: the parts of a score and how they add up.

Both matching steps score with this module:

- ``link.py`` scores each internkontrollplan control against each risk of its
  document (``link_scores``): the event texts, the context as a set of words,
  the goal number and the risk value;
- ``pairing.py`` scores each risk of one year against each risk of another
  (``pair_scores``), and ``shared.py`` and ``chain.py`` through it: the event
  texts in any word order, then goal, process and working method field by field.

The two weigh different parts because the documents differ: an IKP row repeats
its risk's event and value beside the same goal number, while a new year's
register rewords events and renumbers goals. Each part is a matrix (rows of
``a`` x rows of ``b``, 0-100); a score is a weighted sum of parts
(``weighted_sum``), the weights being the stage's settings (``LinkSettings``,
``PairSettings``). Rows are dataclasses (``Risk``, ``Control``) or a frame's
records; a field a row lacks is empty.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..schema import missing, text_of
from .similarity import normalise_text

# rapidfuzz scores 0-100; ratio and token_sort_ratio give two empty texts 100 and
# one empty text 0, which is how empty fields compare here
EVENT_SCORERS = (fuzz.ratio, fuzz.token_sort_ratio)  # the better of the two counts
FIELD_SCORER = fuzz.ratio

# -- reading the compared fields ---------------------------------------------------------------

def field_values(rows, name: str) -> list:
    """The field NAME of each row (a frame's column, or a dataclass's attribute); None where it has none."""
    if isinstance(rows, pd.DataFrame):
        return rows[name].tolist() if name in rows.columns else [None] * len(rows)
    return [r.get(name) if isinstance(r, dict) else getattr(r, name, None) for r in rows]


def texts(rows, *names: str) -> list[str]:
    """The fields NAMES of each row joined by a space, normalised (an empty field adds nothing but the space)."""
    columns = [field_values(rows, name) for name in names]
    return [normalise_text(" ".join(text_of(v) for v in values)) for values in zip(*columns)]


def goal_text(row) -> str:
    """The goal as compared: its text, or its number when the text is missing."""
    return text_of(row.get("goal")) or text_of(row.get("goal_id"))


def goal_texts(rows) -> list[str]:
    goals, ids = field_values(rows, "goal"), field_values(rows, "goal_id")
    return [normalise_text(text_of(g) or text_of(i)) for g, i in zip(goals, ids)]


# -- the parts: rows of a x rows of b, each 0-100 ----------------------------------------------

def text_similarity(a: list[str], b: list[str], scorers: Sequence[Callable] = (FIELD_SCORER,)) -> np.ndarray:
    """The best of SCORERS on each pair of (normalised) texts. Registers repeat texts (a control
    repeats its risk's event, a goal heads many rows), so each distinct pair is compared once."""
    if not a or not b:
        return np.zeros((len(a), len(b)))
    a_values, a_ix = np.unique(np.array(a, dtype=object), return_inverse=True)
    b_values, b_ix = np.unique(np.array(b, dtype=object), return_inverse=True)
    best = np.maximum.reduce([process.cdist(list(a_values), list(b_values), scorer=scorer, dtype=np.float64,
                                            workers=1) for scorer in scorers])
    return best[np.ix_(a_ix.reshape(-1), b_ix.reshape(-1))]  # rows and columns at once: no copy between


def word_set_similarity(a: list[str], b: list[str]) -> np.ndarray:
    """The texts compared as sets of words (rapidfuzz token_set_ratio): the same words in
    another order or split differently over two fields are alike. Two empty texts are
    alike (100), one empty is not (0)."""
    scores = text_similarity(a, b, (fuzz.token_set_ratio,))
    a_empty = np.array([not t for t in a], dtype=bool)[:, None]
    b_empty = np.array([not t for t in b], dtype=bool)[None, :]
    scores[a_empty | b_empty] = 0.0  # (in place: a long document's matrices are tens of MB)
    scores[a_empty & b_empty] = 100.0
    return scores


def agreement(a: list, b: list, unknown: float) -> np.ndarray:
    """100 where the two values are equal, 0 where they differ, UNKNOWN where either is missing."""
    a_missing, b_missing = _missing(a)[:, None], _missing(b)[None, :]
    same = (_objects(a)[:, None] == _objects(b)[None, :]).astype(bool)
    out = np.where(same, 100.0, 0.0)
    out[a_missing | b_missing] = float(unknown)
    return out


def _missing(values: list) -> np.ndarray:
    return np.array([missing(v) or v == "" for v in values], dtype=bool)


def _objects(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def weighted_sum(parts: Sequence[tuple[float, np.ndarray]]) -> np.ndarray:
    """weight x part, summed in the order given."""
    total = None
    for weight, part in parts:
        if total is None:
            total = weight * part
        else:
            total += weight * part  # in place: the same sums, one matrix fewer alive
        del part  # (parts given one by one are not held while the next is made)
    return total


# -- the two scores ----------------------------------------------------------------------------

def link_scores(controls, risks, s) -> tuple[np.ndarray, np.ndarray]:
    """(scores, event similarities), controls x risks, weighed by ``LinkSettings`` S.

    The event texts (ratio), the contexts (process and working method joined,
    compared as word sets, because documents put the same words under Process
    in one table and under Arbetssätt in another: seed 000's "Förhindra
    ekonomiska oegentligheter"), the goal number (an empty one matches nothing)
    and the risk value (50 when one is missing: the IKP often prints none).
    """
    events = text_similarity(texts(controls, "event"), texts(risks, "event"))
    parts = [(s.event_weight, lambda: events),
             (s.context_weight, lambda: word_set_similarity(texts(controls, "process", "working_method"),
                                                            texts(risks, "process", "working_method"))),
             (s.goal_weight, lambda: agreement(field_values(controls, "goal_id"), field_values(risks, "goal_id"),
                                               unknown=0.0)),
             (s.risk_value_weight, lambda: agreement(field_values(controls, "risk_value"),
                                                     field_values(risks, "risk_value"), unknown=50.0))]
    # each part made when it is added (a long document's controls x risks matrices are tens of MB)
    scores = weighted_sum((weight, make()) for weight, make in parts)
    return scores, events


def pair_scores(old, new, s) -> tuple[np.ndarray, np.ndarray]:
    """(scores, event similarities), old risks x new risks, weighed by ``PairSettings`` S.

    score = event_weight x event similarity + the rest x context, the event
    texts compared in any word order (the better of ratio and token sort), the
    context being the weighted field similarities of goal (its text, or its
    number), process and working method.
    """
    events = text_similarity(texts(old, "event"), texts(new, "event"), EVENT_SCORERS)
    context = weighted_sum([(s.goal_weight, text_similarity(goal_texts(old), goal_texts(new))),
                            (s.process_weight, text_similarity(texts(old, "process"), texts(new, "process"))),
                            (s.working_method_weight, text_similarity(texts(old, "working_method"),
                                                                      texts(new, "working_method")))])
    total = s.goal_weight + s.process_weight + s.working_method_weight
    return weighted_sum([(s.event_weight, events), (1 - s.event_weight, context / total)]), events


# -- one pair of texts, as the change words compare them ---------------------------------------

def event_similarity(a, b) -> float:
    """0-100 on normalised text; reordered words count as alike (token sort)."""
    a, b = normalise_text(text_of(a)), normalise_text(text_of(b))
    return max(scorer(a, b) for scorer in EVENT_SCORERS)


def field_similarity(a, b) -> float:
    """0-100 for one context field; two empty fields are alike, one empty is not."""
    return FIELD_SCORER(normalise_text(text_of(a)), normalise_text(text_of(b)))
