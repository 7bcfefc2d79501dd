"""Show what riskreg saw: each page as a PNG with the tables it read drawn over it, and an index.html.

Takes one PDF, runs riskreg's own reading (``read_document``) and stitching
(``assemble_tables``, which says per table what it made of it) and draws, in
page coordinates scaled to the picture:

- the cells of every table: ruled tables in blue, tables found without ruling
  lines (``extract/unruled.py``) in orange, with their column edges and row starts;
- the header row recognised (green wash) and the register column each header cell
  was taken as;
- the row joined to the row above across a page break (yellow wash), and the
  merged cells whose text went back to the cell on the page before (violet wash);
- tables ignored (grey wash) with the reason;
- words to mark (the word audit's unaccounted words) in red, when given.

``debug_document`` returns every rectangle it drew, so what the pictures show
can be checked against the tables read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import pypdfium2
from PIL import Image, ImageDraw, ImageFont

from ..extract import read_document
from ..extract.model import BBox, Table
from ..normalize import assemble_tables
from ..normalize.audit import ignore_reason
from ..normalize.stitch import TableSeen
from ..normalize.validate import check_read_whole
from ..pipeline import Settings, register_header_matcher
from . import html_parts as h

RULED = (0, 90, 230)  # cells of a table drawn with ruling lines
UNRULED = (240, 120, 0)  # cells, column edges and row starts of a table found by alignment
HEADER = (0, 160, 60)  # the header row recognised, and its column names
JOINED = (235, 200, 0)  # a row joined to the row above across a page break
CARRIED = (150, 60, 200)  # a merged cell's tail given back to the cell on the page before
IGNORED = (120, 120, 120)  # a table that is no part of a register
MARKED = (220, 0, 0)  # words to mark (the word audit's unaccounted words)
WASH = 70  # opacity (0-255) of the washes over header, joined, carried and ignored cells
LINE = 2  # pixels

#: one word to mark: (page number, bbox in page points, its text)
WordMark = tuple[int, BBox, str]


@dataclass
class Drawn:
    """One thing drawn, in page coordinates (PDF points, top from the page's top)."""

    page: int
    what: str  # "cell", "column_edge", "row_start", "header", "joined", "carried", "ignored", "word"
    bbox: BBox
    colour: tuple[int, int, int]
    label: str = ""


@dataclass
class DebugPage:
    """One page's picture and how page points map onto its pixels."""

    number: int
    png: Path
    scale: float  # pixels per point
    origin: tuple[float, float]  # the page point at pixel (0, 0)

    def to_pixels(self, x: float, y: float) -> tuple[int, int]:
        return round((x - self.origin[0]) * self.scale), round((y - self.origin[1]) * self.scale)


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


def debug_document(path: str | Path, out_dir: str | Path, pages: Optional[Iterable[int]] = None,
                   settings=None, password: Optional[str] = None,
                   words_to_mark: Optional[Iterable[WordMark]] = None,
                   resolution: float = 100) -> DebugResult:
    """Draw what riskreg read on each page (or the ``pages`` given) of one PDF into ``out_dir``.

    Writes ``page-N.png`` per page and ``index.html`` listing each page's tables.
    ``settings`` is a ``riskreg.Settings`` (or None for the defaults);
    ``words_to_mark`` are drawn in red. Raises a RiskregError when the PDF cannot be read.
    """
    settings = settings or Settings()
    path, out_dir = Path(path), Path(out_dir)
    doc = read_document(path, settings.extract, password=password,
                        header_matcher=register_header_matcher(settings.normalize))
    seen: list[TableSeen] = []
    logical = assemble_tables(doc, settings.normalize, seen=seen)
    for s in seen:  # what the word audit takes an ignored table for (a contents, a legend...)
        what = ignore_reason(s.table, settings.normalize) if s.ignored == "no register header" else None
        if what:
            s.ignored = f"{s.ignored}: {what}"
    problems = [p for t in logical for p in check_read_whole(t, path.name)]
    wanted = list(range(1, doc.n_pages + 1)) if pages is None else sorted(set(pages))
    outside = [n for n in wanted if not 1 <= n <= doc.n_pages]
    if outside:
        raise ValueError(f"{path.name} has {doc.n_pages} page{'s' if doc.n_pages != 1 else ''}; "
                         f"there is no page {', '.join(map(str, outside))}")
    marks = [m for m in (words_to_mark or [])]
    out_dir.mkdir(parents=True, exist_ok=True)
    result = DebugResult(source_file=path.name, html=out_dir / "index.html", pages=[], tables=seen,
                         problems=problems)
    width = len(str(doc.n_pages))
    pdf = pypdfium2.PdfDocument(path, password=password)
    try:
        for number in wanted:
            drawn = drawing_of_page(number, seen, marks)
            page = pdf[number - 1]
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


def _row_cells(table: Table, row: int):
    return [c for c in table.cells if c.row == row]


def drawing_of_page(number: int, seen: list[TableSeen], marks: list[WordMark]) -> list[Drawn]:
    """Everything to draw on one page, in page coordinates, washes before outlines."""
    out: list[Drawn] = []
    on_page = [s for s in seen if s.table.page == number]
    for i, s in enumerate(on_page, start=1):
        t = s.table
        colour = RULED if t.ruled else UNRULED
        out.append(Drawn(number, "table", t.bbox, colour, table_label(i, s)))
        if s.ignored:
            out.append(Drawn(number, "ignored", t.bbox, IGNORED, s.ignored))
        for c in t.cells:
            if c.row < s.header_rows:
                out.append(Drawn(number, "header", c.bbox, HEADER, _column_name(s, c)))
        if s.joined_row is not None:
            cells = sorted(_row_cells(t, s.joined_row), key=lambda c: c.col)
            # a merged cell starting in the joined row is washed over that row only
            bottom = max((c.bbox[3] for c in cells if c.row_span == 1), default=None)
            for k, c in enumerate(cells):
                box = c.bbox if bottom is None else (*c.bbox[:3], min(c.bbox[3], bottom))
                out.append(Drawn(number, "joined", box, JOINED,
                                 "" if k else f"joined to the row above on page {number - 1}"))
        if s.carried:
            first = min((c.row for c in t.cells if c.row >= s.header_rows), default=None)
            cols = {col for col, name in s.mapping.items() if name in s.carried}
            out.extend(Drawn(number, "carried", c.bbox, CARRIED, f"{s.mapping[c.col]} carried to page {number - 1}")
                       for c in t.cells if c.row == first and c.col in cols)
        out.extend(Drawn(number, "cell", c.bbox, colour) for c in t.cells)
        if not t.ruled:
            x0, top, x1, bottom = t.bbox
            out.extend(Drawn(number, "column_edge", (x, top, x, bottom), UNRULED) for x in t.col_edges)
            for r in range(1, t.n_rows):
                tops = [c.bbox[1] for c in _row_cells(t, r)]
                if tops:
                    out.append(Drawn(number, "row_start", (x0, min(tops), x1, min(tops)), UNRULED))
    out.extend(Drawn(number, "word", bbox, MARKED, text) for page, bbox, text in marks if page == number)
    return out


def _column_name(s: TableSeen, cell) -> str:
    """The register column a header cell was read as; 'extra' for a register table's column no
    template names (its text is kept in the register's extra field)."""
    name = s.mapping.get(cell.col)
    if name:
        return name
    return "extra" if s.kind and not s.ignored and cell.text.strip() else ""


def table_label(index: int, s: TableSeen) -> str:
    how = "ruled" if s.table.ruled else "unruled"
    if s.ignored:
        return f"table {index} ({how}): ignored, {s.ignored}"
    kind = {"vor": "VoR", "ikp": "control plan"}.get(s.kind or "", str(s.kind))
    head = f"header row {s.header_rows}" if s.header_rows == 1 else (
        f"header rows 1-{s.header_rows}" if s.header_rows else "no header (goes on from the page before)")
    return f"table {index} ({how}): {kind}, {head}"


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has one bitmap size
        return ImageFont.load_default()


def draw_page(image: Image.Image, page: DebugPage, drawn: list[Drawn]) -> Image.Image:
    """Washes first, then labels, then outlines on top (so a label never hides a cell's border)."""
    def box(b: BBox) -> tuple[int, int, int, int]:
        x0, y0 = page.to_pixels(b[0], b[1])
        x1, y1 = page.to_pixels(b[2], b[3])
        return x0, y0, max(x0, x1), max(y0, y1)

    wash = Image.new("RGBA", image.size, (0, 0, 0, 0))
    wd = ImageDraw.Draw(wash)
    for d in drawn:
        if d.what in ("header", "joined", "carried", "ignored"):
            wd.rectangle(box(d.bbox), fill=(*d.colour, WASH))
    image = Image.alpha_composite(image.convert("RGBA"), wash).convert("RGB")
    draw = ImageDraw.Draw(image)
    small, big = _font(10), _font(12)
    ends: dict[tuple[int, int], float] = {}  # (header top, label level) -> where the last label ended
    for d in sorted(drawn, key=lambda d: (d.bbox[1], d.bbox[0]) if d.what == "header" else (0, 0)):
        if not d.label or d.what in ("word", "ignored"):  # an ignored table's reason is in its label
            continue
        x0, y0, x1, y1 = box(d.bbox)
        if d.what == "table":  # above the column names, at the right: a heading is often at the left
            width = draw.textlength(d.label, font=big)
            _label(draw, (max(0, x1 - width), max(0, y0 - 42)), d.label, d.colour, big)
        elif d.what == "header":  # right above its cell; a step higher when it would run into the one before
            level = 1 if ends.get((y0, 0), -1) + 3 > x0 + 1 and ends.get((y0, 1), -1) + 3 <= x0 + 1 else 0
            _label(draw, (x0 + 1, max(0, y0 - 13 - 12 * level)), d.label, d.colour, small)
            ends[(y0, level)] = x0 + 1 + draw.textlength(d.label, font=small)
        else:
            _label(draw, (x0 + 3, y0 + 3), d.label, d.colour, small)
    for d in drawn:
        if d.what in ("cell", "column_edge", "row_start"):
            x0, y0, x1, y1 = box(d.bbox)
            if x0 == x1 or y0 == y1:
                draw.line((x0, y0, x1, y1), fill=d.colour, width=LINE)
            else:
                draw.rectangle((x0, y0, x1, y1), outline=d.colour, width=LINE)
    for d in drawn:
        if d.what == "word":
            x0, y0, x1, y1 = box(d.bbox)
            draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), outline=d.colour, width=LINE)
            _label(draw, (x0, y1 + 2), d.label, d.colour, small)
    return image


