"""Logical tables -> register rows: Risk and Control objects of the schema."""
from __future__ import annotations

import json
from typing import Optional

from ..i18n import _, current_language, heading
from ..schema import Control, Problem, Risk
from ..templates import CONTROL_FIELDS
from .headers import has_controls
from .repair import repair_row, split_repeated_measure
from .parse import (CONSEQUENCE_SCALE, PROBABILITY_SCALE, clean_text, parse_in_ikp, parse_int,
                    parse_score, split_glued_value, split_goal)
from .logical import EXTRA, LogicalTable, LogicalRow, fill_merged_cells

# the leading word of a Status/Åtgärd cell, when it is a status
STATUS_WORDS = ["Ej påbörjad", "Ej genomförd", "Delvis genomförd", "Avslutad", "Pågående",
                "Påbörjad", "Genomförd", "Klar", "Försenad", "Fortlöpande", "Ny", "Stående"]


def split_status(text: str) -> tuple[str, str]:
    """'Avslutad Uppföljning av rutin' -> ('Avslutad', 'Uppföljning av rutin')."""
    text = clean_text(text)
    for word in STATUS_WORDS:
        if text.lower() == word.lower() or text.lower().startswith(word.lower() + " "):
            return text[:len(word)], text[len(word):].strip()
    return "", text


def extra_of(row: LogicalRow) -> Optional[str]:
    """The row's text in columns riskreg cannot map: a JSON object header -> text, or None."""
    texts = {name[len(EXTRA):]: clean_text(slot.text) for name, slot in row.slots.items()
             if name.startswith(EXTRA) and clean_text(slot.text)}
    return json.dumps(texts, ensure_ascii=False) if texts else None


def box_of(row: LogicalRow) -> dict[str, Optional[float]]:
    """The row's box on its page as the schema's x0, top, x1, bottom (all None when unknown)."""
    return dict(zip(("x0", "top", "x1", "bottom"), row.box or (None,) * 4))


def _column(name: str) -> str:
    """Schema column ``name`` as a message names it: its Swedish heading, or its words in English."""
    return heading(name) if current_language() == "sv" else name.replace("_", " ")


def _problem(source: str, page: int, code: str, message: str) -> Problem:
    return Problem(source_file=source, page=page, severity="warning", code=code, message=message)


def control_only_fields(table: LogicalTable) -> set[str]:
    """The columns of a combined register that describe the control, not the risk."""
    if not has_controls(table.columns):
        return set()
    if table.template is not None:
        return set(table.template.control_fields) - set(table.template.risk_fields)
    return set(CONTROL_FIELDS)


def _in_ikp_words(table: LogicalTable) -> tuple[bool, bool]:
    """Does the table's in-IKP column say no anywhere, and does it write yes in words?

    A Ja/Nej column writes both in words: a blank there says neither."""
    words = [clean_text(r.text("in_ikp")).lower() for r in table.rows]
    says_no = any(w.startswith("nej") for w in words)
    says_yes = any(w == "ja" or w.startswith("ja ") or w.startswith("ja,") for w in words)
    return says_no, says_yes


def _scores(row: LogicalRow, has: set[str], score_words: dict[str, int], source: str,
            problems: list[Problem]) -> dict[str, object]:
    """A row's probability and consequence, each its number and its label (both None where the
    table has no such column). A word the legend scores gets its number; any other cell that is
    no score is kept as its label, with a score_unreadable problem."""
    values = {}
    for name, scale in (("probability", PROBABILITY_SCALE), ("consequence", CONSEQUENCE_SCALE)):
        if name not in has:
            values[name], values[name + "_label"] = None, None
            continue
        try:
            values[name], values[name + "_label"] = parse_score(row.text(name), scale)
        except ValueError:
            values[name], values[name + "_label"] = None, clean_text(row.text(name))
            if score_words.get(values[name + "_label"].lower()) is not None:
                values[name] = score_words[values[name + "_label"].lower()]  # a word the legend scores
                continue
            problems.append(_problem(source, row.page, "score_unreadable", _(
                "The {column} cell reads {text}, which is not a score from 1 to 5; it is kept as text.")
                .format(column=_column(name), text=repr(clean_text(row.text(name))))))
    return values


def _numbers(row: LogicalRow, has: set[str], source: str, problems: list[Problem]) -> dict[str, Optional[int]]:
    """A row's risk number and risk value: None where the table has no such column, and None with
    a problem where the cell holds no number."""
    ints = {}
    for name in ("risk_nr", "risk_value"):
        try:
            ints[name] = parse_int(row.text(name)) if name in has else None
        except ValueError:
            ints[name] = None
            problems.append(_problem(source, row.page, f"{name}_unreadable", _(
                "The {column} cell reads {text}, which is not a number.")
                .format(column=_column(name), text=repr(clean_text(row.text(name))))))
    return ints


