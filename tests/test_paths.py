"""A document is its path (issue 25): files of one name in several folders stay several documents
everywhere, a copy is read once, every count the command line prints is files.csv's rows, a path
holding no PDF is an error, and a Dask cluster reads relative paths as the local run does."""
from __future__ import annotations

import csv
import filecmp
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskreg.batch import BatchSettings, Entry, _dask, extract_register
from riskreg.inputs import distinct_names
from riskreg.cli import cli
from riskreg.compare import compare_registers
from riskreg.history import follow_risks
from riskreg.i18n import use_language

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = SAMPLES / "expected"
OUTPUTS = ["risks.csv", "risks.parquet", "controls.csv", "controls.parquet", "problems.csv", "files.csv"]
YEARS = ("2020", "2021", "2022")


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def expected_risks(sample: str) -> int:
    """Risks of a sample as its hand-checked register lists them."""
    return len(read(EXPECTED / f"{sample}.risks.csv"))


def extract(*args) -> "object":
    return CliRunner().invoke(cli, ["extract", *map(str, args), "--workers", "1", "--lang", "en"])


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """archive/2020/vor.pdf, 2021/vor.pdf, 2022/vor.pdf: three years of one nämnd, one file name."""
    root = tmp_path_factory.mktemp("paths") / "archive"
    for year in YEARS:
        (root / year).mkdir(parents=True)
        (root / year / "vor.pdf").write_bytes((SAMPLES / f"hagersten_liljeholmen_{year}.pdf").read_bytes())
    return root


