"""The layout readers, one module per family, and the registry that runs them in order.

``READER_MODULES`` lists the built-in reader modules; each registers its reader when imported.
See ``base.py`` for the interface.
"""
from __future__ import annotations

import importlib
from typing import Iterable, Optional

from .base import Mark, PageObjects, Reader, Reading, register, registered, unregister  # noqa: F401 (the interface)

#: the built-in readers' modules (riskreg.extract.readers.<name>): a new family is one more line
READER_MODULES = (
    "image",      # scans: the grid from the image, each cell read by OCR
    "ruled",      # ruled grids: pdfplumber's table finder on the ruling lines
    "camelot",    # ruled grids found by camelot (--engine camelot)
    "fills",      # grids drawn only as filled rectangles (zebra rows, a filled header, shaded cells)
    "records",    # registers written as records: per risk a title, a description and labelled fields
    "alignment",  # grids without lines: columns from the text's alignment, found by the header
)

_loaded = False


def _load() -> None:
    global _loaded
    if not _loaded:
        for module in READER_MODULES:
            importlib.import_module(f"{__name__}.{module}")
        _loaded = True


def reader_names() -> list[str]:
    """The names of every reader riskreg knows, in the order they run."""
    _load()
    return [r.name for r in registered()]


def readers_named(names: Optional[Iterable[str]] = None) -> list[type[Reader]]:
    """The readers of these names (every one for None), in their fixed order, whatever the order
    given; a ValueError naming the known readers for a name riskreg does not know."""
    _load()
    known = registered()
    if names is None:
        return known
    wanted = list(names)
    unknown = [n for n in wanted if n not in {r.name for r in known}]
    if unknown:
        raise ValueError(f"unknown reader{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
                         f"the readers are: {', '.join(r.name for r in known)}")
    return [r for r in known if r.name in wanted]


def reader_class(name: str) -> Optional[type[Reader]]:
    """The registered reader of this name, None when there is none (a table made by hand)."""
    _load()
    return next((r for r in registered() if r.name == name), None)
