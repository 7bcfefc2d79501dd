"""Which organisation a register belongs to, whatever name its document prints.

Documents name one nämnd in several ways ("Hägersten-Liljeholmens
stadsdelsnämnd", "Hägersten-Liljeholmens stadsdelsförvaltning",
"Hägersten-Liljeholmen sdn"), and districts are renamed or merged
(Hägersten-Liljeholmen and Älvsjö became Hägersten-Älvsjö in 2020). A name is
reduced to its base (no case, no stadsdelsnämnd / stadsdelsförvaltning /
sdn / sdf, no genitive s before them) and looked up in an alias table: the
packaged ``riskreg/data/organisations.csv`` (columns ``name``, ``organisation``,
``code``), extended or overridden by a user's file of the same columns. A name
the table does not know is its own organisation, its code made from its base.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import RiskregError

PACKAGED = Path(__file__).resolve().parent / "data" / "organisations.csv"
COLUMNS = ("name", "organisation", "code")

# the words that say what kind of body a district's name is attached to
_KIND = re.compile(r"\s+(?:stadsdelsnämnd|stadsdelsförvaltning|stadsdelsområde|sdn|sdf)(?:en)?$")


class BadAliasTable(RiskregError):
    code = "bad_alias_table"


def name_base(name: str) -> str:
    """'Hägersten-Liljeholmens stadsdelsförvaltning' -> 'hägersten-liljeholmen'."""
    text = unicodedata.normalize("NFC", str(name)).lower()
    text = " ".join(re.sub(r"\s*-\s*", "-", text).split())
    stripped = _KIND.sub("", text)
    if stripped != text and stripped.endswith("s"):
        stripped = stripped[:-1]  # the genitive a district takes before its kind: Skärholmens
    return stripped


def code_of(text: str) -> str:
    """ASCII letters and digits, words joined by '-' (å -> a): a key's organisation part."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


@dataclass(frozen=True)
class Organisation:
    name: str  # the name the history shows
    code: str  # the first part of every risk key


class Aliases:
    """Names as documents print them -> the organisation they belong to."""

    def __init__(self, rows: list[dict]):
        self._by_base = {name_base(r["name"]): Organisation(r["organisation"].strip(), r["code"].strip())
                         for r in rows}

    @classmethod
    def load(cls, extra: str | Path | None = None) -> "Aliases":
        """The packaged table, with the rows of ``extra`` (a CSV of the same columns) added over it."""
        rows = _read(PACKAGED)
        if extra is not None:
            rows += _read(Path(extra))
        return cls(rows)

    def resolve(self, name: str) -> Organisation | None:
        """The organisation the table gives this name, None when it does not know it."""
        return self._by_base.get(name_base(name))

    def group_of(self, name: str) -> str:
        """What registers are grouped by: the table's organisation code, or the name's own base."""
        known = self.resolve(name)
        return known.code if known else code_of(name_base(name))

    def groups(self, rows: pd.DataFrame) -> pd.Series:
        """Each row's group (``group_of`` its printed name, or its file name when it names none)."""
        return printed_names(rows).map(self.group_of)

    def display_names(self, risks: pd.DataFrame) -> dict[str, str]:
        """Per group of ``risks``: the alias table's name, else the name printed most in its latest
        year (ties: the first sorted). What history and compare show as the organisation."""
        out = {}
        names, groups = printed_names(risks), self.groups(risks)
        for group in sorted(groups.unique()):
            in_group = groups == group
            known = self.resolve(str(names[in_group].iloc[0]))
            if known is not None:
                out[group] = known.name
                continue
            latest = risks.loc[in_group, "year"].max()
            of_latest = in_group & (risks["year"] == latest) if not pd.isna(latest) else in_group
            counts = Counter(names[of_latest])
            out[group] = sorted(counts, key=lambda n: (-counts[n], n))[0]
        return out

    def organisations(self, risks: pd.DataFrame, *others: pd.DataFrame) -> list[pd.Series]:
        """The organisation each row of ``risks`` (and of ``others``: their controls) is shown
        under: its group's display name, so that a renamed district's years are one organisation."""
        display = self.display_names(risks)
        out = []
        for frame in (risks, *others):
            names = printed_names(frame)
            shown = self.groups(frame).map(display)
            out.append(shown.where(shown.notna(), names).astype("string"))
        return out


def printed_names(rows: pd.DataFrame) -> pd.Series:
    """The nämnd a row's document prints, or its file name when it names none."""
    return rows["organisation"].astype("string").fillna(rows["source_file"].astype("string"))


def _read(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header, rows = reader.fieldnames or [], list(reader)
    except OSError as exc:
        raise BadAliasTable(f"The alias table {path} could not be read ({exc.strerror or exc}).") from None
    if any(c not in header for c in COLUMNS):
        raise BadAliasTable(f"The alias table {path} needs the columns {', '.join(COLUMNS)} "
                            f"(one row per name a document prints); it has {', '.join(header) or 'none'}.")
    for i, r in enumerate(rows, start=2):
        if not all((r.get(c) or "").strip() for c in COLUMNS):
            raise BadAliasTable(f"{path}, line {i}: name, organisation and code must all be filled in.")
    return rows
