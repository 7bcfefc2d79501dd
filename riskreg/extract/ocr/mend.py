"""Mending OCR words: the document's own words and the Swedish list mend what Tesseract misread."""
from __future__ import annotations

import re


from ..model import Table
from ..settings import ExtractSettings


# --- the document's own words and the Swedish list mend what Tesseract misread -------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöé"
_TOKEN = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")


def _edits(word: str) -> set[str]:
    """The strings one letter away: one deleted, swapped with the next, replaced or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
            | {a + c + b for a, b in splits for c in _LETTERS})


class WordMender:
    """Mends OCR words where the evidence is strong: a word that is neither in the Swedish list
    nor printed elsewhere in the document, one letter away from exactly one best word that is
    (printed at least twice in the document, or common in the list). Two OCR habits are mended
    too: a word split after its first letter ("v äsentlighet": the joined word is a word, the
    letter alone is none) and a capital read at a word's end before its hyphen
    ("väsentlighetS-", a compound's linking s)."""

    def __init__(self, texts: list[str], settings: ExtractSettings | dict | None = None):
        self.settings = settings = ExtractSettings.resolve(settings)
        # the Zipf frequencies from which a word of the list is evidence, one of two letters too
        self.list_zipf, self.short_zipf = settings.ocr_list_zipf, settings.ocr_short_zipf
        self.counts: dict[str, int] = {}
        for text in texts:
            for token in _TOKEN.findall(text):
                self.counts[token.lower()] = self.counts.get(token.lower(), 0) + 1

    def known(self, token: str) -> bool:
        """A word of the list (any length), of the document (three times), or a compound of
        at most two listed words ("krisplaner", "tertialsvis": what the PDF prints, even a typo
        of its author's, is not OCR's to mend)."""
        from ..lexicon import _zipf, word_cost
        s = self.settings
        return (_zipf().get(token, 0.0) >= s.word_zipf or self.counts.get(token, 0) >= s.ocr_known_count
                or (len(token) > 2 and word_cost(token, s) <= s.ocr_known_cost))

    def _best(self, token: str) -> str | None:
        from ..lexicon import _zipf
        zipf = _zipf()
        floor = self.short_zipf if len(token) <= 2 else self.list_zipf
        own = self.counts.get(token, 0)
        found = [(self.counts.get(c, 0), zipf.get(c, 0.0), c) for c in _edits(token)
                 if (self.counts.get(c, 0) >= 2 and self.counts.get(c, 0) > own) or zipf.get(c, 0.0) >= floor]
        if not found:
            return None
        found.sort(reverse=True)
        if len(found) > 1 and found[0][0] == found[1][0] and found[0][1] - found[1][1] < self.settings.ocr_tie_zipf:
            return None  # two words about as likely ("äv": "av" or "är"): no evidence which
        return found[0][2]

    def mend_word(self, word: str) -> str:
        token = word.lower()
        if len(token) < 2 or not token.isalpha() or self.known(token):
            return word
        best = self._best(token)
        if best is None:
            return word
        if word.isupper() and len(word) > 1:
            return best.upper()
        return best[0].upper() + best[1:] if word[0].isupper() else best

    def mend(self, text: str) -> str:
        from ..lexicon import SHORT, join_verdict
        # a capital at a lowercase word's end before its hyphen: the linking s of a compound
        text = re.sub(r"(?<=[a-zåäö]{3})([A-ZÅÄÖ])-", lambda m: m.group(1).lower() + "-", text)
        text = re.sub(r"(?<=[a-zåäö]{3}) ([sS])-(?= )", r"s-", text)
        # a word split after its first letter: the letter is no word, the joined word is
        def join(m):
            letter, rest = m.group(1), m.group(2)
            if (letter.lower() in SHORT or self.known(rest.lower())
                    or not join_verdict(letter, rest, settings=self.settings)):
                return m.group(0)
            return letter + rest
        text = re.sub(r"(?<![^\s(])([A-Za-zÅÄÖåäö]) ([a-zåäö]{3,})", join, text)
        return _TOKEN.sub(lambda m: self.mend_word(m.group(0)), text)


def mend_words(tables: list[Table], settings: ExtractSettings | dict | None = None,
               shown: list[list[str]] = ()) -> None:
    """The OCR cells' words (their lines joined) mended by the document's vocabulary and the
    Swedish list (its evidence from ``settings.ocr_list_zipf`` and ``ocr_short_zipf``); the
    words a picture shows (``shown``, each list in place) by the same evidence, so the audit
    compares like with like."""
    settings = ExtractSettings.resolve(settings)
    cells = [c for t in tables for c in t.cells if c.confidence is not None and c.text]
    if not cells:
        return
    mender = WordMender([c.text for c in cells], settings)
    for cell in cells:
        cell.text = mender.mend(cell.text)
    for words in shown:
        words[:] = [mender.mend(w) for w in words]
