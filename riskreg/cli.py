"""The command line: a thin layer over riskreg's Python API."""
from __future__ import annotations

import sys

import click

from .batch import BatchSettings, extract_register
from .cli_options import _finish, _run_settings, _stages, settings_options, template_option
from .cli_summary import ProgressBar, coverage_text, file_counts
from .compare import CompareSettings, compare_registers, write_compare
from .diff import DiffSettings, diff_registers, write_diff
from .errors import RiskregError
from .cli_lang import lang_option
from .i18n import _
from .history import HistorySettings, follow_risks as follow, write_history
from .inputs import find_documents
from .yearly import ReportSettings, report_registers, write_report
from .match.pairing import PairSettings
from .scales import Levels
from .report.debug import debug_document, parse_pages
from .templates import list_templates
from .write import FORMATS, write_register
from .write.sqlite import write_sqlite


@click.group()
@click.version_option(package_name="riskreg")
def cli():
    """riskreg: Swedish municipal risk documents (VoR, internkontrollplan) -> clean data."""




excel_csv_option = click.option(
    "--excel-csv", is_flag=True,
    help="CSV for Swedish Excel: UTF-8 with a byte-order mark, ';' between cells, decimal comma.")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write risks, controls and problems into.")
@click.option("--format", "fmt", type=click.Choice(["both", *FORMATS, "sqlite"]), default="both", show_default=True,
              help="Write CSV, Parquet, both, an Excel workbook (register.xlsx), or a SQLite database "
                   "(register.db, with metadata.json for Datasette).")
@excel_csv_option
@click.option("--workers", type=click.IntRange(0), default=0, show_default="one per core",
              help="Worker processes reading files in parallel.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds one file may take before it is given up (a 'timeout' problem).")
@click.option("--max-memory", type=click.IntRange(64), default=8192, show_default=True,
              help="Megabytes one worker may use; a file needing more is given up ('out_of_memory').")
@click.option("--resume", is_flag=True,
              help="Keep the files already read into DIR (by content) and read only the rest.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run the per-file work on a Dask distributed cluster (tcp://host:8786).")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@click.option("--engine", type=click.Choice(["pdfplumber", "camelot"]), default="pdfplumber",
              show_default=True, help="Table finder for ruled tables (camelot: its lattice mode).")
@click.option("--reader", type=click.Choice(["pdfium", "pdfminer"]), default="pdfium", show_default=True,
              help="What reads characters and lines: pdfium (fast) or pdfminer (pdfplumber's own).")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Read pages by OCR (Tesseract): auto = scanned pages, and OCR layers without drawn lines.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when writing to a terminal).")
@template_option
@settings_options
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@lang_option
def extract(paths, out_dir, fmt, excel_csv, workers, timeout, max_memory, resume, scheduler, password, engine,
            reader, ocr, progress, template_files, settings_file, assignments, debug):
    """Convert PDFs (files or folders, searched for *.pdf) into a risk register.

    Writes DIR/risks.csv, risks.parquet, controls.csv, controls.parquet,
    problems.csv (one row per file or table that could not be read, and why)
    and files.csv (one row per file: risks, controls, and the share of the
    words printed in its register's tables that the register holds). A file
    found in a folder is named by its path below the folder (2020/vor.pdf); a
    copy is read once; a path holding no PDF is an error (no_pdf_found).
    Files are read in parallel; the outputs are the same whatever the number
    of workers. Exit code 0 when every file was read, 1 when some were not
    (the others are still written), 2 for a usage error.

    \b
    Example:
        riskreg extract samples/ --out output/
        riskreg extract archive/ --out reg --workers 4 --timeout 300 --resume
        riskreg extract archive/2020/*.pdf --out reg2020 --format xlsx
        riskreg extract report.pdf --engine camelot --out check/
        riskreg extract archive/ --out reg --format sqlite && datasette reg/register.db -m reg/metadata.json
        riskreg extract report.pdf --out check/ --settings ours.toml -s extract.edge_snap=2
    """
    settings = _run_settings(_stages(
        "extract", settings_file, assignments, template_files,
        extract={"engine": ("engine", engine), "reader": ("reader", reader), "ocr": ("ocr", ocr)}))
    batch_settings = BatchSettings(workers=workers, timeout=timeout, max_memory_mb=max_memory, scheduler=scheduler)
    show = progress if progress is not None else sys.stderr.isatty()
    with ProgressBar() as bar:
        try:
            register = extract_register(paths, settings, batch_settings, password=password, work_dir=out_dir,
                                        resume=resume, debug=debug,
                                        progress=bar.start if show else None)  # pages counted only for the bar
        except RiskregError as exc:
            raise click.ClickException(exc.message) from None
        except OSError as exc:
            raise click.ClickException(_("Could not write to {folder}: {why}.").format(
                folder=out_dir, why=exc.strerror or exc)) from None
    if fmt == "sqlite":
        written = write_sqlite(register, out_dir)
    else:
        formats = ("csv", "parquet") if fmt == "both" else (fmt,)
        sources = {name: path for path, name in find_documents(paths).found}  # the rows' links to their PDF
        written = write_register(register, out_dir, formats, excel_csv=excel_csv, sources=sources)
    errors = register.problems[register.problems["severity"] == "error"]
    warnings = len(register.problems) - len(errors)
    click.echo(_("{risks} risks and {controls} controls from {files}{coverage}. Wrote {n} files to {folder}.").format(
        risks=len(register.risks), controls=len(register.controls),
        files=file_counts(register.files, errors, warnings), coverage=coverage_text(register.files),
        n=len(written), folder=out_dir))
    for p in errors.to_dict("records"):
        click.echo(f"  {p['source_file']}: {p['message']}", err=True)
    sys.exit(1 if len(errors) else 0)


