"""The records reader: a register written as records, one record per risk, not as one table.

Planning systems (Stratsys, Hypergene) and Word documents print a register as records: under a
goal heading and a process heading, per risk a bold title, a description of one or more
paragraphs, then the risk's fields as labelled lines (``Sannolikhet: 3 – Möjlig``) or as a small
two-column table (the label left, the value right, its lines under the value). How a template's
records read is its ``[records]`` section (templates/records.py), handed in with the header
matcher (``header_matcher.records``); without one the reader does not run.

The reader sees each page's characters before any other reader takes them (a key-value table is
drawn with lines: the ruled reader reads it as a small table of its own, dropped again in
``finish`` when it lies inside a record). Over every page at once, in reading order:

- page furniture (a line printed on most pages, its digits aside) is left out;
- a bold line larger than the body is a heading: its size says its level (the largest the first
  of ``headings``), wrapped lines of one size are one heading, and a heading clears those below it;
- a record starts at a bold line of the body's size (its title, wrapped lines joined) or at a line
  starting with a label of the title's field (``Risk: ...``);
- a line starting with a label (``Label: value``, or the label and a gap) starts that field; the
  lines after it, up to the next label, go on its value (a record broken across a page too);
  a label no template column names (``Kommentar:``) keeps its text in a column of its own;
- the lines between the title and the first label are its paragraphs.

A document is read as records when ``min_records`` records carry two labels or more. Each page
where records start gives one Table: a header row of the template's wordings, one row per record
(a record on the page it starts), each cell with its page and the box of its value's characters;
the normalize stage reads it as a combined register table (risk and control in one row).
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .. import char_boxes
from ..model import BBox, Cell, Table
from ..text import _BY_BOTTOM, _BY_TOP, _BY_X0, _BY_X1
from ..unruled import _char_lines, _segments
from .base import PageObjects, Reader, register

#: "Label: value" at a line's start: a label of one to three words before a colon
_UNKNOWN_LABEL = re.compile(r"^([A-ZÅÄÖ][\wåäöÅÄÖ/-]*(?: [\wåäöÅÄÖ/-]+){0,2}):\s*(.*)$")


@dataclass
class _Line:
    """One printed line: its page, place, runs of text, characters, size and whether all is bold."""

    page: int
    top: float
    runs: list
    chars: list[dict]
    size: float
    bold: bool

    @property
    def text(self) -> str:
        return " ".join(r.text for r in self.runs)


@dataclass
class _Value:
    """A field's text and the characters it was read from, each with its page."""

    text: str = ""
    chars: list[tuple[int, dict]] = field(default_factory=list)

    def add(self, text: str, page: int, chars: list[dict]) -> None:
        self.text = f"{self.text} {text}".strip() if text else self.text
        self.chars += [(page, c) for c in chars]


@dataclass
class _Record:
    """One record: the page it starts on, the headings above it and its fields in the order met."""

    page: int
    headings: dict[str, _Value]
    fields: dict[str, _Value] = field(default_factory=dict)
    last: Optional[str] = None
    labelled: int = 0
    value_x: Optional[float] = None


@register
class RecordsReader(Reader):
    """Keeps every page's characters as they come (before the others take any; those inside the
    grids the others find on it are let go once they have read it), reads the records
    once every page is seen, and drops the small tables other readers found inside them."""

    name = "records"
    order = 15
    title = "records: per risk a title, a description and labelled fields, under goal and process headings"
    settings = ("line_tolerance", "column_gap_ratio", "space_ratio")

    def __init__(self, reading):
        super().__init__(reading)
        self.pages: list[tuple[PageObjects, list[dict], np.ndarray]] = []
        self.tables: list[Table] = []

    @classmethod
    def wanted(cls, settings, header_matcher=None) -> bool:
        return bool(getattr(header_matcher, "records", ()))

    def read_page(self, page: PageObjects) -> list[Table]:
        self._narrow_last()
        self.pages.append((page, list(page.chars), page.boxes()))
        return []

    def _narrow_last(self) -> None:
        """The page kept last, once the readers after this one have read it, keeps only its
        characters outside the grids found on it so far (the same characters ``read_document``
        would keep of it, whatever grids are found later): a long document does not hold every
        character of every page until its end (a 735-page archive held 1 GB)."""
        if not self.pages:
            return
        page, chars, boxes = self.pages[-1]
        grids = _grids(page)
        if grids and chars:
            outside = ~_inside_any(boxes, grids)
            self.pages[-1] = (page, char_boxes.pick(chars, outside), boxes[outside])

    def read_document(self, pages: list[PageObjects]) -> list[Table]:
        settings = self.reading.settings
        grids = {p.number: _grids(p) for p in pages}
        lines = [line for page, chars, boxes in self.pages
                 for line in _page_lines(page.number, _outside_grids(chars, boxes, grids.get(page.number)),
                                         settings)]
        self.pages = []
        lines = _without_furniture(lines)
        best: list[Table] = []
        for layout in self.reading.header_matcher.records:
            tables = read_records(lines, layout)
            if len(tables) > len(best) or (tables and not best):
                best = tables
        for table in best:  # a key-value table's box reaches past its text: the records' box takes it in
            boxes = [b for p in pages if p.number == table.page for b in p.taken if _overlaps(b, table.bbox)]
            table.bbox = _union([table.bbox, *boxes])
        self.tables = best
        return best

    def finish(self, tables: list[Table]) -> None:
        """Another reader's table inside a record (a key-value table drawn with lines) is the record's."""
        mine = [t for t in tables if t.reader == self.name]
        tables[:] = [t for t in tables if t.reader == self.name
                     or not any(m.page == t.page and _inside(t.bbox, m.bbox) for m in mine)]


