"""riskreg history on the four-year sample chain: exactly the hand-written keys and changes.

The truth (samples/expected/hagersten_chain.history.csv) is made by
samples/history_chain.py from hand-written edits that carry each risk's
identity from year to year; it is never read from riskreg.
"""
from __future__ import annotations

import csv
import itertools

import pandas as pd
import pytest
from click.testing import CliRunner

import riskreg
from riskreg.cli import cli
from riskreg.history import HistorySettings, follow_risks
from riskreg.match.chain import ChainSettings, context_pairs
from riskreg.match.pairing import PairSettings
from riskreg.organisations import Aliases, BadAliasTable, name_base

from golden import EXPECTED, SAMPLES

NAMES = ["hagersten_liljeholmen_2020", "hagersten_liljeholmen_2021", "hagersten_liljeholmen_2022",
         "hagersten_alvsjo_2023"]
PDFS = [SAMPLES / f"{n}.pdf" for n in NAMES]


def truth() -> list[tuple[str, str, str, str, str]]:
    with (EXPECTED / "hagersten_chain.history.csv").open(encoding="utf-8") as fh:
        return [(r["year"], r["source_file"], r["risk_nr"], r["risk_key"], r["change"]) for r in csv.DictReader(fh)]


def got(rows: pd.DataFrame) -> list[tuple[str, str, str, str, str]]:
    return [(str(r.year), r.source_file, str(r.risk_nr), r.risk_key, r.change) for r in rows.itertuples()]


def mismatches(rows: pd.DataFrame) -> list[str]:
    g, w = got(rows), truth()
    out = [f"extra {x}" for x in g if x not in w] + [f"missing {x}" for x in w if x not in g]
    return out or ([] if g == w else ["same rows in another order"])


@pytest.fixture(scope="module")
def registers():
    return {n: riskreg.extract_register(p) for n, p in zip(NAMES, PDFS)}


@pytest.fixture(scope="module")
def saved(registers, tmp_path_factory):
    out = tmp_path_factory.mktemp("saved")
    for name, reg in registers.items():
        riskreg.write_register(reg, out / name)
    return out


def test_truth_has_every_year_and_the_promised_kinds():
    rows = truth()
    changes = [c for *_, c in rows]
    assert [sum(1 for r in rows if r[0] == str(y) and r[4] != "removed") for y in (2020, 2021, 2022, 2023)] == \
        [91, 92, 91, 92]
    for kind in ("new", "reworded", "rescored", "moved", "ikp_in", "ikp_out", "removed"):
        assert any(kind in c.split(";") for c in changes), kind
    assert changes.count("returned;rescored") == 1


def test_history_of_the_pdfs_is_the_truth():
    assert mismatches(follow_risks(PDFS).rows) == []


def test_history_of_saved_registers_is_the_truth_in_any_order(saved):
    csvs = [saved / n / "risks.csv" for n in NAMES]
    parquets = [saved / n / "risks.parquet" for n in NAMES]
    for order in ([3, 1, 0, 2], [2, 3, 1, 0], [0, 1, 2, 3]):
        assert mismatches(follow_risks([csvs[i] for i in order]).rows) == [], order
    assert mismatches(follow_risks(list(reversed(parquets))).rows) == []
    assert mismatches(follow_risks([saved / NAMES[2], PDFS[0], saved / NAMES[3], csvs[1]]).rows) == []


def test_same_keys_whatever_the_order_of_pdfs_and_registers(registers):
    regs = list(registers.values())
    first = got(follow_risks(regs).rows)
    for order in itertools.islice(itertools.permutations(range(4)), 1, 24, 5):
        assert got(follow_risks([regs[i] for i in order]).rows) == first


def test_one_register_holding_all_four_years(registers, tmp_path):
    together = riskreg.Register(risks=pd.concat([r.risks for r in reversed(registers.values())], ignore_index=True),
                                controls=pd.concat([r.controls for r in registers.values()], ignore_index=True),
                                problems=registers[NAMES[0]].problems)
    riskreg.write_register(together, tmp_path)
    assert mismatches(follow_risks(tmp_path).rows) == []


def test_a_document_given_twice_counts_once(registers, saved):
    result = follow_risks([*registers.values(), saved / NAMES[1]])
    assert mismatches(result.rows) == []
    assert list(result.problems["code"]) == ["given_twice"]