@cli.command()
@click.argument("old", type=click.Path(exists=True))
@click.argument("new", type=click.Path(exists=True))
@click.option("--out", "out_dir", default="diff", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write diff.csv and diff.html into.")
@click.option("--threshold", type=click.FloatRange(0, 100), default=PairSettings.threshold, show_default=True,
              help="Score (0-100) two risks need to count as the same risk; below it they are new/removed.")
@excel_csv_option
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@template_option
@settings_options
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@lang_option
def diff(old, new, out_dir, threshold, excel_csv, password, template_files, settings_file, assignments, debug):
    """Pair each risk of OLD with its counterpart in NEW and show what changed.

    OLD and NEW are each a PDF or a register written by 'riskreg extract' (its
    folder, risks.csv / risks.parquet, or register.xlsx). Writes DIR/diff.csv
    (one row per pair, new or removed risk), DIR/diff.html (a report for
    people), and the inputs' problems.csv and files.csv; diff.html and the
    summary name an input read short (coverage under 100 %, errors) and the
    pages to check before drawing a conclusion.

    \b
    Example:
        riskreg diff reg2020/ vor_2021.pdf --out diff/
        riskreg diff vor_2020.pdf vor_2021.pdf --threshold 75
        riskreg diff vor_2020.pdf vor_2021.pdf -s changes.moved_below=80
    """
    stages = _stages("diff", settings_file, assignments, template_files,
                     pair={"threshold": ("threshold", threshold)})
    settings = DiffSettings(pair=stages["pair"], changes=stages["changes"], extract=_run_settings(stages))
    result = _explained(lambda: diff_registers(old, new, settings=settings, password=password), debug)
    written = write_diff(result, out_dir, excel_csv)
    click.echo(result.summary())
    click.echo(_("Wrote {files} to {folder}.").format(files=", ".join(p.name for p in written), folder=out_dir))


def _explained(work, debug: bool):
    """Run ``work``; riskreg's own errors and bugs become a plain message (exit 1), no traceback."""
    try:
        return work()
    except RiskregError as exc:
        raise click.ClickException(exc.message) from None
    except click.ClickException:  # a usage error found while working (riskreg debug's --pages)
        raise
    except Exception as exc:
        if debug:
            raise
        raise click.ClickException(_("riskreg failed ({error}). Run again with --debug and please report "
                                     "it.").format(error=f"{type(exc).__name__}: {exc}")) from None


aliases_option = click.option(
    "--aliases", type=click.Path(exists=True, dir_okay=False), default=None,
    help="CSV of organisation names (name, organisation, code) added over the packaged alias table.")


def _levels(ctx, param, value):
    try:
        return Levels.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", "out_dir", default="compare", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write profile.csv, shared.csv, the matrices and compare.html into.")
@click.option("--levels", default="3,11", show_default=True, callback=_levels,
              help="Highest risk value of Låg and of Medium on the 1-5 scale (Kritisk above); scaled to "
                   "a 1-4 or 1-3 register's own scale.")
