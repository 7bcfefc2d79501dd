"""Every problem code riskreg gives, defined once: its severity and what it means in plain words.

``Problem`` rows and ``RiskregError`` classes take their codes from here and are
checked against it (an unknown code is a bug of riskreg's, raised at once); the
table of codes in docs/problems.md is generated from it (``python -m riskreg.docs problems``)
and a test fails when the two drift.
"""
from __future__ import annotations

from dataclasses import dataclass

from .i18n import _

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class ProblemCode:
    """One code: the severities it is given with, and its meaning for docs/problems.md."""

    code: str
    severities: tuple[str, ...]
    meaning: str
    #: a table may have been read wrongly: the row names ``riskreg debug`` on the file and page,
    #: whose pictures show the tables as read (see ``debug_hint``)
    debug: bool = False


CODES: dict[str, ProblemCode] = {c.code: c for c in [
    # a file not read: one row for the file, the rest of the run goes on
    ProblemCode("not_found", (ERROR,), "there is no such file (a path given that ends in .pdf)"),
    ProblemCode("no_pdf_found", (ERROR,), "a path given holds no PDF: an empty folder, a folder without *.pdf "
                                          "files, or a path that does not exist (a mistyped folder?); names "
                                          "the path, and the other paths are still read"),
    ProblemCode("not_a_pdf", (ERROR,), "the file is no PDF, whatever its name says"),
    ProblemCode("empty_file", (ERROR,), "0 bytes"),
    ProblemCode("damaged_pdf", (ERROR,), "damaged or truncated: the PDF reader cannot read it"),
    ProblemCode("encrypted_pdf", (ERROR,), "password-protected: run again with `--password`"),
    ProblemCode("no_text_layer", (ERROR,), "pages are images (a scan) and OCR was turned off (`--ocr never`)"),
    ProblemCode("ocr_unavailable", (ERROR,), "pages are images and need OCR, but Tesseract, its Swedish data, "
                                              "tesserocr or OpenCV is not installed; names the one missing and "
                                              "the command that installs it"),
    ProblemCode("engine_unavailable", (ERROR,), "`--engine camelot` was chosen but camelot (camelot-py) is not "
                                                "installed or does not load; names the command that installs it"),
    ProblemCode("no_register_table", (ERROR,), "no table has the columns of a VoR or control plan", debug=True),
    ProblemCode("timeout", (ERROR,), "the file took longer than `--timeout` seconds"),
    ProblemCode("out_of_memory", (ERROR,), "the file needed more than `--max-memory` MB in its worker"),
    ProblemCode("not_found_on_worker", (ERROR,), "`--scheduler`: the Dask worker named cannot see a file this "
                                                 "machine can (the workers need the files at the same path)"),
    ProblemCode("worker_crashed", (ERROR,), "the worker process died on this file (the others are retried)"),
    ProblemCode("internal_error", (ERROR,), "a bug of riskreg's (`--debug` adds the traceback): please report it"),
    # read, but check
    ProblemCode("table_not_read_whole", (ERROR, WARNING),
                "error: a register table with a header but no rows; warning: a row without an event, or "
                "a table's first row without the goal (process) the merged cell above it holds; names the page",
                debug=True),
    ProblemCode("table_unreadable", (ERROR,),
                "a table (or a page's table finding) raised while being read or assembled; names the page "
                "and the table and says why (`--debug` adds the traceback): its rows are missing, every other "
                "table of the file is read", debug=True),
    ProblemCode("damaged_page", (ERROR,),
                "a page whose content, fonts or drawn forms cannot be decoded whole (qpdf, through pikepdf, "
                "says so, a compressed stream's checksum is wrong, or a font lacks the descriptor it needs); "
                "names the page(s): what they print may "
                "be missing"),
    ProblemCode("vor_not_found", (WARNING,),
                "a control plan was read but no row of a VoR in the same file: a plan published on its own has "
                "none, otherwise the VoR's pages are damaged or were not read; names the plan's first page",
                debug=True),
    ProblemCode("text_not_in_register", (WARNING,),
                "words printed in a table (or in a register table's columns) on a register page that the "
                "register does not hold, or holds twice, or holds in two pieces where the document prints the "
                "word whole; names the page and quotes the words (see *Nothing lost in silence*)", debug=True),
    ProblemCode("structure_disagrees", (WARNING,),
                "a tagged PDF's structure tree (its tagging for accessibility) holds a table otherwise than "
                "riskreg read it from the page's lines: other rows, columns, merged cells or a cell's text; "
                "names the page and the first difference (files.csv's structure_agrees is false)", debug=True),
    ProblemCode("unknown_columns", (WARNING,), "a register table has columns no template names; their text is "
                                                "kept in each row's `extra` column (a template of your own, "
                                                "`--template`, can name them)", debug=True),
    ProblemCode("columns_inferred", (WARNING,), "a register table's header names too few columns for any "
                                                 "template: its columns were typed by what their cells hold "
                                                 "(scores, numbers, marks, sentences, names); the message names "
                                                 "each column's role and the columns left untyped (a template "
                                                 "of your own, `--template`, names them for sure)", debug=True),
    ProblemCode("goal_break_uncertain", (WARNING,),
                "a goal at the top of a page may be the rest of the goal above or a goal of its own; "
                "says which was chosen and names the page", debug=True),
    ProblemCode("score_unreadable", (WARNING,), "a probability or consequence cell is not a score (nor a word "
                                                 "the legend scores); kept as text in the label column", debug=True),
    ProblemCode("risk_nr_unreadable", (WARNING,), "the Nr cell is not a number; risk_nr is left empty", debug=True),
    ProblemCode("risk_nr_doubtful", (WARNING,), "a risk number read by OCR breaks the document's sequence "
                                                 "(read twice, or not between the numbers around it: 172 in "
                                                 "a 91-risk register); names the page, kept as read"),
    ProblemCode("risk_value_unreadable", (WARNING,), "the risk value cell is not a number; risk_value is left "
                                                      "empty", debug=True),
    ProblemCode("control_not_linked", (WARNING,), "a control of the control plan matches no risk of the VoR well "
                                                   "enough; its risk_nr is left empty"),
    ProblemCode("organisation_not_found", (WARNING,), "the document does not name its nämnd; organisation is "
                                                       "empty"),
    ProblemCode("ocr_low_confidence", (WARNING,), "a row read by OCR has cells Tesseract is unsure of (below 50 of "
                                                   "100); names the page and the columns to check against the scan"),
    ProblemCode("text_off_page", (WARNING,), "text runs past the page's edge (a table wider than the page): "
                                              "the characters off the page are not read, so the cells at that "
                                              "edge may hold only part of their text; names the page"),
    ProblemCode("font_unreadable", (WARNING,), "a font's description cannot be read; its characters may sit a "
                                                "little low (check the cells' last lines, or use `--reader "
                                                "pdfminer`)"),
    ProblemCode("file_changed", (WARNING,), "`--resume`: the file's content changed since the earlier run under "
                                             "that path; it was read again"),
    ProblemCode("duplicate_file", (WARNING,), "the same content under two paths (a copy): read once, under "
                                               "the first path; the message names both. `compare`, `history`: "
                                               "two documents holding the same register (every risk and control "
                                               "alike: a copy, or a ruled and an unruled rendering) are counted "
                                               "once, under the name that sorts first"),
    ProblemCode("several_documents", (WARNING,), "`compare`, `history`: one organisation and year has risks from "
                                                  "several files, counted together"),
    ProblemCode("given_twice", (WARNING,), "`compare`, `history`: the same document (file name, organisation and "
                                            "year) was given more than once; it is read once"),
    ProblemCode("pairing_uncertain", (WARNING,), "`diff`, `history`: a place between two paired risks holds "
                                                  "two or more unpaired candidates for one risk (same process and "
                                                  "working method, texts unlike); none is paired, the message "
                                                  "names them and the place"),
    ProblemCode("no_year", (WARNING,), "`history`: a document names no plan year (neither in its text nor its "
                                        "file name); its risks are left out of the history"),
    # the inputs of diff and compare, and the run itself (a message and exit code 1, no problem row)
    ProblemCode("not_a_register", (ERROR,), "`diff`/`compare`: an input is neither PDFs nor a register written "
                                             "by `riskreg extract`"),
    ProblemCode("not_one_document", (ERROR,), "`diff`: an input holds no risks, or the risks of several "
                                               "documents"),
    ProblemCode("bad_alias_table", (ERROR,), "`history`: the table of organisation aliases cannot be read or "
                                              "lacks its columns; the message says which"),
    ProblemCode("bad_template", (ERROR,), "a template file (`--template`) cannot be read or names what riskreg "
                                           "does not know; the message says what"),
    ProblemCode("error", (ERROR,), "the run itself cannot go on (e.g. the Dask scheduler cannot be reached); "
                                   "the message says why"),
]}


def debug_hint(code: str, source_file: str, page: int | None, message: str) -> str:
    """``message`` with "Run 'riskreg debug FILE --pages N' to see what was read." added, for a code
    about a table read wrongly (``debug=True``) whose message does not name the command yet."""
    known = CODES.get(code)
    if known is None or not known.debug or "riskreg debug" in message:
        return message
    pages = f" --pages {page}" if page else ""
    return f"{message.rstrip()} " + _("Run 'riskreg debug {source}{pages}' to see what was read.").format(
        source=source_file, pages=pages)


def check(code: str, severity: str | None = None) -> ProblemCode:
    """The registered code; a ValueError for a code or severity the registry does not hold."""
    known = CODES.get(code)
    if known is None:
        raise ValueError(f"problem code {code!r} is not in riskreg.problems.CODES: register it there")
    if severity is not None and severity not in known.severities:
        raise ValueError(f"problem code {code!r} is registered as {'/'.join(known.severities)}, "
                         f"not {severity!r}")
    return known