def test_short_rewordings_need_their_context(registers):
    """Without step 2 (no event is short) and without pairing by place (step 4) the two short
    rewordings become a removed and a new risk; either step alone pairs both."""
    no_short = ChainSettings(short_event_words=0)
    rows = follow_risks(list(registers.values()), HistorySettings(chain=no_short, pair=PairSettings(by_place=False))).rows
    wrong = mismatches(rows)
    assert any("Brott mot sekretessen" in e or "'hagersten-alvsjo-2022-48'" in e for e in wrong)
    assert any("'hagersten-alvsjo-2023-45'" in e for e in wrong)
    by_key = rows[rows["risk_key"] == "hagersten-alvsjo-2022-48"]
    assert list(zip(by_key["year"], by_key["change"])) == [(2022, "new"), (2023, "unchanged")]
    for settings in (HistorySettings(pair=PairSettings(by_place=False)), HistorySettings(chain=no_short)):
        rows = follow_risks(list(registers.values()), settings).rows
        assert mismatches(rows) == []
        short = rows[rows["event"].isin(["Brott mot sekretessen", "Incident med personuppgifter"])]
        assert list(zip(short["year"], short["event"], short["pair_basis"])) == [
            (2022, "Brott mot sekretessen", "context"), (2023, "Incident med personuppgifter", "context"),
            (2023, "Brott mot sekretessen", "text")]


def test_the_risk_that_returns_keeps_its_key(registers):
    rows = follow_risks(list(registers.values())).rows
    back = rows[rows["risk_key"] == "hagersten-alvsjo-2020-35"]
    assert list(zip(back["year"], back["change"])) == [(2020, "new"), (2021, "unchanged"), (2023, "returned;rescored"),
                                                       (2021, "removed")]
    assert (back["risk_nr"].iloc[2], back["risk_value"].iloc[2]) == (35, 9)


def test_renamed_district_and_name_variants_are_one_organisation(registers):
    regs = [riskreg.Register(risks=r.risks.copy(), controls=r.controls, problems=r.problems)
            for r in registers.values()]
    regs[1].risks["organisation"] = "Hägersten-Liljeholmens stadsdelsförvaltning"
    regs[2].risks["organisation"] = "Hägersten-Liljeholmen SDN"
    rows = follow_risks(regs).rows
    assert set(rows["organisation"]) == {"Hägersten-Älvsjö stadsdelsnämnd"}
    assert mismatches(rows) == []


def test_an_unknown_new_name_needs_the_users_alias_file(registers, tmp_path):
    regs = [riskreg.Register(risks=r.risks.copy(), controls=r.controls, problems=r.problems)
            for r in registers.values()]
    regs[3].risks["organisation"] = "Liljeholmen-Årstadals stadsdelsnämnd"
    apart = follow_risks(regs).rows
    years = apart[apart["change"] != "removed"].groupby("organisation")["year"].unique().map(sorted).to_dict()
    assert years == {"Hägersten-Älvsjö stadsdelsnämnd": [2020, 2021, 2022],
                     "Liljeholmen-Årstadals stadsdelsnämnd": [2023]}
    left_in_2022 = apart[(apart["change"] == "removed") & (apart["year"] == 2022)]
    assert left_in_2022.empty  # the old name's chain ends in 2022: nothing is known to have left
    assert set(apart.loc[apart["organisation"] == "Liljeholmen-Årstadals stadsdelsnämnd", "change"]) == {"new"}
    aliases = tmp_path / "names.csv"
    aliases.write_text("name,organisation,code\nLiljeholmen-Årstadals stadsdelsnämnd,"
                       "Hägersten-Älvsjö stadsdelsnämnd,hagersten-alvsjo\n", encoding="utf-8")
    assert mismatches(follow_risks(regs, HistorySettings(aliases=aliases)).rows) == []


def test_name_base_and_the_alias_table():
    assert name_base("Hägersten-Liljeholmens stadsdelsförvaltning") == "hägersten-liljeholmen"
    assert name_base("Skärholmens  Stadsdelsnämnden") == "skärholmen"
    assert name_base("Farsta sdn") == "farsta"
    assert name_base("Utbildningsnämnden") == "utbildningsnämnden"
    aliases = Aliases.load()
    assert aliases.group_of("Älvsjö stadsdelsförvaltning") == "hagersten-alvsjo"
    assert aliases.group_of("Socialnämnden") == "socialnamnden"


