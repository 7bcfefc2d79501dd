"""Text similarity on normalised text (case, punctuation, whitespace, glyphs)."""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..normalize.parse import clean_text


def normalise_text(text: str | None) -> str:
    """Lower case, letters and digits only, single-spaced: what similarity compares."""
    text = clean_text(text).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def text_similarity(a: str | None, b: str | None) -> float:
    """0-100: how alike two texts read, ignoring case, punctuation and spacing."""
    a, b = normalise_text(a), normalise_text(b)
    if not a and not b:
        return 100.0
    return fuzz.ratio(a, b)


def context_similarity(a: str | None, b: str | None) -> float:
    """0-100: how alike two contexts (process and working method, joined) are.

    Token-set comparison, because documents put the same words under Process in
    one table and under Arbetssätt in another (seed 000: "Förhindra ekonomiska
    oegentligheter").
    """
    a, b = normalise_text(a), normalise_text(b)
    if not a and not b:
        return 100.0
    if not a or not b:
        return 0.0
    return fuzz.token_set_ratio(a, b)
