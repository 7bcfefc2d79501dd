"""The alignment reader: tables drawn without ruling lines, found by their header line, columns
from where the text starts over all the table's pages (extract/unruled.py)."""
from __future__ import annotations

from ..model import Table
from ..unruled import find_unruled_tables
from .base import Mark, PageObjects, Reader, register


@register
class AlignmentReader(Reader):
    """Needs every page at once (a table's columns are found over all its pages) and the header
    matcher (a header line names the columns): without one it does not run."""

    name = "alignment"
    order = 50
    title = "unruled: columns from the text's alignment, rows from their anchor cells"
    settings = ("space_ratio", "line_tolerance", "column_gap_ratio", "unruled_max_gap", "unruled_row_gap",
                "unruled_padding", "unruled_header_gap", "unruled_align_tolerance")

    @classmethod
    def wanted(cls, settings, header_matcher=None) -> bool:
        return header_matcher is not None

    def read_document(self, pages: list[PageObjects]) -> list[Table]:
        return find_unruled_tables([(p.number, p.chars, p.rules) for p in pages], self.reading.settings,
                                   self.reading.header_matcher)

    @classmethod
    def marks(cls, table: Table) -> list[Mark]:
        """The column edges it took, and where each row starts (a line across the table)."""
        x0, top, x1, bottom = table.bbox
        out: list[Mark] = [("column_edge", (x, top, x, bottom)) for x in table.col_edges]
        for r in range(1, table.n_rows):
            tops = [c.bbox[1] for c in table.cells if c.row == r]
            if tops:
                out.append(("row_start", (x0, min(tops), x1, min(tops))))
        return out
