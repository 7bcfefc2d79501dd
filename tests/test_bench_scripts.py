"""The bench scripts name riskreg's functions by attribute: each must still be there."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from riskreg import pipeline
from riskreg.extract import cells, document, lattice, pdfium_reader
from riskreg.extract.readers import alignment, fills, records
from riskreg.normalize import audit, document as normalize, pieces

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_step_profile_steps_times_exists():
    steps = _module("profile_steps").STEPS(pdfium_reader, cells, lattice, document, alignment, fills, records,
                                            normalize, audit, pieces, pipeline)
    missing = [f"{getattr(owner, '__name__', owner)}.{name}" for owner, name, _ in steps
               if not callable(getattr(owner, name, None))]
    assert missing == []
    assert len({label for _, _, label in steps}) == len(steps)
