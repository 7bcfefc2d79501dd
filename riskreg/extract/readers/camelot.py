"""The ruled grid read by camelot (--engine camelot): its lattice cells, made the same grid as the
ruled reader's (extract/camelot_engine.py, lattice.tables_from_boxes)."""
from __future__ import annotations

from ..camelot_engine import camelot_tables
from ..lattice import contained, tables_from_boxes
from ..model import Table
from ..reader_errors import reading
from .base import PageObjects, Reader, Reading, register


@register
class CamelotReader(Reader):
    """camelot reads the whole file once, when the reader starts; each page then takes its boxes."""

    name = "camelot"
    order = 30
    title = "ruled grid found by camelot's lattice"
    settings = ("engine", "table_settings", "edge_snap", "min_row_height", "min_col_width",
                "open_end_min_rules", "open_end_tolerance", "min_rows", "min_cols")

    @classmethod
    def wanted(cls, settings, header_matcher=None) -> bool:
        return settings.engine == "camelot"

    def __init__(self, reading_: Reading):
        super().__init__(reading_)
        with reading():  # camelot's own error reading the file: a damaged PDF
            self.boxes = camelot_tables(reading_.path, reading_.password)

    def read_page(self, page: PageObjects) -> list[Table]:
        with contained(self.reading.failures, page.number, None):
            return tables_from_boxes(self.boxes.get(page.number, []), page.number, page.page.bbox,
                                     page.chars, self.reading.settings, page.page)
        return []
