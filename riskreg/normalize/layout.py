"""Layout tables: a table used to lay a page out (a cover's title and its labels), not data.

Word cover pages and section title pages often put their title in a small table: a
letter-spaced title ("I n t e r n k o n t r o l l p l a n  2 0 2 3") across the top, then
"Nämnd" | the nämnd's name, "Datum" | the date. On the page after a register's last page
(which the word audit reads, since a continuation the stitcher did not take sits there)
such a table is no part of the register, and its words are not register text.

A table is taken for layout only when it looks like nothing a register prints, from
properties any document shares, never from its words:

- it sits on a page that holds no row of a register table;
- no cell holds a score (a lone 1-5, "3. Möjlig", a scale label) or a risk value (1-25);
- it has fewer columns than a register header needs (``min_header_columns``), so no row
  of it is a register's header;
- and a cell holds letter-spaced text (a run of single letters, as a spaced title prints):
  a register's cells rarely do, and one read letter by letter still holds its scores.

A continuation whose rows were lost keeps the register's columns and scores, and prints
words, so it is still audited: two columns of text ("Åtgärder" | what is done) on the page
after a register page may be the rest of its rows, and warn.
"""
from __future__ import annotations

import re

from ..extract import Table
from .parse import CONSEQUENCE_SCALE, PROBABILITY_SCALE, RISK_VALUES, clean_text
from .settings import NormalizeSettings

_SCALE_LABELS = {label.lower() for label in [*PROBABILITY_SCALE.values(), *CONSEQUENCE_SCALE.values()]}
_SCORE = re.compile(r"^([1-5])\s*[.,:)]?\s*(\D.*)?$")
_NUMBER = re.compile(r"^\d{1,2}$")


def is_letter_spaced(text: str, run: int = 5) -> bool:
    """Whether the text holds ``run`` or more one-letter words in a row ("V ä s e n t")."""
    count = 0
    for word in clean_text(text).split():
        count = count + 1 if len(word) == 1 and word.isalpha() else 0
        if count >= run:
            return True
    return False


def _is_score(text: str) -> bool:
    """A cell a register's score or risk-value column prints."""
    text = clean_text(text)
    if not text:
        return False
    bare = re.sub(r"\s*\(.*\)$", "", text).lower()
    if bare in _SCALE_LABELS:
        return True
    score = _SCORE.match(text)
    if score and (not score.group(2) or score.group(2).strip().lower() in _SCALE_LABELS):
        return True
    return bool(_NUMBER.match(text)) and int(text) in RISK_VALUES


def is_layout_table(table: Table, register_pages: set[int], settings: NormalizeSettings) -> bool:
    """Whether a table lays its page out rather than holding data (see the module)."""
    if table.page in register_pages or not table.cells:
        return False
    if any(_is_score(c.text) for c in table.cells):
        return False
    if table.n_cols >= settings.min_header_columns:
        return False
    return any(is_letter_spaced(c.text, settings.letter_spaced_run) for c in table.cells)
