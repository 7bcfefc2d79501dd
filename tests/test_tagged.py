"""Issue 26 item 8: a tagged PDF's structure tree as a second reading of its tables.

The two tagged samples are farsta_2023 and farsta_2023_rows_broken exported by LibreOffice
Writer with tagged PDF on (samples/build_tagged.py): their registers are the untagged samples'
(test_golden), and their trees agree with riskreg's tables (the header repeated on each page
is an artifact in the tree; a row broken over a page, a merged cell continued on the next
page, are one TR there); so does Chromium's print of the same register (farsta_2023_chromium),
whose tree leaves empty cells out. A tree changed with pikepdf (a cell's text dropped, a row dropped)
must disagree, naming the page the change is on. The page of risk N's row is the expected
register's (build.py locates it with poppler's pdftotext, not with riskreg); in the VoR's
Table element TR number N is risk N's row.
"""
from __future__ import annotations

import csv
import time

import pikepdf
import pytest

import riskreg
from golden import SAMPLES, read_expected
from riskreg.batch import BatchSettings, run
from riskreg.extract import ExtractSettings
from riskreg.extract.structure import tagged_tables
from riskreg.pipeline import Settings
from riskreg.write.files import write_register

TAGGED = ["farsta_2023_tagged", "farsta_2023_rows_broken_tagged"]
#: Chromium tags its print of an HTML table too, leaving its empty cells out of the tree
AGREEING = [*TAGGED, "farsta_2023_chromium"]


def _page_of_risk(sample: str, nr: int) -> int:
    return int(next(r["page"] for r in read_expected(f"{sample}.risks.csv") if r["risk_nr"] == str(nr)))


def _vor_rows(pdf: pikepdf.Pdf) -> pikepdf.Array:
    """The /K array of the VoR's Table element, its TRs in order: the tree's second table
    (Writer's documents open with the scale table), Chromium's first."""
    tables = []

    def walk(node):
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else node
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if str(kid["/S"]) == "/Table":
                    tables.append(kid)
                else:
                    walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return tables[0 if "chromium" in pdf.filename else 1]["/K"]


def _changed(tmp_path, sample: str, change) -> riskreg.Register:
    with pikepdf.open(SAMPLES / f"{sample}.pdf") as pdf:
        change(_vor_rows(pdf))
        pdf.save(tmp_path / f"{sample}.pdf")
    return riskreg.extract_register(tmp_path / f"{sample}.pdf", lang="en")


@pytest.mark.parametrize("reader", ["pdfium", "pdfminer"])
@pytest.mark.parametrize("sample", AGREEING)
def test_tagged_samples_agree_with_their_structure_tree(sample, reader):
    settings = Settings(extract=ExtractSettings(reader=reader))
    register = riskreg.extract_register(SAMPLES / f"{sample}.pdf", settings=settings)
    assert register.files["structure_agrees"].tolist() == [True]
    assert "structure_disagrees" not in set(register.problems["code"])
    assert len(register.risks) == 91 and len(register.controls) == 16


def test_a_hyphen_kept_in_a_join_agrees_with_the_tree():
    """kungsholmen_2017_uppfoljning_tagged: "HSL-dokumentation" breaks at its own hyphen at a
    line end of risk 17's Beskrivning (page 2, pdftotext). The line join keeps the hyphen of an
    abbreviation (test_text), as the tree's text does: no page disagrees. (When the join dropped
    it, page 2 disagreed: a disagreement of one word is seen, test_a_cell_without_its_text...)"""
    register = riskreg.extract_register(SAMPLES / "kungsholmen_2017_uppfoljning_tagged.pdf")
    assert register.files["structure_agrees"].tolist() == [True]
    assert "structure_disagrees" not in set(register.problems["code"])
    descriptions = register.risks.loc[register.risks["page"] == 2, "description"].dropna()
    assert descriptions.str.contains("Seminarium angående HSL-dokumentation.", regex=False).sum() == 1
    assert not descriptions.str.contains("HSLdokumentation", regex=False).any()


def test_tree_of_a_tagged_sample_as_writer_writes_it():
    """By hand from the document: the front page's scale table (6 rows x 3), the VoR (a header
    and 91 risks, 9 columns), five control-plan tables of 5 columns; goal 1.2's cell spans its
    16 risks (3 to 18)."""
    tables = tagged_tables(SAMPLES / "farsta_2023_tagged.pdf")
    assert [(len(t.rows), t.n_cols) for t in tables[:2]] == [(6, 3), (92, 9)]
    assert len(tables) == 7 and all(t.n_cols == 5 for t in tables[2:])
    goal_12 = tables[1].rows[3].cells[0]
    assert (goal_12.row, goal_12.col, goal_12.row_span) == (3, 0, 16)
    assert all(c.header for c in tables[1].rows[0].cells)


