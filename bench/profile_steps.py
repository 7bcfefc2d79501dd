"""Where riskreg's time goes per page: timers around each step of one extract, on one core.

    python bench/profile_steps.py            # the samples
    python bench/profile_steps.py FILE.pdf   # any PDFs

Each step's function is wrapped in a timer (no profiler, so the figures are
close to a plain run); a step's time includes the steps it calls.
"""
from __future__ import annotations

import collections
import functools
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    sys.path.insert(0, str(ROOT))
    import riskreg
    from riskreg import pipeline
    from riskreg.extract import cells, document, lattice, pdfium_reader
    from riskreg.extract.readers import alignment, fills

    spent: collections.Counter = collections.Counter()

    def timed(owner, name: str, label: str) -> None:
        inner = getattr(owner, name)

        @functools.wraps(inner)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - start
        setattr(owner, name, wrapper)

    timed(pdfium_reader, "_chars", "characters (pdfium)")
    timed(pdfium_reader, "_edges", "ruling lines (pdfium)")
    timed(cells.CellFinder, "__init__", "table finder (ruling lines -> cells)")
    timed(lattice, "cells_to_table", "cells and their lines")
    timed(document, "dedupe_chars", "duplicate characters")
    timed(alignment, "find_unruled_tables", "tables without ruling lines")
    timed(fills.FillReader, "read_page", "tables drawn as fills (pages)")
    timed(fills.FillReader, "read_document", "tables drawn as fills (tables)")
    timed(document, "vocabulary", "the document's words")
    timed(pipeline, "read_document", "extract stage in all")
    timed(pipeline, "assemble_tables", "stacking tables over pages")
    timed(pipeline, "link_controls", "linking controls")

    paths = argv[1:] or sorted(str(p) for p in (ROOT / "samples").glob("*.pdf"))
    start, pages = time.perf_counter(), 0
    for path in paths:
        pages += riskreg.extract_file(path).pages
    total = time.perf_counter() - start
    print(f"{pages} pages, {total / pages * 1000:.1f} ms per page end to end")
    for label, seconds in spent.most_common():
        print(f"  {label:32} {seconds / pages * 1000:6.2f} ms per page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
