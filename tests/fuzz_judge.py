"""The layout fuzzer's judge: read a case's PDF with riskreg and say how the register came out.

A case is
- ``exact``: every risk and control as expected, field by field;
- ``flagged``: it differs, but on every page where it differs a problem row (warning or error)
  names that page, so an analyst is told where to look;
- ``silent``: it differs on a page no problem row names;
- ``crash``: riskreg raised, or gave ``internal_error`` or ``table_unreadable`` (an exception
  caught inside it).
"""
from __future__ import annotations

import difflib
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from riskreg.pipeline import FileResult, read_file

RISK_FIELDS = ["page", "goal_id", "goal", "process", "working_method", "risk_nr", "event", "probability",
               "probability_label", "consequence", "consequence_label", "risk_value", "in_ikp"]
CONTROL_FIELDS = ["page", "goal_id", "process", "working_method", "systematic_control", "event",
                  "risk_value", "control_activity", "risk_nr"]
CRASH_CODES = {"internal_error", "table_unreadable"}


@dataclass
class Verdict:
    """How one case came out, with the differing cells as 'risk 2: event: got != want' lines."""

    kind: str
    differences: list[str] = field(default_factory=list)
    unflagged_pages: list[int] = field(default_factory=list)


def same(got, want) -> bool:
    if isinstance(want, str) or isinstance(got, str):
        return " ".join(str(got or "").split()) == " ".join(str(want or "").split())
    return got == want


def pair_rows(got: list[dict], want: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """Rows read and rows expected paired in order by their event texts, so that a row read
    twice or missed is one row extra or missing, not a shift of every row after it."""
    key = lambda rows: [" ".join(str(r.get("event") or "").split()) for r in rows]
    pairs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, key(got), key(want), autojunk=False).get_opcodes():
        n = max(i2 - i1, j2 - j1)
        for k in range(n):
            pairs.append((got[i1 + k] if i1 + k < i2 else None, want[j1 + k] if j1 + k < j2 else None))
    return pairs


def compare_rows(kind: str, got: list, want: list[dict], fields: list[str]) -> tuple[list[str], set[int]]:
    """The differing cells of rows read against rows expected, and the pages they are on
    (the page expected and the page read, both: a row read onto the wrong page is wrong on both)."""
    lines, pages = [], set()
    for n, (g, w) in enumerate(pair_rows([vars(r) for r in got], want), start=1):
        if g is None or w is None:
            row = g or w
            lines.append(f"{kind} {n}: {'missing' if g is None else 'extra'} (page {row['page']})")
            pages.add(row["page"])
            continue
        for name in fields:
            if not same(g.get(name), w.get(name)):
                lines.append(f"{kind} {n}: {name}: {g.get(name)!r} != {w.get(name)!r}")
                pages |= {p for p in (g["page"], w["page"]) if p is not None}
    return lines, pages


def judge_result(result: FileResult, risks: list[dict], controls: list[dict]) -> Verdict:
    """The verdict on a file's result against the register expected."""
    if any(p.code in CRASH_CODES for p in result.problems):
        return Verdict("crash", [p.message for p in result.problems if p.code in CRASH_CODES])
    risk_lines, risk_pages = compare_rows("risk", result.risks, risks, RISK_FIELDS)
    control_lines, control_pages = compare_rows("control", result.controls, controls, CONTROL_FIELDS)
    lines = risk_lines + control_lines
    if not lines:
        return Verdict("exact")
    named = {p.page for p in result.problems if p.severity in ("warning", "error")}
    unflagged = sorted((risk_pages | control_pages) - named)
    return Verdict("silent" if unflagged else "flagged", lines, unflagged)


def judge_pdf(pdf: bytes, risks: list[dict], controls: list[dict], name: str = "fuzz.pdf") -> Verdict:
    """Read the PDF with riskreg's single-file API and judge what it gives."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(pdf)
        try:
            result = read_file(path)
        except Exception:  # read_file must never raise for the file's own failure
            return Verdict("crash", [traceback.format_exc()])
    return judge_result(result, risks, controls)
