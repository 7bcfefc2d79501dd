"""Characters printed twice at almost the same place (bold faked by overprinting), read once;
ligature glyphs read as their letters."""
from __future__ import annotations

import unicodedata

from .settings import ExtractSettings


def dedupe_chars(chars: list[dict], settings: ExtractSettings) -> list[dict]:
    """Drop characters printed twice at almost the same place (bold faked by overprinting).

    Each kept character is filed under its text and a grid square of the tolerance's side, so a
    repeat is found however many characters lie between the two printings (a producer may print
    a whole line, then the line again 0.3 pt to the right)."""
    out: list[dict] = []
    tol = settings.duplicate_tolerance
    if tol <= 0:
        return list(chars)
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
