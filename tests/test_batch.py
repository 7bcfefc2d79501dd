"""Batch runs over folders: every bad file explained, the rest written, same files for any
number of workers, a killed run resumed, safe CSV and Excel outputs."""
from __future__ import annotations

import csv
import filecmp
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

import batch_helpers
import riskreg
from riskreg.cli import cli
from riskreg.load import load_register
from riskreg.pipeline import Register
from riskreg.schema import Control, Problem, Risk, columns, empty_frame, to_frame

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
OUTPUTS = ["risks.csv", "risks.parquet", "controls.csv", "controls.parquet", "problems.csv", "files.csv"]


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def scanned_pdf(path: Path) -> None:
    """A page of a sample as a picture only: what a scanner makes (no text layer)."""
    src = pdfium.PdfDocument(str(SAMPLES / "farsta_2022.pdf"))
    image = src[1].render(scale=1).to_pil()
    width, height = src[1].get_size()
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(width, height)
    obj = pdfium.PdfImage.new(pdf)
    obj.set_bitmap(pdfium.PdfBitmap.from_pil(image))
    obj.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(obj)
    page.gen_content()
    pdf.save(str(path))


def front_page_pdf(path: Path) -> None:
    """The first page of a sample: text and a legend table, but no register."""
    src = pdfium.PdfDocument(str(SAMPLES / "skarholmen_2021.pdf"))
    one = pdfium.PdfDocument.new()
    one.import_pages(src, [0])
    one.save(str(path))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    for name in ("hagersten_liljeholmen_2020.pdf", "skarholmen_2021.pdf", "kungsholmen_2017_uppfoljning.pdf"):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.pdf").write_bytes(b"")
    (bad / "letter.pdf").write_text("Hej! Detta är ett brev, ingen PDF.", encoding="utf-8")
    (bad / "truncated.pdf").write_bytes((SAMPLES / "farsta_2022.pdf").read_bytes()[:20000])
    (bad / "encrypted.pdf").write_bytes((FIXTURES / "encrypted_skarholmen_2021.pdf").read_bytes())
    scanned_pdf(bad / "scanned.pdf")
    front_page_pdf(bad / "no_tables.pdf")
    return folder


def run(args):
    return CliRunner().invoke(cli, ["extract", *map(str, args), "--lang", "en"])


@pytest.fixture(scope="module")
def two_runs(archive, tmp_path_factory):
    out1, out2 = tmp_path_factory.mktemp("w1"), tmp_path_factory.mktemp("w2")
    r1 = run([archive, "--out", out1, "--workers", "1"])
    r2 = run([archive, "--out", out2, "--workers", "2"])
    return (r1, out1), (r2, out2)


def test_every_bad_file_has_one_clear_problem_and_the_rest_is_written(two_runs):
    (result, out), _ = two_runs
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    problems = read(out / "problems.csv")
    by_file = {p["source_file"]: p for p in problems if p["severity"] == "error"}
    assert {name: p["code"] for name, p in by_file.items()} == {
        "bad/empty.pdf": "empty_file", "bad/letter.pdf": "not_a_pdf", "bad/truncated.pdf": "damaged_pdf",
        "bad/encrypted.pdf": "encrypted_pdf", "bad/no_tables.pdf": "no_register_table"}
    assert len([p for p in problems if p["severity"] == "error"]) == 5
    assert "--password" in by_file["bad/encrypted.pdf"]["message"]
    assert "truncated" in by_file["bad/truncated.pdf"]["message"]
    for p in by_file.values():  # plain words: no class names of ours ("DamagedPdf") in a message
        assert not re.search(r"\b[A-Z][a-z]+(Pdf|File|Error)\b", p["message"]), p["message"]
    risks = read(out / "risks.csv")
    # the scan (a register page as a 72 dpi image) is read by OCR: its rows say so, and the
    # cells OCR doubts are named in problems.csv
    scanned = [r for r in risks if r["source_file"] == "bad/scanned.pdf"]
    assert scanned and {r["source"] for r in scanned} == {"ocr"}
    assert {p["code"] for p in problems if p["source_file"] == "bad/scanned.pdf"} >= {"ocr_low_confidence"}
    assert len(risks) == 91 + 91 + 37 + len(scanned)
    assert {r["source_file"] for r in risks} == {"hagersten_liljeholmen_2020.pdf", "skarholmen_2021.pdf",
                                                 "kungsholmen_2017_uppfoljning.pdf", "bad/scanned.pdf"}
    assert {r["source"] for r in risks if r["source_file"] != "bad/scanned.pdf"} == {"pdf"}
    assert "3 file(s) not read" not in result.output and "5 file(s) not read" in result.output


