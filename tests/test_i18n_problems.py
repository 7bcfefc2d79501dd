"""Issue 28, item 1: the messages extraction writes into problems.csv, and register.xlsx's sheet
and column names, are Swedish by default and English with --lang en; the codes, the CSV columns
and the pages stay as they are. The language travels to the worker processes that read the
files, and keys the parts --resume reuses."""
from __future__ import annotations

import csv

from click.testing import CliRunner
from openpyxl import load_workbook

from golden import SAMPLES
from riskreg.cli import cli
from riskreg.schema import Control, columns

SAMPLE = SAMPLES / "norrberg_2025_internkontrollplan.pdf"  # a column no template maps: unknown_columns


def _problems(out, *lang) -> list[dict]:
    result = CliRunner().invoke(cli, ["extract", str(SAMPLE), "--out", str(out), "--workers", "2",
                                      "--format", "xlsx", *lang])
    assert result.exit_code == 0, result.output
    with open(out / "problems.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_problems_csv_is_swedish_by_default_and_english_on_request(tmp_path, monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    swedish = _problems(tmp_path / "sv")
    english = _problems(tmp_path / "en", "--lang", "en")
    assert [(p["source_file"], p["page"], p["severity"], p["code"]) for p in swedish] == \
        [(p["source_file"], p["page"], p["severity"], p["code"]) for p in english] == \
        [("norrberg_2025_internkontrollplan.pdf", "1", "warning", "unknown_columns")]
    assert list(swedish[0]) == list(english[0])  # the schema's English column names in both
    assert english[0]["message"].startswith("The register table on page 1 has columns riskreg cannot map: ")
    assert english[0]["message"].endswith(
        "Run 'riskreg debug norrberg_2025_internkontrollplan.pdf --pages 1' to see what was read.")
    assert swedish[0]["message"].startswith("Registertabellen på sidan 1 har kolumner som riskreg inte kan placera: ")
    assert swedish[0]["message"].endswith(
        "Kör 'riskreg debug norrberg_2025_internkontrollplan.pdf --pages 1' för att se vad som lästes.")
    # the columns named are the document's own words, quoted alike in both languages
    named = english[0]["message"].split("cannot map: ")[1].split(". Their text")[0]
    assert named in swedish[0]["message"]
    # register.xlsx follows --lang: Swedish sheets and headings, or the schema's identifiers
    sv, en = (load_workbook(tmp_path / lang / "register.xlsx") for lang in ("sv", "en"))
    assert sv.sheetnames == ["risker", "kontroller", "filer", "problem"]
    assert en.sheetnames == ["risks", "controls", "files", "problems"]
    assert [c.value for c in sv["kontroller"][1]][:3] == ["Fil", "Sida", "Nämnd"]
    assert [c.value for c in en["controls"][1]] == columns(Control)
    assert [c.value for c in sv["problem"][1]] == ["Fil", "Sida", "Allvarlighetsgrad", "Kod", "Meddelande"]
    assert sv["problem"]["E2"].value == swedish[0]["message"] and en["problems"]["E2"].value == english[0]["message"]


def test_the_locale_chooses_when_lang_is_not_given(tmp_path, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en_GB")
    (problem,) = _problems(tmp_path / "en")
    assert problem["message"].startswith("The register table on page 1")
    monkeypatch.setenv("LANGUAGE", "sv_SE")
    (problem,) = _problems(tmp_path / "en", "--resume")  # another language: read again, not reused
    assert problem["message"].startswith("Registertabellen på sidan 1")
