"""Lines outside every table that are a register's rows the table finder did not see.

The extract stage keeps each line outside every table whose text stands in two or more runs
apart (``Document.rows_outside``). The word audit (audit.py) counts the words of those found
here as printed register text: a word of them no row holds is lost.
"""
from __future__ import annotations

from collections import defaultdict

from ..extract import Document
from .logical import LogicalTable
from .settings import NormalizeSettings


def rows_in_register_columns(doc: Document, tables: list[LogicalTable], pages: set[int],
                             settings: NormalizeSettings | None = None) -> list:
    """Lines outside every table whose runs of text start where three or more columns of a
    register table start: rows of the register the table finder did not see (the rest of a row
    cut at a page end with no rule above it, continuation pages printed without their header).

    Looked for on the audited pages, and on each page after one where such rows were found,
    against the columns of the last page holding part of a register table.
    """
    edges: dict[int, list[float]] = defaultdict(list)
    for t in tables:
        for frag, _, _ in t.fragments:
            edges[frag.page].extend(frag.col_edges[:-1])
    by_page: dict[int, list] = defaultdict(list)
    for row in doc.rows_outside:
        by_page[row.page].append(row)
    inset = (settings or NormalizeSettings()).column_inset
    tops: dict[int, float] = {}
    for t in doc.tables:
        tops[t.page] = min(t.bbox[1], tops.get(t.page, t.bbox[1]))
    out, carried, found_before = [], [], False
    for page in range(1, doc.n_pages + 1):
        near = edges.get(page, []) + carried
        found = False
        if page in pages or found_before:
            for row in by_page.get(page, []):
                starts = {round(e) for x0, _, _ in row.runs for e in near if e - 1.0 <= x0 <= e + inset}
                if len(starts) >= 3 or (page - 1 in edges and row.top < tops.get(page, float("inf"))
                                        and _row_rest(row, sorted(edges[page - 1]), inset)):
                    out.append(row)
                    found = True
        if page in edges:
            carried = edges[page]
        elif not found:
            carried = []
        found_before = found
    return out


def _row_rest(row, edges: list[float], inset: float) -> bool:
    """Is this line, above every table of its page, the rest of the last row of the page
    before's register table: two or more runs, each starting at a column of that table and
    ending inside it, no two in one column?"""
    columns = []
    for x0, x1, _ in row.runs:
        i = next((i for i, e in enumerate(edges) if e - 1.0 <= x0 <= e + inset), None)
        if i is None or (i + 1 < len(edges) and x1 > edges[i + 1]):
            return False
        columns.append(i)
    return len(columns) >= 2 and len(set(columns)) == len(columns)
