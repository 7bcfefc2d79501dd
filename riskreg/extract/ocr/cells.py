"""A ruled cell's image read by Tesseract: numbers, scores and marks by what their column holds."""
from __future__ import annotations

import re

import numpy as np

from .. import tesseract
from ..model import Table
from ..text import Line
from .image import _cv2
from .expect import Expectations, leading_int
from .words import _api, _read_lines


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


def _one_by_one(clean: np.ndarray, api, psm) -> tuple[str, float] | None:
    """A number's digits read one at a time (each its own mark, 1 to 3 of them, as tall as one
    another): in a wide white cell Tesseract's line reading can lose a digit of a small number
    (the enskede twin's "71" read as "7" three times, each digit alone read right)."""
    cv2 = _cv2()
    from PIL import Image
    n, _, stats, _ = cv2.connectedComponentsWithStats((clean < 160).astype(np.uint8), connectivity=8)
    marks = sorted((tuple(stats[i][:4]) for i in range(1, n) if stats[i][4] >= 8), key=lambda m: m[0])
    if not 1 <= len(marks) <= 3 or min(m[3] for m in marks) < 0.6 * max(m[3] for m in marks):
        return None
    api.SetPageSegMode(psm)
    digits, lowest = "", 100.0
    for x, y, w, h in marks:
        api.SetImage(Image.fromarray(cv2.copyMakeBorder(clean[y:y + h, x:x + w], 4, 4, 4, 4,
                                                        cv2.BORDER_CONSTANT, value=255)))
        api.Recognize()
        digits += api.GetUTF8Text().strip()
        lowest = min(lowest, float(api.MeanTextConf()))
    return digits, lowest


def _read_number(crop: np.ndarray, point: float) -> list[tuple[str, float]]:
    """A number cell read again with Tesseract allowed only digits, its dust wiped: as a block,
    as one line, thresholded (Otsu), and digit by digit; each reading with its confidence."""
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
        alone = _one_by_one(clean, api, tesserocr.PSM.SINGLE_CHAR)
        if alone is not None:
            readings.append(alone)
    finally:
        api.SetVariable("tessedit_char_whitelist", "")
        api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
    return readings


def _number(cell, crop: np.ndarray, point: float, pattern: str = r"\d{1,3}",
            expected: int | None = None) -> None:
    """A number column's cell: digits. When the first reading is not a sure number, or not the
    number the register expects there (``expected``: the next in the document's sequence, the
    product of the row's scores), the cell is read again as digits only, as it is, thresholded
    and digit by digit. The expected number wins when a reading shows it; otherwise the number
    most readings agree on (ties: the surest), so a number the register does not expect is
    kept as read, never replaced by the expectation alone.

    A cell that goes on with text after its number (a risk value glued to the handling text)
    keeps its text; only letters Tesseract mistakes digits for are mended in its first word.
    """
    text = _cell_text(cell).strip()
    number = re.compile(pattern)
    if (number.fullmatch(text) and (cell.confidence or 0) >= 93
            and (expected is None or text == str(expected))):
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
    if expected is not None and str(expected) in votes:
        votes[str(expected)] = len(readings) + 1  # a reading shows what the register must hold
    digits, confidence = max(readings, key=lambda r: (votes[r[0]], r[1]))
    line = cell.lines[0] if cell.lines else Line(digits, cell.bbox[0], cell.bbox[2], cell.bbox[1],
                                                   cell.bbox[3])
    line.text = digits
    cell.lines = [line]
    cell.confidence = confidence


def _score(cell, scale: dict[int, str]) -> None:
    """A score cell: its digit (1-5) and its label from the scale, where the reading shows them.

    The label is taken when Tesseract's words are that label's closely (85 of 100); the digit
    is the one read, or the label's own when none was read, unless the words may be the end of
    another label cut by a page break.
    """
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
    if not digits and words[0][:1].islower() and any(
            other.lower().endswith(" " + label.lower()) for other in scale.values()):
        # "sannolikt" in lower case alone: the rest of a label the page end cut ("2. Mindre" /
        # "sannolikt"), which the row above holds; made a score of its own, it would start a row
        return
    number = digits[0] if digits else next(k for k, v in scale.items() if v == label)
    first = cell.lines[0]
    cell.lines = [Line(f"{number}. {label}", first.x0, max(line.x1 for line in cell.lines), first.top,
                       cell.lines[-1].bottom, first.size, first.first_width)]


