"""The ruled grid read by camelot (--engine camelot): its lattice cells, made the same grid as the
ruled reader's (extract/camelot_engine.py, lattice.tables_from_boxes)."""
from __future__ import annotations

from ..camelot_engine import camelot_tables
from ..cells import drawn_lines
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
                "open_end_min_rules", "open_end_tolerance", "min_rows", "min_cols", "max_rule_width")

    @classmethod
    def wanted(cls, settings, header_matcher=None) -> bool:
        return settings.engine == "camelot"

    def __init__(self, reading_: Reading):
        super().__init__(reading_)
        with reading():  # camelot's own error reading the file: a damaged PDF
            self.boxes = camelot_tables(reading_.path, reading_.password)

    def read_page(self, page: PageObjects) -> list[Table]:
        """camelot finds its lines in the page's picture, where a fill's side is a line as well: a
        table with no drawn line in it is one of fills (zebra rows cut into patches by merged
        ranges and coloured cells), left to the fill reader, which takes each fill whole."""
        with contained(self.reading.failures, page.number, None):
            tables = tables_from_boxes(self.boxes.get(page.number, []), page.number, page.page.bbox,
                                       page.chars, self.reading.settings, page.page)
            lines = drawn_lines(page.page, page.edges, self.reading.settings.max_rule_width)
            return [t for t in tables if any(_within(e, t.bbox) for e in lines)]
        return []


def _within(edge: dict, box) -> bool:
    return box[0] - 1 <= edge["x0"] and edge["x1"] <= box[2] + 1 and box[1] - 1 <= edge["top"] \
        and edge["bottom"] <= box[3] + 1
