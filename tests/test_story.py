"""One story across the commands: the same facts counted the same way by compare, register.db,
the README's DuckDB query and history (riskreg/scales.py, organisations.py, load.combine_registers).

The figures wanted are counted by hand from the samples' expected registers (written from the
PDFs, not by riskreg) and from the hand-written truth of the four-year chain.
"""
from __future__ import annotations

import csv
import shutil
import sqlite3

import pytest

import riskreg
from riskreg.scales import Levels
from riskreg.write.sqlite import write_sqlite

from golden import EXPECTED, SAMPLES

SJOVIK = SAMPLES / "sjovik_2024_internkontrollplan.pdf"
HAGERSTEN = [SAMPLES / f"{n}.pdf" for n in ("hagersten_liljeholmen_2022", "hagersten_alvsjo_2023")]


def risk_values(name: str) -> list[int]:
    with (EXPECTED / f"{name}.risks.csv").open(encoding="utf-8") as fh:
        return [int(r["risk_value"]) for r in csv.DictReader(fh)]


@pytest.fixture(scope="module")
def sjovik_and_farsta():
    return riskreg.extract_register([SJOVIK, SAMPLES / "farsta_2022.pdf"])


def test_the_kritisk_count_of_a_1_4_register_is_one_figure(sjovik_and_farsta, tmp_path):
    """Sjövik scores on 1-4: Kritisk is a risk value of 8 or more there (seed 000's 12 of 25, scaled
    to 16), in compare, in register.db's risks.level and in the README's DuckDB query alike."""
    by_hand = {"sjovik_2024_internkontrollplan": sum(v >= 8 for v in risk_values("sjovik_2024_internkontrollplan")),
               "farsta_2022": sum(v >= 12 for v in risk_values("farsta_2022"))}
    assert by_hand == {"sjovik_2024_internkontrollplan": 8, "farsta_2022": 7}
    c = riskreg.compare_registers(sjovik_and_farsta)
    compared = {p.source_files.removesuffix(".pdf"): p.critical for p in c.profile.itertuples()}
    assert compared == by_hand
    write_sqlite(sjovik_and_farsta, tmp_path)
    db = sqlite3.connect(tmp_path / "register.db")
    stored = dict(db.execute("select replace(source_file, '.pdf', ''), count(*) from risks "
                             "where level = 'critical' group by source_file").fetchall())
    assert stored == by_hand
    # the query text the README's DuckDB block needs (Levels.critical_sql), run in SQLite and DuckDB
    test = Levels().critical_sql()
    assert test == "risk_value >= CASE scale WHEN 3 THEN 4 WHEN 4 THEN 8 ELSE 12 END"
    query = (f"SELECT replace(source_file, '.pdf', ''), count(*) FILTER (WHERE {test}) FROM {{}} "
             f"GROUP BY source_file")
    assert dict(db.execute(query.format("risks")).fetchall()) == by_hand
    duckdb = pytest.importorskip("duckdb")
    riskreg.write_register(sjovik_and_farsta, tmp_path / "output")
    parquet = f"'{tmp_path / 'output' / 'risks.parquet'}'"
    assert dict(duckdb.sql(query.format(parquet)).fetchall()) == by_hand


def test_a_renamed_district_is_paired_in_compare_as_in_history():
    """Hägersten-Liljeholmen 2022 -> Hägersten-Älvsjö 2023 (the district renamed): history follows
    it as one organisation, and compare's movement has the step too."""
    h = riskreg.follow_risks(HAGERSTEN)
    assert set(h.rows["organisation"]) == {"Hägersten-Älvsjö stadsdelsnämnd"}
    c = riskreg.compare_registers(HAGERSTEN)
    assert list(c.profile["organisation"]) == ["Hägersten-Älvsjö stadsdelsnämnd"] * 2
    [m] = c.movement.to_dict("records")
    assert (m["organisation"], m["from_year"], m["to_year"], m["risks_before"], m["risks_after"]) == (
        "Hägersten-Älvsjö stadsdelsnämnd", 2022, 2023, 91, 92)
    # the hand-written truth: 2023's 92 risks are 2 new, 1 back from 2021 and 89 of 2022's;
    # compare pairs as diff does, now by place too, which pairs the one short rewording
    # ("Personuppgiftsincident" -> "Incident med personuppgifter") history's step 2 pairs: 89 paired, 3 new
    with (EXPECTED / "hagersten_chain.history.csv").open(encoding="utf-8") as fh:
        of_2023 = [r["change"].split(";") for r in csv.DictReader(fh) if r["year"] == "2023"
                   and r["change"] != "removed"]
    from_2022 = sum(1 for c in of_2023 if "new" not in c and "returned" not in c)
    assert from_2022 == 89
    assert (m["paired"], m["new"], m["removed"]) == (from_2022, 92 - from_2022, 91 - from_2022)


