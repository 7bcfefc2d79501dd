"""Small pieces every HTML report shares: escaping, tables, word-level differences.

Every text that came from a PDF goes through ``esc`` (html.escape, quotes too),
so a cell holding "<script>" prints as text and never runs.
"""
from __future__ import annotations

import difflib
import html
import re

from ..i18n import current_language
from ..schema import missing

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 80rem; color: #1d1d1f; line-height: 1.4; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 2px solid #ddd; padding-bottom: .2rem; }
p.sub { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .92rem; }
th, td { border: 1px solid #d0d0d0; padding: .3rem .45rem; vertical-align: top; text-align: left; }
th { background: #f1f1f1; }
td.num { text-align: right; white-space: nowrap; }
table.counts { width: auto; }
table.counts td, table.counts th { padding: .3rem .9rem; }
del { background: #fdd; color: #900; text-decoration: line-through; }
ins { background: #dfd; color: #060; text-decoration: none; font-weight: 600; }
.up { color: #b00000; font-weight: 600; }
.down { color: #007a33; font-weight: 600; }
.same { color: #777; }
.muted { color: #777; font-size: .85rem; }
.basis { font-size: .75rem; color: #555; border: 1px solid #bbb; border-radius: 3px; padding: 0 .3em; white-space: nowrap; }
details { margin: .6rem 0; }
.inputs { border: 2px solid #c62828; background: #fff4f4; padding: .2rem 1rem; margin: 1rem 0; }
.inputs.warnings { border-color: #f0a30a; background: #fffaf0; }
.inputs.whole { border-color: #2e9d4b; background: #f3fbf5; }
.inputs h2 { margin-top: .6rem; }
"""


def esc(value) -> str:
    """Text for HTML: missing values as empty, everything else escaped."""
    if missing(value):
        return ""
    return html.escape(str(value), quote=True)


def page(title: str, body: str) -> str:
    """A whole self-contained page: inline style, no scripts, no outside resources."""
    return (f'<!DOCTYPE html>\n<html lang="{current_language()}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def page_link(content: str, href: str | None, page_nr) -> str:
    """``content`` (HTML) as a link to page ``page_nr`` of the PDF at ``href`` ("file.pdf#page=3");
    as it is without a PDF or a page."""
    if not href or missing(page_nr):
        return content
    return f'<a href="{esc(href)}#page={int(page_nr)}">{content}</a>'


def pdf_hrefs(names, given, out_dir) -> dict[str, str]:
    """Each PDF's path as a report written to ``out_dir`` sees it (relative, "/"-separated), by
    file name: an input of ``given`` (PDFs and folders, as the command was given them) that is
    that PDF or a folder holding it; else the name alone (the PDF beside the report)."""
    import os
    from pathlib import Path
    out = {}
    for name in {str(n) for n in names if not missing(n) and str(n)}:
        out[name] = name
        for item in given or []:
            if item is None or not isinstance(item, (str, os.PathLike)):
                continue  # a Register given as such: no path to its PDFs
            found = [c for c in (Path(item), Path(item) / name) if c.is_file() and c.name == Path(name).name]
            if found:
                out[name] = Path(os.path.relpath(found[0].resolve(), Path(out_dir).resolve())).as_posix()
                break
    return out


def table(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    """Headers are escaped; row cells must already be HTML (escaped by the caller)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows)
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _cell(content) -> str:
    if isinstance(content, tuple):  # (html, css class)
        return f'<td class="{content[1]}">{content[0]}</td>'
    return f"<td>{content}</td>"


def _key(word: str) -> str:
    return re.sub(r"[^\w]+", "", word.lower())


def word_diff(old: str, new: str) -> tuple[str, str]:
    """Old and new text as HTML, removed words in <del>, added words in <ins>.

    Words are compared without case and punctuation, so "händelse." and
    "Händelse" count as the same word.
    """
    a, b = (old or "").split(), (new or "").split()
    matcher = difflib.SequenceMatcher(None, [_key(w) for w in a], [_key(w) for w in b], autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = esc(" ".join(a[i1:i2])), esc(" ".join(b[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if i2 > i1:
            left.append(f"<del>{old_part}</del>")
        if j2 > j1:
            right.append(f"<ins>{new_part}</ins>")
    return " ".join(left), " ".join(right)
