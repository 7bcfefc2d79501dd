"""Characters -> text: lines of a cell, joined into one single-spaced string.

Joining lines is where PDFs hurt: Word and LibreOffice break a word too long
for a narrow column without a hyphen ("Konsekven" / "s"), and hyphenating
producers leave "ut-" / "redning". Compounds like "hälso- och sjukvård" keep
their hyphen.

Text turned on its side (a narrow column's header printed bottom to top) is read
in its own direction: its characters are grouped into lines along their baseline
in the frame that turns them upright, and a cell's lines are joined in that frame.
A line keeps its box on the page (``turn`` says how it reads).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from operator import itemgetter

from .lexicon import join_verdict
from .settings import ExtractSettings
from .turn import char_in_frame, to_frame, to_page, turn_of

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
    turn: int = 0  # how far its text is turned counter-clockwise: 0, 90, 180 or 270
    spaced_end: bool = False  # a space glyph is printed after its last one (the wrap LibreOffice keeps)


_BY_X0 = itemgetter("x0")  # a character's left edge, without a call into Python per character
_BY_TOP, _BY_X1, _BY_BOTTOM = itemgetter("top"), itemgetter("x1"), itemgetter("bottom")


def in_line_order(chars: list[dict]) -> list[dict]:
    """Characters sorted by (top rounded to 0.1 pt, x0), each top rounded once (a line's characters
    share it); the keys are made by C-level maps, no Python step per character."""
    tops = list(map(_BY_TOP, chars))
    rounded = {top: round(top, 1) for top in set(tops)}
    keys = list(zip(map(rounded.__getitem__, tops), map(_BY_X0, chars)))
    order = sorted(range(len(chars)), key=keys.__getitem__)
    return list(map(chars.__getitem__, order))


def chars_to_lines(chars: list[dict], settings: ExtractSettings, ordered: bool = False) -> list[Line]:
    """Group characters into lines by their top, then order each line left to right; turned
    characters likewise in the frame that turns them upright (their lines after the upright
    ones), each such line with its box on the page and its ``turn``. ``ordered``: the
    characters come in ``in_line_order`` already (the upright ones are not sorted again)."""
    if not chars:
        return []
    turns = [turn_of(ch) for ch in chars]
    if not any(turns):
        return _upright_lines(chars, settings, ordered)
    lines: list[Line] = []
    for turn in sorted(set(turns)):
        group = [ch for ch, t in zip(chars, turns) if t == turn]
        if not turn:
            lines += _upright_lines(group, settings, ordered)
            continue
        for line in _upright_lines([char_in_frame(ch, turn) for ch in group], settings):
            line.x0, line.top, line.x1, line.bottom = to_page((line.x0, line.top, line.x1, line.bottom), turn)
            line.turn = turn
            lines.append(line)
    return lines


def reading_frame(lines: list[Line], box: tuple | None) -> tuple[list[Line], tuple | None]:
    """A cell's lines and box in the frame its text reads upright in, when all its lines are
    turned alike; else as they are. Joining lines measures along them (how close a line comes
    to the cell's edge), so a turned cell is measured along its turned lines."""
    turn = lines[0].turn if lines else 0
    if not turn or any(line.turn != turn for line in lines):
        return lines, box
    framed = [Line(line.text, *_x_and_top(to_frame((line.x0, line.top, line.x1, line.bottom), turn)),
                   size=line.size, first_width=line.first_width, spaced_end=line.spaced_end) for line in lines]
    return framed, (to_frame(box, turn) if box is not None else None)


def _x_and_top(box: tuple) -> tuple[float, float, float, float]:
    """(x0, x1, top, bottom), Line's order, of a box (x0, top, x1, bottom)."""
    return box[0], box[2], box[1], box[3]


def _upright_lines(chars: list[dict], settings: ExtractSettings, ordered: bool = False) -> list[Line]:
    """``chars_to_lines`` for characters all read upright in the frame they are given in."""
    tolerance, ratio = settings.line_tolerance, settings.space_ratio
    groups: list[list[dict]] = []
    first_top = 0.0
    ordered = chars if ordered else in_line_order(chars)
    for ch, top in zip(ordered, map(_BY_TOP, ordered)):
        if groups and abs(top - first_top) <= tolerance:
            groups[-1].append(ch)
        else:
            groups.append([ch])
            first_top = top
    lines = []
    for g in groups:
        if len(g) > 1:
            g.sort(key=_BY_X0)
        parts: list[str] = []
        prev_x1 = None
        left, right = g[0]["x0"], max(map(_BY_X1, g))
        top, bottom = min(map(_BY_TOP, g)), max(map(_BY_BOTTOM, g))
        for ch in g:
            text = ch["text"]
            if text == " ":
                if parts and parts[-1] == " ":
                    continue
            elif prev_x1 is not None and parts[-1] != " " and \
                    ch["x0"] - prev_x1 > ratio * max(ch.get("size", 10), 1):
                parts.append(" ")
            parts.append(text)
            prev_x1 = ch["x1"]
        text = "".join(parts).strip()
        if text:
            sizes = sorted(c.get("size", 10.0) for c in g)
            lines.append(Line(text, left, right, top, bottom, sizes[len(sizes) // 2],
                              g[0]["x1"] - g[0]["x0"], spaced_end=parts[-1] == " "))
    return lines


def _token(word: str) -> str:
    return word.strip(".,;:()!?\"'").lower()


def _right_edge(lines: list[Line], cell_box: tuple | None) -> float | None:
    """How far a full line of a cell reaches: its right edge less the padding seen on the left."""
    if cell_box is None or not lines:
        return None
    padding = min(line.x0 for line in lines) - cell_box[0]
    return cell_box[2] - max(padding, 0.0)


def _reaches_edge(line: Line, right_edge: float | None, next_first_width: float,
                  settings: ExtractSettings) -> bool:
    """Does a line end so close to its cell's edge that not even one more letter fitted?"""
    return right_edge is not None and right_edge - line.x1 < min(
        next_first_width, settings.forced_break_chars * line.size)


class Vocabulary(set):
    """The document's whole words, and whether its producer breaks words mid-line.

    Word and LibreOffice break a word only on a line of its own; some producers
    (reportlab) fill the rest of a line with a word's start ("av sta" /
    "dsdelsområdets"). ``breaks_mid_line`` is set when the document shows that
    habit on words it also prints whole.
    """

    breaks_mid_line: bool = False

    def has_prefix(self, piece: str) -> bool:
        """Whether a word starts with ``piece``: the first word not sorting before it does, if
        any does (the words starting with ``piece`` sort together, from ``piece`` on)."""
        ordered = self.__dict__.get("_ordered")
        if ordered is None or len(ordered) != len(self):  # built once; a word added: again
            ordered = self._ordered = sorted(self)
        i = bisect.bisect_left(ordered, piece)
        return i < len(ordered) and ordered[i].startswith(piece)


def _forgets_order(name: str):
    method = getattr(set, name)

    def forgetting(self, *args):
        self.__dict__.pop("_ordered", None)
        return method(self, *args)
    forgetting.__name__ = name
    return forgetting


# a word removed (and another added: the same count) must not leave a stale order behind
for _name in ("discard", "remove", "pop", "clear", "difference_update", "intersection_update",
              "symmetric_difference_update", "__isub__", "__iand__", "__ixor__"):
    setattr(Vocabulary, _name, _forgets_order(_name))


def vocabulary(cells_lines: list[list[Line]], boxes: list[tuple] | None = None,
               settings: ExtractSettings | None = None) -> set[str]:
    """Words the document prints whole: never where a broken word's piece could stand.

    A piece of a word broken by a narrow column stands at the end of a line that
    reaches the cell's edge ("Med till v") or at the start of the next line
    ("äsentlighets-", "komelse"). Every other word is whole: words inside a line,
    a cell's first word, the first word after a line that ended short, the last
    word of a line that ended short. Without the cells' boxes, only words after
    a line's first count.
    """
    settings = settings or ExtractSettings()
    if boxes is not None:  # a turned cell measured along its lines (reading_frame)
        framed = [reading_frame(lines, box) for lines, box in zip(cells_lines, boxes)]
        cells_lines, boxes = [f[0] for f in framed], [f[1] for f in framed]
    words = Vocabulary()
    for n, lines in enumerate(cells_lines):
        edge = _right_edge(lines, boxes[n]) if boxes is not None else None
        for i, line in enumerate(lines):
            tokens = line.text.split()
            if edge is None:
                words.update(_token(w) for w in tokens[1:])
                continue
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            full = nxt is not None and _reaches_edge(line, edge, nxt.first_width, settings)
            prev = lines[i - 1] if i else None
            # after a line of one word, a line's first word may be that word's tail
            # even where the geometry does not show it ("Biståndshandlägg" / "ning")
            after_break = prev is not None and (
                _reaches_edge(prev, edge, line.first_width, settings)
                or prev.text.endswith(("-", "/")) or " " not in prev.text.strip())
            keep = tokens[:]
            if keep and (full or (nxt is not None and keep[-1].endswith(("-", "/")))):
                keep = keep[:-1]
            # a cell starting in lower case is the tail of a cell cut by a page break
            cut = prev is None and tokens and tokens[0][:1].islower()
            if (after_break or cut) and keep and keep[0] is tokens[0]:
                keep = keep[1:]
            words.update(_token(w) for w in keep)
    if boxes is not None:
        words.breaks_mid_line = _count_confirmed_mid_line_breaks(cells_lines, boxes, words,
                                                                 settings) >= 2
    return words


def _count_confirmed_mid_line_breaks(cells_lines, boxes, words, settings) -> int:
    """Lines of several words that end at the edge with a piece of a word the document
    prints whole elsewhere ("med till inte" / "rnkontrollplan")."""
    count = 0
    for lines, box in zip(cells_lines, boxes):
        edge = _right_edge(lines, box)
        for prev, line in zip(lines, lines[1:]):
            tokens, nxt = prev.text.split(), line.text.split()
            if len(tokens) < 2 or not nxt or not _reaches_edge(prev, edge, line.first_width, settings):
                continue
            last, tail = _token(tokens[-1]), _token(nxt[0]).rstrip("-")
            if (tail.isalpha() and last.isalpha() and tail not in words and len(last + tail) >= 6
                    and _starts_a_word(last + tail, words)):
                count += 1
    return count


def join_lines(lines: list[Line], cell_box: tuple | None, settings: ExtractSettings,
               words: set[str] | None = None) -> str:
    """Join a cell's lines into one single-spaced string, mending broken words.

    ``words`` is the document's vocabulary (see ``vocabulary``); without it only
    tails of up to three letters count as word fragments. ``cell_box`` (x0, top,
    x1, bottom) tells how far a full line reaches.
    """
    return join_cell_lines(lines, cell_box, settings, words)[0]


def join_cell_lines(lines: list[Line], cell_box: tuple | None, settings: ExtractSettings,
                    words: set[str] | None = None) -> tuple[str, bool]:
    """``join_lines``, and whether a line end was left as printed because neither the
    document nor the word list could tell a broken word from two words (the cell's
    ``uncertain``). A turned cell is joined in the frame its text reads in (``reading_frame``)."""
    lines, cell_box = reading_frame(lines, cell_box)
    right_edge = _right_edge(lines, cell_box)
    text, uncertain = "", False
    for i, line in enumerate(lines):
        if i == 0:
            text = line.text
            continue
        prev = lines[i - 1]
        text, undecided = _join_two(text, line, prev, right_edge, settings, words)
        uncertain = uncertain or undecided
    return " ".join(text.split()), uncertain


def _short_prefix(left: str) -> bool:
    """Does a line end in a hyphen after a one-letter word or an abbreviation in capitals
    ("e-", "IT-", "HSL-")? "ut-" / "redning" is a hyphenated word ("utredning"); a word in
    capitals is joined to the next by its own hyphen ("HSL-dokumentation")."""
    word = left.split()[-1][:-1] if left.split() else ""
    return word.isalpha() and (len(word) == 1 or (len(word) >= 2 and word.isupper()))


def _starts_a_word(piece: str, words: set[str]) -> bool:
    """Is ``piece`` a word of the document, or the start of one (the word may go on
    onto a further line: "inte" + "rnkontrollpl" + "an")?"""
    if piece in words:
        return True
    if isinstance(words, Vocabulary):
        return words.has_prefix(piece)
    return any(w.startswith(piece) for w in words)


def _join_two(left: str, line: Line, prev: Line, right_edge, settings: ExtractSettings,
              words: set[str] | None) -> tuple[str, bool]:
    """Two lines of a cell as one text, and whether the evidence left the join undecided."""
    right = line.text
    first = right.split()[0] if right.split() else ""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha():
        return join_hyphenated(left, right, first), False
    if left.endswith("/") and first[:1].isalpha():
        if prev.spaced_end:  # the space after the slash is printed, at the line's end
            return left + " " + right, False
        joined = join_after_slash(left, right, first, words)
        if joined is not None:
            return joined, False
    if broken_at_edge(left, line, prev, right_edge, settings):
        return join_broken_word(left, right, prev, words, settings)
    return left + " " + right, False


def join_hyphenated(left: str, right: str, first: str) -> str:
    """A line ending in a hyphen after a letter, and the next line (its first word ``first``)."""
    hanging = first.strip(".,").lower() in _AFTER_HANGING_HYPHEN
    if _short_prefix(left) and not hanging:
        return left + right  # "e-" + "post", "IT-" + "stöd": the hyphen is the word's own
    if first[:1].islower() and not hanging:
        return left[:-1] + right  # "ut-" + "redning"
    if first[:1].isupper():
        return left + right  # "Hägersten-" + "Liljeholmens"
    return left + " " + right  # "hälso-" + "och sjukvård"


def join_after_slash(left: str, right: str, first: str, words: set[str] | None) -> str | None:
    """A line ending in a slash, and the next line starting with a letter; None when the slash
    tells nothing (the line end is then judged as any other)."""
    # "Avvikelsehantering/" + "rapportering": a break after the slash, unless the
    # document prints that word with a space after its slash mid-line ("vårdskador/ ...")
    # A producer that breaks overlong words by characters breaks nowhere else but
    # at a space: its slash at the end of a line that did not fill it had a space
    # after it ("rapporter/ registreringar").
    # (At the cell's edge too: a break by characters lands right after the slash
    # only when not even the next letter fits; a wrap, whenever the next word does not.)
    if getattr(words, "breaks_mid_line", False) and not _starts_a_word(
            _token(left.split()[-1] + first), words):
        return left + " " + right
    if words is None or _token(left.split()[-1]) not in words:
        return left + right
    return None


def broken_at_edge(left: str, line: Line, prev: Line, right_edge, settings: ExtractSettings) -> bool:
    """Could this line end be a word broken where it hit the cell's edge?

    The line ends so close to the edge that not even the next letter fitted, and
    the next line starts in lower case; a line ending in punctuation ("prognoser,"
    / "rörlighet") ends a word. Producers break only a word longer than a whole
    line, so the two pieces together must be too long for one.
    """
    first = line.text.split()[0] if line.text.split() else ""
    tail = _token(first).rstrip("-")
    return (right_edge is not None and tail.isalpha() and first[:1].islower() and left[-1:].isalpha()
            and _too_long_for_a_line(left, line, prev, right_edge)
            and _reaches_edge(prev, right_edge, line.first_width, settings))


def _too_long_for_a_line(left: str, line: Line, prev: Line, right_edge: float) -> bool:
    """Would the last word of ``left`` and the first of ``line`` together overfill a line?
    (Widths estimated from the lines' letters.)"""
    right = line.text
    first = right.split()[0] if right.split() else ""
    last_word = left.split()[-1] if left.split() else ""
    letter = (prev.x1 - prev.x0) / max(len(prev.text), 1)
    next_letter = (line.x1 - line.x0) / max(len(right), 1)
    # (within a letter: the widths are estimates)
    return (letter * (len(last_word) + 1) + next_letter * len(first) > right_edge - prev.x0 - letter
            # ... or the tail fills its own line too, so the word goes on further
            or (" " not in right.strip() and right_edge - line.x1 < line.size))


def join_broken_word(left: str, right: str, prev: Line, words: set[str] | None,
                     settings: ExtractSettings) -> tuple[str, bool]:
    """A line end that may break a word (``broken_at_edge``) as the words decide, and whether
    they left it undecided.

    Geometry alone cannot tell "Trygghetsskapande" / "arbete" (a wrap) from
    "Biståndshandläggnin" / "g" (a break). The document printing the joined word
    whole decides for a join; else the Swedish word list (extract.lexicon) decides
    when one reading is clearly more Swedish; else the text stays as printed and
    the cell is marked uncertain.
    """
    tail = _token(right.split()[0]).rstrip("-")
    if words is None:
        is_break = " " not in prev.text and len(tail) <= 3 and tail not in _SHORT_WORDS
        return (left + right if is_break else left + " " + right), False
    # the piece before the break: the last word, after its last slash or hyphen
    # ("Avvikelsehantering/rapporterin" / "g")
    last = re.split(r"[/-]", _token(left.split()[-1]))[-1] if left.split() else ""
    # the document prints the whole word: the strongest evidence
    if last.isalpha() and _starts_a_word(last + tail, words):
        return left + right, False
    # Word and LibreOffice break a word only on a line of its own: after other
    # words on the line, a piece of one or two letters is the only break they show
    if (not getattr(words, "breaks_mid_line", False) and " " in prev.text.strip()
            and not (len(last) <= 2 and last not in words and last not in _SHORT_WORDS)):
        return left + " " + right, False
    # a word printed only once: does it read better as one Swedish word or two?
    loose = getattr(words, "breaks_mid_line", False)
    margin = settings.rare_break_margin if tail in words and not loose else settings.join_margin
    verdict = join_verdict(last, tail, margin, settings) if last.isalpha() else None
    if verdict is None:
        # the document printing the second piece as a word of its own is evidence
        # for two words; without it the text stays as printed, said to be undecided
        return left + " " + right, tail not in words
    return (left + right if verdict else left + " " + right), False
