"""The whole path for one file: PDF -> tables -> register rows -> flags.

``extract_file`` reads one PDF and raises a RiskregError when it cannot;
``read_file`` turns that failure into the result's problem row. Many files are
read by ``riskreg.batch.extract_register``, each through ``read_file`` in a
worker process.
"""
from __future__ import annotations

import re
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from .errors import NoRegisterTable, NotFound, RiskregError
from .extract import ExtractSettings, read_document
from .extract.integrity import damaged_pages
from .match import LinkSettings, link_controls
from .normalize import (NormalizeSettings, assemble_tables, build_controls, build_risks,
                        find_organisation, find_year, flag_risks)
from .normalize.audit import audit_words
from .normalize.infer import columns_inferred, complete_risks, template_names
from .normalize.headers import has_controls, header_template, match_header_row, table_kind
from .normalize.register import build_row_controls
from .normalize.scales import apply_scale, read_legend
from .normalize.stitch import header_rows
from .normalize.validate import check_read_whole, check_unknown_columns
from .schema import Control, FileSummary, Problem, Risk, empty_frame
from .settings_base import SettingsBase


@dataclass
class Settings(SettingsBase):
    """All settings of a run, one object per stage; ``resolve`` takes {"extract": {...}, ...}."""

    stage = ""

    extract: ExtractSettings = field(default_factory=ExtractSettings)
    normalize: NormalizeSettings = field(default_factory=NormalizeSettings)
    link: LinkSettings = field(default_factory=LinkSettings)


@dataclass
class FileResult:
    """What one PDF gave: its risks, controls and problems."""

    source_file: str
    pages: int = 0
    ocr_pages: int = 0
    risks: list[Risk] = field(default_factory=list)
    controls: list[Control] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: the word audit's counts (normalize/audit.py); None when the file was not read
    register_words: int | None = None
    words_accounted: int | None = None
    uncertain_cells: int | None = None
    template: str | None = None  # the template(s) its register tables were read with (files.csv)

    def summary(self, reader: str) -> FileSummary:
        """The file's row of files.csv."""
        return file_summary(self.source_file, self.pages, len(self.risks), len(self.controls),
                            self.register_words, self.words_accounted, self.uncertain_cells, reader,
                            self.template)


def file_summary(source_file: str, pages: int, risks: int, controls: int, register_words: int | None,
                 words_accounted: int | None, uncertain_cells: int | None, reader: str,
                 template: str | None = None) -> FileSummary:
    """A row of files.csv; coverage is words_accounted / register_words (1.0 for a file whose
    register pages print no table word, empty when the file was not read)."""
    coverage = None
    if register_words is not None and words_accounted is not None:
        coverage = round(words_accounted / register_words, 4) if register_words else 1.0
    return FileSummary(source_file=source_file, pages=pages, risks=risks, controls=controls,
                       register_words=register_words, words_accounted=words_accounted,
                       coverage=coverage, uncertain_cells=uncertain_cells, reader=reader,
                       template=template)


@dataclass
class Register:
    """A run's result as DataFrames of the register schema; ``files`` has one row per input file."""

    risks: pd.DataFrame
    controls: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame = field(default_factory=lambda: empty_frame(FileSummary))


def register_header_matcher(settings: NormalizeSettings):
    """Column names of a header line of a register table (VoR or control plan), else {}."""
    def match(texts: list[str]) -> dict[int, str]:
        mapping = match_header_row(texts, settings)
        return mapping if table_kind(mapping) else {}

    def layout(mapping: dict[int, str], texts: list[str] | None = None):
        """(merged columns, anchor columns) of the template the header (its cells' texts) follows."""
        template = header_template(mapping, settings, texts)
        return (template.merged, template.anchors) if template else None
    match.layout = layout
    return match


def legend_rows(doc, settings: NormalizeSettings) -> list[list[str]]:
    """The rows of a document's tables that are no register table (legends, summaries)."""
    rows = []
    for table in doc.tables:
        if table_kind(header_rows(table, settings)[1]) is None:
            rows += [[c.text if c is not None else "" for c in row] for row in table.grid()]
    return rows


