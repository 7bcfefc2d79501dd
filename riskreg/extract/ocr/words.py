"""Tesseract's words: a cell's lines, a page's free words, and words as characters."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import tesseract
from ..text import Line
from .image import _cv2


def _api():
    return tesseract.engine()


_EDGE_JUNK = "|:;\"'”“=_~^`"


def _junk(word: str, confidence: float) -> bool:
    """A doubtful word of punctuation or one or two letters: dust or the rest of a line."""
    letters = sum(ch.isalnum() for ch in word)
    if letters == 0:
        return confidence < 90 and word not in ("-", "–", "&")
    return confidence < 50 and letters <= 2 and not word.isalnum()


def _trim(word: str, confidence: float) -> str:
    """A doubtful word loses the stray marks Tesseract glued to it (dust, a line's rest)."""
    if confidence >= 80:
        return word
    core = word.strip(_EDGE_JUNK)
    return core if any(ch.isalnum() for ch in core) else word


def _read_lines(image: np.ndarray, left: float, top: float, point: float) -> tuple[list[Line], float | None]:
    """Tesseract's lines of one image (a cell), in PDF points; and the lowest word confidence."""
    tesserocr = tesseract.module("tesserocr")
    from PIL import Image
    api = _api()
    api.SetImage(Image.fromarray(image))
    api.Recognize()
    lines: list[Line] = []
    lowest = None
    words: list[tuple] = []

    def close_line():
        if not words:
            return
        text = " ".join(w[0] for w in words)
        x0 = min(w[1] for w in words)
        x1 = max(w[3] for w in words)
        y0 = min(w[2] for w in words)
        y1 = max(w[4] for w in words)
        first = words[0]
        first_width = (first[3] - first[1]) / max(len(first[0]), 1)
        height = (y1 - y0) / point
        lines.append(Line(text, left + x0 / point, left + x1 / point, top + y0 / point,
                          top + y1 / point, size=max(height, 4.0), first_width=first_width / point))
        words.clear()

    it = api.GetIterator()
    level = tesserocr.RIL.WORD
    if it is None:
        return [], None
    while True:
        try:
            text = it.GetUTF8Text(level)
        except RuntimeError:  # an empty block
            text = None
        if text and text.strip():
            if it.IsAtBeginningOf(tesserocr.RIL.TEXTLINE):
                close_line()
            box = it.BoundingBox(level)
            conf = it.Confidence(level)
            if box is not None and not _junk(text.strip(), conf):
                words.append((_trim(text.strip(), conf), *box))
                lowest = conf if lowest is None else min(lowest, conf)
        if not it.Next(level):
            break
    close_line()
    return lines, lowest


@dataclass
class OcrWord:
    """A word Tesseract read, in pixels: its box, the baseline of its line and the line's
    font size (ascender to descender), and its confidence."""

    text: str
    x0: int
    x1: int
    baseline: float
    size: float
    confidence: float
    #: the mark's own image, when it was read alone (``missed_words``): read again as digits
    #: when its column holds numbers
    image: np.ndarray | None = None


def read_words(image: np.ndarray) -> list[OcrWord]:
    """Every word of an image (Tesseract's page layout) with its box and its line's baseline."""
    tesserocr = tesseract.module("tesserocr")
    from PIL import Image
    api = _api()
    # the page's layout analysis reads prose and headings best; what it drops (a lone digit in
    # a column of its own) ``missed_words`` reads
    api.SetPageSegMode(tesserocr.PSM.AUTO)
    try:
        api.SetImage(Image.fromarray(image))
        api.Recognize()
        it = api.GetIterator()
        words: list[OcrWord] = []
        if it is None:
            return words
        baseline, size = None, 0.0
        while True:
            if it.IsAtBeginningOf(tesserocr.RIL.TEXTLINE):
                baseline = it.Baseline(tesserocr.RIL.TEXTLINE)
                row = it.RowAttributes()
                size = float(row["row_height"] - row["descenders"])
            try:
                text = (it.GetUTF8Text(tesserocr.RIL.WORD) or "").strip()
            except RuntimeError:  # an empty block
                text = ""
            box = it.BoundingBox(tesserocr.RIL.WORD)
            if text and box is not None and baseline is not None:
                conf = it.Confidence(tesserocr.RIL.WORD)
                if not _junk(text, conf):
                    (bx0, by0), (bx1, by1) = baseline
                    middle = (box[0] + box[2]) / 2
                    y = by0 if bx1 == bx0 else by0 + (by1 - by0) * (middle - bx0) / (bx1 - bx0)
                    # a short word's image is kept: a number column's cell is read again
                    pad = 8
                    image_part = (image[max(box[1] - pad, 0):box[3] + pad, max(box[0] - pad, 0):box[2] + pad]
                                  if len(text) <= 3 else None)
                    words.append(OcrWord(_trim(text, conf), box[0], box[2], y, size or box[3] - box[1],
                                         conf, image=image_part))
            if not it.Next(tesserocr.RIL.WORD):
                break
        return words
    finally:
        api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)


