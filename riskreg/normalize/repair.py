"""Mend rows whose cells a producer glued together or left out (seed 004).

Some producers print a row with one cell too few: the risk value and the
handling share one cell ("9 Med till väsentlighets- och riskanalysen") and
every later cell stands one column to the left; or the Beskrivning cell is
missing and the Ansvarig's names stand in its place; or the Status/Åtgärd cell
holds the status, the measure and an identical description ("Avslutad X. X.").
Each repair needs the cell's own content to say so; a row that reads right is
never touched.
"""
from __future__ import annotations

import re

from .parse import RISK_VALUES, clean_text
from .logical import LogicalRow, Slot

_GLUED_VALUE = re.compile(r"^(\d{1,2})\s+(\D.*)$", re.S)
_NAME = r"[A-ZÅÄÖÉÜØÆ][a-zåäöéëüïèáíóúçøæ']+(?:-[A-ZÅÄÖÉÜØÆ][a-zåäöéëüïèáíóúçøæ']+)?"
# the small words of noble and foreign surnames: "Anna von Platen", "Carl af Klercker"
_PARTICLES = r"(?:(?:von|af|de|der|den|van|la|le|du|di|da|del)\s+)*"
_PERSON = rf"{_NAME}(?:\s+{_PARTICLES}{_NAME}){{1,3}}"
# "Lena Slotte", "Lena Slotte, Snorre Berglund": people, two to four names each
_NAMES = re.compile(rf"^{_PERSON}(?:\s*,\s*{_PERSON})*$")
# the head words of organisations (Swedish compounds end with them: "Socialförvaltningen",
# "Kommunstyrelsen"), which no person's name ends with
_ORGANISATION_ENDINGS = ("förvaltning", "förvaltningen", "nämnd", "nämnden", "styrelse", "styrelsen",
                         "kontor", "kontoret", "avdelning", "avdelningen", "enhet", "enheten", "staben",
                         "sekretariat", "sekretariatet", "kansli", "kansliet", "ledning", "ledningen",
                         "fullmäktige", "kommun", "kommunen", "region", "regionen", "bolag", "bolaget",
                         "verket", "myndighet", "myndigheten")
# ... and words that are an organisation on their own: "Stockholms Stad"
_ORGANISATION_WORDS = {"stad", "staden", "stads", "kommun", "region", "landsting", "ab"}


def looks_like_names(text: str) -> bool:
    """Whether a cell holds only people's names (a missing Beskrivning cell's Ansvarig),
    not an organisation that is written like one ("Kommunstyrelsen Stockholm")."""
    text = clean_text(text)
    if not _NAMES.match(text):
        return False
    words = [w.lower() for w in re.findall(r"[\w']+", text)]
    return not any(w in _ORGANISATION_WORDS or w.endswith(_ORGANISATION_ENDINGS) for w in words)


def split_glued_risk_value(columns: list[str], row: LogicalRow) -> bool:
    """'9 Med till ...' in the risk value column: the value, then the next cell's text.

    The cells right of it move one column right, into the column the missing cell
    left empty at the row's end. Says whether the row was mended.
    """
    if "risk_value" not in columns:
        return False
    at = columns.index("risk_value")
    slot = row.slots.get("risk_value")
    m = _GLUED_VALUE.match(clean_text(slot.text)) if slot and not slot.covered else None
    if not m or int(m.group(1)) not in RISK_VALUES or at + 1 >= len(columns):
        return False
    after = columns[at + 1:]
    texts = [row.slots[name].text if name in row.slots else "" for name in after]
    if texts[0] and texts[-1]:
        return False  # no empty column to move into: the row is not one cell short
    if texts[0]:
        texts = [""] + texts[:-1]
    texts[0] = m.group(2)
    slot.text = m.group(1)
    for name, text in zip(after, texts):
        row.slots[name] = Slot(text, False)
    return True


def move_names_to_responsible(row: LogicalRow) -> bool:
    """A missing Beskrivning cell: the names in its place are the Ansvarig."""
    desc, resp = row.slots.get("description"), row.slots.get("responsible")
    if desc is None or resp is None or clean_text(resp.text) or not looks_like_names(desc.text):
        return False
    resp.text, desc.text = desc.text, ""
    return True


def split_repeated_measure(measure: str, description: str) -> tuple[str, str]:
    """'X. X.' with no description: the measure X and an identical description X."""
    words = measure.split()
    half = len(words) // 2
    if description or len(words) < 2 or len(words) % 2 or words[:half] != words[half:]:
        return measure, description
    text = " ".join(words[:half])
    return text, text


def repair_row(columns: list[str], row: LogicalRow) -> bool:
    """Apply every repair a VoR row needs; say whether anything changed."""
    glued = split_glued_risk_value(columns, row)
    moved = move_names_to_responsible(row)
    return glued or moved
