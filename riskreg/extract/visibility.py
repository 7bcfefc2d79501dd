"""Which characters of a page are printed: only those are text of the register.

A PDF's text layer holds characters nobody sees: drawn outside the clip path in force
(LibreOffice Calc draws a merged range's whole text again on the next page, clipped away
off the page's top or under the repeated header), in render mode 3 (invisible) or 7 (a
clip only), in the colour of what lies under them (white on the bare page, or on a fill of
their own colour), under a white fill drawn after them, or off the page. pdfminer reads
them all; pdfium gives what is needed to tell them apart (each character's text object,
with its clip path, render mode and fill colour), so both readers ask this module.

A page's verdict is made in two steps. First per text object (a few calls to pdfium
each): an object drawn normally, in a colour unlike what lies under it, wholly inside its
clip and the page, is printed; a page with no other object is done. Only the objects left
are looked at per character: a character whose box's centre is outside its clip (or the
page) is hidden; one whose glyph crosses the clip's edge by more than the ``clip_cut``
setting (text cut at a cell's edge) is printed, and ``clipped`` marks it, so its cell is
uncertain. The tolerances are the extract settings' (clip_tolerance, clip_cut, same_colour,
min_ground).

Characters are matched to the verdict by their letter and origin: pdfminer and pdfium place
a glyph's origin apart by up to 0.7 pt on the samples (their sums along a line of kerned text
drift), so a character takes the nearest glyph of its letter on its baseline within half its
size; two glyphs of one letter that close on one line are one glyph printed twice.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2.raw as raw

WHITE = (255, 255, 255)
CLEAR = (-1000, -1000, -1000)  # a fill of alpha 0: no colour shows
#: render modes that paint nothing: 3 invisible, 7 added to the clip only
_UNPAINTED = (3, 7)
#: render modes that fill the glyph (its fill colour is what shows)
_FILLED = (0, 2, 4, 6)


@dataclass
class Verdict:
    """The glyphs of one page that are not printed (``hidden``), each as (letter, x, y) of its
    origin, and those cut by their clip (``cut``), each as (letter, x, y, left, right) with the
    clip's left and right edge there."""

    hidden: list = field(default_factory=list)
    cut: list = field(default_factory=list)
    #: letters hidden by the page's edge alone (inside their own clip: a table wider than the page,
    #: not Calc's copies clipped away); the page gets a text_off_page warning
    off_edge: int = 0

    def __bool__(self) -> bool:
        return bool(self.hidden or self.cut)



class _Places:
    """Glyphs by letter and baseline (1 pt rows), to find the one nearest a character."""

    def __init__(self, glyphs: list):
        self.rows: dict[tuple, list] = {}
        for letter, x, y, *rest in glyphs:
            self.rows.setdefault((letter, round(y)), []).append((x, y, *rest))

    def take(self, letter: str, x: float, y: float, reach: float, keep: bool = False) -> tuple | None:
        """The glyph of ``letter`` nearest (x, y) within ``reach`` (and half a point up or down),
        None when there is none; it is taken out unless ``keep``."""
        if not self.rows:
            return None  # no glyph at all (most pages have none cut, and none printed twice)
        best = None
        for row in (round(y), round(y) - 1, round(y) + 1):
            for i, glyph in enumerate(self.rows.get((letter, row), ())):
                d = abs(glyph[0] - x)
                if d <= reach and abs(glyph[1] - y) <= 0.5 and (best is None or d < best[0]):
                    best = (d, row, i, glyph)
        if best is None:
            return None
        if not keep:
            del self.rows[(letter, best[1])][best[2]]
        return best[3]


# -- clip regions: each a rectangle (x0, y0, x1, y1) or a polygon [(x, y), ...] in page space

def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _region(points: list[tuple[float, float]]):
    """A clip path's points as a rectangle when it is one (axis-aligned), else a polygon."""
    xs, ys = {round(x, 3) for x, _ in points}, {round(y, 3) for _, y in points}
    if len(xs) <= 2 and len(ys) <= 2:
        return (min(xs), min(ys), max(xs), max(ys))
    return points


