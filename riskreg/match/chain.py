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
   version): a risk that was away and is back keeps its key (``returned``).

What is left gets a new key. A key present one year and missing the next has
left (``removed``), and may return later.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from ..schema import text_of
from ..settings_base import SettingsBase
from .changes import ChangeSettings, change_words
from .pairing import PairSettings, pair_risks
from .scorer import field_similarity, goal_text
from .similarity import normalise_text


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


@dataclass
class Chain:
    """The chain of one organisation: per year, one Link per risk (in the frame's row order)."""

    links: list[list[Link]]
    #: (key, year index) for each time a key left: present that year, missing the next
    departures: list[tuple[int, int]]
    #: (year index, row index) where each key was first seen
    first_seen: list[tuple[int, int]]


def _words(text) -> list[str]:
    return normalise_text(text_of(text)).split()


def _share_stem(a: list[str], b: list[str], letters: int) -> bool:
    stems = {w[:letters] for w in a if len(w) >= letters}
    return any(w[:letters] in stems for w in b if len(w) >= letters)


def _same_place(old: dict, new: dict, s: ChainSettings) -> bool:
    places = [(goal_text(old), goal_text(new)), (old.get("process"), new.get("process")),
              (old.get("working_method"), new.get("working_method"))]
    return all(field_similarity(text_of(a), text_of(b)) >= s.same_context for a, b in places)


def context_pairs(old: list[dict], new: list[dict], s: ChainSettings) -> list[tuple[int, int]]:
    """(old, new) positions of short events paired by their place; a risk with two candidates pairs none."""
    candidates = []
    for i, o in enumerate(old):
        a = _words(o.get("event"))
        for j, n in enumerate(new):
            b = _words(n.get("event"))
            if (a and b and min(len(a), len(b)) <= s.short_event_words and _same_place(o, n, s)
                    and _share_stem(a, b, s.stem_letters)):
                candidates.append((i, j))
    per_old = Counter(i for i, _ in candidates)
    per_new = Counter(j for _, j in candidates)
    return [(i, j) for i, j in candidates if per_old[i] == 1 and per_new[j] == 1]


def chain_years(years: list[pd.DataFrame], pair: PairSettings | dict | None = None,
                changes: ChangeSettings | dict | None = None,
                settings: ChainSettings | dict | None = None) -> Chain:
    """Link the risks of consecutive registers (oldest first) into keys."""
    ps, cs, s = PairSettings.resolve(pair), ChangeSettings.resolve(changes), ChainSettings.resolve(settings)
    links: list[list[Link]] = []
    first_seen: list[tuple[int, int]] = []
    last: dict[int, tuple[int, dict]] = {}  # key -> (year index, its row that year)
    departures: list[tuple[int, int]] = []
    for t, frame in enumerate(years):
        cur = frame.reset_index(drop=True)
        rows = cur.to_dict("records")
        found: dict[int, Link] = {}
        if t > 0:
            prev, prev_rows = years[t - 1].reset_index(drop=True), years[t - 1].to_dict("records")
            prev_keys = [link.key for link in links[t - 1]]
            pairing = pair_risks(prev, cur, ps)
            for i, j, _ in pairing.pairs:
                found[j] = Link(prev_keys[i], ";".join(change_words(prev_rows[i], rows[j], cs)))
            left_old = pairing.removed
            left_new = pairing.new
            for a, b in context_pairs([prev_rows[i] for i in left_old], [rows[j] for j in left_new], s):
                i, j = left_old[a], left_new[b]
                found[j] = Link(prev_keys[i], ";".join(change_words(prev_rows[i], rows[j], cs)))
            away = sorted(k for k, (year, _) in last.items() if year < t - 1)
            left_new = [j for j in range(len(rows)) if j not in found]
            if away and left_new:
                away_rows = [last[k][1] for k in away]
                back = pair_risks(pd.DataFrame(away_rows), cur.iloc[left_new].reset_index(drop=True), ps)
                for a, b, _ in back.pairs:
                    words = [w for w in change_words(away_rows[a], rows[left_new[b]], cs) if w != "unchanged"]
                    found[left_new[b]] = Link(away[a], ";".join(["returned", *words]))
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
    return Chain(links=links, departures=departures, first_seen=first_seen)