@aliases_option
@excel_csv_option
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@template_option
@settings_options
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@lang_option
def compare(inputs, out_dir, levels, aliases, excel_csv, password, template_files, settings_file, assignments,
            debug):
    """Compare the risk profiles of many nämnder and years.

    INPUTS are PDFs, folders of PDFs, or registers written by 'riskreg extract'
    (CSV, Parquet or register.xlsx).
    Rows are grouped by organisation (name variants and renamed districts
    joined by the alias table, as in 'riskreg history') and year; a document
    given twice, or a copy of one, is counted once. Writes DIR/profile.csv,
    movement.csv (year over year), shared.csv (risks several organisations
    name), matrix_<organisation>_<year>.png, matrices.png, compare.html, and
    the inputs' problems.csv and files.csv. compare.html and the summary
    name the inputs read short, and the pages to check. Exit code 0 when
    every input was read, 1 when some were not (the others are still
    compared), 2 for a usage error.

    \b
    Example:
        riskreg compare samples/ --out output/compare
        riskreg compare reg2020/ reg2021/ archive/farsta/ --levels 4,9
        riskreg compare archive/ --aliases names.csv
        riskreg compare samples/ --out output/compare -s shared.threshold=90
    """
    stages = _stages("compare", settings_file, assignments, template_files,
                     levels={"low_max": ("levels", levels.low_max), "medium_max": ("levels", levels.medium_max)})
    settings = CompareSettings(levels=stages["levels"], shared=stages["shared"], pair=stages["pair"],
                               aliases=aliases, extract=_run_settings(stages))
    result = _explained(lambda: compare_registers(list(inputs), settings=settings, password=password), debug)
    written = write_compare(result, out_dir, excel_csv)
    _finish(result, _("Wrote {n} files to {folder} (open compare.html).").format(n=len(written), folder=out_dir))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", "out_dir", default="history", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write history.csv and history.html into.")
@aliases_option
@click.option("--threshold", type=click.FloatRange(0, 100), default=PairSettings.threshold, show_default=True,
              help="Score (0-100) two risks need to count as the same risk (as in 'riskreg diff').")
@click.option("--format", "fmt", type=click.Choice(["csv", "sqlite"]), default="csv", show_default=True,
              help="sqlite: also DIR/register.db (risks, controls, problems, history) and metadata.json.")
@excel_csv_option
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@template_option
@settings_options
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@lang_option
def history(paths, out_dir, aliases, threshold, fmt, excel_csv, password, template_files, settings_file,
            assignments, debug):
    """Follow every risk over the years: one key per risk, its change each year.

    PATHS are PDFs, folders, or registers written by 'riskreg extract'
    (risks.csv / risks.parquet or their folder), several years of one or more
    organisations. Registers are grouped by organisation (name variants and
    renamed districts joined by the alias table) and ordered by year; the
    order of PATHS does not matter. Writes DIR/history.csv: one row per risk
    per year with its risk_key and its change from the key's previous year
    (new, unchanged, reworded, rescored, moved, ikp_in, ikp_out, returned),
    and a 'removed' row each time a key leaves; DIR/history.html, one row
    per risk and one column per year, with a search box; and the inputs'
    problems.csv and files.csv.

    \b
    Example:
        riskreg history samples/ --out output/history
        riskreg history reg2019/ reg2020/risks.parquet vor_2021.pdf --aliases names.csv
        riskreg history archive/ --out hist --format sqlite
        riskreg history archive/ --out hist --settings ours.toml
    """
    stages = _stages("history", settings_file, assignments, template_files,
                     pair={"threshold": ("threshold", threshold)})
    settings = HistorySettings(pair=stages["pair"], changes=stages["changes"], chain=stages["chain"],
                               aliases=aliases, extract=_run_settings(stages))
    result = _explained(lambda: follow(list(paths), settings=settings, password=password), debug)
    written = write_history(result, out_dir, excel_csv)
    if fmt == "sqlite":
        written += write_sqlite(result.register, out_dir, history=result.rows)
    _finish(result, _("Wrote {files} to {folder}.").format(files=", ".join(p.name for p in written), folder=out_dir))


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--out", "out_dir", default="report", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write index.html and a .html and .pdf per organisation and year into.")
@click.option("--levels", default="3,11", show_default=True, callback=_levels,
              help="Highest risk value of Låg and of Medium on the 1-5 scale (Kritisk above), as in 'riskreg compare'.")
