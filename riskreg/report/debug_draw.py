"""riskreg debug's drawing: what it draws over a page (tables, cells, headers, joins, marks) and how."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from PIL import Image, ImageDraw, ImageFont

from ..extract.model import BBox, Table
from ..i18n import _
from ..extract.readers import reader_class
from ..normalize.headers import has_controls
from ..normalize.stitch import TableSeen
from . import html_parts as h

RULED = (0, 90, 230)  # cells of a table drawn with ruling lines
UNRULED = (240, 120, 0)  # cells, column edges and row starts of a table found by alignment
HEADER = (0, 160, 60)  # the header row recognised, and its column names
JOINED = (235, 200, 0)  # a row joined to the row above across a page break
CARRIED = (150, 60, 200)  # a merged cell's tail given back to the cell on the page before
IGNORED = (120, 120, 120)  # a table that is no part of a register
MARKED = (220, 0, 0)  # words to mark (the word audit's unaccounted words)
UNREADABLE = (200, 0, 120)  # a table that raised while read or assembled (table_unreadable)
FILL_EDGE = (0, 150, 170)  # a fill the fill reader took for a cell's edges
WASH = 70  # opacity (0-255) of the washes over header, joined, carried and ignored cells
LINE = 2  # pixels

#: one word to mark: (page number, bbox in page points, its text)
WordMark = tuple[int, BBox, str]


@dataclass
class Drawn:
    """One thing drawn, in page coordinates (PDF points, top from the page's top)."""

    page: int
    what: str  # "cell", "column_edge", "row_start", "header", "joined", "carried", "ignored", "word",
    # "unreadable" (a table_unreadable table's outline, or the page's when its table finding failed),
    # "fill_edge" (a fill the fill reader took for cell edges); a table's reader says what beyond its cells
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


def reader_marks(table: Table) -> list:
    """What the reader that found the table asks to draw for it ((what, box) pairs): the alignment
    reader's column edges and row starts, the fill reader's fills taken as edges."""
    reader = reader_class(table.reader)
    return reader.marks(table) if reader is not None else []


def reader_name(table: Table) -> str:
    """'ruled', 'alignment', 'fills'...: the reader that found the table ('unknown' for one made by hand)."""
    return table.reader or "unknown"


def row_cells(table: Table, row: int):
    return [c for c in table.cells if c.row == row]


def drawing_of_page(number: int, seen: list[TableSeen], marks: list[WordMark], failures=(),
                    page_box: Optional[BBox] = None) -> list[Drawn]:
    """Everything to draw on one page, in page coordinates, washes before outlines; ``failures``
    (the document's TableFailures) are outlined with their reason, a page-wide failure around
    ``page_box``."""
    out: list[Drawn] = unreadable_outlines(number, seen, failures, page_box)
    on_page = [s for s in seen if s.table.page == number]
    for i, s in enumerate(on_page, start=1):
        t = s.table
        colour = RULED if t.ruled else UNRULED
        out.append(Drawn(number, "table", t.bbox, IGNORED if s.ignored else colour, table_label(i, s)))
        if s.ignored:
            out.append(Drawn(number, "ignored", t.bbox, IGNORED, s.ignored))
        for c in t.cells:
            if c.row < s.header_rows:
                out.append(Drawn(number, "header", c.bbox, HEADER, column_name(s, c)))
        if s.joined_row is not None:
            cells = sorted(row_cells(t, s.joined_row), key=lambda c: c.col)
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
        out.extend(Drawn(number, what, box, FILL_EDGE if what == "fill_edge" else colour)
                   for what, box in reader_marks(t))
    out.extend(Drawn(number, "word", bbox, MARKED, text) for page, bbox, text in marks if page == number)
    return out


def unreadable_outlines(number: int, seen: list[TableSeen], failures, page_box: Optional[BBox]) -> list[Drawn]:
    """The outline and reason of each table of the page that raised while read (a table assembling
    failed on is among ``seen`` already, drawn as an ignored table with the reason)."""
    seen_boxes = {tuple(s.table.bbox) for s in seen if s.table.page == number}
    out = []
    for f in failures:
        if f.page != number or (f.bbox is not None and tuple(f.bbox) in seen_boxes):
            continue
        box = f.bbox if f.bbox is not None else page_box
        if box is None:
            continue
        inset = (box[0] + 4, box[1] + 48, box[2] - 4, box[3] - 4) if f.bbox is None else box
        out.append(Drawn(number, "unreadable", tuple(inset), UNREADABLE,
                         _("{where}: unreadable (table_unreadable), {reason}").format(where=f.where(),
                                                                                      reason=f.reason)))
    return out


def column_name(s: TableSeen, cell) -> str:
    """The register column a header cell was read as; 'extra' for a register table's column no
    template names (its text is kept in the register's extra field)."""
    name = s.mapping.get(cell.col)
    if name:
        return name
    return "extra" if s.kind and not s.ignored and cell.text.strip() else ""


def kind_name(s: TableSeen) -> str:
    """What a register table was read as: a VoR, a control plan, or both in one table (a VoR whose
    rows hold their controls too: a combined register, read as risks and controls)."""
    if s.kind == "vor" and has_controls(s.mapping):
        return _("VoR and control plan (combined)")
    return {"vor": "VoR", "ikp": _("control plan")}.get(s.kind or "", str(s.kind))


def table_label(index: int, s: TableSeen) -> str:
    """The label a table is drawn with: how it was found, then what it was read as (in the active
    language; a reason for ignoring it, and the readers' names, as riskreg records them)."""
    how = (_("ruled, read by {reader}") if s.table.ruled else _("unruled, read by {reader}")).format(
        reader=reader_name(s.table))
    if s.ignored:
        return _("table {index} ({how}): ignored, {reason}").format(index=index, how=how, reason=s.ignored)
    if s.header_rows == 1:
        head = _("header row {n}").format(n=s.header_rows)
    elif s.header_rows:
        head = _("header rows 1-{n}").format(n=s.header_rows)
    else:
        head = _("no header (goes on from the page before)")
    if s.inferred:  # no template names its header: say what each column was taken for
        head += "; " + _("columns typed by content: {columns}").format(columns="; ".join(s.inferred))
    return _("table {index} ({how}): {kind}, {head}").format(index=index, how=how, kind=kind_name(s), head=head)


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
        if d.what == "unreadable":  # under its outline: the table label above may be another reader's
            _label(draw, (max(0, x0), y1 + 3), d.label, d.colour, big)
        elif d.what == "table":  # above the column names, at the right: a heading is often at the left
            width = draw.textlength(d.label, font=big)
            _label(draw, (max(0, x1 - width), max(0, y0 - 42)), d.label, d.colour, big)
        elif d.what == "header":  # right above its cell; a step higher when it would run into the one before
            level = 1 if ends.get((y0, 0), -1) + 3 > x0 + 1 and ends.get((y0, 1), -1) + 3 <= x0 + 1 else 0
            _label(draw, (x0 + 1, max(0, y0 - 13 - 12 * level)), d.label, d.colour, small)
            ends[(y0, level)] = x0 + 1 + draw.textlength(d.label, font=small)
        else:  # a joined row's or carried cell's note: in the page's margin beside the row, not over its text
            table = box(_table_of(d, drawn))
            _label(draw, _beside(image.size[0], table, y0), d.label, d.colour, small,
                   max_width=_margin(image.size[0], table))
    for d in drawn:
        if d.what in ("unreadable", "fill_edge"):
            draw.rectangle(box(d.bbox), outline=d.colour, width=LINE if d.what == "unreadable" else 1)
        if d.what in ("cell", "column_edge", "row_start"):
            x0, y0, x1, y1 = box(d.bbox)
            # an unruled table's cell hugs its text: a thin line just outside it leaves the text legible
            out, width = (1, 1) if d.colour == UNRULED else (0, LINE)
            if d.what != "cell":  # a column edge, a row start
                draw.line((x0, y0 - out, x1, y1 - out), fill=d.colour, width=width)
            else:
                draw.rectangle((x0 - out, y0 - out, x1 + out, y1 + out), outline=d.colour, width=width)
    for d in drawn:  # no label: the word is printed right there, and index.html lists them
        if d.what == "word":
            x0, y0, x1, y1 = box(d.bbox)
            draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), outline=d.colour, width=LINE)
    return image


def _table_of(d: Drawn, drawn: list[Drawn]) -> BBox:
    """The box of the table a drawn thing lies in (the thing's own when none holds it)."""
    for t in drawn:
        if t.what == "table" and t.page == d.page and t.bbox[0] <= d.bbox[0] + 0.5 and d.bbox[2] <= t.bbox[2] + 0.5 \
                and t.bbox[1] <= d.bbox[1] + 0.5 and d.bbox[3] <= t.bbox[3] + 0.5:
            return t.bbox
    return d.bbox


MIN_MARGIN = 40  # pixels: a margin narrower than this takes no note; the note goes inside the cell


def _margin(width: int, table: tuple[int, int, int, int]) -> int:
    """The wider of the page's margins beside a table, in pixels (0 when both are too narrow)."""
    wide = max(width - table[2], table[0]) - 6
    return wide if wide >= MIN_MARGIN else 0


def _beside(width: int, table: tuple[int, int, int, int], top: int) -> tuple[int, int]:
    """Where a note on a row starts: in the wider margin beside the table, at the row's top
    (inside the row when both margins are too narrow)."""
    if not _margin(width, table):
        return table[0] + 3, top + 3
    return (table[2] + 4, top) if width - table[2] >= table[0] else (3, top)


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
