"""Read a page's characters and ruling lines through pdfium (pypdfium2), not pdfminer.

pdfium is a C++ library: it gives the characters of a page about 15 times
faster than pdfminer's Python interpreter. The characters and edges come out
in pdfplumber's shapes (dicts with text, x0, x1, top, bottom, size; edges with
orientation), so everything downstream, pdfplumber's table finder included, is
the same. Where the two libraries measure differently, this module follows
pdfminer, and a test requires identical registers from both readers on every
sample:

- a character's box: x0 at its origin, x1 at the right of pdfium's loose box;
  bottom = baseline - descent, top = bottom - font size, with the descent from
  the font's descriptor (as pdfminer reads it; pdfium's own descent comes from
  the font program);
- characters pdfium generates (spaces and line ends it infers) are left out; a
  hyphen ending a line, which pdfium marks as code 2, is the "-" the PDF prints;
- a glyph standing for several letters (the ligature "ff") is one character
  with those letters, as in pdfminer (pdfium gives one character per letter);
- a character turned on its side (a header printed bottom to top) has the box
  pdfminer gives it: the glyph's box turned with its text matrix, ``size`` its
  height on the page, and ``matrix`` and ``upright`` as pdfminer's (the text
  object's matrix as pdfium gives it, its translation the object's);
- edges: every straight segment of every path (rectangles give four, lines one),
  in page coordinates, as pdfplumber's ``page.edges``.
"""
from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import dict_value, list_value, num_value, resolve1
from pdfminer.psexceptions import PSException
from pdfminer.psparser import PSLiteral, literal_name

from ..errors import DamagedPdf, EncryptedPdf
from ..i18n import _
from .turn import matrix_turn
from .visibility import Verdict


@dataclass
class PdfiumPage:
    """What read_document needs of a page: its characters, edges and size.

    ``bbox`` is the media box in pdfplumber's frame (x0, top, x1, bottom): a media box not at
    (0, 0) moves it as it moves pdfplumber's, and /Rotate does not turn it (see read_pages).
    ``verdict``: its characters that are not printed (extract/visibility.py).
    """

    width: float
    height: float
    chars: list[dict]
    edges: list[dict]
    bbox: tuple = (0, 0, 0, 0)
    verdict: Verdict = field(default_factory=Verdict)
    images: int = 0  # image objects drawn on the page, forms included (may it hold a picture?)
    origin: tuple = (0.0, 0.0)  # the crop box's top left in that frame (document.page_origins)

    def __post_init__(self):
        if self.bbox == (0, 0, 0, 0):
            self.bbox = (0, 0, self.width, self.height)

    @property
    def horizontal_edges(self) -> list[dict]:
        return [e for e in self.edges if e["orientation"] == "h"]

    def flush_cache(self) -> None:
        pass


def open_pdfium(path, password: str | None):
    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPdf.locked(password) from exc
        raise DamagedPdf.unreadable(str(exc).strip().rstrip(".")) from exc


def _descriptor(spec) -> dict | None:
    """A simple or CID font's descriptor as pdfminer picks it (None: ask pdfminer's font).

    Reading only the descriptor spares building the font (its ToUnicode map is
    the slow part): the descent is all this reader needs of pdfminer.
    """
    subtype = literal_name(spec["Subtype"]) if "Subtype" in spec else "Type1"
    if subtype == "Type0":
        spec = dict_value(list_value(spec["DescendantFonts"])[0])
        subtype = literal_name(spec["Subtype"]) if "Subtype" in spec else ""
    if subtype in ("CIDFontType0", "CIDFontType2"):
        return dict_value(spec.get("FontDescriptor", {}))
    if subtype not in ("Type1", "MMType1", "TrueType"):
        return None
    basefont = literal_name(spec["BaseFont"]) if "BaseFont" in spec else "unknown"
    if basefont in FONT_METRICS:  # the standard 14 fonts: pdfminer uses its own metrics
        return FONT_METRICS[basefont][0]
    return dict_value(spec.get("FontDescriptor", {}))


