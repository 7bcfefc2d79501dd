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
from riskreg.normalize.headings import split_at_headings
from riskreg.normalize.stitch import TableSeen
from riskreg.normalize.validate import check_read_whole
from riskreg.pipeline import read_file, register_header_matcher
from riskreg.report import debug as dbg
from riskreg.i18n import use_language
from test_stitch import IKP_HEADER, VOR_HEADER, doc, table

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ALL = sorted(p.name for p in SAMPLES.glob("*.pdf"))
# the samples named *_unruled.pdf are drawn with no ruling lines but one under a header row
# (docs/samples.md: enskede 2023, sjövik 2024, farsta 2021 continued), and the record samples
# (no grid at all); the others are ruled
# sheets printed with no rules between their columns (cell fills, rules under the cells only:
# docs/samples.md), read by the fills reader
FILLS_SAMPLES = {"farsta_2023_calc_sides.pdf", "farsta_2023_calc_zebra.pdf", "sjovik_2024_internkontrollplan_calc_zebra.pdf",
                 "kungsholmen_2017_uppfoljning_calc_zebra.pdf"}
UNRULED_SAMPLES = {name for name in ALL if name.endswith("_unruled.pdf") or "_records_" in name} | FILLS_SAMPLES


def _rounded(b):
    return tuple(round(v, 2) for v in b)


@pytest.mark.parametrize("name", ALL)
def test_every_cell_read_is_drawn_where_it_was_read(name, tmp_path):
    result = dbg.debug_document(SAMPLES / name, tmp_path, resolution=50)
    read = read_document(SAMPLES / name, header_matcher=register_header_matcher(NormalizeSettings()))
    split_at_headings(read, NormalizeSettings())  # a grid's goal lines are headings, as debug reads them
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
        # the middle of each cell's left border is drawn in the table's colour: on the ruled table's
        # rule, a pixel outside the cell of an unruled table (its box hugs the text)
        outside = 1 if name in UNRULED_SAMPLES else 0
        for c in cells:
            x, y = round(c.bbox[0] * scale), round((c.bbox[1] + c.bbox[3]) / 2 * scale)
            assert image.getpixel((x - outside, y)) == colour, (page.number, c.bbox, c.text[:30])


def test_header_joined_row_and_ignored_legend_as_the_2020_sample_prints_them(tmp_path):
    result = dbg.debug_document(SAMPLES / "hagersten_liljeholmen_2020.pdf", tmp_path, pages=[1, 4], lang="en")
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
    assert tables == ["table 1 (ruled, read by ruled): ignored, no register header: a legend or summary of "
                      "scores and levels", "table 1 (ruled, read by ruled): VoR, header row 1"]
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
    # norrberg's Kommentar column is named by no template; the register keeps it in extra (docs/templates.md)
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


# --- the word audit's unaccounted words, rows joined over a page break, every table labelled ---------

def _printed_words(pdf_path, page):
    """The page's words as pdfplumber reads them: an independent reading of where words are printed."""
    import pdfplumber
    with pdfplumber.open(pdf_path) as pdf:
        return pdf.pages[page - 1].extract_words()


def _at_a_printed_word(drawn, printed) -> bool:
    return any(w["text"] == drawn.label and abs(w["x0"] - drawn.bbox[0]) < 1 and abs(w["x1"] - drawn.bbox[2]) < 1
               and abs(w["bottom"] - drawn.bbox[3]) < 1.5 for w in printed)


