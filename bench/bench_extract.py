"""Speed and memory of riskreg against plain pdfplumber and tablers, measured in one run on the same pages.

    pip install -e '.[bench]'                # tablers, the compiled peer
    python bench/bench_extract.py            # writes bench/RESULTS.md
    python bench/bench_extract.py --quick    # fewer repeats, for a look

Every measurement runs in a fresh Python process pinned to one core (so the
numbers are per core and each peak memory is its own), three times; the best
time is kept. Workloads:

- samples: every PDF in samples/ (end to end: risks, controls, links, flags);
- archive-500: one synthetic PDF of at least 500 pages, the samples' pages
  concatenated (made with pypdfium2 in a temporary folder);

Contenders: riskreg with its pdfium reader (the default), riskreg with
pdfplumber's own reader (pdfminer), plain pdfplumber
(``page.extract_tables()`` on every page, nothing else), tablers (a table
finder written in Rust over pdfium, the fastest we know of: ``find_tables`` with
its cells' text on every page, nothing else; it finds the same tables with the
same number of cells as pdfplumber on every sample page), and a floor: what the
pdfium reader's character loop alone costs (load each page and its text, make
the three pdfium calls per character riskreg makes, keep nothing). No reader
that asks pdfium for characters one by one can be faster than that floor. A
second floor reads pdfium's text objects instead (each one's text, box and
size: what a reader working on runs of text would need at the least).
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: where bench_ocr.py's section of RESULTS.md starts (bench_ocr.py appends it; this script keeps it)
OCR_SECTION = "## OCR: seconds per scanned page"
SAMPLES = sorted((ROOT / "samples").glob("*.pdf"))

CHILD = r"""
import json, os, resource, sys, time
os.sched_setaffinity(0, {0})
kind, paths = sys.argv[1], sys.argv[2:]
import pdfplumber
import riskreg
from riskreg.extract import ExtractSettings
pages = 0
start = time.perf_counter()
if kind == "pdfium-chars":
    import ctypes
    import pypdfium2 as pdfium
    from riskreg.extract import pdfium_reader as R
    box, ox, oy = R.raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    refs = ctypes.addressof(box), ctypes.addressof(ox), ctypes.addressof(oy)
    for p in paths:
        pdf = pdfium.PdfDocument(p)
        for page in pdf:
            textpage = page.get_textpage()
            tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
            for i in range(R.raw.FPDFText_CountChars(textpage.raw)):
                R._TEXT_OBJECT(tp, i)
                R._LOOSE_BOX(tp, i, refs[0])
                R._ORIGIN(tp, i, refs[1], refs[2])
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
elif kind == "pdfium-objects":
    import ctypes
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    box = [ctypes.c_float() for _ in range(4)]
    size = ctypes.c_float()
    for p in paths:
        pdf = pdfium.PdfDocument(p)
        for page in pdf:
            textpage = page.get_textpage()
            for i in range(raw.FPDFPage_CountObjects(page.raw)):
                obj = raw.FPDFPage_GetObject(page.raw, i)
                if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_TEXT:
                    continue
                raw.FPDFPageObj_GetBounds(obj, *box)
                raw.FPDFTextObj_GetFontSize(obj, size)
                n = raw.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
                buf = ctypes.create_string_buffer(n * 2)
                raw.FPDFTextObj_GetText(obj, textpage.raw, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), n * 2)
                buf.raw[:max(n * 2 - 2, 0)].decode("utf-16-le")
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
elif kind == "tablers":
    import tablers
    for p in paths:
        doc = tablers.Document(p)
        for page in doc.pages():
            tablers.find_tables(page, extract_text=True)
            pages += 1
        doc.close()
elif kind == "pdfplumber":
    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.flush_cache()
                pages += 1
else:
    settings = riskreg.Settings(extract=ExtractSettings(reader=kind.split(":")[1]))
    for p in paths:
        result = riskreg.extract_file(p, settings)
        pages += result.pages
elapsed = time.perf_counter() - start
print(json.dumps({"pages": pages, "seconds": elapsed,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CONTENDERS = [("riskreg:pdfium", "riskreg (pdfium reader, default)"),
              ("riskreg:pdfminer", "riskreg (pdfminer reader)"),
              ("pdfplumber", "plain pdfplumber `extract_tables()`"),
              ("tablers", "tablers `find_tables(extract_text=True)` (Rust over pdfium)"),
              ("pdfium-chars", "floor: pdfium page load + 3 calls per character, nothing else"),
              ("pdfium-objects", "floor: pdfium page load + each text object's text, box and size")]


def measure(kind: str, paths: list[Path], repeats: int) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    runs = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", CHILD, kind, *map(str, paths)], check=True,
                             capture_output=True, text=True, cwd=ROOT, env=env).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["seconds"])
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    return best


def archive_pdf(folder: Path, min_pages: int = 500) -> Path:
    import pypdfium2 as pdfium
    out = pdfium.PdfDocument.new()
    while len(out) < min_pages:
        for p in SAMPLES:
            out.import_pages(pdfium.PdfDocument(str(p)))
    path = folder / f"archive_{len(out)}_pages.pdf"
    out.save(str(path))
    return path


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        pass
    import pdfplumber
    import pypdfium2
    import tablers
    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, pdfplumber {pdfplumber.__version__}, "
            f"pypdfium2 {pypdfium2.version.PYPDFIUM_INFO}, tablers {tablers.__version__}")


def main(argv: list[str]) -> int:
    repeats = 1 if "--quick" in argv else 3
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        workloads = [("samples", SAMPLES), ("archive-500 (one PDF)", [archive_pdf(Path(tmp))])]
        for name, paths in workloads:
            results = {kind: measure(kind, paths, repeats) for kind, _ in CONTENDERS}
            rates = {kind: r["pages"] / r["seconds"] for kind, r in results.items()}
            peer, fastest = rates["pdfplumber"], rates["tablers"]
            for kind, label in CONTENDERS:
                r, rate = results[kind], rates[kind]
                rows.append((name, label, r["pages"], r["seconds"], rate, rate / peer, rate / fastest,
                             r["peak_mb"]))
                print(f"{name:24} {label:40} {r['pages']:5d} pages {r['seconds']:7.2f} s "
                      f"{rate:7.1f} pages/s  x{rate / peer:5.2f}  x{rate / fastest:5.2f} tablers  "
                      f"peak {r['peak_mb']:6.0f} MB", flush=True)
    lines = [
        "# Benchmark: riskreg against plain pdfplumber and tablers",
        "",
        f"Measured {date.today().isoformat()} by `python bench/bench_extract.py` on: {machine()}.",
        "",
        "One core (each run pinned to CPU 0), best of "
        f"{repeats} runs, each in a fresh process; peak memory is that process's maximum resident size. "
        "riskreg runs end to end (tables, normalisation, links, flags); the peers only find tables.",
        "",
        "| workload | contender | pages | seconds | pages/s | × plain pdfplumber | × tablers | peak MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, label, pages, seconds, rate, ratio, to_fastest, peak in rows:
        lines.append(f"| {name} | {label} | {pages} | {seconds:.2f} | {rate:.1f} | {ratio:.2f} | "
                     f"{to_fastest:.2f} | {peak:.0f} |")
    results = ROOT / "bench" / "RESULTS.md"
    text = "\n".join(lines) + "\n"
    # the OCR section is bench_ocr.py's (minutes of OCR): kept as it was measured
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    if OCR_SECTION in old:
        text = text.rstrip() + "\n\n" + old[old.index(OCR_SECTION):]
    results.write_text(text, encoding="utf-8")
    print("wrote bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