def _name_and_descent(descriptor: dict) -> tuple[str, float]:
    name = resolve1(descriptor.get("FontName", "unknown"))
    if isinstance(name, PSLiteral):
        name = literal_name(name)
    descent = num_value(descriptor.get("Descent", 0))
    return str(name), -abs(descent) * 0.001  # pdfminer forces a descent negative


class _Descents:
    """Font descents (per 1 pt of size) as pdfminer reads them: the descriptor's /Descent.

    A font whose description cannot be read gets descent 0 and a ``font_unreadable``
    warning through ``warn(code, message)``: its characters may sit up to the
    descent too low, which can move a line across a cell's lower edge.
    """

    def __init__(self, path, password, warn=None):
        self.path, self.password, self._by_name = path, password, None
        self.warn = warn or (lambda code, message: None)

    def _load(self) -> dict[str, float]:
        out: dict[str, float] = {}
        manager = PDFResourceManager(caching=True)
        seen: set = set()
        with open(self.path, "rb") as fh:
            doc = PDFDocument(PDFParser(fh), password=self.password or "")
            for page in PDFPage.create_pages(doc):
                fonts = resolve1((page.resources or {}).get("Font")) or {}
                for ref in fonts.values():
                    objid = getattr(ref, "objid", None)
                    if objid is not None:
                        if objid in seen:
                            continue
                        seen.add(objid)
                    spec = None
                    try:
                        spec = resolve1(ref)
                        descriptor = _descriptor(spec)
                        if descriptor is None:
                            font = manager.get_font(objid, spec)
                            name, descent = str(font.fontname), font.get_descent()
                        else:
                            name, descent = _name_and_descent(descriptor)
                    # a malformed font dictionary: a key missing, a value of the wrong kind
                    except (PSException, KeyError, IndexError, TypeError, ValueError) as exc:
                        self.warn("font_unreadable", _font_warning(spec, exc))
                        continue
                    out.setdefault(name, descent)
                    out.setdefault(name.split("+", 1)[-1], descent)  # pdfium drops subset tags
        return out

    def get(self, name: str) -> float:
        if self._by_name is None:
            self._by_name = self._load()
        return self._by_name.get(name, 0.0)


def _font_warning(spec, exc: Exception) -> str:
    name = spec.get("BaseFont", "") if isinstance(spec, dict) else ""
    name = literal_name(name) if isinstance(name, PSLiteral) else str(name or _("without a name"))
    return _("The description of the font {name} cannot be read ({error}); its characters are placed as if the "
             "font reached no lower than its baseline. Check the cells' last lines, or run again with --reader "
             "pdfminer.").format(name=name, error=type(exc).__name__)


def _font_name(font) -> str:
    n = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if n <= 1:
        return ""
    buf = ctypes.create_string_buffer(n)
    raw.FPDFFont_GetBaseFontName(font, buf, n)
    return buf.value.decode("utf-8", "replace")


def _proto(fn, restype, *argtypes):
    """pdfium's function with plain pointer types: no pointer objects made per call."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


_vp, _int, _dbl = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
_IS_GENERATED = _proto(raw.FPDFText_IsGenerated, _int, _vp, _int)
_UNICODE = _proto(raw.FPDFText_GetUnicode, ctypes.c_uint, _vp, _int)
_GET_TEXT = _proto(raw.FPDFText_GetText, _int, _vp, _int, _int, _vp)
_LOOSE_BOX = _proto(raw.FPDFText_GetLooseCharBox, _int, _vp, _int, _vp)
_ORIGIN = _proto(raw.FPDFText_GetCharOrigin, _int, _vp, _int, _vp, _vp)
_FONT_SIZE = _proto(raw.FPDFText_GetFontSize, _dbl, _vp, _int)
_TEXT_OBJECT = _proto(raw.FPDFText_GetTextObject, _vp, _vp, _int)
_SKIP = frozenset((0, 0x0A, 0x0D, 0xFFFE))


def _codes(tp: int, count: int) -> list[int]:
    """Every character's code, in one call where pdfium allows (one UTF-16 unit per character)."""
    buf = (ctypes.c_uint16 * (count + 1))()
    units = buf[:count] if _GET_TEXT(tp, 0, count, ctypes.addressof(buf)) == count + 1 else None
    if units is None or any(0xD800 <= u <= 0xDFFF for u in units):
        return [_UNICODE(tp, i) for i in range(count)]  # a character beyond 16 bits: ask one by one
    # GetText writes 0xFFFE where GetUnicode tells a line-end hyphen (2): ask those one by one
    return [_UNICODE(tp, i) if u == 0xFFFE else u for i, u in enumerate(units)]


