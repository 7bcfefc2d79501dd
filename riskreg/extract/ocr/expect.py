"""What a scanned register's number cells must hold, for a doubtful reading's second look.

A VoR numbers its risks in sequence, and where the document's rows mostly agree that the risk
value is probability x consequence, a row's value is its scores' product. OCR reads each cell
alone; these expectations are what the register as a whole says a cell should be. They only
choose among Tesseract's own readings of the cell (see ``cells._number``): a number the
register does not expect is kept as read, and the normalize stage says where it stands out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


def leading_int(text: str) -> int | None:
    """The number a cell's text starts with ('3. Möjlig' -> 3, '12' -> 12), else None."""
    found = re.match(r"\s*(\d{1,3})(?!\d)", text or "")
    return int(found.group(1)) if found else None


@dataclass
class Expectations:
    """The document read so far, page after page: its last risk number, and how many rows had
    a value that was (and was not) the product of their scores."""

    last_nr: int | None = None
    products: int = 0
    rows_scored: int = 0
    passed: int = 0  # numbers read since the last one that fitted the sequence

    def next_nr(self) -> int | None:
        """The risk number the sequence expects next (None before the first one is read)."""
        return None if self.last_nr is None else self.last_nr + 1 + self.passed

    def saw_nr(self, text: str) -> None:
        """A risk number as read: it goes on the sequence when it is above the last one and
        within a jump of ten of what was expected; a number below or far above (72 read as 172)
        is passed over, and after three such in a row the document has jumped and goes on from
        there."""
        number = leading_int(text)
        if number is None:
            return
        expected = self.next_nr()
        if expected is None or expected - self.passed <= number <= expected + 9 or self.passed >= 2:
            self.last_nr, self.passed = number, 0
        else:
            self.passed += 1

    def count_rows(self, rows: list[tuple[int | None, int | None, int | None]]) -> None:
        """Count the rows (probability, consequence, value as first read) that show all three."""
        for p, c, value in rows:
            if None not in (p, c, value):
                self.rows_scored += 1
                self.products += p * c == value

    def value_is_product(self) -> bool:
        """Does the document's rule say value = probability x consequence? Most of its rows
        read so far (at least three) agree."""
        return self.rows_scored >= 3 and self.products * 2 > self.rows_scored
