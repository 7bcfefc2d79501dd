"""Pages whose content cannot be decoded whole, as qpdf (through pikepdf) sees the file.

The readers (pdfium, pdfminer) are lenient: a page whose content stream breaks off,
whose font is gone or whose embedded font program is damaged still gives the
characters they could make out, and nothing says that some are missing. This check
reads each page's structure with qpdf and says which pages lost something:

- a content stream (or a form drawn on the page) that does not decode, or that qpdf
  could only parse with errors;
- a font the content uses that the page's resources do not hold, or one without a part the
  standard requires (a descriptor, a descendant font): in a damaged file whose cross-reference
  table qpdf rebuilt, an object cut out reads as an entry that is not there;
- a font program or ToUnicode map that does not decode, or decodes to another length
  than the font says (``/Length1``);
- a Flate stream whose checksum is wrong (qpdf itself does not check it, zlib does:
  a burst of zeros inside a compressed stream still inflates, to other bytes).

It gives page -> what is wrong, in plain words; the pipeline turns each into a
``damaged_page`` problem.
"""
from __future__ import annotations

import base64
import warnings
import zlib
from pathlib import Path

import numpy as np
import pikepdf

from ..i18n import N_, _, speaks

_MAX_FORM_DEPTH = 3


def _filters(stream) -> list[str]:
    f = stream.get("/Filter")
    if f is None:
        return []
    return [str(x) for x in f] if isinstance(f, pikepdf.Array) else [str(f)]


_A85_SPACE = b" \t\n\r\v"  # what base64.a85decode skips
_A85_DIGITS = bytes(range(ord("!"), ord("u") + 1))


def _a85decode(data: bytes) -> bytes:
    """``base64.a85decode(data)``, the same bytes and the same errors, its five-letter groups
    worked in numpy (the standard library's loop in Python was half the damage check's time on
    reportlab's ASCII85 fonts); data with a "z" group or a letter outside ASCII85 go to it."""
    letters = data.translate(None, _A85_SPACE) + b"u" * 4  # as base64 pads the last group
    if b"z" in letters or letters.translate(None, _A85_DIGITS):
        return base64.a85decode(data)
    whole = len(letters) // 5 * 5
    digits = np.frombuffer(letters, dtype=np.uint8, count=whole).reshape(-1, 5).astype(np.uint64) - 33
    value = digits[:, 0]
    for i in range(1, 5):
        value = value * 85 + digits[:, i]
    if (value > 0xFFFFFFFF).any():
        raise ValueError("Ascii85 overflow")
    out = value.astype(">u4").tobytes()
    padding = 4 - (len(letters) - whole)
    return out[:-padding] if padding else out


def _checksum_ok(stream) -> bool:
    """Does a Flate stream (alone, or after ASCII85) inflate with a right checksum?"""
    filters = _filters(stream)
    if filters not in (["/FlateDecode"], ["/ASCII85Decode", "/FlateDecode"]) or stream.get("/DecodeParms"):
        return True  # other filters: qpdf's own decoding is the check
    data = stream.read_raw_bytes()
    try:
        if filters[0] == "/ASCII85Decode":
            data = data.strip()
            data = _a85decode(data[:-2] if data.endswith(b"~>") else data)
        zlib.decompress(data)
    except (ValueError, zlib.error):
        return False
    return True


def _stream_problem(stream, what: str, checked: dict | None = None) -> str | None:
    """What is wrong with one stream, or None; ``checked`` remembers streams seen (a font is
    shared by every page)."""
    if checked is not None and stream.objgen != (0, 0):
        key = (stream.objgen, what)
        if key not in checked:
            checked[key] = _stream_problem(stream, what)
        return checked[key]
    try:
        data = stream.read_bytes()
    except pikepdf.PdfError:
        return _("its {what} cannot be decoded").format(what=_(what))
    if not _checksum_ok(stream):
        return _("its {what} is damaged (the compressed data do not match their checksum)").format(what=_(what))
    length1 = stream.get("/Length1")
    if what == "font program" and isinstance(length1, int) and "/Length2" not in stream \
            and int(length1) != len(data):
        return _("its {what} is damaged (it has another length than the font says)").format(what=_(what))
    return None


#: fonts a reader has without a descriptor: the standard 14 of PDF, and the names Windows printed
#: them under (each may carry a style: Helvetica-Bold, Arial,Bold)
_STANDARD_FONTS = {"Times", "Times-Roman", "Helvetica", "Courier", "Symbol", "ZapfDingbats", "Arial", "ArialMT",
                   "TimesNewRoman", "TimesNewRomanPS", "TimesNewRomanPSMT", "CourierNew", "CourierNewPS",
                   "CourierNewPSMT"}