def missed_words(image: np.ndarray, words: list[OcrWord], point: float) -> list[OcrWord]:
    """The marks Tesseract's page read passed over (a lone digit in a column of its own, a
    tick), each read alone: ink that, its letters joined into words, no word's box covers."""
    tesserocr = tesseract.module("tesserocr")
    cv2 = _cv2()
    ink = (cv2.medianBlur(image, 3) < 128).astype(np.uint8)
    # letters joined into words across 2.5 pt ("(1-4)": a thin hyphen the blur wipes)
    kh, kw = max(int(0.6 * point), 1), max(int(2.5 * point), 1)
    joined = cv2.dilate(ink, np.ones((kh, kw), np.uint8))
    covered = np.zeros_like(ink)
    for word in words:
        half = word.size * 0.5
        covered[max(int(word.baseline - 1.6 * half), 0):int(word.baseline + 0.6 * half),
                max(word.x0 - 2, 0):word.x1 + 2] = 1
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    found: list[OcrWord] = []
    api = _api()
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        # the ink's own box: the dilation grew it by half the kernel on each side
        x, y, w, h = x + kw // 2, y + kh // 2, max(w - kw + 1, 1), max(h - kh + 1, 1)
        # letter-sized (2.5-20 pt high), not covered by a word already read
        if not (2.5 * point <= h <= 20 * point and w <= 60 * point):
            continue
        if covered[y:y + h, x:x + w].mean() > 0.3:
            continue
        pad = int(2 * point)
        crop = image[max(y - pad, 0):y + h + pad, max(x - pad, 0):x + w + pad]
        api.SetPageSegMode(tesserocr.PSM.SINGLE_LINE)
        try:
            lines, confidence = _read_lines(cv2.copyMakeBorder(crop, 12, 12, 12, 12, cv2.BORDER_CONSTANT,
                                                               value=255), 0.0, 0.0, 1.0)
        finally:
            api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)  # the mode cells are read in
        text = " ".join(line.text for line in lines).strip()
        if text and confidence is not None:
            # no descender in a digit or a tick: the mark's bottom is its baseline, its height
            # three quarters of the type's size
            found.append(OcrWord(text, int(x), int(x + w), float(y + h), h / 0.73, confidence,
                                 image=crop if len(text) <= 4 else None))
    return found


def words_to_chars(words: list[OcrWord], point: float) -> list[dict]:
    """OCR words as the characters a text layer gives (PDF points): a word's box shared evenly
    among its letters; every letter of a line stands on the line's baseline with the line's
    size, so the words of one printed line share a top, as printed characters do. Each
    character keeps its word's confidence."""
    chars = []
    for word in words:
        size = word.size / point
        top, bottom = word.baseline / point - 0.76 * size, word.baseline / point + 0.24 * size
        step = (word.x1 - word.x0) / point / len(word.text)
        for i, letter in enumerate(word.text):
            x0 = word.x0 / point + i * step
            chars.append({"text": letter, "x0": x0, "x1": x0 + step, "top": top, "bottom": bottom,
                          "doctop": top, "size": size, "upright": True, "confidence": word.confidence,
                          "image": word.image if i == 0 else None})
    return chars
