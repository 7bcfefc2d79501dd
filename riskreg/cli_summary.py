"""What ``riskreg extract`` prints while and after it reads: the progress bar and the summary's counts."""
from __future__ import annotations

import sys

import click

from .i18n import _, percent


def file_counts(files, errors, warnings: int) -> str:
    """"K file(s); J file(s) not read, W warning(s)", counted as files.csv's rows; then the paths given
    that held no PDF (no row of files.csv: they are no file)."""
    names = set(files["source_file"])
    failed = errors.loc[errors["source_file"].isin(names), "source_file"].nunique()
    empty = int((errors["code"] == "no_pdf_found").sum())
    held = _("; {n} path(s) given held no PDF").format(n=empty) if empty else ""
    return _("{files} file(s); {failed} file(s) not read, {warnings} warning(s)").format(
        files=len(files), failed=failed, warnings=warnings) + held


def coverage_text(files) -> str:
    """"; X has 97.0% of its table words in the register" for each file read short of whole."""
    short = files[files["coverage"].fillna(1.0) < 1.0]
    return "".join(_("; {file} has {coverage} of its table words in the register").format(
        file=r.source_file, coverage=percent(r.coverage)) for r in short.itertuples())


class ProgressBar:
    """Files and pages read, with the time left, on stderr; started by the batch with its totals."""

    def __init__(self):
        self.bar, self.files, self.done, self.ocr_pages = None, 0, 0, 0

    def start(self, files: int, pages: int):
        if not files:
            return None
        self.files = files
        self.bar = click.progressbar(length=max(pages, 1), label=self._label(), file=sys.stderr,
                                     show_eta=True, show_percent=True, item_show_func=lambda _: None)
        self.bar.__enter__()
        return self.tick

    def _label(self) -> str:
        ocr = _(", {n} by OCR").format(n=self.ocr_pages) if self.ocr_pages else ""
        return _("{done}/{files} files").format(done=self.done, files=self.files) + ocr

    def tick(self, name: str, pages: int, ocr_pages: int = 0) -> None:
        self.done += 1
        self.ocr_pages += ocr_pages
        self.bar.label = self._label()
        self.bar.update(pages or 0, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
