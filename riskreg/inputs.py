"""What the paths given to a run name: the PDFs to read, each with its document name.

A document is named by its path below the folder it was found under (a file given
directly by its file name), so two files of one name in two folders are two
documents; a path holding no PDF is a ``no_pdf_found`` error.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .i18n import _
from .schema import Problem


def find_pdfs(paths: Iterable[str | Path]) -> list[Path]:
    """PDF files named, and every *.pdf below folders named, sorted within each folder."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() == ".pdf"))
        else:
            found.append(p)
    return found


@dataclass
class Inputs:
    """What the paths given name: each PDF to read with its document name, each missing .pdf file
    with its name, and each path holding no PDF."""

    found: list[tuple[Path, str]]
    missing: list[tuple[Path, str]]
    empty: list[Path]


def find_documents(paths: Iterable[str | Path]) -> Inputs:
    """The PDFs under PATHS, each named by its path below the folder given (POSIX separators), a
    file given directly by its file name; names that would be the same are made longer
    (``distinct_names``), so two files are never one document. The same file named twice is one."""
    found, missing, empty = [], [], []
    for arg in map(Path, paths):
        if arg.is_dir():
            pdfs = find_pdfs([arg])
            found += [(p, p.relative_to(arg).as_posix()) for p in pdfs]
            if not pdfs:
                empty.append(arg)
        elif arg.is_file():
            found.append((arg, arg.name))
        elif arg.suffix.lower() == ".pdf":  # looks like a file: a file that is not there
            missing.append((arg, arg.name))
        else:  # looks like a folder (a mistyped one): nothing to read there
            empty.append(arg)
    found, missing = _once(found), _once(missing)
    names = distinct_names([p for p, _ in found + missing], [n for _, n in found + missing])
    return Inputs(found=[(p, n) for (p, _), n in zip(found, names)],
                  missing=[(p, n) for (p, _), n in zip(missing, names[len(found):])], empty=empty)


def _once(items: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """ITEMS without a file named again (a folder and a file in it both given): the first kept."""
    seen, out = set(), []
    for path, name in items:
        where = os.path.realpath(path)
        if where not in seen:
            seen.add(where)
            out.append((path, name))
    return out


def distinct_names(paths: list[Path], names: list[str]) -> list[str]:
    """NAMES, where two are the same each made longer by the folders above its file until none are
    (two vor.pdf given as a/vor.pdf and b/vor.pdf are named so)."""
    names = list(names)
    folders = [Path(os.path.abspath(p)).parts[1:] for p in paths]  # the root is no folder's name
    depth = [len(Path(n).parts) for n in names]
    while True:
        counts = Counter(names)
        grown = False
        for i, name in enumerate(names):
            if counts[name] > 1 and depth[i] < len(folders[i]):
                depth[i] += 1
                names[i] = "/".join(folders[i][-depth[i]:])
                grown = True
        if not grown:
            return names


def nothing_to_read(path: Path) -> Problem:
    """The no_pdf_found row of a path given that holds no PDF."""
    if path.is_dir():
        why = _("The folder {path} holds no PDF (no *.pdf file in it or in the folders below it).").format(path=path)
    else:
        why = _("There is no file or folder {path}, so nothing was read there. Is the path mistyped?").format(
            path=path)
    return Problem(str(path), None, "error", "no_pdf_found", why)
