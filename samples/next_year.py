"""Make the transcriptions of plausible next years of seed 000, and their true pairings.

The edits below are written by hand, as data, each with what kind of change it
is; applying them to seed 000's transcription gives the next year's
transcription (``source/<source>_vor.csv`` and ``<source>_ikp.csv``, in the seed
files' format) and the true pairing of the two years' risks
(``expected/<old>_<new year>.pairs.csv``). The pairing is known by
construction, never read from riskreg. ``build.py`` then prints the next year's
PDF like the other LibreOffice samples.

Two next years, with different edits:

- Hägersten-Liljeholmen 2020 -> 2021 (``HAGERSTEN_2021``): the pair diff's
  thresholds were chosen on (docs/cli.md, "How diff pairs risks").
- Farsta 2022 -> 2023 (``FARSTA_2023``): written afterwards, never used to
  choose a threshold, so it tests them: another district's edits, with near
  misses of their own (a new risk worded like two identical old ones, a
  rewording of one of two identical risks, a removed risk that had a control).

    python samples/next_year.py && python samples/build.py hagersten_liljeholmen_2021 farsta_2023
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from build import resolve_merged  # the Word builder's reading of merged cells, shared

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
EXPECTED = HERE / "expected"

PROBABILITY = {1: "Osannolikt", 2: "Mindre sannolikt", 3: "Möjlig", 4: "Sannolikt", 5: "Mycket sannolikt"}
CONSEQUENCE = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig", 5: "Mycket allvarlig"}
VOR_KEYS = ["goal", "process", "working_method"]
IKP_KEYS = ["process", "working_method", "systematic_control"]

# --- the edits (numbers are the old year's risk numbers) ------------------------------


@dataclass
class Edits:
    """One next year, as hand-written changes to seed 000's transcription."""

    source: str  # the next year's transcription: source/<source>_vor.csv, _ikp.csv
    pairs: str  # the true pairing: expected/<pairs>.pairs.csv
    reword: dict = field(default_factory=dict)  # nr: new event text
    rescore: dict = field(default_factory=dict)  # nr: (probability, consequence)
    remove: list = field(default_factory=list)
    move: dict = field(default_factory=dict)  # nr: the risk whose place it moves to, placed after it
    ikp_in: dict = field(default_factory=dict)  # nr: (systematic control, control activity) of a new control
    ikp_out: list = field(default_factory=list)
    fix_process: dict = field(default_factory=dict)  # a typo fixed in a process name (not a move)
    swap: list = field(default_factory=list)  # rows reordered within their working method
    # new risks: (after old nr, goal/process/working method of that risk unless given, event, p, k)
    new: list = field(default_factory=list)


HAGERSTEN_2021 = Edits(
    source="seed000_2021", pairs="hagersten_liljeholmen_2020_2021",
    reword={
        1: "Klagomål från enskild rörande bemötande i handläggningen",  # clause added
        12: "Fältassistenternas samverkan med socialtjänsten fungerar inte på grund av bristande rutiner",  # wording fixed
        22: "Brukarnas synpunkter tas inte om hand i utformning och utveckling av verksamheten.",  # clause removed
        33: ("Verksamhets- och avtalsuppföljning för kontroll av verksamhetens åtgärder och kvalitet uteblir. "
             "Att ev. brister inte upptäcks och åtgärdas."),  # typo fixed (åtgärden)
        40: "Stadens miljöprogram genomförs inte",  # words reordered, "Att" dropped
        43: "Beslut som ska anmälas har inte anmälts till nämnden.",  # "Att" dropped, words reordered
        58: "Hög personalomsättning inom förvaltningen.",  # clause added
        90: "Ledamöterna i stadsdelsnämnden får inte beslutsunderlagen i tid.",  # synonym (near nr 91!)
    },
    rescore={  # nr: (probability, consequence)
        1: (3, 3),  # also reworded
        4: (3, 2),
        9: (2, 2),
        13: (4, 3),  # in the control plan: the IKP's glued value follows
        21: (4, 4),
        45: (3, 4),
        73: (2, 3),  # one of the four "Dyra och akuta underhållsåtgärder"
        79: (3, 5),  # in the control plan
        88: (3, 4),  # also moved
    },
    remove=[11, 46, 66, 70, 82],  # 66: one of the two identical förskolegaranti risks; 70: a "Dyra och akuta"
    move={  # nr: the risk whose place (goal, process, working method) it moves to, placed after it
        17: 10,  # Trygghetsskapande arbete -> Samverkansöverenskommelse, "Uppdatering av prioriterade..."
        88: 89,  # another working method of the same process
    },
    ikp_in={  # nr: (systematic control, control activity) of the new control
        7: ("Besiktning av lekplatser och parkutrustning enligt plan.",
            "Uppföljning av besiktningsprotokoll två gånger per år på avdelningsnivå."),
        47: ("Behörighetsgenomgång i verksamhetssystemen.",
             "Stickprov på behörigheter i verksamhetssystemen en gång per år."),
    },
    ikp_out=[24, 55],
    fix_process={  # a typo fixed in a process name (not a move)
        "Insatser till försörjningsstödtagare för att öka möjligheten till egen försörjning.":
            "Insatser till försörjningsstödstagare för att öka möjligheten till egen försörjning.",
    },
    swap=[(61, 62), (50, 51)],  # rows reordered within their working method
    new=[
        (60, None, "Akuta underhållsbehov i förskolelokaler upptäcks sent", 3, 3),  # near "Dyra akuta omställningsbehov"
        (69, None, "Dyra och akuta evakueringar av boenden", 2, 4),  # near the removed "Dyra och akuta" nr 70
        (81, None, "Ej rättvisande bokslut", 2, 3),  # near "Ej rättvisande resultat"
        (8, None, "Att krisledningsorganisationen inte kan nås vid ett längre strömavbrott", 2, 5),
        (81, ("Digitalisering", "Införande av e-tjänster inom socialtjänsten"),
         "E-tjänsterna används inte av invånarna", 3, 2),  # a new process under goal 3.2
        (81, ("Digitalisering", "Införande av e-tjänster inom socialtjänsten"),
         "Personuppgifter hanteras felaktigt i nya e-tjänster", 2, 4),
    ],
)

