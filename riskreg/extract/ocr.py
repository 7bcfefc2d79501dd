"""Scanned pages: the table's grid from the image, each cell read by Tesseract.

A page without a text layer (or with an OCR layer but no drawn lines) is
rendered with pdfium, deskewed by its longest ruling lines, and its ruling lines
are found with OpenCV morphology (an opening with a long thin kernel keeps lines
and drops letters, as camelot's lattice mode does). The lines become edges in PDF
points, and pdfplumber's table finder (``lattice.find_tables``) makes them the
same cells a digital page gives. Each cell's image, its ruling lines wiped, is
read by Tesseract with Swedish data; its words become the cell's ``Line`` objects
in PDF points, so the text step (``text.join_lines``), stitching, normalising and
linking run unchanged. Text outside the tables (title, headings) is read from
the page with the tables blanked out.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

import numpy as np

from . import tesseract
from .lattice import find_tables
from .model import Table
from .pdfium_reader import PdfiumPage
from .settings import ExtractSettings
from .tesseract import OcrUnavailable, tessdata_path  # noqa: F401 (riskreg.extract.ocr names them)
from .text import Line

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract's own threads fight the batch's workers


@dataclass
class OcrPage:
    """What OCR read on one page: its ruled tables (cells with lines and confidence), and the
    words outside them as characters (the alignment reader's input, see ``words_to_chars``)
    with the tops of the long horizontal rules drawn there."""

    tables: list[Table]
    chars: list[dict]
    rules: list[float]


def _cv2():
    return tesseract.module("cv2")


def _api():
    return tesseract.engine()


def render(pdf, index: int, dpi: int) -> np.ndarray:
    """A page as a grayscale image (rows x columns, 0 black .. 255 white)."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = np.array(bitmap.to_numpy())
    finally:
        page.close()
    if image.ndim == 3:
        image = image[..., 0]
    return image


def _ink(gray: np.ndarray) -> np.ndarray:
    """Dark pixels as 255, by a threshold that follows the local background (scans are uneven)."""
    cv2 = _cv2()
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)


def _line_mask(ink: np.ndarray, length: int, horizontal: bool) -> np.ndarray:
    cv2 = _cv2()
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)


