"""The layout fuzzer at nightly size: thousands of random register layouts read and judged.

    python bench/fuzz_layouts.py                  # seeds 0-1499, the result into bench/RESULTS.md
    python bench/fuzz_layouts.py --seeds 300 --no-write

Each seed is one case of tests/layout_fuzz.py (a register drawn from the samples' words,
laid out at random and rendered with reportlab), judged by tests/fuzz_judge.py: exact,
flagged (differs, but a problem row names the page), silent (differs with no problem naming
the page) or crash. The silent and crash seeds are listed with their first differences;
``python -c 'import sys; sys.path.insert(0, "tests"); from layout_fuzz import make_case; ...'``
rebuilds any of them.
"""
from __future__ import annotations

import argparse
import collections
import platform
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from fuzz_judge import judge_pdf  # noqa: E402
from layout_fuzz import make_case  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN, END = "<!-- fuzz_layouts: begin -->", "<!-- fuzz_layouts: end -->"
KINDS = ["exact", "flagged", "silent", "crash"]


def run(seeds: range) -> tuple[collections.Counter, list[str], float, float]:
    """Counts per verdict, a line per silent or crash seed, the wall time and the time rendering."""
    counts, bad, rendering = collections.Counter(), [], 0.0
    start = time.perf_counter()
    for seed in seeds:
        t = time.perf_counter()
        case = make_case(seed)
        rendering += time.perf_counter() - t
        verdict = judge_pdf(case.pdf, case.risks, case.controls, name=f"fuzz_{seed}.pdf")
        counts[verdict.kind] += 1
        if verdict.kind in ("silent", "crash"):
            bad.append(f"seed {seed}: {verdict.kind}, pages {verdict.unflagged_pages}: "
                       + "; ".join(d[:160] for d in verdict.differences[:2]))
    return counts, bad, time.perf_counter() - start, rendering


def report(seeds: range, counts, bad: list[str], wall: float, rendering: float) -> str:
    lines = [BEGIN, "## Layout fuzzer (nightly size)", "",
             f"Measured {time.strftime('%Y-%m-%d')} by `python bench/fuzz_layouts.py --seeds {len(seeds)}` "
             f"on {platform.machine()}, Python {platform.python_version()}, one process.", "",
             "| cases | " + " | ".join(KINDS) + " | wall s | of it rendering s | cases/s |",
             "|---:|" + "---:|" * (len(KINDS) + 3),
             f"| {len(seeds)} | " + " | ".join(str(counts[k]) for k in KINDS)
             + f" | {wall:.1f} | {rendering:.1f} | {len(seeds) / wall:.1f} |", ""]
    lines += [f"- {b}" for b in bad] or ["No silent change and no crash."]
    return "\n".join(lines + ["", END])


def record(section: str) -> None:
    """The section replaces the fuzzer's section of bench/RESULTS.md (the rest is kept)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    text = pattern.sub(lambda m: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    RESULTS.write_text(text.rstrip() + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=1500, help="how many seeds, from --first (default 1500)")
    ap.add_argument("--first", type=int, default=0, help="the first seed (default 0)")
    ap.add_argument("--no-write", action="store_true", help="print the summary, leave RESULTS.md alone")
    args = ap.parse_args()
    seeds = range(args.first, args.first + args.seeds)
    counts, bad, wall, rendering = run(seeds)
    section = report(seeds, counts, bad, wall, rendering)
    print(section)
    if not args.no_write:
        record(section)
    return 1 if counts["silent"] or counts["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
