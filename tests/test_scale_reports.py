"""compare and diff keep registers of different scales apart: own-size matrices, rescaled pairs."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from click.testing import CliRunner

import riskreg
from riskreg.cli import cli
from riskreg.compare import compare_registers, matrix_file_name, write_compare
from riskreg.pipeline import Register
from riskreg.report.diff_html import diff_html
from riskreg.report.matrix import counts_drawn, matrix_figure, small_multiples
from riskreg.report.profile import Levels

from golden import SAMPLES

SJOVIK = ("Socialnämnden", 2024)
# compare shows a district under the alias table's name, as history does (Hägersten-Liljeholmen
# became Hägersten-Älvsjö in 2020: riskreg/data/organisations.csv)
STOCKHOLM = ("Hägersten-Älvsjö stadsdelsnämnd", 2020)
NORRBERG = ("Utbildningsnämnden", 2025)


@lru_cache(maxsize=None)
def registers():
    return {name: riskreg.extract_register(SAMPLES / f"{name}.pdf") for name in
            ("sjovik_2024_internkontrollplan", "hagersten_liljeholmen_2020", "norrberg_2025_internkontrollplan")}


def test_compare_draws_each_register_on_its_own_scale(tmp_path):
    c = compare_registers(list(registers().values()))
    assert c.matrices[SJOVIK].shape == (4, 4)
    assert c.matrices[STOCKHOLM].shape == (5, 5)
    assert c.matrices[NORRBERG].shape == (3, 3)
    # Sjövik's 14 risks, counted by hand from the printed S and K columns
    want = np.zeros((4, 4), dtype=int)
    for (p, k), n in {(3, 3): 3, (2, 3): 2, (2, 2): 1, (4, 3): 1, (3, 4): 1, (2, 4): 3, (3, 2): 2, (1, 4): 1}.items():
        want[p - 1, k - 1] = n
    assert (c.matrices[SJOVIK] == want).all()
    vmax = max(int(m.max()) for m in c.matrices.values())
    fig = matrix_figure(c.matrices[SJOVIK], "Sjövik", c.levels, vmax)
    assert (counts_drawn(fig.axes[0]) == want).all()  # 16 labels: a 4 x 4 matrix, not 5 x 5
    assert counts_drawn(matrix_figure(c.matrices[STOCKHOLM], "HL", c.levels, vmax).axes[0]).shape == (5, 5)
    overview = small_multiples([("a", c.matrices[SJOVIK]), ("b", c.matrices[STOCKHOLM])], c.levels, vmax)
    assert [counts_drawn(ax).shape for ax in overview.axes[:2]] == [(4, 4), (5, 5)]
    profile = c.profile.set_index(["organisation", "year"])
    assert profile.loc[SJOVIK, "scale"] == 4 and profile.loc[STOCKHOLM, "scale"] == 5
    # Sjövik's levels on 1-4 (Låg <= 1, Medium 2-7, Kritisk >= 8): risk values 9 12 12 8 9 8 8 9 are Kritisk
    assert (profile.loc[SJOVIK, "low"], profile.loc[SJOVIK, "medium"], profile.loc[SJOVIK, "critical"]) == (0, 6, 8)
    written = write_compare(c, tmp_path)
    assert tmp_path / matrix_file_name(*SJOVIK) in written


def test_levels_for_a_scale():
    assert Levels().for_scale(5) == Levels(3, 11)
    assert Levels().for_scale(4) == Levels(1, 7)
    assert Levels().for_scale(3) == Levels(1, 3)


def test_compare_cli_on_a_1_4_and_a_1_5_register(tmp_path):
    result = CliRunner().invoke(cli, ["compare", str(SAMPLES / "sjovik_2024_internkontrollplan.pdf"),
                                      str(SAMPLES / "hagersten_liljeholmen_2020.pdf"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / matrix_file_name(*SJOVIK)).exists() and (tmp_path / matrix_file_name(*STOCKHOLM)).exists()


def test_diff_reports_a_change_of_scale_not_rescorings():
    old = registers()["sjovik_2024_internkontrollplan"]
    risks = old.risks.copy()
    # the next year scores the same risks on 1-5: every number moves, the risks do not
    risks["scale"] = 5
    risks["probability"] = risks["probability"] + 1
    risks["risk_value"] = risks["probability"] * risks["consequence"]
    new = Register(risks=risks, controls=old.controls, problems=old.problems)
    d = riskreg.diff_registers(old, new)
    counts = d.counts()
    assert counts["rescaled"] == 14 and counts["rescored"] == 0
    assert set(d.changes["change"]) == {"rescaled"}
    assert "14 on another scale (1-4 -> 1-5" in d.summary(lang="en")
    assert "14 på en annan skala (1-4 -> 1-5: bedömningarna jämförs inte)" in d.summary()
    assert set(d.changes["old_scale"]) == {4} and set(d.changes["new_scale"]) == {5}
    html = diff_html(d.changes, "old", "new", 14, 14, 76)
    assert 'id="rescaled" data-count="14"' in html and "1-4 → 1-5" in html
    # on one scale the same change is a rescoring
    same = Register(risks=risks.assign(scale=4), controls=old.controls, problems=old.problems)
    counts = riskreg.diff_registers(old, same).counts()
    assert counts["rescored"] == 14 and counts["rescaled"] == 0
