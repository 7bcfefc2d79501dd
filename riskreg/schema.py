"""The register schema: every column of risks, controls and problems, defined once.

The writers, the validation, the schema tables of docs/schema.md and the tests all read
the columns from here. Adding a column is one edit: a field on the dataclass.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Optional

import pandas as pd

# pandas dtype per Python annotation; nullable dtypes so that a column a
# document lacks stays empty instead of turning into NaN or False.
_DTYPES = {"str": "string", "int": "Int64", "bool": "boolean", "float": "Float64"}


def col(meaning: str, default=None):
    """A register column: its meaning goes into docs/schema.md and --help."""
    return field(default=default, metadata={"meaning": meaning})


@dataclass
class Risk:
    """One row of the väsentlighets- och riskanalys: an unwanted event and its scores."""

    source_file: str = col("file name of the PDF the row was read from")
    page: int = col("page (1-based) the row starts on")
    organisation: Optional[str] = col("the nämnd, read from the document's text")
    year: Optional[int] = col("plan year, read from the document's text (file name as fallback)")
    goal_id: Optional[str] = col('number of the council goal, e.g. "1.2" (no trailing dot)')
    goal: Optional[str] = col("text of the council goal (KF:s mål) without its number")
    process: Optional[str] = col("Process")
    working_method: Optional[str] = col("Arbetssätt")
    risk_nr: Optional[int] = col("Nr: the risk's number within the document")
    event: Optional[str] = col("Oönskad händelse: the unwanted event, without glyphs")
    probability: Optional[int] = col("Sannolikhet, 1-5")
    probability_label: Optional[str] = col('Sannolikhet as words, e.g. "Mindre sannolikt"')
    consequence: Optional[int] = col("Konsekvens, 1-5")
    consequence_label: Optional[str] = col('Konsekvens as words, e.g. "Allvarlig"')
    risk_value: Optional[int] = col("RV / Riskvärde as printed (not recomputed); where no column prints it, "
                                    "probability x consequence (risk_value_source derived)")
    in_ikp: Optional[bool] = col("in the internkontrollplan per the IKP / Till plan column (★, Ja/Nej, X, ✓); "
                                 "empty without one")
    handling: Optional[str] = col("Hantera risk")
    status: Optional[str] = col("leading status word of Status/Åtgärd")
    measure: Optional[str] = col("the rest of Status/Åtgärd")
    description: Optional[str] = col("Beskrivning")
    responsible: Optional[str] = col("Ansvarig")
    flags: str = col("what failed validation, ';'-separated", default="")
    extra: Optional[str] = col("the text of columns riskreg cannot map, as a JSON object header -> text "
                               "(empty when the row has none)")
    scale: Optional[int] = col("the highest score of the register's scale (3, 4 or 5): from the header "
                               "(\"S (1-4)\"), the legend or the template, else inferred from the scores "
                               "(flag scale_inferred)")
    source: str = col('"pdf" (read from the text layer) or "ocr" (read from a page image)', default="pdf")
    ocr_confidence: Optional[int] = col("lowest Tesseract confidence (0-100) of the row's cells; "
                                        "empty unless source is ocr")
    risk_value_source: Optional[str] = col('"printed" (a column prints the risk value) or "derived" '
                                           "(probability x consequence: the table has no risk value column); "
                                           "empty without a risk value")
    dnr: Optional[str] = col('diarienummer as printed after "Dnr" (most often, e.g. on every page\'s header), '
                             'e.g. "HL 2019/12.1.1/3187"; empty when the document prints none', default=None)
    document_title: Optional[str] = col("the document's title as printed on its first pages (the first short "
                                        "line naming the plan); empty when none is found", default=None)
    document_date: Optional[str] = col('the document\'s date, YYYY-MM-DD, where a line names it ("Datum", '
                                       '"Beslutad av ... 2023-12-14") or prints a date alone; else empty',
                                       default=None)
    x0: Optional[float] = col("left edge of the row's box on its page, in PDF points from the left of the "
                              "page as shown (its crop box; a /Rotate is not applied), as tabula exports "
                              "cell coordinates; a row continued over a page break: its box on the first "
                              "page", default=None)
    top: Optional[float] = col("top of the row's box, in points from the page's top", default=None)
    x1: Optional[float] = col("right edge of the row's box, in points from the page's left", default=None)
    bottom: Optional[float] = col("bottom of the row's box, in points from the page's top", default=None)


@dataclass
class Control:
    """One row of an internkontrollplan table: how a risk is controlled."""

    source_file: str = col("file name of the PDF the row was read from")
    page: int = col("page (1-based) the row starts on")
    organisation: Optional[str] = col("the nämnd, read from the document's text")
    year: Optional[int] = col("plan year")
    goal_id: Optional[str] = col("council goal of the heading above the table")
    process: Optional[str] = col("Process")
    working_method: Optional[str] = col("Arbetssätt")
    systematic_control: Optional[str] = col("Systematisk kontroll")
    event: Optional[str] = col("Oönskad händelse, without the risk value glued to it")
    risk_value: Optional[int] = col("the risk value printed with the event text")
    control_activity: Optional[str] = col("Kontrollaktivitet")
    risk_nr: Optional[int] = col("the VoR risk this control belongs to; empty when none matches")
    link_score: Optional[int] = col("how well the control matched that risk, 0-100; 100 when the control "
                                    "is printed in the risk's own row (a combined register)")
    method: Optional[str] = col("Metod: how the control is made (stickprov, systemuttag, komplett)")
    frequency: Optional[str] = col("Frekvens: how often (månadsvis, 2 ggr/år)")
    responsible: Optional[str] = col("Ansvarig: who makes the control")
    report_to: Optional[str] = col("Rapporteras till: whom the control reports to")
    extra: Optional[str] = col("the text of columns riskreg cannot map, as a JSON object header -> text "
                               "(empty when the row has none)")
    source: str = col('"pdf" (read from the text layer) or "ocr" (read from a page image)', default="pdf")
    ocr_confidence: Optional[int] = col("lowest Tesseract confidence (0-100) of the row's cells; "
                                        "empty unless source is ocr")
    dnr: Optional[str] = col('diarienummer as printed after "Dnr" (most often, e.g. on every page\'s header), '
                             'e.g. "HL 2019/12.1.1/3187"; empty when the document prints none', default=None)
    document_title: Optional[str] = col("the document's title as printed on its first pages (the first short "
                                        "line naming the plan); empty when none is found", default=None)
    document_date: Optional[str] = col('the document\'s date, YYYY-MM-DD, where a line names it ("Datum", '
                                       '"Beslutad av ... 2023-12-14") or prints a date alone; else empty',
                                       default=None)
    x0: Optional[float] = col("left edge of the row's box on its page, in PDF points from the left of the "
                              "page as shown (its crop box; a /Rotate is not applied), as tabula exports "
                              "cell coordinates; a row continued over a page break: its box on the first "
                              "page", default=None)
    top: Optional[float] = col("top of the row's box, in points from the page's top", default=None)
    x1: Optional[float] = col("right edge of the row's box, in points from the page's left", default=None)
    bottom: Optional[float] = col("bottom of the row's box, in points from the page's top", default=None)


@dataclass
class Problem:
    """An error or warning about one file (and page), in words an analyst understands."""

    source_file: str = col("file name")
    page: Optional[int] = col("page the problem is on, empty when it is the whole file")
    severity: str = col('"error" (file or table not read) or "warning" (read, but check)')
    code: str = col("stable code, e.g. not_a_pdf, no_register_table")
    message: str = col("what happened and what to do, in plain words")

    def __post_init__(self):
        from .problems import check, debug_hint
        check(self.code, self.severity)  # an unregistered code is a bug of ours: raised at once
        self.message = debug_hint(self.code, self.source_file, self.page, self.message)


@dataclass
class FileSummary:
    """One input file of a run (files.csv): what it gave and how much of its printed text."""

    source_file: str = col("file name")
    pages: int = col("pages of the PDF; 0 when it could not be opened")
    risks: int = col("risks read from it")
    controls: int = col("controls read from it")
    register_words: Optional[int] = col("words printed in the tables on its register's pages (and the "
                                        "page after each); empty when the file was not read")
    words_accounted: Optional[int] = col("of those, the words found once in the register, a dropped "
                                         "header row or a table ignored for a stated reason")
    coverage: Optional[float] = col("words_accounted / register_words; below 1 the register may be "
                                    "missing text (see the text_not_in_register problems)")
    uncertain_cells: Optional[int] = col("cells holding a word join the evidence did not decide, or text "
                                         "cut at their edge by a clip (the printed text is kept)")
    hidden_chars: Optional[int] = col("characters of its text layer not printed (outside the clip, invisible, "
                                      "in the colour under them, off the page), dropped before any table was "
                                      "read; empty when the file was not read", default=None)
    reader: str = col('what read the characters: "pdfium" or "pdfminer"')
    template: Optional[str] = col('the template(s) its register tables were read with, "; "-separated; '
                                  '"inferred" for a table whose columns were typed by their content '
                                  "(see the columns_inferred problem); empty when none was read",
                                  default=None)
    structure_agrees: Optional[bool] = col("a tagged PDF: whether the tables of its structure tree (its tagging "
                                           "for accessibility) are the tables read from its pages, row by row "
                                           "and cell by cell (false: see the structure_disagrees problem); "
                                           "empty when it has no tagged table", default=None)


@dataclass
class Change:
    """One row of a diff between two years' registers: a pair of risks, a new or a removed risk."""

    change: str = col('what changed, ";"-separated: unchanged, reworded, rescored, rescaled (scored on '
                      'another scale), moved, ikp_in, ikp_out; or new / removed for a risk without a counterpart')
    score: Optional[int] = col("how alike the pair's texts and contexts are, 0-100; empty for new/removed")
    pair_basis: Optional[str] = col('what the pair was made on: "text" (its texts alike) or "context" (its '
                                    'place: the same process and working method between the same paired '
                                    'neighbours, texts unlike); empty for new/removed')
    old_risk_nr: Optional[int] = col("Nr in the old register")
    new_risk_nr: Optional[int] = col("Nr in the new register")
    old_page: Optional[int] = col("page of the old risk")
    new_page: Optional[int] = col("page of the new risk")
    old_event: Optional[str] = col("event in the old register")
    new_event: Optional[str] = col("event in the new register")
    old_goal_id: Optional[str] = col("goal number in the old register")
    new_goal_id: Optional[str] = col("goal number in the new register")
    old_process: Optional[str] = col("process in the old register")
    new_process: Optional[str] = col("process in the new register")
    old_working_method: Optional[str] = col("working method in the old register")
    new_working_method: Optional[str] = col("working method in the new register")
    old_probability: Optional[int] = col("probability, old")
    new_probability: Optional[int] = col("probability, new")
    old_consequence: Optional[int] = col("consequence, old")
    new_consequence: Optional[int] = col("consequence, new")
    old_risk_value: Optional[int] = col("risk value, old")
    new_risk_value: Optional[int] = col("risk value, new")
    old_in_ikp: Optional[bool] = col("in the control plan, old")
    new_in_ikp: Optional[bool] = col("in the control plan, new")
    old_scale: Optional[int] = col("highest score of the old register's scale (3, 4 or 5)")
    new_scale: Optional[int] = col("highest score of the new register's scale; when it differs from the "
                                   "old one the pair is rescaled, not rescored")