def _label(draw: ImageDraw.ImageDraw, at: tuple[int, int], text: str, colour, font, max_width: int = 0) -> None:
    """Text on a white ground, wrapped at ``max_width`` pixels when given."""
    lines = [text]
    if max_width > 0:
        lines, line = [], ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if line and draw.textlength(trial, font=font) > max_width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    x, y = at
    for line in lines:
        left, top, right, bottom = draw.textbbox((x, y), line, font=font)
        draw.rectangle((left - 1, top - 1, right + 1, bottom + 1), fill=(255, 255, 255))
        draw.text((x, y), line, fill=colour, font=font)
        y += bottom - top + 3


def _header_text(s: TableSeen) -> str:
    """'printed header → column' for each header cell, PDF text escaped."""
    parts = []
    for c in sorted((c for c in s.table.cells if c.row < s.header_rows), key=lambda c: c.col):
        name = _column_name(s, c)
        printed = h.esc(c.text) or "<em>(blank)</em>"
        parts.append(f"{printed} → <code>{h.esc(name)}</code>" if name else
                     f'{printed} → <span class="muted">no column</span>')
    return "<br>".join(parts)


def _first_row(s: TableSeen) -> str:
    row = s.header_rows if s.header_rows < s.table.n_rows else 0
    return " | ".join(h.esc(c.text) for c in sorted(_row_cells(s.table, row), key=lambda c: c.col) if c.text)


