"""Settings of the extract stage, in one object with documented defaults."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from pdfplumber.table import TableSettings

from ..settings_base import FrozenDict, SettingsBase, SettingsError

#: pdfplumber's table finder as riskreg runs it: cells from drawn ruling lines only
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass(frozen=True)
class ExtractSettings(SettingsBase):
    """Tolerances for reading tables and text off a page (PDF points unless said)."""

    stage = "extract"

    #: gap between two characters, as a share of the font size, read as a space
    space_ratio: float = 0.2
    #: characters whose tops differ by less than this are on one line
    line_tolerance: float = 2.0
    #: a character printed twice within this distance (fake bold) is read once
    duplicate_tolerance: float = 1.0
    #: a table must have at least this many rows to be kept
    min_rows: int = 2
    #: a table must have at least this many columns to be kept
    min_cols: int = 2
    #: a word broken without hyphen: its line ends within this many font sizes of the
    #: cell's right edge (less padding), so not even one more letter fitted
    forced_break_chars: float = 1.0
    #: the table finder for ruled tables: "pdfplumber" or "camelot" (lattice)
    engine: str = "pdfplumber"
    #: what reads characters and ruling lines: "pdfium" (fast, the default) or "pdfminer"
    #: (pdfplumber's own reader); a test requires the same registers from both on every sample
    reader: str = "pdfium"
    #: tables without ruling lines: a gap wider than this many font sizes separates columns
    column_gap_ratio: float = 0.6
    #: tables without ruling lines: a vertical gap wider than this many font sizes ends the table
    unruled_max_gap: float = 3.0
    #: tables without ruling lines: a vertical gap wider than this many font sizes between lines starts a new cell
    unruled_row_gap: float = 0.5
    #: tables without ruling lines: the padding assumed between a column's text and its (undrawn) cell edge (pt)
    unruled_padding: float = 3.0
    #: tables without ruling lines: a header line goes on to the next line within this many font sizes
    unruled_header_gap: float = 0.8
    #: tables without ruling lines: a page without a header goes on with the columns of the page before
    #: when each of its text runs starts within this distance of a column start seen there (pt)
    unruled_align_tolerance: float = 1.5
    #: ruled tables: cell edges closer than this are one grid line (pt)
    edge_snap: float = 1.5
    #: ruled tables: a row thinner than this (pt) is a sliver no line of text fits in (a rule drawn a
    #: hair off another, a fill's edge); it is merged into its neighbour before the grid is made
    #: (the samples' thinnest row is 9.8 pt)
    min_row_height: float = 4.0
    #: ruled tables: a column narrower than this (pt) is such a sliver too, merged into its neighbour
    #: (the samples' narrowest column is 14 pt)
    min_col_width: float = 4.0
    #: ruled tables: a character starting within this many font sizes of where the one before it
    #: in the content stream ended (same line, no space between) goes on that one's text run (a
    #: word), and a run is the cell's its first character lies in, even where it runs past the
    #: cell's rule over the next cell's text (a word too long for its column)
    run_gap_ratio: float = 0.1
    #: ruled tables: a filled rectangle (no stroke) thinner than this (pt) one way is a ruling line;
    #: a thicker one (a cell's colour, a highlight) gives only its edges that lie on a drawn line
    #: when drawn lines surround it, so a fill inside a cell never splits the cell
    max_rule_width: float = 2.0
    #: tables drawn only as fills (extract/readers/fills.py): a vertical band at least this wide (pt)
    #: that no character of the table crosses, on any of its pages, separates two columns
    fill_min_gutter: float = 1.0
    #: tables drawn only as fills: a page with more fills than this draws a chart or a map (a table of
    #: 50 rows with every cell shaded has 450), and is left to the other readers (fills are compared in pairs)
    fill_max_fills: int = 1000
    #: ruled tables: a row cut at the page end (no rule above it) is closed where at least this many
    #: vertical rules start at one height
    open_end_min_rules: int = 3
    #: ruled tables: such an end is already closed by a horizontal rule within this distance (pt)
    open_end_tolerance: float = 1.0
    #: printed text: a character's box reaching past its clip path (or the page) by less than this
    #: (pt) is inside it (a producer's rounding); one whose centre is outside is not printed
    clip_tolerance: float = 0.5
    #: printed text: a glyph crossing its clip's edge by more than this (pt) is cut there (text
    #: clipped at a cell's edge); it is kept, narrowed to its printed part, and its cell is uncertain
    clip_cut: float = 0.5
    #: printed text: text whose colour is within this (0-255, in each of R, G, B) of the colour under
    #: it (the page's white, a fill drawn before it) or of a white fill drawn over it is not printed
    same_colour: int = 8
    #: printed text: a fill narrower or lower than this (pt) is a rule or an underline, never the
    #: ground text is printed on
    min_ground: float = 3.0
    #: pdfplumber's own TableSettings for ruled tables (snap_tolerance, join_tolerance,
    #: intersection_tolerance ...), given over riskreg's: lines as the strategy both ways
    table_settings: Mapping = field(default_factory=lambda: FrozenDict(TABLE_SETTINGS))
    #: word list (wordfreq): a whole token is a word from this Zipf frequency (1: once a billion words)
    word_zipf: float = 1.0
    #: word list: a part of a compound is a word from this Zipf frequency (or from word_zipf when long)
    part_zipf: float = 2.0
    #: word list: a part of a compound this many letters long is a word from word_zipf
    long_part: int = 6
    #: word list: the fewest letters of a compound's part (shorter ones only from a list of short words)
    min_part: int = 3
    #: word list: what a letter no word covers costs, in words
    letter_cost: float = 1.5
    #: word list: a joined and a split reading of a broken word must differ by more than this (words)
    join_margin: float = 0.25
    #: word list: join_margin where the document prints the second piece as a word and breaks words
    #: rarely (a genitive, "stadsdelsområdets" / "parker", reads as one word by half a word only)
    rare_break_margin: float = 0.75
    #: OCR: "auto" (pages without a text layer, and pages whose text layer has no drawn
    #: lines but whose image shows a grid), "always" or "never"
    ocr: str = "auto"
    #: OCR: the resolution pages are rendered at (dots per inch)
    ocr_dpi: int = 300
    #: OCR: a cell whose lowest word confidence (0-100) is below this gives a warning
    ocr_low_confidence: float = 50.0
    #: OCR word mending: a word of the list is evidence from this Zipf frequency (3: once a million words)
    ocr_list_zipf: float = 3.0
    #: OCR word mending: a word of two letters is evidence from this Zipf frequency ("äv" is "av")
    ocr_short_zipf: float = 5.0
    #: OCR word mending: a word the document prints this many times is known, never mended
    ocr_known_count: int = 3
    #: OCR word mending: a word that reads as Swedish words at this cost or less (a compound of
    #: two listed words costs 2) is known, never mended
    ocr_known_cost: float = 2.0
    #: OCR word mending: two candidate words printed equally often whose Zipf frequencies differ by
    #: less than this are a tie, and the word is left as read
    ocr_tie_zipf: float = 1.0

    def __post_init__(self):
        if self.engine not in ("pdfplumber", "camelot"):
            raise ValueError(f"unknown engine {self.engine!r}: use pdfplumber or camelot")
        if self.reader not in ("pdfminer", "pdfium"):
            raise ValueError(f"unknown reader {self.reader!r}: use pdfminer or pdfium")
        if self.ocr not in ("auto", "always", "never"):
            raise ValueError(f"unknown ocr mode {self.ocr!r}: use auto, always or never")
        object.__setattr__(self, "table_settings", _table_settings(self.table_settings))

    def finder_settings(self) -> dict:
        """The settings given to pdfplumber's table finder."""
        return dict(self.table_settings)


def _table_settings(given: Mapping) -> FrozenDict:
    """riskreg's table settings with ``given`` over them, checked by pdfplumber's TableSettings."""
    known = {f.name for f in fields(TableSettings)}
    unknown = sorted(k for k in given if k not in known and not str(k).startswith("text_"))
    if unknown:
        raise SettingsError(f"unknown pdfplumber table setting: "
                         f"{', '.join('extract.table_settings.' + k for k in unknown)}; known: {', '.join(sorted(known))}")
    merged = {**TABLE_SETTINGS, **given}
    try:
        TableSettings.resolve(merged)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"extract.table_settings: pdfplumber refuses {merged}: {exc}") from None
    return FrozenDict(merged)