@dataclass
class ControlChange:
    """One row of a diff of the two years' control plans (diff_controls.csv): a pair of controls,
    a new or a removed control."""

    change: str = col('what changed, ";"-separated: unchanged, activity_changed (Kontrollaktivitet), '
                      'responsible_changed (Ansvarig); or new / removed for a control without a counterpart')
    old_risk_nr: Optional[int] = col("the old control's risk (its Nr in the old register)")
    new_risk_nr: Optional[int] = col("the new control's risk (its Nr in the new register)")
    old_page: Optional[int] = col("page of the old control")
    new_page: Optional[int] = col("page of the new control")
    old_event: Optional[str] = col("the old control's event")
    new_event: Optional[str] = col("the new control's event")
    old_control_activity: Optional[str] = col("Kontrollaktivitet, old")
    new_control_activity: Optional[str] = col("Kontrollaktivitet, new")
    old_responsible: Optional[str] = col("Ansvarig, old")
    new_responsible: Optional[str] = col("Ansvarig, new")


@dataclass
class Profile:
    """One organisation's risk profile in one year (compare's profile.csv)."""

    organisation: str = col("the nämnd (the file name when the document does not name it)")
    year: Optional[int] = col("plan year")
    risks: int = col("number of risks")
    low: int = col("risks of level Låg (risk value <= 3 by default)")
    medium: int = col("risks of level Medium (4-11 by default)")
    critical: int = col("risks of level Kritisk (>= 12 by default)")
    mean_risk_value: Optional[float] = col("mean risk value")
    median_risk_value: Optional[float] = col("median risk value")
    share_in_ikp: Optional[float] = col("share of risks in the control plan, 0-1; empty without an IKP column")
    controls: int = col("number of controls in the control plan")
    top_processes: str = col('the five processes with the highest summed risk value, "process (sum)" '
                             "separated by '; '")
    source_files: str = col("the files the rows came from, '; '-separated")
    scale: Optional[int] = col("highest score of the register's scale (3, 4 or 5); the levels are counted "
                               "with bounds scaled to it")


