"""Swedish by default, English on request (issue 28, item 1).

Every msgid in riskreg's source (read with ast, as babel.cfg's extractor reads it, so calls
inside f-strings count) must have a Swedish msgstr in riskreg.po with the same placeholders, and
the compiled riskreg.mo riskreg reads at run time must give it: a message added without a
translation, or a .po edited without `make messages`, fails here.
"""
from __future__ import annotations

import configparser
import gettext
import io
import re
import threading
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

import riskreg
from riskreg import i18n
from riskreg.cli import cli
from riskreg.i18n import _, extract_messages, language_from_env, swedish_heading, use_language

from golden import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "riskreg" / "locale" / "sv" / "LC_MESSAGES" / "riskreg.po"
MO = PO.with_suffix(".mo")
OLD, NEW = SAMPLES / "hagersten_liljeholmen_2020.pdf", SAMPLES / "hagersten_liljeholmen_2021.pdf"


def source_msgids(files) -> set:
    """Every msgid (a string, or (singular, plural)) the extractor finds in ``files``."""
    found = set()
    for path in files:
        for _line, _function, message, _comments in extract_messages(io.BytesIO(Path(path).read_bytes())):
            found.add(message)
    return found


def untranslated(msgids: set, catalog) -> list:
    """The msgids without a Swedish msgstr (empty, fuzzy or missing), or whose msgstr's
    {placeholders} differ from the msgid's."""
    bad = []
    for msgid in sorted(msgids, key=str):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        entry = catalog.get(key)
        strings = [] if entry is None else list(entry.string) if isinstance(entry.string, tuple) else [entry.string]
        ids = list(msgid) if isinstance(msgid, tuple) else [msgid]
        fields = set(re.findall(r"\{(\w*)\}", " ".join(ids)))
        if (entry is None or entry.fuzzy or not strings or not all(strings)
                or any(set(re.findall(r"\{(\w*)\}", s)) != fields for s in strings)):
            bad.append(msgid)
    return bad


def test_every_message_in_the_code_has_a_swedish_translation():
    msgids = source_msgids((ROOT / "riskreg").rglob("*.py"))
    assert len(msgids) > 150  # the reports, the terminal and the Datasette metadata
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="sv")
    assert untranslated(msgids, catalog) == []
    # and the compiled catalogue riskreg reads says the same (riskreg.mo compiled after the last edit)
    with MO.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = [m for m in msgids if isinstance(m, str) and mo.gettext(m) != catalog.get(m).string]
    assert stale == [], "riskreg.mo is older than riskreg.po: run make messages"


def test_the_check_finds_a_message_without_translation(tmp_path):
    """The check can fail: a new msgid, one inside an f-string, and a translation that drops a
    placeholder are each caught."""
    code = tmp_path / "new.py"
    code.write_text('x = _("A message no one translated")\n'
                    'y = f"<h2>{_(\'Risk register diff\')}</h2>"\n'
                    'z = ngettext("{n} error", "{n} errors", 2)\n', encoding="utf-8")
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="sv")
    found = source_msgids([code])
    assert found == {"A message no one translated", "Risk register diff", ("{n} error", "{n} errors")}
    assert untranslated(found, catalog) == ["A message no one translated"]
    catalog.get("Risk register diff").string = "Förändringar {old}"
    assert untranslated({"Risk register diff"}, catalog) == ["Risk register diff"]


