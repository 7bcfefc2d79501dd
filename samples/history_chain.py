"""Make a four-year chain of one district (2020-2023) and its true history: keys and changes.

2020 and 2021 are the existing samples (seed 000 and ``next_year.py``'s edit of
it). The edits below, written by hand as data, make 2022 from 2021 and 2023
from 2022, in the seed files' format (``source/seed000_2022_vor.csv`` ...).
Each risk's identity is carried through the edits, so the true history is known
by construction, never read from riskreg: ``expected/hagersten_chain.history.csv``
gives every risk of every year its key (organisation code, first year, number in
that year) and its change from the previous year of that key, and one
``removed`` row per departure (the year it was last seen).

What the chain shows: rewordings (two of them short events that only their
context pairs), rescorings, removals, additions, a risk that leaves in 2022 and
returns in 2023, a process renamed in 2022, risks into and out of the control
plan, and the district renamed in 2023 (Hägersten-Liljeholmen -> Hägersten-Älvsjö,
one organisation in the alias table).

    python samples/history_chain.py && python samples/build.py hagersten_liljeholmen_2022 hagersten_alvsjo_2023
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import next_year as ny
from build import resolve_merged

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
EXPECTED = HERE / "expected"

#: the organisation code the alias table gives Hägersten-Liljeholmen and Hägersten-Älvsjö
CODE = "hagersten-alvsjo"
ORGANISATION = "Hägersten-Älvsjö stadsdelsnämnd"
YEARS = (2020, 2021, 2022, 2023)
FILES = {2020: "hagersten_liljeholmen_2020.pdf", 2021: "hagersten_liljeholmen_2021.pdf",
         2022: "hagersten_liljeholmen_2022.pdf", 2023: "hagersten_alvsjo_2023.pdf"}


@dataclass
class Edits:
    """One year's edits, numbers being the previous year's risk numbers."""

    reword: dict = field(default_factory=dict)  # nr: new event
    rescore: dict = field(default_factory=dict)  # nr: (probability, consequence)
    remove: list = field(default_factory=list)
    ikp_in: dict = field(default_factory=dict)  # nr: (systematic control, control activity)
    ikp_out: list = field(default_factory=list)
    rename_process: dict = field(default_factory=dict)  # old name: new name (a move: the name changes)
    # (after nr, (process, working method) or None, event, p, k, None or (returning key, change words))
    new: list = field(default_factory=list)


EDITS = {
    2022: Edits(
        reword={
            27: "Dokumentationen sker inte löpande och är inte tillräckligt omfattande eller korrekt.",
            37: "Dålig framkomlighet på parkvägarna vintertid",  # clause added
            48: "Brott mot sekretessen",  # short: "Sekretessbrott", paired by its context
            74: "Verksamhetsutbudet blir felaktigt",  # "Felaktigt utbud av verksamhet": four words to three
        },
        rescore={2: (3, 4), 16: (4, 3), 36: (3, 4), 57: (4, 3), 65: (3, 5)},
        remove=[35, 63, 80],  # 35 comes back in 2023
        ikp_in={58: ("Uppföljning av rekryteringsprocessen.",
                     "Genomgång av rekryteringsstatistik två gånger per år på avdelningsnivå.")},
        ikp_out=[46],
        rename_process={"Redovisning": "Ekonomisk uppföljning och bokslut"},
        new=[
            (9, None, "Krisberedskapen brister vid en långvarig värmebölja", 3, 4, None),
            (53, None, "Leverantörer följer inte avtalade arbetsvillkor", 3, 3, None),
        ],
    ),
    2023: Edits(
        reword={
            10: "Krisberedskapen brister vid långvarig värmebölja eller kyla",  # the 2022 newcomer reworded
            45: "Incident med personuppgifter",  # short: "Personuppgiftsincident", paired by its context
            89: "Chefer kan inte ta ansvar för sina verksamheter och sitt arbetsmiljöansvar.",
        },
        rescore={10: (3, 3), 22: (3, 4), 58: (4, 4), 78: (2, 5)},
        remove=[31, 54],  # 54 came in 2022
        ikp_in={44: ("Genomgång av åtkomst till dokumentation i verksamhetssystemen.",
                     "Stickprov på åtkomstloggar två gånger per år på avdelningsnivå.")},
        ikp_out=[59],  # in the plan for one year only
        new=[
            # back after a year away, under its own working method again, rescored from 2021's 3 x 2
            (35, ("Samverkan med lokalt näringsliv", "Platssamverkan"),
             "Näringsidkare vet inte hur de kan delta i trygghetsarbetet.", 3, 3,
             ("hagersten-alvsjo-2020-35", "rescored")),
            (67, None, "Lokaler saknas för nya förskoleavdelningar", 3, 4, None),
            (82, None, "Invånarna får inte stöd i att använda e-tjänsterna", 2, 3, None),  # near nr 81
        ],
    ),
}


def _apply(vor: list[dict], ikp: list[dict], e: Edits, prev_keys: dict[int, str]):
    """The next year's VoR and IKP rows, and each new row's (key, change) by construction."""
    risks = resolve_merged(vor, ny.VOR_KEYS)
    for r in risks:
        r["old_nr"] = int(r["risk_nr"])
    by_old = {r["old_nr"]: r for r in risks}
    for r in risks:
        nr = r["old_nr"]
        words = []
        if nr in e.reword:
            words.append("reworded")
        r["new_event"] = e.reword.get(nr, r["event"])
        if nr in e.rescore:
            p, k = e.rescore[nr]
            r["probability"], r["consequence"] = ny.score_text(p, ny.PROBABILITY), ny.score_text(k, ny.CONSEQUENCE)
            r["risk_value"] = str(p * k)
            words.append("rescored")
        if r["process"] in e.rename_process:
            r["process"] = e.rename_process[r["process"]]
            words.append("moved")
        if nr in e.ikp_in:
            r["ikp"] = "star_pua"
            words.append("ikp_in")
        if nr in e.ikp_out:
            r["ikp"] = "nej"
            words.append("ikp_out")
        r["truth"] = (prev_keys[nr], ";".join(words) or "unchanged")
    order = [r for r in risks if r["old_nr"] not in e.remove]
    for after, place, event, p, k, returning in reversed(e.new):
        anchor = by_old[after]
        row = {**anchor, "old_nr": None, "new_event": event, "marker": "pua",
               "probability": ny.score_text(p, ny.PROBABILITY), "consequence": ny.score_text(k, ny.CONSEQUENCE),
               "risk_value": str(p * k), "ikp": "nej", "truth": (returning, "new")}
        if place:
            row["process"], row["working_method"] = place
        order.insert(order.index(anchor) + 1, row)
    for i, r in enumerate(order, start=1):
        r["risk_nr"] = str(i)
    new_nr = {r["old_nr"]: int(r["risk_nr"]) for r in order if r["old_nr"] is not None}

    controls = resolve_merged(ikp, ny.IKP_KEYS)
    goal_of = {}
    for c in controls:
        goal_of.setdefault(c["goal"][:3].rstrip("."), c["goal"])
    kept = []
    for c in controls:
        old = int(c["risk_nr"])
        if old in e.ikp_out or old in e.remove:
            continue
        r = by_old[old]
        c = dict(c, risk_nr=str(new_nr[old]))
        c["event_as_printed"] = ny.glued(c["event_as_printed"], r["event"], r["new_event"], int(r["risk_value"]))
        kept.append(c)
    for old, (systematic, activity) in e.ikp_in.items():
        r = by_old[old]
        goal = next(g for prefix, g in goal_of.items() if r["goal"].startswith(prefix))
        kept.append({"goal": goal, "process": r["process"], "working_method": r["working_method"],
                     "systematic_control": systematic, "event_as_printed": f"{r['risk_value']} {r['new_event']}",
                     "control_activity": activity, "risk_nr": str(new_nr[old])})
    kept.sort(key=lambda c: int(c["risk_nr"]))

    vor_out = [{**{k: r[k] for k in vor[0]}, "event": r["new_event"]} for r in order]
    return ny.blank_merged(vor_out, ny.VOR_KEYS), ny.blank_merged(kept, ny.IKP_KEYS, table_key="goal"), order


def key_of(year: int, nr: int) -> str:
    return f"{CODE}-{year}-{nr:02d}"


def first_two_years() -> tuple[list[dict], dict[int, str]]:
    """The truth of 2020 (every risk new) and 2021 (next_year.py's pairing), and 2021's keys by number."""
    rows, keys_2020 = [], {}
    for r in resolve_merged(ny.read(SOURCE / "seed000_vor.csv"), ny.VOR_KEYS):
        nr = int(r["risk_nr"])
        keys_2020[nr] = key_of(2020, nr)
        rows.append(_truth_row(2020, r, keys_2020[nr], "new"))
    pairs = ny.read(EXPECTED / "hagersten_liljeholmen_2020_2021.pairs.csv")
    by_new = {int(p["new_risk_nr"]): p for p in pairs if p["new_risk_nr"]}
    keys_2021 = {}
    for r in resolve_merged(ny.read(SOURCE / "seed000_2021_vor.csv"), ny.VOR_KEYS):
        nr = int(r["risk_nr"])
        p = by_new[nr]
        keys_2021[nr] = keys_2020[int(p["old_risk_nr"])] if p["old_risk_nr"] else key_of(2021, nr)
        rows.append(_truth_row(2021, r, keys_2021[nr], p["change"]))
    return rows, keys_2021


def _truth_row(year: int, r: dict, key: str, change: str) -> dict:
    return {"year": year, "source_file": FILES[year], "risk_nr": r["risk_nr"], "risk_key": key,
            "event": r.get("new_event", r["event"]), "change": change}


def departures(truth: list[dict]) -> list[dict]:
    """A 'removed' row for each time a key leaves: its last row before a year it is missing."""
    years = {}
    for t in truth:
        years.setdefault(t["risk_key"], {})[t["year"]] = t
    out = []
    for key, seen in years.items():
        for year, row in seen.items():
            following = YEARS.index(year) + 1
            if following < len(YEARS) and YEARS[following] not in seen:
                out.append({**row, "change": "removed"})
    return sorted(out, key=lambda r: (r["risk_key"], r["year"]))


FIELDS = ["year", "source_file", "risk_nr", "risk_key", "change", "event"]


def main() -> int:
    truth, keys = first_two_years()
    vor, ikp = ny.read(SOURCE / "seed000_2021_vor.csv"), ny.read(SOURCE / "seed000_2021_ikp.csv")
    for year in (2022, 2023):
        vor, ikp, order = _apply(vor, ikp, EDITS[year], keys)
        keys = {}
        for r in order:
            key, change = r["truth"]
            if r["old_nr"] is None:
                if key is not None:  # a risk back after a year away: its old key, compared with its last year
                    key, words = key
                    change = ";".join(["returned", *([words] if words else [])])
                else:
                    key = key_of(year, int(r["risk_nr"]))
            keys[int(r["risk_nr"])] = key
            truth.append(_truth_row(year, r, key, change))
        ny.write(SOURCE / f"seed000_{year}_vor.csv", vor, list(vor[0]))
        ny.write(SOURCE / f"seed000_{year}_ikp.csv", ikp, list(ikp[0]))
        print(f"{FILES[year]}: {len(vor)} risks, {len(ikp)} controls")
    rows = truth + departures(truth)
    ny.write(EXPECTED / "hagersten_chain.history.csv", rows, FIELDS)
    print(f"{len(rows)} history rows, {len({r['risk_key'] for r in rows})} keys")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
