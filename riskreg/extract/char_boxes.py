"""Characters' boxes as one array, and characters picked by array operations.

The readers ask of every character where it lies (inside a table's box, a cell, a grid): asked
one character at a time in Python, that is most of a page's time. Here the boxes are read into
an array once (C-level item getters, no Python per character), and the answer comes back as
the characters picked, in the order given.
"""
from __future__ import annotations

from itertools import chain
from operator import itemgetter

import numpy as np

_BOX = itemgetter("x0", "top", "x1", "bottom")
_TEXT = itemgetter("text")


def boxes(chars: list[dict]) -> np.ndarray:
    """The characters' boxes, one row each: x0, top, x1, bottom (PDF points, top down)."""
    n = len(chars)
    return np.fromiter(chain.from_iterable(map(_BOX, chars)), np.float64, 4 * n).reshape(n, 4)


def pick(chars: list[dict], which) -> list[dict]:
    """The characters at the indices (or where the mask is true), in their order."""
    index = np.flatnonzero(which) if getattr(which, "dtype", None) == bool else which
    index = index.tolist() if hasattr(index, "tolist") else list(index)
    if not index:
        return []
    if len(index) == 1:
        return [chars[index[0]]]
    return list(itemgetter(*index)(chars))


def within(box: np.ndarray, area: tuple, spare: float = 0.0) -> np.ndarray:
    """Whether each character's box lies wholly inside ``area`` (x0, top, x1, bottom) grown by ``spare``."""
    x0, top, x1, bottom = area
    return ((x0 - spare <= box[:, 0]) & (box[:, 2] <= x1 + spare)
            & (top - spare <= box[:, 1]) & (box[:, 3] <= bottom + spare))


def centre_in(box: np.ndarray, area: tuple) -> np.ndarray:
    """Whether each character's centre lies inside ``area`` (x0, top, x1, bottom), sides included."""
    x0, top, x1, bottom = area
    cx, cy = (box[:, 0] + box[:, 2]) / 2, (box[:, 1] + box[:, 3]) / 2
    return (x0 <= cx) & (cx <= x1) & (top <= cy) & (cy <= bottom)


def run_starts(chars: list[dict], box: np.ndarray, gap_ratio: float) -> np.ndarray:
    """For each character the index of the first character of its text run: the characters that
    follow one another in the order given (the content stream's), none a space, on one line
    (tops and bottoms within ``gap_ratio`` of the size), each starting within ``gap_ratio`` font
    sizes of where the one before ended (a word as printed, which may run past its cell's rule)."""
    n = len(chars)
    index = np.arange(n)
    if n < 2:
        return index
    space = np.fromiter(map(str.isspace, map(_TEXT, chars)), bool, n)
    tol = gap_ratio * (box[1:, 3] - box[1:, 1])
    goes_on = (~space[1:] & ~space[:-1] & (np.abs(box[1:, 0] - box[:-1, 2]) <= tol)
               & (np.abs(box[1:, 1] - box[:-1, 1]) <= tol) & (np.abs(box[1:, 3] - box[:-1, 3]) <= tol))
    return np.maximum.accumulate(np.where(np.concatenate(([False], goes_on)), 0, index))