def skew_angle(gray: np.ndarray, dpi: int) -> float:
    """The page's skew in degrees, from the slope of its long horizontal ruling lines."""
    cv2 = _cv2()
    mask = _line_mask(_ink(gray), max(20, dpi // 3), horizontal=True)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    slopes, weights = [], []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if w < gray.shape[1] // 5:
            continue
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == i)
        slope = np.polyfit(xs, ys, 1)[0]
        slopes.append(slope)
        weights.append(w)
    if not slopes:
        return 0.0
    order = np.argsort(slopes)
    cumulative = np.cumsum(np.array(weights)[order])
    median = slopes[order[np.searchsorted(cumulative, cumulative[-1] / 2)]]
    return float(np.degrees(np.arctan(median)))


def deskew(gray: np.ndarray, dpi: int) -> np.ndarray:
    cv2 = _cv2()
    angle = skew_angle(gray, dpi)
    if abs(angle) < 0.02:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def ruling_edges(gray: np.ndarray, dpi: int) -> tuple[list[dict], np.ndarray]:
    """The page's ruling lines as pdfplumber edges (PDF points), and a mask of their pixels.

    A line is ink at least 8 pt long and one pixel thick, and it must reach a line of the other
    direction at both ends (a letter's stroke never does): tables are closed grids.
    """
    cv2 = _cv2()
    ink = _ink(gray)
    point = dpi / 72
    hmask = _line_mask(ink, int(8 * point), horizontal=True)
    vmask = _line_mask(ink, int(8 * point), horizontal=False)
    # close small gaps a blurred or JPEG'd line has
    hmask = cv2.dilate(hmask, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 3)))
    vmask = cv2.dilate(vmask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 5)))
    edges: list[dict] = []

    def segments(mask, horizontal):
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        out = []
        for i in range(1, n):
            x, y, w, h, _ = stats[i]
            if (h if horizontal else w) <= 3 * point:
                out.append((x, y, x + w, y + h))
        return out

    h_candidates, v_candidates = segments(hmask, True), segments(vmask, False)
    reach = 3 * point

    def touches(x: float, y: float, others) -> bool:
        return any(x0 - reach <= x <= x1 + reach and y0 - reach <= y <= y1 + reach
                   for x0, y0, x1, y1 in others)

    horizontals = [s for s in h_candidates if touches(s[0], (s[1] + s[3]) / 2, v_candidates)
                   and touches(s[2], (s[1] + s[3]) / 2, v_candidates)]
    verticals = [s for s in v_candidates if touches((s[0] + s[2]) / 2, s[1], h_candidates)
                 and touches((s[0] + s[2]) / 2, s[3], h_candidates)]
    mask = np.zeros_like(ink)
    for x0, y0, x1, y1 in horizontals + verticals:
        mask[y0:y1, x0:x1] = 255

    def nearest(value: float, centres: list[float]) -> float:
        near = min(centres, key=lambda c: abs(c - value), default=value)
        return near if abs(near - value) <= reach else value

    # a clean grid: each line ends on the centre of the line it reaches (a blurred line's
    # rounded end would otherwise stick out as an open end, see cells.close_open_ends)
    h_centres = [(y0 + y1) / 2 for _, y0, _, y1 in horizontals]
    v_centres = [(x0 + x1) / 2 for x0, _, x1, _ in verticals]
    horizontals = [(nearest(x0, v_centres), y0, nearest(x1, v_centres), y1) for x0, y0, x1, y1 in horizontals]
    verticals = [(x0, nearest(y0, h_centres), x1, nearest(y1, h_centres)) for x0, y0, x1, y1 in verticals]
    for x0, y0, x1, y1 in horizontals:
        top = (y0 + y1) / 2 / point
        edges.append({"object_type": "line", "x0": x0 / point, "x1": x1 / point, "top": top,
                      "bottom": top, "doctop": top, "width": (x1 - x0) / point, "height": 0.0,
                      "orientation": "h"})
    for x0, y0, x1, y1 in verticals:
        x = (x0 + x1) / 2 / point
        edges.append({"object_type": "line", "x0": x, "x1": x, "top": y0 / point, "bottom": y1 / point,
                      "doctop": y0 / point, "width": 0.0, "height": (y1 - y0) / point,
                      "orientation": "v"})
    return edges, mask


def has_grid(gray: np.ndarray, dpi: int) -> bool:
    """Does the image show a ruled table (at least three lines each way, once deskewed)?"""
    edges, _ = ruling_edges(deskew(gray, dpi), dpi)
    return (sum(e["orientation"] == "h" for e in edges) >= 3
            and sum(e["orientation"] == "v" for e in edges) >= 3)


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


def horizontal_rules(gray: np.ndarray, dpi: int) -> list[float]:
    """The tops (PDF points) of the long horizontal lines drawn outside a grid (a line under
    an unruled table's header), as the digital reader takes them: longer than 50 pt."""
    cv2 = _cv2()
    point = dpi / 72
    mask = _line_mask(_ink(gray), int(50 * point), horizontal=True)
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return sorted(float(stats[i][1]) / point for i in range(1, n) if stats[i][3] <= 3 * point)


