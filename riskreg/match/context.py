"""Pair a reworded risk by its place, as an auditor does: the one rule diff and history share.

The text matcher (``pairing.pair_risks``) leaves a risk reworded beyond
recognition ("Skadestånd" -> "Förvaltningen blir skadeståndsskyldig") as one
removed and one new risk. An auditor pairs them at a glance: they stand under
the same process and working method, in the same place among risks that did
pair. ``pair_in_place`` does the same with what text pairing left unpaired:

- a risk's **slot** is the gap between its nearest paired neighbours in its own
  document: the paired risk just before it and the one just after it (the
  document's start and end count as paired to the other document's start and
  end). An old and a new risk are in the same slot when the old one's
  neighbours are paired to the new one's neighbours, the same two pairs;
- in one slot, an old and a new risk are **candidates** when their processes
  are printed and alike and their working methods alike (both at least
  ``PairSettings.same_place``, 0-100; two empty working methods are alike),
  and they carry the same scores (probability, consequence, risk value;
  ``PairSettings.same_scores``): a risk whose words and scores both changed is
  more likely another risk put in its place ("Skadegörelse i lekparker på
  kvällstid" 3 x 3 -> "Brand i förskolans lokaler" 1 x 5) than the same one;
- a candidate pair is taken when nothing else claims either risk: the old risk
  has no other candidate and the new one none, and no **sibling** (another risk
  of either year under the same process and working method) has a word of the
  new event that the old event lacks (words of 5 letters or more, inflection
  endings cut: ``word_stems``). Such a word means the new wording belongs to
  that sibling's family: "Ej rättvisande bokslut" added beside a paired "Ej rättvisande
  resultat" is a new risk of its own, not the removed "Revisionsanmärkning"
  reworded, and "Dyra och akuta evakueringar av boenden" beside "Undermålig
  lokal där verksamhet måste evakueras" is not "Dyra och akuta
  underhållsåtgärder" reworded (the next-year sample, labelled by hand). Where a slot holds two
  candidates for one risk, nothing is guessed: none of them pairs and a
  ``pairing_uncertain`` warning names the candidates and the slot.

Removed risks and new risks in other places are left alone, so this only acts
on what text left unpaired: no pair made by text is undone.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..schema import Problem, text_of, value_or_none
from .scorer import field_similarity
from .similarity import normalise_text

#: the basis of a pair: its texts alike (the text matcher, or a short event and its context) or its place
TEXT, CONTEXT = "text", "context"


@dataclass
class PlacePairs:
    """What ``pair_in_place`` found: pairs (old row, new row) and the slots it would not guess in."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    uncertain: list[Problem] = field(default_factory=list)


def _anchors(n: int, paired: dict[int, int]) -> list[tuple[int | None, int | None]]:
    """For each row 0..n-1 not in PAIRED: (nearest paired row before, nearest after); -1 and n for none
    (the document's start and end). Paired rows get (None, None)."""
    before, out = -1, []
    for i in range(n):
        out.append((before, None))
        if i in paired:
            before = i
    after = n
    for i in reversed(range(n)):
        out[i] = (None, None) if i in paired else (out[i][0], after)
        if i in paired:
            after = i
    return out


def event_words(text) -> list[str]:
    """The event's normalised words."""
    return normalise_text(text_of(text)).split()


def share_stem(a: list[str], b: list[str], letters: int) -> bool:
    """A word of A and one of B, each of at least LETTERS letters, start with the same LETTERS letters."""
    stems = {w[:letters] for w in a if len(w) >= letters}
    return any(w[:letters] in stems for w in b if len(w) >= letters)


def _alike(a, b, threshold: float) -> bool:
    return field_similarity(text_of(a), text_of(b)) >= threshold


#: the scores a rewording by place keeps
_SCORES = ("probability", "consequence", "risk_value")


def same_scores(old: dict, new: dict) -> bool:
    """Probability, consequence and risk value the same in both (each empty in both, or equal)."""
    return all(value_or_none(old.get(k)) == value_or_none(new.get(k)) for k in _SCORES)


def _candidates(old: dict, new: dict, threshold: float) -> bool:
    if not text_of(old.get("process")).strip() or not text_of(new.get("process")).strip():
        return False
    return (_alike(old.get("process"), new.get("process"), threshold)
            and _alike(old.get("working_method"), new.get("working_method"), threshold))


#: inflection endings a word loses before two words are compared (longest first): "evakueringar" and
#: "evakueras" are one word, "evakuer"; a compound stays itself ("förvaltningsrätten" is not
#: "förvaltningen"), since a compound's other part names another thing
_ENDINGS = ("ingarna", "ingar", "ingen", "arna", "erna", "orna", "ande", "ende", "ing", "are", "ens", "ets",
            "en", "et", "er", "ar", "or", "as", "es", "na", "a", "e", "s")
#: the shortest word compared, and the shortest a word is cut to
_MIN_WORD, _MIN_STEM = 5, 4


