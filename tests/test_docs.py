"""The README's schema tables are the ones generated from riskreg.schema."""
from pathlib import Path

from riskreg.docs import schema_markdown

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_schema_matches_code():
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- schema:start -->\n") + len("<!-- schema:start -->\n")
    end = text.index("<!-- schema:end -->")
    assert text[start:end] == schema_markdown()


def test_readme_starts_with_the_two_commands():
    head = "\n".join(README.read_text(encoding="utf-8").splitlines()[:12])
    assert "make demo" in head and "make test" in head