@dataclass
class Movement:
    """How one organisation's register moved from one year to the next (compare's movement.csv)."""

    organisation: str = col("the nämnd")
    from_year: int = col("the earlier year")
    to_year: int = col("the later year")
    risks_before: int = col("risks in the earlier year")
    risks_after: int = col("risks in the later year")
    paired: int = col("risks found in both years (as riskreg diff pairs them)")
    new: int = col("risks only in the later year")
    removed: int = col("risks only in the earlier year")
    rescored: int = col("paired risks whose probability, consequence or risk value changed, on one scale "
                        "(counted as riskreg diff counts rescored)")
    rescored_up: int = col("rescored risks whose risk value rose")
    rescored_down: int = col("rescored risks whose risk value fell")
    critical_before: int = col("Kritisk risks in the earlier year")
    critical_after: int = col("Kritisk risks in the later year")
    mean_before: Optional[float] = col("mean risk value in the earlier year")
    mean_after: Optional[float] = col("mean risk value in the later year")


@dataclass
class SharedRisk:
    """A risk named by several organisations: one row per member of a group (compare's shared.csv)."""

    group: int = col("group number, 1 for the group with most organisations")
    organisations: int = col("how many organisations the group spans")
    organisation: str = col("the member's nämnd")
    year: Optional[int] = col("the member's year (each organisation's latest)")
    risk_nr: Optional[int] = col("the member's Nr")
    event: Optional[str] = col("the member's wording")
    process: Optional[str] = col("the member's process")
    working_method: Optional[str] = col("the member's working method")
    risk_value: Optional[int] = col("the member's risk value")
    score: int = col("how alike the member is to the group's first member, 0-100")
    source_file: Optional[str] = col("file the member was read from", default=None)
    page: Optional[int] = col("page (1-based) the member's row starts on", default=None)


