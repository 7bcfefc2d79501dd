"""The parts riskreg runs without until they are asked for, each named with the command that installs it.

An optional dependency is imported here by its module name (``require("tesserocr")``);
when it is missing (or cannot load: a wheel built for another system, a library it
needs absent) the error is ``MissingDependency``, which carries the package's name,
what needs it and the one command that installs it. The caller turns it into the
problem a user reads: ``ocr_unavailable`` for OCR, ``engine_unavailable`` for
``--engine camelot``, a usage error for ``--scheduler``.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class OptionalPart:
    """A dependency imported only when a feature needs it."""

    package: str  #: its name on PyPI
    needed_for: str  #: the feature that needs it, in plain words
    install: str  #: the one command that installs it


#: module name -> the part; the extras are those of setup.cfg
PARTS: dict[str, OptionalPart] = {
    "tesserocr": OptionalPart("tesserocr", "reading scanned pages (OCR)", "pip install 'riskreg[ocr]'"),
    # opencv comes with camelot-py (a requirement of riskreg's), so a plain install has it
    "cv2": OptionalPart("opencv-python-headless", "reading scanned pages (OCR)",
                        "pip install opencv-python-headless"),
    "camelot": OptionalPart("camelot-py", "the camelot engine (--engine camelot)", "pip install camelot-py"),
    "distributed": OptionalPart("dask[distributed]", "running on a Dask cluster (--scheduler)",
                                "pip install 'riskreg[cluster]'"),
}


class MissingDependency(Exception):
    """An optional dependency cannot be imported; the message names it and how to install it."""

    def __init__(self, module: str, reason: str):
        part = PARTS[module]
        self.module, self.part, self.reason = module, part, reason
        self.message = (f"{part.needed_for[0].upper()}{part.needed_for[1:]} needs {part.package}, which is not "
                        f"installed or does not load ({reason}). Install it with: {part.install}")
        super().__init__(self.message)


def require(module: str):
    """The module named, imported; ``MissingDependency`` when it is missing or does not load."""
    if module not in PARTS:
        raise KeyError(f"{module} is not one of riskreg's optional parts: add it to riskreg.optional.PARTS")
    try:
        return importlib.import_module(module)
    except ImportError as exc:  # ModuleNotFoundError, or a compiled library it needs is missing
        raise MissingDependency(module, f"{type(exc).__name__}: {exc}") from exc