def test_files_csv_has_one_row_per_input_file_failed_ones_too(two_runs):
    (_, out), _ = two_runs
    files = {f["source_file"]: f for f in read(out / "files.csv")}
    assert set(files) == {"hagersten_liljeholmen_2020.pdf", "skarholmen_2021.pdf",
                          "kungsholmen_2017_uppfoljning.pdf", "bad/empty.pdf", "bad/letter.pdf",
                          "bad/truncated.pdf", "bad/encrypted.pdf", "bad/scanned.pdf", "bad/no_tables.pdf"}
    read_whole = files["skarholmen_2021.pdf"]
    assert (read_whole["pages"], read_whole["risks"], read_whole["controls"]) == ("10", "91", "16")
    assert read_whole["coverage"] == "1.0" and read_whole["reader"] == "pdfium"
    assert int(read_whole["register_words"]) == int(read_whole["words_accounted"]) > 1000
    failed = files["bad/empty.pdf"]
    assert (failed["risks"], failed["register_words"], failed["coverage"]) == ("0", "", "")
    assert files["bad/scanned.pdf"]["pages"] == "1"  # not read (no text layer), but its pages are known


def test_outputs_identical_for_one_and_two_workers(two_runs):
    (_, out1), (_, out2) = two_runs
    for name in OUTPUTS:
        assert filecmp.cmp(out1 / name, out2 / name, shallow=False), name