def _plain(fn, restype):
    """pdfium's function called with ctypes' default conversions (ints and c_void_p objects as
    they are): no per-argument converters, the cheapest call ctypes makes."""
    out = ctypes.CFUNCTYPE(restype)(ctypes.cast(fn, ctypes.c_void_p).value)
    out.argtypes = None
    return out


_TEXT_OBJECT_PLAIN = _plain(raw.FPDFText_GetTextObject, _vp)
_LOOSE_BOX_PLAIN = _plain(raw.FPDFText_GetLooseCharBox, _int)
_ORIGIN_PLAIN = _plain(raw.FPDFText_GetCharOrigin, _int)
_FONT_OF = _proto(raw.FPDFTextObj_GetFont, _vp, _vp)
_MATRIX = _proto(raw.FPDFText_GetMatrix, _int, _vp, _int, _vp)
_UPRIGHT = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _text_matrix(tp: int, index: int, out: tuple) -> tuple:
    """The matrix of the text object holding character ``index`` (its direction is all that is
    read); ``out``: an FS_MATRIX and its address, written into (a producer that places every
    glyph in a text object of its own asks this once a character: a new one each time cost more
    than the call)."""
    m, address = out
    if not _MATRIX(tp, index, address):
        return _UPRIGHT
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _turned_box(turn: int, ox: float, oy: float, box, size: float, descent: float,
                height: float) -> tuple[float, float, float, float]:
    """(x0, x1, top, bottom) of a turned character as pdfminer gives it: the glyph's box (its
    advance along the baseline, from ``descent`` to ``descent + size`` across it) turned with the
    text; the advance is where pdfium's loose box ends along the baseline."""
    if turn == 90:  # reads bottom to top: the glyph's top points left
        return ox - descent - size, ox - descent, height - box.top, height - oy
    if turn == 270:  # reads top to bottom: the glyph's top points right
        return ox + descent, ox + descent + size, height - oy, height - box.bottom
    top = height - (oy - descent)  # 180: upside down, read right to left
    return box.left, ox, top, top + size


def _object_facts(tp: int, i: int, obj: int, descents: _Descents, of_font: dict[int, tuple],
                  matrix_out: tuple) -> tuple:
    """What the characters of one text object share (character ``i`` is one of them): the font
    size, the descent below the baseline, the turn, the matrix and the font's name (as pdfminer
    gives it: a bold face says "Bold"); ``of_font`` keeps each font's descent per point of size
    and its name; ``matrix_out`` is where the matrix is read into (``_text_matrix``)."""
    size = _FONT_SIZE(tp, i)
    font = _FONT_OF(obj) if obj else None
    per_point, fontname = 0.0, ""
    if font:
        named = of_font.get(font)
        if named is None:
            name = _font_name(ctypes.cast(font, raw.FPDF_FONT))
            named = of_font[font] = (descents.get(name), name)
        per_point, fontname = named
    matrix = _text_matrix(tp, i, matrix_out) if obj else _UPRIGHT
    # pdfium's size is the font's (Tf) alone; the character's matrix (the text matrix and the
    # page's CTM) scales it as printed, as pdfminer gives it: Chromium draws in CSS pixels
    # (a CTM of 0.75), so its 6.5 pt type would read as 8.66 and its spaces as no gap
    size *= math.hypot(matrix[2], matrix[3]) or 1.0
    return size, per_point * size, matrix_turn(matrix), matrix, fontname