def build_risks(table: LogicalTable, source: str, problems: list[Problem], first_nr: int = 1,
                score_words: dict[str, int] | None = None) -> list[Risk]:
    """One Risk per logical row of a VoR table.

    In a combined register (the control in the risk's row) the control's columns
    are left to ``build_row_controls``; when it prints no numbers its risks are
    numbered in document order from ``first_nr``, so that each control can name
    its risk. ``score_words`` are the document's legend (score word -> number).
    """
    filled = fill_merged_cells(table.rows, table.merged)
    says_no, says_yes = _in_ikp_words(table)
    has = set(table.columns) - control_only_fields(table)
    number = bool(control_only_fields(table)) and "risk_nr" not in has
    risks = []
    for row, merged in zip(table.rows, filled):
        repair_row(table.columns, row)
        goal_id, goal = split_goal(merged.get("goal", row.text("goal"))) if "goal" in has else (None, None)
        values = _scores(row, has, score_words or {}, source, problems)
        ints = _numbers(row, has, source, problems)
        in_ikp = parse_in_ikp(row.text("in_ikp"), says_no) if "in_ikp" in has else None
        if says_yes and says_no and not clean_text(row.text("in_ikp")):
            in_ikp = None
        if number:
            ints["risk_nr"] = first_nr + len(risks)
        status, measure = (split_status(row.text("status_measure"))
                           if "status_measure" in has else (None, None))
        description = clean_text(row.text("description")) if "description" in has else None
        if measure and description is not None:
            measure, description = split_repeated_measure(measure, description)
        risks.append(Risk(
            source_file=source, page=row.page, organisation=None, year=None,
            goal_id=goal_id, goal=goal or None,
            process=clean_text(merged.get("process", row.text("process"))) if "process" in has else None,
            working_method=clean_text(merged.get("working_method", row.text("working_method"))) if "working_method" in has else None,
            risk_nr=ints["risk_nr"], event=clean_text(row.text("event")),
            probability=values["probability"], probability_label=values["probability_label"],
            consequence=values["consequence"], consequence_label=values["consequence_label"],
            risk_value=ints["risk_value"], in_ikp=in_ikp,
            risk_value_source="printed" if ints["risk_value"] is not None else None,
            handling=clean_text(row.text("handling")) if "handling" in has else None,
            status=status or None, measure=measure or None,
            description=description,
            responsible=clean_text(row.text("responsible")) if "responsible" in has else None,
            extra=extra_of(row), **box_of(row),
        ))
    return risks


def build_row_controls(table: LogicalTable, risks: list[Risk], source: str) -> list[tuple[Control, int]]:
    """A combined register's controls: (control, index of its risk in ``risks``) for each row
    whose own control cells hold text; a risk not taken into the plan has none."""
    fields = control_only_fields(table)
    if not fields:
        return []
    filled = fill_merged_cells(table.rows, table.merged)
    out = []
    for i, (row, merged, risk) in enumerate(zip(table.rows, filled, risks)):
        if not any(clean_text(row.text(name)) for name in fields):
            continue

        def text(name: str) -> Optional[str]:
            return clean_text(merged.get(name, row.text(name))) or None if name in fields else None

        out.append((Control(
            source_file=source, page=row.page, organisation=None, year=None, goal_id=risk.goal_id,
            process=risk.process, working_method=risk.working_method,
            systematic_control=text("systematic_control"), event=risk.event, risk_value=risk.risk_value,
            control_activity=text("control_activity"), risk_nr=risk.risk_nr, link_score=100,
            method=text("method"), frequency=text("frequency"), responsible=text("responsible"),
            report_to=text("report_to"), **box_of(row)), i))
    return out


def build_controls(table: LogicalTable, source: str) -> list[Control]:
    """One Control per logical row of an internkontrollplan table."""
    filled = fill_merged_cells(table.rows, table.merged)
    goal_id = split_goal(table.heading)[0] if table.heading else None
    controls = []
    for row, merged in zip(table.rows, filled):
        event, value = split_glued_value(row.text("event"))
        controls.append(Control(
            source_file=source, page=row.page, organisation=None, year=None, goal_id=goal_id,
            process=clean_text(merged.get("process", row.text("process"))),
            working_method=clean_text(merged.get("working_method", row.text("working_method"))),
            systematic_control=clean_text(merged.get("systematic_control", row.text("systematic_control"))),
            event=event, risk_value=value,
            control_activity=clean_text(row.text("control_activity")),
            risk_nr=None, link_score=None, extra=extra_of(row), **box_of(row)))
    return controls