def test_password_opens_the_encrypted_file(tmp_path):
    result = run([FIXTURES / "encrypted_skarholmen_2021.pdf", "--out", tmp_path, "--password", "hemligt",
                  "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert len(read(tmp_path / "risks.csv")) == 91


def without_event(src: Path, page_index: int, event: str, path: Path) -> None:
    """A sample with one event's text taken off its page: the row keeps its number and scores."""
    import pypdfium2.raw as pdfium_c
    doc = pdfium.PdfDocument(str(src))
    page = doc[page_index]
    text = page.get_textpage()
    first, count = text.search(event).get_next()
    boxes = [text.get_charbox(i) for i in range(first, first + count)]
    x0, y0 = min(b[0] for b in boxes) - 1, min(b[1] for b in boxes) - 1
    x1, y1 = max(b[2] for b in boxes) + 1, max(b[3] for b in boxes) + 1
    removed = 0
    for obj in list(page.get_objects()):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            left, bottom, right, top = obj.get_bounds()
            if x0 <= (left + right) / 2 <= x1 and y0 <= (bottom + top) / 2 <= y1:
                page.remove_obj(obj)
                removed += 1
    assert removed
    page.gen_content()
    doc.save(str(path))


def test_row_without_event_is_table_not_read_whole_on_its_page(tmp_path):
    # skarholmen_2021 page 2, risk 4: "Undermålig parkskötsel och renhållning", 3 x 1
    pdf = tmp_path / "no_event.pdf"
    without_event(SAMPLES / "skarholmen_2021.pdf", 1, "Undermålig parkskötsel och renhållning", pdf)
    result = run([pdf, "--out", tmp_path / "out", "--workers", "1"])
    assert result.exit_code == 0, result.output  # a warning: the rest of the register is good
    problems = read(tmp_path / "out" / "problems.csv")
    assert [(p["page"], p["severity"], p["code"]) for p in problems] == [("2", "warning", "table_not_read_whole")]
    assert "page 2" in problems[0]["message"] and "Oönskad händelse" in problems[0]["message"]
    risks = read(tmp_path / "out" / "risks.csv")
    assert len(risks) == 91
    row = next(r for r in risks if r["risk_nr"] == "4")
    assert (row["event"], row["probability"], row["consequence"], row["risk_value"]) == ("", "3", "1", "3")


def test_timeout_gives_up_one_file(tmp_path):
    result = run([SAMPLES / "farsta_2022.pdf", "--out", tmp_path, "--timeout", "0.05", "--workers", "1"])
    assert result.exit_code == 1
    problems = read(tmp_path / "problems.csv")
    assert [p["code"] for p in problems] == ["timeout"]
    assert "--timeout" in problems[0]["message"]


def test_worker_memory_cap_turns_runaway_memory_into_memory_error(start_method):
    from concurrent.futures import ProcessPoolExecutor
    from riskreg.batch import _limit_memory
    with ProcessPoolExecutor(1, initializer=_limit_memory, initargs=(1024,)) as pool:
        assert pool.submit(batch_helpers.allocate, 2048).result() == "MemoryError"
        assert pool.submit(batch_helpers.allocate, 1).result() == "ok"


@pytest.fixture(params=["default", "spawn"])
def start_method(request):
    """multiprocessing's default start method (fork up to Python 3.13 on Linux, forkserver
    from 3.14), and spawn, where workers share nothing with the parent but what is pickled."""
    import multiprocessing
    before = multiprocessing.get_start_method()
    if request.param != "default":
        multiprocessing.set_start_method(request.param, force=True)
    yield multiprocessing.get_start_method()
    multiprocessing.set_start_method(before, force=True)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_memory_error_and_crashed_worker_stop_only_their_file(tmp_path, monkeypatch, workers, start_method):
    if start_method == "spawn" and workers == "1":
        pytest.skip("one spawn run (two workers) is enough: spawned workers are slow to start")
    monkeypatch.setattr("riskreg.batch.read_one", batch_helpers.read_one)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a_good.pdf", "b_memory.pdf", "c_crash.pdf", "d_good.pdf"):
        (folder / name).write_bytes((SAMPLES / "skarholmen_2021.pdf").read_bytes() + name.encode())
    result = run([folder, "--out", tmp_path / "out", "--workers", workers, "--max-memory", "2048"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    problems = {p["source_file"]: p["code"] for p in read(tmp_path / "out" / "problems.csv")}
    assert problems == {"b_memory.pdf": "out_of_memory", "c_crash.pdf": "worker_crashed"}
    assert [r["source_file"] for r in read(tmp_path / "out" / "risks.csv")] == ["a_good.pdf"] * 91 + ["d_good.pdf"] * 91


def test_usage_error_exits_2(tmp_path):
    assert run([SAMPLES, "--out", tmp_path, "--workers", "-1"]).exit_code == 2
    assert run([SAMPLES, "--out", tmp_path, "--format", "docx"]).exit_code == 2


def _kill_and_resume_outputs(folder: Path, out: Path) -> None:
    cmd = [sys.executable, "-m", "riskreg.cli", "extract", str(folder), "--out", str(out), "--workers", "1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    parts = out / ".riskreg" / "parts"
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if parts.exists() and len(list(parts.glob("*.json"))) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list(parts.glob("*.json")))
    assert 2 <= done_before < 6
    assert not (out / "risks.csv").exists()  # nothing half-written: outputs come at the end
    assert not list(out.glob(".*.tmp"))  # ... and none was begun
    for part in parts.glob("*.json"):  # every part saved is whole (written aside, then renamed)
        assert json.loads(part.read_text(encoding="utf-8"))["source_file"].endswith(".pdf"), part
    result = run([folder, "--out", out, "--workers", "1", "--resume"])
    assert result.exit_code == 0, result.output


def test_kill_and_resume_gives_the_same_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(SAMPLES.glob("*.pdf"))[:6]:
        (folder / p.name).write_bytes(p.read_bytes())
    whole = tmp_path / "whole"
    assert run([folder, "--out", whole, "--workers", "2"]).exit_code == 0
    resumed = tmp_path / "resumed"
    _kill_and_resume_outputs(folder, resumed)
    for name in OUTPUTS:
        assert filecmp.cmp(whole / name, resumed / name, shallow=False), name


def test_resume_appends_new_files_and_skips_read_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes((SAMPLES / "farsta_2022.pdf").read_bytes())
    out = tmp_path / "out"
    assert run([folder, "--out", out, "--workers", "1"]).exit_code == 0
    part = next((out / ".riskreg" / "parts").glob("*.json"))
    stamp = part.stat().st_mtime_ns
    (folder / "b.pdf").write_bytes((SAMPLES / "skarholmen_2021.pdf").read_bytes())
    assert run([folder, "--out", out, "--workers", "1", "--resume"]).exit_code == 0
    assert part.stat().st_mtime_ns == stamp  # a.pdf was not read again
    assert [r["source_file"] for r in read(out / "risks.csv")] == ["a.pdf"] * 91 + ["b.pdf"] * 91


HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"klicka\")", "+46 8 508 000", "-1 konsekvens", "@SUM(A1)",
           "Åtgärd för äldreomsorg och översyn"]


def hostile_register() -> Register:
    risks = [Risk(source_file="x.pdf", page=1, risk_nr=i + 1, event=text, process="Process å ä ö")
             for i, text in enumerate(HOSTILE)]
    return Register(risks=to_frame(risks, Risk), controls=empty_frame(Control), problems=empty_frame(Problem))


def test_csv_neutralises_formulas_and_load_restores_them(tmp_path):
    riskreg.write_register(hostile_register(), tmp_path, ("csv",))
    events = [r["event"] for r in read(tmp_path / "risks.csv")]
    assert events == ["'" + t for t in HOSTILE[:4]] + [HOSTILE[4]]
    assert list(load_register(tmp_path / "risks.csv").risks["event"]) == HOSTILE


def test_xlsx_has_its_sheets_text_cells_and_swedish_letters(tmp_path):
    from openpyxl import load_workbook
    riskreg.write_register(hostile_register(), tmp_path, ("xlsx",), lang="en")
    wb = load_workbook(tmp_path / "register.xlsx")
    assert wb.sheetnames == ["risks", "controls", "files", "problems"]
    ws = wb["risks"]
    assert [c.value for c in ws[1]] == columns(Risk)
    event_col = columns(Risk).index("event") + 1
    cells = [ws.cell(row=r, column=event_col) for r in range(2, 2 + len(HOSTILE))]
    assert [c.value for c in cells] == HOSTILE
    assert {c.data_type for c in cells} == {"s"}  # text, never a formula
    assert ws.cell(row=2, column=columns(Risk).index("process") + 1).value == "Process å ä ö"


def test_excel_csv_has_bom_and_semicolons(tmp_path):
    result = run([SAMPLES / "skarholmen_2021.pdf", "--out", tmp_path, "--format", "csv", "--excel-csv",
                  "--workers", "1"])
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "risks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.split(b"\n")[0].count(b";") == len(columns(Risk)) - 1
    text = raw.decode("utf-8-sig")
    assert "Skärholmens stadsdelsnämnd" in text
    assert len(load_register(tmp_path / "risks.csv").risks) == 91


def test_dask_local_cluster_gives_the_same_files(two_runs, archive, tmp_path):
    from distributed import LocalCluster
    (_, local), _ = two_runs
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = run([archive, "--out", tmp_path, "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 1, result.output
    for name in OUTPUTS:
        assert filecmp.cmp(local / name, tmp_path / name, shallow=False), name


def test_a_write_that_fails_leaves_neither_a_half_file_nor_a_temporary(tmp_path):
    from riskreg.write.files import _atomic
    target = tmp_path / "risks.csv"
    target.write_text("the earlier run's file", encoding="utf-8")

    def half(tmp):
        Path(tmp).write_text("half a", encoding="utf-8")
        raise KeyboardInterrupt  # the run stopped in the middle of writing

    with pytest.raises(KeyboardInterrupt):
        _atomic(target, half)
    assert target.read_text(encoding="utf-8") == "the earlier run's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["risks.csv"]
