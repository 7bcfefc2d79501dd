"""Write a register's tables as CSV (UTF-8, header row), Parquet or an Excel workbook.

Each file is written to a temporary name in the output folder and renamed into
place, so an interrupted run never leaves a half-written file behind.

CSV cells that a spreadsheet would run as a formula (text starting with =, +,
-, @, a tab or a carriage return) get a leading apostrophe: ``=HYPERLINK(...)``
is written ``'=HYPERLINK(...)``, which Excel and LibreOffice show as text.
``load_register`` removes the apostrophe again. The Excel workbook needs no
such mark: its cells are typed as text (``xlsx.py``).

An Excel CSV (``excel=True``, ``--excel-csv`` on every command that writes CSV)
is what Swedish Excel opens by a double click: a UTF-8 byte-order mark (else it
reads the text as Windows-1252: "Ã¤" for "ä"), ';' between cells and a decimal
comma in number columns (0,975: with a point, Swedish Excel reads it as text).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from .xlsx import write_xlsx

FORMATS = ("csv", "parquet", "xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would take for a formula, marked as text with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()  # what open() would give a new file


def _atomic(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, _MODE)  # mkstemp makes files only the owner can read
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Booleans as true/false, missing values as empty cells, formulas neutralised."""
    out = frame.copy()
    for name in out.columns:
        dtype = str(out[name].dtype)
        if dtype == "boolean":
            out[name] = out[name].map({True: "true", False: "false"}).astype("string")
        elif dtype in ("string", "object"):
            out[name] = out[name].map(neutralise, na_action="ignore").astype(out[name].dtype)
    return out


def write_register(register, out_dir: str | Path, formats: tuple[str, ...] = ("csv", "parquet"),
                   excel_csv: bool = False, lang: str | None = None, sources=None) -> list[Path]:
    """Write risks and controls (CSV, Parquet and/or register.xlsx), problems.csv and files.csv
    (one row per input file: what it gave, the word audit's coverage) into out_dir.

    ``excel_csv``: the CSVs for Swedish Excel (``write_csv``). register.xlsx's sheets and
    headings follow ``lang`` (default: the active language, as ``--lang`` sets it): Swedish, or
    the schema's English names with ``lang="en"``; its rows link to
    their PDF pages, found by ``sources``: a mapping document name -> PDF path, a folder the
    names are below, or None (the names are paths from the current folder).
    """
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(sorted(unknown))}; known: {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("risks", "controls"):
        frame = getattr(register, name)
        if "csv" in formats:
            written.append(write_csv(frame, out / f"{name}.csv", excel_csv))
        if "parquet" in formats:
            path = out / f"{name}.parquet"
            _atomic(path, lambda tmp, f=frame: f.to_parquet(tmp, index=False))
            written.append(path)
    if "xlsx" in formats:
        path = out / "register.xlsx"
        _atomic(path, lambda tmp: write_xlsx(register, tmp, lang, sources))
        written.append(path)
    written.append(write_csv(register.problems, out / "problems.csv", excel_csv))
    files = getattr(register, "files", None)
    if files is not None:
        written.append(write_csv(files, out / "files.csv", excel_csv))
    return written


def write_csv(frame: pd.DataFrame, path: str | Path, excel: bool = False) -> Path:
    """One frame as CSV (booleans true/false, missing as empty, formulas neutralised), written
    whole or not at all; ``excel``: for Swedish Excel, with a byte-order mark, ';' between cells
    and a decimal comma."""
    # Swedish Excel: a byte-order mark so it reads UTF-8, ';' because ',' is the decimal mark
    options = ({"encoding": "utf-8-sig", "sep": ";", "decimal": ","} if excel else {"encoding": "utf-8"})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic(path, lambda tmp: _csv_frame(frame).to_csv(tmp, index=False, **options))
    return path


def write_text(text: str, path: str | Path) -> Path:
    """A text file (UTF-8), written whole or not at all."""
    return write_bytes(text.encode("utf-8"), path)


def write_bytes(data: bytes, path: str | Path) -> Path:
    """A file, written whole or not at all."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic(path, lambda tmp: Path(tmp).write_bytes(data))
    return path
