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


def STEPS(pdfium_reader, cells, lattice, document, alignment, fills, records, normalize, audit, pieces,
          pipeline) -> list:
    """(module or class, attribute, label) of each step timed; tests/test_bench_scripts.py checks
    that every one still exists, so a renamed step cannot leave this script broken."""
    return [
        (pdfium_reader, "_chars", "characters (pdfium)"),
        (pdfium_reader, "_edges", "ruling lines (pdfium)"),
        (cells.CellFinder, "__init__", "table finder (ruling lines -> cells)"),
        (lattice, "cells_to_table", "cells and their lines"),
        (document, "dedupe_with_boxes", "duplicate characters"),
        (alignment, "find_unruled_tables", "tables without ruling lines"),
        (fills.FillReader, "read_page", "tables drawn as fills (pages)"),
        (fills.FillReader, "read_document", "tables drawn as fills (tables)"),
        (records.RecordsReader, "read_document", "registers written as records"),
        (document, "vocabulary", "the document's words"),
        (pipeline, "read_document", "extract stage in all"),
        (pipeline, "damaged_pages", "damage check (qpdf)"),
        (normalize, "assemble_tables", "stacking tables over pages"),
        (normalize, "audit_words", "word audit"),
        (normalize, "words_in_pieces", "words left in pieces"),
        (pipeline, "normalize_document", "normalise stage in all"),
        (pipeline, "link_controls", "linking controls"),
    ]


def main(argv: list[str]) -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    sys.path.insert(0, str(ROOT))
    import riskreg
    from riskreg import pipeline
    from riskreg.extract import cells, document, lattice, pdfium_reader
    from riskreg.extract.readers import alignment, fills, records
    from riskreg.normalize import audit, document as normalize, pieces

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

    for owner, name, label in STEPS(pdfium_reader, cells, lattice, document, alignment, fills, records,
                                    normalize, audit, pieces, pipeline):
        timed(owner, name, label)

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
