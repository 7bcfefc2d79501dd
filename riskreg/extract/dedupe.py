"""Characters printed twice at almost the same place (bold faked by overprinting), read once;
ligature glyphs read as their letters."""
from __future__ import annotations

import unicodedata
from operator import itemgetter

import numpy as np

from . import char_boxes
from .settings import ExtractSettings


def dedupe_chars(chars: list[dict], settings: ExtractSettings) -> list[dict]:
    """``dedupe_with_boxes`` without the boxes."""
    return dedupe_with_boxes(chars, settings)[0]


def dedupe_with_boxes(chars: list[dict], settings: ExtractSettings) -> tuple[list[dict], np.ndarray]:
    """Drop characters printed twice at almost the same place (bold faked by overprinting).

    A character is dropped when one kept before it, of its text, lies within the tolerance on
    both axes, however many characters lie between the two printings (a producer may print a
    whole line, then the line again 0.3 pt to the right). Only the characters with a possible
    twin near them are read one by one. With the characters kept, their boxes as an array
    (extract/char_boxes.py)."""
    tol = settings.duplicate_tolerance
    box = char_boxes.boxes(chars)
    if tol <= 0 or not chars:
        return list(chars), box
    suspects = _near_a_twin(chars, box, tol)
    if not suspects.any():
        return list(chars), box
    kept = {id(c) for c in _dedupe(char_boxes.pick(chars, suspects), tol)}
    keep = np.fromiter((not s or id(c) in kept for c, s in zip(chars, suspects.tolist())), bool, len(chars))
    return char_boxes.pick(chars, keep), box[keep]


def _near_a_twin(chars: list[dict], box: np.ndarray, tol: float) -> np.ndarray:
    """For each character, whether another of its text might lie within ``tol`` of it: both in
    one square of side ``tol`` or in neighbouring ones (a superset of the repeats; the others are
    kept whatever came before them, so only these need the exact reading).

    Why so: the exact reading files every character under a Python dict; on a page of 5,000
    characters with no repeat at all, array operations over the squares cost a tenth of that."""
    n = len(chars)
    texts = list(map(_TEXT, chars))
    codes = {t: i for i, t in enumerate(set(texts))}
    code = np.fromiter(map(codes.__getitem__, texts), np.int64, n)
    gx = np.floor(box[:, 0] / tol).astype(np.int64)
    gy = np.floor(box[:, 1] / tol).astype(np.int64)
    # a square's key: the text's code and the square's column and row, each in 21 bits
    # (coordinates within +-1,048,576 squares of the origin: a page is a few thousand points)
    key = (code << 42) | ((gx + _OFFSET) << 21) | (gy + _OFFSET)
    squares, at, counts = np.unique(key, return_inverse=True, return_counts=True)
    suspect = counts[at] > 1
    # the squares above and below in the same column are the sorted keys' neighbours (key -+ 1)
    last = len(squares) - 1
    suspect |= (squares[np.maximum(at - 1, 0)] == key - 1) | (squares[np.minimum(at + 1, last)] == key + 1)
    for dx in (-1, 1):  # the column left and right: any key from its square above to below
        low = key + (dx << 21) - 1
        first = np.minimum(np.searchsorted(squares, low), last)
        suspect |= (squares[first] >= low) & (squares[first] <= low + 2)
    return suspect


_OFFSET = 1 << 20  # squares: how far from the origin a square's column or row may be
_TEXT = itemgetter("text")


def _dedupe(chars: list[dict], tol: float) -> list[dict]:
    """The exact reading: each character is kept unless one kept before it, of its text, lies
    within ``tol`` of it (on both axes)."""
    out: list[dict] = []
    # squares of twice the tolerance: a repeat within the tolerance lies in the character's own
    # square or the next one on the side of the square's half the character is in (4 looked at)
    side = 2 * tol
    placed: dict[tuple, list[tuple[float, float]]] = {}  # (text, square) -> places kept there
    get = placed.get
    for ch in chars:
        x, top, text = ch["x0"], ch["top"], ch["text"]
        gx, gy = x // side, top // side
        fx, fy = x - gx * side, top - gy * side
        if tol - _EPS < fx < tol + _EPS or tol - _EPS < fy < tol + _EPS:
            # on a half's border, where rounding could tell either side: all nine squares
            found = _repeats(x, top, tol, *(get((text, gx + dx, gy + dy))
                                            for dx in (-1, 0, 1) for dy in (-1, 0, 1)))
        else:
            nx = gx + 1 if fx >= tol else gx - 1
            ny = gy + 1 if fy >= tol else gy - 1
            found = _repeats(x, top, tol, get((text, gx, gy)), get((text, nx, gy)),
                             get((text, gx, ny)), get((text, nx, ny)))
        if found:
            continue
        kept = get((text, gx, gy))
        if kept is None:
            placed[(text, gx, gy)] = [(x, top)]
        else:
            kept.append((x, top))
        out.append(ch)
    return out


_EPS = 1e-6  # points: how far from a square's half a character counts as on its border


def _repeats(x: float, top: float, tol: float, *squares) -> bool:
    """Whether a place kept in one of the squares (None: none kept there) lies within ``tol`` of (x, top)."""
    for kept in squares:
        if kept:
            for ox, otop in kept:
                if -tol < x - ox < tol and -tol < top - otop < tol:
                    return True
    return False


#: the Latin ligatures a font may print as one glyph (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ), as their letters
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}


def expand_ligatures(chars: list[dict]) -> list[dict]:
    """Each ligature glyph as the letters it stands for: one character of two or three letters,
    as pdfium's reader gives it ("ﬁnns" from Chromium, read by pdfminer, is "finns")."""
    ligatures = _LIGATURES
    if not any(ch["text"] in ligatures for ch in chars):
        return chars
    return [{**ch, "text": ligatures[ch["text"]]} if ch["text"] in ligatures else ch for ch in chars]
