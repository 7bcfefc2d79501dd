"""Show what riskreg saw: each page as a PNG with the tables it read drawn over it, and an index.html.

Takes one PDF, runs riskreg's own reading (``read_document``) and stitching
(``assemble_tables``, which says per table what it made of it) and draws, in
page coordinates scaled to the picture:

- the cells of every table: ruled tables in blue, tables found without ruling
  lines (``extract/unruled.py``) in orange, with their column edges and row starts (a thin
  line just outside each cell, whose box hugs its text);
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
from PIL import Image, ImageDraw, ImageFont

from ..extract import read_document
from ..extract.model import BBox, Table
from ..extract.pdfium_reader import read_pages
from ..normalize import assemble_tables, build_controls, build_risks
from ..normalize.audit import audit_words, ignore_reason, words_of
from ..normalize.headers import has_controls
from ..normalize.stitch import TableSeen
from ..normalize.validate import check_read_whole
from ..pipeline import Settings, register_header_matcher, unreadable_tables
from . import html_parts as h

RULED = (0, 90, 230)  # cells of a table drawn with ruling lines
UNRULED = (240, 120, 0)  # cells, column edges and row starts of a table found by alignment
HEADER = (0, 160, 60)  # the header row recognised, and its column names
JOINED = (235, 200, 0)  # a row joined to the row above across a page break
CARRIED = (150, 60, 200)  # a merged cell's tail given back to the cell on the page before
IGNORED = (120, 120, 120)  # a table that is no part of a register
MARKED = (220, 0, 0)  # words to mark (the word audit's unaccounted words)
UNREADABLE = (200, 0, 120)  # a table that raised while read or assembled (table_unreadable)
WASH = 70  # opacity (0-255) of the washes over header, joined, carried and ignored cells
LINE = 2  # pixels

#: one word to mark: (page number, bbox in page points, its text)
WordMark = tuple[int, BBox, str]


@dataclass
class Drawn:
    """One thing drawn, in page coordinates (PDF points, top from the page's top)."""

    page: int
    what: str  # "cell", "column_edge", "row_start", "header", "joined", "carried", "ignored", "word",
    # "unreadable" (a table_unreadable table's outline, or the page's when its table finding failed)
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


def unaccounted_words(path: Path, doc, logical, settings, password: Optional[str] = None) -> list[WordMark]:
    """The words the word audit could not account for, each with the box of its printed word.

    The register's rows are built first, as ``riskreg extract`` builds them before its audit
    (their repairs move text between a row's cells, never out of the row).
    """
    for t in logical:
        if t.kind == "vor":
            build_risks(t, path.name, [])
        elif t.kind == "ikp":
            build_controls(t, path.name)
    found = audit_words(doc, logical, path.name, settings.normalize).unaccounted
    return word_boxes(path, in_cells_not_in_register(found, logical), password) if found else []


def _joined_words(text: str) -> str:
    return " ".join(words_of(text))


def in_cells_not_in_register(found: list[WordMark], logical) -> list[WordMark]:
    """The audit's left-over words of register cells, moved to the cells the register lacks.

    The audit counts a page's words, not their places: when "och" is printed five times and
    the register holds it four times, which printed "och" is left over is chance. The one to
    draw is in a cell whose text the register does not hold (a page-break tail it dropped), so a
    left-over word of a register cell goes to such a cell of its page printing it, when there
    are enough of them; the words and their count per page stay the audit's.
    """
    held: list[str] = []  # each slot's text, and each row's slots together (a glued cell split apart)
    data_cells: dict[int, list] = {}  # page -> the register fragments' data cells, in reading order
    for t in logical:
        for row in t.rows:
            texts = [_joined_words(slot.text) for slot in row.slots.values() if not slot.covered]
            held += texts + [" ".join(x for x in texts if x)]
        for frag, skip, _ in t.fragments:
            data_cells.setdefault(frag.page, []).extend(
                c for c in sorted(frag.cells, key=lambda c: (c.row, c.col)) if c.row >= skip)
    boxes = {c.bbox for cells in data_cells.values() for c in cells}
    lacking: dict[tuple[int, str], list[BBox]] = {}  # (page, word) -> a box per printing in such cells
    for page, cells in data_cells.items():
        for c in cells:
            text = _joined_words(c.text)
            if text and not any(text in h for h in held):
                for w in words_of(c.text):
                    lacking.setdefault((page, w), []).append(c.bbox)
    wanted: dict[tuple[int, str], int] = {}
    for page, box, text in found:
        if box in boxes:
            wanted[(page, text)] = wanted.get((page, text), 0) + 1
    enough = {key for key, n in wanted.items() if len(lacking.get(key, [])) >= n}
    out = []
    for page, box, text in found:
        if box in boxes and (page, text) in enough:
            box = lacking[(page, text)].pop(0)
        out.append((page, box, text))
    return out


def _printed_words(chars: list[dict]) -> list[tuple[str, BBox]]:
    """A page's characters as words, each with its box: lines by their top, words split at a
    space or a gap wider than a third of the font size."""
    out: list[tuple[str, BBox]] = []
    word: list[dict] = []

    def close():
        if word:
            out.append(("".join(c["text"] for c in word),
                        (word[0]["x0"], min(c["top"] for c in word), max(c["x1"] for c in word),
                         max(c["bottom"] for c in word))))
            word.clear()

    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        last = word[-1] if word else None
        if last is not None and (abs(c["top"] - last["top"]) > 2 or c["x0"] - last["x1"] > c.get("size", 10) / 3):
            close()
        if c["text"].isspace():
            close()
        else:
            word.append(c)
    close()
    return out


def _inside(box: BBox, within: BBox, slack: float = 2.0) -> bool:
    """A word's middle inside a box (a row outside the tables has a box of its top's height)."""
    x, y = (box[0] + box[2]) / 2, box[1]
    return within[0] - slack <= x <= within[2] + slack and within[1] - slack <= y <= within[3] + slack


def word_boxes(path: Path, found: list[WordMark], password: Optional[str] = None) -> list[WordMark]:
    """Each (page, box, word) with the box narrowed to the printed word's own, found among the
    page's characters inside the box; the box as given when no printed word there reads the same
    (a word joined over a line break, a page read by OCR)."""
    pages = {page for page, _, _ in found}
    printed: dict[int, list[tuple[str, BBox]]] = {}
    for page, number in read_pages(path, password):
        if number in pages:
            printed[number] = _printed_words(page.chars)
    taken: set[tuple[int, int]] = set()
    out: list[WordMark] = []
    for page, box, text in found:
        candidates = [(i, b) for i, (w, b) in enumerate(printed.get(page, []))
                      if (page, i) not in taken and box is not None and _inside(b, box) and text in words_of(w)]
        if candidates:
            i, box = candidates[0]
            taken.add((page, i))
        out.append((page, box, text))
    return [m for m in out if m[1] is not None]


def _row_cells(table: Table, row: int):
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
                         f"{f.where()}: unreadable (table_unreadable), {f.reason}"))
    return out


