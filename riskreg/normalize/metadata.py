"""Organisation and plan year, read from a document's own text (file name as fallback)."""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

# "Hägersten-Liljeholmens stadsdelsnämnd", "Utbildningsnämnden", "Socialnämnden"
_ORG = re.compile(r"\b((?:[A-ZÅÄÖ][\w-]*\s+)?[a-zåäö-]*nämnd)(?:en)?\b|\b([A-ZÅÄÖ][a-zåäö-]*nämnd(?:en)?)\b")
# a year after the words that name the plan: "internkontrollplan 2020", "för 2021"
_PLAN_YEAR = re.compile(r"(?:internkontrollplan|verksamhetsplan|riskanalys|ikp|vor)\w*\s*"
                        r"(?:för\s+(?:år\s+)?)?(20\d\d)\b", re.I)
_ANY_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def _unspaced(text: str) -> str:
    """Undo letter-spacing: 'V ä s e n t l i g' -> 'Väsentlig' (single letters joined)."""
    if _is_letter_spaced(text):
        return re.sub(r"(?<=\b\w) (?=\w\b)", "", text)
    return text


def _is_letter_spaced(text: str) -> bool:
    return bool(re.search(r"(?:\b\w\s){6,}", text))


def find_organisation(texts: list[str]) -> Optional[str]:
    """The nämnd named most often in the document's text; ties go to the first named.

    Letter-spaced titles are read only when no plain line names a nämnd: undoing
    the spacing loses the gaps between words.
    """
    plain = [t for t in texts if not _is_letter_spaced(t)]
    return _most_named(plain) or _most_named([_unspaced(t) for t in texts if _is_letter_spaced(t)])


def _most_named(texts: list[str]) -> Optional[str]:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, text in enumerate(texts):
        for m in _ORG.finditer(text):
            name = m.group(1) or m.group(2)
            if name[0].isupper():
                counts[name] += 1
                first.setdefault(name, i)
    if not counts:
        return None
    return max(counts, key=lambda n: (counts[n], -first[n]))


def find_year(texts: list[str], file_name: str = "") -> Optional[int]:
    """The plan year: the year most often named with the plan's own name, else any year."""
    joined = "\n".join(_unspaced(t) for t in texts)
    years = Counter(int(y) for y in _PLAN_YEAR.findall(joined))
    if years:
        return years.most_common(1)[0][0]
    m = _ANY_YEAR.search(file_name)
    if m:
        return int(m.group(1))
    years = Counter(int(y) for y in _ANY_YEAR.findall(joined))
    return years.most_common(1)[0][0] if years else None
