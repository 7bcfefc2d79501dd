"""Settings of the extract stage, in one object with documented defaults."""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class ExtractSettings:
    """Tolerances for reading tables and text off a page (PDF points unless said)."""

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

    @classmethod
    def resolve(cls, value=None) -> "ExtractSettings":
        """Accept None, an ExtractSettings or a dict of its fields; reject unknown keys."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"unknown extract setting(s): {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(sorted(known))}")
        return cls(**value)
