"""Templates are data: the built-in TOML files give the header vocabulary and layouts."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskreg.cli import cli
from riskreg.normalize.headers import HEADER_ALIASES, header_template, match_header_row, table_kind
from riskreg.normalize.settings import NormalizeSettings
from riskreg.templates import (TemplateError, builtin_templates, choose_template, list_templates,
                               load_templates, read_template)

# the vocabulary riskreg had in code before templates were data (riskreg/normalize/headers.py)
OLD_ALIASES = {
    "goal": ["kf:s mål för verksamhetsområdet", "kf:s mål", "kfs mål", "kommunfullmäktiges mål",
             "mål för verksamhetsområdet", "mål"],
    "process": ["process", "processer"],
    "working_method": ["arbetssätt", "arbetsätt"],
    "risk_nr": ["nr", "risknr", "nummer"],
    "event": ["oönskad händelse", "oönskade händelser", "risk"],
    "probability": ["sannolikhet"],
    "consequence": ["konsekvens"],
    "risk_value": ["rv", "riskvärde", "risikvärde"],
    "in_ikp": ["ikp", "internkontrollplan"],
    "handling": ["hantera risk", "hantering"],
    "status_measure": ["status/åtgärd", "status åtgärd", "status"],
    "description": ["beskrivning"],
    "responsible": ["ansvarig", "ansvariga"],
    "systematic_control": ["systematisk kontroll", "systematiska kontroller"],
    "control_activity": ["kontrollaktivitet", "kontrollaktiviteter", "kontrollmoment"],
}

USER_TEMPLATE = """
name = "made_up"
title = "A made-up municipality"

[columns]
process = ["Verksamhetsområde"]
event = ["Identifierad fara"]
probability = ["Trolighet"]
consequence = ["Skadegrad"]
control_activity = ["Så kontrollerar vi"]

[rows]
anchors = ["probability"]
merged = ["process"]

