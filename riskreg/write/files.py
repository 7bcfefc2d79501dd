"""Write a register's tables as CSV (UTF-8, header row) and Parquet.

Each file is written to a temporary name in the output folder and renamed into
place, so an interrupted run never leaves a half-written file behind.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

FORMATS = ("csv", "parquet")


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
    """Booleans as true/false, missing values as empty cells."""
    out = frame.copy()
    for name in out.columns:
        if str(out[name].dtype) == "boolean":
            out[name] = out[name].map({True: "true", False: "false"}).astype("string")
    return out


def write_register(register, out_dir: str | Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Write risks, controls (CSV and/or Parquet) and problems.csv into out_dir."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("risks", "controls"):
        frame = getattr(register, name)
        if "csv" in formats:
            path = out / f"{name}.csv"
            _atomic(path, lambda tmp, f=frame: _csv_frame(f).to_csv(tmp, index=False, encoding="utf-8"))
            written.append(path)
        if "parquet" in formats:
            path = out / f"{name}.parquet"
            _atomic(path, lambda tmp, f=frame: f.to_parquet(tmp, index=False))
            written.append(path)
    path = out / "problems.csv"
    _atomic(path, lambda tmp: _csv_frame(register.problems).to_csv(tmp, index=False, encoding="utf-8"))
    written.append(path)
    return written


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """One frame as CSV (booleans true/false, missing as empty), written whole or not at all."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic(path, lambda tmp: _csv_frame(frame).to_csv(tmp, index=False, encoding="utf-8"))
    return path


def write_text(text: str, path: str | Path) -> Path:
    """A text file (UTF-8), written whole or not at all."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    return path
