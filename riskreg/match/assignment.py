"""Choose pairs from a score matrix all at once: the one assignment linking and pairing share.

Given scores (rows of a x rows of b, 0-100) and which pairs are allowed at all
(at or above the stage's threshold, event texts alike enough), ``assign``
takes the one-to-one pairs whose margins above the threshold add up to most
(scipy's ``linear_sum_assignment``). Taking the best pair first instead lets
a row take the only counterpart of another row (``test_assignment_is_global_not_greedy``).
A pair not allowed gains nothing, the same as leaving both rows unpaired: a
row without any allowed pair stays unpaired ("no match").

Between pairs that gain the same, a small bonus the caller chooses decides:

- ``place_bonus`` (year-to-year pairing): the pair at the same relative place
  in both registers wins, by at most its weight, shrinking with the squared
  distance between the two places. The distance is squared because, with its
  plain value, two identical rows shifted by a row inserted or removed before
  them gain as much crossed as in order (Farsta 2022 -> 2023's two
  förskolegaranti risks) and the solver picks either; a convex cost keeps
  document order.
- ``order_bonus`` (control linking): document order, as reading the plan
  would: of two equal risks a control takes the earlier (Farsta 2022's risks
  65 and 66 are one row printed twice, its one control goes to 65), and two
  equal controls take two equal risks in order. Its weight only breaks ties.

The rows and columns joined by allowed pairs fall apart into small groups (a
control is like a few risks, not all); each group is solved on its own, which
gives the same optimum as the whole matrix and keeps a long document's
matrices small.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

#: added to every allowed pair's gain so that a pair exactly at the threshold still beats no pair
_AT_THRESHOLD = 1e-6

#: the weight of ``order_bonus``, in score points: it only breaks ties, link scores closer than
#: this count as equal (best-first linking, before the assignment, rounded them to 1e-6)
ORDER_WEIGHT = 1e-4


def _places(n: int) -> np.ndarray:
    return np.arange(n) / max(n - 1, 1)


def place_bonus(n_a: int, n_b: int, weight: float) -> np.ndarray:
    """n_a x n_b: WEIGHT x (1 - squared distance between the relative places), 0 to WEIGHT."""
    return weight * (1.0 - (_places(n_a)[:, None] - _places(n_b)[None, :]) ** 2)


def order_bonus(n_a: int, n_b: int, weight: float = ORDER_WEIGHT) -> np.ndarray:
    """n_a x n_b, 0 to WEIGHT: for each row, earlier columns gain more, and an earlier row with
    an earlier column gains more than the two crossed.

    WEIGHT x (1 - q x (1 - p)), p = row / rows (below 1) and q the column's relative place:
    falling in q for every row, and the product term p x q makes pairs in order worth more than crossed
    ones (p1 < p2, q1 < q2: p1 q1 + p2 q2 > p1 q2 + p2 q1).
    """
    p = np.arange(n_a)[:, None] / max(n_a, 1)
    return weight * (1.0 - _places(n_b)[None, :] * (1.0 - p))


def connected_groups(allowed: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(rows, columns) of each group of rows and columns joined by allowed pairs (two or more members)."""
    n_a, n_b = allowed.shape
    rows, cols = np.nonzero(allowed)
    graph = coo_matrix((np.ones(len(rows)), (rows, n_a + cols)), shape=(n_a + n_b, n_a + n_b))
    _, label = connected_components(graph, directed=False)
    out = []
    for group in np.unique(label[rows]):
        out.append((np.flatnonzero(label[:n_a] == group), np.flatnonzero(label[n_a:] == group)))
    return out


def assign(scores: np.ndarray, allowed: np.ndarray, threshold: float,
           bonus: np.ndarray) -> list[tuple[int, int, float]]:
    """(row, column, score) pairs, one-to-one, that together gain most: the sum of margins above
    THRESHOLD plus each pair's BONUS (``place_bonus`` or ``order_bonus``, >= 0). Only ALLOWED
    pairs are taken."""
    if not scores.size or not allowed.any():
        return []
    keep_place = bonus + _AT_THRESHOLD
    gain = np.where(allowed, scores - threshold + keep_place, 0.0)
    pairs = []
    for rows, cols in connected_groups(allowed):
        chosen_rows, chosen_cols = linear_sum_assignment(gain[np.ix_(rows, cols)], maximize=True)
        pairs += [(int(rows[a]), int(cols[b])) for a, b in zip(chosen_rows, chosen_cols)]
    return sorted((i, j, float(scores[i, j])) for i, j in pairs if allowed[i, j])