def _columns(table: Table, header_matcher, last: dict) -> tuple[dict[int, str], int]:
    """The table's column names (grid index -> name) from its header row, else the last table's
    when it has as many columns (a page that goes on without a header); and the grid's first
    row below the header."""
    if header_matcher is not None:
        grid = table.grid()
        for i, row in enumerate(grid[:3]):
            mapping = header_matcher([_cell_text(c) if c else "" for c in row])
            if mapping:
                last.clear()
                last.update(mapping)
                last["n_cols"] = table.n_cols
                return mapping, i + 1
    if last.get("n_cols") == table.n_cols:
        return {k: v for k, v in last.items() if k != "n_cols"}, 0
    return {}, 1


def apply_columns(table: Table, header_matcher, last_columns: dict, crop_of=None,
                  point: float = 1.0, expect: Expectations | None = None) -> None:
    """What the register is: number columns hold numbers, score columns a digit and its label.

    ``crop_of(cell)`` gives a cell's image to read again (a ruled table's); without it (an
    unruled table's words) a number is only mended from its look-alike letters. ``expect``
    (the document read so far) gives a VoR's risk number cells the next number of the
    sequence and its value cells their scores' product, to read a cell again when it shows
    another; the risk values are read last, once the row's scores are.
    """
    from ...scales import CONSEQUENCE_SCALE, PROBABILITY_SCALE
    scales = {"probability": PROBABILITY_SCALE, "consequence": CONSEQUENCE_SCALE}
    columns, body = _columns(table, header_matcher, last_columns)
    if expect is not None and not set(SCORE_COLUMNS) <= set(columns.values()):
        expect = None  # a control plan's risk numbers name risks: no sequence of their own
    cells = sorted(table.cells, key=lambda c: (c.row, c.col))
    for cell in cells:
        if cell.row < body:  # the header's own cells stay as read ("Sannolikhet" is no misread "Sannolikt")
            continue
        name = columns.get(cell.col)
        if name == "risk_nr":
            _number_cell(cell, crop_of, point, expect.next_nr() if expect else None)
            if expect is not None:
                expect.saw_nr(_cell_text(cell))
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
    _value_cells(cells, columns, body, crop_of, point, expect)


def _number_cell(cell, crop_of, point: float, expected: int | None) -> None:
    """A number column's cell read as a number: again from its image where there is one."""
    crop = crop_of(cell) if crop_of is not None else None
    if crop is not None:
        _number(cell, crop, point, expected=expected)
    elif cell.lines:
        _mend_number(cell)


def _value_cells(cells: list, columns: dict[int, str], body: int, crop_of, point: float,
                 expect: Expectations | None) -> None:
    """The risk value cells, each expected to be its row's product of scores where the
    document's rows so far say that is its rule."""
    rows: dict[int, dict[str, object]] = {}
    for cell in cells:
        if columns.get(cell.col) in ("probability", "consequence", "risk_value") and cell.row >= body:
            rows.setdefault(cell.row, {})[columns[cell.col]] = cell
    read = {row: [leading_int(_cell_text(named[k])) if k in named else None
                  for k in ("probability", "consequence", "risk_value")] for row, named in rows.items()}
    if expect is not None:
        expect.count_rows([tuple(v) for v in read.values()])
    for row, named in sorted(rows.items()):
        if "risk_value" not in named:
            continue
        p, c, _ = read[row]
        product = (p * c if expect is not None and expect.value_is_product() and None not in (p, c)
                   else None)
        _number_cell(named["risk_value"], crop_of, point, product)


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
    first = cell.lines[0].text.split(" ")[0]
    mended = first.translate(_DIGIT_LOOKALIKES)
    if mended != first and re.fullmatch(r"\d{1,3}", mended):
        cell.lines[0].text = mended + cell.lines[0].text[len(first):]
