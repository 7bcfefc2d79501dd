"""Issue 26 item 3 (and item 4's clipped cells): only what is printed is text.

Characters outside the clip path in force, in render mode 3 or 7, in the colour under them,
under a white fill drawn after them or off the page are dropped before any table is read,
by both readers, and counted in files.csv's hidden_chars. Each trick is drawn here on a page
of its own with reportlab; the two fixtures are a register made with the canvas
(samples/build_hidden_text.py) and one printed from a spreadsheet by LibreOffice Calc
(samples/build_calc_clipped.py), their expected registers the builders' data.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

import riskreg
import riskreg.extract.visibility as visibility
from golden import SAMPLES, as_csv_rows, differences
from riskreg.batch import BatchSettings, run
from riskreg.extract import ExtractSettings, read_document
from riskreg.pipeline import Settings
from riskreg.write.files import write_register

FIXTURES = Path(__file__).resolve().parent / "fixtures"
READERS = ["pdfium", "pdfminer"]
W, H = 400, 300


def _text(c: Canvas, x: float, y: float, word: str, colour: str = "#000000", mode: int = 0) -> None:
    t = c.beginText(x, y)
    t.setFont("Helvetica", 12)
    t.setFillColor(HexColor(colour))
    t.setTextRenderMode(mode)
    t.textOut(word)
    c.drawText(t)


def _clip(c: Canvas, x: float, y: float, w: float, h: float) -> None:
    p = c.beginPath()
    p.rect(x, y, w, h)
    c.clipPath(p, stroke=0, fill=0)


def _fill(c: Canvas, x: float, y: float, w: float, h: float, colour: str) -> None:
    c.setFillColor(HexColor(colour))
    c.rect(x, y, w, h, stroke=0, fill=1)


def _outside_clip(c):
    c.saveState()
    _clip(c, 0, 150, W, 150)  # the page's top half
    _text(c, 50, 100, "DOLD")
    c.restoreState()


def _image(c):
    import numpy as np
    from PIL import Image
    buf = io.BytesIO()
    Image.fromarray(np.full((20, 60), 200, np.uint8)).save(buf, format="PNG")
    c.drawImage(ImageReader(buf), 40, 90, 120, 40)


TRICKS = {
    "outside_clip": _outside_clip,
    "render_mode_3": lambda c: _text(c, 50, 100, "DOLD", mode=3),
    "render_mode_7": lambda c: _text(c, 50, 100, "DOLD", mode=7),
    "white_on_white": lambda c: _text(c, 50, 100, "DOLD", colour="#FFFFFF"),
    "colour_of_its_fill": lambda c: (_fill(c, 40, 90, 100, 30, "#3366CC"),
                                     _text(c, 50, 100, "DOLD", colour="#3366CC")),
    "under_a_white_fill_after": lambda c: (_text(c, 50, 100, "DOLD"), _fill(c, 40, 90, 100, 30, "#FFFFFF")),
    "below_the_page": lambda c: _text(c, 50, -40, "DOLD"),
    "right_of_the_page": lambda c: _text(c, W + 20, 100, "DOLD"),
    "above_the_page": lambda c: _text(c, 50, H + 30, "DOLD"),
}
KEPT = {  # drawn so that they show: every one of these is printed text
    "white_on_a_dark_fill": lambda c: (_fill(c, 40, 90, 100, 30, "#1F3864"),
                                       _text(c, 50, 100, "KVAR", colour="#FFFFFF")),
    "black_on_a_white_fill": lambda c: (_fill(c, 40, 90, 100, 30, "#FFFFFF"), _text(c, 50, 100, "KVAR")),
    "grey_on_the_page": lambda c: _text(c, 50, 100, "KVAR", colour="#C0C0C0"),
    "stroked_only": lambda c: _text(c, 50, 100, "KVAR", mode=1),
    "over_a_rule_of_its_colour": lambda c: (_fill(c, 40, 103, 100, 0.8, "#000000"), _text(c, 50, 100, "KVAR")),
    "inside_its_clip": lambda c: (c.saveState(), _clip(c, 40, 90, 100, 30), _text(c, 50, 100, "KVAR"),
                                  c.restoreState()),
    "invisible_over_a_picture": lambda c: (_image(c), _text(c, 50, 100, "KVAR", mode=3)),
}


def _page(path: Path, draw) -> Path:
    c = Canvas(str(path), pagesize=(W, H), invariant=1)
    _text(c, 50, 200, "SYNLIG")
    draw(c)
    c.showPage()
    c.save()
    return path


def _words(doc) -> str:
    return " ".join(line.text for line in doc.lines)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("trick", sorted(TRICKS))
def test_a_hidden_word_is_dropped_and_counted(tmp_path, trick, reader):
    doc = read_document(_page(tmp_path / f"{trick}.pdf", TRICKS[trick]), ExtractSettings(reader=reader))
    assert "SYNLIG" in _words(doc) and "DOLD" not in _words(doc)
    assert doc.hidden_chars == 4


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", sorted(KEPT))
def test_printed_text_is_kept(tmp_path, case, reader):
    doc = read_document(_page(tmp_path / f"{case}.pdf", KEPT[case]), ExtractSettings(reader=reader))
    assert "KVAR" in _words(doc) and doc.hidden_chars == 0


def test_a_page_without_suspects_is_not_read_per_character(monkeypatch):
    """The cheap first step: no sample page has an object that could hide text, so no page's
    characters are looked at one by one."""
    def never(*args):
        raise AssertionError("a page's characters were tested one by one")
    monkeypatch.setattr(visibility, "_char_verdict", never)
    for reader in READERS:
        assert read_document(SAMPLES / "farsta_2022.pdf", ExtractSettings(reader=reader)).hidden_chars == 0


def _expected(stem: str) -> list[dict]:
    with (FIXTURES / f"{stem}.risks.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _letters(texts) -> int:
    return sum(1 for t in texts for ch in t if not ch.isspace())


@pytest.mark.parametrize("reader", READERS)
def test_the_register_with_hidden_text_reads_exactly(reader):
    """samples/build_hidden_text.py: words hidden five ways in cells and off the page, a merged
    process drawn again clipped away on the next page's header, a description cut at its cell's
    edge (its printed part kept, the cell uncertain)."""
    register = riskreg.extract_register(FIXTURES / "solby_2024_hidden_text.pdf",
                                        settings=Settings(extract=ExtractSettings(reader=reader)))
    assert differences(as_csv_rows(register.risks), _expected("solby_2024_hidden_text"), "risk_nr") == []
    # the two UTANFÖR lie off the page with no clip of their own: the page's edge alone hides them
    assert register.problems[["page", "code"]].values.tolist() == [[1, "text_off_page"]]
    summary = register.files.iloc[0]
    # the builder's HIDDEN: what it draws and no one sees
    hidden = ["DOLT", "VITT", "GRÅ", "TÄCKT", "KLIPPT", "UTANFÖR", "UTANFÖR", "Ekonomi", " och rapporteras"]
    assert summary["hidden_chars"] == _letters(hidden) == 57
    assert summary["uncertain_cells"] == 1 and summary["coverage"] == 1.0


@pytest.mark.parametrize("reader", READERS)
def test_a_calc_register_over_page_breaks_reads_exactly(reader):
    """samples/build_calc_clipped.py: merged goal and process ranges over two page breaks, printed
    by LibreOffice Calc, which draws each range's text again on the next page, clipped away: under
    the repeated header (goal 1.2 and Upphandling on page 2, Personal on page 3, each with a row or
    two on the page before) or off the page's top (goal 1.2 on page 3). Without the filter the
    copies were read into the header's and the first row's cells ("Upphandling Upphandling")."""
    register = riskreg.extract_register(FIXTURES / "vasterby_2025_calc_merged.pdf",
                                        settings=Settings(extract=ExtractSettings(reader=reader)))
    assert differences(as_csv_rows(register.risks), _expected("vasterby_2025_calc_merged"), "risk_nr") == []
    assert register.problems.empty
    goal_12 = "1.2 Stockholm är en trygg och säker stad att leva i"  # the builder's GOALS[1]
    assert register.files.iloc[0]["hidden_chars"] == _letters([goal_12, goal_12, "Upphandling", "Personal"])
    # "Ledning och styrning" wraps in a one-row cell: Calc clips its second line at the row's
    # bottom, a hair into the glyphs (printed, cut: the cell is uncertain)
    assert register.files.iloc[0]["uncertain_cells"] == 1


def test_files_csv_counts_hidden_chars(tmp_path):
    paths = [FIXTURES / "solby_2024_hidden_text.pdf", SAMPLES / "bergvik_2024_riskregister.pdf"]
    write_register(run(paths, tmp_path / "out", batch=BatchSettings(workers=1)), tmp_path / "out", ("csv",))
    with (tmp_path / "out" / "files.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["source_file"]: r for r in csv.DictReader(fh)}
    assert rows["solby_2024_hidden_text.pdf"]["hidden_chars"] == "57"
    assert rows["bergvik_2024_riskregister.pdf"]["hidden_chars"] == "0"