@pytest.fixture(scope="module")
def archive_out(archive, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("archive_out")
    result = extract(archive, "--out", out)
    assert result.exit_code == 0, result.output
    assert "from 3 file(s); 0 file(s) not read" in result.output
    return out


def test_three_vor_pdf_in_three_folders_are_three_documents_in_the_files(archive_out):
    files = read(archive_out / "files.csv")
    assert [f["source_file"] for f in files] == ["2020/vor.pdf", "2021/vor.pdf", "2022/vor.pdf"]
    assert [int(f["risks"]) for f in files] == [expected_risks(f"hagersten_liljeholmen_{y}") for y in YEARS]
    risks = read(archive_out / "risks.csv")
    assert {r["source_file"]: r["year"] for r in risks} == {f"{y}/vor.pdf": y for y in YEARS}


def test_three_vor_pdf_are_three_rows_of_register_db(archive, tmp_path):
    result = extract(archive, "--out", tmp_path, "--format", "sqlite")
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(tmp_path / "register.db")
    rows = db.execute("SELECT source_file, year, risks FROM files ORDER BY id").fetchall()
    assert rows == [(f"{y}/vor.pdf", int(y), expected_risks(f"hagersten_liljeholmen_{y}")) for y in YEARS]


def test_diff_refuses_the_three_documents_as_it_does_for_three_names(archive_out, tmp_path):
    result = CliRunner().invoke(cli, ["diff", str(archive_out), str(SAMPLES / "farsta_2023.pdf"),
                                      "--out", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 1
    assert "3 documents (2020/vor.pdf, 2021/vor.pdf, 2022/vor.pdf)" in result.output


def test_compare_and_history_count_three_documents(archive_out):
    comparison = compare_registers([archive_out])
    assert sorted(comparison.profile["year"].tolist()) == [2020, 2021, 2022]
    assert not (comparison.problems["code"] == "several_documents").any()
    history = follow_risks([archive_out])
    assert sorted(history.rows["source_file"].unique()) == [f"{y}/vor.pdf" for y in YEARS]
    assert not (history.problems["code"] == "given_twice").any()


def test_one_name_given_directly_from_two_folders_is_two_documents(archive, tmp_path):
    register = extract_register([archive / "2020" / "vor.pdf", archive / "2021" / "vor.pdf"])
    assert register.files["source_file"].tolist() == ["2020/vor.pdf", "2021/vor.pdf"]
    assert register.risks["source_file"].nunique() == 2


def test_a_file_below_the_folder_given_is_named_by_its_path_from_there(archive):
    # no other file has its name: the path below the folder given is the name all the same
    register = extract_register([archive.parent], batch=BatchSettings(workers=1))
    assert register.files["source_file"].tolist() == [f"archive/{y}/vor.pdf" for y in YEARS]
    register = extract_register([archive / "2021"], batch=BatchSettings(workers=1))
    assert register.files["source_file"].tolist() == ["vor.pdf"]


def test_distinct_names_grow_by_folders_only_where_they_collide():
    paths = [Path("/x/a/2020/vor.pdf"), Path("/x/b/2020/vor.pdf"), Path("/x/a/plan.pdf")]
    assert distinct_names(paths, ["2020/vor.pdf", "2020/vor.pdf", "plan.pdf"]) == [
        "a/2020/vor.pdf", "b/2020/vor.pdf", "plan.pdf"]
    assert distinct_names([Path("/a/vor.pdf"), Path("/b/vor.pdf")], ["vor.pdf", "vor.pdf"]) == [
        "a/vor.pdf", "b/vor.pdf"]


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    """Two copies of two samples in two folders, and one file that is no PDF."""
    root = tmp_path_factory.mktemp("copies") / "docs"
    for folder in ("one", "two"):
        (root / folder).mkdir(parents=True)
        for sample in ("farsta_2022", "skarholmen_2021"):
            (root / folder / f"{sample}.pdf").write_bytes((SAMPLES / f"{sample}.pdf").read_bytes())
    (root / "letter.pdf").write_text("Hej! Ett brev, ingen PDF.", encoding="utf-8")
    return root


def test_every_count_printed_is_files_csv_rows_and_a_copy_is_read_once(copies, tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(copies), "--out", str(tmp_path), "--workers", "1",
                                      "--progress", "--lang", "en"])
    assert result.exit_code == 1, result.output  # letter.pdf is not read
    files = read(tmp_path / "files.csv")
    assert [f["source_file"] for f in files] == ["letter.pdf", "one/farsta_2022.pdf", "one/skarholmen_2021.pdf"]
    assert "from 3 file(s); 1 file(s) not read, 2 warning(s)" in result.output
    assert set(re.findall(r"\d+/(\d+) files", result.stderr)) == {"3"}  # the progress bar's total
    assert "3/3 files" in result.stderr
    risks = read(tmp_path / "risks.csv")
    assert len(risks) == expected_risks("farsta_2022") + expected_risks("skarholmen_2021")
    assert {r["source_file"] for r in risks} == {"one/farsta_2022.pdf", "one/skarholmen_2021.pdf"}
    copied = [p for p in read(tmp_path / "problems.csv") if p["code"] == "duplicate_file"]
    assert [(p["source_file"], p["severity"]) for p in copied] == [
        ("one/farsta_2022.pdf", "warning"), ("one/skarholmen_2021.pdf", "warning")]
    for p in copied:
        name = p["source_file"].split("/")[1]
        assert str(copies / "one" / name) in p["message"] and str(copies / "two" / name) in p["message"]


def test_an_empty_folder_is_no_pdf_found_and_exits_1(tmp_path):
    (tmp_path / "emptydir").mkdir()
    result = extract(tmp_path / "emptydir", "--out", tmp_path / "out")
    assert result.exit_code == 1
    problems = read(tmp_path / "out" / "problems.csv")
    assert [(p["code"], p["severity"], p["source_file"]) for p in problems] == [
        ("no_pdf_found", "error", str(tmp_path / "emptydir"))]
    assert read(tmp_path / "out" / "files.csv") == []
    assert "from 0 file(s); 0 file(s) not read, 0 warning(s); 1 path(s) given held no PDF" in result.output


def test_an_empty_folder_beside_a_sample_still_reads_the_sample_and_exits_1(tmp_path):
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "emptydir" / "notes.txt").write_text("no PDF here", encoding="utf-8")
    result = extract(tmp_path / "emptydir", SAMPLES / "farsta_2022.pdf", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert len(read(tmp_path / "out" / "risks.csv")) == expected_risks("farsta_2022")
    codes = {p["source_file"]: p["code"] for p in read(tmp_path / "out" / "problems.csv")
             if p["severity"] == "error"}
    assert codes == {str(tmp_path / "emptydir"): "no_pdf_found"}


def test_a_mistyped_folder_is_no_pdf_found_and_a_mistyped_pdf_not_found(tmp_path):
    register = extract_register([tmp_path / "archvie", tmp_path / "vor_2021.pdf"])
    errors = register.problems[["source_file", "code"]].values.tolist()
    assert errors == [["vor_2021.pdf", "not_found"], [str(tmp_path / "archvie"), "no_pdf_found"]]
    assert register.files["source_file"].tolist() == ["vor_2021.pdf"]  # a folder is no file


# --- Dask: relative paths, and a worker that cannot see a file -------------------------------------

@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as running:
        yield running


def test_dask_with_relative_paths_gives_the_local_files(cluster, tmp_path, monkeypatch):
    # a folder name only this tmp dir has: the worker, started elsewhere, must get absolute paths
    (tmp_path / "relative_docs").mkdir()
    for sample in ("farsta_2022", "skarholmen_2021"):
        (tmp_path / "relative_docs" / f"{sample}.pdf").symlink_to(SAMPLES / f"{sample}.pdf")
    monkeypatch.chdir(tmp_path)
    local = extract("relative_docs/", "--out", "local")
    dask = extract("relative_docs/", "--out", "dask",
                   "--scheduler", cluster.scheduler_address)
    assert local.exit_code == 0 and dask.exit_code == 0, dask.output
    for name in OUTPUTS:
        assert filecmp.cmp(tmp_path / "local" / name, tmp_path / "dask" / name, shallow=False), name


def test_a_worker_that_cannot_see_a_file_says_so_and_names_itself(cluster, tmp_path):
    from distributed import Client
    with Client(cluster.scheduler_address) as client:
        workers = set(client.scheduler_info()["workers"])
    gone = tmp_path / "gone.pdf"  # the file this machine saw, no longer where the worker looks
    parts = {}
    with use_language("en"):  # the language travels to the worker
        _dask([Entry(path=str(gone), name="2020/gone.pdf", key="k", part="p")], None,
              BatchSettings(scheduler=cluster.scheduler_address), None, False,
              lambda entry, part: parts.setdefault(entry.name, part))
    (problem,) = parts["2020/gone.pdf"]["problems"]
    assert (problem["code"], problem["severity"], problem["source_file"]) == (
        "not_found_on_worker", "error", "2020/gone.pdf")
    assert any(address in problem["message"] for address in workers)
    assert str(gone) in problem["message"] and "There is no file" not in problem["message"]
