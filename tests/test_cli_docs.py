"""The manual documents the CLI the code has, as sqlite-utils checks its docs in CI.

Every command has a synopsis in docs/cli.md (a code block whose first line is
``riskreg COMMAND ...``) naming every option of the command, the README lists
every command with an example, and every command's ``--help`` shows an example
(a line starting ``riskreg COMMAND``). The commands and options are read from the
click objects, so a new option without its documentation fails here. The examples
of README.md and docs/*.md name only options their command has; those shown with
their output run and print it; their Python blocks run as written, from a folder
holding the samples.
"""
from __future__ import annotations

import csv
import glob
import re
import shlex
import warnings
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from riskreg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CLI_PAGE = ROOT / "docs" / "cli.md"
PAGES = [README] + sorted((ROOT / "docs").glob("*.md"))
COMMANDS = sorted(cli.commands)
# a code block's line starting with one of these is a command; other lines after a riskreg
# command, up to the next command, are what it prints
PROGRAMS = ("riskreg ", "pip ", "datasette ", "python ", "make ")


def code_blocks(text: str, language: str = "[^\n]*") -> list[str]:
    """The fenced code blocks of a Markdown text (those marked ``language``), without their fences."""
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.S | re.M)


def synopsis(command: str, text: str) -> str | None:
    """The README's code block that starts with ``riskreg COMMAND``: the command's usage."""
    for block in code_blocks(text):
        first = block.split("\n", 1)[0]
        if re.match(rf"riskreg {re.escape(command)}(\s|$)", first):
            return block
    return None


def option_names(command: click.Command) -> list[str]:
    """Each option as a user types it: its long names (both of a --x/--no-x flag), else its short one."""
    names = []
    for param in command.params:
        if not isinstance(param, click.Option) or param.hidden:
            continue
        given = param.opts + param.secondary_opts
        names += [n for n in given if n.startswith("--")] or given
    return names