FARSTA_2023 = Edits(
    source="seed000_farsta2023", pairs="farsta_2022_2023",
    reword={
        3: "Att beställd åtgärd inte utförs.",  # synonym; nr 5 keeps the old words (the two were alike)
        8: "Rutinerna vid en kris fungerar inte",  # "Att" dropped, words reordered
        18: "Barn i behov av särskilt stöd får inte det stöd de behöver för sin utveckling",  # nr 19 keeps the old
        27: "Dokumentationen sker inte löpande och är inte tillräckligt omfattande eller korrekt.",
        41: "Förvaltningens prognos är inte rättvisande",  # rewritten
        59: ("Svårt att rekrytera personal med rätt kompetens på grund av få sökande inom vissa "
             "yrkesområden."),
        76: "Felaktigt lokalutbud och ineffektivt utnyttjande av resurser",
        89: ("SAM och rehabiliteringsprocessen följs inte, vilket innebär att sjuktalen inte minskar och att "
             "individärenden inte följs upp."),  # clauses shortened
    },
    rescore={
        2: (4, 3),  # in the control plan
        7: (3, 4),
        21: (2, 4),
        36: (3, 4),
        53: (4, 4),  # in the control plan
        62: (2, 3),
        74: (3, 4),  # one of the four "Undermålig lokal där verksamhet måste evakueras"
        86: (3, 3),
        89: (2, 3),  # also reworded
    },
    remove=[10, 34, 48, 67, 85],  # 67: a "Dyra och akuta"; 85: one of two identical risks, with a control
    move={35: 17},  # Platssamverkan's risk goes to Trygghetsskapande arbete
    ikp_in={
        44: ("Kontroll av behörigheter i verksamhetssystemen.",
             "Stickprov på tio behörigheter per halvår på avdelningsnivå."),
    },
    ikp_out=[31],
    fix_process={
        "Samverkansöverenskomelse med lokalpolisområde Skärholmen":
            "Samverkansöverenskommelse med lokalpolisområde Skärholmen",
    },
    swap=[(63, 64)],
    new=[
        (5, None, "Att beställd snöröjning inte utförs", 2, 3),  # worded like nr 3 and nr 5
        (42, None, "Prognosen för helåret är inte tillförlitlig", 3, 3),  # near nr 41's new words
        (66, None, "Förvaltningen kan inte erbjuda lokaler för fritidsverksamhet", 2, 3),
        (87, ("Digital attest", "Attestering i e-handelssystemet"), "Attest görs utan att underlag finns", 2, 4),
        (91, None, "Politikerna i sociala delegationen får inte protokollen i tid", 2, 2),  # near nr 91
    ],
)

EDITS = [HAGERSTEN_2021, FARSTA_2023]


# --- applying them ---------------------------------------------------------------------

def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, rows: list[dict], fields: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def blank_merged(rows: list[dict], keys: list[str], table_key: str | None = None) -> list[dict]:
    """The inverse of resolve_merged: print a value only where it differs from the row above
    or a level above it starts a new cell (and on each table's first row)."""
    out, prev = [], None
    for r in rows:
        row = dict(r)
        starts = prev is None or (table_key is not None and r[table_key] != prev[table_key])
        for k in keys:
            starts = starts or r[k] != prev[k]
            if not starts:
                row[k] = ""
        out.append(row)
        prev = r
    return out


def score_text(n: int, scale: dict) -> str:
    return f"{n}. {scale[n]}"


def glued(event_as_printed: str, old_event: str, new_event: str, value: int) -> str:
    """The IKP's event text following the VoR: its words replaced only where the VoR reworded
    the event, the risk value glued on the side it was printed. A control printed without a
    value, or spelled its own way (seed nr 2: "Försörjningsstödstagare ..."), stays as it was."""
    text = event_as_printed.strip()
    before = re.match(r"^(\d{1,2})\s+(.*)$", text)
    after = re.match(r"^(.*?)\s+(\d{1,2})$", text)
    event = before.group(2) if before else after.group(1) if after else text
    if new_event != old_event:
        event = new_event
    if before:
        return f"{value} {event}"
    if after:
        return f"{event} {value}"
    return event


