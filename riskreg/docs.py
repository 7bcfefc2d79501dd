"""The README's generated tables: the schema (riskreg.schema) and the problem codes
(riskreg.problems); a test keeps them in sync.

    python -m riskreg.docs            # the schema tables, for between <!-- schema:start/end -->
    python -m riskreg.docs problems   # the problem codes, for between <!-- problems:start/end -->
"""
from __future__ import annotations

import sys

from .problems import CODES
from .schema import (Change, Control, FileSummary, HistoryRow, Movement, Problem, Profile, Risk, SharedRisk,
                     meanings)


def schema_markdown() -> str:
    parts = []
    for title, row_type in (("risks", Risk), ("controls", Control), ("problems", Problem),
                            ("files.csv", FileSummary),
                            ("diff.csv", Change), ("profile.csv", Profile), ("movement.csv", Movement),
                            ("shared.csv", SharedRisk), ("history.csv", HistoryRow)):
        parts.append(f"`{title}`:\n\n| column | type | meaning |\n|---|---|---|")
        parts.extend(f"| `{name}` | {dtype} | {meaning} |" for name, dtype, meaning in meanings(row_type))
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def problems_markdown() -> str:
    lines = ["| code | severity | what happened |", "|---|---|---|"]
    hint = "; the row names `riskreg debug FILE --pages N`, run it to see the table as read"
    lines.extend(f"| `{c.code}` | {' or '.join(c.severities)} | {c.meaning}{hint if c.debug else ''} |"
                 for c in CODES.values())
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(problems_markdown() if sys.argv[1:] == ["problems"] else schema_markdown(), end="")