def index_html(result: DebugResult, n_pages: int) -> str:
    """One page listing each drawn page's tables, with links to the pictures."""
    tables = result.tables
    used = sum(1 for s in tables if not s.ignored)
    parts = [f"<h1>riskreg debug: {h.esc(result.source_file)}</h1>",
             f'<p class="sub">{n_pages} pages, {len(tables)} tables read: {used} part of a register, '
             f"{len(tables) - used} ignored. Blue: cells of ruled tables; orange: cells, column edges and "
             "row starts of tables found without ruling lines; green: the header row and the column each "
             "header cell was read as; yellow: a row joined to the row above across a page break; violet: a "
             "merged cell whose text went back to the page before; grey: ignored; red: words to mark.</p>"]
    if not used:
        parts.append("<p><strong>No register table</strong> (no_register_table): no table has the columns "
                     "of a väsentlighets- och riskanalys or an internkontrollplan.</p>")
    if result.problems:
        parts.append("<h2>Problems</h2>")
        parts.append(h.table(["page", "code", "message"],
                             [[h.esc(p.page), h.esc(p.code), h.esc(p.message)] for p in result.problems]))
    for page in result.pages:
        on_page = [s for s in tables if s.table.page == page.number]
        parts.append(f'<h2 id="page-{page.number}">Page {page.number} · '
                     f'<a href="{h.esc(page.png.name)}">{h.esc(page.png.name)}</a></h2>')
        if not on_page:
            parts.append('<p class="muted">No table read on this page.</p>')
            continue
        rows = []
        for i, s in enumerate(on_page, start=1):
            t = s.table
            if s.ignored:
                what = f"ignored: {h.esc(s.ignored)}"
            else:
                what = {"vor": "VoR", "ikp": "control plan"}.get(s.kind, str(s.kind))
                if s.continues:
                    what += f", goes on from page {page.number - 1}"
                if s.joined_row is not None:
                    what += f"; its first row is joined to the row above on page {page.number - 1}"
                if s.carried:
                    what += (f"; merged {', '.join(h.esc(c) for c in s.carried)} carried to page "
                             f"{page.number - 1}")
            rows.append([str(i), "ruled" if t.ruled else "unruled", f"{t.n_rows} × {t.n_cols}", what,
                         _header_text(s) or '<span class="muted">none</span>', _first_row(s)])
        parts.append(h.table(["table", "drawn", "rows × columns", "read as", "header → column",
                              "first row"], rows))
        parts.append(f'<p><a href="{h.esc(page.png.name)}"><img src="{h.esc(page.png.name)}" '
                     f'alt="page {page.number} as riskreg read it" loading="lazy" '
                     f'style="max-width:100%;border:1px solid #ccc"></a></p>')
    return h.page(f"riskreg debug: {result.source_file}", "\n".join(parts))