[fields]
risk = ["process", "event", "probability", "consequence"]
control = ["control_activity"]
"""


def test_the_five_built_in_templates():
    names = [t.name for t in builtin_templates()]
    assert names == ["general_sv", "records_sv", "stockholm_ikp", "stockholm_uppfoljning", "stockholm_vor"]
    kinds = {t.name: t.kind() for t in builtin_templates()}
    assert kinds == {"general_sv": "combined", "records_sv": "combined", "stockholm_ikp": "ikp",
                     "stockholm_uppfoljning": "vor", "stockholm_vor": "vor"}
    assert [t.name for t in builtin_templates() if t.records is not None] == ["records_sv"]


def test_built_in_vocabulary_keeps_every_old_wording():
    for field, words in OLD_ALIASES.items():
        assert set(words) <= set(HEADER_ALIASES[field]), field


@pytest.mark.parametrize("text, field", [
    ("Riskbeskrivning", "event"), ("Risk", "event"), ("Händelse", "event"), ("S (1-4)", "probability"),
    ("K (1-4)", "consequence"), ("Risktal", "risk_value"), ("Riskpoäng", "risk_value"),
    ("Till plan", "in_ikp"), ("Åtgärd (Ja/Nej)", "in_ikp"), ("Metod", "method"), ("Frekvens", "frequency"),
    ("Rapporteras till", "report_to"), ("Rapportering", "report_to"), ("Område", "process"),
    ("Verksamhet", "process"), ("Process/område", "process"), ("Kontrollmoment", "control_activity"),
])
def test_general_swedish_words(text, field):
    assert match_header_row([text, "Sannolikhet", "Konsekvens", "Oönskad händelse"],
                            NormalizeSettings(min_header_columns=1)).get(0) == field


def test_stockholm_tables_follow_stockholm_templates():
    s = NormalizeSettings()
    vor = match_header_row(["KF:s mål", "Process", "Arbetssätt", "Nr", "Oönskad händelse", "Sannolikhet",
                            "Konsekvens", "RV", "IKP"], s)
    ikp = match_header_row(["Process", "Arbetssätt", "Systematisk kontroll", "Oönskad händelse",
                            "Kontrollaktivitet"], s)
    assert header_template(vor, s).name == "stockholm_vor"
    assert header_template(ikp, s).name == "stockholm_ikp"
    combined = match_header_row(["Process/område", "Risk", "S (1-4)", "K (1-4)", "Riskvärde", "Till plan",
                                 "Kontrollmoment", "Metod", "Frekvens", "Ansvarig", "Rapporteras till"], s)
    assert header_template(combined, s).name == "general_sv"


def test_a_combined_table_is_a_risk_table_not_controls():
    s = NormalizeSettings()
    combined = match_header_row(["Risk", "Sannolikhet", "Konsekvens", "Kontrollmoment"], s)
    assert table_kind(combined) == "vor"
    assert table_kind(match_header_row(["Risk", "Kontrollmoment", "Metod"], s)) == "ikp"


def test_a_users_template_adds_its_wording(tmp_path):
    path = tmp_path / "made_up.toml"
    path.write_text(USER_TEMPLATE, encoding="utf-8")
    header = ["Verksamhetsområde", "Identifierad fara", "Trolighet", "Skadegrad", "Så kontrollerar vi"]
    assert match_header_row(header, NormalizeSettings()) == {}
    s = NormalizeSettings(templates=(str(path),))
    mapping = match_header_row(header, s)
    assert mapping == {0: "process", 1: "event", 2: "probability", 3: "consequence", 4: "control_activity"}
    assert table_kind(mapping) == "vor"
    template = header_template(mapping, s)
    assert template.name == "made_up" and template.merged == ("process",)
    assert template.anchors == ("probability",) and template.control_fields == ("control_activity",)
    assert [t.name for t in load_templates((str(path),))][0] == "made_up"


@pytest.mark.parametrize("text, words", [
    ('name = "x"\n[columns]\nevent = ["Risk"]\nfoo = ["Bar"]\n', "'foo'"),
    ('name = "x"\n[columns]\nprobability = ["S"]\n', "event"),
    ('name = "x"\n[columns]\nevent = ["Risk"]\n[rows]\nmerged = ["process"]\n', "process"),
    ('[columns]\nevent = ["Risk"]\n', "name"),
    ('name = "x"\n[columns\n', "not valid TOML"),
])
def test_a_bad_template_is_explained(tmp_path, text, words):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        read_template(path)
    assert words in err.value.message


def test_choose_template_prefers_the_closest_fit():
    templates = builtin_templates()
    assert choose_template(["goal", "process", "working_method", "event", "probability",
                            "status_measure"], templates).name == "stockholm_uppfoljning"
    assert choose_template(["event", "probability", "method"], templates).name == "general_sv"


def test_cli_lists_templates(tmp_path):
    result = CliRunner().invoke(cli, ["templates"])
    assert result.exit_code == 0, result.output
    verbose = CliRunner().invoke(cli, ["templates", "-v"]).output
    assert "scores: scale 1-5; risk value = probability x consequence" in verbose
    assert "scores: scale from the document\n" in verbose
    names = [line.split()[0] for line in result.output.splitlines()]
    assert names == ["general_sv", "records_sv", "stockholm_ikp", "stockholm_uppfoljning", "stockholm_vor"]
    path = tmp_path / "made_up.toml"
    path.write_text(USER_TEMPLATE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["templates", "--template", str(path), "-v"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split()[:2] == ["made_up", "combined"]
    assert "Identifierad fara" in result.output
    assert [r["name"] for r in list_templates([path])][0] == "made_up"


def test_cli_rejects_a_bad_template(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\n[columns]\nevent = ["Risk"]\nfoo = ["Bar"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "samples/", "--template", str(path)])
    assert result.exit_code == 2
    assert "foo" in result.output


FIXTURE = Path(__file__).resolve().parent / "fixtures" / "exempelby_2024_riskanalys.pdf"
TEMPLATES_PAGE = Path(__file__).resolve().parent.parent / "docs" / "templates.md"


def docs_template() -> str:
    """The complete example template docs/templates.md shows."""
    text = TEMPLATES_PAGE.read_text(encoding="utf-8")
    start = text.index("```toml\n", text.index("# Templates")) + len("```toml\n")
    return text[start:text.index("```", start)]


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_users_template_reads_a_made_up_layout(tmp_path):
    """The example template of docs/templates.md, written to a file, reads a layout no built-in template knows."""
    runner = CliRunner()
    without = runner.invoke(cli, ["extract", str(FIXTURE), "--out", str(tmp_path / "none"), "--workers", "1"])
    # without it the columns are typed by content (issue 31): read, but every guess is reported,
    # and the control columns content cannot tell apart are named and kept in extra
    assert without.exit_code == 0, without.output
    problems = read_rows(tmp_path / "none" / "problems.csv")
    assert [p["code"] for p in problems] == ["unknown_columns", "columns_inferred"]
    assert "'Så kontrollerar vi' = inte typad" in problems[1]["message"]
    assert [r["template"] for r in read_rows(tmp_path / "none" / "files.csv")] == ["inferred"]

    template = tmp_path / "exempelby.toml"
    template.write_text(docs_template(), encoding="utf-8")
    out = tmp_path / "with"
    result = runner.invoke(cli, ["extract", str(FIXTURE), "--out", str(out), "--template", str(template),
                                 "--workers", "1"])
    assert result.exit_code == 0, result.output
    risks, controls = read_rows(out / "risks.csv"), read_rows(out / "controls.csv")
    assert read_rows(out / "problems.csv") == []
    # as printed in the fixture (checked with pdftoppm)
    assert [(r["risk_nr"], r["process"], r["event"], r["description"], r["probability"], r["consequence"],
             r["risk_value"], r["in_ikp"], r["scale"], r["flags"]) for r in risks] == [
        ("1", "Hemtjänst", "Fel läkemedel ges", "Signeringslistor saknas", "2", "4", "8", "true", "4", ""),
        ("2", "Hemtjänst", "Insatser utförs inte", "Planerade besök uteblir", "3", "3", "9", "true", "4", ""),
        ("3", "Hemtjänst", "Nyckelhantering brister", "Nycklar kvitteras inte", "2", "2", "4", "false", "4", ""),
        ("4", "Särskilt boende", "Fallolyckor", "Riskbedömning saknas", "3", "2", "6", "false", "4", ""),
        ("5", "Särskilt boende", "Brand", "Brandskyddskontroll görs inte", "1", "4", "4", "true", "4", ""),
    ]
    assert all(r["organisation"] == "Omsorgsnämnden" and r["year"] == "2024" for r in risks)
    assert [(c["risk_nr"], c["control_activity"], c["method"], c["frequency"], c["responsible"], c["report_to"])
            for c in controls] == [
        ("1", "Granskning av signeringslistor", "Stickprov", "Kvartalsvis", "Sjuksköterska", "Nämnden"),
        ("2", "Jämförelse av planerad och utförd tid", "Systemuttag", "Månadsvis", "Enhetschef", "Nämnden"),
        ("5", "Kontroll av brandskyddsronder", "Komplett", "2 ggr/år", "Förvaltare", "Förvaltningschef"),
    ]

    # without [scores] nothing says the scale: it is inferred from the scores and flagged
    text = docs_template()
    template.write_text(text[:text.index("[scores]")], encoding="utf-8")
    out = tmp_path / "inferred"
    result = runner.invoke(cli, ["extract", str(FIXTURE), "--out", str(out), "--template", str(template),
                                 "--workers", "1"])
    assert result.exit_code == 0, result.output
    risks = read_rows(out / "risks.csv")
    assert {r["scale"] for r in risks} == {"4"} and {r["flags"] for r in risks} == {"scale_inferred"}


def test_diff_and_compare_take_a_users_template(tmp_path):
    template = tmp_path / "exempelby.toml"
    template.write_text(docs_template(), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["diff", str(FIXTURE), str(FIXTURE), "--out", str(tmp_path / "diff"),
                                 "--template", str(template), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "5 paired (5 unchanged" in result.output
    # without the template its columns are typed by content (issue 31): the diff reads it too
    without = runner.invoke(cli, ["diff", str(FIXTURE), str(FIXTURE), "--out", str(tmp_path / "d2"), "--lang", "en"])
    assert without.exit_code == 0 and "5 paired (5 unchanged" in without.output, without.output
    result = runner.invoke(cli, ["compare", str(FIXTURE), "--out", str(tmp_path / "cmp"), "--template", str(template)])
    assert result.exit_code == 0, result.output
    (row,) = read_rows(tmp_path / "cmp" / "profile.csv")
    assert (row["organisation"], row["risks"], row["controls"], row["scale"]) == ("Omsorgsnämnden", "5", "3", "4")
