"""The Python API and the CLI are one path: riskreg.extract_register gives what 'riskreg extract'
writes, with the same problem codes and the same guarantees (timeout, memory cap, a crashed
worker); the names riskreg.extract/diff/compare/history are the subpackage and modules again,
and calling them as functions still works for one release, with a DeprecationWarning."""
from __future__ import annotations

import csv
import filecmp
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import batch_helpers
import riskreg
from riskreg.batch import BatchSettings
from riskreg.cli import cli
from riskreg.schema import Problem, Risk, empty_frame, to_frame, Control
from test_batch import front_page_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TABLES = ["risks.csv", "controls.csv", "problems.csv", "files.csv"]


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def api_and_cli(tmp_path: Path, inputs: list[Path], *options: str, batch: BatchSettings | None = None):
    """The register extract_register returns, written as the CLI writes it, and the CLI's own run."""
    register = riskreg.extract_register(inputs, batch=batch)
    riskreg.write_register(register, tmp_path / "api", ("csv",))
    result = CliRunner().invoke(cli, ["extract", *map(str, inputs), "--out", str(tmp_path / "cli"),
                                      "--format", "csv", *options])
    return register, result


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> list[Path]:
    """A good sample and one file of each way a file fails, plus a path with no file."""
    folder = tmp_path_factory.mktemp("bad")
    (folder / "a_skarholmen_2021.pdf").write_bytes((SAMPLES / "skarholmen_2021.pdf").read_bytes())
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "letter.pdf").write_text("Hej! Detta är ett brev, ingen PDF.", encoding="utf-8")
    (folder / "truncated.pdf").write_bytes((SAMPLES / "farsta_2022.pdf").read_bytes()[:20000])
    (folder / "encrypted.pdf").write_bytes((FIXTURES / "encrypted_skarholmen_2021.pdf").read_bytes())
    front_page_pdf(folder / "no_tables.pdf")
    return [folder.parent / "borta.pdf", folder]  # a path with no file first: it is listed last


def test_api_and_cli_give_the_same_register_problems_and_files_on_bad_inputs(tmp_path, bad_inputs):
    register, result = api_and_cli(tmp_path, bad_inputs, "--workers", "2", batch=BatchSettings(workers=2))
    assert result.exit_code == 1, result.output
    for name in TABLES:
        assert filecmp.cmp(tmp_path / "api" / name, tmp_path / "cli" / name, shallow=False), name
    errors = {p["source_file"]: p["code"] for p in read(tmp_path / "cli" / "problems.csv") if p["severity"] == "error"}
    assert errors == {"empty.pdf": "empty_file", "letter.pdf": "not_a_pdf", "truncated.pdf": "damaged_pdf",
                      "encrypted.pdf": "encrypted_pdf", "no_tables.pdf": "no_register_table",
                      "borta.pdf": "not_found"}
    assert [f["source_file"] for f in read(tmp_path / "api" / "files.csv")] == [
        "a_skarholmen_2021.pdf", "empty.pdf", "encrypted.pdf", "letter.pdf", "no_tables.pdf", "truncated.pdf",
        "borta.pdf"]
    assert len(register.risks) == 91 and set(register.risks["source_file"]) == {"a_skarholmen_2021.pdf"}


def test_api_and_cli_give_the_same_registers_on_samples(tmp_path):
    # a VoR with its control plan in one file, an unruled one and a VoR whose scale is inferred
    samples = [SAMPLES / f"{n}.pdf" for n in ("hagersten_liljeholmen_2020", "enskede_2023_unruled", "farsta_2022")]
    register, result = api_and_cli(tmp_path, samples, "--workers", "2", batch=BatchSettings(workers=2))
    assert result.exit_code == 0, result.output
    for name in TABLES:
        assert filecmp.cmp(tmp_path / "api" / name, tmp_path / "cli" / name, shallow=False), name
    assert len(register.risks) > 100


def test_the_api_gives_up_a_file_past_its_timeout():
    register = riskreg.extract_register(SAMPLES / "farsta_2022.pdf", batch=BatchSettings(workers=1, timeout=0.05))
    assert list(register.problems["code"]) == ["timeout"] and register.risks.empty
    assert list(register.files["source_file"]) == ["farsta_2022.pdf"]


