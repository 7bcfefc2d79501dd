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


def known_limits(sample: str, table: str) -> dict[tuple[int, str], str]:
    """Cells documented as read wrong (samples/expected/known_limits.csv): (row, column) -> got."""
    rows = read_expected("known_limits.csv")
    return {(int(r["row"]), r["column"]): r["got"] for r in rows
            if r["sample"] == sample and r["table"] == table}


def differences(got: list[dict], want: list[dict], key: str,
                limits: dict[tuple[int, str], str] | None = None) -> list[str]:
    """Every differing cell, as 'row <key>: column: got != want' lines.

    A documented known limit is accepted only with exactly the recorded wrong
    value; a limit that no longer occurs is reported too, so it gets removed.
    """
    limits = limits or {}
    out = []
    for (i, column), value in limits.items():
        if i >= len(got) or got[i].get(column) != value:
            out.append(f"known limit no longer seen: row {i} {column} (remove it from known_limits.csv)")
    if len(got) != len(want):
        out.append(f"{len(got)} rows, expected {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        for column, expected in w.items():
            if g.get(column, "<missing>") != expected and (i, column) not in limits:
                out.append(f"row {i} ({key}={w.get(key)}): {column}: {g.get(column)!r} != {expected!r}")
    return out


#: each row's box on its page (x0, top, x1, bottom): where the row is drawn, not what it says
BOX = ["x0", "top", "x1", "bottom"]


def same_but_boxes(a, b, points: float) -> bool:
    """Two frames equal but for their rows' boxes, which lie within ``points`` of each other
    (camelot finds a rule by drawing the page: its cell edges stand a fraction of a point off)."""
    if not a.drop(columns=BOX).equals(b.drop(columns=BOX)):
        return False
    return bool(((a[BOX].astype(float) - b[BOX].astype(float)).abs().fillna(0) <= points).all().all())
