"""One nämnd's year as a PDF (``riskreg report``): matplotlib's PDF backend, A4, real text.

The page is drawn with matplotlib (a pip package; no browser, no system library): text as
text in an embedded TrueType font (``pdf.fonttype`` 42), so pdfplumber and a reader's search
find it, and the risk matrix drawn by report/matrix.py. What does not fit on one A4 page goes
on to the next of the same file. No date is written into the file: the same register gives
the same bytes.
"""
from __future__ import annotations

import io
import textwrap

from ..scales import LEVEL_NAMES, Levels
from .checks import verdict
from .matrix import draw_matrix
from .org_page import TEXT, OrgYear, top_headers

A4 = (8.27, 11.69)  # inches
LINE = 0.0165  # one line of 9 pt text, in figure heights
LEFT, BOTTOM = 0.06, 0.05
#: the top risks' columns: (x in figure widths, characters the text may take)
TOP_COLUMNS = [(0.06, 4), (0.10, 26), (0.34, 56), (0.77, 3), (0.80, 3), (0.83, 3), (0.87, 8), (0.93, 4)]


class _Pages:
    """A text cursor over A4 figures: ``line`` writes at the cursor and moves it down; a line that
    would fall below the margin starts a new page."""

    def __init__(self, title: str):
        self.title, self.figures = title, []
        self._new_page()

    def _new_page(self) -> None:
        from matplotlib.figure import Figure  # matplotlib only when a report is drawn (50 MB)
        self.fig = Figure(figsize=A4)
        self.figures.append(self.fig)
        self.y = 0.95
        if len(self.figures) > 1:
            self.fig.text(LEFT, 0.97, self.title, fontsize=9, color="#555")

    def room(self, lines: float) -> None:
        if self.y - lines * LINE < BOTTOM:
            self._new_page()

    def line(self, text: str, x: float = LEFT, size: float = 9, advance: bool = True, **style) -> None:
        self.room(1)
        self.fig.text(x, self.y, text, fontsize=size, va="top", **style)
        if advance:
            self.y -= LINE * size / 9

    def heading(self, text: str) -> None:
        self.room(4)
        self.y -= LINE * 0.6
        self.line(text, size=12, fontweight="bold")
        self.y -= LINE * 0.3

    def wrapped(self, text: str, width: int = 110, **style) -> None:
        for part in textwrap.wrap(text, width) or [""]:
            self.line(part, **style)


def _cut(value, width: int) -> str:
    text = "" if value is None else str(value)
    return textwrap.shorten(text, width, placeholder="…") if len(text) > width else text


def _head(pages: _Pages, p: OrgYear, levels: Levels) -> None:
    pages.line(p.title, size=16, fontweight="bold")
    pages.y -= LINE * 0.5
    files = ", ".join(r[0] for r in p.coverage_rows()) or "?"
    pages.wrapped(TEXT["sources"].format(files=files, scale=p.matrix.shape[0]), color="#444")
    said = verdict(p.checks, TEXT["this"])
    if said:
        pages.y -= LINE * 0.4
        pages.wrapped(said, color="#b00000" if any(c.incomplete for c in p.checks) else "#8a5a00")
    pages.heading(TEXT["counts"])
    top = pages.y
    for label, value in p.count_rows():
        pages.line(label, advance=False)
        pages.line(value, x=0.36, ha="right")
    ax = pages.fig.add_axes((0.52, top - 0.25, 0.40, 0.27))
    draw_matrix(ax, p.matrix, TEXT["matrix"], levels, int(p.matrix.max(initial=0)))
    pages.y = min(pages.y, top - 0.27)


def _top(pages: _Pages, p: OrgYear) -> None:
    pages.heading(TEXT["top"])
    pages.wrapped(TEXT["top_intro"].format(n=len(p.top)), color="#555", size=8)
    for (x, _), header in zip(TOP_COLUMNS, top_headers()):
        pages.line(header, x=x, advance=False, fontweight="bold", size=8)
    pages.y -= LINE
    for r in p.top:
        values = [r["risk_nr"], r["process"], r["event"], r["probability"], r["consequence"], r["risk_value"],
                  LEVEL_NAMES.get(r["level"], ""), r["page"]]
        pages.room(1)
        for (x, width), value in zip(TOP_COLUMNS, values):
            pages.line(_cut(value, width), x=x, advance=False, size=8)
        pages.y -= LINE * 8 / 9


def _changes(pages: _Pages, p: OrgYear) -> None:
    if p.kinds is None:
        pages.y -= LINE * 0.6
        pages.wrapped(TEXT["first"], color="#555")
        return
    pages.heading(TEXT["changed"].format(year=p.previous))
    for label, n in p.change_rows():
        pages.line(label, advance=False)
        pages.line(str(n), x=0.50, ha="right")
    for key, events in (("new_risks", p.new_events), ("removed_risks", p.removed_events)):
        pages.y -= LINE * 0.4
        pages.line(f"{TEXT[key]} ({len(events)})", fontweight="bold")
        for event in events or [TEXT["none"]]:
            pages.line("• " + _cut(event, 105), size=8)


def _inputs(pages: _Pages, p: OrgYear) -> None:
    pages.heading(TEXT["inputs"])
    for x, header in ((LEFT, TEXT["file"]), (0.70, TEXT["coverage"]), (0.85, TEXT["pages"])):
        pages.line(header, x=x, advance=False, fontweight="bold")
    pages.y -= LINE
    for name, coverage, n in p.coverage_rows():
        pages.line(_cut(name, 70), advance=False)
        pages.line(coverage, x=0.70, advance=False)
        pages.line(n, x=0.85)
    for check in p.checks:
        where = f"; {check.where()}" if check.where() else ""
        pages.wrapped(f"{check.source_file}: {check.what()}{where}", size=8, color="#555")


def org_page_pdf(p: OrgYear, levels: Levels) -> bytes:
    """The PDF of one organisation and year: its counts, matrix, top risks, changes and inputs."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    with matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}):
        pages = _Pages(p.title)
        _head(pages, p, levels)
        _top(pages, p)
        _changes(pages, p)
        _inputs(pages, p)
        buf = io.BytesIO()
        with PdfPages(buf, metadata={"Title": p.title, "Creator": "riskreg", "Producer": None,
                                     "CreationDate": None}) as pdf:
            for fig in pages.figures:
                pdf.savefig(fig)
    return buf.getvalue()