def mentions(text: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def test_the_cli_has_the_commands_this_test_knows_of():
    # a check on the check: it must see the commands, or the tests below would pass on nothing
    assert {"extract", "diff", "compare", "debug"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_page_has_a_synopsis_naming_every_option(command):
    block = synopsis(command, CLI_PAGE.read_text(encoding="utf-8"))
    assert block is not None, f"docs/cli.md has no code block starting 'riskreg {command}'"
    missing = [o for o in option_names(cli.commands[command]) if not mentions(block, o)]
    assert not missing, f"docs/cli.md's synopsis of riskreg {command} lacks {missing}"


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_lists_every_command_with_an_example(command):
    text = README.read_text(encoding="utf-8")
    assert f"](docs/cli.md#riskreg-{command})" in text, f"README does not link riskreg {command}'s section"
    assert re.search(rf"^  `riskreg {re.escape(command)}( [^`]*)?`$", text, re.M), \
        f"README lists no example line of riskreg {command}"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    examples = [line for line in result.output.splitlines() if line.strip().startswith(f"riskreg {command}")]
    assert examples, f"riskreg {command} --help has no example line 'riskreg {command} ...'"


def test_every_synopsis_in_the_docs_is_a_command():
    named = {m.group(1) for page in PAGES for block in code_blocks(page.read_text(encoding="utf-8"))
             if (m := re.match(r"riskreg (\w[\w-]*) [A-Z\[]", block))}
    assert named and named <= set(COMMANDS), named - set(COMMANDS)


def test_the_checks_catch_what_is_missing():
    text = "```\nriskreg debug PDF [--pages 2,3] [--out DIR]\n```\n"
    assert synopsis("debug", text) is not None and synopsis("diff", text) is None
    assert mentions(synopsis("debug", text), "--out") and not mentions("--output", "--out")
    assert "--no-progress" in option_names(cli.commands["extract"])


def test_docs_python_blocks_run(tmp_path, monkeypatch):
    """Every ```python block of README.md, then of docs/*.md, in order, in one namespace, from a
    folder as the repository's root is: samples/, and ours.toml holding the complete template of
    docs/templates.md (as docs/api.md says). Calling riskreg's old function names is an error
    here: the manual shows the new ones."""
    blocks = [(page, block) for page in PAGES for block in code_blocks(page.read_text(encoding="utf-8"), "python")]
    assert {page.name for page, _ in blocks} >= {"README.md", "api.md"}, "a ```python block went missing"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    template = code_blocks((ROOT / "docs" / "templates.md").read_text(encoding="utf-8"), "toml")[0]
    (tmp_path / "ours.toml").write_text(template, encoding="utf-8")
    space: dict = {"__name__": "__main__"}
    seen: dict = {}
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*is deprecated and goes in the next release",
                                category=DeprecationWarning)
        for number, (page, block) in enumerate(blocks, 1):
            exec(compile(block, f"{page.name} (python block {number})", "exec"), space)
            seen.setdefault(page.name, space.get("register"))
    # what the API section's block makes, against the registers transcribed by hand (samples/expected)
    def rows(path: Path) -> int:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return len(list(csv.DictReader(fh)))

    def expected(name: str) -> int:
        return rows(ROOT / "samples" / "expected" / f"{name}.risks.csv")
    assert rows(tmp_path / "output" / "risks.csv") == expected("farsta_2022") + expected("farsta_2023")
    assert list(space["register"].files["source_file"]) == ["hagersten_liljeholmen_2022.pdf"]
    assert len(space["result"].risks) == expected("skarholmen_2021")
    for written in ("output/risks.csv", "output/files.csv", "diff/diff.csv", "compare/compare.html",
                    "history/history.csv", "history/register.db", "reg/.riskreg/manifest.json"):
        assert (tmp_path / written).exists(), written
    assert repr(space["settings"].link).startswith("LinkSettings(")
    # the README's block reads one sample
    assert len(seen["README.md"].risks) == expected("skarholmen_2021")


def examples(text: str) -> list[tuple[list[str], list[str]]]:
    """Each riskreg command of the text's code blocks (not a synopsis: a usage names its
    arguments in capitals) and of its indented inline-code lines, as words, with the lines
    a code block shows it printing."""
    found = []
    for block in code_blocks(text):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("riskreg ") or re.match(r"riskreg [\w-]+ [A-Z\[]", line):
                continue
            printed = []
            for after in lines[i + 1:]:
                if after.startswith(PROGRAMS):
                    break
                printed.append(after)
            parts = line.split("  #")[0].split("&&")  # a comment aside; the last command prints
            found += [(shlex.split(part), printed if last else []) for last, part in
                      zip([False] * (len(parts) - 1) + [True], parts)]
    found += [(shlex.split(m), []) for m in re.findall(r"^\s+`(riskreg [^`]*)`$", text, re.M)]
    return found


def unknown_options(words: list[str]) -> list[str]:
    """The options of an example its command does not have (or the command, when there is none)."""
    if len(words) < 2 or words[0] != "riskreg" or words[1] not in cli.commands:
        return [" ".join(words[:2])]
    known = {"--help"} | {o for p in cli.commands[words[1]].params for o in p.opts + p.secondary_opts}
    return [w for w in words[2:] if w.startswith("-") and w.split("=")[0] not in known]


def test_examples_name_only_options_their_command_has():
    every = [(page.name, words) for page in PAGES for words, _ in examples(page.read_text(encoding="utf-8"))]
    assert {words[1] for name, words in every if name == "cli.md"} == set(COMMANDS), "a command without example"
    wrong = [(name, " ".join(words), bad) for name, words in every if (bad := unknown_options(words))]
    assert wrong == []


def test_the_example_checks_catch_what_is_wrong():
    text = ("```\nriskreg diff OLD NEW [--out DIR]\nriskreg diff a.pdf b.pdf --outdir x  # wrong\n"
            "2 risks in a.pdf\nriskreg extract x/ && riskreg extract y.pdf -s a=1\n```\n"
            "- an item:\n  `riskreg compre samples/`\n")
    found = examples(text)
    assert found == [(["riskreg", "diff", "a.pdf", "b.pdf", "--outdir", "x"], ["2 risks in a.pdf"]),
                     (["riskreg", "extract", "x/"], []), (["riskreg", "extract", "y.pdf", "-s", "a=1"], []),
                     (["riskreg", "compre", "samples/"], [])]
    assert [unknown_options(words) for words, _ in found] == [["--outdir"], [], [], ["riskreg compre"]]


@pytest.mark.parametrize("page, words, printed", [
    (page.name, words, printed) for page in PAGES for words, printed in examples(page.read_text(encoding="utf-8"))
    if printed])
def test_examples_print_what_the_docs_show(page, words, printed, tmp_path, monkeypatch):
    """An example shown with its output runs on the samples and prints that output (whitespace
    aside: the manual wraps long lines), in English as the manual is written: its reader's
    locale is English (Swedish, the default, is tested in test_i18n.py)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    args = [match for w in words[1:] for match in (sorted(glob.glob(w)) if "*" in w else [w])]
    result = CliRunner(env={"LANGUAGE": "en"}).invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert " ".join(" ".join(printed).split()) in " ".join(result.output.split())
