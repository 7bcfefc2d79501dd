"""Open a register from wherever the user has one: a PDF, a folder, or files riskreg wrote.

``load_register`` is what ``diff`` and ``compare`` take their inputs through:

- a PDF, or a folder of PDFs: extracted now;
- a folder written by ``riskreg extract`` (risks.parquet or risks.csv inside);
- a risks CSV or Parquet file (controls are read from the file next to it whose
  name has "controls" for "risks", when there is one);
- a workbook written with ``--format xlsx`` (register.xlsx: sheets risks,
  controls, problems), or a folder holding one.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import RiskregError
from .batch import extract_register
from .inputs import find_pdfs
from .pipeline import Register, Settings
from .schema import Control, Problem, Risk, coerce_frame, empty_frame
from .write.files import unneutralise


class NotARegister(RiskregError):
    code = "not_a_register"


def load_register(path: str | Path, settings: Settings | None = None,
                  password: str | None = None) -> Register:
    """A Register (risks, controls, problems) from a PDF, a folder or a saved register."""
    path = Path(path)
    if not path.exists():
        raise NotARegister(f"There is no file or folder {path}.")
    if path.is_dir():
        for suffix in (".parquet", ".csv"):
            if (path / f"risks{suffix}").exists():
                return _read_saved(path / f"risks{suffix}")
        if (path / "register.xlsx").exists():
            return _read_workbook(path / "register.xlsx")
        if find_pdfs([path]):
            return extract_register(path, settings, password=password)
        raise NotARegister(f"The folder {path} holds neither PDFs nor a register written by "
                           f"'riskreg extract' (risks.csv, risks.parquet or register.xlsx).")
    if path.suffix.lower() == ".pdf":
        return extract_register(path, settings, password=password)
    if path.suffix.lower() in (".csv", ".parquet"):
        return _read_saved(path)
    if path.suffix.lower() == ".xlsx":
        return _read_workbook(path)
    raise NotARegister(f"{path} is not a PDF, a folder, or a register written by 'riskreg extract' "
                       f"(risks.csv, risks.parquet or register.xlsx).")


def _read_workbook(path: Path) -> Register:
    """register.xlsx as ``--format xlsx`` writes it: one sheet per table, text cells typed as text
    (nothing to un-neutralise), numbers as numbers, booleans as booleans."""
    try:
        # na_filter off: an empty text cell stays "", as a CSV gives it back
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, na_filter=False, engine="openpyxl")
    except Exception as exc:
        raise NotARegister(f"{path} could not be read as a workbook ({type(exc).__name__}: {exc}).") from None
    if "risks" not in sheets:
        raise NotARegister(f"{path} is not a risk register: it has no sheet 'risks' "
                           f"(expected the sheets 'riskreg extract --format xlsx' writes).")
    tables = {}
    for name, row_type, required in (("risks", Risk, ("event",)), ("controls", Control, ()),
                                     ("problems", Problem, ())):
        frame = sheets.get(name)
        tables[name] = (_checked(frame, row_type, required, f"{path} (sheet {name})")
                        if frame is not None else empty_frame(row_type))
    return Register(**tables)


def _read_saved(risks_path: Path) -> Register:
    risks = _read_table(risks_path, Risk, required=("event",))
    controls_path = risks_path.with_name(risks_path.name.replace("risks", "controls"))
    controls = (_read_table(controls_path, Control, required=())
                if controls_path != risks_path and controls_path.exists() else empty_frame(Control))
    problems_path = risks_path.with_name("problems.csv")
    problems = (_read_table(problems_path, Problem, required=())
                if problems_path.exists() else empty_frame(Problem))
    return Register(risks=risks, controls=controls, problems=problems)


def _read_table(path: Path, row_type, required: tuple[str, ...]) -> pd.DataFrame:
    try:
        if path.suffix.lower() == ".parquet":
            frame = pd.read_parquet(path)
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                                sep=None, engine="python")  # ',' or ';' (--excel-csv)
            frame = frame.map(unneutralise)
    except Exception as exc:
        raise NotARegister(f"{path} could not be read as a table ({type(exc).__name__}: {exc}).") from None
    return _checked(frame, row_type, required, str(path))


def _checked(frame: pd.DataFrame, row_type, required: tuple[str, ...], where: str) -> pd.DataFrame:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise NotARegister(f"{where} is not a risk register: it has no column {', '.join(missing)} "
                           f"(expected the columns 'riskreg extract' writes).")
    try:
        return coerce_frame(frame, row_type)
    except ValueError as exc:
        raise NotARegister(f"{where}: {exc}.") from None
