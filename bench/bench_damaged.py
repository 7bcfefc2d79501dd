"""Seeded damaged copies of samples, read through riskreg's batch path: none may change the
register without a problem row (issue 25, item 8).

    python bench/bench_damaged.py                    # 1,000 copies of enskede_2023_ruled.pdf
    python bench/bench_damaged.py --copies 100       # a look
    python bench/bench_damaged.py --sample farsta_2022.pdf --sample tallby_2025_kontrollplan.pdf
    python bench/bench_damaged.py --no-write         # print the table, do not touch RESULTS.md

Copy i of a run seeded S is made by tests/damage.py's ``seeded_copy(data, S, i)``:
its kind is the i-th of flip, burst, cut, remove, zero in turn, its bytes come from
a generator of its own, so any one copy is made again from (S, i) alone. All copies
and the intact file are read in one ``riskreg.batch.run`` (worker processes, each
file under the per-file time and memory cap given), and each copy is classed
against the intact file:

- whole: the same risks and controls as the intact file's;
- flagged: another register (or none), with a problem row the intact file does not have;
- silent: another register, and no problem beyond the intact file's (a bug to fix);
- crash: riskreg's own error (``internal_error``) or a worker that died (``worker_crashed``);
- capped: the time or memory cap was hit (``timeout``, ``out_of_memory``): a problem row, not a hang.

The run is recorded (counts, seeds, wall time, caps) in bench/RESULTS.md's section
"Damaged copies"; the exit code is 1 when a copy is silent or a crash.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # tests/damage.py: the same damage as the tests make

from damage import seeded_copy  # noqa: E402

from riskreg.batch import BatchSettings, run  # noqa: E402

SECTION = "## Damaged copies: the register whole, or a problem row"
CLASSES = ("whole", "flagged", "silent", "crash", "capped")
CRASH, CAPPED = {"internal_error", "worker_crashed"}, {"timeout", "out_of_memory"}


def make_copies(samples: list[Path], copies: int, seed: int, folder: Path) -> dict[str, tuple[str, int, str]]:
    """Write each sample (as SAMPLE/intact.pdf) and COPIES damaged copies of it into FOLDER;
    name of each copy -> (sample, index, kind). A copy whose bytes are the intact file's or an
    earlier copy's is skipped (the batch reads a file's content once: a repeat has no rows of its own)."""
    made = {}
    for sample in samples:
        data = sample.read_bytes()
        (folder / sample.stem).mkdir(parents=True)
        (folder / sample.stem / "intact.pdf").write_bytes(data)
        seen = {data}
        for i in range(copies):
            kind, damaged = seeded_copy(data, seed, i)
            if damaged in seen:
                continue
            seen.add(damaged)
            name = f"{sample.stem}/copy_{i:04d}_{kind}.pdf"
            (folder / name).write_bytes(damaged)
            made[name] = (sample.name, i, kind)
    return made


def _by_file(frame) -> dict:
    return {name: rows.drop(columns="source_file").reset_index(drop=True)
            for name, rows in frame.groupby("source_file", sort=False)}


def _code_and_page(problems) -> list[tuple]:
    """Each problem row as (code, page): a copy's problem is new unless the intact file has one of
    its code on its page (a message may name the copy's path, so messages are not compared)."""
    return list(zip(problems.code, problems.page.fillna(-1)))


def classify(register, made: dict) -> list[dict]:
    """One row per copy: its class, its risks and controls, the new problem codes, whether a
    new problem names a page."""
    risks, controls = _by_file(register.risks), _by_file(register.controls)
    problems = _by_file(register.problems)
    empty = register.risks.drop(columns="source_file").iloc[:0], register.controls.drop(columns="source_file").iloc[:0]
    out = []
    for name, (sample, index, kind) in made.items():
        intact = f"{Path(name).parent}/intact.pdf"
        mine = risks.get(name, empty[0]), controls.get(name, empty[1])
        theirs = risks.get(intact, empty[0]), controls.get(intact, empty[1])
        own = problems.get(name, register.problems.iloc[:0])
        known = set(_code_and_page(problems[intact])) if intact in problems else set()
        new = own.loc[[k not in known for k in _code_and_page(own)]]
        codes = set(new.code)
        if codes & CRASH:
            cls = "crash"
        elif codes & CAPPED:
            cls = "capped"
        elif mine[0].equals(theirs[0]) and mine[1].equals(theirs[1]):
            cls = "whole"
        else:
            cls = "flagged" if codes else "silent"
        out.append({"name": name, "sample": sample, "index": index, "kind": kind, "class": cls,
                    "risks": len(mine[0]), "controls": len(mine[1]), "intact_risks": len(theirs[0]),
                    "codes": sorted(codes), "page_named": bool(new.page.notna().any())})
    return out


def table(rows: list[dict]) -> list[str]:
    """The counts by kind of damage, a line each, and the total."""
    lines = ["| damage | copies | " + " | ".join(CLASSES) + " | flagged naming a page |",
             "|---|---:|" + "---:|" * len(CLASSES) + "---:|"]
    kinds = list(dict.fromkeys(r["kind"] for r in rows))
    for kind in [*kinds, "all"]:
        mine = [r for r in rows if kind in ("all", r["kind"])]
        counts = Counter(r["class"] for r in mine)
        named = sum(r["page_named"] for r in mine if r["class"] == "flagged")
        label = "**all**" if kind == "all" else kind
        lines.append(f"| {label} | {len(mine)} | " + " | ".join(str(counts[c]) for c in CLASSES)
                     + f" | {named} of {counts['flagged']} |")
    return lines


def record(lines: list[str]) -> None:
    """Put the run's section at the end of bench/RESULTS.md, in place of the one before."""
    results = ROOT / "bench" / "RESULTS.md"
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    if SECTION in text:
        before, after = text.split(SECTION, 1)
        rest = after.find("\n## ")  # a section after this one stays
        text = before.rstrip() + ("\n\n" + after[rest + 1:].strip() if rest >= 0 else "")
    results.write_text(text.rstrip() + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print("wrote bench/RESULTS.md")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=1000, help="damaged copies of each sample (default 1000)")
    parser.add_argument("--seed", type=int, default=25, help="the run's seed (default 25)")
    parser.add_argument("--sample", action="append", help="a PDF in samples/ (repeatable; default "
                        "enskede_2023_ruled.pdf, the smallest with a VoR and a control plan)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per file (default 60)")
    parser.add_argument("--max-memory", type=int, default=2048, help="MB per worker (default 2048)")
    parser.add_argument("--no-write", action="store_true", help="print the table, do not touch RESULTS.md")
    parser.add_argument("--details", type=Path, help="write a CSV of every copy: class, risks, new codes")
    args = parser.parse_args(argv)
    samples = [ROOT / "samples" / s for s in (args.sample or ["enskede_2023_ruled.pdf"])]
    for sample in samples:
        if not sample.is_file():
            parser.error(f"there is no sample {sample.name} in samples/")
    batch = BatchSettings(workers=args.workers, timeout=args.timeout, max_memory_mb=args.max_memory)
    with tempfile.TemporaryDirectory(prefix="riskreg-damaged-") as scratch:
        made = make_copies(samples, args.copies, args.seed, Path(scratch) / "copies")
        started = time.perf_counter()
        register = run([Path(scratch) / "copies"], Path(scratch) / "out", batch=batch)
        wall = time.perf_counter() - started
    rows = classify(register, made)
    lines = [SECTION, "",
             f"Measured {date.today().isoformat()} by `python bench/bench_damaged.py --copies {args.copies} "
             f"--seed {args.seed}` on {platform.machine()}, {os.cpu_count()} cores, load average "
             f"{os.getloadavg()[0]:.1f} at the end; Python {platform.python_version()}. "
             f"Samples: {', '.join(s.name for s in samples)}; copies i = 0..{args.copies - 1} of seed "
             f"{args.seed} ({args.copies * len(samples) - len(rows)} left out: the intact bytes, or an earlier copy's). "
             f"{args.workers} workers, caps per file {args.timeout:g} s and {args.max_memory} MB; "
             f"wall time {wall:.0f} s ({wall / max(len(rows), 1):.2f} s a copy).", "", *table(rows)]
    if args.details:
        import pandas as pd
        pd.DataFrame(rows).to_csv(args.details, index=False)
    codes = Counter(c for r in rows for c in r["codes"])
    lines += ["", "New problem codes (copies giving each): "
              + ", ".join(f"{code} {n}" for code, n in codes.most_common()) + "."]
    bad = [r for r in rows if r["class"] in ("silent", "crash")]
    if bad:
        lines += ["", "Silent or crashed copies (sample, seed, index, kind: risks of the intact file's; new codes):", ""]
        lines += [f"- {r['sample']} seed {args.seed} copy {r['index']} ({r['kind']}): {r['class']}, "
                  f"{r['risks']} of {r['intact_risks']} risks, {r['controls']} controls; {r['codes']}" for r in bad]
    print("\n".join(lines))
    if not args.no_write:
        record(lines)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
