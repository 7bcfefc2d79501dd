"""The normalize stage's one entry point: a Document read from a PDF -> its register rows.

``normalize_document`` runs the stage's steps in the order docs/reading.md names: the
tables assembled into logical register tables (page breaks joined, merged cells
filled), the VoR and control-plan tables told apart, their rows built and their
scores parsed (the scale read from the legend or the header), then the word
audit. It gives the rows with every problem the steps found; linking the
controls to their risks and flagging the risks come after it (``riskreg.match``).
"""
from __future__ import annotations

import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..errors import NoRegisterTable, RiskregError
from ..extract import Document
from ..i18n import _, ngettext
from ..schema import Control, Problem, Risk
from .audit import Audit, audit_words
from .headers import (has_controls, header_template, match_header_row, table_kind, template_readers,
                      template_records)
from .infer import columns_inferred, complete_risks, template_names
from .logical import LogicalTable
from .register import build_controls, build_risks, build_row_controls
from .scales import apply_scale, read_legend
from .sequence import doubtful_numbers
from .settings import NormalizeSettings
from .pieces import words_in_pieces
from .stitch import assemble_tables, header_rows
from .page_break import join_ocr_fragments
from .validate import check_merged_start, check_read_whole, check_unknown_columns


@dataclass
class NormalizedDocument:
    """What the normalize stage made of one document."""

    tables: list[LogicalTable]
    vor: list[LogicalTable]
    ikp: list[LogicalTable]
    risks: "RisksRead"
    controls: list[Control]
    problems: list[Problem]
    audit: Audit
    template: str | None = None  # the template(s) its register tables were read with (files.csv)

    @property
    def has_control_plan(self) -> bool:
        """A control plan was read, or the VoR's own columns hold controls."""
        return bool(self.ikp) or any(has_controls(t.columns) for t in self.vor)


def normalize_document(doc: Document, settings: NormalizeSettings, source: str,
                       ocr_low_confidence: float, debug: bool = False) -> NormalizedDocument:
    """The register rows of ``doc``, named ``source``. A table that raises is a table_unreadable
    error (``debug``: with its traceback) and the others are read; NoRegisterTable when the
    document holds no register table at all."""
    problems = reader_warnings(doc, source)
    tables = assemble_tables(doc, settings)
    for table in tables:
        if table.kind == "vor":
            join_ocr_fragments(table)
    problems += unreadable_tables(doc.failures, source, debug)
    vor, ikp = register_tables(tables, doc, source)
    problems += table_problems(tables, source) + words_in_pieces(doc, tables, source, settings)
    legend = read_legend([line.text for line in doc.lines], legend_rows(doc, settings))
    risks = read_risks(vor, legend, source, ocr_low_confidence, problems, debug)
    controls = read_controls(ikp, source, ocr_low_confidence, problems, debug)
    problems += doubtful_numbers(risks.rows, source, settings.sequence_in_order, settings.sequence_end_step)
    return NormalizedDocument(tables, vor, ikp, risks, controls, problems,
                              audit_words(doc, tables, source, settings), template_names([*vor, *ikp]))


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
    match.readers = template_readers(settings.templates)  # read by extract.read_document
    match.records = template_records(settings.templates)  # read by the records reader
    return match


def legend_rows(doc, settings: NormalizeSettings) -> list[list[str]]:
    """The rows of a document's tables that are no register table (legends, summaries)."""
    rows = []
    for table in doc.tables:
        if table_kind(header_rows(table, settings)[1]) is None:
            rows += [[c.text if c is not None else "" for c in row] for row in table.grid()]
    return rows


def titles_in_tables(doc, settings: NormalizeSettings, pages: int = 3) -> list[str]:
    """The texts of the rows above a register table's header on the first ``pages`` pages: a
    spreadsheet printed with its gridlines draws its title rows into the table's grid."""
    texts = []
    for table in doc.tables:
        skip, mapping = header_rows(table, settings)
        if table.page <= pages and skip > 1 and table_kind(mapping) is not None:
            texts += [c.text for row in table.grid()[:skip - 1] for c in row if c is not None and c.text]
    return texts


def reader_warnings(doc, source: str) -> list[Problem]:
    """The reader's warnings about the document, once each, in the order met (with their page
    when they name one)."""
    return [Problem(source, page[0] if page else None, "warning", code, message)
            for code, message, *page in dict.fromkeys(doc.warnings)]


def unreadable_tables(failures: list, source: str, debug: bool = False) -> list[Problem]:
    """A table_unreadable error for each table (or page's table finding) that raised."""
    return [unreadable(source, f.page, f"{f.where()[0].upper()}{f.where()[1:]}", f.reason,
                       f.trace if debug else "") for f in failures]