@dataclass
class HistoryRow:
    """One risk of one organisation in one year, with the key that follows it over the years (history.csv)."""

    organisation: str = col("the organisation, its variant and former names joined by the alias table")
    year: int = col("plan year; for a 'removed' row, the last year the risk was seen")
    source_file: str = col("file the row was read from")
    risk_nr: Optional[int] = col("Nr in that year's register")
    risk_key: str = col('the same key every year for one risk: organisation code, first year and its Nr '
                        'that year, e.g. "hagersten-alvsjo-2020-07"')
    event: Optional[str] = col("the event as worded that year")
    process: Optional[str] = col("Process")
    probability: Optional[int] = col("Sannolikhet, 1-5")
    consequence: Optional[int] = col("Konsekvens, 1-5")
    risk_value: Optional[int] = col("risk value as printed")
    in_ikp: Optional[bool] = col("in the control plan")
    change: str = col('change from the previous year of this key, ";"-separated: new, unchanged, reworded, '
                      'rescored, moved, ikp_in, ikp_out, returned (back after a year or more away); '
                      'removed on a last row for each time the key left')
    page: Optional[int] = col("page (1-based) of source_file the row starts on", default=None)
    pair_basis: Optional[str] = col('what joined this row to the previous year of its key: "text" or '
                                    '"context" (its place, as in diff.csv, or a short event in the same '
                                    'place); empty for new and removed rows')