def extract_file(path: str | Path, settings: Settings | None = None,
                 password: str | None = None, debug: bool = False,
                 source: str | None = None) -> FileResult:
    """Read one PDF into risks and controls, named ``source`` (default: its file name). Raises a
    RiskregError when it cannot.

    A table that cannot be read is a table_unreadable problem (``debug``: with its traceback)."""
    settings = Settings.resolve(settings)
    path = Path(path)
    source = source or path.name  # the batch names a document by its path below the folder given
    if not path.is_file():
        raise NotFound.missing(path)
    doc = read_document(path, settings.extract, password=password,
                        header_matcher=register_header_matcher(settings.normalize))
    result = FileResult(source_file=source, pages=doc.n_pages, ocr_pages=doc.ocr_pages)
    result.problems += reader_warnings(doc, source)
    tables = assemble_tables(doc, settings.normalize)
    result.problems += unreadable_tables(doc.failures, source, debug)
    vor, ikp = register_tables(tables, doc, source)
    result.problems += table_problems(tables, source)
    result.template = template_names([*vor, *ikp])
    legend = read_legend([line.text for line in doc.lines], legend_rows(doc, settings.normalize))
    vor_read = read_risks(vor, legend, source, settings.extract, result.problems, debug)
    result.risks = vor_read.rows
    result.controls = read_controls(ikp, source, settings.extract, result.problems, debug)
    result.problems += damage_problems(path, password, vor, ikp, bool(result.risks), source)
    has_control_plan = bool(ikp) or any(has_controls(t.columns) for t in vor)
    links = link_and_flag(result.risks, result.controls, vor_read, has_control_plan, settings.link)
    add_word_audit(result, audit_words(doc, tables, source, settings.normalize))
    result.problems += unlinked_controls(result.controls, links, source)
    result.controls[:0] = [c for c, _ in vor_read.row_controls]  # linked already: they share the risk's row
    stamp_organisation_and_year(doc, [*result.risks, *result.controls], source, result.problems)
    return result


def reader_warnings(doc, source: str) -> list[Problem]:
    """The reader's warnings about the document, once each, in the order met."""
    return [Problem(source, None, "warning", code, message)
            for code, message in dict.fromkeys(doc.warnings)]


def unreadable_tables(failures: list, source: str, debug: bool = False) -> list[Problem]:
    """A table_unreadable error for each table (or page's table finding) that raised."""
    return [unreadable(source, f.page, f"{f.where()[0].upper()}{f.where()[1:]}", f.reason,
                       f.trace if debug else "") for f in failures]


def unreadable(source: str, page: int, what: str, reason: str, trace: str = "") -> Problem:
    """A table_unreadable error naming the page and the table, the traceback after it when given."""
    message = (f"{what} could not be read ({reason}); its rows are missing from the register, every "
               f"other table of the file was read. Run 'riskreg debug {source} --pages {page}' to see "
               "what was read, and please report it.")
    return Problem(source, page, "error", "table_unreadable", message + ("\n" + trace if trace else ""))


