"""The manual (README.md and docs/*.md): its schema tables are the ones generated from
riskreg.schema, the README starts with the two commands, and every relative link resolves."""
from pathlib import Path

import pytest

from riskreg.docs import DOCS, GENERATED, anchors, broken_links, generated_block, github_slug, schema_markdown

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README] + sorted(DOCS.glob("*.md"))


def test_docs_schema_matches_code():
    assert generated_block("schema") == schema_markdown()


def test_a_drifted_table_is_seen_and_rewritten(tmp_path):
    # a check on the check: a table edited by hand differs from the generated one, and
    # `python -m riskreg.docs --write` puts the generated one back between the markers only
    from riskreg.docs import write_generated
    for page, _ in GENERATED.values():
        (tmp_path / page).write_text((DOCS / page).read_text(encoding="utf-8"), encoding="utf-8")
    text = (tmp_path / "schema.md").read_text(encoding="utf-8")
    (tmp_path / "schema.md").write_text(text.replace("| `event` | string |", "| `event` | Int64 |", 1),
                                        encoding="utf-8")
    assert generated_block("schema", tmp_path) != schema_markdown()
    assert write_generated(tmp_path) == ["schema"]
    assert (tmp_path / "schema.md").read_text(encoding="utf-8") == text


def test_readme_starts_with_the_two_commands():
    head = "\n".join(README.read_text(encoding="utf-8").splitlines()[:12])
    assert "make demo" in head and "make test" in head


def test_readme_is_short_and_links_every_page_of_the_manual():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150
    pages = sorted(p.name for p in DOCS.glob("*.md"))
    assert len(pages) >= 10 and [p for p in pages if f"](docs/{p}" not in text] == []


def test_every_relative_link_resolves():
    assert len(PAGES) > 10
    assert broken_links(PAGES) == []


def test_the_pictures_are_small():
    pictures = sorted((DOCS / "images").glob("*.png"))
    assert len(pictures) >= 4
    assert [p.name for p in pictures if p.stat().st_size >= 150_000] == []
    linked = "".join(p.read_text(encoding="utf-8") for p in PAGES)
    assert [p.name for p in pictures if f"(images/{p.name})" not in linked] == []


@pytest.mark.parametrize("heading, slug", [
    ("Scanned registers (OCR)", "scanned-registers-ocr"),
    ("The word audit and `files.csv`", "the-word-audit-and-filescsv"),
    ("riskreg's manual", "riskregs-manual"),
    ("Vård- och omsorgsnämnden: Åtgärd (Ja/Nej)", "vård--och-omsorgsnämnden-åtgärd-janej"),
    ("[`riskreg debug`](cli.md#riskreg-debug) and_more", "riskreg-debug-and_more"),
])
def test_github_slugs(heading, slug):
    assert github_slug(heading) == slug


def test_the_link_check_finds_broken_links(tmp_path):
    # a check on the check: a missing file, a missing heading (also in another page), and a
    # repeated heading's second anchor; links in code blocks and to the web are not files
    (tmp_path / "other.md").write_text("# Other page\n\n## Åtgärder i plan\n\n## Åtgärder i plan\n",
                                       encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("# Page\n\n## Two words\n\n"
                    "[ok](other.md) [ok](other.md#åtgärder-i-plan) [ok](other.md#åtgärder-i-plan-1) "
                    "[ok](#two-words) ![ok](other.md) [web](https://example.org/x.md#nowhere)\n"
                    "[missing file](nowhere.md) [missing heading](other.md#atgarder-i-plan)\n"
                    "[missing here](#two_words) [also](other.md#åtgärder-i-plan-2)\n\n"
                    "```\n[in code](not-checked.md)\n```\n", encoding="utf-8")
    assert anchors(page.read_text(encoding="utf-8")) == {"page", "two-words"}
    assert broken_links([page]) == [
        "page.md: nowhere.md: no file nowhere.md",
        "page.md: other.md#atgarder-i-plan: no heading #atgarder-i-plan in other.md",
        "page.md: #two_words: no heading #two_words in page.md",
        "page.md: other.md#åtgärder-i-plan-2: no heading #åtgärder-i-plan-2 in other.md",
    ]
