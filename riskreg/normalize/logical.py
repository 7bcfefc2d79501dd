"""Logical tables: a register table as the reader sees it, whatever the pages did to it.

A LogicalTable is a register stacked over its pages (normalize/stitch.py builds it); each
LogicalRow holds one Slot per column, its text or the mark of a merged cell covering it.
``fill_merged_cells`` reads the merged columns' value for every row, blanks filled from above.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..extract import Table
from ..templates import Template

# Stockholm's layouts (riskreg/templates/stockholm_*.toml), for a table without a template:
# the columns whose cells are merged vertically, from the highest level down
FILL_LEVELS = {"vor": ["goal", "process", "working_method"],
               "ikp": ["process", "working_method", "systematic_control"]}

# a row that has none of these is the tail of the row above, cut by a page break
ANCHORS = {"vor": ["risk_nr", "probability", "consequence", "risk_value"], "ikp": ["event"]}


@dataclass
class Slot:
    """One column of a logical row: its text, and whether a merged cell covers it."""

    text: str = ""
    covered: bool = False
    #: the cell's OCR confidence (0-100) when it was read from a page image
    confidence: Optional[float] = None


@dataclass
class LogicalRow:
    page: int
    slots: dict[str, Slot]
    top: float = 0.0
    grid_row: int = -1  # its row in the page's Table.grid(), for riskreg debug
    #: the row's box on its first page (x0, top, x1, bottom in PDF points); a row joined
    #: across a page break keeps the box of the page it starts on
    box: Optional[tuple[float, float, float, float]] = None

    def text(self, name: str) -> str:
        slot = self.slots.get(name)
        return slot.text if slot else ""


@dataclass
class LogicalTable:
    """A register table as the reader sees it, whatever the pages did to it."""

    kind: str  # "vor" or "ikp"
    columns: list[str]
    rows: list[LogicalRow] = field(default_factory=list)
    heading: Optional[str] = None  # the goal line printed above an IKP table
    pages: list[int] = field(default_factory=list)
    joined_rows: int = 0  # rows joined across a page break, for reports
    template: Optional[Template] = None  # the template whose layout the table follows
    # header texts of the columns no template names; their slots are EXTRA + header text
    extra_columns: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # column -> its header text as printed
    #: (page, code, message) of what the stacking could not decide for sure, for problems.csv
    doubts: list[tuple[int, str, str]] = field(default_factory=list)

    #: the header as the table's first page prints it, all its header rows, column name -> text
    #: (to find it again in a continuation page's first row)
    printed_header: dict[str, str] = field(default_factory=dict, repr=False)
    #: each page's Table the rows came from, with its header rows dropped and its column
    #: mapping (for the word audit, normalize/audit.py)
    fragments: list[tuple[Table, int, dict[int, str]]] = field(default_factory=list)
    #: (id of a fragment's Table, its grid row) of the header printed again mid-table and dropped
    headers_again: set[tuple[int, int]] = field(default_factory=set, repr=False)
    #: (id(table), grid row) of lines of text in a table's grid under its rows (no register rows)
    text_rows: set[tuple[int, int]] = field(default_factory=set, repr=False)

    @property
    def merged(self) -> list[str]:
        """Columns merged downwards, highest level first."""
        return list(self.template.merged) if self.template else FILL_LEVELS[self.kind]

    @property
    def anchors(self) -> list[str]:
        """Columns one of which starts every row."""
        return list(self.template.anchors) if self.template else ANCHORS[self.kind]


# slot-name prefix of a column riskreg cannot map: its text is kept, never dropped
EXTRA = "extra:"


def fill_merged_cells(rows: list[LogicalRow], levels: list[str]) -> list[dict[str, str]]:
    """The value of each merged column for each row, blanks filled from above.

    A covered slot (merged cell) always takes the value above. A blank slot takes
    it only while every higher level did too: a new process starts a new working
    method, so a blank working method beside a new process is really empty.
    """
    current = {name: "" for name in levels}
    out = []
    for row in rows:
        inherit = True
        for name in levels:
            slot = row.slots.get(name)
            if slot is None:
                current[name] = ""
                continue
            if slot.covered or (not slot.text and inherit):
                continue  # keep current[name]
            current[name] = slot.text
            inherit = False
        out.append(dict(current))
    return out
