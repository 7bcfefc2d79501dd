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

import pandas as pd

from .errors import NotFound, RiskregError
from .extract import ExtractSettings, read_document
from .extract.document import page_origins
from .extract.integrity import damaged_pages
from .i18n import _, ngettext, speaks
from .match import LinkSettings, link_controls
from .normalize import (NormalizeSettings, find_date, find_dnr, find_organisation, find_title, find_year,
                        flag_risks)
from .normalize.document import RisksRead, normalize_document, register_header_matcher, titles_in_tables
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
    hidden_chars: int | None = None  # characters not printed, dropped before any table was read
    structure_agrees: bool | None = None  # its structure tree's tables are the tables read (tagged PDFs)
    template: str | None = None  # the template(s) its register tables were read with (files.csv)

    def summary(self, reader: str) -> FileSummary:
        """The file's row of files.csv."""
        return file_summary(self.source_file, self.pages, len(self.risks), len(self.controls),
                            self.register_words, self.words_accounted, self.uncertain_cells, reader,
                            self.template, self.hidden_chars, self.structure_agrees)


def file_summary(source_file: str, pages: int, risks: int, controls: int, register_words: int | None,
                 words_accounted: int | None, uncertain_cells: int | None, reader: str,
                 template: str | None = None, hidden_chars: int | None = None,
                 structure_agrees: bool | None = None) -> FileSummary:
    """A row of files.csv; coverage is words_accounted / register_words (1.0 for a file whose
    register pages print no table word, empty when the file was not read)."""
    coverage = None
    if register_words is not None and words_accounted is not None:
        coverage = round(words_accounted / register_words, 4) if register_words else 1.0
    return FileSummary(source_file=source_file, pages=pages, risks=risks, controls=controls,
                       register_words=register_words, words_accounted=words_accounted,
                       coverage=coverage, uncertain_cells=uncertain_cells, reader=reader,
                       template=template, hidden_chars=hidden_chars, structure_agrees=structure_agrees)


@dataclass
class Register:
    """A run's result as DataFrames of the register schema; ``files`` has one row per input file."""

    risks: pd.DataFrame
    controls: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame = field(default_factory=lambda: empty_frame(FileSummary))


@speaks
def extract_file(path: str | Path, settings: Settings | None = None,
                 password: str | None = None, debug: bool = False,
                 source: str | None = None) -> FileResult:
    """Read one PDF into risks and controls, named ``source`` (default: its file name). Raises a
    RiskregError when it cannot. Its messages are in ``lang`` (sv or en; default: the active language).

    A table that cannot be read is a table_unreadable problem (``debug``: with its traceback)."""
    settings = Settings.resolve(settings)
    path = Path(path)
    source = source or path.name  # the batch names a document by its path below the folder given
    if not path.is_file():
        raise NotFound.missing(path)
    doc = read_document(path, settings.extract, password=password,
                        header_matcher=register_header_matcher(settings.normalize))
    read = normalize_document(doc, settings.normalize, source, settings.extract.ocr_low_confidence, debug)
    result = FileResult(source_file=source, pages=doc.n_pages, ocr_pages=doc.ocr_pages,
                        risks=read.risks.rows, controls=read.controls, problems=read.problems,
                        template=read.template, hidden_chars=doc.hidden_chars,
                        structure_agrees=doc.structure_agrees)
    result.problems += damage_problems(path, password, read.vor, read.ikp, bool(result.risks), source)
    links = link_and_flag(result.risks, result.controls, read.risks, read.has_control_plan, settings.link)
    add_word_audit(result, read.audit)
    result.problems += unlinked_controls(result.controls, links, source)
    result.controls[:0] = [c for c, _ in read.risks.row_controls]  # linked already: they share the risk's row
    stamp_organisation_and_year(doc, [*result.risks, *result.controls], source, result.problems,
                                titles_in_tables(doc, settings.normalize))
    to_shown_frame([*result.risks, *result.controls], doc.origins if doc.origins is not None
                   else page_origins(path, password))
    return result


