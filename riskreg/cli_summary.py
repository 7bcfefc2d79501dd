"""What ``riskreg extract`` prints while and after it reads: the progress bar and the summary's counts."""
from __future__ import annotations

import sys

import click


def file_counts(files, errors, warnings: int) -> str:
    """"K file(s); J file(s) not read, W warning(s)", counted as files.csv's rows; then the paths given
    that held no PDF (no row of files.csv: they are no file)."""
    names = set(files["source_file"])
    failed = errors.loc[errors["source_file"].isin(names), "source_file"].nunique()
    empty = int((errors["code"] == "no_pdf_found").sum())
    held = f"; {empty} path(s) given held no PDF" if empty else ""
    return f"{len(files)} file(s); {failed} file(s) not read, {warnings} warning(s){held}"


def coverage_text(files) -> str:
    """"; X has 97.0% of its table words in the register" for each file read short of whole."""
    short = files[files["coverage"].fillna(1.0) < 1.0]
    return "".join(f"; {r.source_file} has {r.coverage:.1%} of its table words in the register"
                   for r in short.itertuples())


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
        ocr = f", {self.ocr_pages} by OCR" if self.ocr_pages else ""
        return f"{self.done}/{self.files} files{ocr}"

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