def next_year(vor: list[dict], ikp: list[dict], e: Edits):
    risks = resolve_merged(vor, VOR_KEYS)
    for r in risks:
        r["old_nr"] = int(r["risk_nr"])
    by_old = {r["old_nr"]: r for r in risks}
    for r in risks:
        nr = r["old_nr"]
        r["process"] = e.fix_process.get(r["process"], r["process"])
        r["new_event"] = e.reword.get(nr, r["event"])
        if nr in e.rescore:
            p, k = e.rescore[nr]
            r["probability"], r["consequence"] = score_text(p, PROBABILITY), score_text(k, CONSEQUENCE)
            r["risk_value"] = str(p * k)
        if nr in e.ikp_in:
            r["ikp"] = "star_pua"
        if nr in e.ikp_out:
            r["ikp"] = "nej"
    order = [r for r in risks if r["old_nr"] not in e.remove and r["old_nr"] not in e.move]
    for a, b in e.swap:
        i, j = order.index(by_old[a]), order.index(by_old[b])
        order[i], order[j] = order[j], order[i]
    for nr, target in e.move.items():
        moved = by_old[nr]
        for k in VOR_KEYS:
            moved[k] = by_old[target][k]
        order.insert(order.index(by_old[target]) + 1, moved)
    for after, place, event, p, k in reversed(e.new):
        anchor = by_old[after]
        row = {**anchor, "old_nr": None, "new_event": event, "marker": "pua",
               "probability": score_text(p, PROBABILITY), "consequence": score_text(k, CONSEQUENCE),
               "risk_value": str(p * k), "ikp": "nej"}
        if place:
            row["process"], row["working_method"] = place
        order.insert(order.index(anchor) + 1, row)
    for i, r in enumerate(order, start=1):
        r["risk_nr"] = str(i)
    new_nr = {r["old_nr"]: int(r["risk_nr"]) for r in order if r["old_nr"] is not None}

    # the control plan: same controls, renumbered, texts and glued values following the VoR
    controls = resolve_merged(ikp, IKP_KEYS)
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
        c["event_as_printed"] = glued(c["event_as_printed"], r["event"], r["new_event"], int(r["risk_value"]))
        kept.append(c)
    for old, (systematic, activity) in e.ikp_in.items():
        r = by_old[old]
        goal = next(g for prefix, g in goal_of.items() if r["goal"].startswith(prefix))
        kept.append({"goal": goal, "process": r["process"], "working_method": r["working_method"],
                     "systematic_control": systematic, "event_as_printed": f"{r['risk_value']} {r['new_event']}",
                     "control_activity": activity, "risk_nr": str(new_nr[old])})
    kept.sort(key=lambda c: int(c["risk_nr"]))

    vor_out = [{**{k: r[k] for k in vor[0]}, "event": r["new_event"]} for r in order]
    vor_out = blank_merged(vor_out, VOR_KEYS)
    ikp_out = blank_merged(kept, IKP_KEYS, table_key="goal")
    return vor_out, ikp_out, pairs(by_old, order, new_nr, e)


def pairs(by_old: dict, order: list[dict], new_nr: dict, e: Edits) -> list[dict]:
    out = []
    for r in order:
        old = r["old_nr"]
        if old is None:
            out.append({"old_risk_nr": "", "new_risk_nr": r["risk_nr"], "change": "new"})
            continue
        words = []
        if old in e.reword:
            words.append("reworded")
        if old in e.rescore:
            words.append("rescored")
        if old in e.move:
            words.append("moved")
        if old in e.ikp_in:
            words.append("ikp_in")
        if old in e.ikp_out:
            words.append("ikp_out")
        out.append({"old_risk_nr": str(old), "new_risk_nr": r["risk_nr"], "change": ";".join(words) or "unchanged"})
    for old in e.remove:
        out.append({"old_risk_nr": str(old), "new_risk_nr": "", "change": "removed"})
    return out


def main() -> int:
    vor, ikp = read(SOURCE / "seed000_vor.csv"), read(SOURCE / "seed000_ikp.csv")
    # self-check: resolving and blanking again gives the seed back
    assert blank_merged(resolve_merged(vor, VOR_KEYS), VOR_KEYS) == vor
    assert blank_merged(resolve_merged(ikp, IKP_KEYS), IKP_KEYS, table_key="goal") == ikp
    for e in EDITS:
        vor_out, ikp_out, pairing = next_year(vor, ikp, e)
        write(SOURCE / f"{e.source}_vor.csv", vor_out, list(vor[0]))
        write(SOURCE / f"{e.source}_ikp.csv", ikp_out, list(ikp[0]))
        write(EXPECTED / f"{e.pairs}.pairs.csv", pairing, ["old_risk_nr", "new_risk_nr", "change"])
        print(f"{e.source}: {len(vor_out)} risks, {len(ikp_out)} controls, {len(pairing)} pairing rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