def test_two_copies_of_a_sample_are_counted_once(tmp_path):
    """The same PDF under two names, given as two inputs: one document with a duplicate_file
    warning, in compare and in history, as extract counts a copy in one run."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = tmp_path / "a" / "farsta_2022.pdf"
    shutil.copy(SAMPLES / "farsta_2022.pdf", first)
    shutil.copy(SAMPLES / "farsta_2022.pdf", tmp_path / "b" / "farsta_2022_kopia.pdf")
    inputs = [tmp_path / "b" / "farsta_2022_kopia.pdf", first]
    c = riskreg.compare_registers(inputs, lang="en")
    assert list(c.profile["risks"]) == [len(risk_values("farsta_2022"))] == [91]
    assert c.profile["source_files"].iloc[0] == "farsta_2022.pdf"
    h = riskreg.follow_risks(inputs)  # in Swedish, the default
    assert len(h.rows) == 91 and set(h.rows["source_file"]) == {"farsta_2022.pdf"}
    for problems in (c.problems, h.problems):
        [p] = problems.to_dict("records")
        assert (p["code"], p["source_file"]) == ("duplicate_file", "farsta_2022.pdf")
    assert "farsta_2022_kopia.pdf holds the same register as farsta_2022.pdf" in c.problems["message"].iloc[0]
    assert "farsta_2022_kopia.pdf innehåller samma register som farsta_2022.pdf" in h.problems["message"].iloc[0]
    # the same file given twice is given_twice, as history has always said
    again = riskreg.compare_registers([first, first])
    assert list(again.profile["risks"]) == [91] and list(again.problems["code"]) == ["given_twice"]


def test_compare_takes_the_users_alias_file_as_history_does(tmp_path):
    """A district renamed to a name the packaged table does not know is joined by --aliases, on
    compare's command line as on history's."""
    from click.testing import CliRunner
    from riskreg.cli import cli
    later = riskreg.extract_register(HAGERSTEN[1])
    later.risks["organisation"] = "Liljeholmen-Årstadals stadsdelsnämnd"
    later.controls["organisation"] = "Liljeholmen-Årstadals stadsdelsnämnd"
    riskreg.write_register(later, tmp_path / "renamed")
    names = tmp_path / "names.csv"
    names.write_text("name,organisation,code\nLiljeholmen-Årstadals stadsdelsnämnd,"
                     "Hägersten-Älvsjö stadsdelsnämnd,hagersten-alvsjo\n", encoding="utf-8")
    args = ["compare", str(HAGERSTEN[0]), str(tmp_path / "renamed"), "--out"]
    apart = CliRunner().invoke(cli, [*args, str(tmp_path / "apart")])
    joined = CliRunner().invoke(cli, [*args, str(tmp_path / "joined"), "--aliases", str(names)])
    assert apart.exit_code == joined.exit_code == 0, apart.output + joined.output
    with (tmp_path / "apart" / "movement.csv").open(encoding="utf-8") as fh:
        assert list(csv.DictReader(fh)) == []
    with (tmp_path / "joined" / "movement.csv").open(encoding="utf-8") as fh:
        [row] = list(csv.DictReader(fh))
    assert (row["organisation"], row["from_year"], row["to_year"]) == ("Hägersten-Älvsjö stadsdelsnämnd", "2022", "2023")


def test_history_colours_a_1_4_register_by_its_own_bounds(sjovik_and_farsta, tmp_path):
    """history.html's Kritisk cells are compare's Kritisk risks: on 1-4 from 8, on 1-5 from 12."""
    import re
    h = riskreg.follow_risks(sjovik_and_farsta)
    riskreg.write_history(h, tmp_path, lang="en")
    html = (tmp_path / "history.html").read_text(encoding="utf-8")
    sections = dict(re.findall(r'<section class="org"><h2>(.*?)</h2>(.*?)</section>', html, re.S))
    critical = {org: len(re.findall(r'<td class="year critical[ "]', body)) for org, body in sections.items()}
    assert critical == {"Socialnämnden": 8, "Farsta stadsdelsnämnd": 7}
    assert "on 1-4: Låg ≤ 1, Medium 2–7, Kritisk ≥ 8" in html


def test_another_rendering_on_other_pages_is_counted_once():
    # the farsta 2023 register printed by Chromium and by Writer with rows broken across pages:
    # the same risks and controls on other pages (the page is where it is printed, not what it says)
    from riskreg.load import combine_registers
    names = ["farsta_2023_chromium.pdf", "farsta_2023_rows_broken_plan.pdf"]
    registers = [riskreg.extract_register([SAMPLES / n]) for n in names]
    assert list(registers[0].risks["page"]) != list(registers[1].risks["page"])
    combined, warnings = combine_registers(registers)
    assert [w.code for w in warnings] == ["duplicate_file"]
    assert set(combined.risks["source_file"]) == {"farsta_2023_chromium.pdf"}
    assert len(combined.risks) == len(registers[0].risks)