def test_package_data_ships_the_compiled_catalogue():
    """`pip install` (a fresh clone, not editable) takes riskreg.mo along: setup.cfg's package_data."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    patterns = config["options.package_data"]["riskreg"].split()
    rel = MO.relative_to(ROOT / "riskreg")
    assert any(rel.match(p) for p in patterns)


@pytest.mark.parametrize("env, lang", [
    ({}, "sv"), ({"LANG": "C.UTF-8"}, "sv"), ({"LANG": "en_GB.UTF-8"}, "en"), ({"LANG": "sv_SE.UTF-8"}, "sv"),
    ({"LANG": "de_DE.UTF-8"}, "sv"), ({"LANGUAGE": "en:sv", "LANG": "sv_SE.UTF-8"}, "en"),
    ({"LC_ALL": "sv_FI.UTF-8", "LANG": "en_US.UTF-8"}, "sv"), ({"LC_MESSAGES": "en_US", "LANG": "sv_SE"}, "en"),
    ({"LANGUAGE": "", "LANG": "en_US"}, "en"),
])
def test_the_locale_picks_the_language_as_gettext_does(env, lang):
    assert language_from_env(env) == lang


def test_a_language_is_set_for_a_block_and_does_not_leak():
    assert _("Changes") == "Förändringar"
    with use_language("en"):
        assert _("Changes") == "Changes"
        seen = {}
        thread = threading.Thread(target=lambda: seen.update(lang=i18n.current_language()))
        thread.start()
        thread.join()
        assert seen["lang"] == "sv"  # another thread (another API call) keeps its own language
    assert _("Changes") == "Förändringar"
    with pytest.raises(ValueError, match="sv or en"):
        with use_language("de"):
            pass


def test_swedish_headings_for_the_xlsx_writer():
    assert [swedish_heading(c) for c in ("event", "probability", "responsible", "coverage", "control")] == [
        "Oönskad händelse", "Sannolikhet", "Ansvarig", "Täckning", "Kontrollmoment"]
    assert swedish_heading("a_column_added_later") == "a_column_added_later"


def test_datasette_metadata_in_both_languages():
    from riskreg.write.sqlite import metadata
    sv, en = metadata(True), metadata(True, lang="en")
    assert sv["databases"]["register"]["tables"]["risks"]["description"].startswith("En rad per risk i en")
    assert en["databases"]["register"]["tables"]["risks"]["description"].startswith("One row per risk of a")
    assert sv["databases"]["register"]["tables"]["files"]["columns"]["year"] == "planår för dokumentets risker"


@pytest.fixture(scope="module")
def registers(tmp_path_factory):
    out = tmp_path_factory.mktemp("regs")
    for pdf in (OLD, NEW):
        riskreg.write_register(riskreg.extract_register(pdf), out / pdf.stem)
    return out


def test_diff_is_swedish_by_default_and_english_with_lang_en(registers, tmp_path):
    """The done-when: `riskreg diff` of two samples writes a Swedish diff.html by default and an
    English one with --lang en; the terminal summary follows."""
    args = ["diff", str(registers / OLD.stem), str(registers / NEW.stem)]
    sv = CliRunner(env={"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}).invoke(
        cli, [*args, "--out", str(tmp_path / "sv")])
    en = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "en"), "--lang", "en"])
    assert sv.exit_code == 0 and en.exit_code == 0, (sv.output, en.output)
    assert "86 parade (65 oförändrade, 8 omformulerade, 9 med ny bedömning, 2 flyttade" in sv.output
    assert "6 nya, 5 borttagna" in sv.output and "Skrev diff.csv" in sv.output
    assert "86 paired (65 unchanged, 8 reworded, 9 rescored, 2 moved" in en.output
    page_sv = (tmp_path / "sv" / "diff.html").read_text(encoding="utf-8")
    page_en = (tmp_path / "en" / "diff.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in page_sv and '<html lang="en">' in page_en
    for swedish, english in [("<h1>Förändringar i riskregistret</h1>", "<h1>Risk register diff</h1>"),
                             ("Nya risker (6)", "New risks (6)"), ("Borttagna risker (5)", "Removed risks (5)"),
                             ("<th>Typ av förändring</th>", "<th>Kind of change</th>"),
                             ("Alla underlag lästes in i sin helhet", "Every input was read whole")]:
        assert swedish in page_sv and swedish not in page_en
        assert english in page_en and english not in page_sv
    # the data stays the same: diff.csv's columns are the schema's identifiers in both languages
    assert (tmp_path / "sv" / "diff.csv").read_bytes() == (tmp_path / "en" / "diff.csv").read_bytes()


def test_the_locale_gives_the_cli_its_default(registers, tmp_path):
    args = ["diff", str(registers / OLD.stem), str(registers / NEW.stem), "--out", str(tmp_path)]
    english = CliRunner(env={"LANGUAGE": None, "LC_ALL": None, "LANG": "en_GB.UTF-8"}).invoke(cli, args)
    assert "86 paired" in english.output
    swedish = CliRunner(env={"LANGUAGE": None, "LC_ALL": None, "LANG": "en_GB.UTF-8"}).invoke(
        cli, [*args, "--lang", "sv"])
    assert "86 parade" in swedish.output
    # the command's language does not stay behind for the next API call
    assert _("Changes") == "Förändringar"


def test_api_takes_lang(registers):
    d = riskreg.diff_registers(registers / OLD.stem, registers / NEW.stem)
    assert d.summary().startswith("91 risker i ") and d.summary(lang="en").startswith("91 risks in ")


def test_a_usage_error_after_lang_leaves_the_language_as_it_was():
    # click closes no context whose arguments failed to parse: a language entered while parsing
    # would stay set for the rest of the process (every later report in English)
    from click.testing import CliRunner
    from riskreg.cli import cli
    from riskreg.i18n import current_language
    result = CliRunner().invoke(cli, ["extract", "samples", "--lang", "en", "--workers", "-1"])
    assert result.exit_code == 2
    assert current_language() == "sv"
