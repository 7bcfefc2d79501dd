"""The layout fuzzer (tests/layout_fuzz.py) in CI: a few hundred random layouts of registers
drawn from the samples' words, each read with no crash and either exactly or with a problem
row naming the page where it differs (tests/fuzz_judge.py). bench/fuzz_layouts.py runs
thousands."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from fuzz_judge import judge_pdf, judge_result  # noqa: E402
from layout_fuzz import make_case  # noqa: E402
from riskreg.pipeline import FileResult  # noqa: E402
from riskreg.schema import Problem, Risk  # noqa: E402

CI_SEEDS = range(300)


def test_layouts_read_without_crash_or_silent_change():
    """No allow-list: every seed is read exactly, or differs only on pages a problem row names."""
    bad = []
    for seed in CI_SEEDS:
        case = make_case(seed)
        verdict = judge_pdf(case.pdf, case.risks, case.controls, name=f"fuzz_{seed}.pdf")
        if verdict.kind in ("silent", "crash"):
            bad.append(f"seed {seed}: {verdict.kind} on pages {verdict.unflagged_pages}: "
                       + "; ".join(verdict.differences[:3]))
    assert not bad, "\n".join(bad)


def test_same_seed_same_case():
    a, b = make_case(7), make_case(7)
    assert a.risks == b.risks and a.controls == b.controls and a.layout == b.layout


def test_every_table_is_printed_on_its_page():
    """A register wider than the page (its columns' longest words need more) gets a wider page:
    the paper's edge never cuts a column's text (seed 708's Nr column was cut to "r")."""
    import io

    import pdfplumber

    for seed in range(10):
        with pdfplumber.open(io.BytesIO(make_case(seed).pdf)) as pdf:
            for page in pdf.pages:
                assert all(0 <= c["x0"] and c["x1"] <= page.width for c in page.chars), (seed, page.page_number)


def case_with_exact_result():
    """A seed the reader gets exactly, and riskreg's result for it."""
    from fuzz_judge import read_file
    import tempfile
    for seed in range(50):
        case = make_case(seed)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "fuzz.pdf"
            path.write_bytes(case.pdf)
            result = read_file(path)
        if judge_result(result, case.risks, case.controls).kind == "exact":
            return case, result
    raise AssertionError("no seed of the first 50 is read exactly")


def test_judge_catches_a_changed_cell():
    """One cell altered in the result, no problem row: silent; with a warning naming its page:
    flagged; a table_unreadable error: crash."""
    case, result = case_with_exact_result()
    risk = result.risks[-1]
    altered = FileResult(result.source_file, risks=[*result.risks[:-1], Risk(**{**vars(risk),
                         "event": risk.event + " x"})], controls=result.controls)
    assert judge_result(altered, case.risks, case.controls).kind == "silent"
    altered.problems = [Problem("fuzz.pdf", risk.page, "warning", "text_not_in_register", "x")]
    assert judge_result(altered, case.risks, case.controls).kind == "flagged"
    altered.problems = [Problem("fuzz.pdf", risk.page + 1, "warning", "text_not_in_register", "x")]
    assert judge_result(altered, case.risks, case.controls).kind == "silent"
    dropped = FileResult(result.source_file, risks=result.risks[:-1], controls=result.controls)
    assert judge_result(dropped, case.risks, case.controls).kind == "silent"
    crashed = FileResult(result.source_file, risks=result.risks, controls=result.controls,
                         problems=[Problem("fuzz.pdf", 1, "error", "table_unreadable", "x")])
    assert judge_result(crashed, case.risks, case.controls).kind == "crash"


# --- small generated cases of the fuzzer's silent seeds, each the one thing that went wrong ----

def _cut_row_pdf(path: Path) -> str:
    """A register whose last row is cut at the page end (reportlab's splitInRow), its rest under
    the repeated, filled header on the next page, a heading printed under the table; the goal
    the cut row must give."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A5, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    style = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=10)
    goal = ("Stockholm är en stad där alla kan leva ett gott liv och där barn och unga har goda "
            "uppväxtvillkor och en trygg miljö, där äldre har en tillvaro som präglas av hög "
            "kvalitet, trygghet och självbestämmande och där alla elever når sin fulla potential "
            "i skolor och förskolor som är de bästa i Sverige")
    header = ["Nr", "KF:s mål", "Process", "Oönskad händelse", "Sannolikhet", "Konsekvens", "Riskvärde"]
    rows = [[Paragraph(h, style) for h in header]]
    for nr in (1, 2, 3):
        cells = [str(nr), f"1.1. {goal if nr == 3 else 'Stockholm är en stad'}", "Lönehantering",
                 f"Fel lön betalas ut {nr}", "3. Möjlig", "2. Lindrig", "6"]
        rows.append([Paragraph(c, style) for c in cells])
    table = Table(rows, colWidths=[20, 120, 70, 90, 60, 60, 40], repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7"))]))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=landscape(A5), topMargin=30, bottomMargin=30).build(
        [Paragraph("Väsentlighets- och riskanalys", style), Spacer(1, 170), table, Spacer(1, 6),
         Paragraph("Internkontrollplan", style)])
    path.write_bytes(buf.getvalue())
    return goal


def test_a_cut_rows_rest_under_a_filled_repeated_header_keeps_the_heading_below_out(tmp_path):
    """The rest's page draws no rule between the header and the rest (only the header fill's
    edge); its column rules meet there. Read as a ruled table, the cut goal ends where it ends;
    read as one row, the unruled reader took "Internkontrollplan" into it."""
    from riskreg.pipeline import read_file

    goal = _cut_row_pdf(tmp_path / "cut.pdf")
    result = read_file(tmp_path / "cut.pdf")
    assert [r.risk_nr for r in result.risks] == [1, 2, 3]
    assert result.risks[2].goal == goal
    assert [p.code for p in result.problems] == ["organisation_not_found"]