@contextmanager
def _contained(table, source: str, problems: list[Problem], debug: bool):
    """Around reading one register table's rows: an exception is its table_unreadable error
    (with the traceback under ``debug``) and the file's other tables are read on."""
    try:
        yield
    except (MemoryError, RiskregError):
        raise
    except Exception as exc:
        pages = sorted(set(table.pages)) or [0]
        what = (f"The {'control plan' if table.kind == 'ikp' else 'VoR'} table on "
                + (f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}"))
        problems.append(unreadable(source, pages[0], what, f"{type(exc).__name__}: {exc}",
                                   traceback.format_exc() if debug else ""))


def register_tables(tables: list, doc, source: str) -> tuple[list, list]:
    """The VoR tables and the control-plan tables; NoRegisterTable when there is neither and no
    table failed (a file whose tables all raised says so in its table_unreadable rows)."""
    vor = [t for t in tables if t.kind == "vor"]
    ikp = [t for t in tables if t.kind == "ikp"]
    if not vor and not ikp and not doc.failures:
        scanned = (f" {doc.ocr_pages} of its {doc.n_pages} pages were images read by OCR: a scan too "
                   "coarse or faint (under 200 dpi) may hide its table; scan it again at 300 dpi."
                   if doc.ocr_pages else "")
        raise NoRegisterTable("No risk register table was found: no table has the columns of a "
                              "väsentlighets- och riskanalys or an internkontrollplan "
                              "(Oönskad händelse with Sannolikhet/Konsekvens, or Kontrollaktivitet)."
                              + scanned + f" Run 'riskreg debug {source}' to see what was read.")
    return vor, ikp


def table_problems(tables: list, source: str) -> list[Problem]:
    """What each table says about itself: not read whole, columns unknown, doubts of its joining."""
    problems: list[Problem] = []
    for table in tables:
        problems.extend(check_read_whole(table, source))
        problems.extend(check_unknown_columns(table, source))
        problems.extend(columns_inferred(table, source))
        problems.extend(Problem(source, page, "warning", code, message) for page, code, message in table.doubts)
    return problems


@dataclass
class RisksRead:
    """The VoR tables' risks, the controls printed in their rows (each with its risk's index),
    and the indexes of the risks whose value is no product of the scores or whose scale was guessed."""

    rows: list[Risk] = field(default_factory=list)
    row_controls: list[tuple[Control, int]] = field(default_factory=list)
    not_product: set[int] = field(default_factory=set)
    inferred: set[int] = field(default_factory=set)


def read_risks(vor: list, legend, source: str, settings: ExtractSettings, problems: list[Problem],
               debug: bool = False) -> RisksRead:
    """The risks of the VoR tables, numbered on from the table before, their scale applied; a
    table that raises is a table_unreadable error and the others are read."""
    read = RisksRead()
    for table in vor:
        with _contained(table, source, problems, debug):
            first = len(read.rows)
            first_nr = max((r.risk_nr for r in read.rows if r.risk_nr is not None), default=0) + 1
            risks = build_risks(table, source, problems, first_nr=first_nr, score_words=legend.words)
            mark_ocr_rows(table, risks, source, settings.ocr_low_confidence, problems)
            product, guessed = apply_scale(table, risks, legend)
            complete_risks(table, risks)
            row_controls = [(c, first + i) for c, i in build_row_controls(table, risks, source)]
            span = set(range(first, first + len(risks)))  # nothing is kept until the table is read
            read.not_product |= set() if product else span
            read.inferred |= span if guessed else set()
            read.rows.extend(risks)
            read.row_controls += row_controls
    return read


def read_controls(ikp: list, source: str, settings: ExtractSettings, problems: list[Problem],
                  debug: bool = False) -> list[Control]:
    """The controls of the control-plan tables; a table that raises is a table_unreadable error."""
    controls: list[Control] = []
    for table in ikp:
        with _contained(table, source, problems, debug):
            rows = build_controls(table, source)
            mark_ocr_rows(table, rows, source, settings.ocr_low_confidence, problems)
            controls.extend(rows)
    return controls


def link_and_flag(risks: list[Risk], controls: list[Control], read: RisksRead, has_control_plan: bool,
                  settings: LinkSettings) -> dict[int, int]:
    """Link each control-plan control to its risk, then flag the risks; the links (control -> risk)."""
    links = link_controls(risks, controls, settings)
    controlled = set(links.values()) | {i for _, i in read.row_controls}
    flag_risks(risks, controlled, has_control_plan=has_control_plan, not_product=frozenset(read.not_product))
    for i in sorted(read.inferred):
        risks[i].flags = ";".join(f for f in (risks[i].flags, "scale_inferred") if f)
    return links


def add_word_audit(result: FileResult, audit) -> None:
    """The word audit's problems and counts (files.csv) on the file's result."""
    result.problems.extend(audit.problems)
    result.register_words, result.words_accounted = audit.register_words, audit.words_accounted
    result.uncertain_cells = audit.uncertain_cells


def unlinked_controls(controls: list[Control], links: dict[int, int], source: str) -> list[Problem]:
    """A control_not_linked warning for each control-plan control no risk matched."""
    return [Problem(source_file=source, page=control.page, severity="warning", code="control_not_linked",
                    message=f"The control for {control.event!r} matches no risk of the VoR well enough "
                            f"(best score {control.link_score}); its risk_nr is left empty.")
            for ci, control in enumerate(controls) if ci not in links]


def stamp_organisation_and_year(doc, rows: list, source: str, problems: list[Problem]) -> None:
    """Every row gets the nämnd (looked for on the first pages, then anywhere) and the year the
    document names; organisation_not_found when it names no nämnd."""
    texts = [line.text for line in doc.lines if line.page <= 3] or [line.text for line in doc.lines]
    organisation = find_organisation(texts) or find_organisation([line.text for line in doc.lines])
    year = find_year([line.text for line in doc.lines], source)
    if organisation is None:
        problems.append(Problem(source, None, "warning", "organisation_not_found",
                                "The document does not name its nämnd; organisation is empty."))
    for row in rows:
        row.organisation, row.year = organisation, year


def damage_problems(path: Path, password: str | None, vor: list, ikp: list, has_risks: bool,
                    source: str | None = None) -> list[Problem]:
    """damaged_page problems: pages whose content qpdf cannot decode whole; and vor_not_found, a
    control plan read without a VoR before it (published alone, or the VoR's pages damaged or not read)."""
    source = source or path.name
    by_reason: dict[str, list[int]] = {}
    for page, why in damaged_pages(path, password).items():  # a shared font: one row, its pages
        by_reason.setdefault(why, []).append(page)
    out = [Problem(source, pages[0], "error", "damaged_page",
                   f"{_pages_text(pages)} of the PDF {'is' if len(pages) == 1 else 'are'} damaged: {why}. "
                   "What it prints may be missing from the register; fetch the file again.")
           for why, pages in sorted(by_reason.items(), key=lambda item: item[1])]
    if ikp and not has_risks and not vor:
        page = min(p for t in ikp for p in t.pages)
        out.append(Problem(source, page, "warning", "vor_not_found",
                           f"The control plan from page {page} on was read, but no row of a "
                           "väsentlighets- och riskanalys was found in the file: a plan published on its own "
                           "has none; if this document has one, its pages are damaged or were not read. "
                           "Open the PDF to check."))
    return out


def _pages_text(pages: list[int]) -> str:
    if len(pages) == 1:
        return f"Page {pages[0]}"
    return "Pages " + ", ".join(map(str, pages[:-1])) + f" and {pages[-1]}"


def mark_ocr_rows(table, rows: list, source: str, threshold: float, problems: list[Problem]) -> None:
    """Rows read by OCR say so, with their lowest cell confidence; a cell below ``threshold``
    gives an ocr_low_confidence warning naming its page and column."""
    for logical, row in zip(table.rows, rows):
        read = {name: slot.confidence for name, slot in logical.slots.items() if slot.confidence is not None}
        if not read:
            continue
        row.source, row.ocr_confidence = "ocr", int(min(read.values()))
        low = sorted(name for name, conf in read.items() if conf < threshold)
        if low:
            problems.append(Problem(
                source, logical.page, "warning", "ocr_low_confidence",
                f"OCR is unsure of the {', '.join(low)} cell{'s' if len(low) > 1 else ''} of the row "
                f"on page {logical.page} (confidence {int(min(read[n] for n in low))} of 100); "
                "check them against the scan."))


def read_file(path: str | Path, settings: Settings | None = None, password: str | None = None,
              debug: bool = False, source: str | None = None) -> FileResult:
    """extract_file that never raises for the file's own failure: it becomes the result's problem."""
    path = Path(path)
    source = source or path.name

    def failed(code: str, message: str, page: int | None = None) -> FileResult:
        return FileResult(source_file=source, problems=[Problem(source, page, "error", code, message)])

    try:
        return extract_file(path, settings, password=password, debug=debug, source=source)
    except RiskregError as exc:
        return failed(exc.code, exc.message, exc.page)
    except MemoryError:
        return failed("out_of_memory", "Reading the file needed more memory than a worker may use "
                      "(--max-memory); it was given up. Run it alone with more memory.")
    except Exception as exc:  # a bug of ours must not stop the batch
        message = f"riskreg failed on this file ({type(exc).__name__}: {exc}). Please report it."
        if debug:
            message += "\n" + traceback.format_exc()
        return failed("internal_error", message)


def find_pdfs(paths: Iterable[str | Path]) -> list[Path]:
    """PDF files named, and every *.pdf below folders named, sorted within each folder."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() == ".pdf"))
        else:
            found.append(p)
    return found


def extract(paths, settings: Settings | None = None, password: str | None = None, debug: bool = False) -> Register:
    """Deprecated (goes in the next release): use riskreg.extract_register, which this runs."""
    from .batch import extract_register
    from .deprecation import _warn
    _warn("riskreg.pipeline.extract", "riskreg.extract_register")
    return extract_register(paths, settings, password=password, debug=debug)


def file_year(name: str) -> int | None:
    m = re.search(r"(20\d\d)", name)
    return int(m.group(1)) if m else None