def _cell_image(gray: np.ndarray, lines_mask: np.ndarray, bbox, point: float) -> tuple[np.ndarray, int, int]:
    """A cell's pixels inside its ruling lines, the lines wiped white, with a white margin."""
    cv2 = _cv2()
    h, w = gray.shape
    x0, y0 = max(int(bbox[0] * point), 0), max(int(bbox[1] * point), 0)
    x1, y1 = min(int(bbox[2] * point) + 1, w), min(int(bbox[3] * point) + 1, h)
    crop = gray[y0:y1, x0:x1].copy()
    wipe = cv2.dilate(lines_mask[y0:y1, x0:x1], np.ones((5, 5), np.uint8))
    crop[wipe > 0] = 255
    # a shaded cell (a header): its background made white, so Tesseract's threshold sees the text
    background = float(np.median(crop)) if crop.size else 255.0
    if background < 250:
        crop = np.clip(crop.astype(np.float32) * (255.0 / max(background - 10, 1)), 0, 255).astype(np.uint8)
    crop[crop > 200] = 255  # faint specks and paper grain, which upset Tesseract's layout
    _wipe_squares(crop, point)
    _despeckle(crop, point)
    return cv2.copyMakeBorder(crop, 12, 12, 12, 12, cv2.BORDER_CONSTANT, value=255), x0 - 12, y0 - 12


def _wipe_squares(crop: np.ndarray, point: float) -> None:
    """Wipe solid squares (the ■ glyphs some templates print before an event: the digital
    reader drops them, and Tesseract would read them as letters)."""
    cv2 = _cv2()
    ink = (crop < 215).astype(np.uint8)
    side = max(int(2.5 * point), 3)  # wider than any stroke of a letter
    solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((side, side), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        inner = crop[y + h // 4:y + h - h // 4, x + w // 4:x + w - w // 4]
        # a glyph is one even tone inside; letters blurred together have light gaps
        if (3.5 * point <= w <= 8 * point and 3.5 * point <= h <= 8 * point and 0.7 <= w / h <= 1.4
                and inner.size and float(inner.std()) < 25):
            pad = max(int(point), 2)
            crop[max(y - pad, 0):y + h + pad, max(x - pad, 0):x + w + pad] = 255


def _despeckle(crop: np.ndarray, point: float) -> None:
    """Wipe dust: specks of a few pixels with no other ink within 2 pt (a dot of ä, i or a
    full stop sits next to its letters)."""
    cv2 = _cv2()
    ink = (crop < 160).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] < max(point * point * 0.5, 4)
    small[0] = False
    if not small[1:].any():
        return
    big = np.isin(labels, np.nonzero(~small)[0][1:]).astype(np.uint8)
    near = cv2.dilate(big, np.ones((int(4 * point) | 1, int(4 * point) | 1), np.uint8))
    for i in np.nonzero(small)[0]:
        x, y, w, h, _ = stats[i]
        if not near[y:y + h, x:x + w].any():
            crop[max(y - 1, 0):y + h + 1, max(x - 1, 0):x + w + 1] = 255


def _has_ink(crop: np.ndarray) -> bool:
    """Anything to read in a cell: dark pixels left after a median filter drops the dust."""
    cv2 = _cv2()
    return int((cv2.medianBlur(crop, 3) < 128).sum()) >= 12


NUMBER_COLUMNS = ("risk_nr", "risk_value")
SCORE_COLUMNS = ("probability", "consequence")
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1",
                                   "i": "1", "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8",
                                   "g": "9", "q": "9"})


def _cell_text(cell) -> str:
    # an unruled table's header cell carries its text already, without lines
    return " ".join(line.text for line in cell.lines) or cell.text


def _only_large_marks(crop: np.ndarray) -> np.ndarray:
    """A number cell with only its large marks (digits) kept: everything else, dust beside a
    digit and faint specks, made white."""
    cv2 = _cv2()
    ink = (crop < 200).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return crop
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.isin(labels, np.nonzero(areas >= 0.15 * areas.max())[0] + 1).astype(np.uint8)
    keep = cv2.dilate(keep, np.ones((3, 3), np.uint8))
    return np.where(keep > 0, crop, 255).astype(np.uint8)