def _column_name(s: TableSeen, cell) -> str:
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
        return "VoR and control plan (combined)"
    return {"vor": "VoR", "ikp": "control plan"}.get(s.kind or "", str(s.kind))


def table_label(index: int, s: TableSeen) -> str:
    how = "ruled" if s.table.ruled else "unruled"
    if s.ignored:
        return f"table {index} ({how}): ignored, {s.ignored}"
    kind = kind_name(s)
    head = f"header row {s.header_rows}" if s.header_rows == 1 else (
        f"header rows 1-{s.header_rows}" if s.header_rows else "no header (goes on from the page before)")
    if s.inferred:  # no template names its header: say what each column was taken for
        head += "; columns typed by content: " + "; ".join(s.inferred)
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
        if d.what == "unreadable":
            draw.rectangle(box(d.bbox), outline=d.colour, width=LINE)
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
        words = [d.label for d in result.drawn if d.page == page.number and d.what == "word"]
        if words:
            parts.append(f'<p><strong style="color:rgb{MARKED}">{len(words)} word(s) the word audit could '
                         f'not account for</strong> (text_not_in_register; red in the picture): '
                         f'{h.esc(" ".join(words))}</p>')
        if not on_page:
            parts.append('<p class="muted">No table read on this page.</p>')
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
            rows.append([str(i), "ruled" if t.ruled else "unruled", f"{t.n_rows} × {t.n_cols}", what,
                         _header_text(s) or '<span class="muted">none</span>', _first_row(s)])
        parts.append(h.table(["table", "drawn", "rows × columns", "read as", "header → column",
                              "first row"], rows))
        parts.append(f'<p><a href="{h.esc(page.png.name)}"><img src="{h.esc(page.png.name)}" '
                     f'alt="page {page.number} as riskreg read it" loading="lazy" '
                     f'style="max-width:100%;border:1px solid #ccc"></a></p>')
    return h.page(f"riskreg debug: {result.source_file}", "\n".join(parts))
