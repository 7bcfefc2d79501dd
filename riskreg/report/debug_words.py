"""riskreg debug's red words: the words the word audit could not account for, each where it is printed."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..extract.model import BBox
from ..extract.pdfium_reader import read_pages
from ..normalize import build_controls, build_risks
from ..normalize.audit import audit_words, words_of
from .debug_draw import WordMark


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

