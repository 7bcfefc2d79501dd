"""The normalised text every similarity compares (case, punctuation, whitespace, glyphs ignored)."""
from __future__ import annotations

import re

from ..normalize.parse import clean_text


def normalise_text(text: str | None) -> str:
    """Lower case, letters and digits only, single-spaced: what similarity compares."""
    text = clean_text(text).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())
