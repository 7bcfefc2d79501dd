"""Characters -> text: lines of a cell, joined into one single-spaced string.

Joining lines is where PDFs hurt: Word and LibreOffice break a word too long
for a narrow column without a hyphen ("Konsekven" / "s"), and hyphenating
producers leave "ut-" / "redning". Compounds like "hälso- och sjukvård" keep
their hyphen.
"""
from __future__ import annotations

from dataclasses import dataclass

from .settings import ExtractSettings

# Swedish words that follow a compound's hanging hyphen: "hälso- och sjukvård"
_AFTER_HANGING_HYPHEN = {"och", "eller", "samt", "respektive", "resp", "till", "som", "med"}
# Short Swedish words that can start a line on their own after a long word; any
# other 1-3 letter fragment after a line-filling word is the tail of a broken word.
_SHORT_WORDS = {"i", "å", "ö", "av", "på", "en", "ej", "om", "så", "nu", "ny", "de", "du", "vi",
                "är", "år", "få", "gå", "se", "ha", "ta", "ge", "jag", "och", "att", "som", "med",
                "för", "den", "det", "ett", "till", "vid", "mot", "per", "nya", "kan", "har", "man",
                "sig", "tid", "bra", "all", "alla", "inte", "hur", "var", "vad", "eu", "it"}


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 10.0
    first_width: float = 5.0  # width of the line's first character


def dedupe_chars(chars: list[dict], settings: ExtractSettings) -> list[dict]:
    """Drop characters printed twice at almost the same place (bold faked by overprinting)."""
    out: list[dict] = []
    tol = settings.duplicate_tolerance
    recent: dict[str, list[dict]] = {}
    for ch in chars:
        seen = recent.setdefault(ch["text"], [])
        if any(abs(ch["x0"] - o["x0"]) < tol and abs(ch["top"] - o["top"]) < tol for o in seen[-4:]):
            continue
        seen.append(ch)
        out.append(ch)
    return out


def chars_to_lines(chars: list[dict], settings: ExtractSettings) -> list[Line]:
    """Group characters into lines by their top, then order each line left to right."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"]))
    groups: list[list[dict]] = []
    for ch in ordered:
        if groups and abs(ch["top"] - groups[-1][0]["top"]) <= settings.line_tolerance:
            groups[-1].append(ch)
        else:
            groups.append([ch])
    lines = []
    for g in groups:
        g.sort(key=lambda c: c["x0"])
        parts: list[str] = []
        prev = None
        for ch in g:
            if prev is not None and ch["text"] != " " and parts and parts[-1] != " ":
                gap = ch["x0"] - prev["x1"]
                if gap > settings.space_ratio * max(ch.get("size", 10), 1):
                    parts.append(" ")
            if ch["text"] == " " and parts and parts[-1] == " ":
                continue
            parts.append(ch["text"])
            prev = ch
        text = "".join(parts).strip()
        if text:
            sizes = sorted(c.get("size", 10.0) for c in g)
            lines.append(Line(text, min(c["x0"] for c in g), max(c["x1"] for c in g),
                              min(c["top"] for c in g), max(c["bottom"] for c in g),
                              sizes[len(sizes) // 2], g[0]["x1"] - g[0]["x0"]))
    return lines


def _token(word: str) -> str:
    return word.strip(".,;:()!?\"'").lower()


def vocabulary(cells_lines: list[list[Line]]) -> set[str]:
    """Words the document prints somewhere other than at the start of a line.

    A line-start fragment such as "komelse" (of "Samverkansöverens-komelse",
    broken by a narrow column) is never printed mid-line; a real word is.
    """
    words: set[str] = set()
    for lines in cells_lines:
        for line in lines:
            words.update(_token(w) for w in line.text.split()[1:])
    return words


def join_lines(lines: list[Line], cell_box: tuple | None, settings: ExtractSettings,
               words: set[str] | None = None) -> str:
    """Join a cell's lines into one single-spaced string, mending broken words.

    ``words`` is the document's vocabulary (see ``vocabulary``); without it only
    tails of up to three letters count as word fragments. ``cell_box`` (x0, top,
    x1, bottom) tells how far a full line reaches: its right edge less the padding
    seen on the left.
    """
    right_edge = None
    if cell_box is not None and lines:
        padding = min(line.x0 for line in lines) - cell_box[0]
        right_edge = cell_box[2] - max(padding, 0.0)
    text = ""
    for i, line in enumerate(lines):
        if i == 0:
            text = line.text
            continue
        prev = lines[i - 1]
        text = _join_two(text, line.text, prev, right_edge, settings, words, line.first_width)
    return " ".join(text.split())


def _join_two(left: str, right: str, prev: Line, right_edge, settings: ExtractSettings,
              words: set[str] | None, line_first_width: float) -> str:
    first = right.split()[0] if right.split() else ""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha():
        if first[:1].islower() and first.strip(".,").lower() not in _AFTER_HANGING_HYPHEN:
            return left[:-1] + right  # "ut-" + "redning"
        if first[:1].isupper():
            return left + right  # "Hägersten-" + "Liljeholmens"
        return left + " " + right  # "hälso-" + "och sjukvård"
    if left.endswith("/") and first[:1].isalpha():
        return left + right  # "Avvikelsehantering/" + "rapportering": a break after the slash
    # a single word filling the line to the cell's edge was broken where it hit the edge
    # A word is broken only where not even its next letter fitted. Geometry alone cannot tell "Trygghetsskapande" / "arbete" (a wrap) from
    # "Biståndshandläggnin" / "g" (a break), so the tail must also be no word.
    tail = _token(first)
    if (right_edge is not None and " " not in prev.text and tail.isalpha() and first[:1].islower()
            and tail not in _SHORT_WORDS
            and right_edge - prev.x1 < min(line_first_width, settings.forced_break_chars * prev.size)):
        is_fragment = tail not in words if words is not None else len(tail) <= 3
        if is_fragment:
            return left + right
    return left + " " + right