def test_unaccounted_words_of_a_cut_row_the_finder_missed_are_drawn_in_red(monkeypatch, tmp_path):
    """farsta_2021_continued with the rule the table finder adds at a cut row's end switched off
    (as in test_audit): the first line of risk 85, cut at the foot of page 5 with no rule under
    it, is outside every table. Its words, read off the PDF by hand, are drawn in red where they
    are printed, and are the words files.csv counts as not accounted for on that page."""
    from riskreg.extract import cells
    from riskreg.pipeline import extract_file
    monkeypatch.setattr(cells, "close_open_ends", lambda edges, *a, **kw: edges)
    name = SAMPLES / "farsta_2021_continued.pdf"
    result = dbg.debug_document(name, tmp_path, pages=[5], resolution=72, lang="en")
    words = [d for d in result.drawn if d.what == "word"]
    assert [d.label for d in words] == ["85", "Bilarna", "används", "privat", "i", "ärenden", "som",
                                        "3.", "Möjlig", "3.", "Kännbar", "9"]
    printed = _printed_words(name, 5)
    assert all(_at_a_printed_word(d, printed) for d in words), [d for d in words if not _at_a_printed_word(d, printed)]
    image = Image.open(result.pages[0].png).convert("RGB")
    for d in words:  # the red box's left side, a pixel left of the word, half-way down
        x, y = result.pages[0].to_pixels(d.bbox[0], (d.bbox[1] + d.bbox[3]) / 2)
        assert image.getpixel((x - 1, y)) == dbg.MARKED, d
    read = extract_file(name, lang="en")
    on_page_5 = [p for p in read.problems if p.code == "text_not_in_register" and p.page == 5]
    assert len(on_page_5) == 1 and on_page_5[0].message.startswith("12 word(s)")
    all_pages = dbg.debug_document(name, tmp_path / "all", resolution=30)
    drawn = [d for d in all_pages.drawn if d.what == "word"]
    assert len(drawn) == read.register_words - read.words_accounted  # as files.csv counts them
    html = result.html.read_text(encoding="utf-8")
    assert "12 word(s) the word audit could not account for" in html and "Bilarna används privat" in html


def test_unaccounted_words_in_cells_are_drawn_where_printed(monkeypatch, tmp_path):
    """hagersten_liljeholmen_2020 with the tail of a row cut by a page break dropped by the stitcher
    (as in test_audit): the tail's words, in cells at the top of page 4, are drawn there in red."""
    from riskreg.normalize import stitch
    from test_audit import drop_tail_of
    name = SAMPLES / "hagersten_liljeholmen_2020.pdf"
    assert not [d for d in dbg.debug_document(name, tmp_path / "before", pages=[4], resolution=30).drawn
                if d.what == "word"]
    joined = stitch.join_split_row
    monkeypatch.setattr(stitch, "join_split_row", lambda t, r, **kw: drop_tail_of(t, r, joined, **kw))
    result = dbg.debug_document(name, tmp_path, pages=[4], resolution=72)
    words = [d for d in result.drawn if d.what == "word"]
    # page 4 starts with "skollag", the end of risk 21's process cut at the foot of page 3
    assert [d.label for d in words] == ["skollag"]
    assert _at_a_printed_word(words[0], _printed_words(name, 4))


def test_no_word_is_marked_on_a_sample_read_whole(tmp_path):
    result = dbg.debug_document(SAMPLES / "farsta_2021_continued.pdf", tmp_path, resolution=30)
    assert not [d for d in result.drawn if d.what == "word"]
    assert "could not account for" not in result.html.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["farsta_2021_continued.pdf", "farsta_2021_continued_unruled.pdf"])
def test_rows_joined_over_the_page_breaks_of_the_continued_samples(name, tmp_path):
    """The samples cut rows at the page end and go on without a header (docs/samples.md); read off
    the PDF by hand (pdftotext -layout), the rests at the top of pages 3, 6 and 7."""
    result = dbg.debug_document(SAMPLES / name, tmp_path, pages=[3, 6, 7], resolution=72)
    joined = {s.table.page: s for s in result.tables if s.joined_row is not None}
    assert sorted(joined) == [3, 6, 7]
    texts = {p: [c.text for c in s.table.cells if c.row == s.joined_row and c.text] for p, s in joined.items()}
    assert texts[3] == ["självbestämmande"]
    assert texts[6] == ["uppdrag, vilket resulterar i felaktig användning av skattemedel och minskad tillit "
                        "till förvaltningen."]
    assert texts[7] == ["och externa aktörer som fritidsverksamhet, förskola, skola, polis, hälso- och sjukvård.",
                        "LOSAM utvecklas inte"]
    for page in result.pages:
        s = joined[page.number]
        row = [c for c in s.table.cells if c.row == s.joined_row]
        drawn = [d for d in result.drawn if d.page == page.number and d.what == "joined"]
        assert sorted(d.bbox for d in drawn) == sorted(c.bbox for c in row)
        assert [d.label for d in drawn if d.label] == [f"joined to the row above on page {page.number - 1}"]
        image = Image.open(page.png).convert("RGB")
        for c in row:  # most of the inside of a filled cell is the page's white under the yellow wash
            if not c.text:
                continue
            x0, y0 = page.to_pixels(c.bbox[0], c.bbox[1])
            x1, y1 = page.to_pixels(c.bbox[2], c.bbox[3])
            inside = [image.getpixel((x, y)) for x in range(x0 + 3, x1 - 2) for y in range(y0 + 3, y1 - 2)]
            washed = [p for p in inside if p[0] > 200 and p[1] > 200 and p[2] < 200]
            assert len(washed) > 0.5 * len(inside), (page.number, c.text[:20])
    assert "joined to the row above on page 2" in result.html.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ALL)