def _clip_regions(obj: int, matrix: tuple | None) -> list:
    """The clip paths in force for a page object (their intersection is what may show)."""
    clip = _CLIP_OF(obj)
    if not clip:
        return []
    out = []
    fx, fy = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.addressof(fx), ctypes.addressof(fy)
    for p in range(max(0, _CLIP_PATHS(clip))):
        points = []
        for s in range(max(0, _CLIP_SEGMENTS(clip, p))):
            _SEGMENT_POINT(_CLIP_SEGMENT(clip, p, s), px, py)
            x, y = fx.value, fy.value
            points.append(_apply(matrix, x, y) if matrix else (x, y))
        # a path of fewer than two points encloses nothing: everything is clipped away
        out.append(_region(points) if len(points) > 1 else (0.0, 0.0, 0.0, 0.0))
    return out


def _clipped(obj: int) -> bool:
    """Whether a page object has a clip path of its own (pdfium gives most objects an empty one)."""
    clip = _CLIP_OF(obj)
    return bool(clip) and _CLIP_PATHS(clip) > 0


def _in_polygon(points: list, x: float, y: float) -> bool:
    inside, j = False, len(points) - 1
    for i, (xi, yi) in enumerate(points):
        xj, yj = points[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _across(regions: list) -> tuple[float, float]:
    """The left and right edge of the regions' intersection (a polygon by its bounds)."""
    left, right = float("-inf"), float("inf")
    for r in regions:
        xs = (r[0], r[2]) if isinstance(r, tuple) else (min(x for x, _ in r), max(x for x, _ in r))
        left, right = max(left, xs[0]), min(right, xs[1])
    return left, right


def _point_inside(regions: list, x: float, y: float) -> bool:
    for r in regions:
        if isinstance(r, tuple):
            if not (r[0] <= x <= r[2] and r[1] <= y <= r[3]):
                return False
        elif not _in_polygon(r, x, y):
            return False
    return True


def _box_inside(regions: list, box: tuple, tol: float) -> bool:
    """Whether a box (left, bottom, right, top) lies inside every region, ``tol`` to spare."""
    left, bottom, right, top = box
    for r in regions:
        if isinstance(r, tuple):
            if not (r[0] - tol <= left and right <= r[2] + tol and r[1] - tol <= bottom and top <= r[3] + tol):
                return False
        elif not all(_in_polygon(r, x, y) for x, y in ((left, bottom), (left, top), (right, bottom), (right, top))):
            return False
    return True


# -- the page's objects, in the order they are drawn

@dataclass
class _Text:
    """A text object that may not be printed wholly, and why it is looked at."""

    regions: list  # its clip regions, the page's box among them
    colour: tuple | None  # its fill colour (R, G, B) when that is what shows, else None
    z: int  # its place in the drawing order
    unpainted: bool = False


_vp, _int = ctypes.c_void_p, ctypes.c_int


def _proto(fn, restype, *args):
    """pdfium's function taking and giving handles as plain addresses (ints): no pointer objects
    made per call, as in pdfium_reader."""
    return ctypes.CFUNCTYPE(restype, *args)(ctypes.cast(fn, _vp).value)


_COUNT_OBJECTS = _proto(raw.FPDFPage_CountObjects, _int, _vp)
_GET_OBJECT = _proto(raw.FPDFPage_GetObject, _vp, _vp, _int)
_OBJ_TYPE = _proto(raw.FPDFPageObj_GetType, _int, _vp)
_FORM_COUNT = _proto(raw.FPDFFormObj_CountObjects, _int, _vp)
_FORM_OBJECT = _proto(raw.FPDFFormObj_GetObject, _vp, _vp, ctypes.c_ulong)
_RENDER_MODE = _proto(raw.FPDFTextObj_GetTextRenderMode, _int, _vp)
_CLIP_OF = _proto(raw.FPDFPageObj_GetClipPath, _vp, _vp)
_CLIP_PATHS = _proto(raw.FPDFClipPath_CountPaths, _int, _vp)
_CLIP_SEGMENTS = _proto(raw.FPDFClipPath_CountPathSegments, _int, _vp, _int)
_CLIP_SEGMENT = _proto(raw.FPDFClipPath_GetPathSegment, _vp, _vp, _int, _int)
_SEGMENT_POINT = _proto(raw.FPDFPathSegment_GetPoint, _int, _vp, _vp, _vp)
_FILL_COLOUR = _proto(raw.FPDFPageObj_GetFillColor, _int, _vp, _vp, _vp, _vp, _vp)
_BOUNDS = _proto(raw.FPDFPageObj_GetBounds, _int, _vp, _vp, _vp, _vp, _vp)
_DRAW_MODE = _proto(raw.FPDFPath_GetDrawMode, _int, _vp, _vp, _vp)
_TEXT_OBJECT = _proto(raw.FPDFText_GetTextObject, _vp, _vp, _int)
_TEXT, _PATH, _IMAGE, _FORM = (raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE,
                               raw.FPDF_PAGEOBJ_FORM)


class _Asker:
    """Asks pdfium about page objects (addresses), with one set of out-parameters per page."""

    def __init__(self):
        self.floats = [ctypes.c_float() for _ in range(4)]
        self.uints = [ctypes.c_uint() for _ in range(4)]
        self.ints = [ctypes.c_int() for _ in range(2)]
        self._f = [ctypes.addressof(v) for v in self.floats]
        self._u = [ctypes.addressof(v) for v in self.uints]
        self._i = [ctypes.addressof(v) for v in self.ints]

    def colour(self, obj: int) -> tuple | None:
        """A page object's fill colour (R, G, B); CLEAR when fully transparent, None when pdfium
        cannot tell (the object is then taken as printed in a colour of its own)."""
        u = self._u
        if not _FILL_COLOUR(obj, u[0], u[1], u[2], u[3]):
            return None
        r, g, b, a = self.uints
        return (r.value, g.value, b.value) if a.value else CLEAR

    def bounds(self, obj: int, matrix: tuple | None) -> tuple:
        """A page object's box (left, bottom, right, top) in page space."""
        f = self._f
        _BOUNDS(obj, f[0], f[1], f[2], f[3])
        left, bottom, right, top = self.floats
        left, bottom, right, top = left.value, bottom.value, right.value, top.value
        if not matrix:
            return (left, bottom, right, top)
        corners = [_apply(matrix, x, y) for x in (left, right) for y in (bottom, top)]
        return (min(x for x, _ in corners), min(y for _, y in corners),
                max(x for x, _ in corners), max(y for _, y in corners))

    def filled(self, obj: int) -> bool:
        return bool(_DRAW_MODE(obj, *self._i) and self.ints[0].value)


def _compose(inner: tuple, outer: tuple) -> tuple:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _form_matrix(obj: int) -> tuple:
    m = raw.FS_MATRIX()
    if raw.FPDFPageObj_GetMatrix(ctypes.cast(obj, raw.FPDF_PAGEOBJECT), m):
        return (m.a, m.b, m.c, m.d, m.e, m.f)
    return (1, 0, 0, 1, 0, 0)


def _walk(objects, matrix: tuple | None, outer: list, out: list) -> None:
    """(object, kind, matrix, clip regions of the forms around it) of every object, forms opened."""
    for obj in objects:
        kind = _OBJ_TYPE(obj)
        if kind == _FORM:
            own = _form_matrix(obj)
            inner = _compose(own, matrix) if matrix else own
            regions = outer + _clip_regions(obj, matrix)
            _walk([_FORM_OBJECT(obj, i) for i in range(_FORM_COUNT(obj))], inner, regions, out)
        elif kind == _TEXT or kind == _PATH or kind == _IMAGE:
            out.append((obj, kind, matrix, outer))


def _same(a: tuple | None, b: tuple | None, tol: int) -> bool:
    """Whether two colours look the same (within ``tol`` in each of R, G, B)."""
    return a is not None and b is not None and all(abs(x - y) <= tol for x, y in zip(a, b))


def _suspects(page: int, page_box: tuple, settings) -> tuple[dict, list]:
    """The text objects that may hold characters not printed (address -> _Text), and the page's
    filled paths in drawing order, as (z, box, colour). Images are looked at only for invisible
    text over them.

    Why it is long: one pass over the page's objects makes every cheap test of the first step
    (render mode, colour against the fills drawn before, clip and page box, a white fill after)."""
    items: list = []
    _walk([_GET_OBJECT(page, i) for i in range(_COUNT_OBJECTS(page))], None, [], items)
    ask, tol = _Asker(), settings.same_colour
    fills, grounds, texts, images = [], set(), [], []
    for z, (obj, kind, matrix, outer) in enumerate(items):
        if kind == _TEXT:
            texts.append((z, obj, matrix, outer))
        elif kind == _IMAGE:
            images.append(ask.bounds(obj, matrix))
        elif ask.filled(obj):
            colour, box = ask.colour(obj), ask.bounds(obj, matrix)
            if colour is not None and colour != CLEAR:
                fills.append((z, box, colour))
                if min(box[2] - box[0], box[3] - box[1]) >= settings.min_ground:
                    grounds.add(colour)
    covers = [(fz, box) for fz, box, colour in fills if _same(colour, WHITE, tol)]  # hide text drawn before
    against: dict = {}  # text colour -> like the page's or a fill's: it may be printed on its own colour
    out: dict = {}
    tolc = settings.clip_tolerance
    left, bottom, right, top = page_box[0] - tolc, page_box[1] - tolc, page_box[2] + tolc, page_box[3] + tolc
    render_mode, colour_of, bounds_of = _RENDER_MODE, ask.colour, ask.bounds  # the loop runs per text object
    for z, obj, matrix, outer in texts:
        mode = render_mode(obj)
        colour = colour_of(obj) if mode in _FILLED else None
        box = bounds_of(obj, matrix)
        if mode in _UNPAINTED or colour == CLEAR:
            # invisible text over a picture is the picture's text (a scan's OCR layer, ocrmypdf's):
            # what the page shows, read by the OCR stage's own rules
            if not any(_holds(image, box) for image in images):
                out[obj] = _Text([page_box, *outer, *_clip_regions(obj, matrix)], None, z, unpainted=True)
            continue
        if colour is not None and colour not in against:
            against[colour] = _same(colour, WHITE, tol) or any(_same(colour, c, tol) for c in grounds)
        if left <= box[0] and box[2] <= right and bottom <= box[1] and box[3] <= top and not (
                colour is not None and against[colour]) and not (outer or _clipped(obj)) and not (
                covers and any(fz > z and _overlaps(fbox, box) for fz, fbox in covers)):
            continue  # the common case: on the page, in a colour of its own, no clip, nothing over it
        regions = [page_box, *outer, *_clip_regions(obj, matrix)]
        if (colour is not None and against[colour]) or not _box_inside(regions, box, tolc) or \
                any(fz > z and _overlaps(fbox, box) for fz, fbox in covers):
            out[obj] = _Text(regions, colour, z)
    return out, fills


def _holds(outer: tuple, box: tuple) -> bool:
    """Whether a box's centre lies in another box (both left, bottom, right, top)."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= x <= outer[2] and outer[1] <= y <= outer[3]


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _background(fills: list, z: int, box: tuple) -> tuple:
    """The colour under a character's box when the object ``z`` is drawn: the last fill before it
    that holds the whole box (a rule or an underline under part of it is no background)."""
    left, bottom, right, top = box
    for fz, f, colour in reversed(fills):
        if fz < z and f[0] <= left and right <= f[2] and f[1] <= bottom and top <= f[3]:
            return colour
    return WHITE


def _covered(fills: list, z: int, box: tuple, tol: int) -> bool:
    """Whether a white fill drawn after ``z`` covers the box wholly."""
    left, bottom, right, top = box
    return any(fz > z and _same(colour, WHITE, tol) and f[0] <= left and right <= f[2] and f[1] <= bottom
               and top <= f[3] for fz, f, colour in fills)


def page_box(page) -> tuple:
    """A pypdfium2 page's visible box (left, bottom, right, top) in its user space: the crop box
    within the media box."""
    crop, media = page.get_cropbox(), page.get_mediabox()
    return (max(crop[0], media[0]), max(crop[1], media[1]), min(crop[2], media[2]), min(crop[3], media[3]))


def page_verdict(page, box: tuple, settings, textpage=None) -> Verdict:
    """The characters of a pdfium page (raw handle) that are not printed; ``box`` is its visible box
    (page_box), ``settings`` the extract settings. ``textpage``: its text page when one is loaded
    (else one is loaded here when needed)."""
    suspects, fills = _suspects(ctypes.cast(page, _vp).value, box, settings)
    if not suspects:
        return Verdict()
    if textpage is not None:
        return _char_verdict(textpage, suspects, fills, settings)
    textpage = raw.FPDFText_LoadPage(page)
    try:
        return _char_verdict(textpage, suspects, fills, settings)
    finally:
        raw.FPDFText_ClosePage(textpage)


def _char_verdict(textpage, suspects: dict, fills: list, settings) -> Verdict:
    """The second step: each character of a suspect object, tested alone."""
    verdict = Verdict()
    tp = ctypes.cast(textpage, _vp).value
    loose, ink = raw.FS_RECTF(), [ctypes.c_double() for _ in range(4)]
    ox, oy = ctypes.c_double(), ctypes.c_double()
    for i in range(raw.FPDFText_CountChars(textpage)):
        text = suspects.get(_TEXT_OBJECT(tp, i))
        if text is None:
            continue
        code = raw.FPDFText_GetUnicode(textpage, i)
        if code in (0, 0x0A, 0x0D, 0xFFFE):
            continue
        raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
        raw.FPDFText_GetLooseCharBox(textpage, i, loose)
        key = (chr(0x2D if code == 0x02 else code), ox.value, oy.value)
        cx, cy = (loose.left + loose.right) / 2, (loose.bottom + loose.top) / 2
        box = (loose.left, loose.bottom, loose.right, loose.top)
        tol = settings.same_colour
        if text.unpainted or not _point_inside(text.regions, cx, cy) or _covered(fills, text.z, box, tol) or (
                text.colour is not None and _same(text.colour, _background(fills, text.z, box), tol)):
            verdict.hidden.append(key)
            if not text.unpainted and not key[0].isspace() and not _point_inside(text.regions[:1], cx, cy) \
                    and _point_inside(text.regions[1:], cx, cy):
                verdict.off_edge += 1
            continue
        raw.FPDFText_GetCharBox(textpage, i, *ink)
        left, right, bottom, top = (v.value for v in ink)
        if right > left and not _box_inside(text.regions, (left, bottom, right, top), settings.clip_cut):
            verdict.cut.append((*key, *_across(text.regions)))
    return verdict


def apply_verdict(chars: list[dict], verdict: Verdict, origin) -> tuple[list[dict], int]:
    """The printed characters of a page and how many letters and signs were dropped (spaces not
    counted); a cut character is marked ``clipped``, its box narrowed to its printed part.
    ``origin(char)`` gives a character's origin (x, y) in the page's user space."""
    if not verdict:
        return chars, 0
    hidden, cut, gone = _Places(verdict.hidden), _Places(verdict.cut), _Places([])
    out, dropped = [], 0
    for ch in chars:
        letter = ch["text"][:1]
        x, y = origin(ch)
        reach = max(1.0, ch.get("size", 0) / 2)
        # pdfium's text page keeps one of two glyphs printed on each other: both go
        if hidden.take(letter, x, y, reach) is not None or gone.take(letter, x, y, 0.5, keep=True) is not None:
            gone.rows.setdefault((letter, round(y)), []).append((x, y))
            dropped += not letter.isspace()
            continue
        glyph = cut.take(letter, x, y, reach, keep=True)
        if glyph is not None:
            shift = ch["x0"] - x  # the reader's frame against the user space (a media box's corner)
            ch = dict(ch, clipped=True, x0=max(ch["x0"], glyph[2] + shift), x1=min(ch["x1"], glyph[3] + shift))
        out.append(ch)
    return out, dropped
