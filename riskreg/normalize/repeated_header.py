"""A register's header printed again inside its table: found and taken out of the data rows.

Producers repeat the header row on every page. Where no rule parts it from the row under
it, or the rest of a row cut by the page end shares its cells, or it is printed again in
the middle of a page (reportlab's splitInRow repeats it above the first part of a cut
row), its words would otherwise reach the register as a data row or hide the page's rows.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..extract import Table
from .settings import NormalizeSettings

if TYPE_CHECKING:
    from .logical import LogicalRow


def compact(text: str) -> str:
    return "".join(text.split()).lower()


def printed_header(table: Table, skip: int, mapping: dict[int, str]) -> dict[str, str]:
    """The header's text of each column, its header rows read top to bottom."""
    grid = table.grid()[:skip]
    return {name: " ".join(row[col].text for row in grid if col < len(row) and row[col] is not None)
            for col, name in mapping.items()}


def after_prefix(text: str, prefix: str) -> Optional[str]:
    """``text`` less a leading ``prefix``, spaces ignored ("KF:s mål för verksa mhetsområdet 1.3"
    less "KF:s mål för verksamhetsområdet" is "1.3"); None when it does not start so."""
    want, i = compact(prefix), 0
    if not want:
        return None
    for n, ch in enumerate(text):
        if ch.isspace():
            continue
        if i == len(want):
            return text[n:].strip()
        if ch.lower() != want[i]:
            return None
        i += 1
    return "" if i == len(want) else None


def _rests(texts: dict[str, str], header: dict[str, str]) -> dict[str, str]:
    """Each column whose text (``texts``: column name -> text) starts with that column's header:
    the text after it."""
    rests = {}
    for name, text in texts.items():
        rest = after_prefix(text, header.get(name, "")) if text else None
        if rest is not None:
            rests[name] = rest
    return rests


def header_rests(row: "LogicalRow", header: dict[str, str]) -> dict[str, str]:
    """Each column of ``row`` whose text starts with that column's header: the text after it."""
    return _rests({name: row.slots[name].text for name in header if name in row.slots}, header)


def drop_repeated_header(rows: list["LogicalRow"], header: dict[str, str],
                         settings: NormalizeSettings) -> list["LogicalRow"]:
    """Take a page's repeated header out of its first row, whatever its line breaks did.

    A continuation page whose header row the matcher did not read as one (its words
    broken mid-word by narrow columns and printed in one cell with the first data
    row where no rule separates them) would give its header words to a data row.
    Each column's text that starts with that column's header as the table's first
    page prints it (spaces ignored) loses it, when enough columns do.
    """
    if not rows or not header:
        return rows
    first = rows[0]
    rests = header_rests(first, header)
    if len(rests) < settings.min_header_columns:
        return rows
    for name, rest in rests.items():
        first.slots[name].text = rest
    if any(s.text for s in first.slots.values()):
        return rows
    return rows[1:]


def is_header_again(row: "LogicalRow", header: dict[str, str], settings: NormalizeSettings) -> bool:
    """Is a data row the table's header printed again (every cell with text holds just its
    column's header, in enough columns)?"""
    rests = header_rests(row, header)
    filled = [name for name, slot in row.slots.items() if slot.text]
    return (len(rests) >= settings.min_header_columns and set(filled) <= set(rests)
            and not any(rests.values()))


def header_over_cut_rest(table: Table, mapping: dict[int, str], prev_mapping: dict[int, str],
                         header: dict[str, str], settings: NormalizeSettings) -> bool:
    """Does a continuation page's first row hold the header printed again with the rest of a
    cut row in the same cells (no rule between them), so that read as a header it does not
    give the register's columns (``mapping``, read from it, differs from ``prev_mapping``,
    the page before's)?"""
    if set(mapping.values()) == set(prev_mapping.values()) or not table.grid():
        return False
    first = table.grid()[0]
    rests = _rests({name: first[col].text for col, name in prev_mapping.items()
                    if col < len(first) and first[col] is not None}, header)
    return len(rests) >= settings.min_header_columns and any(rests.values())
