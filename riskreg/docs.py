"""The README's generated tables: the schema (riskreg.schema), the problem codes
(riskreg.problems) and the settings (each stage's settings object); tests keep them in sync.

    python -m riskreg.docs            # the schema tables, for between <!-- schema:start/end -->
    python -m riskreg.docs problems   # the problem codes, for between <!-- problems:start/end -->
    python -m riskreg.docs settings   # the settings, for between <!-- settings:start/end -->
"""
from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Mapping
from dataclasses import fields

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


def setting_comments(cls) -> dict[str, str]:
    """Each field's ``#:`` comment in the class's source (the lines above it, or on its line),
    a base class's where the class does not say."""
    out: dict[str, str] = {}
    for base in reversed(cls.__mro__):
        try:
            source = inspect.getsource(base)
        except (OSError, TypeError):  # built-in, or made at run time
            continue
        out.update(_comments(source))
    return out


def _comments(source: str) -> dict[str, str]:
    out: dict[str, str] = {}
    pending: list[str] = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("#:"):
            pending.append(stripped[2:].strip())
            continue
        m = re.match(r"\s+(\w+)\s*:\s*[^=#]+(?:=[^#]*)?(?:#:\s*(.*))?$", line)
        if m and not stripped.startswith(("def ", "return", "@")):
            comment = " ".join(pending + ([m.group(2).strip()] if m.group(2) else []))
            if comment:
                out[m.group(1)] = comment
        pending = []
    return out


def toml_value(value) -> str:
    """A default as a settings file writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return "(none)" if value is None else str(value)


def settings_markdown() -> str:
    from .settings_file import COMMAND_STAGES, STAGES

    parts = []
    for stage, cls in STAGES.items():
        commands = [c for c, stages in COMMAND_STAGES.items() if stage in stages]
        comments, defaults = setting_comments(cls), cls()
        parts.append(f"`[{stage}]` ({cls.__name__}; riskreg {', '.join(commands)}): {cls.__doc__.strip().splitlines()[0]}"
                     "\n\n| setting | default | meaning |\n|---|---|---|")
        parts.extend(f"| `{f.name}` | `{toml_value(getattr(defaults, f.name))}` | {comments.get(f.name, '')} |"
                     for f in fields(cls))
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    which = sys.argv[1:]
    print(problems_markdown() if which == ["problems"] else settings_markdown() if which == ["settings"]
          else schema_markdown(), end="")
