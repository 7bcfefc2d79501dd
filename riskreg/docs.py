"""The README's schema tables, generated from riskreg.schema (a test keeps them in sync).

    python -m riskreg.docs   # prints the tables to paste between the README's markers
"""
from __future__ import annotations

from .schema import Change, Control, HistoryRow, Movement, Problem, Profile, Risk, SharedRisk, meanings


def schema_markdown() -> str:
    parts = []
    for title, row_type in (("risks", Risk), ("controls", Control), ("problems", Problem),
                            ("diff.csv", Change), ("profile.csv", Profile), ("movement.csv", Movement),
                            ("shared.csv", SharedRisk), ("history.csv", HistoryRow)):
        parts.append(f"`{title}`:\n\n| column | type | meaning |\n|---|---|---|")
        parts.extend(f"| `{name}` | {dtype} | {meaning} |" for name, dtype, meaning in meanings(row_type))
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    print(schema_markdown(), end="")
