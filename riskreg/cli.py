"""The command line: a thin layer over riskreg's Python API."""
from __future__ import annotations

import sys

import click

from . import pipeline
from .extract import ExtractSettings
from .write import FORMATS, write_register


@click.group()
@click.version_option(package_name="riskreg")
def cli():
    """riskreg: Swedish municipal risk documents (VoR, internkontrollplan) -> clean data."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write risks, controls and problems into.")
@click.option("--format", "fmt", type=click.Choice(["both", *FORMATS]), default="both", show_default=True,
              help="Write CSV, Parquet or both.")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@click.option("--engine", type=click.Choice(["pdfplumber", "camelot"]), default="pdfplumber",
              show_default=True, help="Table finder for ruled tables (camelot: its lattice mode).")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def extract(paths, out_dir, fmt, password, engine, debug):
    """Convert PDFs (files or folders, searched for *.pdf) into a risk register.

    Writes DIR/risks.csv, risks.parquet, controls.csv, controls.parquet and
    problems.csv. Exit code 0 when every file was read, 1 when some were not
    (the others are still written).

    \b
    Example:
        riskreg extract samples/ --out output/
        riskreg extract archive/2020/*.pdf --out reg2020 --format csv
        riskreg extract report.pdf --engine camelot --out check/
    """
    settings = pipeline.Settings(extract=ExtractSettings(engine=engine))
    register = pipeline.extract(paths, settings=settings, password=password, debug=debug)
    formats = FORMATS if fmt == "both" else (fmt,)
    written = write_register(register, out_dir, formats)
    errors = register.problems[register.problems["severity"] == "error"]
    warnings = len(register.problems) - len(errors)
    files = register.risks["source_file"].nunique()
    click.echo(f"{len(register.risks)} risks and {len(register.controls)} controls from {files} file(s); "
               f"{len(errors)} file(s) not read, {warnings} warning(s). Wrote {len(written)} files to {out_dir}.")
    for _, p in errors.iterrows():
        click.echo(f"  {p['source_file']}: {p['message']}", err=True)
    sys.exit(1 if len(errors) else 0)


def main():
    cli()


if __name__ == "__main__":
    main()
