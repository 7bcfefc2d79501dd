"""Tables without ruling lines, on characters placed by hand."""
from riskreg.extract.settings import ExtractSettings
from riskreg.extract.unruled import find_unruled_tables
from riskreg.normalize.settings import NormalizeSettings
from riskreg.pipeline import register_header_matcher

S = ExtractSettings()
MATCH = register_header_matcher(NormalizeSettings())
LEFTS = [40.0, 160.0, 280.0]  # Nr | Oönskad händelse | RV ... three columns of a VoR


def chars(text: str, x0: float, top: float, size: float = 8.0, width: float = 4.0):
    return [{"text": ch, "x0": x0 + i * width, "x1": x0 + (i + 1) * width, "top": top,
             "bottom": top + size, "size": size} for i, ch in enumerate(text)]


def row(cells: list[str], top: float):
    out = []
    for text, x in zip(cells, LEFTS + [400.0, 480.0]):
        if text:
            out += chars(text, x, top)
    return out


HEADER = ["Nr", "Oönskad händelse", "Sannolikhet", "Konsekvens", "RV"]


def test_a_page_without_its_header_goes_on_with_the_table_before():
    page1 = (row(HEADER, 50) + row(["1", "Brand i lokal", "3.", "4.", "12"], 70)
             + row(["2", "Fel i attest", "2.", "3.", "6"], 90))
    # page 2: the page number at the top right, then rows under no header
    page2 = (chars("Dnr 12", 520, 20) + row(["3", "Sen betalning", "3.", "3.", "9"], 50)
             + row(["4", "Dataintrång", "2.", "5.", "10"], 70))
    tables = find_unruled_tables([(1, page1, []), (2, page2, [])], S, MATCH)
    assert [t.page for t in tables] == [1, 2]
    second = tables[1].grid()
    assert [c.text if c.text else "".join(l.text for l in c.lines) for c in second[0]][:2] == \
        ["3", "Sen betalning"]
    assert tables[1].n_rows == 2  # no header row of its own
    assert tables[1].col_edges == tables[0].col_edges


def test_text_that_does_not_align_with_the_columns_is_no_continuation():
    page1 = row(HEADER, 50) + row(["1", "Brand i lokal", "3.", "4.", "12"], 70)
    page2 = chars("Bilaga 2 Ordlista och begrepp i analysen", 36, 50) + chars("Risk betyder", 36, 70)
    tables = find_unruled_tables([(1, page1, []), (2, page2, [])], S, MATCH)
    assert [t.page for t in tables] == [1]
