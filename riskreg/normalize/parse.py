"""Reading cell text into values: clean text, scores, numbers, goal ids, the IKP mark."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from ..scales import CONSEQUENCE_SCALE, PROBABILITY_SCALE, RISK_VALUES  # noqa: F401 (read from here too)

_GOAL = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+|$|(?=[A-ZÅÄÖ]))(.*)$", re.S)
_SCORE = re.compile(r"^\s*([1-5])\s*[.,:)–—-]?\s*(.*?)\s*$", re.S)  # "3. Möjlig", "3 – Möjlig" (Stratsys)


# glyphs: private use (Wingdings: U+E000-F8FF, planes 15-16), geometric shapes, symbols and
# dingbats (U+25A0-27BF: squares, stars); with the control characters (category Cc)
_GLYPHS = "\ue000-\uf8ff\U000f0000-\U0010ffff\u25a0-\u27bf"
_GLYPH = re.compile(f"[{_GLYPHS}]")
_GLYPH_OR_CONTROL = re.compile(f"[{_GLYPHS}\x00-\x1f\x7f-\x9f]")


def is_glyph(ch: str) -> bool:
    """Marks that carry no text: private-use (Wingdings), squares, stars, dingbats."""
    return bool(_GLYPH.match(ch)) or unicodedata.category(ch) == "Co"


def clean_text(text: Optional[str]) -> str:
    """Single-spaced text without glyphs, soft hyphens or control characters."""
    return " ".join(clean_words(text))


def clean_words(text: Optional[str]) -> list[str]:
    """The words of ``clean_text(text)``."""
    if not text:
        return []
    return _GLYPH_OR_CONTROL.sub(" ", text.replace("\u00ad", "")).split()


def has_glyph(text: Optional[str]) -> bool:
    return bool(text) and any(is_glyph(ch) for ch in text)


def parse_score(text: str, scale: dict[int, str]) -> tuple[Optional[int], str]:
    """'3. Möjlig', '3.Möjlig', '3 Möjlig', '3', 'Möjlig' or '3 Möjlig (kan inträffa)' -> (3, 'Möjlig')."""
    text = clean_text(text)
    if not text:
        return None, ""
    m = _SCORE.match(text)
    if m:
        # "3 Kännbar (uppfattas som besvärande ...)": the level's explanation is the scale's, not the row's
        return int(m.group(1)), re.sub(r"\s*\(.*\)$", "", m.group(2), flags=re.S)
    by_label = {v.lower(): k for k, v in scale.items()}
    bare = re.sub(r"\s*\(.*\)$", "", text, flags=re.S)
    if bare.lower() in by_label:
        return by_label[bare.lower()], bare
    raise ValueError(f"not a score: {text!r}")


def parse_int(text: str) -> Optional[int]:
    text = clean_text(text)
    if not text:
        return None
    m = re.match(r"^(\d{1,4})\b", text)
    if not m:
        raise ValueError(f"not a number: {text!r}")
    return int(m.group(1))


def split_goal(text: str) -> tuple[Optional[str], str]:
    """'1.2. Stockholm är en trygg ...' -> ('1.2', 'Stockholm är en trygg ...')."""
    text = clean_text(text)
    m = _GOAL.match(text)
    if not m:
        return None, text
    return m.group(1), m.group(2).strip()


def starts_with_goal_id(text: str) -> bool:
    return bool(_GOAL.match(clean_text(text)))


def split_glued_value(text: str) -> tuple[str, Optional[int]]:
    """IKP tables glue the risk value to the event: '16 Samverkan ...', 'Anseendeskada 9'.

    Only a number that can be a risk value (a product of two 1-5 scores) is taken.
    """
    text = clean_text(text)
    m = re.match(r"^(\d{1,2})\s+(\S.*)$", text)
    if m and int(m.group(1)) in RISK_VALUES:
        return m.group(2), int(m.group(1))
    m = re.match(r"^(.*\S)\s+(\d{1,2})$", text)
    if m and int(m.group(2)) in RISK_VALUES:
        return m.group(1), int(m.group(2))
    return text, None


def parse_in_ikp(text: str, column_says_no: bool) -> Optional[bool]:
    """The IKP column: '★' (or a glyph) = in the plan, 'Nej, endast VoR' = only in the VoR.

    A blank cell counts as in the plan when the column writes its "no" as words:
    then the blank is a ★ glyph that did not extract (seed 000 shows this).
    """
    raw = text or ""
    words = clean_text(raw).lower()
    if words.startswith("nej") or words in {"n", "no"}:
        return False
    if has_glyph(raw) or words in {"ja", "x", "j", "yes"} or words.startswith("ja"):
        return True
    if not words:
        return True if column_says_no else False
    return None