def _chars(textpage, height: float, descents: _Descents) -> list[dict]:
    """The page's characters; per character three calls into pdfium (box, origin, text object),
    the rest (code in one call for the page; size and descent per text object, the font's name
    per font) shared. ``baseline``: the y of the glyph's origin in the page's user space (its x is
    x0), which extract/printed.py matches to the verdict of what is not printed."""
    tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    count = raw.FPDFText_CountChars(textpage.raw)
    box, ox, oy = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    tp_arg = ctypes.c_void_p(tp)
    box_arg, ox_arg, oy_arg = (ctypes.c_void_p(ctypes.addressof(x)) for x in (box, ox, oy))
    of_object: dict[int, tuple] = {}  # text object -> (font size, descent, turn, matrix, font name)
    of_font: dict[int, tuple] = {}  # font -> (descent per point of size, name)
    matrix = raw.FS_MATRIX()
    matrix_out = (matrix, ctypes.addressof(matrix))
    out: list[dict] = []
    append = out.append
    last_obj = last = last_x0 = last_x1 = None
    is_generated, text_object = _IS_GENERATED, _TEXT_OBJECT_PLAIN
    loose_box, origin = _LOOSE_BOX_PLAIN, _ORIGIN_PLAIN
    for i, code in enumerate(_codes(tp, count)):
        if code in _SKIP or (code == 0x20 and is_generated(tp, i) == 1):
            continue
        if code == 0x02:  # pdfium's mark for a hyphen ending a line: the PDF prints "-"
            code = 0x2D
        obj = text_object(tp_arg, i) or 0
        if not obj and is_generated(tp, i) == 1:
            continue
        loose_box(tp_arg, i, box_arg)
        origin(tp_arg, i, ox_arg, oy_arg)
        known = of_object.get(obj) if obj else None
        if known is None:
            known = of_object[obj] = _object_facts(tp, i, obj, descents, of_font, matrix_out)
        size, descent, turn, matrix, fontname = known
        x0, y = ox.value, oy.value  # pdfminer starts a character at its origin, not at its glyph's ink
        if turn:
            x0, x1, top, bottom = _turned_box(turn, x0, y, box, size, descent, height)
        else:
            bottom = height - (y + descent)
            x1, top = box.right, bottom - size
        if obj == last_obj and -1e-6 < last_x0 - x0 < 1e-6 and -1e-6 < last_x1 - x1 < 1e-6 \
                and -1e-6 < last["top"] - top < 1e-6:
            last["text"] += chr(code)  # one glyph, several letters (a ligature: "ff")
            continue
        last = {"text": chr(code), "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                "size": bottom - top if turn else size, "baseline": y, "fontname": fontname}
        if turn:  # as pdfminer marks a turned character (upright ones need no mark)
            last["upright"], last["matrix"] = False, matrix
        append(last)
        last_obj, last_x0, last_x1 = obj, x0, x1
    return out


def _matrix(obj) -> tuple:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1, 0, 0, 1, 0, 0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _compose(inner: tuple, outer: tuple) -> tuple:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _edge(p0, p1, height: float) -> dict | None:
    (x0, y0), (x1, y1) = p0, p1
    top, bottom = height - max(y0, y1), height - min(y0, y1)
    if abs(y0 - y1) < 1e-6:
        orientation = "h"
    elif abs(x0 - x1) < 1e-6:
        orientation = "v"
    else:
        return None
    return {"object_type": "path_edge", "x0": min(x0, x1), "x1": max(x0, x1), "top": top, "bottom": bottom,
            "doctop": top, "width": abs(x1 - x0), "height": bottom - top, "orientation": orientation}


def _path_edges(obj, matrix: tuple, height: float, out: list) -> None:
    fx, fy = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for s in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, s)
        raw.FPDFPathSegment_GetPoint(seg, fx, fy)
        p = _apply(matrix, fx.value, fy.value)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = prev = p
            continue
        if kind == raw.FPDF_SEGMENT_LINETO and prev is not None:
            e = _edge(prev, p, height)
            if e:
                out.append(e)
        prev = p
        if raw.FPDFPathSegment_GetClose(seg) and start is not None and prev != start:
            e = _edge(prev, start, height)
            if e:
                out.append(e)
            prev = start


