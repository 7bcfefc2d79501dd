"""The pdfium reader (the default) gives exactly the register pdfminer's reader gives, on every sample."""
from __future__ import annotations

from pathlib import Path

import pytest

import riskreg
from golden import SAMPLES, same_but_boxes
from riskreg.extract import ExtractSettings
from riskreg.pipeline import Settings

NAMES = sorted(p.stem for p in SAMPLES.glob("*.pdf"))
#: how far a row's box may stand off between two readings of one page: pdfminer ends a glyph at its
#: advance from the font's /Widths, pdfium at its loose box (reportlab's embedded DejaVuSans, 9 pt:
#: 0.33 pt shorter; a record row's box ends at its last glyph, 0.65 pt seen on farsta_2023_records_lines),
#: camelot finds a rule by drawing the page (0.36 seen on farsta_2022); a point is no difference a
#: highlight shows
BOX_POINTS = 1.0


@pytest.mark.parametrize("name", NAMES)
def test_pdfium_and_pdfminer_readers_give_the_same_register(name):
    a = riskreg.extract_register(SAMPLES / f"{name}.pdf", settings=Settings(extract=ExtractSettings(reader="pdfminer")))
    b = riskreg.extract_register(SAMPLES / f"{name}.pdf", settings=Settings(extract=ExtractSettings(reader="pdfium")))
    assert len(a.risks) > 0
    for table in ("risks", "controls"):
        assert same_but_boxes(getattr(a, table), getattr(b, table), BOX_POINTS), f"{name}: {table} differ"
    assert a.problems.equals(b.problems), f"{name}: problems differ"
    for register in (a, b):  # the word audit finds every printed table word in the register
        assert register.files["coverage"].tolist() == [1.0], register.files.to_dict("records")


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


def _turned_copy(src: Path, dst: Path, rotate: int, shift: tuple[float, float]) -> None:
    """Every page of ``src`` given /Rotate ``rotate`` and its media box (and content) moved by ``shift``."""
    import pikepdf

    with pikepdf.open(src) as pdf:
        for page in pdf.pages:
            if rotate:
                page.obj.Rotate = rotate
            if shift != (0, 0):
                dx, dy = shift
                page.contents_add(pdf.make_stream(f"q 1 0 0 1 {dx} {dy} cm\n".encode()), prepend=True)
                page.contents_add(pdf.make_stream(b"\nQ"))
                x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
                page.obj.MediaBox = pikepdf.Array([x0 + dx, y0 + dy, x1 + dx, y1 + dy])
                if "/CropBox" in page.obj:
                    del page.obj.CropBox
        pdf.save(dst)


TURNS = [(90, (0, 0)), (180, (0, 0)), (270, (0, 0)), (0, (100, -50)), (90, (30, 40))]
# camelot reads the file itself (only the box's frame comes from the reader): with pdfminer's
# reader it runs on one turn, its slowest way, to keep the suite's time
WAYS = [("pdfium", "pdfplumber"), ("pdfminer", "pdfplumber"), ("pdfium", "camelot")]
CASES = [(*way, *turn) for way in WAYS for turn in TURNS] + [("pdfminer", "camelot", *TURNS[-1])]


@pytest.fixture(scope="module")
def farsta_as_printed():
    return riskreg.extract_register(SAMPLES / "farsta_2022.pdf")


@pytest.mark.parametrize("reader,engine,rotate,shift", CASES)
def test_turned_pages_and_moved_origins_give_the_same_register_from_every_reader_and_engine(
        tmp_path, farsta_as_printed, rotate, shift, reader, engine):
    """/Rotate only turns a page when shown, and a media box not at (0, 0) only moves it: the
    table is drawn the same, so both readers and both engines must read the register unturned."""
    turned = tmp_path / "farsta_2022.pdf"
    _turned_copy(SAMPLES / "farsta_2022.pdf", turned, rotate, shift)
    expected = farsta_as_printed
    assert len(expected.risks) == 91
    got = riskreg.extract_register(turned, settings=Settings(extract=ExtractSettings(reader=reader, engine=engine)))
    for table in ("risks", "controls"):  # each row's box too, measured on the page as shown
        assert same_but_boxes(getattr(got, table), getattr(expected, table), BOX_POINTS), table
    assert got.problems.equals(expected.problems)


@pytest.mark.parametrize("reader", ["pdfium", "pdfminer"])
def test_a_turned_table_without_ruling_lines_reads_the_same(tmp_path, reader):
    turned = tmp_path / "enskede_2023_unruled.pdf"
    _turned_copy(SAMPLES / "enskede_2023_unruled.pdf", turned, 270, (20, 30))
    expected = riskreg.extract_register(SAMPLES / "enskede_2023_unruled.pdf")
    got = riskreg.extract_register(turned, settings=Settings(extract=ExtractSettings(reader=reader)))
    assert len(got.risks) == 91
    for table in ("risks", "controls"):
        assert same_but_boxes(getattr(got, table), getattr(expected, table), BOX_POINTS), table
    assert got.problems.equals(expected.problems)
