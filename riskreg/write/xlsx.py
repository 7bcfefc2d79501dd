"""register.xlsx: the register as an analyst opens it in Excel or LibreOffice Calc.

One sheet per table: risker (risks), kontroller (controls), filer (files.csv: what
each document gave, the word audit's coverage) and problem (problems.csv). Each sheet
has a bold header row frozen in place, an autofilter over its rows, columns as wide as
their content (up to ``WIDTH_MAX`` characters; longer text wraps), numbers and
booleans typed as such (text typed as text, never a formula), and on each risk and
control row a link from its page number to that page of the PDF
(``vor.pdf#page=3``, relative to the workbook's folder).

Sheet names and headings follow the language (``lang``, default the active one, as ``--lang``
sets it): Swedish (``SHEETS``; ``HEADINGS``, taken from riskreg.i18n's one table of Swedish
headings), or with ``lang="en"`` the schema's English identifiers. ``load_register`` reads
either back (``english_columns``).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping
from urllib.parse import quote

import pandas as pd

from ..i18n import current_language, swedish_heading
from ..schema import Control, FileSummary, Problem, Risk, columns, empty_frame

#: the tables in the order of their sheets, with their row types
TABLES = (("risks", Risk), ("controls", Control), ("files", FileSummary), ("problems", Problem))
SHEETS = {"sv": {"risks": "risker", "controls": "kontroller", "files": "filer", "problems": "problem"},
          "en": {"risks": "risks", "controls": "controls", "files": "files", "problems": "problems"}}
#: schema column -> its Swedish heading, for the columns of the register's tables (the headings
#: themselves are held in one place, riskreg.i18n.SWEDISH_HEADINGS)
HEADINGS = {name: swedish_heading(name) for _, row_type in TABLES for name in columns(row_type)}
LANGS = tuple(SHEETS)
WIDTH_MIN, WIDTH_MAX = 6, 60  # characters
LINE_HEIGHT = 15.0  # points: one line of Calibri 11
_FORMATS = {"coverage": "0.0%"}  # 0.975 reads 97.5%, as the terminal prints it
_LINKED = ("risks", "controls")  # their rows name a page of a PDF


def heading(column: str, lang: str = "sv") -> str:
    """A column's heading in the workbook: Swedish, or the schema's identifier for lang 'en'."""
    return column if lang == "en" else swedish_heading(column)


def english_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A sheet read back with the schema's column names (Swedish headings turned back)."""
    english = {sv: en for en, sv in HEADINGS.items()}
    return frame.rename(columns=lambda name: english.get(name, name))


def table_of_sheet(name: str) -> str | None:
    """The table a sheet holds (by its Swedish or English name), None for another sheet."""
    for names in SHEETS.values():
        for table, sheet in names.items():
            if sheet == name:
                return table
    return None


def page_link(source_file: str, page, out_dir: Path, sources) -> str | None:
    """The link from a row to its PDF page, relative to OUT_DIR (the workbook's folder).

    ``sources``: where the PDFs are: a mapping document name -> path, a folder the names are
    below, or None (the names are paths from the current folder)."""
    if pd.isna(page) or not source_file:
        return None
    if isinstance(sources, Mapping):
        pdf = sources.get(source_file)
        if pdf is None:
            return None
    else:
        pdf = Path(sources or ".") / source_file
    try:
        target = quote(Path(os.path.relpath(os.path.abspath(pdf), os.path.abspath(out_dir))).as_posix())
    except ValueError:  # another drive (Windows): no relative path
        target = Path(os.path.abspath(pdf)).as_uri()
    return f"{target}#page={int(page)}"


def _cell_value(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value  # numpy scalars as Python numbers


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if isinstance(value, float):
        return 7
    return len(str(value))


def column_widths(header: list[str], rows: list[list]) -> list[int]:
    """Each column's width in characters: its longest line (the header's with room for the
    filter's button), between WIDTH_MIN and WIDTH_MAX; longer text wraps."""
    widths = [len(h) + 3 for h in header]
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _width(value))
    return [min(max(w + 1, WIDTH_MIN), WIDTH_MAX) for w in widths]


