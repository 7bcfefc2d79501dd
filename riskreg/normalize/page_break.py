"""What a page break did to a register's rows, mended: a cut row's tail joined to the row above,
a merged cell's text that flowed onto the next page given back to its cell.

normalize/stitch.py asks these when it stacks a page under the page before.
"""
from __future__ import annotations

from typing import Optional

from ..i18n import _
from ..templates import NUMERIC_FIELDS
from .logical import ANCHORS, FILL_LEVELS, LogicalRow, LogicalTable, Slot
from .parse import clean_text, starts_with_goal_id


def join_texts(left: str, right: str) -> str:
    """Join the two parts of a cell cut by a page break."""
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        return left[:-1] + right  # "ut-" + "redning"; a dash on its own ("webben -") stays
    return left + " " + right


def _owner(table: LogicalTable, name: str) -> Optional[Slot]:
    """The slot holding the text of the cell that covers the last row's column (merged upward)."""
    for prev in reversed(table.rows):
        slot = prev.slots.get(name)
        if slot is not None and not slot.covered:
            return slot
    return None


def _is_tail(kind: str, row: LogicalRow, anchors: list[str] | None = None) -> bool:
    """Is a page's first row only the rest of the row above?

    A VoR row always starts with its number, its scores or its risk value; the
    tail holds at most their words ("Försumbar" after "1."). An IKP row's tail
    continues the event text in lower case. A template's anchors say which cells
    start a row: a number's with a digit, a text's with anything but lower case.
    """
    if kind == "ikp" and _is_cut_control_rest(row):
        return True
    anchors = anchors if anchors is not None else ANCHORS[kind]
    present = [n for n in anchors if n in row.slots]
    if not present:
        return False
    return not any(_starts_row(n, row.text(n)) for n in present)


def _starts_row(name: str, text: str) -> bool:
    text = clean_text(text)
    if name in NUMERIC_FIELDS:
        return text[:1].isdigit()
    return bool(text) and not text[:1].islower()


def _is_cut_control_rest(row: LogicalRow) -> bool:
    """A control plan row with no control activity of its own whose cells go on in lower
    case is the rest of a row the page end cut, even where its event part starts a
    sentence ("... inom ramen för" / "LOSAM utvecklas inte"): every control has its
    activity, and a new row starts its cells with capitals."""
    if "control_activity" not in row.slots or clean_text(row.text("control_activity")):
        return _goes_on_in_lower_case(row)
    return any(clean_text(row.text(name))[:1].islower() for name in FILL_LEVELS["ikp"])


def _goes_on_in_lower_case(row: LogicalRow) -> bool:
    """Does every text of a control plan row go on in lower case, a bare number aside (the
    risk value printed after the event, pushed onto the next page with the event's rest)?
    A new row starts its cells with capitals; every cell of a cut row's rest may not."""
    texts = [clean_text(s.text) for s in row.slots.values() if not s.covered and clean_text(s.text)]
    words = [t for t in texts if not t.isdigit()]
    return bool(words) and all(t[:1].islower() for t in words)


def join_split_row(table: LogicalTable, row: LogicalRow, cut: bool = False) -> bool:
    """Append a page's first row to the row above when it is that row's tail; say if it was.

    ``cut``: the page's table draws no rule above its first row (a producer that cuts
    a row at the page end), so that row is the tail whatever its text starts with.
    """
    if not table.rows or not any(s.text for s in row.slots.values()):
        return False
    if not (cut or _is_tail(table.kind, row, table.anchors)):
        return False
    prev = table.rows[-1]
    for name, slot in row.slots.items():
        if not slot.text:
            continue
        target = prev.slots.get(name)
        if target is None:
            target = prev.slots[name] = Slot()
        elif target.covered:
            target = _owner(table, name) or target
        target.text = join_texts(target.text, slot.text)
    return True


