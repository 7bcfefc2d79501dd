"""Settings of the normalize stage, in one object with documented defaults."""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class NormalizeSettings:
    """Thresholds for recognising register tables and reading their cells."""

    #: rapidfuzz ratio (0-100) a header cell needs to count as a known column
    header_cutoff: float = 80.0
    #: known columns a row needs to be taken as a table's header row
    min_header_columns: int = 3

    @classmethod
    def resolve(cls, value=None) -> "NormalizeSettings":
        """Accept None, a NormalizeSettings or a dict of its fields; reject unknown keys."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"unknown normalize setting(s): {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(sorted(known))}")
        return cls(**value)
