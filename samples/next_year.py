"""Make the transcription of a plausible next year (2021) of seed 000, and the true pairing.

The edits below are written by hand, as data, each with what kind of change it
is; applying them to seed 000's transcription gives the 2021 document's
transcription (``source/seed000_2021_vor.csv`` and ``seed000_2021_ikp.csv``, in
the seed files' format) and the true pairing of 2020's risks with 2021's
(``expected/hagersten_liljeholmen_2020_2021.pairs.csv``). The pairing is known
by construction, never read from riskreg. ``build.py`` then prints the 2021
PDF like the other LibreOffice samples.

    python samples/next_year.py && python samples/build.py hagersten_liljeholmen_2021
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from build import resolve_merged  # the Word builder's reading of merged cells, shared

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
EXPECTED = HERE / "expected"

PROBABILITY = {1: "Osannolikt", 2: "Mindre sannolikt", 3: "Möjlig", 4: "Sannolikt", 5: "Mycket sannolikt"}
CONSEQUENCE = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig", 5: "Mycket allvarlig"}
VOR_KEYS = ["goal", "process", "working_method"]
IKP_KEYS = ["process", "working_method", "systematic_control"]

# --- the edits (numbers are 2020's risk numbers) ------------------------------------

REWORD = {
    1: "Klagomål från enskild rörande bemötande i handläggningen",  # clause added
    12: "Fältassistenternas samverkan med socialtjänsten fungerar inte på grund av bristande rutiner",  # wording fixed
    22: "Brukarnas synpunkter tas inte om hand i utformning och utveckling av verksamheten.",  # clause removed
    33: ("Verksamhets- och avtalsuppföljning för kontroll av verksamhetens åtgärder och kvalitet uteblir. "
         "Att ev. brister inte upptäcks och åtgärdas."),  # typo fixed (åtgärden)
    40: "Stadens miljöprogram genomförs inte",  # words reordered, "Att" dropped
    43: "Beslut som ska anmälas har inte anmälts till nämnden.",  # "Att" dropped, words reordered
    58: "Hög personalomsättning inom förvaltningen.",  # clause added
    90: "Ledamöterna i stadsdelsnämnden får inte beslutsunderlagen i tid.",  # synonym (near nr 91!)
}
RESCORE = {  # nr: (probability, consequence)
    1: (3, 3),  # also reworded
    4: (3, 2),
    9: (2, 2),
    13: (4, 3),  # in the control plan: the IKP's glued value follows
    21: (4, 4),
    45: (3, 4),
    73: (2, 3),  # one of the four "Dyra och akuta underhållsåtgärder"
    79: (3, 5),  # in the control plan
    88: (3, 4),  # also moved
}
REMOVE = [11, 46, 66, 70, 82]  # 66: one of the two identical förskolegaranti risks; 70: a "Dyra och akuta"
MOVE = {  # nr: the risk whose place (goal, process, working method) it moves to, placed after it
    17: 10,  # Trygghetsskapande arbete -> Samverkansöverenskommelse, "Uppdatering av prioriterade..."
    88: 89,  # another working method of the same process
}
IKP_IN = {  # nr: (systematic control, control activity) of the new control
    7: ("Besiktning av lekplatser och parkutrustning enligt plan.",
        "Uppföljning av besiktningsprotokoll två gånger per år på avdelningsnivå."),
    47: ("Behörighetsgenomgång i verksamhetssystemen.",
         "Stickprov på behörigheter i verksamhetssystemen en gång per år."),
}
IKP_OUT = [24, 55]
FIX_PROCESS = {  # a typo fixed in a process name (not a move)
    "Insatser till försörjningsstödtagare för att öka möjligheten till egen försörjning.":
        "Insatser till försörjningsstödstagare för att öka möjligheten till egen försörjning.",
}
SWAP = [(61, 62), (50, 51)]  # rows reordered within their working method
# new risks: (after 2020 nr, goal/process/working method of that risk unless given, event, p, k)
NEW = [
    (60, None, "Akuta underhållsbehov i förskolelokaler upptäcks sent", 3, 3),  # near "Dyra akuta omställningsbehov"
    (69, None, "Dyra och akuta evakueringar av boenden", 2, 4),  # near the removed "Dyra och akuta" nr 70
    (81, None, "Ej rättvisande bokslut", 2, 3),  # near "Ej rättvisande resultat"
    (8, None, "Att krisledningsorganisationen inte kan nås vid ett längre strömavbrott", 2, 5),
    (81, ("Digitalisering", "Införande av e-tjänster inom socialtjänsten"),
     "E-tjänsterna används inte av invånarna", 3, 2),  # a new process under goal 3.2
    (81, ("Digitalisering", "Införande av e-tjänster inom socialtjänsten"),
     "Personuppgifter hanteras felaktigt i nya e-tjänster", 2, 4),
]


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


def next_year(vor: list[dict], ikp: list[dict]):
    risks = resolve_merged(vor, VOR_KEYS)
    for r in risks:
        r["old_nr"] = int(r["risk_nr"])
    by_old = {r["old_nr"]: r for r in risks}
    for r in risks:
        nr = r["old_nr"]
        r["process"] = FIX_PROCESS.get(r["process"], r["process"])
        r["new_event"] = REWORD.get(nr, r["event"])
        if nr in RESCORE:
            p, k = RESCORE[nr]
            r["probability"], r["consequence"] = score_text(p, PROBABILITY), score_text(k, CONSEQUENCE)
            r["risk_value"] = str(p * k)
        if nr in IKP_IN:
            r["ikp"] = "star_pua"
        if nr in IKP_OUT:
            r["ikp"] = "nej"
    order = [r for r in risks if r["old_nr"] not in REMOVE and r["old_nr"] not in MOVE]
    for a, b in SWAP:
        i, j = order.index(by_old[a]), order.index(by_old[b])
        order[i], order[j] = order[j], order[i]
    for nr, target in MOVE.items():
        moved = by_old[nr]
        for k in VOR_KEYS:
            moved[k] = by_old[target][k]
        order.insert(order.index(by_old[target]) + 1, moved)
    for after, place, event, p, k in reversed(NEW):
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
        if old in IKP_OUT or old in REMOVE:
            continue
        r = by_old[old]
        c = dict(c, risk_nr=str(new_nr[old]))
        c["event_as_printed"] = glued(c["event_as_printed"], r["event"], r["new_event"], int(r["risk_value"]))
        kept.append(c)
    for old, (systematic, activity) in IKP_IN.items():
        r = by_old[old]
        goal = next(g for prefix, g in goal_of.items() if r["goal"].startswith(prefix))
        kept.append({"goal": goal, "process": r["process"], "working_method": r["working_method"],
                     "systematic_control": systematic, "event_as_printed": f"{r['risk_value']} {r['new_event']}",
                     "control_activity": activity, "risk_nr": str(new_nr[old])})
    kept.sort(key=lambda c: int(c["risk_nr"]))

    vor_out = [{**{k: r[k] for k in vor[0]}, "event": r["new_event"]} for r in order]
    vor_out = blank_merged(vor_out, VOR_KEYS)
    ikp_out = blank_merged(kept, IKP_KEYS, table_key="goal")
    return vor_out, ikp_out, pairs(by_old, order, new_nr)


def pairs(by_old: dict, order: list[dict], new_nr: dict) -> list[dict]:
    out = []
    for r in order:
        old = r["old_nr"]
        if old is None:
            out.append({"old_risk_nr": "", "new_risk_nr": r["risk_nr"], "change": "new"})
            continue
        words = []
        if old in REWORD:
            words.append("reworded")
        if old in RESCORE:
            words.append("rescored")
        if old in MOVE:
            words.append("moved")
        if old in IKP_IN:
            words.append("ikp_in")
        if old in IKP_OUT:
            words.append("ikp_out")
        out.append({"old_risk_nr": str(old), "new_risk_nr": r["risk_nr"], "change": ";".join(words) or "unchanged"})
    for old in REMOVE:
        out.append({"old_risk_nr": str(old), "new_risk_nr": "", "change": "removed"})
    return out


def main() -> int:
    vor, ikp = read(SOURCE / "seed000_vor.csv"), read(SOURCE / "seed000_ikp.csv")
    # self-check: resolving and blanking again gives the seed back
    assert blank_merged(resolve_merged(vor, VOR_KEYS), VOR_KEYS) == vor
    assert blank_merged(resolve_merged(ikp, IKP_KEYS), IKP_KEYS, table_key="goal") == ikp
    vor_out, ikp_out, pairing = next_year(vor, ikp)
    write(SOURCE / "seed000_2021_vor.csv", vor_out, list(vor[0]))
    write(SOURCE / "seed000_2021_ikp.csv", ikp_out, list(ikp[0]))
    write(EXPECTED / "hagersten_liljeholmen_2020_2021.pairs.csv", pairing, ["old_risk_nr", "new_risk_nr", "change"])
    print(f"{len(vor_out)} risks, {len(ikp_out)} controls, {len(pairing)} pairing rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
