"""Check that a split of the README into docs/ lost no text: every heading, every code block and
every paragraph of the README at revision REV is found in today's README.md or docs/*.md.

    python scripts/docs_moved.py REV      # e.g. the commit before the README became short

Headings and paragraphs are compared with links reduced to their text, heading levels, emphasis
marks dropped and whitespace collapsed, so a reference turned into a link still matches; what does not match is
printed beside the closest paragraph of today's text, word by word, to be read by hand.
"""
from __future__ import annotations

import difflib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)


def normal(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^#+ ", "", text, flags=re.M)  # a section's level changes with its page
    return " ".join(text.replace("*", "").split())


def outside_fences(text: str) -> str:
    return FENCE.sub("\n", text)


def headings(text: str) -> list[str]:
    return [normal(m.group(1)) for m in re.finditer(r"^#+ (.*)$", outside_fences(text), re.M)]


def paragraphs(text: str) -> list[str]:
    return [p for p in (normal(b) for b in re.split(r"\n\s*\n", outside_fences(text))) if p]


def main(rev: str) -> int:
    old = subprocess.run(["git", "show", f"{rev}:README.md"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    pages = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
    new = "\n\n".join(p.read_text(encoding="utf-8") for p in pages)
    new_headings, new_blocks = set(headings(new)), FENCE.findall(new)
    new_paragraphs = paragraphs(new)
    corpus = "\n".join(new_paragraphs)
    lost_headings = [h for h in headings(old) if h not in new_headings]
    lost_blocks = [b for b in FENCE.findall(old) if b not in new_blocks]
    lost = [p for p in paragraphs(old) if p not in corpus]
    for h in lost_headings:
        print(f"heading not found: {h}")
    for b in lost_blocks:
        print("code block not found:\n" + b)
    for p in lost:
        near = max(new_paragraphs, key=lambda q: difflib.SequenceMatcher(None, p, q).quick_ratio())
        changes = [w for w in difflib.ndiff(p.split(), near.split()) if w[0] in "+-"]
        print(f"paragraph not found ({p[:60]}...); closest differs by: {' '.join(changes)}")
    old_h, old_b, old_p = len(headings(old)), len(FENCE.findall(old)), len(paragraphs(old))
    print(f"{old_h - len(lost_headings)} of {old_h} headings, {old_b - len(lost_blocks)} of {old_b} code "
          f"blocks, {old_p - len(lost)} of {old_p} paragraphs of README.md at {rev} found in "
          f"{len(pages)} pages")
    return 1 if lost_headings or lost_blocks or lost else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "HEAD"))