def _lost_parts(font) -> str | None:
    """What a font dictionary lacks that the PDF standard requires it to hold, in words: a damaged
    file whose cross-reference table qpdf rebuilt loses every object cut out, and a reference to
    one reads as no entry at all (a TrueType font without its descriptor is drawn in a stand-in
    font, and the readers may lose or change characters in silence)."""
    subtype = str(font.get("/Subtype", ""))
    if subtype == "/Type3":
        return None if isinstance(font.get("/CharProcs"), pikepdf.Dictionary) else _("its glyph procedures are missing")
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, pikepdf.Array) or len(descendants) == 0:
            return _("its descendant font is missing")
        return None  # each descendant is checked as a font of its own
    if font.get("/FontDescriptor") is not None:
        return None
    base = str(font.get("/BaseFont", ""))[1:]
    subset = len(base) > 7 and base[6] == "+" and base[:6].isupper()  # ABCDEF+Name: an embedded subset
    standard = base in _STANDARD_FONTS or base.replace(",", "-").split("-")[0] in _STANDARD_FONTS
    if subset or subtype in ("/CIDFontType0", "/CIDFontType2") or not standard:
        return _("its font descriptor (and the font program it holds) is missing")
    return None


def _font_problems(fonts, used: set[str], checked: dict) -> list[str]:
    out = []
    for name in sorted(used):
        font = fonts.get(name) if fonts is not None and name in fonts else None
        if font is None:
            out.append(_("the font {name} it uses is missing").format(name=name))
            continue
        lost = [_lost_parts(sub) for sub in [font, *font.get("/DescendantFonts", [])]]
        out += [f"{name}: {why}" for why in dict.fromkeys(lost) if why]
        for sub in [font, *font.get("/DescendantFonts", [])]:
            parts = [("/ToUnicode", sub, N_("font's character map"))]
            descriptor = sub.get("/FontDescriptor")
            if descriptor is not None:
                parts += [(key, descriptor, N_("font program")) for key in ("/FontFile", "/FontFile2", "/FontFile3")]
            for key, holder, what in parts:
                stream = holder.get(key)
                if isinstance(stream, pikepdf.Stream):
                    problem = _stream_problem(stream, what, checked)
                    if problem:
                        out.append(f"{name}: {problem}")
    return out


def _page_problems(page_obj, checked: dict, depth: int = 0) -> list[str]:
    """What is wrong with one page (or form XObject) and the resources it draws with."""
    out = []
    streams = []
    if depth == 0:
        contents = page_obj.get("/Contents")
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents else []
    else:
        streams = [page_obj]
    for stream in streams:
        if isinstance(stream, pikepdf.Stream):
            problem = _stream_problem(stream, N_("content"), checked)
            if problem:
                out.append(problem)
    try:
        ops = pikepdf.parse_content_stream(page_obj, "Tf Do")  # the whole stream is parsed
    except pikepdf.PdfError:
        return out + ([_("its content cannot be parsed")] if not out else [])
    resources = page_obj.get("/Resources")
    fonts = resources.get("/Font") if resources is not None else None
    used: set[str] = set()
    drawn: set[str] = set()
    for instruction in ops:  # only Tf and Do were kept; one pass over them
        operands = instruction.operands  # (unpacking an instruction, or comparing two
        if operands:                     # operators, costs a call into pikepdf each)
            (used if str(instruction.operator) == "Tf" else drawn).add(str(operands[0]))
    out += _font_problems(fonts, used, checked)
    xobjects = resources.get("/XObject") if resources is not None else None
    for name in sorted(drawn):
        xobj = xobjects.get(name) if xobjects is not None and name in xobjects else None
        if xobj is None:
            out.append(_("the object {name} it draws is missing").format(name=name))
        elif str(xobj.get("/Subtype")) == "/Form" and depth < _MAX_FORM_DEPTH:
            out += [_("a form it draws: {problem}").format(problem=p) for p in _page_problems(xobj, checked, depth + 1)]
    return out


@speaks
def damaged_pages(path: str | Path, password: str | None = None) -> dict[int, str]:
    """Page (1-based) -> what could not be decoded there; empty for a sound file (or one qpdf
    cannot open at all: the readers report that as a damaged PDF), said in ``lang`` (default: the
    active language)."""
    out: dict[int, str] = {}
    try:
        with warnings.catch_warnings():  # "a password was provided, but no password was needed"
            warnings.simplefilter("ignore")
            pdf = pikepdf.open(path, password=password or "")
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError, ValueError):
        return out
    with pdf:
        seen = len(pdf.get_warnings())  # qpdf's notes, from opening on
        checked: dict = {}
        for number, page in enumerate(pdf.pages, start=1):
            try:
                problems = _page_problems(page.obj, checked)
            except (pikepdf.PdfError, ValueError, TypeError, AttributeError, KeyError) as exc:
                problems = [_("its structure cannot be read ({error})").format(error=exc)]
            notes = pdf.get_warnings()
            if len(notes) > seen and not problems:
                problems = [_("qpdf had to repair it: {notes}").format(
                    notes="; ".join(w.split(": ", 1)[-1] for w in notes[seen:][:2]))]
            seen = len(notes)
            if problems:
                out[number] = "; ".join(dict.fromkeys(problems))
    return out
