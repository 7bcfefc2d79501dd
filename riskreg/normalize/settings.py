"""Settings of the normalize stage, in one object with documented defaults."""
from __future__ import annotations

from dataclasses import dataclass

from ..settings_base import SettingsBase


@dataclass(frozen=True)
class NormalizeSettings(SettingsBase):
    """Thresholds for recognising register tables and reading their cells."""

    stage = "normalize"

    #: rapidfuzz ratio (0-100) a header cell needs to count as a known column
    header_cutoff: float = 80.0
    #: known columns a row needs to be taken as a table's header row
    min_header_columns: int = 3
    #: a headerless table on the next page continues a register table when each column edge
    #: lies within this distance of the register table's (pt)
    column_tolerance: float = 3.0
    #: a line outside the tables counts as below a table when its top lies at most this far above
    #: the table's bottom (pt): a goal heading set right under a table starts on its rule
    #: (Writer's, farsta_2023_rows_broken page 9), and ends the table there
    heading_on_rule: float = 1.0
    #: word audit: the shortest piece of a broken header that counts as header words (letters)
    min_header_piece: int = 6
    #: word audit: how far right of a column's edge its text may start (a cell's padding, pt)
    column_inset: float = 8.0
    #: word audit: words quoted per problem row, so one lost page does not make a message of thousands
    quote_words: int = 40
    #: word audit: single letters in a row that make a line letter-spaced ("I n t e r n"), as a
    #: cover's title in a layout table prints (normalize/layout.py)
    letter_spaced_run: int = 5
    #: a table whose header no template names is typed by its content (columns_inferred) when it
    #: has at least this many data rows: fewer say too little about what a column holds
    infer_min_rows: int = 2
    #: OCR's risk numbers are checked against the document's sequence (risk_nr_doubtful) only when
    #: at least this share of neighbouring numbers follow on by one (the document numbers in order)
    sequence_in_order: float = 0.8
    #: how far an OCR-read first or last risk number may stand from its one neighbour
    sequence_end_step: int = 10
    #: a word the register's cells hold broken over more lines than this is not looked for
    #: (text_not_in_register, normalize/pieces.py): a bound on the check's work
    most_pieces: int = 4
    #: the user's own template files (TOML), read before the built-in ones (--template)
    templates: tuple[str, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "templates", tuple(str(p) for p in self.templates))