@aliases_option
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@template_option
@settings_options
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@lang_option
def report(inputs, out_dir, levels, aliases, password, template_files, settings_file, assignments, debug):
    """Write one page per nämnd and year, as HTML and as PDF, to attach to a granskning.

    INPUTS are PDFs, folders of PDFs, or registers written by 'riskreg extract',
    read and grouped as 'riskreg compare' reads them. Each page gives the year's
    counts (risks per level, controls), its risk matrix, its ten highest risks,
    what changed since the organisation's previous year among the inputs (as
    'riskreg diff' pairs risks), and its inputs' coverage and problems. Writes
    DIR/<organisation>_<year>.html and .pdf, DIR/index.html listing them, and the
    inputs' problems.csv and files.csv. Exit code 0 when every input was read,
    1 when some were not (the others still get pages), 2 for a usage error.

    \b
    Example:
        riskreg report output/ -o output/report
        riskreg report samples/hagersten_liljeholmen_202*.pdf -o report/
        riskreg report archive/ --aliases names.csv --levels 4,9
    """
    stages = _stages("report", settings_file, assignments, template_files,
                     levels={"low_max": ("levels", levels.low_max), "medium_max": ("levels", levels.medium_max)})
    settings = ReportSettings(levels=stages["levels"], pair=stages["pair"], changes=stages["changes"],
                              aliases=aliases, extract=_run_settings(stages))
    result = _explained(lambda: report_registers(list(inputs), settings=settings, password=password), debug)
    written = write_report(result, out_dir)
    _finish(result, f"Wrote {len(written)} files to {out_dir} (open index.html).")


@cli.command()
@template_option
@click.option("--verbose", "-v", is_flag=True, help="Show each template's columns, anchors and merged cells.")
@lang_option
def templates(template_files, verbose):
    """List the templates riskreg reads registers with: yours (--template) first, then the built-in ones.

    A template (a TOML file) names each column's header wordings and the field it
    fills, the columns that start a row, the cells merged downwards, and which
    fields are the risk's and which its control's. docs/templates.md shows a complete one.

    \b
    Example:
        riskreg templates
        riskreg templates --template our_municipality.toml -v
    """
    for row in list_templates(template_files):
        click.echo(f"{row['name']:<24} {row['kind']:<9} {row['source']:<10} {row['title']}")
        if verbose:
            for key in ("columns", "anchors", "merged", "readers", "scores", "records"):
                if key != "records" or row[key]:  # a table's template has no records line
                    click.echo(f"    {key}: {row[key]}")


def _pages(ctx, param, value):
    try:
        return parse_pages(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command("debug", short_help="Draw the tables riskreg read on each page of a PDF (PNG + HTML).")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False))
@click.option("--pages", default=None, callback=_pages, metavar="2,3",
              help="Pages to draw (numbers and ranges: 2,3 or 2-4); default every page.")
@click.option("--out", "out_dir", default="debug", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write page-N.png and index.html into.")
@click.option("--resolution", type=click.FloatRange(30, 600), default=100, show_default=True,
              help="Dots per inch of the pictures.")
@click.option("--password", default=None, help="Password for an encrypted PDF.")
@click.option("--engine", type=click.Choice(["pdfplumber", "camelot"]), default="pdfplumber",
              show_default=True, help="Table finder for ruled tables, as in 'riskreg extract'.")
@click.option("--reader", type=click.Choice(["pdfium", "pdfminer"]), default="pdfium", show_default=True,
              help="What reads characters and lines, as in 'riskreg extract'.")
@template_option
@settings_options
@click.option("--debug", "show_traceback", is_flag=True, help="Show tracebacks of internal errors.")
@lang_option
def debug_command(pdf, pages, out_dir, resolution, password, engine, reader, template_files, settings_file,
                  assignments, show_traceback):
    """Draw what riskreg read on each page of PDF: the first thing to run when a register looks wrong.

    Writes one DIR/page-N.png per page with the cells of every table (ruled in
    blue; found without ruling lines in orange, with column edges and row
    starts), the header row and the column each header cell was read as, rows
    joined across a page break, merged cells carried back to the page before,
    tables ignored with the reason, and in red the words the word audit
    (files.csv) could not account for; DIR/index.html lists each page's tables.

    \b
    Example:
        riskreg debug samples/enskede_2023_ruled.pdf --pages 1,2 --out debug/
        riskreg debug report.pdf --out debug/ --reader pdfminer
        riskreg debug report.pdf --out debug/ -s extract.unruled_row_gap=0.8
    """
    settings = _run_settings(_stages(
        "debug", settings_file, assignments, template_files,
        extract={"engine": ("engine", engine), "reader": ("reader", reader)}))

    def work():
        try:
            return debug_document(pdf, out_dir, pages=pages, settings=settings, password=password,
                                  resolution=resolution)
        except ValueError as exc:  # a page the PDF does not have
            raise click.BadParameter(str(exc), param_hint="--pages") from None

    result = _explained(work, show_traceback)
    ignored = sum(1 for t in result.tables if t.ignored)
    click.echo(_("{tables} tables read in {file} ({ignored} ignored); drew {pages} page(s). Open {html}.").format(
        tables=len(result.tables), file=result.source_file, ignored=ignored, pages=len(result.pages),
        html=result.html))


def main():
    cli()


if __name__ == "__main__":
    main()