def word_stems(text) -> set[str]:
    """The event's words of at least 5 letters, each without its inflection ending."""
    out = set()
    for word in event_words(text):
        if len(word) < _MIN_WORD:
            continue
        ending = next((e for e in _ENDINGS if word.endswith(e) and len(word) - len(e) >= _MIN_STEM), "")
        out.add(word[:len(word) - len(ending)])
    return out


def _sibling_claims(old: list[dict], new: list[dict], i: int, j: int, threshold: float) -> bool:
    """Another risk of either year under the same process and working method as old I has a word of new
    J's event that old I's event lacks (``word_stems``): the new wording is that risk's sibling."""
    own = word_stems(new[j].get("event")) - word_stems(old[i].get("event"))
    if not own:
        return False
    siblings = [r for k, r in enumerate(old) if k != i] + [r for k, r in enumerate(new) if k != j]
    return any(own & word_stems(row.get("event")) and _candidates(old[i], row, threshold) for row in siblings)


def pair_in_place(old: list[dict], new: list[dict], pairs: list[tuple[int, int]], threshold: float,
                  names: tuple[str, str] = ("", ""), claimed: set[int] = frozenset(),
                  scores: bool = True) -> PlacePairs:
    """Pairs of OLD and NEW rows (positions) left out of PAIRS that their slot and context make one risk.

    PAIRS are the (old, new) pairs made so far (by text); THRESHOLD is how alike (0-100) process and
    working method must be; NAMES the two documents' names for the warnings. CLAIMED new rows are
    placed otherwise (history's returned risks): no candidates, no anchors. SCORES: candidates must
    have the same scores.
    """
    forward = dict(pairs)
    backward = {j: i for i, j in pairs}
    old_anchor, new_anchor = _anchors(len(old), forward), _anchors(len(new), backward)
    by_slot: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
    for i, (before, after) in enumerate(old_anchor):
        if before is not None:
            slot = (-1 if before == -1 else forward[before], len(new) if after == len(old) else forward[after])
            by_slot.setdefault(slot, ([], []))[0].append(i)
    for j, (before, after) in enumerate(new_anchor):
        if before is not None and (before, after) in by_slot and j not in claimed:
            by_slot[(before, after)][1].append(j)
    found = PlacePairs()
    for slot, (olds, news) in by_slot.items():
        edges = [(i, j) for i in olds for j in news if _candidates(old[i], new[j], threshold)
                 and (not scores or same_scores(old[i], new[j]))]
        for group in _groups(edges):
            group_old = sorted({i for i, _ in group})
            group_new = sorted({j for _, j in group})
            if len(group_old) == 1 and len(group_new) == 1:
                i, j = group_old[0], group_new[0]
                if not _sibling_claims(old, new, i, j, threshold):
                    found.pairs.append((i, j))
            else:
                found.uncertain.append(_uncertain(old, new, group_old, group_new, slot, backward, names))
    found.pairs.sort(key=lambda p: (p[1], p[0]))
    return found


def _groups(edges: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The edges split into groups joined by a shared old or new row."""
    groups: list[list[tuple[int, int]]] = []
    for edge in edges:
        joined = [g for g in groups if any(edge[0] == i or edge[1] == j for i, j in g)]
        merged = [edge] + [e for g in joined for e in g]
        groups = [g for g in groups if g not in joined] + [merged]
    return groups


def _number(rows: list[dict], position: int) -> str:
    nr = value_or_none(rows[position].get("risk_nr"))
    return str(int(nr)) if nr is not None else f"row {position + 1}"


def _risks(rows: list[dict], positions: list[int]) -> str:
    return " and ".join(f'{_number(rows, p)} "{text_of(rows[p].get("event")).strip()}"' for p in positions)


def _uncertain(old, new, group_old, group_new, slot, backward, names) -> Problem:
    """The warning for a slot with two candidates for one risk."""
    before, after = slot
    start = ("at the start" if before == -1 else
             f"after risk {_number(old, backward[before])} (old) = {_number(new, before)} (new)")
    end = ("at the end" if after == len(new) else
           f"before risk {_number(old, backward[after])} (old) = {_number(new, after)} (new)")
    first = new[group_new[0]]
    old_name, new_name = names
    message = (f"Two or more candidates for one place, {start} and {end}, under process "
               f'"{text_of(first.get("process")).strip()}" and working method '
               f'"{text_of(first.get("working_method")).strip()}": old risk(s) {_risks(old, group_old)}'
               f"{f' in {old_name}' if old_name else ''} and new risk(s) {_risks(new, group_new)}"
               f"{f' in {new_name}' if new_name else ''}. Their texts do not pair them and their place "
               f"cannot tell which is which, so none is paired (listed as removed and new): "
               f"check by hand which is reworded.")
    page = value_or_none(first.get("page"))
    return Problem(source_file=new_name or text_of(first.get("source_file")),
                   page=int(page) if page is not None else None, severity="warning",
                   code="pairing_uncertain", message=message)