def test_every_table_is_drawn_labelled_with_its_header_or_its_reason(name, tmp_path):
    """Each table read has its box drawn with a label; a register table's header cells are washed
    and named; an ignored one is washed grey and says why."""
    result = dbg.debug_document(SAMPLES / name, tmp_path, resolution=30, audit=False, lang="en")
    for page in result.pages:
        on_page = [s for s in result.tables if s.table.page == page.number]
        drawn = [d for d in result.drawn if d.page == page.number]
        assert [d.bbox for d in drawn if d.what == "table"] == [s.table.bbox for s in on_page]
        assert sorted(d.bbox for d in drawn if d.what == "ignored") == sorted(
            s.table.bbox for s in on_page if s.ignored)
        assert sorted(d.bbox for d in drawn if d.what == "header") == sorted(
            c.bbox for s in on_page for c in s.table.cells if c.row < s.header_rows)
        for i, s in enumerate(on_page, start=1):
            label = next(d.label for d in drawn if d.what == "table" and d.bbox == s.table.bbox)
            # the reader of the samples' kind of table (a records sample's: the records reader)
            reader = ("ruled" if s.table.ruled else "records" if "_records_" in name
                      else "fills" if name in FILLS_SAMPLES else "alignment")
            assert s.table.reader == reader
            assert label.startswith(f"table {i} ({'ruled' if s.table.ruled else 'unruled'}, read by {reader}): ")
            with use_language("en"):  # the label was drawn in English
                assert (f"ignored, {s.ignored}" in label) if s.ignored else (dbg.kind_name(s) in label)
    assert any(not s.ignored for s in result.tables), name


def test_a_combined_register_is_labelled_as_both(tmp_path):
    """sjövik 2024 prints risk and control in one row (Sannolikhet ... Kontrollaktivitet, Metod):
    a VoR and control plan in one table; kungsholmen 2017's uppföljning is a VoR only."""
    result = dbg.debug_document(SAMPLES / "sjovik_2024_internkontrollplan.pdf", tmp_path, pages=[1], lang="en")
    labels = [d.label for d in result.drawn if d.what == "table"]
    assert labels == ["table 1 (ruled, read by ruled): VoR and control plan (combined), header row 1"]
    assert "VoR and control plan (combined)" in result.html.read_text(encoding="utf-8")
    vor = dbg.debug_document(SAMPLES / "kungsholmen_2017_uppfoljning.pdf", tmp_path / "k", pages=[1], lang="en")
    assert [d.label for d in vor.drawn if d.what == "table"] == ["table 1 (ruled, read by ruled): VoR, header row 1"]
    swedish = dbg.debug_document(SAMPLES / "sjovik_2024_internkontrollplan.pdf", tmp_path / "sv", pages=[1])
    assert [d.label for d in swedish.drawn if d.what == "table"] == [
        "tabell 1 (med linjer, läst av ruled): VoR och internkontrollplan (i samma tabell), rubrikrad 1"]


