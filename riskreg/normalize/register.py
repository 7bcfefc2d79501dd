"""Logical tables -> register rows: Risk and Control objects of the schema."""
from __future__ import annotations

from ..schema import Control, Problem, Risk
from .repair import repair_row, split_repeated_measure
from .parse import (CONSEQUENCE_SCALE, PROBABILITY_SCALE, clean_text, parse_in_ikp, parse_int,
                    parse_score, split_glued_value, split_goal)
from .stitch import LogicalTable, fill_merged_cells

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


def _problem(source: str, page: int, code: str, message: str) -> Problem:
    return Problem(source_file=source, page=page, severity="warning", code=code, message=message)


def build_risks(table: LogicalTable, source: str, problems: list[Problem]) -> list[Risk]:
    """One Risk per logical row of a VoR table."""
    filled = fill_merged_cells(table.rows, table.merged)
    says_no = any(clean_text(r.text("in_ikp")).lower().startswith("nej") for r in table.rows)
    has = set(table.columns)
    risks = []
    for row, merged in zip(table.rows, filled):
        repair_row(table.columns, row)
        goal_id, goal = split_goal(merged.get("goal", row.text("goal"))) if "goal" in has else (None, None)
        values = {}
        for name, scale in (("probability", PROBABILITY_SCALE), ("consequence", CONSEQUENCE_SCALE)):
            if name not in has:
                values[name], values[name + "_label"] = None, None
                continue
            try:
                values[name], values[name + "_label"] = parse_score(row.text(name), scale)
            except ValueError:
                values[name], values[name + "_label"] = None, clean_text(row.text(name))
                problems.append(_problem(source, row.page, "score_unreadable",
                                         f"The {name} cell reads {clean_text(row.text(name))!r}, "
                                         "which is not a score from 1 to 5; it is kept as text."))
        ints = {}
        for name in ("risk_nr", "risk_value"):
            try:
                ints[name] = parse_int(row.text(name)) if name in has else None
            except ValueError:
                ints[name] = None
                problems.append(_problem(source, row.page, f"{name}_unreadable",
                                         f"The {name.replace('_', ' ')} cell reads "
                                         f"{clean_text(row.text(name))!r}, which is not a number."))
        in_ikp = parse_in_ikp(row.text("in_ikp"), says_no) if "in_ikp" in has else None
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
            handling=clean_text(row.text("handling")) if "handling" in has else None,
            status=status or None, measure=measure or None,
            description=description,
            responsible=clean_text(row.text("responsible")) if "responsible" in has else None,
        ))
    return risks


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
            risk_nr=None, link_score=None))
    return controls
