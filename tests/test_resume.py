"""--resume cannot mix versions: a part is reused only for the same content, settings and riskreg;
the outputs hold exactly this run's files; a file changed under its name is read again and said so."""
import csv
from pathlib import Path

from click.testing import CliRunner

from riskreg import batch
from riskreg.batch import BatchSettings, run as run_batch
from riskreg.cli import cli
from riskreg.match import LinkSettings
from riskreg.pipeline import Settings

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FARSTA, SKARHOLMEN = SAMPLES / "farsta_2022.pdf", SAMPLES / "skarholmen_2021.pdf"
ONE = BatchSettings(workers=1)


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def extract(*args):
    return CliRunner().invoke(cli, ["extract", *map(str, args), "--workers", "1"])


def parts(out: Path) -> set[Path]:
    return set((out / ".riskreg" / "parts").glob("*.json"))


def test_a_file_replaced_under_its_name_is_read_again_and_said_so(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "vor.pdf").write_bytes(FARSTA.read_bytes())
    assert extract(folder, "--out", out).exit_code == 0
    (folder / "vor.pdf").write_bytes(SKARHOLMEN.read_bytes())
    result = extract(folder, "--out", out, "--resume", "--lang", "en")
    assert result.exit_code == 0, result.output
    risks = read(out / "risks.csv")
    assert len(risks) == 91  # not 182: the first content's risks are gone
    assert {r["organisation"] for r in risks} == {"Skärholmens stadsdelsnämnd"}
    problems = read(out / "problems.csv")
    assert [(p["source_file"], p["severity"], p["code"]) for p in problems] == [
        ("vor.pdf", "warning", "file_changed")]
    assert "read again" in problems[0]["message"]
    # said once: a further resume finds the file as the last run left it
    extract(folder, "--out", out, "--resume")
    assert read(out / "problems.csv") == []


def test_a_resume_with_other_inputs_writes_only_those(tmp_path):
    first, second, out = tmp_path / "first", tmp_path / "second", tmp_path / "out"
    first.mkdir()
    second.mkdir()
    (first / "farsta.pdf").write_bytes(FARSTA.read_bytes())
    (second / "skarholmen.pdf").write_bytes(SKARHOLMEN.read_bytes())
    assert extract(first, "--out", out).exit_code == 0
    assert extract(second, "--out", out, "--resume").exit_code == 0
    assert {r["source_file"] for r in read(out / "risks.csv")} == {"skarholmen.pdf"}
    assert {c["source_file"] for c in read(out / "controls.csv")} == {"skarholmen.pdf"}


def test_a_part_made_with_other_settings_is_not_reused(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "vor.pdf").write_bytes(FARSTA.read_bytes())
    linked = run_batch([folder], out, batch=ONE)
    assert linked.controls["risk_nr"].notna().all()
    # a link threshold no control reaches: every risk_nr empty, if the file is really read again
    strict = Settings(link=LinkSettings(threshold=100.5))
    unlinked = run_batch([folder], out, settings=strict, batch=ONE, resume=True)
    assert len(unlinked.controls) == len(linked.controls)
    assert unlinked.controls["risk_nr"].isna().all()
    assert len(parts(out)) == 2


def test_engine_reader_and_password_each_key_a_part_of_their_own(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "vor.pdf").write_bytes(FARSTA.read_bytes())
    assert extract(folder, "--out", out).exit_code == 0
    seen = parts(out)
    # the language too: a part holds its problems' messages, so another --lang reads the file again
    for extra in (["--reader", "pdfminer"], ["--engine", "camelot"], ["--password", "hemligt"], ["--lang", "en"]):
        assert extract(folder, "--out", out, "--resume", *extra).exit_code == 0
        assert len(parts(out) - seen) == 1, extra  # read again, into a part of its own
        seen = parts(out)
    stamps = {p: p.stat().st_mtime_ns for p in seen}
    assert extract(folder, "--out", out, "--resume", "--reader", "pdfminer").exit_code == 0
    assert parts(out) == seen and {p: p.stat().st_mtime_ns for p in seen} == stamps  # reused


def test_a_part_made_by_another_riskreg_is_not_reused(tmp_path, monkeypatch):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "vor.pdf").write_bytes(FARSTA.read_bytes())
    run_batch([folder], out, batch=ONE)
    monkeypatch.setattr(batch, "code_version", lambda: "0.0.1+older")
    run_batch([folder], out, batch=ONE, resume=True)
    assert len(parts(out)) == 2


def test_the_code_version_follows_the_source():
    version = batch.code_version()
    assert version.startswith(__import__("riskreg").__version__ + "+") and version == batch.code_version()
