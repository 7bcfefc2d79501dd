"""Open a register from wherever the user has one: a PDF, a folder, or files riskreg wrote.

``load_register`` is what ``diff`` and ``compare`` take their inputs through:

- a PDF, or a folder of PDFs: extracted now;
- a folder written by ``riskreg extract`` (risks.parquet or risks.csv inside);
- a risks CSV or Parquet file (controls are read from the file next to it whose
  name has "controls" for "risks", when there is one);
- a workbook written with ``--format xlsx`` (register.xlsx: sheets risker,
  kontroller, filer, problem, or their English names), or a folder holding one.

A saved register brings back its files.csv (the word audit's coverage) when it
lies beside it, so that a report on it can say which inputs were read short.
``combine_registers`` joins the inputs of compare and history into one
register, each document counted once.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import RiskregError
from .i18n import _
from .batch import extract_register
from .inputs import find_pdfs
from .pipeline import Register, Settings
from .schema import Control, FileSummary, Problem, Risk, coerce_frame, empty_frame, meanings
from .write.files import unneutralise
from .write.xlsx import english_columns, table_of_sheet


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
    """register.xlsx as ``--format xlsx`` writes it: one sheet per table (named in Swedish or
    English), text cells typed as text (nothing to un-neutralise), numbers as numbers, booleans
    as booleans. Its files come from its filer sheet, else from the files.csv beside it."""
    try:
        # na_filter off: an empty text cell stays "", as a CSV gives it back
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, na_filter=False, engine="openpyxl")
    except Exception as exc:
        raise NotARegister(f"{path} could not be read as a workbook ({type(exc).__name__}: {exc}).") from None
    frames = {table_of_sheet(name): (name, frame) for name, frame in reversed(sheets.items())}
    if "risks" not in frames:
        raise NotARegister(f"{path} is not a risk register: it has no sheet 'risks' (or 'risker') "
                           f"(expected the sheets 'riskreg extract --format xlsx' writes).")
    tables = {}
    for name, row_type, required in (("risks", Risk, ("event",)), ("controls", Control, ()),
                                     ("problems", Problem, ()), ("files", FileSummary, ())):
        if name in frames:
            sheet, frame = frames[name]
            tables[name] = _checked(english_columns(frame), row_type, required, f"{path} (sheet {sheet})")
        elif name == "files":
            tables[name] = _beside(path, "files.csv", FileSummary)
        else:
            tables[name] = empty_frame(row_type)
    return Register(**tables)


def _read_saved(risks_path: Path) -> Register:
    risks = _read_table(risks_path, Risk, required=("event",))
    controls_path = risks_path.with_name(risks_path.name.replace("risks", "controls"))
    controls = (_read_table(controls_path, Control, required=())
                if controls_path != risks_path and controls_path.exists() else empty_frame(Control))
    return Register(risks=risks, controls=controls, problems=_beside(risks_path, "problems.csv", Problem),
                    files=_beside(risks_path, "files.csv", FileSummary))


def _beside(path: Path, name: str, row_type) -> pd.DataFrame:
    """The table ``name`` that 'riskreg extract' wrote next to ``path``, empty when there is none."""
    other = path.with_name(name)
    return _read_table(other, row_type, required=()) if other.exists() else empty_frame(row_type)


def _read_table(path: Path, row_type, required: tuple[str, ...]) -> pd.DataFrame:
    try:
        if path.suffix.lower() == ".parquet":
            frame = pd.read_parquet(path)
        elif _is_excel_csv(path):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=";")
            frame = _decimal_points(frame.map(unneutralise), row_type)
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                                sep=None, engine="python")  # ',' or, from another tool, ';'
            frame = frame.map(unneutralise)
    except Exception as exc:
        raise NotARegister(f"{path} could not be read as a table ({type(exc).__name__}: {exc}).") from None
    return _checked(frame, row_type, required, str(path))


def _is_excel_csv(path: Path) -> bool:
    """Written with --excel-csv: a byte-order mark and ';' between the header's names."""
    with open(path, "rb") as f:
        head = f.readline()
    return head.startswith(b"\xef\xbb\xbf") and b";" in head


def _decimal_points(frame: pd.DataFrame, row_type) -> pd.DataFrame:
    """The number columns of an Excel CSV (0,975) with decimal points (0.975)."""
    for name, dtype, _ in meanings(row_type):
        if dtype == "Float64" and name in frame.columns:
            frame[name] = frame[name].str.replace(",", ".", regex=False)
    return frame


