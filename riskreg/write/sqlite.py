"""The register as one SQLite database to query in place (sqlite-utils), with Datasette metadata.

``DIR/register.db`` holds the tables ``risks``, ``controls``, ``problems``,
``files`` (one row per document: what it gave) and, when a history was built,
``history``: each with an ``id`` primary key (the
row's place in the register, from 1), the schema's columns and types, indexes
on organisation and year, full-text search on the risks' event, process and
working method (``risks_fts``) and on the controls' texts (``controls_fts``)
that finds a compound by its parts (trigram tokenizer: ``sekretess`` finds
Sekretessbrott, ``brott`` too; a term needs 3 letters or more),
and ``controls.risk_id`` a foreign key to the risk the control was linked to.
``DIR/metadata.json`` gives Datasette the tables' and columns' descriptions
(from ``riskreg.schema``) and facets:

    datasette register.db --metadata metadata.json
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd

from ..i18n import N_, _, speaks
from ..scales import Levels, risk_levels
from ..schema import Control, FileSummary, HistoryRow, Problem, Risk, meanings, missing
from .files import write_text

# Swedish writes compounds as one word (Sekretessbrott, Personuppgiftsincident): FTS5's trigram
# tokenizer (SQLite 3.34 or later) matches any part of 3 letters or more, 'sekretess' and 'brott'
# both find Sekretessbrott, where the default tokenizer matches whole words only
TOKENIZER = "trigram" if sqlite3.sqlite_version_info >= (3, 34) else None

DATABASE = "register.db"
METADATA = "metadata.json"
_SQL_TYPES = {"string": str, "Int64": int, "boolean": int, "Float64": float}  # by the schema's dtypes

#: (table, row type, what one row is, columns searched by full-text search)
TABLES = [
    ("risks", Risk, N_("One row per risk of a väsentlighets- och riskanalys (VoR)."),
     ("event", "process", "working_method")),
    ("controls", Control, N_("One row per control of an internkontrollplan; risk_id is the risk it was linked to."),
     ("systematic_control", "event", "control_activity")),
    ("problems", Problem, N_("Files and tables that could not be read, or were read with a warning."), ()),
    ("history", HistoryRow, N_("One row per risk per year, followed over the years under one risk_key "
                               "(riskreg history)."), ()),
]
EXTRA_COLUMNS = {
    "id": N_("the row's place in the register, from 1"),
    "level": N_("level of the risk value: low (Låg), medium or critical (Kritisk), by seed 000's bounds scaled "
                "to the document's scale (1-4: Kritisk from 8), as riskreg compare counts them"),
    "risk_id": N_("id of the risk (table risks) this control was linked to; empty when none matched"),
}
FILES_ABOUT = N_("One row per document read: its organisation, year, how many risks, controls and problems it "
                 "gave, and the word audit's figures (files.csv).")
FILES_COLUMNS = {"id": EXTRA_COLUMNS["id"],
                 "source_file": N_("the document: its path below the folder given, its file name when given "
                                   "directly"),
                 "organisation": N_("the nämnd its risks name"), "year": N_("plan year of its risks"),
                 "risks": N_("risks read from it"), "controls": N_("controls read from it"),
                 "problems": N_("problems about it (problems.csv)"),
                 **{name: meaning for name, _, meaning in meanings(FileSummary)
                    if name not in ("source_file", "risks", "controls")}}
# files.csv's columns the files table takes over (the counts it makes itself from the register)
_SUMMARY = {"pages": int, "register_words": int, "words_accounted": int, "coverage": float,
            "uncertain_cells": int, "hidden_chars": int, "reader": str,
            "template": str, "structure_agrees": bool}
FACETS = {"risks": ["organisation", "year", "level"], "controls": ["organisation", "year"],
          "files": ["organisation", "year"],
          "problems": ["code", "severity"], "history": ["organisation", "year", "change"]}


def _records(frame: pd.DataFrame, row_type) -> list[dict]:
    out = []
    bools = {name for name, dtype, _ in meanings(row_type) if dtype == "boolean"}
    for i, row in enumerate(frame.to_dict("records"), start=1):
        rec = {"id": i}
        for name, value in row.items():
            if missing(value):
                rec[name] = None
            elif name in bools:
                rec[name] = int(bool(value))
            elif hasattr(value, "item"):  # numpy scalars
                rec[name] = value.item()
            else:
                rec[name] = value
        out.append(rec)
    return out


def _columns(row_type, extra: dict[str, type]) -> dict[str, type]:
    cols = {"id": int}
    cols.update({name: _SQL_TYPES[dtype] for name, dtype, _ in meanings(row_type)})
    cols.update(extra)
    return cols


def _risk_ids(risks: pd.DataFrame, controls: pd.DataFrame) -> list[int | None]:
    """Each control's risk: the row of its document (file, organisation, year) with its risk_nr."""
    index = {}
    for i, r in enumerate(risks.to_dict("records"), start=1):
        key = (str(r["source_file"]), str(r["organisation"]), str(r["year"]), r["risk_nr"])
        if not missing(r["risk_nr"]):
            index.setdefault(key, i)
    return [None if missing(c["risk_nr"]) else
            index.get((str(c["source_file"]), str(c["organisation"]), str(c["year"]), c["risk_nr"]))
            for c in controls.to_dict("records")]


