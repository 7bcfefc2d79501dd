"""Follow each risk of one organisation through many years: one key per risk, whatever its wording.

Year by year, the new year's risks are joined to the keys seen so far in three
steps, each leaving the risks it could not place to the next:

1. ``pair_risks`` against the previous year, exactly as ``riskreg diff`` pairs
   two years (one-to-one global assignment, threshold and event floor);
2. ``context_pairs``: a short event reworded in the same place (goal, process,
   working method alike) and sharing a word stem with a previous-year risk that
   is still unpaired ("Sekretessbrott" -> "Brott mot sekretessen"): the text
   alone is too short to decide, its context decides. Only a candidate that is
   the single one for both risks pairs; a tie pairs nothing;
3. ``pair_risks`` against the keys missing from the previous year (their last
   version): a risk that was away and is back keeps its key (``returned``);
4. ``pairing.add_place_pairs``, the rule ``riskreg diff`` pairs by too: an old
   and a new risk still unpaired, between the same paired neighbours (steps 1
   and 2) and under the same process and working method, are one risk reworded
   when nothing else claims either; two candidates for one risk pair none and
   give a ``pairing_uncertain`` warning (``Chain.uncertain``).

Each link records its basis: "text" (steps 1 and 3) or "context" (2 and 4).

What is left gets a new key. A key present one year and missing the next has
left (``removed``), and may return later.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from ..schema import text_of
from ..settings_base import SettingsBase
from .changes import ChangeSettings, change_words
from ..schema import Problem
from .context import CONTEXT, TEXT, event_words, share_stem
from .pairing import PairSettings, Pairing, add_place_pairs, pair_risks
from .scorer import field_similarity, goal_text


@dataclass(frozen=True)
class ChainSettings(SettingsBase):
    """When a short event is paired by its context (step 2)."""

    stage = "chain"

    #: an event of at most this many words is too short for its text alone to decide
    #: (the shorter of the two; "Dyra och akuta underhållsåtgärder", four words, is not)
    short_event_words: int = 3
    #: goal, process and working method must each be at least this alike (0-100)
    same_context: float = 90.0
    #: the two events must share a word stem: a word of each starting with the same
    #: this many letters ("sekretessbrott" / "sekretessen")
    stem_letters: int = 5


@dataclass
class Link:
    """Where one risk of a year belongs: its key (an index into the chain's keys) and its change."""

    key: int
    change: str
    #: what joined it to its key's previous year: "text", "context", or "" for a new key
    basis: str = ""


@dataclass
class Chain:
    """The chain of one organisation: per year, one Link per risk (in the frame's row order)."""

    links: list[list[Link]]
    #: (key, year index) for each time a key left: present that year, missing the next
    departures: list[tuple[int, int]]
    #: (year index, row index) where each key was first seen
    first_seen: list[tuple[int, int]]
    #: pairing_uncertain warnings of every year's step 3
    uncertain: list[Problem] = field(default_factory=list)


def _same_place(old: dict, new: dict, s: ChainSettings) -> bool:
    places = [(goal_text(old), goal_text(new)), (old.get("process"), new.get("process")),
              (old.get("working_method"), new.get("working_method"))]
    return all(field_similarity(text_of(a), text_of(b)) >= s.same_context for a, b in places)


def context_pairs(old: list[dict], new: list[dict], s: ChainSettings) -> list[tuple[int, int]]:
    """(old, new) positions of short events paired by their place; a risk with two candidates pairs none."""
    candidates = []
    for i, o in enumerate(old):
        a = event_words(o.get("event"))
        for j, n in enumerate(new):
            b = event_words(n.get("event"))
            if (a and b and min(len(a), len(b)) <= s.short_event_words and _same_place(o, n, s)
                    and share_stem(a, b, s.stem_letters)):
                candidates.append((i, j))
    per_old = Counter(i for i, _ in candidates)
    per_new = Counter(j for _, j in candidates)
    return [(i, j) for i, j in candidates if per_old[i] == 1 and per_new[j] == 1]


def _text_and_short(prev: pd.DataFrame, cur: pd.DataFrame, ps: PairSettings, s: ChainSettings) -> Pairing:
    """Steps 1 and 2: the text matcher, then short events by their context."""
    pairing = pair_risks(prev, cur, ps)
    prev_rows, rows = prev.to_dict("records"), cur.to_dict("records")
    left_old, left_new = pairing.removed, pairing.new
    short = [(left_old[a], left_new[b]) for a, b in
             context_pairs([prev_rows[i] for i in left_old], [rows[j] for j in left_new], s)]
    taken_old, taken_new = {i for i, _ in short}, {j for _, j in short}
    return Pairing(pairs=sorted(pairing.pairs + [(i, j, float(pairing.scores[i, j])) for i, j in short],
                                key=lambda p: (p[1], p[0])),
                   removed=[i for i in left_old if i not in taken_old],
                   new=[j for j in left_new if j not in taken_new], scores=pairing.scores,
                   events=pairing.events, basis={p: CONTEXT for p in short})


def _file_name(frame: pd.DataFrame) -> str:
    return str(frame["source_file"].iloc[0]) if "source_file" in frame and len(frame) else ""


def _join_year(prev: pd.DataFrame, prev_keys: list[int], cur: pd.DataFrame, last: dict[int, tuple[int, dict]],
               t: int, settings: tuple[PairSettings, ChangeSettings, ChainSettings]) -> tuple[dict[int, Link], Pairing]:
    """Where each of year T's risks belongs (row -> Link) by steps 1-4, and the place step's pairing."""
    ps, cs, s = settings
    prev_rows, rows = prev.to_dict("records"), cur.to_dict("records")
    pairing = _text_and_short(prev, cur, ps, s)
    found = {j: Link(prev_keys[i], ";".join(change_words(prev_rows[i], rows[j], cs)), pairing.basis_of(i, j))
             for i, j, _ in pairing.pairs}
    away = sorted(k for k, (year, _) in last.items() if year < t - 1)
    left_new = [j for j in range(len(rows)) if j not in found]
    if away and left_new:
        away_rows = [last[k][1] for k in away]
        back = pair_risks(pd.DataFrame(away_rows), cur.iloc[left_new].reset_index(drop=True), ps)
        for a, b, _ in back.pairs:
            words = [w for w in change_words(away_rows[a], rows[left_new[b]], cs) if w != "unchanged"]
            found[left_new[b]] = Link(away[a], ";".join(["returned", *words]), TEXT)
    returned = {j for j in found if j in pairing.new}
    placed = add_place_pairs(pairing, prev, cur, ps, (_file_name(prev), _file_name(cur)), returned)
    for i, j, _ in placed.pairs:
        if j not in found:
            found[j] = Link(prev_keys[i], ";".join(change_words(prev_rows[i], rows[j], cs)), CONTEXT)
    return found, placed


def chain_years(years: list[pd.DataFrame], pair: PairSettings | dict | None = None,
                changes: ChangeSettings | dict | None = None,
                settings: ChainSettings | dict | None = None) -> Chain:
    """Link the risks of consecutive registers (oldest first) into keys."""
    ps, cs, s = PairSettings.resolve(pair), ChangeSettings.resolve(changes), ChainSettings.resolve(settings)
    links: list[list[Link]] = []
    first_seen: list[tuple[int, int]] = []
    last: dict[int, tuple[int, dict]] = {}  # key -> (year index, its row that year)
    departures: list[tuple[int, int]] = []
    uncertain: list[Problem] = []
    for t, frame in enumerate(years):
        cur = frame.reset_index(drop=True)
        rows = cur.to_dict("records")
        found: dict[int, Link] = {}
        if t > 0:
            prev_keys = [link.key for link in links[t - 1]]
            found, placed = _join_year(years[t - 1].reset_index(drop=True), prev_keys, cur, last, t, (ps, cs, s))
            uncertain += placed.uncertain
            present = {link.key for link in found.values()}
            departures += [(k, t - 1) for k in prev_keys if k not in present]
        year_links = []
        for j, row in enumerate(rows):
            if j not in found:
                found[j] = Link(len(first_seen), "new")
                first_seen.append((t, j))
            year_links.append(found[j])
            last[found[j].key] = (t, row)
        links.append(year_links)
    return Chain(links=links, departures=departures, first_seen=first_seen, uncertain=uncertain)
