"""Words the register holds in two pieces where the document prints them whole.

A producer breaks a word longer than a cell's line without a hyphen ("riskanaly" / "sen");
extract/text.py joins such breaks as the document's words decide. This check reads the
register's cells afterwards, independently of how they were joined: two neighbouring pieces
of letters, the second in lower case, that together make a word the document prints whole
(``Document.words``) while neither piece is one, are a broken word left apart. Each page
holding some gets a text_not_in_register warning quoting them: the word the page prints is in
no cell of the register.
"""
from __future__ import annotations

from ..extract import Document
from ..extract.text import _token
from ..i18n import _
from ..schema import Problem
from .settings import NormalizeSettings


def _pieces(text: str, words: set[str], most: int) -> list[str]:
    """The words of ``text`` left in pieces, each as printed ("riskanaly sen", "risk analyse n"),
    a word in at most ``most`` pieces."""
    tokens = text.split()
    # a window can be a broken word only where its tokens are letters and all after the first
    # start in lower case: each token's facts are found once, not once per window holding it
    bare = [_token(t) for t in tokens]
    alpha = [b.isalpha() for b in bare]
    lower = [t[:1].islower() for t in tokens]
    out, i = [], 0
    while i < len(tokens):
        reach = 1  # the longest window from i whose tokens could make one word
        if alpha[i]:
            while reach < most and i + reach < len(tokens) and alpha[i + reach] and lower[i + reach]:
                reach += 1
        found = next((n for n in range(reach, 1, -1) if _broken(bare[i:i + n], words)), 0)
        if found:
            out.append(" ".join(tokens[i:i + found]))
        i += found or 1
    return out


def _broken(bare: list[str], words: set[str]) -> bool:
    """Are these neighbouring tokens (letters only, each after the first in lower case; bare:
    stripped of punctuation and lower-cased) one word broken: together a word the document
    prints whole, the last no word of it, nor the first (when two)?"""
    return ("".join(bare) in words and bare[-1] not in words
            and (len(bare) > 2 or bare[0] not in words))


def words_in_pieces(doc: Document, tables: list, source: str, settings: NormalizeSettings) -> list[Problem]:
    """A warning for each page whose register cells hold a word broken in two (see the module);
    ``tables`` are the document's LogicalTables."""
    found: dict[int, list[str]] = {}
    for table in tables:
        for frag, skip, _mapping in table.fragments:
            for cell in frag.cells:
                if cell.row >= skip:
                    found.setdefault(frag.page, []).extend(_pieces(cell.text, doc.words, settings.most_pieces))
    return [Problem(source, page, "warning", "text_not_in_register", _(
        "The register's cells on page {page} hold words in two pieces that the document prints whole: {pieces}. "
        "A word broken at a cell's edge was left apart; check those cells.")
        .format(page=page, pieces=", ".join(repr(p) for p in dict.fromkeys(pieces))))
        for page, pieces in sorted(found.items()) if pieces]
