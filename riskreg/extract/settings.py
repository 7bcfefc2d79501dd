"""Settings of the extract stage, in one object with documented defaults."""
from __future__ import annotations

from dataclasses import dataclass

from ..settings_base import SettingsBase


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
    #: a table must have at least this many rows and columns to be kept
    min_rows: int = 2
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
    #: ... a vertical gap wider than this many font sizes ends the table
    unruled_max_gap: float = 3.0
    #: ... a vertical gap wider than this many font sizes between lines starts a new cell
    unruled_row_gap: float = 0.5
    #: ... the padding assumed between a column's text and its (undrawn) cell edge
    unruled_padding: float = 3.0
    #: OCR: "auto" (pages without a text layer, and pages whose text layer has no drawn
    #: lines but whose image shows a grid), "always" or "never"
    ocr: str = "auto"
    #: ... the resolution pages are rendered at for OCR
    ocr_dpi: int = 300
    #: ... a cell whose lowest word confidence (0-100) is below this gives a warning
    ocr_low_confidence: float = 50.0

    def __post_init__(self):
        if self.engine not in ("pdfplumber", "camelot"):
            raise ValueError(f"unknown engine {self.engine!r}: use pdfplumber or camelot")
        if self.reader not in ("pdfminer", "pdfium"):
            raise ValueError(f"unknown reader {self.reader!r}: use pdfminer or pdfium")
        if self.ocr not in ("auto", "always", "never"):
            raise ValueError(f"unknown ocr mode {self.ocr!r}: use auto, always or never")
