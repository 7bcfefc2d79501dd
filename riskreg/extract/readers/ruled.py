"""The ruled grid reader: pdfplumber's table finder on the page's ruling lines (extract/lattice.py)."""
from __future__ import annotations

from ..lattice import contained, find_tables
from ..model import Table
from .base import PageObjects, Reader, register


@register
class RuledReader(Reader):
    """Tables drawn with ruling lines: the cells pdfplumber's finder gives, made a grid with spans.
    A page whose table finding raises costs that page's ruled tables (a TableFailure), not the
    file: its characters stay for the readers after this one."""

    name = "ruled"
    order = 20
    title = "ruled grid (pdfplumber's table finder on the ruling lines)"
    settings = ("engine", "table_settings", "edge_snap", "min_row_height", "min_col_width",
                "max_rule_width", "open_end_min_rules", "open_end_tolerance", "min_rows", "min_cols")

    @classmethod
    def wanted(cls, settings, header_matcher=None) -> bool:
        return settings.engine == "pdfplumber"

    def read_page(self, page: PageObjects) -> list[Table]:
        failures = self.reading.failures
        with contained(failures, page.number, None):
            return find_tables(page.page, page.number, page.chars, self.reading.settings, failures,
                               page.boxes())
        return []
