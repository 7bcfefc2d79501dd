"""Optional parts are named, never crash (issue 25): a missing tesserocr, OpenCV, Tesseract or its
Swedish data is ocr_unavailable, a missing camelot engine_unavailable, a missing Dask a usage error;
each message names the one command that installs what is missing.

A missing module is simulated as Python itself sees one: ``None`` in ``sys.modules`` makes its
import fail with ModuleNotFoundError. The batch's workers are forked, so they see it too.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskreg.cli import cli
from riskreg.extract import ExtractSettings, tesseract
from riskreg.pipeline import Settings, read_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SCAN = SAMPLES / "scanned" / "kungsholmen_2017_uppfoljning_scan.pdf"
DIGITAL = SAMPLES / "farsta_2022.pdf"


@pytest.fixture
def no_engine(monkeypatch):
    """No Tesseract engine loaded yet in this process, so the next OCR looks for its parts again;
    and no well-known data folder (this machine's Debian one would be found)."""
    monkeypatch.setattr(tesseract, "_API", None)
    monkeypatch.setattr(tesseract, "TESSDATA_FOLDERS", ())


def _errors(result) -> list:
    return [p for p in result.problems if p.severity == "error"]


def _only_error(path, code: str, settings: Settings | None = None) -> str:
    errors = _errors(read_file(path, settings, lang="en"))
    assert [p.code for p in errors] == [code], [(p.code, p.message) for p in errors]
    assert "Please report it" not in errors[0].message
    return errors[0].message


def test_a_scan_without_tesserocr_is_ocr_unavailable_naming_the_install_command(monkeypatch, no_engine):
    monkeypatch.setitem(sys.modules, "tesserocr", None)
    message = _only_error(SCAN, "ocr_unavailable")
    assert "tesserocr is not installed" in message
    assert message.endswith("Install it with: pip install 'riskreg[ocr]'")


def test_a_scan_without_opencv_is_ocr_unavailable_naming_the_install_command(monkeypatch, no_engine):
    monkeypatch.setitem(sys.modules, "cv2", None)
    message = _only_error(SCAN, "ocr_unavailable")
    assert message.endswith("Install it with: pip install opencv-python-headless")


def _fake_tesseract(folder: Path, data: Path) -> None:
    """A `tesseract` command that lists the languages of ``data`` (none), as one installed
    without its Swedish package does."""
    folder.mkdir()
    data.mkdir()
    command = folder / "tesseract"
    command.write_text(f'#!/bin/sh\necho \'List of available languages in "{data}/" (1):\'\necho eng\n')
    command.chmod(0o755)


def test_tesseract_without_swedish_data_names_the_swedish_package(monkeypatch, tmp_path, no_engine):
    _fake_tesseract(tmp_path / "bin", tmp_path / "tessdata")
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    message = _only_error(SCAN, "ocr_unavailable")
    assert f"Swedish data (swe.traineddata) is not in {tmp_path / 'tessdata'}/" in message
    assert message.endswith("Install it with: sudo apt-get install tesseract-ocr-swe")
    assert "pip install" not in message


def test_a_tessdata_prefix_without_swedish_data_is_named(monkeypatch, tmp_path, no_engine):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    message = _only_error(SCAN, "ocr_unavailable")
    assert f"is not in {tmp_path}, the folder TESSDATA_PREFIX names" in message
    assert "sudo apt-get install tesseract-ocr-swe" in message


def test_no_tesseract_at_all_names_tesseract_and_its_swedish_data(monkeypatch, tmp_path, no_engine):
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no `tesseract` command
    message = _only_error(SCAN, "ocr_unavailable")
    assert "there is no `tesseract` command" in message
    assert message.endswith("Install it with: sudo apt-get install tesseract-ocr tesseract-ocr-swe")


def test_swedish_data_is_found_in_a_known_folder_without_a_tesseract_command(monkeypatch, tmp_path):
    # tesserocr's wheel brings Tesseract's library, not its command: Debian's or Homebrew's
    # data folder is found by itself, the first that holds swe.traineddata
    empty, homebrew = tmp_path / "debian", tmp_path / "homebrew"
    empty.mkdir(), homebrew.mkdir()
    (empty / "eng.traineddata").write_bytes(b"")
    (homebrew / "swe.traineddata").write_bytes(b"")
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no `tesseract` command
    monkeypatch.setattr(tesseract, "TESSDATA_FOLDERS", (str(empty), str(homebrew)))
    assert tesseract.tessdata_path() == str(homebrew)
    monkeypatch.setenv("TESSDATA_PREFIX", str(empty))  # the user's word is final
    assert tesseract.tessdata_path() == str(empty)


def test_on_macos_the_missing_data_is_homebrews_to_install(monkeypatch, tmp_path, no_engine):
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(tesseract.platform, "system", lambda: "Darwin")
    message = _only_error(SCAN, "ocr_unavailable")
    assert message.endswith("Install it with: brew install tesseract tesseract-lang")


def test_a_plain_install_brings_tesserocr_where_its_wheel_bundles_tesseract():
    import configparser
    config = configparser.ConfigParser()
    config.read(SAMPLES.parent / "setup.cfg")
    required = [r for r in config["options"]["install_requires"].splitlines() if r.startswith("tesserocr")]
    assert len(required) == 1
    from packaging.requirements import Requirement
    marker = Requirement(required[0]).marker
    assert marker.evaluate({"platform_system": "Linux", "platform_machine": "x86_64"})
    assert marker.evaluate({"platform_system": "Windows", "platform_machine": "AMD64"})
    # no wheel with Tesseract inside: pip would build from source, so not there
    assert not marker.evaluate({"platform_system": "Darwin", "platform_machine": "arm64"})
    assert not marker.evaluate({"platform_system": "Linux", "platform_machine": "ppc64le"})


def test_a_digital_pdf_never_needs_tesserocr(monkeypatch, no_engine):
    monkeypatch.setitem(sys.modules, "tesserocr", None)
    monkeypatch.setitem(sys.modules, "cv2", None)
    assert _errors(read_file(DIGITAL)) == []


def test_the_cli_without_tesserocr_writes_ocr_unavailable_and_exits_1(monkeypatch, tmp_path, no_engine):
    monkeypatch.setitem(sys.modules, "tesserocr", None)
    result = CliRunner().invoke(cli, ["extract", str(SCAN), "--out", str(tmp_path), "--workers", "1"])
    assert result.exit_code == 1, result.output
    with open(tmp_path / "problems.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["severity"] == "error"]
    assert [r["code"] for r in rows] == ["ocr_unavailable"]
    assert "pip install 'riskreg[ocr]'" in rows[0]["message"]


def test_the_camelot_engine_without_camelot_is_engine_unavailable(monkeypatch):
    monkeypatch.setitem(sys.modules, "camelot", None)
    message = _only_error(DIGITAL, "engine_unavailable", Settings(extract=ExtractSettings(engine="camelot")))
    assert message.startswith("--engine camelot was chosen, but camelot-py is not installed")
    assert "Install it with: pip install camelot-py" in message


def test_the_default_engine_never_needs_camelot(monkeypatch):
    monkeypatch.setitem(sys.modules, "camelot", None)
    assert _errors(read_file(DIGITAL)) == []


def test_scheduler_without_dask_is_a_usage_error_naming_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = CliRunner().invoke(cli, ["extract", str(DIGITAL), "--out", str(tmp_path),
                                      "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 1
    assert "Install it with: pip install 'riskreg[cluster]'" in result.output
    assert "Traceback" not in result.output
