"""riskreg compare on the samples: profiles, matrices and shared risks against counts made
independently from the hand-made expected registers (samples/expected/*.csv)."""
from __future__ import annotations

import csv
import statistics

import numpy as np
import pytest
from click.testing import CliRunner

from riskreg.cli import cli
from riskreg.compare import CompareSettings, compare_registers, matrix_file_name, write_compare
from riskreg.report.profile import Levels

from dom import open_page
from golden import EXPECTED, SAMPLES

NAMES = ["hagersten_liljeholmen_2020", "hagersten_liljeholmen_2021", "skarholmen_2021", "farsta_2022",
         "kungsholmen_2017_uppfoljning"]


def expected(name: str, table: str) -> list[dict]:
    with (EXPECTED / f"{name}.{table}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# compare shows each organisation under the name history shows it by, the alias table's
# (riskreg/data/organisations.csv): Hägersten-Liljeholmen became Hägersten-Älvsjö in 2020
SHOWN = {"Hägersten-Liljeholmens stadsdelsnämnd": "Hägersten-Älvsjö stadsdelsnämnd"}


def shown(name: str) -> str:
    """The organisation compare shows a sample's register under."""
    printed = expected(name, "risks")[0]["organisation"]
    return SHOWN.get(printed, printed)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare")
    c = compare_registers([SAMPLES / f"{n}.pdf" for n in NAMES])
    write_compare(c, out)
    return c, out


def read_csv(path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_profile_agrees_with_counts_from_the_expected_registers(result):
    _, out = result
    rows = {(r["organisation"], r["year"]): r for r in read_csv(out / "profile.csv")}
    assert len(rows) == len(NAMES)
    for name in NAMES:
        risks, controls = expected(name, "risks"), expected(name, "controls")
        values = [int(r["risk_value"]) for r in risks]
        row = rows[(shown(name), risks[0]["year"])]
        assert int(row["risks"]) == len(risks), name
        assert int(row["low"]) == sum(v <= 3 for v in values), name
        assert int(row["medium"]) == sum(4 <= v <= 11 for v in values), name
        assert int(row["critical"]) == sum(v >= 12 for v in values), name
        assert float(row["mean_risk_value"]) == round(statistics.mean(values), 2), name
        assert float(row["median_risk_value"]) == statistics.median(values), name
        ikp = [r["in_ikp"] for r in risks if r["in_ikp"]]
        want_share = str(round(ikp.count("true") / len(ikp), 2)) if ikp else ""
        assert row["share_in_ikp"] == want_share, name
        assert int(row["controls"]) == len(controls), name
        sums: dict[str, int] = {}
        for r, v in zip(risks, values):
            sums[r["process"]] = sums.get(r["process"], 0) + v
        top = sorted(sums.items(), key=lambda kv: -kv[1])[:5]
        assert row["top_processes"].split("; ")[0] == f"{top[0][0]} ({top[0][1]})", name


def test_seed_000_summary_line(result):
    # seed 000 prints "7 Kritisk 81 Medium 3 Låg Totalt: 91"
    c, _ = result
    row = c.profile[(c.profile["year"] == 2020)].iloc[0]
    assert (row["critical"], row["medium"], row["low"], row["risks"]) == (7, 81, 3, 91)


def test_levels_setting_moves_the_bounds():
    c = compare_registers([SAMPLES / "hagersten_liljeholmen_2020.pdf"], settings=CompareSettings(levels=Levels(5, 9)))
    values = [int(r["risk_value"]) for r in expected("hagersten_liljeholmen_2020", "risks")]
    row = c.profile.iloc[0]
    assert (row["low"], row["medium"], row["critical"]) == (sum(v <= 5 for v in values),
                                                             sum(6 <= v <= 9 for v in values),
                                                             sum(v >= 10 for v in values))


def hand_matrix(name: str) -> np.ndarray:
    """counts[p - 1, k - 1] from the hand-made expected register."""
    want = np.zeros((5, 5), dtype=int)
    for r in expected(name, "risks"):
        want[int(r["probability"]) - 1, int(r["consequence"]) - 1] += 1
    return want


# the levels' colours, written out here (not imported): Låg green, Medium amber, Kritisk red
LEVEL_RGB = {"low": (0x2e, 0x9d, 0x4b), "medium": (0xf0, 0xa3, 0x0a), "critical": (0xc6, 0x28, 0x28)}


def read_png(path) -> np.ndarray:
    import matplotlib.image
    return matplotlib.image.imread(path)[..., :3] * 255


def coloured(rgb: np.ndarray) -> np.ndarray:
    return (rgb.max(axis=-1) - rgb.min(axis=-1)) > 10


def panel_boxes(rgb: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(top, bottom, left, right) of each matrix of a picture of several, row by row."""
    from scipy import ndimage
    joined = ndimage.binary_closing(coloured(rgb), structure=np.ones((9, 9)))  # over the white lines
    labels, n = ndimage.label(joined)
    boxes = [(s[0].start, s[0].stop - 1, s[1].start, s[1].stop - 1) for s in ndimage.find_objects(labels)]
    boxes = [b for b in boxes if b[1] - b[0] > 50 and b[3] - b[2] > 50]
    return sorted(boxes, key=lambda b: (round(b[0] / 50), b[2]))


def cell_colours(rgb: np.ndarray) -> np.ndarray:
    """The colour of each cell of a matrix PNG riskreg wrote, [p - 1, k - 1] -> RGB 0-255.

    The grid is found from the picture itself: the coloured (not grey) pixels span
    the 5 x 5 cells; each cell is sampled in its upper-left quarter, off the count
    label in its middle and the white lines between cells.
    """
    mask = coloured(rgb)
    cols, rows = np.nonzero(mask.sum(axis=0) > mask.shape[0] / 10)[0], np.nonzero(mask.sum(axis=1) > mask.shape[1] / 10)[0]
    x0, x1, y0, y1 = cols[0], cols[-1], rows[0], rows[-1]
    w, h = (x1 - x0) / 5, (y1 - y0) / 5
    out = np.zeros((5, 5, 3))
    for p in range(1, 6):
        for k in range(1, 6):
            top, left = y0 + (5 - p) * h, x0 + (k - 1) * w  # probability up, consequence across
            patch = rgb[int(top + 0.15 * h):int(top + 0.3 * h), int(left + 0.15 * w):int(left + 0.3 * w)]
            out[p - 1, k - 1] = patch.reshape(-1, 3).mean(axis=0)
    return out


def colours_meant(counts: np.ndarray, vmax: int, low_max: int, medium_max: int) -> np.ndarray:
    """The documented colouring: the level's colour blended from white, stronger with the count."""
    out = np.zeros((5, 5, 3))
    for p in range(1, 6):
        for k in range(1, 6):
            v = p * k
            level = "low" if v <= low_max else "medium" if v <= medium_max else "critical"
            strength = 0.18 + 0.82 * counts[p - 1, k - 1] / vmax
            out[p - 1, k - 1] = 255 - strength * (255 - np.array(LEVEL_RGB[level]))
    return out


def test_matrices_show_the_right_counts_in_the_right_cells(result):
    c, out = result
    hand = {name: hand_matrix(name) for name in NAMES}
    vmax = max(int(m.max()) for m in hand.values())
    panels = []
    for name in NAMES:
        risks = expected(name, "risks")
        want = hand[name]
        key = (shown(name), int(risks[0]["year"]))
        assert (c.matrices[key] == want).all(), name
        # the PNG riskreg wrote: every cell in its level's colour, as strong as its count
        drawn = cell_colours(read_png(out / matrix_file_name(*key)))
        assert np.abs(drawn - colours_meant(want, vmax, 3, 11)).max() < 3, name
        panels.append((key, name, want))
    # matrices.png: one panel per register, by organisation then year, all on the one scale
    overview = read_png(out / "matrices.png")
    boxes = panel_boxes(overview)
    assert len(boxes) == len(panels)
    for (y0, y1, x0, x1), (_, name, counts) in zip(boxes, sorted(panels)):
        drawn = cell_colours(overview[y0:y1 + 1, x0:x1 + 1])
        assert np.abs(drawn - colours_meant(counts, vmax, 3, 11)).max() < 4, name
    # seed 000: 35 risks at probability 3, consequence 3 (hand count of the seed's scores)
    assert c.matrices[("Hägersten-Älvsjö stadsdelsnämnd", 2020)][2, 2] == 35


def test_movement_of_the_district_with_two_years(result):
    _, out = result
    rows = read_csv(out / "movement.csv")
    assert len(rows) == 1
    m = rows[0]
    pairs = [r for r in read_csv(EXPECTED / "hagersten_liljeholmen_2020_2021.pairs.csv")]
    assert (m["from_year"], m["to_year"]) == ("2020", "2021")
    assert int(m["paired"]) == sum(1 for r in pairs if r["old_risk_nr"] and r["new_risk_nr"])
    assert int(m["new"]) == sum(1 for r in pairs if r["change"] == "new")
    assert int(m["removed"]) == sum(1 for r in pairs if r["change"] == "removed")
    # rescored as diff counts it (the hand-checked pairs' change words); its up and down are parts of it
    assert int(m["rescored"]) == sum(1 for r in pairs if "rescored" in r["change"].split(";")) == 9
    assert int(m["rescored_up"]) + int(m["rescored_down"]) <= int(m["rescored"])


def test_shared_risks_group_the_same_risk_of_different_districts(result):
    c, _ = result
    shared = c.shared
    # three districts print seed 000 (Hägersten-Liljeholmen's latest year is the 2021 one);
    # Kungsholmen's seed 004 register shares none of its risks
    assert "Kungsholmens stadsdelsnämnd" not in set(shared["organisation"])
    for _, members in shared.groupby("group"):
        assert members["organisation"].is_unique
        assert len(members) == members["organisations"].iloc[0] >= 2
    # each of the four (three in 2021) "Dyra och akuta underhållsåtgärder" is its own group,
    # members sharing one working method
    dyra = shared[shared["event"] == "Dyra och akuta underhållsåtgärder"]
    for _, members in dyra.groupby("group"):
        assert members["working_method"].nunique() == 1
    assert dyra["group"].nunique() == 4
    # the 2021-only risks are not shared
    assert not (shared["event"] == "E-tjänsterna används inte av invånarna").any()


def test_compare_html_in_browser(result, tmp_path):
    c, out = result
    with open_page(out / "compare.html", screenshot=tmp_path / "compare.png") as page:
        for section in ("profile", "matrices", "movement", "shared"):
            assert page.locator(f"#{section} h2").is_visible()
        rows = page.locator("#profile tbody tr")
        assert rows.count() == len(c.profile)
        shown = {}
        for row in rows.all():
            cells = row.locator("td").all_inner_texts()
            shown[(cells[0], cells[1])] = cells[2:6]
        for r in c.profile.itertuples():
            assert shown[(r.organisation, str(r.year))] == [str(r.risks), str(r.low), str(r.medium), str(r.critical)]
        # every matrix picture decoded by the browser, one per register plus the overview
        sizes = page.eval_on_selector_all("#matrices img", "els => els.map(e => [e.complete, e.naturalWidth])")
        assert len(sizes) == len(c.matrices) + 1 and all(done and width > 200 for done, width in sizes)
        movement = page.locator("#movement tbody tr").all_inner_texts()
        assert len(movement) == 1 and "2020 → 2021" in movement[0] and "91 → 92" in movement[0]
        assert page.locator("#shared tbody tr").count() == len(c.shared)
    assert (tmp_path / "compare.png").stat().st_size > 50_000


def test_cli_compare(tmp_path):
    result = CliRunner().invoke(cli, ["compare", str(SAMPLES / "farsta_2022.pdf"), str(SAMPLES / "skarholmen_2021.pdf"),
                                      "--out", str(tmp_path), "--levels", "4,9", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2 registers of 2 organisations, 182 risks; 91 risks shared" in result.output
    # --levels 4,9: Låg <= 4, Medium 5-9, Kritisk >= 10, in the profile and in the pictures' colours
    for name in ("farsta_2022", "skarholmen_2021"):
        values = [int(r["risk_value"]) for r in expected(name, "risks")]
        row = next(r for r in read_csv(tmp_path / "profile.csv") if r["organisation"] == shown(name))
        assert (int(row["low"]), int(row["medium"]), int(row["critical"])) == (
            sum(v <= 4 for v in values), sum(5 <= v <= 9 for v in values), sum(v >= 10 for v in values)), name
    vmax = max(int(hand_matrix(n).max()) for n in ("farsta_2022", "skarholmen_2021"))
    drawn = cell_colours(read_png(tmp_path / "matrix_farsta-stadsdelsnamnd_2022.png"))
    assert np.abs(drawn - colours_meant(hand_matrix("farsta_2022"), vmax, 4, 9)).max() < 3
    bad = CliRunner().invoke(cli, ["compare", str(SAMPLES), "--levels", "high"])
    assert bad.exit_code == 2 and "give two whole numbers" in bad.output
