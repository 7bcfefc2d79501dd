"""Record layouts: a register written as records, not as one table, described as template data.

Planning systems (Stratsys, Hypergene) and Word documents print a register as records: under a
goal heading and a process heading, per risk a bold title, a description of one or more
paragraphs, then the risk's fields, as labelled lines (``Sannolikhet: 3 – Möjlig``) or as a
small two-column table (label left, value right). A template's ``[records]`` section says how
its records read; the labels are the template's ``[columns]`` wordings. The extract stage's
records reader (extract/readers/records.py) reads such documents with these layouts.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

#: what may start a record: a bold line at the body's size, or a line starting with a label
#: of the title's field (``Risk: ...``, or ``Risk`` in a key-value table's left column)
STARTS = ("bold", "label")


@dataclass(frozen=True)
class RecordLayout:
    """How a template's records read: the fields the headings carry down (largest heading
    first), the field of a record's title and of its paragraphs, what starts a record, and the
    label wordings of each field (the template's columns)."""

    template: str
    headings: tuple[str, ...]
    title: str
    paragraphs: str
    start: tuple[str, ...]
    labels: tuple[tuple[str, tuple[str, ...]], ...]
    #: a document is read as records only with at least this many records of two labels or more
    min_records: int = 3
    #: the handling's wordings that say the risk is in the control plan, and that it is not
    #: (``Hantering: Med i internkontrollplan`` / ``Ingen åtgärd``): they set in_ikp
    handling_in_plan: tuple[str, ...] = ()
    handling_not_in_plan: tuple[str, ...] = ()

    def wording(self, field: str) -> str:
        """The first wording of a field (what the records table's header row prints for it)."""
        return next((words[0] for name, words in self.labels if name == field and words), field)

    def in_plan(self, handling: Optional[str]) -> Optional[bool]:
        """Whether a handling text says the risk is in the control plan (True), says it is not
        (False), or says neither (None): it starts with one of the wordings, case aside."""
        text = " ".join((handling or "").split()).lower()
        for answer, words in ((True, self.handling_in_plan), (False, self.handling_not_in_plan)):
            if text and any(text.startswith(w.lower()) for w in words):
                return answer
        return None


def parse_records(data, columns: tuple[tuple[str, tuple[str, ...]], ...], name: str, where: str,
                  error) -> Optional[RecordLayout]:
    """The ``[records]`` section of a template (None without one); ``error`` is the exception
    type a wrong section raises, its message naming what is wrong."""
    if data is None:
        return None
    allowed = {"headings", "title", "paragraphs", "start", "min_records", "handling_in_plan",
               "handling_not_in_plan"}
    if not isinstance(data, dict) or set(data) - allowed:
        raise error(f"{where}: [records] takes {', '.join(sorted(allowed))}.")
    fields = [f for f, _ in columns]

    def field_list(key: str, default: list) -> tuple[str, ...]:
        value = data.get(key, default)
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise error(f"{where}: records.{key} must be a list of texts.")
        return tuple(value)

    headings = field_list("headings", [])
    title, paragraphs = data.get("title", "event"), data.get("paragraphs", "description")
    start = field_list("start", list(STARTS))
    for key, names in (("headings", headings), ("title", (title,)), ("paragraphs", (paragraphs,))):
        missing = [n for n in names if n not in fields]
        if missing:
            raise error(f"{where}: records.{key} names {', '.join(map(repr, missing))}, which [columns] "
                        "does not give.")
    if not start or set(start) - set(STARTS):
        raise error(f"{where}: records.start is a list of {', '.join(map(repr, STARTS))}.")
    min_records = data.get("min_records", 3)
    if not isinstance(min_records, int) or isinstance(min_records, bool) or min_records < 1:
        raise error(f"{where}: records.min_records is a whole number, 1 or more.")
    return RecordLayout(name, headings, title, paragraphs, start, columns, min_records,
                        field_list("handling_in_plan", []), field_list("handling_not_in_plan", []))