def unreadable(source: str, page: int, what: str, reason: str, trace: str = "") -> Problem:
    """A table_unreadable error naming the page and the table, the traceback after it when given."""
    message = _("{what} could not be read ({reason}); its rows are missing from the register, every other table "
                "of the file was read. Run 'riskreg debug {source} --pages {page}' to see what was read, and "
                "please report it.").format(what=what, reason=reason, source=source, page=page)
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
        kind = _("control plan") if table.kind == "ikp" else "VoR"
        what = (_("The {kind} table on page {page}").format(kind=kind, page=pages[0]) if len(pages) == 1 else
                _("The {kind} table on pages {first}-{last}").format(kind=kind, first=pages[0], last=pages[-1]))
        problems.append(unreadable(source, pages[0], what, f"{type(exc).__name__}: {exc}",
                                   traceback.format_exc() if debug else ""))


def register_tables(tables: list, doc, source: str) -> tuple[list, list]:
    """The VoR tables and the control-plan tables; NoRegisterTable when there is neither and no
    table failed (a file whose tables all raised says so in its table_unreadable rows)."""
    vor = [t for t in tables if t.kind == "vor"]
    ikp = [t for t in tables if t.kind == "ikp"]
    if not vor and not ikp and not doc.failures:
        scanned = (" " + _("{ocr} of its {pages} pages were images read by OCR: a scan too coarse or faint (under "
                           "200 dpi) may hide its table; scan it again at 300 dpi.")
                   .format(ocr=doc.ocr_pages, pages=doc.n_pages) if doc.ocr_pages else "")
        raise NoRegisterTable(_("No risk register table was found: no table has the columns of a väsentlighets- "
                                "och riskanalys or an internkontrollplan (Oönskad händelse with "
                                "Sannolikhet/Konsekvens, or Kontrollaktivitet).{scanned} Run 'riskreg debug "
                                "{source}' to see what was read.").format(scanned=scanned, source=source))
    return vor, ikp


def table_problems(tables: list, source: str) -> list[Problem]:
    """What each table says about itself: not read whole, columns unknown, doubts of its joining."""
    problems: list[Problem] = []
    for table in tables:
        problems.extend(check_read_whole(table, source))
        problems.extend(check_unknown_columns(table, source))
        problems.extend(columns_inferred(table, source))
        problems.extend(Problem(source, page, "warning", code, message) for page, code, message in table.doubts)
    return problems + check_merged_start(tables, source)


@dataclass
class RisksRead:
    """The VoR tables' risks, the controls printed in their rows (each with its risk's index),
    and the indexes of the risks whose value is no product of the scores or whose scale was guessed."""

    rows: list[Risk] = field(default_factory=list)
    row_controls: list[tuple[Control, int]] = field(default_factory=list)
    not_product: set[int] = field(default_factory=set)
    inferred: set[int] = field(default_factory=set)


def read_risks(vor: list, legend, source: str, ocr_low_confidence: float, problems: list[Problem],
               debug: bool = False) -> RisksRead:
    """The risks of the VoR tables, numbered on from the table before, their scale applied; a
    table that raises is a table_unreadable error and the others are read."""
    read = RisksRead()
    for table in vor:
        with _contained(table, source, problems, debug):
            first = len(read.rows)
            first_nr = max((r.risk_nr for r in read.rows if r.risk_nr is not None), default=0) + 1
            risks = build_risks(table, source, problems, first_nr=first_nr, score_words=legend.words)
            mark_ocr_rows(table, risks, source, ocr_low_confidence, problems)
            product, guessed = apply_scale(table, risks, legend)
            complete_risks(table, risks)
            row_controls = [(c, first + i) for c, i in build_row_controls(table, risks, source)]
            span = set(range(first, first + len(risks)))  # nothing is kept until the table is read
            read.not_product |= set() if product else span
            read.inferred |= span if guessed else set()
            read.rows.extend(risks)
            read.row_controls += row_controls
    return read


def read_controls(ikp: list, source: str, ocr_low_confidence: float, problems: list[Problem],
                  debug: bool = False) -> list[Control]:
    """The controls of the control-plan tables; a table that raises is a table_unreadable error."""
    controls: list[Control] = []
    for table in ikp:
        with _contained(table, source, problems, debug):
            rows = build_controls(table, source)
            mark_ocr_rows(table, rows, source, ocr_low_confidence, problems)
            controls.extend(rows)
    return controls


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
                ngettext("OCR is unsure of the {columns} cell of the row on page {page} (confidence {confidence} "
                         "of 100); check them against the scan.",
                         "OCR is unsure of the {columns} cells of the row on page {page} (confidence {confidence} "
                         "of 100); check them against the scan.", len(low))
                .format(columns=", ".join(low), page=logical.page, confidence=int(min(read[n] for n in low)))))