def to_shown_frame(rows: list, origins: dict[int, tuple[float, float]]) -> None:
    """Each row's box measured from the top left of its page as a viewer shows it (the crop box),
    not from the user space's origin the content is drawn in."""
    for row in rows:
        dx, dy = origins.get(row.page, (0.0, 0.0))
        if row.x0 is not None and (dx or dy):
            row.x0, row.x1 = round(row.x0 - dx, 2), round(row.x1 - dx, 2)
            row.top, row.bottom = round(row.top - dy, 2), round(row.bottom - dy, 2)


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
                    message=_("The control for {event} matches no risk of the VoR well enough (best score "
                              "{score}); its risk_nr is left empty.").format(event=repr(control.event),
                                                                             score=control.link_score))
            for ci, control in enumerate(controls) if ci not in links]


def stamp_organisation_and_year(doc, rows: list, source: str, problems: list[Problem],
                                titles: list[str] = ()) -> None:
    """Every row gets the nämnd (looked for on the first pages, then anywhere, then in the title
    rows a table's grid holds above its header), the year the document names, its diarienummer,
    title (first pages) and date where printed;
    organisation_not_found when it names no nämnd."""
    texts = [line.text for line in doc.lines if line.page <= 3] or [line.text for line in doc.lines]
    organisation = (find_organisation(texts) or find_organisation([line.text for line in doc.lines])
                    or find_organisation(list(titles)))
    year = find_year([line.text for line in doc.lines], source)
    if organisation is None:
        problems.append(Problem(source, None, "warning", "organisation_not_found",
                                _("The document does not name its nämnd; organisation is empty.")))
    everywhere = [line.text for line in doc.lines]
    dnr, title, date = find_dnr(everywhere), find_title(texts), find_date(everywhere)
    for row in rows:
        row.organisation, row.year = organisation, year
        row.dnr, row.document_title, row.document_date = dnr, title, date


def damage_problems(path: Path, password: str | None, vor: list, ikp: list, has_risks: bool,
                    source: str | None = None) -> list[Problem]:
    """damaged_page problems: pages whose content qpdf cannot decode whole; and vor_not_found, a
    control plan read without a VoR before it (published alone, or the VoR's pages damaged or not read)."""
    source = source or path.name
    by_reason: dict[str, list[int]] = {}
    for page, why in damaged_pages(path, password).items():  # a shared font: one row, its pages
        by_reason.setdefault(why, []).append(page)
    out = [Problem(source, pages[0], "error", "damaged_page",
                   ngettext("{pages} of the PDF is damaged: {why}. What it prints may be missing from the "
                            "register; fetch the file again.",
                            "{pages} of the PDF are damaged: {why}. What it prints may be missing from the "
                            "register; fetch the file again.", len(pages)).format(pages=_pages_text(pages), why=why))
           for why, pages in sorted(by_reason.items(), key=lambda item: item[1])]
    if ikp and not has_risks and not vor:
        page = min(p for t in ikp for p in t.pages)
        out.append(Problem(source, page, "warning", "vor_not_found",
                           _("The control plan from page {page} on was read, but no row of a väsentlighets- och "
                             "riskanalys was found in the file: a plan published on its own has none; if this "
                             "document has one, its pages are damaged or were not read. Open the PDF to check.")
                           .format(page=page)))
    return out


def _pages_text(pages: list[int]) -> str:
    if len(pages) == 1:
        return _("Page {page}").format(page=pages[0])
    return _("Pages {pages} and {last}").format(pages=", ".join(map(str, pages[:-1])), last=pages[-1])


@speaks
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
        return failed("out_of_memory", _("Reading the file needed more memory than a worker may use (--max-memory); "
                                         "it was given up. Run it alone with more memory."))
    except Exception as exc:  # a bug of ours must not stop the batch
        message = _("riskreg failed on this file ({error}). Please report it.").format(
            error=f"{type(exc).__name__}: {exc}")
        if debug:
            message += "\n" + traceback.format_exc()
        return failed("internal_error", message)


def file_year(name: str) -> int | None:
    m = re.search(r"(20\d\d)", name)
    return int(m.group(1)) if m else None
