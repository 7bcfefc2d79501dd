"""The whole path for one file: PDF -> tables -> register rows -> flags.

``extract_file`` reads one PDF and raises a RiskregError when it cannot;
``read_file`` turns that failure into the result's problem row. Many files are
read by ``riskreg.batch.extract_register``, each through ``read_file`` in a
worker process.
"""
from __future__ import annotations

import re
import traceback
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
from .normalize.headers import has_controls, header_template, match_header_row, table_kind
from .normalize.register import build_row_controls
from .normalize.scales import apply_scale, read_legend
from .normalize.stitch import header_rows
from .normalize.validate import check_read_whole, check_unknown_columns
from .schema import Control, FileSummary, Problem, Risk, empty_frame


@dataclass
class Settings:
    """All settings of a run, one object per stage."""

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

    def summary(self, reader: str) -> FileSummary:
        """The file's row of files.csv."""
        return file_summary(self.source_file, self.pages, len(self.risks), len(self.controls),
                            self.register_words, self.words_accounted, self.uncertain_cells, reader)


def file_summary(source_file: str, pages: int, risks: int, controls: int, register_words: int | None,
                 words_accounted: int | None, uncertain_cells: int | None, reader: str) -> FileSummary:
    """A row of files.csv; coverage is words_accounted / register_words (1.0 for a file whose
    register pages print no table word, empty when the file was not read)."""
    coverage = None
    if register_words is not None and words_accounted is not None:
        coverage = round(words_accounted / register_words, 4) if register_words else 1.0
    return FileSummary(source_file=source_file, pages=pages, risks=risks, controls=controls,
                       register_words=register_words, words_accounted=words_accounted,
                       coverage=coverage, uncertain_cells=uncertain_cells, reader=reader)


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
                 password: str | None = None) -> FileResult:
    """Read one PDF into risks and controls. Raises a RiskregError when it cannot."""
    settings = settings or Settings()
    path = Path(path)
    if not path.is_file():
        raise NotFound.missing(path)
    doc = read_document(path, settings.extract, password=password,
                        header_matcher=register_header_matcher(settings.normalize))
    result = FileResult(source_file=path.name, pages=doc.n_pages, ocr_pages=doc.ocr_pages)
    for code, message in dict.fromkeys(doc.warnings):  # once each, in the order met
        result.problems.append(Problem(path.name, None, "warning", code, message))
    tables = assemble_tables(doc, settings.normalize)
    vor = [t for t in tables if t.kind == "vor"]
    ikp = [t for t in tables if t.kind == "ikp"]
    if not vor and not ikp:
        scanned = (f" {doc.ocr_pages} of its {doc.n_pages} pages were images read by OCR: a scan too "
                   "coarse or faint (under 200 dpi) may hide its table; scan it again at 300 dpi."
                   if doc.ocr_pages else "")
        raise NoRegisterTable("No risk register table was found: no table has the columns of a "
                              "väsentlighets- och riskanalys or an internkontrollplan "
                              "(Oönskad händelse with Sannolikhet/Konsekvens, or Kontrollaktivitet)."
                              + scanned + f" Run 'riskreg debug {path.name}' to see what was read.")
    for table in tables:
        result.problems.extend(check_read_whole(table, path.name))
        result.problems.extend(check_unknown_columns(table, path.name))
        result.problems.extend(Problem(path.name, page, "warning", code, message)
                               for page, code, message in table.doubts)
    row_controls: list[tuple[Control, int]] = []  # a combined register's: (control, its risk)
    legend = read_legend([line.text for line in doc.lines], legend_rows(doc, settings.normalize))
    not_product: set[int] = set()
    inferred: set[int] = set()
    for table in vor:
        first = len(result.risks)
        first_nr = max((r.risk_nr for r in result.risks if r.risk_nr is not None), default=0) + 1
        risks = build_risks(table, path.name, result.problems, first_nr=first_nr, score_words=legend.words)
        mark_ocr_rows(table, risks, path.name, settings.extract.ocr_low_confidence, result.problems)
        product, guessed = apply_scale(table, risks, legend)
        span = set(range(first, first + len(risks)))
        not_product |= set() if product else span
        inferred |= span if guessed else set()
        result.risks.extend(risks)
        row_controls += [(c, first + i) for c, i in build_row_controls(table, risks, path.name)]
    for table in ikp:
        rows = build_controls(table, path.name)
        mark_ocr_rows(table, rows, path.name, settings.extract.ocr_low_confidence, result.problems)
        result.controls.extend(rows)
    result.problems.extend(damage_problems(path, password, vor, ikp, bool(result.risks)))
    links = link_controls(result.risks, result.controls, settings.link)
    controlled = set(links.values()) | {i for _, i in row_controls}
    flag_risks(result.risks, controlled, has_control_plan=bool(ikp) or any(has_controls(t.columns) for t in vor),
               not_product=frozenset(not_product))
    for i in sorted(inferred):
        result.risks[i].flags = ";".join(f for f in (result.risks[i].flags, "scale_inferred") if f)
    audit = audit_words(doc, tables, path.name, settings.normalize)
    result.problems.extend(audit.problems)
    result.register_words, result.words_accounted = audit.register_words, audit.words_accounted
    result.uncertain_cells = audit.uncertain_cells
    for ci, control in enumerate(result.controls):
        if ci not in links:
            result.problems.append(Problem(
                source_file=path.name, page=control.page, severity="warning", code="control_not_linked",
                message=f"The control for {control.event!r} matches no risk of the VoR well enough "
                        f"(best score {control.link_score}); its risk_nr is left empty."))
    result.controls[:0] = [c for c, _ in row_controls]  # linked already: they share the risk's row
    texts = [line.text for line in doc.lines if line.page <= 3] or [line.text for line in doc.lines]
    organisation = find_organisation(texts) or find_organisation([line.text for line in doc.lines])
    year = find_year([line.text for line in doc.lines], path.name)
    if organisation is None:
        result.problems.append(Problem(path.name, None, "warning", "organisation_not_found",
                                       "The document does not name its nämnd; organisation is empty."))
    for row in [*result.risks, *result.controls]:
        row.organisation, row.year = organisation, year
    return result


def damage_problems(path: Path, password: str | None, vor: list, ikp: list, has_risks: bool) -> list[Problem]:
    """damaged_page problems: pages whose content qpdf cannot decode whole, and a control plan
    read without the VoR it controls (its pages are damaged, or not read)."""
    by_reason: dict[str, list[int]] = {}
    for page, why in damaged_pages(path, password).items():  # a shared font: one row, its pages
        by_reason.setdefault(why, []).append(page)
    out = [Problem(path.name, pages[0], "error", "damaged_page",
                   f"{_pages_text(pages)} of the PDF {'is' if len(pages) == 1 else 'are'} damaged: {why}. "
                   "What it prints may be missing from the register; fetch the file again.")
           for why, pages in sorted(by_reason.items(), key=lambda item: item[1])]
    if ikp and not has_risks and not vor:
        page = min(p for t in ikp for p in t.pages)
        out.append(Problem(path.name, page, "error", "damaged_page",
                           f"The control plan from page {page} on was read, but no row of a "
                           "väsentlighets- och riskanalys was found before it: if the document has one, "
                           "its pages are damaged or were not read. Open the PDF to check."))
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
              debug: bool = False) -> FileResult:
    """extract_file that never raises for the file's own failure: it becomes the result's problem."""
    path = Path(path)

    def failed(code: str, message: str, page: int | None = None) -> FileResult:
        return FileResult(source_file=path.name, problems=[Problem(path.name, page, "error", code, message)])

    try:
        return extract_file(path, settings, password=password)
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
