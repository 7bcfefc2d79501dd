"""The README documents the CLI the code has, as sqlite-utils checks its docs in CI.

Every command has a synopsis in the README (a code block whose first line is
``riskreg COMMAND ...``) naming every option of the command, and every
command's ``--help`` shows an example (a line starting ``riskreg COMMAND``).
The commands and options are read from the click objects, so a new option
without its documentation fails here. The README's Python blocks run as written,
from a folder holding the samples.
"""
from __future__ import annotations

import csv
import re
import warnings
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from riskreg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
COMMANDS = sorted(cli.commands)


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
def test_readme_has_a_synopsis_naming_every_option(command):
    block = synopsis(command, README.read_text(encoding="utf-8"))
    assert block is not None, f"README has no code block starting 'riskreg {command}'"
    missing = [o for o in option_names(cli.commands[command]) if not mentions(block, o)]
    assert not missing, f"README's synopsis of riskreg {command} lacks {missing}"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    examples = [line for line in result.output.splitlines() if line.strip().startswith(f"riskreg {command}")]
    assert examples, f"riskreg {command} --help has no example line 'riskreg {command} ...'"


def test_every_synopsis_in_the_readme_is_a_command():
    named = {m.group(1) for block in code_blocks(README.read_text(encoding="utf-8"))
             if (m := re.match(r"riskreg (\w[\w-]*) [A-Z\[]", block))}
    assert named and named <= set(COMMANDS), named - set(COMMANDS)


def test_the_checks_catch_what_is_missing():
    text = "```\nriskreg debug PDF [--pages 2,3] [--out DIR]\n```\n"
    assert synopsis("debug", text) is not None and synopsis("diff", text) is None
    assert mentions(synopsis("debug", text), "--out") and not mentions("--output", "--out")
    assert "--no-progress" in option_names(cli.commands["extract"])


def test_readme_python_blocks_run(tmp_path, monkeypatch):
    """Every ```python block, in order, in one namespace, from a folder as the repository's root
    is: samples/, and ours.toml holding the README's complete template (as its text says).
    Calling riskreg's old function names is an error here: the README shows the new ones."""
    text = README.read_text(encoding="utf-8")
    blocks = code_blocks(text, "python")
    assert blocks, "README has no ```python block"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    (tmp_path / "ours.toml").write_text(code_blocks(text, "toml")[0], encoding="utf-8")
    space: dict = {"__name__": "__main__"}
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*is deprecated and goes in the next release",
                                category=DeprecationWarning)
        for number, block in enumerate(blocks, 1):
            exec(compile(block, f"README.md (python block {number})", "exec"), space)
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
