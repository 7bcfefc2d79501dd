"""The manual's generated tables: the schema (riskreg.schema) in docs/schema.md, the problem
codes (riskreg.problems) in docs/problems.md and the settings (each stage's settings object) in
docs/settings.md; tests keep them in sync.

    python -m riskreg.docs            # the schema tables, for between <!-- schema:start/end -->
    python -m riskreg.docs problems   # the problem codes, for between <!-- problems:start/end -->
    python -m riskreg.docs settings   # the settings, for between <!-- settings:start/end -->
    python -m riskreg.docs --write    # all three, written into docs/ between their markers
"""
from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path

from .problems import CODES
from .schema import (Change, Control, ControlChange, FileSummary, HistoryRow, Movement, Problem, Profile, Risk,
                     SharedRisk, meanings)


def schema_markdown() -> str:
    parts = []
    for title, row_type in (("risks", Risk), ("controls", Control), ("problems", Problem),
                            ("files.csv", FileSummary),
                            ("diff.csv", Change), ("diff_controls.csv", ControlChange), ("profile.csv", Profile),
                            ("movement.csv", Movement),
                            ("shared.csv", SharedRisk), ("history.csv", HistoryRow)):
        parts.append(f"## `{title}`\n\n| column | type | meaning |\n|---|---|---|")
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


# each generated table: the page of docs/ that holds it, between <!-- NAME:start --> and <!-- NAME:end -->
DOCS = Path(__file__).resolve().parent.parent / "docs"
GENERATED = {"schema": ("schema.md", schema_markdown), "problems": ("problems.md", problems_markdown),
             "settings": ("settings.md", settings_markdown)}


def marked_block(text: str, name: str) -> str:
    """The text between a page's ``<!-- NAME:start -->`` line and its ``<!-- NAME:end -->``."""
    start = text.index(f"<!-- {name}:start -->\n") + len(f"<!-- {name}:start -->\n")
    return text[start:text.index(f"<!-- {name}:end -->", start)]


def generated_block(name: str, docs: Path = DOCS) -> str:
    """The table ``name`` as its page in docs/ holds it now."""
    page, _ = GENERATED[name]
    return marked_block((docs / page).read_text(encoding="utf-8"), name)


def write_generated(docs: Path = DOCS) -> list[str]:
    """Each table regenerated into its page; returns the names of those that changed."""
    changed = []
    for name, (page, make) in GENERATED.items():
        path = docs / page
        text = path.read_text(encoding="utf-8")
        old = marked_block(text, name)
        if old != make():
            start = text.index(f"<!-- {name}:start -->\n") + len(f"<!-- {name}:start -->\n")
            path.write_text(text[:start] + make() + text[start + len(old):], encoding="utf-8")
            changed.append(name)
    return changed


FENCE = re.compile(r"^```[^\n]*\n.*?^```", re.S | re.M)
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def github_slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: links to their text, lower case, every character but
    letters (å, ä, ö too), digits, '-', '_' and spaces dropped, each space a '-'."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """The anchors of a Markdown page's headings (a repeated one gets -1, -2 ... as on GitHub)."""
    seen: dict[str, int] = {}
    out = set()
    for m in re.finditer(r"^#{1,6} +(.+?) *#* *$", FENCE.sub("", text), re.M):
        slug = github_slug(m.group(1))
        out.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return out


def broken_links(pages) -> list[str]:
    """Every relative link of the pages (outside code blocks) whose file does not exist, or whose
    #anchor is no heading of the Markdown file it points to; one line each, naming page and link."""
    broken = []
    for page in map(Path, pages):
        for target in LINK.findall(FENCE.sub("", page.read_text(encoding="utf-8"))):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...: not a file here
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page.resolve()
            if not file.exists():
                broken.append(f"{page.name}: {target}: no file {path}")
            elif anchor and file.suffix == ".md" and anchor not in anchors(file.read_text(encoding="utf-8")):
                broken.append(f"{page.name}: {target}: no heading #{anchor} in {file.name}")
    return broken


if __name__ == "__main__":
    which = sys.argv[1:]
    if which == ["--write"]:
        print("regenerated: " + (", ".join(write_generated()) or "nothing (all tables up to date)"))
    else:
        print(problems_markdown() if which == ["problems"] else settings_markdown() if which == ["settings"]
              else schema_markdown(), end="")
