"""One registry of problem codes (riskreg.problems): the code uses only its codes, docs/problems.md's table
is generated from it, a missing file is not_found everywhere, and compare exits 1 like extract."""
import ast
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import riskreg
from riskreg.cli import cli
from riskreg.docs import generated_block, problems_markdown
from riskreg.errors import NotFound, RiskregError
from riskreg.pipeline import extract_file, read_file
from riskreg.problems import CODES
from riskreg.schema import Problem

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for p in sorted((ROOT / "riskreg").rglob("*.py")) if p.name != "problems.py"]
SAMPLE = ROOT / "samples" / "farsta_2022.pdf"
# where each function that makes a problem row takes its code, by position
CODE_ARGUMENT = {"Problem": 3, "_problem": 2, "_failed": 1, "failed": 0, "warn": 0}


def test_docs_problem_table_is_the_registry():
    assert generated_block("problems") == problems_markdown()
    for code in CODES:
        assert f"| `{code}` |" in problems_markdown()


def test_a_problem_with_an_unregistered_code_or_severity_is_refused():
    with pytest.raises(ValueError, match="not in riskreg.problems"):
        Problem("x.pdf", None, "warning", "something_new", "A code nobody registered.")
    with pytest.raises(ValueError, match="registered as error"):
        Problem("x.pdf", None, "warning", "damaged_pdf", "A damaged PDF is an error, not a warning.")
    with pytest.raises(ValueError, match="not in riskreg.problems"):
        type("Unregistered", (RiskregError,), {"code": "made_up"})


def _code_expressions():
    """(file, line, node) of every code the source gives a problem row or an error class."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name not in CODE_ARGUMENT:
                    continue
                given = [k.value for k in node.keywords if k.arg == "code"]
                if not given and len(node.args) > CODE_ARGUMENT[name]:
                    given = [node.args[CODE_ARGUMENT[name]]]
                for value in given:
                    yield path.name, node.lineno, value
            elif isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if (isinstance(stmt, ast.Assign) and [getattr(t, "id", None) for t in stmt.targets] == ["code"]):
                        yield path.name, stmt.lineno, stmt.value


def _pattern(node) -> re.Pattern | None:
    """A literal code as itself; an f-string as a pattern (its fields any word); else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.compile(re.escape(node.value))
    if isinstance(node, ast.JoinedStr):
        return re.compile("".join(re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z_]+"
                                  for v in node.values))
    return None


def test_every_code_in_the_source_is_registered_and_every_registered_code_is_used():
    found = list(_code_expressions())
    assert len(found) > 20  # the scan sees the code's problem rows and error classes
    used = set()
    for name, line, node in found:
        pattern = _pattern(node)
        if pattern is None:
            continue  # a variable: passed on from a registered code (the runtime check covers it)
        matching = {c for c in CODES if pattern.fullmatch(c)}
        assert matching, f"{name}:{line}: code {ast.unparse(node)} is not registered in riskreg.problems"
        used |= matching
    # codes handed on in other shapes (a table's doubts) are at least written in the source
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in CODES:
                used.add(node.value)
    assert set(CODES) - used == set(), "registered but never given (dead entries)"


def test_a_missing_file_is_not_found_through_the_api_and_the_cli(tmp_path):
    missing = tmp_path / "borta.pdf"
    assert [(p.severity, p.code) for p in read_file(missing).problems] == [("error", "not_found")]
    api = riskreg.extract_register([missing])
    assert list(api.problems["code"]) == ["not_found"]
    with pytest.raises(NotFound):
        extract_file(missing)
    result = CliRunner().invoke(cli, ["extract", str(missing), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    cli_problems = (tmp_path / "out" / "problems.csv").read_text(encoding="utf-8")
    assert ",not_found," in cli_problems
    assert list(api.problems["message"]) == [NotFound.missing(missing).message]
    assert NotFound.missing(missing).message in cli_problems


def test_compare_exits_1_when_an_input_was_not_read_as_extract_does(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "farsta_2022.pdf").write_bytes(SAMPLE.read_bytes())
    (folder / "trasig.pdf").write_bytes(SAMPLE.read_bytes()[:5000])
    result = CliRunner().invoke(cli, ["compare", str(folder), "--out", str(tmp_path / "c")])
    assert result.exit_code == 1, result.output
    assert (tmp_path / "c" / "profile.csv").exists()  # the rest is still compared
    assert "trasig.pdf" in (tmp_path / "c" / "problems.csv").read_text(encoding="utf-8")
    (folder / "trasig.pdf").unlink()
    assert CliRunner().invoke(cli, ["compare", str(folder), "--out", str(tmp_path / "c2")]).exit_code == 0
