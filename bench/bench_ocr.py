"""Seconds per scanned page: riskreg's OCR against ocrmypdf, on the same pages in the same run.

    pip install -e '.[bench]'            # ocrmypdf (uses the same Tesseract and Swedish data)
    python bench/bench_ocr.py            # appends its table to bench/RESULTS.md
    python bench/bench_ocr.py --no-write # prints the table only

Each contender runs in a fresh process, one Tesseract thread (OMP_THREAD_LIMIT=1), on
each scanned twin of samples/scanned/:

- riskreg: ``riskreg.extract_register`` on the scan, end to end (grid, cells read by Tesseract,
  normalising, links): the register;
- ocrmypdf: ``ocrmypdf -l swe -j 1 --output-type pdf --optimize 0``: a text layer
  over the whole page and nothing else (no table: riskreg would still have to read
  the grid from it).

Wall time depends on what else runs on the machine; CPU time (the process and its
children, Tesseract included) less so, and both are reported.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANS = sorted((ROOT / "samples" / "scanned").glob("*_scan.pdf"))
#: a hand-written subsection of the OCR section (a profile's reading), kept on a rerun
NOTES = "### Where riskreg's OCR time goes"

_MEASURE = r"""
import json, os, resource, subprocess, sys, time
kind, path, out = sys.argv[1:4]
start = time.perf_counter()
if kind == "riskreg":
    import riskreg
    register = riskreg.extract_register(path)
    detail = f"{len(register.risks)} risks, {len(register.controls)} controls"
else:
    subprocess.run([os.path.join(os.path.dirname(sys.executable), "ocrmypdf"), "-q", "-l", "swe",
                    "-j", "1", "--output-type", "pdf", "--optimize", "0", path, out], check=True)
    detail = "text layer only"
wall = time.perf_counter() - start
own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
print(json.dumps({"wall": wall, "cpu": cpu, "detail": detail}))
"""


def measure(kind: str, path: Path, tmp: Path) -> dict:
    env = dict(os.environ, OMP_THREAD_LIMIT="1", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _MEASURE, kind, str(path), str(tmp / f"{kind}.pdf")],
                          capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def pages(path: Path) -> int:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print the table, do not touch RESULTS.md")
    args = parser.parse_args()
    load = os.getloadavg()[0]  # wall times stretch when other work shares the cores
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for scan in SCANS:
            n = pages(scan)
            for kind in ("riskreg", "ocrmypdf"):
                m = measure(kind, scan, Path(tmp))
                rows.append((scan.name, kind, n, m))
                print(f"{scan.name} {kind}: {m['wall']:.1f} s wall, {m['cpu']:.1f} s CPU, {n} pages",
                      file=sys.stderr)
    from importlib.metadata import version

    import tesserocr
    cli = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split()[1]
    lines = [
        "## OCR: seconds per scanned page, riskreg against ocrmypdf",
        "",
        f"Measured {date.today()} by `python bench/bench_ocr.py` on: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, load average {load:.1f} at the start; Python {platform.python_version()}, riskreg through "
        f"tesserocr {version('tesserocr')} (Tesseract {tesserocr.tesseract_version().split()[1]}), ocrmypdf "
        f"{version('ocrmypdf')} (Tesseract {cli}), both with the Swedish data; pypdfium2 {version('pypdfium2')}. "
        "One Tesseract thread each, each run in a fresh process; "
        "CPU time is the process's and its children's (Tesseract's).",
        "",
        "| scan | contender | pages | wall s | wall s/page | CPU s/page | what comes out |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for name, kind, n, m in rows:
        lines.append(f"| {name} | {kind} | {n} | {m['wall']:.1f} | {m['wall'] / n:.1f} | {m['cpu'] / n:.1f} "
                     f"| {m['detail']} |")
    table = "\n".join(lines) + "\n"
    print(table)
    if not args.no_write:
        results = ROOT / "bench" / "RESULTS.md"
        text = results.read_text(encoding="utf-8")
        marker = "## OCR: seconds per scanned page"
        notes = later = ""
        if marker in text:
            section = text[text.index(marker):]
            end = section.find("\n## ")  # a section after this one (bench_damaged.py's) stays
            if end >= 0:
                section, later = section[:end], "\n" + section[end + 1:].rstrip() + "\n"
            # the hand-written reading of a profile stays until someone rewrites it
            if NOTES in section:
                notes = "\n" + section[section.index(NOTES):].rstrip() + "\n"
            text = text[:text.index(marker)].rstrip() + "\n"
        results.write_text(text.rstrip() + "\n\n" + table + notes + later, encoding="utf-8")


if __name__ == "__main__":
    main()