def _files(risks: pd.DataFrame, controls: pd.DataFrame, problems: pd.DataFrame,
           summaries: pd.DataFrame | None = None) -> list[dict]:
    """One record per source file, in files.csv's order (then the order the register first names
    it), with files.csv's figures where the run made them."""
    out: dict[str, dict] = {}

    def record(name: str) -> dict:
        return out.setdefault(name, {"id": len(out) + 1, "source_file": name, "organisation": None, "year": None,
                                     "risks": 0, "controls": 0, "problems": 0, **{k: None for k in _SUMMARY}})

    for row in ([] if summaries is None else summaries.to_dict("records")):
        rec = record(str(row["source_file"]))
        rec.update({k: None if missing(row.get(k)) else kind(row[k]) for k, kind in _SUMMARY.items()})
    files = None if summaries is None else set(out)
    for table, frame in (("risks", risks), ("controls", controls), ("problems", problems)):
        for row in frame.to_dict("records"):
            if table == "problems" and files is not None and str(row["source_file"]) not in files:
                continue  # a path given that held no PDF is no document: files.csv has no row for it
            rec = record(str(row["source_file"]))
            rec[table] += 1
            if table == "risks" and rec["organisation"] is None and not missing(row["organisation"]):
                rec["organisation"] = row["organisation"]
            if table == "risks" and rec["year"] is None and not missing(row["year"]):
                rec["year"] = int(row["year"])
    return list(out.values())


def build_database(path: Path, risks: pd.DataFrame, controls: pd.DataFrame, problems: pd.DataFrame,
                   history: pd.DataFrame | None = None, levels: Levels | None = None,
                   summaries: pd.DataFrame | None = None) -> None:
    """Write the tables, keys, indexes and full-text indexes into a new database at PATH."""
    import sqlite_utils

    levels = levels or Levels()
    db = sqlite_utils.Database(str(path))
    frames = {"risks": risks, "controls": controls, "problems": problems, "history": history}
    for name, row_type, _, search in TABLES:
        frame = frames[name]
        if frame is None:
            continue
        extra: dict[str, type] = {}
        records = _records(frame, row_type)
        foreign = []
        if name == "risks":
            extra["level"] = str
            for rec, level in zip(records, risk_levels(risks, levels)):
                rec["level"] = level
        if name == "controls":
            extra["risk_id"] = int
            for rec, risk_id in zip(records, _risk_ids(risks, controls)):
                rec["risk_id"] = risk_id
            foreign = [("risk_id", "risks", "id")]
        table = db[name]
        table.create(_columns(row_type, extra), pk="id", foreign_keys=foreign or None)
        if records:
            table.insert_all(records)
        if "organisation" in table.columns_dict:
            table.create_index(["organisation"])
            table.create_index(["year"])
            table.create_index(["organisation", "year"])
        if name == "history":
            table.create_index(["risk_key"])
        if name == "controls":
            table.create_index(["risk_id"])
        if search:
            table.enable_fts(list(search), create_triggers=True, tokenize=TOKENIZER)
    files = db["files"]
    files.create({"id": int, "source_file": str, "organisation": str, "year": int, "risks": int, "controls": int,
                  "problems": int, **_SUMMARY}, pk="id")
    files.insert_all(_files(risks, controls, problems, summaries))
    files.create_index(["organisation"])
    files.create_index(["year"])
    db.close()


@speaks
def metadata(has_history: bool) -> dict:
    """Datasette's metadata: descriptions of tables and columns from the schema, and facets, in the
    active language (the schema's meanings are msgids: ``col`` marks them for the catalogue)."""
    tables = {}
    for name, row_type, about, search in TABLES:
        if name == "history" and not has_history:
            continue
        columns = {"id": EXTRA_COLUMNS["id"]}
        columns.update({name: meaning for name, _, meaning in meanings(row_type)})
        if name == "risks":
            columns["level"] = EXTRA_COLUMNS["level"]
        if name == "controls":
            columns["risk_id"] = EXTRA_COLUMNS["risk_id"]
        entry = {"description": _(about), "columns": _each(columns), "facets": FACETS[name]}
        tables[name] = entry
    tables["files"] = {"description": _(FILES_ABOUT), "columns": _each(FILES_COLUMNS), "facets": FACETS["files"]}
    return {"title": _("riskreg register"),
            "description": _("Risk registers (VoR) and internal control plans read by riskreg."),
            "databases": {"register": {"tables": tables}}}


def _each(meanings_by_column: dict[str, str]) -> dict[str, str]:
    return {name: _(meaning) for name, meaning in meanings_by_column.items()}


@speaks
def write_sqlite(register, out_dir: str | Path, history: pd.DataFrame | None = None,
                 levels: Levels | None = None) -> list[Path]:
    """DIR/register.db and DIR/metadata.json; the database is built under a temporary name, then renamed."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / DATABASE
    fd, tmp = tempfile.mkstemp(dir=out, prefix=f".{DATABASE}.", suffix=".tmp")
    os.close(fd)
    os.unlink(tmp)  # sqlite makes the file itself
    try:
        build_database(Path(tmp), register.risks, register.controls, register.problems, history, levels,
                       getattr(register, "files", None))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    meta = write_text(json.dumps(metadata(history is not None), ensure_ascii=False, indent=2) + "\n",
                      out / METADATA)
    return [target, meta]