def _mark_fill(obj, edges: list[dict]) -> None:
    """A path filled and not stroked: each of its edges gets ``fill_box``, the box of its own
    closed part (a rectangle's four sides), as pdfplumber's rectangle edges carry ``fill``; the
    table finder takes a thick fill's edges for rules only where they lie on drawn lines."""
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not edges or not raw.FPDFPath_GetDrawMode(obj, mode, stroke) or not mode.value or stroke.value:
        return
    part: list[dict] = []
    for e in edges + [None]:  # a part ends where the next edge does not start at its last corner
        if part and (e is None or not _touches(part[-1], e)):
            box = (min(p["x0"] for p in part), min(p["top"] for p in part),
                   max(p["x1"] for p in part), max(p["bottom"] for p in part))
            for p in part:
                p["fill_box"] = box
            part = []
        if e is not None:
            part.append(e)


def _touches(a: dict, b: dict) -> bool:
    """Whether two edges share a corner (consecutive sides of one closed part)."""
    corners = lambda e: {(e["x0"], e["top"]), (e["x1"], e["top"]), (e["x0"], e["bottom"]),  # noqa: E731
                         (e["x1"], e["bottom"])}
    return not corners(a).isdisjoint(corners(b))


def _edges(objects, matrix: tuple | None, height: float, out: list, images: list) -> None:
    """The edges of the paths among ``objects`` (forms too) onto ``out``; images counted in ``images[0]``."""
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            images[0] += 1
            continue
        own = _matrix(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            first = len(out)
            _path_edges(obj, _compose(own, matrix) if matrix else own, height, out)
            _mark_fill(obj, out[first:])
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            inner = _compose(own, matrix) if matrix else own
            n = raw.FPDFFormObj_CountObjects(obj)
            _edges([raw.FPDFFormObj_GetObject(obj, i) for i in range(n)], inner, height, out, images)


def read_pages(path, password: str | None = None, warn=None, see=None):
    """(page, number) for each page of a PDF, read through pdfium; ``warn(code, message)`` hears
    of what could not be read exactly (a font's descent); ``see(page, textpage)`` gives a page's
    verdict of what is not printed (extract/printed.py), none when not given."""
    pdf = open_pdfium(path, password)
    descents = _Descents(path, password, warn)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                # the frame the content is drawn in, as pdfminer's reader gives it: the media box
                # unturned by /Rotate (get_size would turn it), y measured down from its height
                left, bottom, right, top = page.get_mediabox()
                width, height = right - left, top - bottom
                crop_left, _, _, crop_top = page.get_cropbox()
                textpage = page.get_textpage()
                try:
                    chars = _chars(textpage, height, descents)
                    verdict = see(page, textpage.raw) if see else Verdict()
                finally:
                    textpage.close()
                edges, images = [], [0]  # images: a count _edges adds to
                _edges([raw.FPDFPage_GetObject(page.raw, i) for i in range(raw.FPDFPage_CountObjects(page.raw))],
                       None, height, edges, images)
                yield PdfiumPage(width=width, height=height, chars=chars, edges=edges,
                                 bbox=(left, height - top, right, height - bottom), verdict=verdict,
                                 images=images[0], origin=(crop_left, height - crop_top)), index + 1
            finally:
                page.close()
    finally:
        pdf.close()