def test_a_crashing_or_runaway_file_does_not_stop_the_caller(tmp_path, monkeypatch):
    """What a notebook calling the API relies on: the file is read in a worker process, so a
    file that kills its reader or needs all memory is one problem row, not a dead kernel."""
    monkeypatch.setattr("riskreg.batch.read_one", batch_helpers.read_one)
    for name in ("a_good.pdf", "b_memory.pdf", "c_crash.pdf"):
        (tmp_path / name).write_bytes((SAMPLES / "skarholmen_2021.pdf").read_bytes() + name.encode())
    register = riskreg.extract_register(tmp_path, batch=BatchSettings(workers=2, max_memory_mb=2048))
    assert dict(zip(register.problems["source_file"], register.problems["code"])) == {
        "b_memory.pdf": "out_of_memory", "c_crash.pdf": "worker_crashed"}
    assert set(register.risks["source_file"]) == {"a_good.pdf"} and len(register.risks) == 91


def test_work_dir_keeps_the_parts_for_resume(tmp_path):
    one = SAMPLES / "skarholmen_2021.pdf"
    first = riskreg.extract_register(one, work_dir=tmp_path)
    assert len(list((tmp_path / ".riskreg" / "parts").glob("*.json"))) == 1
    again = riskreg.extract_register(one, work_dir=tmp_path, resume=True)
    assert again.risks.equals(first.risks)
    with pytest.raises(ValueError, match="work_dir"):
        riskreg.extract_register(one, resume=True)


# --- the subpackage and modules are importable by their names ---------------------------------

@pytest.mark.parametrize("statement", [
    "import riskreg.extract.document; riskreg.extract.document.read_document",
    "import riskreg.extract.document as d; d.read_document",
    "from riskreg.extract import document; document.read_document",
    "import riskreg.extract as e; e.ExtractSettings",
    "import riskreg; riskreg.extract.ExtractSettings",
    "import riskreg.diff; riskreg.diff.DiffSettings",
    "import riskreg.compare; riskreg.compare.CompareSettings",
    "import riskreg.history; riskreg.history.HistorySettings",
])
def test_the_stage_subpackage_and_modules_are_not_hidden(statement):
    # a fresh interpreter: the import order of the tests run before cannot make it pass
    done = subprocess.run([sys.executable, "-W", "error", "-c", statement], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr


# --- the old names still work, and say what replaces them --------------------------------------

def _tiny(source: str, year: int) -> riskreg.Register:
    risks = [Risk(source_file=source, page=1, organisation="Farsta stadsdelsnämnd", year=year, risk_nr=i + 1,
                  event=f"Händelse nummer {i}", process="Process", probability=2, consequence=3, risk_value=6)
             for i in range(3)]
    return riskreg.Register(risks=to_frame(risks, Risk), controls=empty_frame(Control), problems=empty_frame(Problem))


def _old(call, new_name: str):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = call()
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == 1 and f"{new_name}()" in str(deprecations[0].message)
    assert deprecations[0].filename == __file__  # it points at the caller's line
    return value


def test_the_old_function_names_warn_and_still_work(tmp_path):
    from riskreg import compare, diff, extract, history, pipeline

    missing = tmp_path / "borta.pdf"
    register = _old(lambda: riskreg.extract(missing), "riskreg.extract_register")
    assert list(register.problems["code"]) == ["not_found"]
    assert list(_old(lambda: extract([missing]), "riskreg.extract_register").problems["code"]) == ["not_found"]
    assert list(_old(lambda: pipeline.extract(missing), "riskreg.extract_register").problems["code"]) == ["not_found"]
    old, new = _tiny("a.pdf", 2022), _tiny("b.pdf", 2023)
    expected = riskreg.diff_registers(old, new).changes
    assert _old(lambda: riskreg.diff(old, new), "riskreg.diff_registers").changes.equals(expected)
    assert _old(lambda: diff.diff(old, new), "riskreg.diff_registers").changes.equals(expected)
    profile = riskreg.compare_registers([old, new]).profile
    assert _old(lambda: riskreg.compare([old, new]), "riskreg.compare_registers").profile.equals(profile)
    assert _old(lambda: compare.compare([old, new]), "riskreg.compare_registers").profile.equals(profile)
    rows = riskreg.follow_risks([old, new]).rows
    assert _old(lambda: riskreg.history([old, new]), "riskreg.follow_risks").rows.equals(rows)
    assert _old(lambda: history.history([old, new]), "riskreg.follow_risks").rows.equals(rows)


def test_the_new_names_do_not_warn(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        riskreg.extract_register(tmp_path / "borta.pdf")
        riskreg.diff_registers(_tiny("a.pdf", 2022), _tiny("b.pdf", 2023))