def test_a_bad_alias_file_is_a_plain_error(tmp_path):
    bad = tmp_path / "names.csv"
    bad.write_text("namn,kod\nA,b\n", encoding="utf-8")
    with pytest.raises(BadAliasTable, match="needs the columns name, organisation, code"):
        Aliases.load(bad)
    result = CliRunner().invoke(cli, ["history", str(PDFS[0]), "--aliases", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "needs the columns" in result.output and "Traceback" not in result.output


def test_context_pairs_leave_ties_unpaired():
    place = {"goal": "3.2", "process": "Inköp", "working_method": "Avtal"}
    old = [{**place, "event": "Sekretessbrott"}]
    new = [{**place, "event": "Brott mot sekretessen"}, {**place, "event": "Sekretessen bryts"}]
    assert context_pairs(old, new[:1], ChainSettings()) == [(0, 0)]
    assert context_pairs(old, new, ChainSettings()) == []  # two candidates: a tie pairs nothing
    elsewhere = [{**place, "working_method": "Utlämnande av handlingar", "event": "Brott mot sekretessen"}]
    assert context_pairs(old, elsewhere, ChainSettings()) == []


def test_cli_history_writes_the_csv(saved, tmp_path):
    args = ["history", *[str(saved / n) for n in reversed(NAMES)], "--out", str(tmp_path), "--lang", "en"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "101 risks of 1 organisation(s)" in result.output
    written = pd.read_csv(tmp_path / "history.csv", dtype=str, keep_default_na=False)
    assert list(written.columns) == ["organisation", "year", "source_file", "risk_nr", "risk_key", "event", "process",
                                     "probability", "consequence", "risk_value", "in_ikp", "change", "page",
                                     "pair_basis"]
    assert [tuple(r) for r in written[["year", "source_file", "risk_nr", "risk_key", "change"]].values] == truth()
    assert "riskreg history samples/" in CliRunner().invoke(cli, ["history", "--help"]).output


def test_two_documents_of_one_year_give_the_same_keys_in_either_order():
    # Kungsholmen 2017 in two layouts whose registers differ (the split one rewords two cells, and a
    # word break reads otherwise): two documents of one organisation and year
    pair = [riskreg.extract_register(SAMPLES / "kungsholmen_2017_narrow.pdf"),
            riskreg.extract_register(SAMPLES / "kungsholmen_2017_split.pdf")]
    one, other = follow_risks(pair), follow_risks(list(reversed(pair)))
    assert got(one.rows) == got(other.rows)
    assert list(one.problems["code"]) == ["several_documents"]
    keys = one.rows["risk_key"]
    # no risk numbers printed: each risk is keyed by its place in the year, the files in name order
    assert keys.is_unique and set(keys) == {f"kungsholmen-2017-{i:02d}" for i in range(1, 2 * 37 + 1)}


def test_a_ruled_and_an_unruled_rendering_of_one_register_are_followed_once():
    """enskede_2023_unruled holds the very register of enskede_2023_ruled (a test of the readers
    checks it cell by cell): one document, as a copy is, and no key twice."""
    pair = [riskreg.extract_register(SAMPLES / "enskede_2023_unruled.pdf"),
            riskreg.extract_register(SAMPLES / "enskede_2023_ruled.pdf")]
    result = follow_risks(pair, lang="en")
    [problem] = result.problems.to_dict("records")
    assert (problem["code"], problem["source_file"]) == ("duplicate_file", "enskede_2023_ruled.pdf")
    assert "enskede_2023_unruled.pdf holds the same register as enskede_2023_ruled.pdf" in problem["message"]
    assert len(result.rows) == 91 and set(result.rows["source_file"]) == {"enskede_2023_ruled.pdf"}
    assert not result.rows["risk_key"].str.endswith("-2").any()


def test_undated_and_unnamed_documents(registers):
    regs = [riskreg.Register(risks=r.risks.copy(), controls=r.controls, problems=r.problems)
            for r in list(registers.values())[:3]]
    regs[0].risks["year"] = pd.NA
    regs[1].risks["organisation"] = pd.NA
    result = follow_risks(regs, lang="en")
    assert list(result.problems["code"]) == ["no_year"]
    assert "hagersten_liljeholmen_2020.pdf names no plan year" in result.problems["message"].iloc[0]
    assert set(result.rows["organisation"]) == {"hagersten_liljeholmen_2021.pdf", "Hägersten-Älvsjö stadsdelsnämnd"}
    assert set(result.rows.loc[result.rows["year"] == 2021, "risk_key"].str[:31]) == {"hagersten-liljeholmen-2021-pdf-"}


def test_cli_history_exits_1_when_an_input_was_not_read(saved, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf at all")
    args = ["history", *[str(saved / n) for n in NAMES], str(broken), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "broken.pdf" in result.output
    written = pd.read_csv(tmp_path / "out" / "history.csv", dtype=str, keep_default_na=False)
    assert [tuple(r) for r in written[["year", "source_file", "risk_nr", "risk_key", "change"]].values] == truth()
