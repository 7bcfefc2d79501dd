"""riskreg debug: the pictures show the tables riskreg read, where it read them.

The drawn rectangles are compared with an independent read_document of the same
PDF, and the PNGs are sampled at the cells' borders for the table's colour. What
the samples print (headers, a row cut by a page break, a merged cell's tail on
the next page, the contents/legend/summary tables) was read off the PDFs by hand
(pdftotext -layout) and is written out here.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from riskreg.cli import cli
from riskreg.extract import read_document
from riskreg.normalize import NormalizeSettings, assemble_tables
from riskreg.normalize.stitch import TableSeen
from riskreg.normalize.validate import check_read_whole
from riskreg.pipeline import read_file, register_header_matcher
from riskreg.report import debug as dbg
from test_stitch import IKP_HEADER, VOR_HEADER, doc, table

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ALL = sorted(p.name for p in SAMPLES.glob("*.pdf"))
# the samples named *_unruled.pdf are drawn with no ruling lines but one under a header row
# (README, Samples: enskede 2023, sjövik 2024, farsta 2021 continued); the others are ruled
UNRULED_SAMPLES = {name for name in ALL if name.endswith("_unruled.pdf")}


def _rounded(b):
    return tuple(round(v, 2) for v in b)


@pytest.mark.parametrize("name", ALL)
def test_every_cell_read_is_drawn_where_it_was_read(name, tmp_path):
    result = dbg.debug_document(SAMPLES / name, tmp_path, resolution=50)
    read = read_document(SAMPLES / name, header_matcher=register_header_matcher(NormalizeSettings()))
    assert [p.number for p in result.pages] == list(range(1, read.n_pages + 1))
    colour = dbg.UNRULED if name in UNRULED_SAMPLES else dbg.RULED
    assert read.tables, name
    assert {t.ruled for t in read.tables} == {name not in UNRULED_SAMPLES}
    for page in result.pages:
        cells = [c for t in read.tables if t.page == page.number for c in t.cells]
        drawn = [d for d in result.drawn if d.page == page.number and d.what == "cell"]
        assert sorted(_rounded(d.bbox) for d in drawn) == sorted(_rounded(c.bbox) for c in cells)
        assert {d.colour for d in drawn} <= {colour}
        image = Image.open(page.png).convert("RGB")
        assert image.size[0] == pytest.approx(page.scale * 595.3, abs=1) or \
            image.size[0] == pytest.approx(page.scale * 841.9, abs=1)  # A4, portrait or landscape
        assert image.getpixel((2, 2)) == (255, 255, 255)  # the margin is the page's own white
        scale = 50 / 72  # pixels per point at 50 dpi; the samples' pages start at (0, 0)
        for c in cells:  # the middle of each cell's left border is drawn in the table's colour
            x, y = round(c.bbox[0] * scale), round((c.bbox[1] + c.bbox[3]) / 2 * scale)
            assert image.getpixel((x, y)) == colour, (page.number, c.bbox, c.text[:30])


def test_header_joined_row_and_ignored_legend_as_the_2020_sample_prints_them(tmp_path):
    result = dbg.debug_document(SAMPLES / "hagersten_liljeholmen_2020.pdf", tmp_path, pages=[1, 4])
    assert [p.number for p in result.pages] == [1, 4]
    # page 1: the scales' legend (5 Mycket sannolikt ... 1 Försumbar) is a table, but no register's
    (legend,) = [s for s in result.tables if s.table.page == 1]
    assert legend.ignored == "no register header: a legend or summary of scores and levels"
    assert legend.kind is None
    (p4,) = [s for s in result.tables if s.table.page == 4]
    assert p4.kind == "vor" and p4.continues and p4.header_rows == 1
    header = sorted((c for c in p4.table.cells if c.row == 0), key=lambda c: c.col)
    assert [(c.text, p4.mapping.get(c.col)) for c in header] == [
        ("KF:s mål för verksamhetsområdet", "goal"), ("Process", "process"), ("Arbetsätt", "working_method"),
        ("Nr", "risk_nr"), ("Oönskad händelse", "event"), ("Sannolikhet", "probability"),
        ("Konsekvens", "consequence"), ("RV", "risk_value"), ("IKP", "in_ikp")]
    # page 4 starts with "skollag", the end of risk 21's process cut at the foot of page 3
    joined = [c for c in p4.table.cells if c.row == p4.joined_row]
    assert [c.text for c in joined if c.text] == ["skollag"]
    drawn = [d for d in result.drawn if d.page == 4]
    assert sorted(d.bbox for d in drawn if d.what == "joined") == sorted(c.bbox for c in joined)
    assert [d.label for d in drawn if d.what == "header"] == [p4.mapping[c.col] for c in header]
    tables = [d.label for d in result.drawn if d.what == "table"]
    assert tables == ["table 1 (ruled): ignored, no register header: a legend or summary of scores and levels",
                      "table 1 (ruled): VoR, header row 1"]
    html = result.html.read_text(encoding="utf-8")
    assert 'href="page-04.png"' in html and 'href="page-01.png"' in html and "page-02.png" not in html
    assert "skollag" in html or "joined to the row above on page 3" in html


def test_merged_cell_carried_back_as_the_2021_sample_prints_it(tmp_path):
    result = dbg.debug_document(SAMPLES / "hagersten_liljeholmen_2021.pdf", tmp_path, pages=[4])
    (p4,) = [s for s in result.tables if s.table.page == 4]
    # page 4's first row is risk 23 under goal 1.4, whose text goes on from page 3 in the goal column
    assert p4.carried == ["goal"] and p4.joined_row is None
    (carried,) = [d for d in result.drawn if d.what == "carried"]
    (cell,) = [c for c in p4.table.cells if c.bbox == carried.bbox]
    assert cell.text.startswith("präglade av hög kvalitet, evidens och rättssäkerhet")
    image = Image.open(result.pages[0].png).convert("RGB")
    x, y = result.pages[0].to_pixels(cell.bbox[2], cell.bbox[3])
    r, g, b = image.getpixel((x - 5, y - 5))  # inside the cell, below its text: the violet wash
    assert b > g + 20 and r > g + 10


def test_contents_legend_and_summary_are_drawn_as_ignored(tmp_path):
    result = dbg.debug_document(SAMPLES / "enskede_2023_ruled.pdf", tmp_path, pages=[1, 2])
    page1 = [s for s in result.tables if s.table.page == 1]
    # Innehåll (contents), Bedömningsskala (the scales), Sammanställning av riskvärden (a summary)
    assert [s.ignored for s in page1] == ["no register header: a table of contents"] + [
        "no register header: a legend or summary of scores and levels"] * 2
    assert len([d for d in result.drawn if d.what == "ignored"]) == 3
    (p2,) = [s for s in result.tables if s.table.page == 2]
    header = sorted((c for c in p2.table.cells if c.row == 0), key=lambda c: c.col)
    assert [p2.mapping.get(c.col) for c in header] == [
        "risk_nr", "goal", "process", "working_method", "event", "risk_value", "probability",
        "consequence", "in_ikp"]


def test_words_to_mark_are_drawn_in_red_on_their_page(tmp_path):
    marks = [(2, (100.0, 300.0, 160.0, 312.0), "Brist"), (5, (10.0, 10.0, 20.0, 20.0), "elsewhere")]
    result = dbg.debug_document(SAMPLES / "skarholmen_2021.pdf", tmp_path, pages=[2, 3], words_to_mark=marks)
    words = [d for d in result.drawn if d.what == "word"]
    assert [(d.page, d.label) for d in words] == [(2, "Brist")]
    page = result.pages[0]
    image = Image.open(page.png).convert("RGB")
    x, y = page.to_pixels(100.0, 306.0)
    assert image.getpixel((x - 1, y)) == dbg.MARKED


def test_joined_and_carried_cells_on_hand_made_tables():
    p1 = table(1, [VOR_HEADER, ["1.5. Äldre ska ha ett liv präglat av hög", "Omsorg", "Stöd", "1", "Brist i verk-",
                                "2.", "2.", "4"]])
    p2 = table(2, [VOR_HEADER, ["", "", "", "", "samheten", "", "", ""],
                   ["", "", "", "2", "Fall", "3.", "3.", "9"]])
    p3 = table(3, [VOR_HEADER, ["kvalitet och trygghet", "", "", "3", "Fel", "3.", "3.", "9"]])
    seen: list[TableSeen] = []
    assemble_tables(doc(p1, p2, p3), seen=seen)
    assert [(s.joined_row, s.carried) for s in seen] == [(None, []), (1, []), (None, ["goal"])]
    joined = dbg.drawing_of_page(2, seen, [])
    assert sorted(d.bbox for d in joined if d.what == "joined") == sorted(c.bbox for c in p2.cells if c.row == 1)
    carried = [d for d in dbg.drawing_of_page(3, seen, []) if d.what == "carried"]
    assert [(d.bbox, d.label) for d in carried] == [((0.0, 70.0, 100.0, 90.0), "goal carried to page 2")]


def test_tables_ignored_say_why():
    legend = table(1, [["Sannolikhet", "Konsekvens", "Riskvärde"], ["1", "1", "1"]])
    contents = table(1, [["Innehåll", "Sida"], ["Inledning", "3"]], top=300)
    seen: list[TableSeen] = []
    assert assemble_tables(doc(legend, contents), seen=seen) == []
    assert seen[0].ignored.startswith("header of no register") and seen[0].mapping
    assert seen[1].ignored == "no register header"
    ikp = table(1, [IKP_HEADER, ["Ekonomi", "Attest", "Stickprov", "9 Fel", "Kontroll"]])
    seen = []
    assemble_tables(doc(ikp), seen=seen)
    assert (seen[0].kind, seen[0].ignored, seen[0].header_rows) == ("ikp", None, 1)


def test_every_pdf_text_in_the_index_is_escaped(tmp_path):
    register = table(1, [VOR_HEADER, ['<img src=x onerror="alert(1)">', "Omsorg", "Stöd", "1", "<b>Brist</b>",
                                      "2.", "2.", "4"]])
    other = table(1, [["<script>alert(2)</script>", "Sida"], ["Inledning", "3"]], top=300)
    seen: list[TableSeen] = []
    assemble_tables(doc(register, other), seen=seen)
    result = dbg.DebugResult("<i>x</i>.pdf", tmp_path / "index.html",
                             [dbg.DebugPage(1, tmp_path / "page-1.png", 1.0, (0.0, 0.0))], seen)
    html = dbg.index_html(result, 1)
    for raw in ("<script>", "<img src=x", "<b>Brist", "<i>x</i>"):
        assert raw not in html
    assert "&lt;b&gt;Brist&lt;/b&gt;" in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_parse_pages():
    assert dbg.parse_pages("2,3") == [2, 3]
    assert dbg.parse_pages("2-4, 7,3") == [2, 3, 4, 7]
    assert dbg.parse_pages(None) is None
    for bad in ("x", "0", "4-2", "2,,3"):
        with pytest.raises(ValueError):
            dbg.parse_pages(bad)


def test_cli_debug_writes_pictures_and_index(tmp_path):
    out = tmp_path / "dbg"
    result = CliRunner().invoke(cli, ["debug", str(SAMPLES / "farsta_2022.pdf"), "--pages", "2,3",
                                      "--out", str(out), "--resolution", "40"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "page-02.png", "page-03.png"]
    assert "index.html" in result.output
    bad = CliRunner().invoke(cli, ["debug", str(SAMPLES / "farsta_2022.pdf"), "--pages", "99", "--out", str(out)])
    assert bad.exit_code == 2 and "no page 99" in bad.output
    bad = CliRunner().invoke(cli, ["debug", str(SAMPLES / "farsta_2022.pdf"), "--pages", "two"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_problems_name_riskreg_debug(tmp_path):
    import matplotlib  # a dependency of riskreg's (the risk matrices)
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    fig = plt.figure(figsize=(8, 11))
    fig.text(0.1, 0.9, "Protokoll från nämndens sammanträde")
    pdf = tmp_path / "protokoll.pdf"
    fig.savefig(pdf)
    plt.close(fig)
    (problem,) = read_file(pdf).problems
    assert problem.code == "no_register_table"
    assert "riskreg debug protokoll.pdf" in problem.message
    empty = table(4, [VOR_HEADER, ["", "", "", "", "", "", "", ""]])
    (t,) = assemble_tables(doc(empty))
    (problem,) = check_read_whole(t, "a.pdf")
    assert "riskreg debug a.pdf --pages 4" in problem.message


def test_a_merged_cell_starting_in_the_joined_row_is_washed_over_that_row_only():
    p1 = table(1, [VOR_HEADER, ["1.5. Äldre", "Omsorg", "Stöd", "1", "Brist i verk-", "2.", "2.", "4"]])
    p2 = table(2, [VOR_HEADER, ["", "", "", "", "samheten", "", "", ""],
                   ["^", "", "", "2", "Fall", "3.", "3.", "9"]])
    seen: list[TableSeen] = []
    assemble_tables(doc(p1, p2), seen=seen)
    assert seen[1].joined_row == 1
    goal = next(c for c in p2.cells if c.row == 1 and c.col == 0)
    assert goal.bbox == (0.0, 70.0, 100.0, 110.0)  # two rows of 20 pt under a header at 50
    joined = {d.bbox for d in dbg.drawing_of_page(2, seen, []) if d.what == "joined"}
    assert (0.0, 70.0, 100.0, 90.0) in joined and goal.bbox not in joined


def test_a_column_no_template_names_is_labelled_extra(tmp_path):
    # norrberg's Kommentar column is named by no template; the register keeps it in extra (README)
    result = dbg.debug_document(SAMPLES / "norrberg_2025_internkontrollplan.pdf", tmp_path)
    (seen,) = [s for s in result.tables if not s.ignored]
    header = {c.bbox: c.text for c in seen.table.cells if c.row < seen.header_rows}
    labels = {header[d.bbox]: d.label for d in result.drawn if d.what == "header"}
    assert labels["Kommentar"] == "extra"
    assert labels["Riskbeskrivning"] == "event" and labels["Kontrollaktivitet"] == "control_activity"
    assert "Kommentar → <code>extra</code>" in result.html.read_text(encoding="utf-8")


@pytest.mark.parametrize("rotate,shift", [(90, (30, 40)), (0, (100, -50))])
def test_turned_pages_and_moved_origins_are_drawn_where_the_content_is(tmp_path, rotate, shift):
    from test_readers import _turned_copy
    turned = tmp_path / "turned.pdf"
    _turned_copy(SAMPLES / "farsta_2022.pdf", turned, rotate, shift)
    result = dbg.debug_document(turned, tmp_path / "out", pages=[3], resolution=50)
    # the page as printed: the same picture, so the same pixels, as the unturned, unmoved sample
    original = read_document(SAMPLES / "farsta_2022.pdf", header_matcher=register_header_matcher(NormalizeSettings()))
    cells = [c for t in original.tables if t.page == 3 for c in t.cells]
    image = Image.open(result.pages[0].png).convert("RGB")
    scale = 50 / 72
    assert image.size[0] == pytest.approx(841.9 * scale, abs=1)  # landscape, as printed
    assert image.size[1] == pytest.approx(595.3 * scale, abs=1)
    assert len(cells) == len([d for d in result.drawn if d.what == "cell"]) > 20
    for c in cells:
        x, y = round(c.bbox[0] * scale), round((c.bbox[1] + c.bbox[3]) / 2 * scale)
        assert image.getpixel((x, y)) == dbg.RULED, (c.bbox, c.text[:30])
