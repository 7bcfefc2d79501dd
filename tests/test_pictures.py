"""A register that exists only as pictures on pages with a text layer (issue 27, item 3).

samples/pictures/bergby_2024_bilder.pdf (samples/build_pictures.py): two pages, each a heading
and paragraphs in the text layer and a picture of seven register rows covering a third of the
page. Its expected register (samples/expected/pictures/) is written from the source rows, never
from riskreg. OCR is slow: the sample is read once per session, the cut variant once.
"""
from __future__ import annotations

import csv
import os

import pytest

import riskreg
from golden import SAMPLES, as_csv_rows

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

SAMPLE = SAMPLES / "pictures" / "bergby_2024_bilder.pdf"
_READ: dict = {}


def read(path):
    if str(path) not in _READ:
        _READ[str(path)] = riskreg.extract_register(path)
    return _READ[str(path)]


def expected() -> list[dict]:
    with (SAMPLES / "expected" / "pictures" / "bergby_2024_bilder.risks.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_row_of_the_pictures_is_read_with_nearly_every_cell():
    got, want = as_csv_rows(read(SAMPLE).risks), expected()
    assert len(got) == len(want)
    same = total = 0
    for g, w in zip(got, want):
        for column, value in w.items():
            total += 1
            same += g[column] == value
    assert same / total >= 0.95, f"cells {same}/{total}"
    numbers = [g["risk_nr"] for g in got]
    assert numbers == [w["risk_nr"] for w in want]


def test_rows_read_from_a_picture_say_ocr():
    risks = read(SAMPLE).risks
    assert set(risks["source"]) == {"ocr"}
    assert risks["ocr_confidence"].notna().all()