def test_rows_about_a_table_read_wrongly_name_riskreg_debug_with_file_and_page(monkeypatch):
    """The registry marks the codes about tables read wrongly; their rows end by naming the command,
    the file and the page, whoever made them (the word audit, the validation), and only once."""
    from riskreg.extract import cells
    from riskreg.pipeline import extract_file
    from riskreg.problems import CODES
    from riskreg.schema import Problem
    assert {c.code for c in CODES.values() if c.debug} == {
        "no_register_table", "table_not_read_whole", "text_not_in_register", "unknown_columns",
        "goal_break_uncertain", "score_unreadable", "risk_nr_unreadable", "risk_value_unreadable",
        "vor_not_found", "table_unreadable", "columns_inferred", "structure_disagrees"}
    (unknown,) = extract_file(SAMPLES / "norrberg_2025_internkontrollplan.pdf", lang="en").problems
    assert unknown.code == "unknown_columns" and unknown.message.endswith(
        "Run 'riskreg debug norrberg_2025_internkontrollplan.pdf --pages 1' to see what was read.")
    monkeypatch.setattr(cells, "close_open_ends", lambda edges, *a, **kw: edges)
    lost = [p for p in extract_file(SAMPLES / "farsta_2021_continued.pdf", lang="en").problems
            if p.code == "text_not_in_register"]
    assert lost and all(p.message.endswith(f"Run 'riskreg debug farsta_2021_continued.pdf --pages {p.page}' "
                                           "to see what was read.") for p in lost)
    again = Problem(**{**vars(lost[0])})  # a row read back (batch parts, problems.csv): named once
    assert again.message == lost[0].message and again.message.count("riskreg debug") == 1
    with use_language("en"):
        whole = Problem("a.pdf", None, "warning", "text_not_in_register", "3 word(s) used twice: 'x'.")
    assert whole.message == "3 word(s) used twice: 'x'. Run 'riskreg debug a.pdf' to see what was read."
    swedish = Problem("a.pdf", 2, "warning", "text_not_in_register", "3 ord använda två gånger: 'x'.")
    assert swedish.message == "3 ord använda två gånger: 'x'. Kör 'riskreg debug a.pdf --pages 2' för att se vad som lästes."
    other = Problem("a.pdf", None, "error", "encrypted_pdf", "Password-protected.")
    assert other.message == "Password-protected."


def test_a_dropped_tail_is_drawn_in_its_own_cells_not_at_the_same_words_elsewhere(monkeypatch, tmp_path):
    """farsta_2022 with the stitcher dropping the tails of rows cut by a page break: page 4 starts
    with two, printed in Process and Arbetsätt (read off the PDF, pdftotext -layout). Their common
    words ("och", "av", "om", "för") are printed in other cells of the page too; the red boxes are on
    the tails' own words, each printed word once."""
    from riskreg.normalize import stitch
    from test_audit import drop_tail_of
    joined = stitch.join_split_row
    monkeypatch.setattr(stitch, "join_split_row", lambda t, r, **kw: drop_tail_of(t, r, joined, **kw))
    name = SAMPLES / "farsta_2022.pdf"
    result = dbg.debug_document(name, tmp_path, pages=[4], resolution=72)
    words = [d for d in result.drawn if d.what == "word"]
    process = "utifrån behov och efterfrågan inom garantitiden om tre månader."
    method = ("nybyggnation samhällsutveckling. Inventering av befintliga platser kommunala och privata i "
              "relation till efterfrågan. Samverkan med avdelningen för samhällsplanering om utbyggnad, "
              "avveckling och renovering av förskolelokaler.")
    assert sorted(d.label for d in words) == sorted((process + " " + method).split())
    (tails,) = [s for s in result.tables if s.table.page == 4]
    cells = {c.bbox: c.text for c in tails.table.cells if c.row == tails.joined_row and c.text}
    assert sorted(cells.values()) == sorted([process, method])
    for d in words:  # inside a tail's cell, on a word printed there, each printed word boxed once
        assert any(b[0] <= d.bbox[0] and d.bbox[2] <= b[2] and b[1] - 1 <= d.bbox[1] and d.bbox[3] <= b[3] + 1
                   for b in cells), d
    assert len({d.bbox for d in words}) == len(words)
    printed = _printed_words(name, 4)
    assert all(_at_a_printed_word(d, printed) for d in words)


def test_debug_takes_its_settings_as_a_dict_as_every_command_does(tmp_path):
    from riskreg.extract.settings import ExtractSettings
    from riskreg.pipeline import Settings
    from riskreg.settings_base import SettingsError
    pdf = SAMPLES / "enskede_2023_ruled.pdf"
    # no ruled table on pages 1-2 has 100 rows: the dict drops them all, as the object does
    drawn = [dbg.debug_document(pdf, tmp_path / str(i), pages=[1, 2], settings=s, audit=False).drawn
             for i, s in enumerate([None, {"extract": {"min_rows": 100}},
                                    Settings(extract=ExtractSettings(min_rows=100))])]
    assert drawn[1] == drawn[2] and drawn[1] != drawn[0]
    with pytest.raises(SettingsError, match="extract.min_rowz"):
        dbg.debug_document(pdf, tmp_path, settings={"extract": {"min_rowz": 1}})
