"""camelot as the second table finder: its lattice grid, made into cell rectangles.

camelot (lattice) finds ruled tables from the page's image and splits a merged
cell into grid cells with no ruling line between them. Here grid cells joined
without a line are merged back into one rectangle, so a vertically merged goal
cell is one cell over several rows, as pdfplumber's finder gives it. The cell
rectangles then go through the same ``cells_to_table`` and the same text reading
as the default engine: only the geometry comes from camelot.
"""
from __future__ import annotations

import logging
import tempfile
import warnings
from pathlib import Path

from ..errors import RiskregError
from ..i18n import _
from ..optional import MissingDependency, require

PdfBox = tuple[float, float, float, float]  # x0, y0 (bottom), x1, y1 (top), PDF coordinates


def camelot_tables(path: Path, password: str | None) -> dict[int, list[tuple[PdfBox, list[PdfBox]]]]:
    """Page number -> [(table box, cell boxes)] in PDF coordinates (origin bottom left)."""
    camelot = _camelot()  # imported here: it is heavy and only this engine needs it

    logging.getLogger("camelot").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        unturned = _without_rotation(path, password, Path(tmp) / "unturned.pdf")
        if unturned is not None:
            path, password = unturned, None
        found = camelot.read_pdf(str(path), flavor="lattice", pages="all", password=password or None)
    out: dict[int, list[tuple[PdfBox, list[PdfBox]]]] = {}
    for table in found:
        out.setdefault(int(table.page), []).append((tuple(table._bbox), _merged_cells(table.cells)))
    return out


class EngineUnavailable(RiskregError):
    code = "engine_unavailable"


def _camelot():
    """camelot, imported; ``EngineUnavailable`` naming the install command when it is missing."""
    try:
        return require("camelot")
    except MissingDependency as exc:
        raise EngineUnavailable(_("--engine camelot was chosen, but {package} is not installed or does not load "
                                  "({reason}). Install it with: {install}, or run without --engine camelot.")
                                .format(package=exc.part.package, reason=exc.reason,
                                        install=exc.part.install)) from None


def _without_rotation(path: Path, password: str | None, copy: Path) -> Path | None:
    """A copy of the PDF with every page's /Rotate removed, when some page has one; else None.

    riskreg reads a page in the frame its content is drawn in; camelot turns a page by
    /Rotate 180 but by 90 and 270 not (it reads those upright from the text direction),
    so it is given pages without a rotation to turn.
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path), password=password or None)
    try:
        turned = [page for page in pdf if page.get_rotation()]
        if not turned:
            return None
        for page in turned:
            page.set_rotation(0)
        pdf.save(str(copy))
        return copy
    finally:
        pdf.close()


def _merged_cells(grid) -> list[PdfBox]:
    """Grid cells with no ruling line between them joined into one rectangle each."""
    n_rows, n_cols = len(grid), len(grid[0]) if grid else 0
    parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def root(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for r in range(n_rows):
        for c in range(n_cols):
            cell = grid[r][c]
            if c + 1 < n_cols and not cell.right and not grid[r][c + 1].left:
                parent[root((r, c + 1))] = root((r, c))
            if r + 1 < n_rows and not cell.bottom and not grid[r + 1][c].top:
                parent[root((r + 1, c))] = root((r, c))
    boxes: dict[tuple, list[float]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            cell, k = grid[r][c], root((r, c))
            b = boxes.setdefault(k, [cell.x1, cell.y1, cell.x2, cell.y2])
            b[0], b[1] = min(b[0], cell.x1), min(b[1], cell.y1)
            b[2], b[3] = max(b[2], cell.x2), max(b[3], cell.y2)
    return [tuple(b) for b in boxes.values()]


def to_page_box(box: PdfBox, page_bbox: tuple) -> tuple[float, float, float, float]:
    """camelot's coordinates (from the media box's lower left corner, y up) -> the reader's
    (x0, top, x1, bottom) on a page whose media box is ``page_bbox`` in the reader's frame."""
    x0, y0, x1, y1 = box
    left, top, _, bottom = page_bbox
    height = bottom - top
    return (x0 + left, height - y1 + top, x1 + left, height - y0 + top)
