"""Compare riskreg's register of a sample PDF with its hand-made expected CSV."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from riskreg.write.files import _csv_frame

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = SAMPLES / "expected"


def read_expected(name: str) -> list[dict]:
    with (EXPECTED / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def as_csv_rows(frame) -> list[dict]:
    """A DataFrame as the CSV writer writes it, read back as strings."""
    buf = io.StringIO()
    _csv_frame(frame).to_csv(buf, index=False)
    buf.seek(0)
    return list(csv.DictReader(buf))


def differences(got: list[dict], want: list[dict], key: str) -> list[str]:
    """Every differing cell, as 'row <key>: column: got != want' lines."""
    out = []
    if len(got) != len(want):
        out.append(f"{len(got)} rows, expected {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        for column, expected in w.items():
            if g.get(column, "<missing>") != expected:
                out.append(f"row {i} ({key}={w.get(key)}): {column}: {g.get(column)!r} != {expected!r}")
    return out