def join_ocr_fragments(table: LogicalTable) -> int:
    """A VoR row read by OCR with no event and no risk number is no risk: it is the rest of the
    row above (a row the scan's page break cut whose rest was not told apart, or a row a speck
    on a rule split in two), so its texts are joined to that row. Says how many were joined.

    Only rows read from a page image: a digital table's row without an event is a row the
    reader lost, and check_read_whole names it."""
    kept: list[LogicalRow] = []
    for row in table.rows:
        read = any(slot.confidence is not None for slot in row.slots.values())
        if (kept and read and not clean_text(row.text("event"))
                and not clean_text(row.text("risk_nr"))):
            prev = kept[-1]
            for name, slot in row.slots.items():
                if slot.text and not slot.covered:
                    target = prev.slots.setdefault(name, Slot())
                    if target.covered:  # the merged cell above that covers the column
                        target = next((r.slots[name] for r in reversed(kept)
                                       if name in r.slots and not r.slots[name].covered), target)
                    target.text = join_texts(target.text, slot.text)
                    if slot.confidence is not None:
                        target.confidence = min(target.confidence or 100.0, slot.confidence)
            continue
        kept.append(row)
    joined = len(table.rows) - len(kept)
    table.rows[:] = kept
    return joined


# words a Swedish sentence cannot end on: a cell's text ending on one goes on
_MID_SENTENCE_WORDS = {"och", "eller", "samt", "i", "av", "på", "för", "till", "med", "om", "att", "som",
                       "en", "ett", "den", "det", "de", "där", "vid", "från", "under", "över", "mot", "inom",
                       "utan", "hos", "så", "men", "när"}


def goal_continues(before: str, text: str) -> Optional[bool]:
    """Is ``text``, a page's first text in the goal column, the rest of the goal ``before``?

    True when it continues mid-sentence (starts in lower case, or the goal above ends on a
    comma, a hyphen or a word no sentence ends on: "... i" + "Stockholm"); False when it is a
    goal of its own (it starts with a goal number, or the goal above ended its sentence).
    None when the text does not tell: a capital after a goal that ended on a plain word
    ("Trygg stad" / "Ekonomi i balans").
    """
    text, before = clean_text(text), clean_text(before)
    if starts_with_goal_id(text):
        return False
    if text[:1].islower():
        return True
    if not before or before[-1] in ".!?":
        return False
    if before[-1] in ",-–:" or before.split()[-1].lower() in _MID_SENTENCE_WORDS:
        return True
    return None


def continue_merged_cells(table: LogicalTable, row: LogicalRow) -> list[str]:
    """Give a merged cell back the tail of its text that flowed onto the next page; say which columns.

    Seed 000: goal 1.5 is cut after "präglas av hög"; the next page's first row
    (a new risk) holds "kvalitet, trygghet och självbestämmande" in the goal
    column. A process or working method's tail starts in lower case; a goal's is
    decided by ``goal_continues``. When the text does not tell, a goal in a
    document that numbers its goals is a tail (a new goal would carry its
    number), and an unnumbered one is a goal of its own; either way a
    ``goal_break_uncertain`` doubt names the page.
    """
    carried = []
    for name in table.merged:
        slot = row.slots.get(name)
        if not slot or not slot.text:
            continue
        owner = next((prev.slots[name] for prev in reversed(table.rows)
                      if prev.slots.get(name) and prev.slots[name].text), None)
        if owner is None:
            continue
        if name != "goal":
            tail = slot.text[:1].islower()
        else:
            tail = goal_continues(owner.text, slot.text)
            if tail is None:
                tail = starts_with_goal_id(owner.text)
                read_as = _("it was read as the rest of that goal (the document numbers its goals, and this "
                            "text has no number).") if tail else _("it was read as a goal of its own.")
                table.doubts.append((row.page, "goal_break_uncertain", _(
                    "The goal column on page {page} starts with {text}, which may be the rest of the goal {goal} "
                    "from the page before or a goal of its own; {read_as} Check the page.")
                    .format(page=row.page, text=repr(clean_text(slot.text)), goal=repr(clean_text(owner.text)),
                            read_as=read_as)))
        if tail:
            owner.text = join_texts(owner.text, slot.text)
            row.slots[name] = Slot("", True)
            carried.append(name)
    return carried
