"""How much a piece of text looks like Swedish words: the evidence for mending a broken word.

A producer that breaks an overlong word by characters leaves two pieces
("barnomsorgs" / "garantin"); a line that wraps after a long word leaves two
words ("Ekonomiavdelningen" / "kontrollerar"). Which one a line end is, the
document's own vocabulary often tells (see extract.text), but a word printed
only once needs outside evidence: wordfreq's Swedish word list.

Swedish writes compounds as one word, so most register words are in no list
("barnomsorgsgarantin"). ``word_cost`` reads a string as a chain of listed
words, a linking "s" between them free ("barnomsorg-s-garantin"), and counts
what that takes: one per word, half for a dangling linking "s" at the end
("barnomsorgs", a compound's first part that cannot stand alone), and one per
letter that no word covers (``letter_cost``). A join is evidence-backed when the joined string
costs clearly less than its two pieces (``join_verdict``); when the costs are
equal both readings are Swedish ("kompetent personal" / "kompetentpersonal")
and the verdict is None: the caller keeps what the PDF prints.
"""
from __future__ import annotations

import gzip
import importlib.util
import math
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .settings import ExtractSettings

# the Swedish words of one or two letters (the list holds every letter and pair)
SHORT = {"i", "å", "ö", "av", "på", "en", "ej", "om", "så", "nu", "ny", "de", "du", "vi", "är",
         "år", "få", "gå", "se", "ha", "ta", "ge", "eu", "it", "ut", "in", "tv"}
# The thresholds (ExtractSettings: word_zipf, part_zipf, long_part, min_part, letter_cost,
# join_margin, rare_break_margin): a whole token counts as a word from a Zipf frequency
# (wordfreq's scale: 1 is once per billion words); a part of a compound must be more
# common unless it is long, and at least three letters long, or every string reads as a
# chain of rare short words (the list's short words below Zipf 2 are mostly names and
# foreign words, and "enen", a juniper, would make "verksamhetssystemen" / "en" one word);
# a letter no word covers costs more than a word (a stray piece is no reading); a verdict
# needs the costs to differ by more than a margin.
_DEFAULT = ExtractSettings()


def _rules(settings: ExtractSettings | None) -> tuple:
    s = settings or _DEFAULT
    return s.word_zipf, s.part_zipf, s.long_part, s.min_part, s.letter_cost


def _word_list_file() -> Path:
    """wordfreq's large Swedish list, found without importing wordfreq (whose import of ftfy,
    regex and langcodes costs more than reading the list)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("wordfreq is not installed: pip install wordfreq")
    return Path(spec.submodule_search_locations[0]) / "data" / "large_sv.msgpack.gz"


@lru_cache(maxsize=1)
def _zipf() -> dict[str, float]:
    """Swedish words and their Zipf frequencies, as wordfreq's ``get_frequency_dict("sv", "large")``
    gives them: its file (shipped in its wheel) is a gzipped msgpack list of a header and one
    bucket of words per centibel, bucket i holding the words of frequency 10 ** (-i / 100)."""
    import msgpack  # wordfreq's own dependency

    with gzip.open(_word_list_file(), "rb") as fh:
        data = msgpack.load(fh, raw=False)
    header = data[0] if data else None
    if not (isinstance(header, dict) and header.get("format") == "cB" and header.get("version") == 1):
        raise ValueError("wordfreq's Swedish list is not in the format riskreg reads (cBpack version 1)")
    out: dict[str, float] = {}
    for index, bucket in enumerate(data[1:]):
        zipf = 9 - index / 100  # log10(10 ** (-index / 100)) + 9
        for word in bucket:
            out[word] = zipf
    return out


def is_word(token: str, settings: ExtractSettings | None = None) -> bool:
    return _is_word(token, _rules(settings))


def _is_word(token: str, rules: tuple) -> bool:
    word_zipf, _, _, min_part, _ = rules
    token = token.lower()
    if len(token) < min_part:
        return token in SHORT
    return _zipf().get(token, 0.0) >= word_zipf


def _is_part(piece: str, rules: tuple) -> bool:
    word_zipf, part_zipf, long_part, _, _ = rules
    zipf = _zipf().get(piece, 0.0)
    return zipf >= part_zipf or (len(piece) >= long_part and zipf >= word_zipf)


def word_cost(text: str, settings: ExtractSettings | None = None) -> float:
    """The cheapest reading of ``text`` as Swedish words (see the module docstring)."""
    return _word_cost(text, _rules(settings))


@lru_cache(maxsize=20000)
def _word_cost(text: str, rules: tuple) -> float:
    _, _, _, min_part, letter = rules
    text = text.lower()
    if not text:
        return 0.0
    if _is_word(text, rules):
        return 1.0
    n = len(text)
    best = [math.inf] * (n + 1)  # best[i]: cost of text[:i]
    best[0] = 0.0
    for i in range(n):
        if best[i] == math.inf:
            continue
        # a letter no word covers
        best[i + 1] = min(best[i + 1], best[i] + letter)
        for j in range(i + min_part, n + 1):
            if _is_part(text[i:j], rules):
                best[j] = min(best[j], best[i] + 1.0)
                # a linking "s" after a word is free before another word, half at the end
                if j < n and text[j] == "s":
                    best[j + 1] = min(best[j + 1], best[i] + (1.0 if j + 1 < n else 1.5))
    return best[n]


#: the endings of a definite noun's genitive: "-ens" (omsorgens), "-ets" (områdets), "-nas" (-arnas)
_DEFINITE_GENITIVE = ("ens", "ets", "nas")


def join_verdict(left: str, right: str, margin: float | None = None,
                 settings: ExtractSettings | None = None) -> Optional[bool]:
    """True when ``left`` + ``right`` reads better as one word by more than ``margin``
    (``settings.join_margin`` when not given), False when better as two, None when the
    word list cannot tell."""
    rules = _rules(settings)
    margin = (settings or _DEFAULT).join_margin if margin is None else margin
    joined = _word_cost(left + right, rules)
    apart = _word_cost(left, rules) + _word_cost(right, rules)
    if len(left) > 4 and left[-3:].lower() in _DEFINITE_GENITIVE:
        # a definite genitive ends a word: a compound's first part is never definite, so
        # "äldreomsorgens" / "verksamheter" reads at least as well apart as joined, where the
        # "s" would count as a linking s ("barnomsorgs" / "garantin" still joins)
        apart = min(apart, _word_cost(left[:-1], rules) + _word_cost(right, rules))
    if joined < apart - margin:
        return True
    if joined > apart + margin:
        return False
    return None