def _read_number(crop: np.ndarray, point: float) -> list[tuple[str, float]]:
    """A number cell read again with Tesseract allowed only digits, its dust wiped: as a block,
    as one line, and thresholded (Otsu); each reading with its confidence."""
    tesserocr = tesseract.module("tesserocr")
    cv2 = _cv2()
    api = _api()
    clean = _only_large_marks(crop)
    otsu = cv2.threshold(clean, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    api.SetVariable("tessedit_char_whitelist", "0123456789")
    readings = []
    try:
        for image, psm in ((clean, tesserocr.PSM.SINGLE_BLOCK), (clean, tesserocr.PSM.SINGLE_LINE),
                           (otsu, tesserocr.PSM.SINGLE_BLOCK)):
            api.SetPageSegMode(psm)
            lines, confidence = _read_lines(image, 0.0, 0.0, point)
            readings.append(("".join(line.text for line in lines).replace(" ", ""), confidence or 0.0))
    finally:
        api.SetVariable("tessedit_char_whitelist", "")
        api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
    return readings


def _number(cell, crop: np.ndarray, point: float, pattern: str = r"\d{1,3}") -> None:
    """A number column's cell: digits. When the first reading is not a sure number, the cell
    is read again as digits only, as it is and thresholded; the number most readings agree
    on wins (ties: the surest).

    A cell that goes on with text after its number (a risk value glued to the handling text)
    keeps its text; only letters Tesseract mistakes digits for are mended in its first word.
    """
    import re
    text = _cell_text(cell).strip()
    number = re.compile(pattern)
    if number.fullmatch(text) and (cell.confidence or 0) >= 93:
        return
    first = text.split(" ")[0] if text else ""
    mended = first.translate(_DIGIT_LOOKALIKES)
    if len(cell.lines) > 1 and re.match(r"\d{1,3}", mended):
        cell.lines[0].text = mended + cell.lines[0].text[len(first):]
        return
    readings = [(text, cell.confidence or 0.0)] if number.fullmatch(text) else []
    readings += [(digits, conf) for digits, conf in _read_number(crop, point) if number.fullmatch(digits)]
    if not readings or len(cell.lines) > 1:
        return
    votes = {d: sum(1 for other, _ in readings if other == d) for d, _ in readings}
    digits, confidence = max(readings, key=lambda r: (votes[r[0]], r[1]))
    line = cell.lines[0] if cell.lines else Line(digits, cell.bbox[0], cell.bbox[2], cell.bbox[1],
                                                   cell.bbox[3])
    line.text = digits
    cell.lines = [line]
    cell.confidence = confidence


def _score(cell, scale: dict[int, str]) -> None:
    """A score cell: its digit (1-5) and its label from the scale, where the reading shows them.

    The label is taken when Tesseract's words are that label's closely (85 of 100); the digit
    is the one read, or the label's own when none was read.
    """
    import re
    from rapidfuzz import fuzz
    text = _cell_text(cell)
    words = re.sub(r"[^A-Za-zÅÄÖåäöÉé ]", " ", text).split()
    digits = [int(d) for d in re.findall(r"[1-5]", text)]
    if not words:
        return
    label, score = max(((lab, fuzz.ratio(" ".join(words).lower(), lab.lower())) for lab in scale.values()),
                       key=lambda pair: pair[1])
    if score < 85:
        return
    number = digits[0] if digits else next(k for k, v in scale.items() if v == label)
    first = cell.lines[0]
    cell.lines = [Line(f"{number}. {label}", first.x0, max(line.x1 for line in cell.lines), first.top,
                       cell.lines[-1].bottom, first.size, first.first_width)]


def _columns(table: Table, header_matcher, last: dict) -> dict[int, str]:
    """The table's column names (grid index -> name) from its header row, else the last table's
    when it has as many columns."""
    if header_matcher is not None:
        grid = table.grid()
        for row in grid[:3]:
            mapping = header_matcher([_cell_text(c) if c else "" for c in row])
            if mapping:
                last.clear()
                last.update(mapping)
                last["n_cols"] = table.n_cols
                return mapping
    if last.get("n_cols") == table.n_cols:
        return {k: v for k, v in last.items() if k != "n_cols"}
    return {}


def apply_columns(table: Table, header_matcher, last_columns: dict, crop_of=None,
                  point: float = 1.0) -> None:
    """What the register is: number columns hold numbers, score columns a digit and its label.

    ``crop_of(cell)`` gives a cell's image to read again (a ruled table's); without it (an
    unruled table's words) a number is only mended from its look-alike letters.
    """
    from ..scales import CONSEQUENCE_SCALE, PROBABILITY_SCALE
    scales = {"probability": PROBABILITY_SCALE, "consequence": CONSEQUENCE_SCALE}
    columns = _columns(table, header_matcher, last_columns)
    for cell in table.cells:
        name = columns.get(cell.col)
        if name in NUMBER_COLUMNS and cell.row > 0:
            crop = crop_of(cell) if crop_of is not None else None
            if crop is not None:
                _number(cell, crop, point)
            elif cell.lines:
                _mend_number(cell)
        elif name in SCORE_COLUMNS and cell.lines:
            crop = crop_of(cell) if crop_of is not None else None
            text = _cell_text(cell).strip()
            if crop is not None and (len(text) <= 2 or not any(ch.isalpha() and ch not in "lIOoSsZzBgq"
                                                               for ch in text)):
                # a score printed as its digit alone: a digit of the scale
                _number(cell, crop, point, rf"[{min(scales[name])}-{max(scales[name])}]")
            _score(cell, scales[name])
        elif name == "in_ikp" and cell.lines:
            _mark(cell)


#: what an IKP column prints in words (parse.parse_in_ikp reads them)
_IKP_WORDS = {"ja", "j", "x", "n", "no", "nej", "yes"}


def _mark(cell) -> None:
    """An IKP column's cell of one or two signs that are no word of the column: the printed
    mark (a tick or a star Tesseract reads as a letter, 'Å' or 'CÅ')."""
    text = _cell_text(cell).strip()
    if 0 < len(text.replace(" ", "")) <= 2 and text.lower().strip(".,") not in _IKP_WORDS:
        first = cell.lines[0]
        cell.lines = [Line("✓", first.x0, first.x1, first.top, first.bottom, first.size, first.first_width)]


def _mend_number(cell) -> None:
    """A number column's first word, when its look-alike letters mended make it a number."""
    import re
    first = cell.lines[0].text.split(" ")[0]
    mended = first.translate(_DIGIT_LOOKALIKES)
    if mended != first and re.fullmatch(r"\d{1,3}", mended):
        cell.lines[0].text = mended + cell.lines[0].text[len(first):]


def ocr_page(pdf, index: int, settings: ExtractSettings, header_matcher=None,
             last_columns: dict | None = None) -> OcrPage:
    """Read one page of a pdfium document by OCR: its ruled tables and its free text."""
    cv2 = _cv2()
    dpi = settings.ocr_dpi
    point = dpi / 72
    page = pdf[index]
    width, height = page.get_size()
    page.close()
    gray = deskew(render(pdf, index, dpi), dpi)
    edges, lines_mask = ruling_edges(gray, dpi)
    number = index + 1
    tables = find_tables(PdfiumPage(width=width, height=height, chars=[], edges=edges), number, [],
                         settings)
    crops: dict[int, np.ndarray] = {}  # a cell's image, kept for its column's second look
    for table in tables:
        for cell in table.cells:
            crop, left, top = _cell_image(gray, lines_mask, cell.bbox, point)
            if not _has_ink(crop[12:-12, 12:-12]):
                continue
            crops[id(cell)] = crop
            cell.lines, cell.confidence = _read_lines(crop, left / point, top / point, point)
            if cell.confidence is None or cell.confidence < 60:
                # doubtful (Tesseract misreads small type): read the cell again at twice the
                # size, then thresholded, and keep the surest reading
                retries = ((cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), 2 * point),
                           (cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1], point))
                for image, scale in retries:
                    lines, confidence = _read_lines(image, left / point, top / point, scale)
                    if lines and (confidence or 0) > (cell.confidence or 0):
                        cell.lines, cell.confidence = lines, confidence
                    if (cell.confidence or 0) >= 60:
                        break
    # what the register is: number columns hold numbers, score columns a digit and its label
    last_columns = {} if last_columns is None else last_columns

    for table in tables:
        apply_columns(table, header_matcher, last_columns, lambda cell: crops.get(id(cell)), point)
    # the rest of the page (titles, an unruled table): its words as characters, for the
    # same steps a text layer's characters go through
    rest = gray.copy()
    for table in tables:
        x0, y0, x1, y1 = (int(v * point) for v in table.bbox)
        rest[max(y0 - 4, 0):y1 + 4, max(x0 - 4, 0):x1 + 4] = 255
    rest[lines_mask > 0] = 255
    chars = []
    if _has_ink(rest):
        words = read_words(rest)
        chars = words_to_chars(words + missed_words(rest, words, point), point)
    # long rules need no fine resolution: looked for at half of it (a quarter of the work)
    rules = horizontal_rules(rest[::2, ::2], dpi // 2) if chars else []
    return OcrPage(tables=tables, chars=chars, rules=rules)


class PageOcr:
    """Decides, page by page, whether a page is read by OCR, and reads it.

    The PDF is opened by pdfium only when a page may need OCR, so a digital PDF
    pays nothing. ``settings.ocr``: "never"; "always"; "auto" reads pages without
    characters, and pages with characters (an OCR layer) but no drawn lines whose
    image shows a grid.
    """

    def __init__(self, path, password: str | None, settings: ExtractSettings, header_matcher=None):
        self.path, self.password, self.settings = path, password, settings
        self._pdf = None
        self.pages_read = 0
        self.header_matcher = header_matcher
        self._columns: dict = {}
        self._chars: dict[int, list[dict]] = {}  # page number -> its OCR words as characters

    def _doc(self):
        if self._pdf is None:
            from .pdfium_reader import open_pdfium
            self._pdf = open_pdfium(self.path, self.password)
        return self._pdf

    def wanted(self, number: int, chars: list, edges: list) -> bool:
        mode = self.settings.ocr
        if mode == "never":
            return False
        if mode == "always" or not chars:
            return True
        if edges:
            return False
        pdf = self._doc()
        page = pdf[number - 1]
        try:
            import pypdfium2.raw as raw
            width, height = page.get_size()
            covered = 0.0
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                left, bottom, right, top = obj.get_bounds()
                covered = max(covered, (right - left) * (top - bottom) / (width * height))
        finally:
            page.close()
        return covered > 0.5 and has_grid(render(pdf, number - 1, 150), 150)

    def read(self, number: int) -> OcrPage:
        self.pages_read += 1
        page = ocr_page(self._doc(), number - 1, self.settings, self.header_matcher, self._columns)
        self._chars[number] = page.chars
        return page

    def finish_unruled(self, tables: list[Table]) -> None:
        """The unruled tables found on OCR pages: each cell gets the lowest confidence of the
        words in it, and its column's kind is applied (numbers, scores; see ``apply_columns``)."""
        scanned = [t for t in tables if t.page in self._chars]
        last: dict = {}
        images: dict[int, list] = {}
        for table in scanned:
            chars = self._chars[table.page]
            for cell in table.cells:
                if not cell.lines:
                    continue
                x0, top, x1, bottom = cell.bbox
                inside = [c for c in chars
                          if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top - 1 <= c["top"] <= bottom + 1]
                cell.confidence = min((c["confidence"] for c in inside), default=None)
                images[id(cell)] = [c["image"] for c in inside if c["image"] is not None]
            # a cell that is one mark read alone can be read again as digits
            apply_columns(table, self.header_matcher, last,
                          lambda cell: (images.get(id(cell)) or [None, None])[0]
                          if len(images.get(id(cell), [])) == 1 else None,
                          self.settings.ocr_dpi / 72)

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


# --- the document's own words and the Swedish list mend what Tesseract misread -------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöé"
_TOKEN = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")


def _edits(word: str) -> set[str]:
    """The strings one letter away: one deleted, swapped with the next, replaced or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
            | {a + c + b for a, b in splits for c in _LETTERS})


class WordMender:
    """Mends OCR words where the evidence is strong: a word that is neither in the Swedish list
    nor printed elsewhere in the document, one letter away from exactly one best word that is
    (printed at least twice in the document, or common in the list). Two OCR habits are mended
    too: a word split after its first letter ("v äsentlighet": the joined word is a word, the
    letter alone is none) and a capital read at a word's end before its hyphen
    ("väsentlighetS-", a compound's linking s)."""

    def __init__(self, texts: list[str], settings: ExtractSettings | dict | None = None):
        self.settings = settings = ExtractSettings.resolve(settings)
        # the Zipf frequencies from which a word of the list is evidence, one of two letters too
        self.list_zipf, self.short_zipf = settings.ocr_list_zipf, settings.ocr_short_zipf
        self.counts: dict[str, int] = {}
        for text in texts:
            for token in _TOKEN.findall(text):
                self.counts[token.lower()] = self.counts.get(token.lower(), 0) + 1

    def known(self, token: str) -> bool:
        """A word of the list (any length), of the document (three times), or a compound of
        at most two listed words ("krisplaner", "tertialsvis": what the PDF prints, even a typo
        of its author's, is not OCR's to mend)."""
        from .lexicon import _zipf, word_cost
        s = self.settings
        return (_zipf().get(token, 0.0) >= s.word_zipf or self.counts.get(token, 0) >= s.ocr_known_count
                or (len(token) > 2 and word_cost(token, s) <= s.ocr_known_cost))

    def _best(self, token: str) -> str | None:
        from .lexicon import _zipf
        zipf = _zipf()
        floor = self.short_zipf if len(token) <= 2 else self.list_zipf
        own = self.counts.get(token, 0)
        found = [(self.counts.get(c, 0), zipf.get(c, 0.0), c) for c in _edits(token)
                 if (self.counts.get(c, 0) >= 2 and self.counts.get(c, 0) > own) or zipf.get(c, 0.0) >= floor]
        if not found:
            return None
        found.sort(reverse=True)
        if len(found) > 1 and found[0][0] == found[1][0] and found[0][1] - found[1][1] < self.settings.ocr_tie_zipf:
            return None  # two words about as likely ("äv": "av" or "är"): no evidence which
        return found[0][2]

    def mend_word(self, word: str) -> str:
        token = word.lower()
        if len(token) < 2 or not token.isalpha() or self.known(token):
            return word
        best = self._best(token)
        if best is None:
            return word
        if word.isupper() and len(word) > 1:
            return best.upper()
        return best[0].upper() + best[1:] if word[0].isupper() else best

    def mend(self, text: str) -> str:
        from .lexicon import SHORT, join_verdict
        # a capital at a lowercase word's end before its hyphen: the linking s of a compound
        text = re.sub(r"(?<=[a-zåäö]{3})([A-ZÅÄÖ])-", lambda m: m.group(1).lower() + "-", text)
        text = re.sub(r"(?<=[a-zåäö]{3}) ([sS])-(?= )", r"s-", text)
        # a word split after its first letter: the letter is no word, the joined word is
        def join(m):
            letter, rest = m.group(1), m.group(2)
            if (letter.lower() in SHORT or self.known(rest.lower())
                    or not join_verdict(letter, rest, settings=self.settings)):
                return m.group(0)
            return letter + rest
        text = re.sub(r"(?<![^\s(])([A-Za-zÅÄÖåäö]) ([a-zåäö]{3,})", join, text)
        return _TOKEN.sub(lambda m: self.mend_word(m.group(0)), text)


def mend_words(tables: list[Table], settings: ExtractSettings | dict | None = None) -> None:
    """The OCR cells' words (their lines joined) mended by the document's vocabulary and the
    Swedish list (its evidence from ``settings.ocr_list_zipf`` and ``ocr_short_zipf``)."""
    settings = ExtractSettings.resolve(settings)
    cells = [c for t in tables for c in t.cells if c.confidence is not None and c.text]
    if not cells:
        return
    mender = WordMender([c.text for c in cells], settings)
    for cell in cells:
        cell.text = mender.mend(cell.text)