def _checked(frame: pd.DataFrame, row_type, required: tuple[str, ...], where: str) -> pd.DataFrame:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise NotARegister(f"{where} is not a risk register: it has no column {', '.join(missing)} "
                           f"(expected the columns 'riskreg extract' writes).")
    try:
        return coerce_frame(frame, row_type)
    except ValueError as exc:
        raise NotARegister(f"{where}: {exc}.") from None


def combine_registers(registers: list[Register]) -> tuple[Register, list[Problem]]:
    """The registers as one, each document counted once, and a warning for each left out: a
    document given twice (the same file name, organisation and year: ``given_twice``), and one
    holding the same register as another (every risk and control alike, whatever the file is
    called: a copy, or a ruled and an unruled rendering of one document: ``duplicate_file``), of
    which the one whose name sorts first is kept. The inputs' problems and files.csv rows stay."""
    seen: set[tuple] = set()
    risks, controls, warnings = [], [], []
    for reg in registers:
        twice = {d for d in set(_documents(reg.risks)) if d in seen}
        for doc in sorted(twice):
            warnings.append(Problem(source_file=doc[0], page=None, severity="warning", code="given_twice",
                                    message=_("{file} ({organisation} {year}) was given more than once; it is read "
                                              "once.").format(file=doc[0], organisation=doc[1], year=doc[2])))
        seen |= set(_documents(reg.risks))
        risks.append(reg.risks[[d not in twice for d in _documents(reg.risks)]])
        controls.append(reg.controls[[d not in twice for d in _documents(reg.controls)]])
    risks, controls = _concat(risks, Risk), _concat(controls, Control)
    copies = _copies(risks, controls)
    for copy, kept in copies.items():
        warnings.append(Problem(source_file=kept, page=None, severity="warning", code="duplicate_file",
                                message=_("{copy} holds the same register as {kept} (every risk and control "
                                          "alike: a copy, or another rendering of one document); it is counted "
                                          "once, as {kept}.").format(copy=copy, kept=kept)))
    problems = _concat([r.problems for r in registers], Problem).drop_duplicates(ignore_index=True)
    files = _concat([r.files for r in registers], FileSummary).drop_duplicates("source_file", ignore_index=True)
    register = Register(risks=risks[~risks["source_file"].astype(str).isin(copies)].reset_index(drop=True),
                        controls=controls[~controls["source_file"].astype(str).isin(copies)].reset_index(drop=True),
                        problems=problems, files=files)
    return register, warnings


def _documents(rows: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Each row's document: (file name, organisation, year) as text."""
    return list(rows[["source_file", "organisation", "year"]].astype("string").fillna("")
                .itertuples(index=False, name=None))


def _concat(frames: list[pd.DataFrame], row_type) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else empty_frame(row_type)


#: the columns that say where a row is printed and what the document says around the register
#: (its cover's title, date, diarienummer), not what the row holds: another rendering of one
#: register may print another cover (farsta_2023_chromium's title names the year, the Writer one's not)
_WHERE = ("source_file", "page", "x0", "top", "x1", "bottom", "dnr", "document_title", "document_date")


def _content(rows: pd.DataFrame) -> tuple:
    """A document's rows without where they are printed nor the document's own title, date and
    dnr (``_WHERE``: another rendering of one document puts its rows on other pages and elsewhere
    on them), as plain values to compare."""
    plain = rows.drop(columns=[c for c in _WHERE if c in rows.columns]).astype(object)
    return tuple(tuple(None if pd.isna(v) else v for v in row) for row in plain.itertuples(index=False, name=None))


def _copies(risks: pd.DataFrame, controls: pd.DataFrame) -> dict[str, str]:
    """Each document holding the same risks and controls as another -> the one kept (the first
    by name); documents without risks are never copies."""
    names = sorted(risks["source_file"].astype(str).unique())
    by_risks = dict(tuple(risks.groupby(risks["source_file"].astype(str), sort=False)))
    by_controls = dict(tuple(controls.groupby(controls["source_file"].astype(str), sort=False)))
    first: dict[tuple, str] = {}
    out = {}
    for name in names:
        own = by_controls.get(name)
        key = (_content(by_risks[name]), _content(own) if own is not None else ())
        if key in first:
            out[name] = first[key]
        else:
            first[key] = name
    return out
