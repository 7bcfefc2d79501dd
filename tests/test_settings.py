"""Settings as data: every tolerance in a stage's settings object, the composites resolving
nested dicts, --settings FILE and -s KEY=VALUE on every command that runs a stage, and the
settings table of docs/settings.md generated from the objects."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskreg import CompareSettings, DiffSettings, HistorySettings, Settings, extract_register as extract
from riskreg.cli import cli
from riskreg.docs import generated_block, settings_markdown, setting_comments
from riskreg.extract import ExtractSettings, read_document
from riskreg.settings_base import SettingsError
from riskreg.settings_file import COMMAND_STAGES, STAGES, gather, parse_assignment

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


# --- the objects -------------------------------------------------------------------------

def test_docs_settings_table_is_generated_from_the_objects():
    assert generated_block("settings") == settings_markdown()


@pytest.mark.parametrize("stage", STAGES)
def test_every_setting_has_its_comment_and_a_row(stage):
    cls = STAGES[stage]
    comments = setting_comments(cls)
    names = list(cls.__dataclass_fields__)
    assert names and not [n for n in names if not comments.get(n)], f"{cls.__name__} fields without a #: comment"
    table = settings_markdown()
    assert all(f"| `{n}` |" in table for n in names)


def test_the_table_changes_with_a_default(monkeypatch):
    # a check on the check: a changed default makes the generated table differ from docs/settings.md's
    import dataclasses
    before = settings_markdown()
    changed = dataclasses.make_dataclass("ExtractSettings", [("edge_snap", float, 9.5)],
                                         bases=(ExtractSettings,), frozen=True)
    changed.__doc__ = ExtractSettings.__doc__
    monkeypatch.setitem(STAGES, "extract", changed)
    assert settings_markdown() != before and "| `edge_snap` | `9.5` |" in settings_markdown()


# module constants that hold a number are settings, except these, which are no tolerance
NOT_TOLERANCES = {
    ("riskreg/extract/integrity.py", "_MAX_FORM_DEPTH"),  # how deep nested forms are checked: a bound on work
    ("riskreg/match/link.py", "_BLOCK"),  # controls scored at a time: memory, not the result
    # the assignment's tie-breakers: far below any score difference, they only order equal scores
    ("riskreg/match/assignment.py", "_AT_THRESHOLD"),
    ("riskreg/match/assignment.py", "ORDER_WEIGHT"),
    # a float rounding guard: which grid squares are looked at, never which characters are kept
    ("riskreg/extract/dedupe.py", "_EPS"),
    ("riskreg/extract/structure.py", "_MAX_DEPTH"),  # how deep a tagged PDF's tree is walked: a bound on work
    ("riskreg/write/xlsx.py", "LINE_HEIGHT"),  # a spreadsheet row's height per line of text: layout, not reading
}


def test_no_number_is_left_as_a_module_constant():
    found = set()
    for path in (ROOT / "riskreg").rglob("*.py"):
        rel = str(path.relative_to(ROOT))
        if rel.startswith("riskreg/report/"):  # drawing colours and line widths
            continue
        for m in re.finditer(r"^(_?[A-Z][A-Z0-9_]*)\s*=\s*-?[\d.]+(?:e-?\d+)?\s*(#.*)?$", path.read_text(encoding="utf-8"), re.M):
            found.add((rel, m.group(1)))
    assert found == NOT_TOLERANCES


# --- resolve ---------------------------------------------------------------------------------

def test_composites_resolve_from_none_an_instance_or_a_nested_dict():
    assert Settings.resolve(None) == Settings()
    given = Settings(link=Settings().link)
    assert Settings.resolve(given) is given
    s = Settings.resolve({"extract": {"edge_snap": 2, "table_settings": {"snap_tolerance": 4}},
                          "normalize": {"templates": ["a.toml"]}, "link": {"threshold": 60}})
    assert s.extract.edge_snap == 2.0 and isinstance(s.extract.edge_snap, float)
    assert dict(s.extract.table_settings) == {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                                              "snap_tolerance": 4}
    assert s.normalize.templates == ("a.toml",) and s.link.threshold == 60.0
    assert s.extract.line_tolerance == ExtractSettings().line_tolerance  # the rest stays default
    d = DiffSettings.resolve({"pair": {"threshold": 80}, "changes": {"moved_below": 70},
                              "extract": {"extract": {"reader": "pdfminer"}}})
    assert (d.pair.threshold, d.changes.moved_below, d.extract.extract.reader) == (80.0, 70.0, "pdfminer")
    c = CompareSettings.resolve({"levels": {"low_max": 4, "medium_max": 9}, "shared": {"threshold": 90}})
    assert (c.levels.low_max, c.levels.medium_max, c.shared.threshold) == (4, 9, 90.0)
    h = HistorySettings.resolve({"chain": {"short_event_words": 2}, "aliases": "names.csv"})
    assert (h.chain.short_event_words, h.aliases) == (2, "names.csv")
    assert DiffSettings.resolve({}) == DiffSettings() and HistorySettings.resolve(None) == HistorySettings()


@pytest.mark.parametrize("cls, value, message", [
    (Settings, {"extrct": {}}, r"unknown setting: extrct; known: extract, link, normalize"),
    (Settings, {"extract": {"snap_tolerance": 4}}, r"unknown extract setting: extract\.snap_tolerance; known: .*edge_snap"),
    (DiffSettings, {"extract": {"normalize": {"cutoff": 1}}},
     r"unknown extract\.normalize setting: extract\.normalize\.cutoff; known: .*header_cutoff"),
    (CompareSettings, {"levels": {"low": 1}}, r"levels\.low; known: low_max, medium_max"),
    (HistorySettings, {"chain": {"words": 1}}, r"chain\.words; known: same_context, short_event_words, stem_letters"),
    (Settings, {"extract": {"line_tolerance": "wide"}}, r'extract\.line_tolerance must be a number, not "wide"'),
    (Settings, {"extract": {"min_rows": 2.5}}, r"extract\.min_rows must be a whole number, not 2\.5"),
    (Settings, {"extract": {"engine": 3}}, r"extract\.engine must be text, not 3"),
    (Settings, {"normalize": {"templates": "a.toml"}}, r"normalize\.templates must be a list of text"),
    (Settings, {"extract": 3}, r"extract: expected a table of settings"),
    (Settings, {"extract": {"engine": "tabula"}}, r"extract: unknown engine 'tabula'"),
    (Settings, {"extract": {"table_settings": {"snap": 1}}},
     r"unknown pdfplumber table setting: extract\.table_settings\.snap; known: .*snap_tolerance"),
    (Settings, {"extract": {"table_settings": {"snap_tolerance": -1}}}, r"snap_tolerance' cannot be negative"),
    (CompareSettings, {"levels": {"low_max": 12, "medium_max": 11}}, r"levels: levels must satisfy"),
])
def test_bad_keys_and_values_are_named(cls, value, message):
    with pytest.raises(SettingsError, match=message):
        cls.resolve(value)


def test_settings_stay_frozen_and_travel():
    import dataclasses
    import json
    import pickle
    s = Settings.resolve({"extract": {"table_settings": {"snap_tolerance": 4}}})
    with pytest.raises(TypeError):
        s.extract.table_settings["snap_tolerance"] = 5
    assert pickle.loads(pickle.dumps(s)) == s  # to worker processes
    assert hash(s.extract) == hash(pickle.loads(pickle.dumps(s.extract)))
    assert '"snap_tolerance": 4' in json.dumps(dataclasses.asdict(s))  # batch's reading key


def test_assignments_are_toml_values_over_the_file(tmp_path):
    assert parse_assignment("extract.edge_snap=2") == (["extract", "edge_snap"], 2)
    assert parse_assignment("extract.engine=camelot") == (["extract", "engine"], "camelot")
    assert parse_assignment('normalize.templates=["a.toml"]') == (["normalize", "templates"], ["a.toml"])
    assert parse_assignment("extract.table_settings.snap_tolerance = 4.5")[1] == 4.5
    with pytest.raises(SettingsError, match="STAGE.NAME=VALUE"):
        parse_assignment("edge_snap=2")
    (tmp_path / "s.toml").write_text('[extract]\nedge_snap = 3\ntable_settings = { snap_tolerance = 4 }\n'
                                     '[normalize]\ntemplates = ["ours.toml"]\n', encoding="utf-8")
    data = gather([tmp_path / "s.toml"], ["extract.table_settings.join_tolerance=5", "extract.edge_snap=1"])
    assert data["extract"] == {"edge_snap": 1, "table_settings": {"snap_tolerance": 4, "join_tolerance": 5}}
    assert data["normalize"]["templates"] == [str(tmp_path / "ours.toml")]  # beside the settings file
    with pytest.raises(SettingsError, match="unknown settings stage: extrakt; known: extract, normalize"):
        gather([], ["extrakt.edge_snap=1"])
    with pytest.raises(SettingsError, match="riskreg extract runs no pair stage; its stages: extract, normalize, link"):
        gather([], ["pair.threshold=80"], "extract")


# --- a setting changes what is read (it is wired) ----------------------------------------------

def _read(pdf: str, settings=None):
    register = extract(SAMPLES / pdf, settings=Settings.resolve(settings), lang="en")
    return register, register.files.iloc[0]


def test_extract_settings_reach_the_table_readers():
    register, _ = _read("farsta_2021_continued_unruled.pdf")
    assert len(register.risks) == 92
    # its pages 3 on go on without their header: read with the columns of the page before only
    # when their text starts where those columns start, within unruled_align_tolerance
    register, _ = _read("farsta_2021_continued_unruled.pdf", {"extract": {"unruled_align_tolerance": 0}})
    assert len(register.risks) < 92
    # farsta's rows cut at the page end are closed where >= open_end_min_rules rules start
    register, _ = _read("farsta_2021_continued.pdf", {"extract": {"open_end_min_rules": 100}})
    assert len(register.risks) < 92
    register, _ = _read("sjovik_2024_internkontrollplan.pdf", {"extract": {"edge_snap": 40}})
    assert list(register.problems["code"]) == ["no_register_table"]


def test_pdfplumber_table_settings_reach_the_finder():
    from riskreg.normalize import NormalizeSettings
    from riskreg.pipeline import register_header_matcher
    path, matcher = SAMPLES / "sjovik_2024_internkontrollplan.pdf", register_header_matcher(NormalizeSettings())
    assert all(t.ruled for t in read_document(path, header_matcher=matcher).tables)
    # no drawn line is 10000 pt long: pdfplumber finds no ruled table and the alignment reader reads them
    doc = read_document(path, {"table_settings": {"edge_min_length": 10000}}, header_matcher=matcher)
    assert doc.tables and not any(t.ruled for t in doc.tables)


def test_word_list_settings_reach_the_word_mending():
    _, before = _read("kungsholmen_2017_narrow.pdf")
    _, after = _read("kungsholmen_2017_narrow.pdf", {"extract": {"join_margin": 10}})
    assert before.uncertain_cells == 3 and after.uncertain_cells > 3  # no reading wins by 10 words


def test_normalize_settings_reach_stitching_and_the_audit():
    # farsta's continuation pages are tables without a header whose columns line up within column_tolerance
    register, files = _read("farsta_2021_continued.pdf", {"normalize": {"column_tolerance": 0, "quote_words": 2}})
    assert len(register.risks) < 92 and files.coverage < 1
    quoted = [m for m in register.problems["message"] if "in no cell of the register" in m]
    assert quoted and all(re.search(r": '\S+ \S+ …'\.", m) for m in quoted)


def test_link_settings_reach_the_linking():
    register, _ = _read("enskede_2023_ruled.pdf", {"link": {"threshold": 100.5}})
    assert register.controls["risk_nr"].isna().all()
    assert (register.problems["code"] == "control_not_linked").sum() == len(register.controls) == 17


# --- the command line ----------------------------------------------------------------------------

def _args(command: str, out: Path) -> list[str]:
    pdf = str(SAMPLES / "sjovik_2024_internkontrollplan.pdf")
    two = [str(SAMPLES / "hagersten_liljeholmen_2020.pdf"), str(SAMPLES / "hagersten_liljeholmen_2021.pdf")]
    return {"extract": ["extract", pdf, "--no-progress", "--workers", "1"], "debug": ["debug", pdf],
            "diff": ["diff", *two], "compare": ["compare", pdf], "history": ["history", *two],
            "report": ["report", *two]}[command] + [
        "--out", str(out)]


def test_every_command_that_reads_pdfs_has_the_options():
    from riskreg.cli import cli as group
    reading = {name for name, c in group.commands.items() if any(p.name == "password" for p in c.params)}
    assert reading == set(COMMAND_STAGES)
    for name in reading:
        assert {"settings_file", "assignments"} <= {p.name for p in group.commands[name].params}


@pytest.mark.parametrize("command", sorted(COMMAND_STAGES))
@pytest.mark.parametrize("bad, says", [
    (["-s", "extract.snap_tolerance=4"], "unknown extract setting: extract.snap_tolerance; known: "),
    (["-s", "extract.line_tolerance=wide"], 'extract.line_tolerance must be a number, not "wide"'),
    (["-s", "edge_snap"], "write STAGE.NAME=VALUE"),
    (["--settings", "{file}"], "unknown normalize setting: normalize.header_cut; known: column_inset"),
])
def test_a_bad_setting_is_a_one_line_usage_error(tmp_path, command, bad, says):
    (tmp_path / "bad.toml").write_text("[normalize]\nheader_cut = 70\n", encoding="utf-8")
    out = tmp_path / "out"
    args = _args(command, out) + [b.replace("{file}", str(tmp_path / "bad.toml")) for b in bad]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ") and says in result.output
    assert not out.exists()  # nothing written


def test_a_stage_the_command_does_not_run_is_named(tmp_path):
    result = CliRunner().invoke(cli, _args("extract", tmp_path / "out") + ["-s", "pair.threshold=80"])
    assert result.exit_code == 2
    assert "riskreg extract runs no pair stage; its stages: extract, normalize, link" in result.output


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_settings_file_on_extract(tmp_path):
    pdf = str(SAMPLES / "farsta_2021_continued_unruled.pdf")
    (tmp_path / "s.toml").write_text("[extract]\nunruled_align_tolerance = 0\n", encoding="utf-8")
    runner = CliRunner()
    runner.invoke(cli, ["extract", pdf, "--out", str(tmp_path / "a"), "--workers", "1", "--no-progress"])
    runner.invoke(cli, ["extract", pdf, "--out", str(tmp_path / "b"), "--workers", "1", "--no-progress",
                        "--settings", str(tmp_path / "s.toml")])
    # -s lays its value over the file's: the default again
    runner.invoke(cli, ["extract", pdf, "--out", str(tmp_path / "c"), "--workers", "1", "--no-progress",
                        "--settings", str(tmp_path / "s.toml"), "-s", "extract.unruled_align_tolerance=1.5"])
    a, b, c = (len(_rows(tmp_path / d / "risks.csv")) for d in "abc")
    assert a == c == 92 and b < 92


def test_settings_file_on_extract_and_the_typed_option_wins(tmp_path):
    (tmp_path / "s.toml").write_text('[extract]\nreader = "pdfminer"\n', encoding="utf-8")
    pdf = str(SAMPLES / "sjovik_2024_internkontrollplan.pdf")
    for out, more in (("a", []), ("b", ["--reader", "pdfium"])):
        CliRunner().invoke(cli, ["extract", pdf, "--out", str(tmp_path / out), "--workers", "1", "--no-progress",
                                 "--settings", str(tmp_path / "s.toml"), *more])
    assert [_rows(tmp_path / d / "files.csv")[0]["reader"] for d in "ab"] == ["pdfminer", "pdfium"]


def test_settings_file_on_debug(tmp_path):
    (tmp_path / "s.toml").write_text("[extract]\nedge_snap = 40\n", encoding="utf-8")
    pdf = str(SAMPLES / "sjovik_2024_internkontrollplan.pdf")
    plain = CliRunner().invoke(cli, ["debug", pdf, "--out", str(tmp_path / "a"), "--lang", "en"])
    snapped = CliRunner().invoke(cli, ["debug", pdf, "--out", str(tmp_path / "b"), "--lang", "en",
                                       "--settings", str(tmp_path / "s.toml")])
    assert plain.exit_code == snapped.exit_code == 0, snapped.output
    assert "(0 ignored)" in plain.output and "(2 ignored)" in snapped.output  # cells snapped into one


def test_settings_file_on_diff(tmp_path):
    # by_place off: the settings file's thresholds alone decide which texts pair
    (tmp_path / "s.toml").write_text("[pair]\nthreshold = 100\nmin_event_similarity = 100\nby_place = false\n",
                                     encoding="utf-8")
    args = _args("diff", tmp_path / "a")
    assert CliRunner().invoke(cli, args).exit_code == 0
    strict = _args("diff", tmp_path / "b") + ["--settings", str(tmp_path / "s.toml")]
    assert CliRunner().invoke(cli, strict).exit_code == 0
    typed = _args("diff", tmp_path / "c") + ["--settings", str(tmp_path / "s.toml"), "--threshold", "76"]
    assert CliRunner().invoke(cli, typed).exit_code == 0
    new = [sum(r["change"] == "new" for r in _rows(tmp_path / d / "diff.csv")) for d in "abc"]
    # only identical texts pair at 100; --threshold typed wins over the file's threshold, while
    # the file's min_event_similarity still holds
    assert new[0] < new[2] < new[1]


def test_settings_file_on_compare(tmp_path):
    (tmp_path / "s.toml").write_text("[levels]\nlow_max = 20\nmedium_max = 24\n", encoding="utf-8")
    CliRunner().invoke(cli, _args("compare", tmp_path / "a"))
    CliRunner().invoke(cli, _args("compare", tmp_path / "b") + ["--settings", str(tmp_path / "s.toml")])
    a, b = (_rows(tmp_path / d / "profile.csv")[0] for d in "ab")
    assert int(a["low"]) < int(a["risks"]) and b["low"] == b["risks"] == a["risks"]  # every risk low


def test_settings_file_on_history(tmp_path):
    (tmp_path / "s.toml").write_text("[pair]\nthreshold = 100\nmin_event_similarity = 100\n", encoding="utf-8")
    CliRunner().invoke(cli, _args("history", tmp_path / "a"))
    CliRunner().invoke(cli, _args("history", tmp_path / "b") + ["--settings", str(tmp_path / "s.toml")])
    keys = [len({r["risk_key"] for r in _rows(tmp_path / d / "history.csv")}) for d in "ab"]
    assert keys[0] < keys[1]  # fewer risks followed from 2020 to 2021: more keys


def test_audit_settings_reach_the_audit():
    """column_inset and min_header_piece, on test_audit's hand-made tables."""
    from test_audit import ROW_2, VOR_HEADER, problems, table

    from riskreg.extract.model import Document, TextRow
    from riskreg.normalize import NormalizeSettings, assemble_tables, build_risks
    from riskreg.normalize.audit import audit_words, header_words_in_rows

    # a row outside the table whose runs start 3, 4 and 3 pt right of three column edges: a
    # register row when a cell's padding (column_inset) may be 4 pt, not when it may be 3
    doc = Document("test.pdf", 2, [table(1, [VOR_HEADER, ROW_2])], [], rows_outside=[
        TextRow(2, 60.0, [(303.0, 320.0, "3"), (404.0, 480.0, "Brand i kök"), (603.0, 640.0, "4. Sannolikt")])])
    logical = assemble_tables(doc)
    for t in logical:
        build_risks(t, "test.pdf", [])
    assert [p for p, _ in problems(audit_words(doc, logical, "test.pdf", {"column_inset": 4.0}))] == [2]
    assert problems(audit_words(doc, logical, "test.pdf", {"column_inset": 3.0})) == []
    # "KF:s" (4 letters) at a cell's end counts as a piece of the header "KF:s mål" from min_header_piece 4
    (t,) = assemble_tables(Document("t.pdf", 1, [table(1, [VOR_HEADER, ROW_2])], []))
    t.rows[0].slots["goal"].text = "Budgetar KF:s"
    t.rows[0].slots["event"].text = "händelse Fel i attest"
    assert header_words_in_rows(t) == []
    assert header_words_in_rows(t, settings=NormalizeSettings(min_header_piece=4)) == [(1, ["KF:s", "händelse"])]


def test_word_list_settings_reach_the_lexicon():
    from riskreg.extract.lexicon import join_verdict, word_cost
    assert word_cost("xqz") == 4.5 and word_cost("xqz", ExtractSettings(letter_cost=5.0)) == 15.0  # no word covers them
    assert join_verdict("barnomsorgs", "garantin") is True
    assert join_verdict("barnomsorgs", "garantin", settings=ExtractSettings(join_margin=5.0)) is None
    assert join_verdict("barnomsorgs", "garantin", settings=ExtractSettings(min_part=12)) is not True


def test_templates_from_the_settings_file(tmp_path):
    """A settings file's templates are read from its folder; a template that cannot be read is a
    usage error before anything is written."""
    (tmp_path / "bad.toml").write_text("name = 3\n", encoding="utf-8")
    (tmp_path / "s.toml").write_text('[normalize]\ntemplates = ["bad.toml"]\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, _args("extract", out) + ["--settings", str(tmp_path / "s.toml")])
    assert result.exit_code == 2 and "bad.toml" in result.output and not out.exists()