def wrapped_lines(text: str, width: int) -> int:
    """The lines TEXT takes wrapped at word boundaries in a column WIDTH characters wide."""
    capacity = max(int((width - 1) * 1.1), 1)  # most letters are narrower than the '0' a width counts
    lines = 0
    for paragraph in text.splitlines() or [""]:
        used = 0
        lines += 1
        for word in paragraph.split():
            if used and used + 1 + len(word) > capacity:
                lines, used = lines + 1, 0
            used += len(word) + (1 if used else 0)
            while used > capacity:  # a word longer than the column breaks inside
                lines, used = lines + 1, used - capacity
    return lines


def row_heights(rows: list[list], widths: list[int]) -> list[float | None]:
    """Each row's height in points when a cell wraps onto more lines than one (None: the default
    height); set here, because LibreOffice keeps the default height a file gives it."""
    out = []
    for row in rows:
        lines = max((wrapped_lines(v, w) for v, w in zip(row, widths) if isinstance(v, str)), default=1)
        out.append(min(LINE_HEIGHT * lines, 409.0) if lines > 1 else None)  # 409: Excel's highest row
    return out


def _fill_sheet(ws, frame: pd.DataFrame, lang: str, links: list[str | None] | None) -> None:
    """One table on its sheet: header, typed cells, links, widths, filter and frozen header."""
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    names = list(frame.columns)
    header = [heading(n, lang) for n in names]
    rows = [[_cell_value(v) for v in row] for row in frame.astype(object).itertuples(index=False)]
    ws.append(header)
    bold = Font(name="Calibri", size=11, bold=True)  # the workbook's own font, bold
    top, wrap = Alignment(vertical="top"), Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font, cell.alignment = bold, top
    page_col = names.index("page") if "page" in names else None
    for r, row in enumerate(rows):
        for c, value in enumerate(row, start=1):  # ws.cell, not ws[row]: that counts all columns again
            cell = ws.cell(row=r + 2, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = TYPE_STRING  # never a formula, whatever the text starts with
                cell.alignment = wrap
            else:
                cell.alignment = top
        if links and page_col is not None and links[r]:
            cell = ws.cell(row=r + 2, column=page_col + 1)
            cell.hyperlink, cell.style = links[r], "Hyperlink"
            cell.alignment = top
    for i, name in enumerate(names):
        if name in _FORMATS:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
                cell.number_format = _FORMATS[name]
    widths = column_widths(header, rows)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for r, height in enumerate(row_heights(rows, widths), start=2):
        if height:
            ws.row_dimensions[r].height = height
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"  # printed, each page repeats the header
    ws.page_setup.orientation = "landscape"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(names), 1))}{len(rows) + 1}"


def write_xlsx(register, path: str | Path, lang: str | None = None, sources=None) -> None:
    """The register's tables as one workbook at PATH (see the module's docstring), in ``lang``
    (default: the active language, Swedish unless told otherwise); ``sources`` as for
    ``page_link``; the links are relative to the folder the workbook is named under."""
    from openpyxl import Workbook

    lang = lang or current_language()
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGS)}")

    out_dir = Path(path).parent
    wb = Workbook()
    wb.remove(wb.active)
    for table, row_type in TABLES:
        frame = getattr(register, table, None)
        frame = empty_frame(row_type) if frame is None else frame
        links = None
        if table in _LINKED:
            links = [page_link(str(f), p, out_dir, sources)
                     for f, p in zip(frame["source_file"].fillna(""), frame["page"])]
        _fill_sheet(wb.create_sheet(SHEETS[lang][table]), frame, lang, links)
    wb.save(path)


__all__ = ["HEADINGS", "SHEETS", "TABLES", "column_widths", "english_columns", "heading", "page_link",
           "table_of_sheet", "write_xlsx"]