def _outside_grids(chars: list[dict], box, grids: Optional[list[BBox]]) -> list[dict]:
    """The characters outside every grid another reader found on the page (a table of three
    columns or more: a register, not a record's two-column key-value table), whose lines are no
    record's."""
    if not grids or not chars:
        return chars
    return char_boxes.pick(chars, ~_inside_any(box, grids))


def _grids(page: PageObjects) -> list[BBox]:
    """The boxes of the grids found on the page so far (tables of three columns or more)."""
    return [t.bbox for t in page.found if t.n_cols >= 3]


def _inside_any(box, grids: list[BBox]) -> np.ndarray:
    """Whether each character's centre lies inside one of the grids."""
    inside = np.zeros(len(box), dtype=bool)
    for grid in grids:
        inside |= char_boxes.centre_in(box, grid)
    return inside


def _inside(inner: BBox, outer: BBox, tol: float = 2.0) -> bool:
    return (outer[0] - tol <= inner[0] and inner[2] <= outer[2] + tol
            and outer[1] - tol <= inner[1] and inner[3] <= outer[3] + tol)


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _page_lines(number: int, chars: list[dict], settings) -> list[_Line]:
    """A page's lines in reading order, each with its runs (split at gaps wider than a column gap)."""
    out = []
    for line_chars in _char_lines(chars, settings.line_tolerance):
        sizes = sorted(c.get("size", 10.0) for c in line_chars)
        bold = all("bold" in str(c.get("fontname", "")).lower() for c in line_chars)
        out.append(_Line(number, min(map(_BY_TOP, line_chars)), _segments(line_chars, settings),
                         line_chars, sizes[len(sizes) // 2], bold))
    return out


def _without_furniture(lines: list[_Line]) -> list[_Line]:
    """The lines less page furniture: a text (its digits aside) printed at one height on two pages
    or more, and on half the pages or more (a record's labelled lines recur on every page, but not
    at one height; a line of one page is no furniture, even in a document of two)."""
    pages = {line.page for line in lines}
    if len(pages) < 2:
        return lines

    def key(line: _Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text), round(line.top / 2)

    seen: dict[tuple[str, int], set[int]] = {}
    for line in lines:
        seen.setdefault(key(line), set()).add(line.page)
    return [line for line in lines if len(seen[key(line)]) < 2 or len(seen[key(line)]) * 2 < len(pages)]


def _body_size(lines: list[_Line]) -> float:
    sizes = sorted(line.size for line in lines for _ in line.chars) or [10.0]
    return sizes[len(sizes) // 2]


def _label_chars(words: str) -> int:
    return len(words.replace(" ", ""))


def known_label(line: _Line, layout) -> Optional[tuple[str, str, list[dict]]]:
    """(field, value text, value characters) of a line starting with a label of the layout
    (``Label: value``, or in a key-value table the label alone in its run and the value after a
    gap); None when it starts with none. The longest wording wins ("Riskvärde" before "Risk")."""
    text = line.text
    first = line.runs[0].text.strip().rstrip(":").strip()
    lower, first_lower = text.lower(), first.lower()
    whole = text.strip().rstrip(":").strip().lower()
    for name, word, word_lower in _wordings(layout):
        if lower.startswith(word_lower) and text[len(word):].lstrip().startswith(":"):
            value = text[len(word):].lstrip()[1:].strip()
            return name, value, line.chars[_label_chars(word) + 1:]
        if first_lower == word_lower and len(line.runs) > 1:
            return name, " ".join(r.text for r in line.runs[1:]), line.chars[_label_chars(line.runs[0].text):]
        if whole == word_lower:
            return name, "", []  # the label of a field left empty
    return None


@lru_cache(maxsize=32)
def _wordings(layout) -> tuple[tuple[str, str, str], ...]:
    """The layout's (field, wording, wording in lower case), the longest wording first."""
    return tuple((n, w, w.lower()) for n, w in sorted(((n, w) for n, ws in layout.labels for w in ws),
                                                      key=lambda p: -len(p[1])))


def unknown_label(line: _Line, record: _Record) -> Optional[tuple[str, str, list[dict]]]:
    """(label, value, value characters) of a line in a record's fields that starts with a label
    no column names: ``Label: value``, or a key-value row whose value starts where the record's
    other values do. None for a line that goes on a value."""
    match = _UNKNOWN_LABEL.match(line.text)
    if match:
        return match.group(1), match.group(2).strip(), line.chars[_label_chars(match.group(1)) + 1:]
    runs = line.runs
    if (record.value_x is not None and len(runs) > 1 and abs(runs[1].x0 - record.value_x) <= 2.0
            and runs[0].x0 < record.value_x - 2.0 and len(runs[0].text.split()) <= 3):
        label = runs[0].text.strip().rstrip(":").strip()
        return label, " ".join(r.text for r in runs[1:]), line.chars[_label_chars(runs[0].text):]
    return None


def heading_levels(lines: list[_Line], layout, body: float) -> dict[float, str]:
    """Heading size -> the field it carries: the bold sizes larger than the body, largest first,
    matched to ``layout.headings`` from the smallest up (a larger one beyond them, the document's
    own title, carries none)."""
    sizes = sorted({round(line.size * 2) / 2 for line in lines if _is_heading(line, body)}, reverse=True)
    sizes = sizes[-len(layout.headings):] if layout.headings else []
    return dict(zip(sizes, layout.headings))


def _is_heading(line: _Line, body: float) -> bool:
    return line.bold and line.size > body + 0.75


def _is_title(line: _Line, body: float) -> bool:
    return line.bold and abs(line.size - body) <= 0.75


@dataclass
class _Walk:
    """Where the reading of the records stands: the headings above, the records so far, the
    kind of the line before (to join a wrapped heading or title) and what belongs to no record."""

    headings: dict[str, _Value] = field(default_factory=dict)
    heading_size: Optional[float] = None
    records: list[_Record] = field(default_factory=list)
    before: str = ""
    unplaced: list[_Line] = field(default_factory=list)
    region: list[_Line] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    #: each region line's record (None: a heading, or text under no record)
    owner: dict[int, Optional[_Record]] = field(default_factory=dict)


def walk_records(lines: list[_Line], layout) -> _Walk:
    """The records of the lines, in reading order (see the module); the lines before the first
    heading or record (a title page, an introduction) are no part of them."""
    body = _body_size(lines)
    levels = heading_levels(lines, layout, body)
    walk = _Walk()
    for line in lines:
        level = levels.get(round(line.size * 2) / 2) if _is_heading(line, body) else None
        if level is not None:
            _heading(walk, line, level, layout)
        elif _is_heading(line, body):
            walk.before = "other"  # a title larger than every heading: the document's own
            continue
        elif _is_title(line, body) and "bold" in layout.start and known_label(line, layout) is None:
            _title(walk, line, layout)
        elif walk.region or (known_label(line, layout) or ("",))[0] == layout.title:
            _field_line(walk, line, layout)
        else:
            continue
        walk.owner[id(line)] = walk.records[-1] if walk.records and walk.before != "heading" else None
        walk.region.append(line)
    return walk


def _heading(walk: _Walk, line: _Line, level: str, layout) -> None:
    """A heading line: the rest of the heading above when it has its size, else a new one that
    clears the headings below it."""
    if walk.before == "heading" and abs((walk.heading_size or 0) - line.size) <= 0.25 and level in walk.headings:
        walk.headings[level].add(line.text, line.page, line.chars)
    else:
        below = layout.headings[layout.headings.index(level):]
        walk.headings = {k: v for k, v in walk.headings.items() if k not in below}
        walk.headings[level] = _Value()
        walk.headings[level].add(line.text, line.page, line.chars)
    walk.before, walk.heading_size = "heading", line.size


def _title(walk: _Walk, line: _Line, layout) -> None:
    """A bold line of the body's size: the rest of the title above, or a new record's title."""
    record = walk.records[-1] if walk.records else None
    if walk.before == "title" and record is not None and record.last == layout.title:
        record.fields[layout.title].add(line.text, line.page, line.chars)
    else:
        _start(walk, line.page, layout, line.text, line.chars)
    walk.before = "title"


def _start(walk: _Walk, page: int, layout, text: str, chars: list[dict]) -> _Record:
    record = _Record(page, dict(walk.headings))
    record.fields[layout.title] = _Value()
    record.fields[layout.title].add(text, page, chars)
    record.last = layout.title
    walk.records.append(record)
    return record


def _field_line(walk: _Walk, line: _Line, layout) -> None:
    """A line that is no heading or title: a label starting a field (or a record), else the rest
    of the field above, or a paragraph under the title; text under no record is unplaced."""
    record = walk.records[-1] if walk.records else None
    label = known_label(line, layout)
    if label is not None and label[0] == layout.title and "label" in layout.start:
        _start(walk, line.page, layout, label[1], label[2])
        walk.before = "label"
        return
    if record is None:
        walk.unplaced.append(line)
        walk.before = "other"
        return
    if label is None and record.labelled:
        label = unknown_label(line, record)
        if label is not None and label[0] not in walk.unknown:
            walk.unknown.append(label[0])
    elif label is not None:
        record.labelled += 1
    if label is not None:
        name, value, chars = label
        record.fields.setdefault(name, _Value()).add(value, line.page, chars)
        record.last = name
        if len(line.runs) > 1:
            record.value_x = line.runs[1].x0
    else:
        name = record.last if record.labelled else layout.paragraphs
        record.fields.setdefault(name, _Value()).add(line.text, line.page, line.chars)
        record.last = name
    walk.before = "label" if label is not None else "text"


def read_records(lines: list[_Line], layout) -> list[Table]:
    """The records tables of the lines (one per page where records start), or none when fewer
    than ``layout.min_records`` records carry two labels or more."""
    walk = walk_records(lines, layout)
    kept = [r for r in walk.records if r.labelled >= 2]
    if len(kept) < layout.min_records:
        return []
    placed_nowhere = {id(line) for line in walk.unplaced}
    for line in walk.region:  # a record of fewer labels is none: its text is in the table, in no cell
        owner = walk.owner[id(line)]
        if owner is not None and owner.labelled < 2 and id(line) not in placed_nowhere:
            walk.unplaced.append(line)
            placed_nowhere.add(id(line))
    columns = _columns(kept, layout, walk.unknown)
    region: dict[int, list[_Line]] = {}
    for line in walk.region:
        region.setdefault(line.page, []).append(line)
    unplaced: dict[int, list[str]] = {}
    for line in walk.unplaced:
        unplaced.setdefault(line.page, []).append(line.text)
    return [t for page in sorted(region)
            if (t := _page_table(page, [r for r in kept if r.page == page], columns, layout, region[page],
                                 unplaced.get(page, []))) is not None]


def _columns(records: list[_Record], layout, unknown: list[str]) -> list[str]:
    """The table's columns: the headings' fields, the title, the paragraphs, the known labels met
    (in the template's order) and the unknown labels (in the order met)."""
    met = {name for r in records for name in [*r.headings, *r.fields]}
    known = [layout.title, layout.paragraphs, *[name for name, _ in layout.labels]]
    ordered = [n for n in layout.headings if n in met] + [n for n in dict.fromkeys(known)
                                                            if n in met and n not in layout.headings]
    return ordered + [u for u in unknown if u in met and u not in ordered]


def _box(chars: list[dict]) -> BBox:
    return (min(map(_BY_X0, chars)), min(map(_BY_TOP, chars)), max(map(_BY_X1, chars)), max(map(_BY_BOTTOM, chars)))


def _page_table(page: int, records: list[_Record], columns: list[str], layout, region: list[_Line],
                unplaced: list[str]) -> Optional[Table]:
    """One page's table: the header row of the columns' wordings, a row per record starting on it,
    its box around every line of records and headings printed on the page (``region``, the walk's
    lines on the page; ``unplaced``, the texts there in no record)."""
    on_page = [c for ln in region for c in ln.chars]
    if not on_page:
        return None
    bbox = _box(on_page)
    corner = (bbox[0], bbox[1], bbox[0], bbox[1])
    cells = [Cell(layout.wording(name) if name in dict(layout.labels) else name, page, corner, 0, col)
             for col, name in enumerate(columns)]
    for row, record in enumerate(records, start=1):
        values = {**record.headings, **record.fields}
        title = values[layout.title].chars
        for col, name in enumerate(columns):
            value = values.get(name)
            if value is None or not value.chars:
                cells.append(Cell("", page, (*_box([c for _, c in title])[:2],) * 2, row, col))
                continue
            first = value.chars[0][0]
            cells.append(Cell(value.text, first, _box([c for p, c in value.chars if p == first]), row, col))
    table = Table(page, bbox, len(records) + 1, len(columns), cells, col_edges=[], ruled=False)
    table.unplaced = unplaced
    return table