def test_untagged_pdf_has_no_tree_and_an_empty_column(tmp_path):
    start = time.perf_counter()
    assert tagged_tables(SAMPLES / "farsta_2023.pdf") is None
    assert time.perf_counter() - start < 0.5  # the trailer's root only: no page is opened
    paths = [SAMPLES / "farsta_2023.pdf", SAMPLES / "farsta_2023_tagged.pdf"]
    write_register(run(paths, tmp_path / "out", batch=BatchSettings(workers=1)), tmp_path / "out", ("csv",))
    with (tmp_path / "out" / "files.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["source_file"]: r for r in csv.DictReader(fh)}
    assert rows["farsta_2023.pdf"]["structure_agrees"] == ""
    assert rows["farsta_2023_tagged.pdf"]["structure_agrees"] == "true"


@pytest.mark.parametrize("sample", AGREEING)
def test_a_cell_without_its_text_in_the_tree_disagrees_on_its_page(tmp_path, sample):
    """Risk 30's IKP cell (the last TD of TR 30) loses its marked content in the tree (in
    Chromium's tree, whose row leaves its empty cells out, the row's texts differ)."""
    register = _changed(tmp_path, sample, lambda rows: rows[30]["/K"][-1].__delitem__("/K"))
    assert register.files["structure_agrees"].tolist() == [False]
    found = register.problems[register.problems["code"] == "structure_disagrees"]
    page = _page_of_risk(sample, 30)
    assert found["page"].tolist() == [page] and (found["severity"] == "warning").all()
    assert f"page {page}" in found["message"].iloc[0]
    assert len(register.risks) == 91  # the register is read from the pages, as before


def test_a_row_dropped_from_the_tree_disagrees_on_its_page(tmp_path):
    """Risk 45's TR dropped: its page disagrees first; the merged cells above it, their RowSpan
    unchanged, now reach one row further (onto the next page, where they end)."""
    sample = "farsta_2023_tagged"
    register = _changed(tmp_path, sample, lambda rows: rows.__delitem__(45))
    found = register.problems[register.problems["code"] == "structure_disagrees"]
    assert found["page"].tolist()[0] == _page_of_risk(sample, 45)
    assert "rows" in found["message"].iloc[0]
    assert register.files["structure_agrees"].tolist() == [False]


def test_a_damaged_tree_is_no_reading(tmp_path):
    """A structure tree root that is no dictionary: the file reads as untagged."""
    with pikepdf.open(SAMPLES / "farsta_2023_tagged.pdf") as pdf:
        pdf.Root.StructTreeRoot = pikepdf.Array([1, 2])
        pdf.save(tmp_path / "bad_tree.pdf")
    register = riskreg.extract_register(tmp_path / "bad_tree.pdf")
    assert register.problems.empty and len(register.risks) == 91
    assert register.files["structure_agrees"].isna().all()


def test_a_tagged_layout_table_riskreg_need_not_read(tmp_path):
    """A table of the tree that is no register (its first row no register header: a letterhead's
    layout table, made here of the front page's first two paragraphs, "Handläggare" and "Lena
    Larsen") and that riskreg reads no table for is no disagreement; without the register's
    header matcher every tagged table must be read, and page 1 disagrees."""
    from riskreg.extract.agreement import compare_structure
    from riskreg.extract import read_document

    with pikepdf.open(SAMPLES / "farsta_2023_tagged.pdf") as pdf:
        document = pdf.Root.StructTreeRoot["/K"]
        document = document[0] if isinstance(document, pikepdf.Array) else document
        paragraphs = [k for k in document["/K"] if isinstance(k, pikepdf.Dictionary)
                      and str(k.get("/S")) == "/Standard"][:2]
        table = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Table))
        row = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.TR, P=table))
        row.K = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.TD, P=row, Pg=p.Pg, K=p.K)) for p in paragraphs])
        table.K = pikepdf.Array([row])
        document["/K"].insert(0, table)
        pdf.save(tmp_path / "letterhead.pdf")
    tables = tagged_tables(tmp_path / "letterhead.pdf")
    assert len(tables) == 8 and tables[0].n_cols == 2
    register = riskreg.extract_register(tmp_path / "letterhead.pdf")
    assert register.files["structure_agrees"].tolist() == [True] and register.problems.empty
    path = tmp_path / "letterhead.pdf"
    strict = compare_structure(path, None, read_document(path).tables)
    assert list(strict.pages) == [1] and "should read" in strict.pages[1]
