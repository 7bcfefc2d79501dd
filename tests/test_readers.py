"""The pdfium reader (the default) gives exactly the register pdfminer's reader gives, on every sample."""
from __future__ import annotations

from pathlib import Path

import pytest

import riskreg
from golden import SAMPLES
from riskreg.extract import ExtractSettings
from riskreg.pipeline import Settings

NAMES = sorted(p.stem for p in SAMPLES.glob("*.pdf"))


@pytest.mark.parametrize("name", NAMES)
def test_pdfium_and_pdfminer_readers_give_the_same_register(name):
    a = riskreg.extract(SAMPLES / f"{name}.pdf", settings=Settings(extract=ExtractSettings(reader="pdfminer")))
    b = riskreg.extract(SAMPLES / f"{name}.pdf", settings=Settings(extract=ExtractSettings(reader="pdfium")))
    assert len(a.risks) > 0
    for table in ("risks", "controls", "problems"):
        assert getattr(a, table).equals(getattr(b, table)), f"{name}: {table} differ"


def test_reader_setting_is_checked():
    with pytest.raises(ValueError, match="unknown reader"):
        ExtractSettings(reader="ocr")


def _pdfminer_descents(path) -> dict[str, float]:
    """Each font's descent as pdfminer's own font objects give it (the slow, sure way)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    out, manager = {}, PDFResourceManager()
    with open(path, "rb") as fh:
        for page in PDFPage.create_pages(PDFDocument(PDFParser(fh))):
            for ref in (resolve1((page.resources or {}).get("Font")) or {}).values():
                font = manager.get_font(getattr(ref, "objid", None), resolve1(ref))
                out[str(font.fontname)] = font.get_descent()
    return out


def _type0_pdf(path) -> None:
    """One line of text in a Type0 (CID) font, the kind Word embeds for wide character sets."""
    import ctypes

    import matplotlib
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    data = (Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf").read_bytes()
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(300, 200)
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(pdf.raw, buffer, len(data), raw.FPDF_FONT_TRUETYPE, 1)
    text = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, 11.0)
    wide = ctypes.create_string_buffer("Oönskad händelse: brand".encode("utf-16-le") + b"\0\0")
    raw.FPDFText_SetText(text, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
    raw.FPDFPageObj_Transform(text, 1, 0, 0, 1, 20, 120)
    raw.FPDFPage_InsertObject(page.raw, text)
    page.gen_content()
    pdf.save(str(path))
    pdf.close()


def test_font_descents_are_pdfminers_for_every_kind_of_font(tmp_path):
    """The pdfium reader reads descents from the font descriptors only; pdfminer's full
    fonts must agree: TrueType and the standard 14 (samples) and Type0 (made here)."""
    from riskreg.extract.pdfium_reader import _Descents

    type0 = tmp_path / "type0.pdf"
    _type0_pdf(type0)
    kinds = set()
    for path in [*sorted(SAMPLES.glob("*.pdf")), type0]:
        expected = _pdfminer_descents(path)
        fast = _Descents(path, None)
        assert expected
        for name, descent in expected.items():
            assert fast.get(name) == pytest.approx(descent), (path.name, name)
        kinds.update(open(path, "rb").read().count(k) > 0 and k for k in (b"/TrueType", b"/Type0", b"/Type1"))
    assert {b"/TrueType", b"/Type0", b"/Type1"} <= kinds


def test_type0_font_characters_sit_where_pdfminer_puts_them(tmp_path):
    import pdfplumber

    from riskreg.extract.pdfium_reader import read_pages

    path = tmp_path / "type0.pdf"
    _type0_pdf(path)
    with pdfplumber.open(path) as pdf:
        expected = pdf.pages[0].chars
    (page, _), = list(read_pages(path))
    assert "".join(c["text"] for c in page.chars) == "Oönskad händelse: brand"
    assert [c["text"] for c in page.chars] == [c["text"] for c in expected]
    for got, want in zip(page.chars, expected):  # pdfium stores sizes as 32-bit floats
        assert [got[k] for k in ("x0", "x1", "top", "bottom")] == pytest.approx(
            [want[k] for k in ("x0", "x1", "top", "bottom")], abs=0.02), got["text"]