def missing(value) -> bool:
    """None, pandas' NA or NaN: a cell of a register frame that holds no value."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def value_or_none(value):
    """A cell's value as plain Python, None when it holds none."""
    return None if missing(value) else value


def text_of(value) -> str:
    """A cell as text, "" when it holds none."""
    return "" if missing(value) else str(value)


def columns(row_type) -> list[str]:
    return [f.name for f in fields(row_type)]


def meanings(row_type) -> list[tuple[str, str, str]]:
    """(name, type, meaning) of each column, for documentation."""
    out = []
    for f in fields(row_type):
        dtype = _DTYPES[_base_type(f.type)]
        out.append((f.name, dtype, f.metadata["meaning"]))
    return out


def _base_type(annotation) -> str:
    text = str(annotation)
    for name in ("bool", "int", "float", "str"):
        if name in text:
            return name
    raise TypeError(f"unsupported column type {annotation!r}")


def to_frame(rows: list, row_type) -> pd.DataFrame:
    """A DataFrame with exactly the schema's columns, in order, with nullable dtypes."""
    names = columns(row_type)
    data = {n: [getattr(r, n) for r in rows] for n in names}
    frame = pd.DataFrame(data, columns=names)
    for f in fields(row_type):
        frame[f.name] = frame[f.name].astype(_DTYPES[_base_type(f.type)])
    return frame


def empty_frame(row_type) -> pd.DataFrame:
    return to_frame([], row_type)


def coerce_frame(frame: pd.DataFrame, row_type) -> pd.DataFrame:
    """A frame read back from a CSV or Parquet file, in the schema's columns and dtypes.

    Empty number and boolean cells become missing values, "true"/"false"
    booleans; a column the file
    lacks is added empty. Raises ValueError naming a cell that does not fit.
    """
    out = {}
    for f in fields(row_type):
        base = _base_type(f.type)
        if f.name not in frame.columns:
            values = pd.Series([None] * len(frame), dtype="object")
        else:
            # an empty text cell stays "" (CSV cannot tell it from a missing one);
            # an empty number or boolean cell is missing
            values = pd.Series([None if _missing(v, base != "str") else v for v in frame[f.name].tolist()],
                               dtype="object", index=frame.index)
        if base == "bool":
            values = values.map(lambda v, n=f.name: _to_bool(v, n))
        elif base == "int":
            values = values.map(lambda v, n=f.name: _to_int(v, n))
        elif base == "str":
            values = values.map(lambda v: None if v is None else str(v))
        out[f.name] = values.astype(_DTYPES[base])
    result = pd.DataFrame(out, columns=columns(row_type))
    if "flags" in result.columns:
        result["flags"] = result["flags"].fillna("")
    return result


def _missing(value, blank_is_missing: bool) -> bool:
    if isinstance(value, str):
        return blank_is_missing and value.strip() == ""
    return missing(value)


def _to_bool(value, name: str):
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "ja", "yes"):
        return True
    if text in ("false", "0", "nej", "no"):
        return False
    raise ValueError(f"column {name}: {value!r} is not true or false")


def _to_int(value, name: str):
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"column {name}: {value!r} is not a whole number") from None
    if number != int(number):
        raise ValueError(f"column {name}: {value!r} is not a whole number")
    return int(number)
