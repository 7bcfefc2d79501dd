"""Show what riskreg saw: each page as a PNG with the tables it read drawn over it, and an index.html.

Takes one PDF, runs riskreg's own reading (``read_document``) and stitching
(``assemble_tables``, which says per table what it made of it) and draws, in
page coordinates scaled to the picture:

- the cells of every table: ruled tables in blue, tables found without ruling
  lines in orange, each labelled with the reader that found it (extract/readers/), and what
  that reader asks to draw: the alignment reader's column edges and row starts (a thin line
  just outside each cell, whose box hugs its text), the fill reader's fills taken as edges;
- the header row recognised (green wash) and the register column each header cell
  was taken as;
- the row joined to the row above across a page break (yellow wash), and the
  merged cells whose text went back to the cell on the page before (violet wash);
- tables ignored (grey wash) with the reason;
- the words the word audit (files.csv's words_accounted) could not account for in red, each
  where it is printed (found among the page's characters inside the box the audit gives).

``debug_document`` returns every rectangle it drew, so what the pictures show
can be checked against the tables read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import pypdfium2

from ..extract import read_document
from ..normalize import assemble_tables
from ..normalize.audit import ignore_reason
from ..normalize.stitch import TableSeen
from ..normalize.validate import check_read_whole
from ..normalize.document import register_header_matcher, unreadable_tables
from ..i18n import _, speaks
from ..pipeline import Settings
from . import html_parts as h
from .debug_draw import (CARRIED, HEADER, IGNORED, JOINED, MARKED, RULED, UNREADABLE,  # noqa: F401
                         UNRULED, DebugPage, Drawn, column_name, draw_page, drawing_of_page, kind_name,
                         reader_name, row_cells)
from .debug_words import WordMark, in_cells_not_in_register, unaccounted_words, word_boxes  # noqa: F401


@dataclass
class DebugResult:
    """What ``debug_document`` wrote and drew."""

    source_file: str
    html: Path
    pages: list[DebugPage]
    tables: list[TableSeen]  # every table of the document, in reading order
    drawn: list[Drawn] = field(default_factory=list)
    problems: list = field(default_factory=list)  # riskreg.schema.Problem


def parse_pages(text: Optional[str]) -> Optional[list[int]]:
    """'2,3' or '2-4,7' -> [2, 3] / [2, 3, 4, 7]; None or '' -> None (every page)."""
    if not text:
        return None
    out: list[int] = []
    for part in text.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not m or int(m.group(1)) < 1 or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            raise ValueError(f"{part.strip()!r} is no page number or range (use 2,3 or 2-4)")
        first = int(m.group(1))
        out.extend(range(first, int(m.group(2) or first) + 1))
    return sorted(set(out))


@speaks
def debug_document(path: str | Path, out_dir: str | Path, pages: Optional[Iterable[int]] = None,
                   settings=None, password: Optional[str] = None,
                   words_to_mark: Optional[Iterable[WordMark]] = None,
                   resolution: float = 100, audit: bool = True) -> DebugResult:
    """Draw what riskreg read on each page (or the ``pages`` given) of one PDF into ``out_dir``.

    Writes ``page-N.png`` per page and ``index.html`` listing each page's tables.
    ``settings`` is a ``riskreg.Settings``, a dict of its stages' settings, or None for the defaults;
    The word audit's unaccounted words (``audit``) and ``words_to_mark`` are drawn in red.
    Raises a RiskregError when the PDF cannot be read.
    """
    settings = Settings.resolve(settings)
    path, out_dir = Path(path), Path(out_dir)
    doc = read_document(path, settings.extract, password=password,
                        header_matcher=register_header_matcher(settings.normalize))
    seen: list[TableSeen] = []
    logical = assemble_tables(doc, settings.normalize, seen=seen)
    for s in seen:  # what the word audit takes an ignored table for (a contents, a legend...)
        what = ignore_reason(s.table, settings.normalize) if s.ignored == "no register header" else None
        if what:
            s.ignored = f"{s.ignored}: {what}"
    problems = unreadable_tables(doc.failures, path.name)
    problems += [p for t in logical for p in check_read_whole(t, path.name)]
    wanted = list(range(1, doc.n_pages + 1)) if pages is None else sorted(set(pages))
    outside = [n for n in wanted if not 1 <= n <= doc.n_pages]
    if outside:
        raise ValueError(f"{path.name} has {doc.n_pages} page{'s' if doc.n_pages != 1 else ''}; "
                         f"there is no page {', '.join(map(str, outside))}")
    marks = list(words_to_mark or [])
    if audit:
        marks += unaccounted_words(path, doc, logical, settings, password)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = DebugResult(source_file=path.name, html=out_dir / "index.html", pages=[], tables=seen,
                         problems=problems)
    width = len(str(doc.n_pages))
    pdf = pypdfium2.PdfDocument(path, password=password)
    try:
        for number in wanted:
            page = pdf[number - 1]
            left, bottom, right, top = page.get_mediabox()
            drawn = drawing_of_page(number, seen, marks, doc.failures, (0, 0, right - left, top - bottom))
            scale = resolution / 72
            # riskreg reads a page in the frame its content is drawn in, /Rotate undone, with the top
            # measured down from the media box's height; pdfium renders the crop box
            page.set_rotation(0)
            _, media_bottom, _, media_top = page.get_mediabox()
            crop_left, _, _, crop_top = page.get_cropbox()
            dpage = DebugPage(number, out_dir / f"page-{number:0{width}d}.png", scale,
                              (crop_left, (media_top - media_bottom) - crop_top))
            image = page.render(scale=scale).to_pil().convert("RGB")
            page.close()
            draw_page(image, dpage, drawn).save(dpage.png)
            result.pages.append(dpage)
            result.drawn.extend(drawn)
    finally:
        pdf.close()
    result.html.write_text(index_html(result, doc.n_pages), encoding="utf-8")
    return result


def index_html(result: DebugResult, n_pages: int) -> str:
    """One page listing each drawn page's tables, with links to the pictures."""
    tables = result.tables
    used = sum(1 for s in tables if not s.ignored)
    title = _("riskreg debug: {file}").format(file=result.source_file)
    parts = [f"<h1>{h.esc(title)}</h1>",
             '<p class="sub">' + h.esc(_(
                 "{pages} pages, {tables} tables read: {used} part of a register, {ignored} ignored. Blue: cells "
                 "of ruled tables; orange: cells, column edges and row starts of tables found without ruling "
                 "lines; teal: fills taken as cell edges; green: the header row and the column each header cell "
                 "was read as; yellow: a row joined to the row above across a page break; violet: a merged cell "
                 "whose text went back to the page before; grey: ignored; red: words to mark.").format(
                     pages=n_pages, tables=len(tables), used=used, ignored=len(tables) - used)) + "</p>"]
    if not used:
        parts.append(f"<p><strong>{h.esc(_('No register table'))}</strong> (no_register_table): "
                     + h.esc(_("no table has the columns of a väsentlighets- och riskanalys or an "
                               "internkontrollplan.")) + "</p>")
    if result.problems:
        parts.append(f"<h2>{h.esc(_('Problems'))}</h2>")
        parts.append(h.table([_("page"), _("code"), _("message")],
                             [[h.esc(p.page), h.esc(p.code), h.esc(p.message)] for p in result.problems]))
    for page in result.pages:
        on_page = [s for s in tables if s.table.page == page.number]
        parts.append(f'<h2 id="page-{page.number}">{h.esc(_("Page {n}").format(n=page.number))} · '
                     f'<a href="{h.esc(page.png.name)}">{h.esc(page.png.name)}</a></h2>')
        words = [d.label for d in result.drawn if d.page == page.number and d.what == "word"]
        if words:
            lead = _("{n} word(s) the word audit could not account for").format(n=len(words))
            parts.append(f'<p><strong style="color:rgb{MARKED}">{h.esc(lead)}</strong> (text_not_in_register; '
                         f'{h.esc(_("red in the picture"))}): {h.esc(" ".join(words))}</p>')
        if not on_page:
            parts.append(f'<p class="muted">{h.esc(_("No table read on this page."))}</p>')
            continue
        rows = []
        for i, s in enumerate(on_page, start=1):
            t = s.table
            if s.ignored:
                what = f"ignored: {h.esc(s.ignored)}"
            else:
                what = kind_name(s)
                if s.continues:
                    what += f", goes on from page {page.number - 1}"
                if s.joined_row is not None:
                    what += f"; its first row is joined to the row above on page {page.number - 1}"
                if s.carried:
                    what += (f"; merged {', '.join(h.esc(c) for c in s.carried)} carried to page "
                             f"{page.number - 1}")
                if s.inferred:
                    what += "; no template names its header, columns typed by content: " + h.esc("; ".join(s.inferred))
            rows.append([str(i), f"{'ruled' if t.ruled else 'unruled'}, read by {h.esc(reader_name(t))}",
                         f"{t.n_rows} × {t.n_cols}", what,
                         _header_text(s) or '<span class="muted">none</span>', _first_row(s)])
        parts.append(h.table([_("table"), _("drawn"), _("rows × columns"), _("read as"), _("header → column"),
                              _("first row")], rows))
        parts.append(f'<p><a href="{h.esc(page.png.name)}"><img src="{h.esc(page.png.name)}" '
                     f'alt="{h.esc(_("page {n} as riskreg read it").format(n=page.number))}" loading="lazy" '
                     f'style="max-width:100%;border:1px solid #ccc"></a></p>')
    return h.page(title, "\n".join(parts))


def _header_text(s: TableSeen) -> str:
    """'printed header → column' for each header cell, PDF text escaped."""
    parts = []
    for c in sorted((c for c in s.table.cells if c.row < s.header_rows), key=lambda c: c.col):
        name = column_name(s, c)
        printed = h.esc(c.text) or "<em>(blank)</em>"
        parts.append(f"{printed} → <code>{h.esc(name)}</code>" if name else
                     f'{printed} → <span class="muted">no column</span>')
    return "<br>".join(parts)


def _first_row(s: TableSeen) -> str:
    row = s.header_rows if s.header_rows < s.table.n_rows else 0
    return " | ".join(h.esc(c.text) for c in sorted(row_cells(s.table, row), key=lambda c: c.col) if c.text)
