"""Risk numbers read by OCR checked against the document's sequence.

A register numbers its risks 1, 2, 3, ... down the document. Where most numbers (80 % of
neighbouring pairs) follow on by one, a number OCR read that breaks the sequence is a doubtful
reading: one read twice in the document, or one that does not fall between the numbers of the
rows before and after it (172 between 71 and 73: a 7 read as 17; 21 between 26 and 28). Such a
number is kept as read, with a ``risk_nr_doubtful`` warning naming the page, never in silence.
Numbers printed in a text layer are what the document says and are not checked.
"""
from __future__ import annotations

from collections import Counter

from ..i18n import _
from ..schema import Problem, Risk

def _out_of_place(number: int, before: int | None, after: int | None, end_step: int) -> bool:
    """A number not between its neighbours, where they are in order themselves (the row after
    a misread 172 is not blamed for it); the first and last rows against their one neighbour."""
    if before is not None and after is not None:
        return before < after and not before < number < after
    if after is not None:
        return not after - end_step <= number < after
    return before is not None and not before < number <= before + end_step


def doubtful_numbers(risks: list[Risk], source: str, in_order: float = 0.8, end_step: int = 10) -> list[Problem]:
    """A ``risk_nr_doubtful`` warning for each OCR-read risk number that breaks the sequence
    (``in_order``, ``end_step``: NormalizeSettings.sequence_in_order and sequence_end_step)."""
    numbered = [r for r in risks if r.risk_nr is not None]
    numbers = [r.risk_nr for r in numbered]
    pairs = list(zip(numbers, numbers[1:]))
    if len(pairs) < 2 or sum(b == a + 1 for a, b in pairs) < in_order * len(pairs):
        return []
    count = Counter(numbers)
    low = min(numbers)
    high = low + len(numbers) - 1  # the last number, were they all in order
    problems = []
    for i, risk in enumerate(numbered):
        if risk.source != "ocr":
            continue
        before = numbers[i - 1] if i > 0 else None
        after = numbers[i + 1] if i + 1 < len(numbers) else None
        if count[risk.risk_nr] > 1:
            why = _("is read more than once in the document")
        elif _out_of_place(risk.risk_nr, before, after, end_step):
            around = _(" and ").join(str(n) for n in (before, after) if n is not None)
            why = _("does not fall between the numbers around it ({around})").format(around=around)
        else:
            continue
        problems.append(Problem(
            source, risk.page, "warning", "risk_nr_doubtful",
            _("OCR read the risk number {nr} on page {page}, which {why}, while the document numbers its "
              "risks in order ({low} to {high}): check the number against the image; it is kept as read.")
            .format(nr=risk.risk_nr, page=risk.page, why=why, low=low, high=high)))
    return problems
