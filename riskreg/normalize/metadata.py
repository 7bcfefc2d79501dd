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


# "Dnr HL 2019/12.1.1/3187", "Dnr: KS 2024/318", "Diarienummer 1.2.3-456/2019": the number's letters
# (the registry's code) and the number, which holds a digit at each end
_DNR = re.compile(r"(?<!\w)(?i:dnr|diarienr|diarienummer)\.?:?\s*((?:[A-ZÅÄÖ]{1,8}[ -]?)*\d[\w./:-]*\d)(?!\w)")
# a line that names the plan: the title's words
_TITLE_WORD = re.compile(r"internkontroll|kontrollplan|riskanalys|riskregister|riskbedömning|väsentlighet", re.I)
_MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december"]
_ISO_DATE = re.compile(r"(?<!\d)(20\d\d)-([01]\d)-([0-3]\d)(?!\d)")
_LONG_DATE = re.compile(r"(?<!\d)([0-3]?\d) (" + "|".join(_MONTHS) + r") (20\d\d)(?!\d)", re.I)
# the words that say a date is the document's own: its decision, its drafting
_DATE_WORD = re.compile(r"\b(datum|daterad|beslutad|fastställd|antagen|godkänd|upprättad)\b", re.I)


def find_dnr(texts: list[str]) -> Optional[str]:
    """The diarienummer printed most often after "Dnr" (a page header prints it on every page);
    ties go to the first printed. None when the document prints none."""
    counts: Counter[str] = Counter()
    for text in texts:
        for m in _DNR.finditer(_unspaced(text)):
            counts[" ".join(m.group(1).split())] += 1
    return max(counts, key=lambda d: counts[d]) if counts else None


def find_title(texts: list[str]) -> Optional[str]:
    """The document's title: the first short line naming the plan (internkontrollplan, riskanalys,
    riskregister...), not a sentence, with the next line when it goes on ("... samt" /
    "internkontrollplan"), its full stop dropped. ``texts`` are the lines of its first pages outside the tables."""
    lines = [" ".join(_unspaced(t).split()) for t in texts]
    for i, line in enumerate(lines):
        if not _TITLE_WORD.search(line) or not _is_title_like(line) or _DNR.search(line):
            continue
        if i + 1 < len(lines) and _goes_on(line, lines[i + 1].rstrip(".")):
            return f"{line} {lines[i + 1].rstrip('.')}"
        return line
    return None


def _is_title_like(line: str) -> bool:
    """Short, and no sentence or table-of-contents entry (no full stop, no page number last)."""
    return len(line.split()) <= 14 and not line.endswith((".", ":")) and not re.search(r"\s\d{1,3}$", line)


def _goes_on(line: str, following: str) -> bool:
    last = line.split()[-1].lower()
    return bool(following) and _is_title_like(following) and (
        last in ("samt", "och", "för", "av", "i", "med", "ur", "till") or line.endswith("-") or following[0].islower())


def find_date(texts: list[str]) -> Optional[str]:
    """The document's date as YYYY-MM-DD: a date on a line that names it (Datum, Beslutad av ...,
    Fastställd); else a line holding nothing but a date. None when neither is printed."""
    named = [t for t in texts if _DATE_WORD.search(t)]
    alone = [t for t in texts if _only_a_date(t)]
    for text in named + alone:
        date = _date_in(text)
        if date:
            return date
    return None


def _date_in(text: str) -> Optional[str]:
    m = _ISO_DATE.search(text)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = _LONG_DATE.search(text)
    if m and 1 <= int(m.group(1)) <= 31:
        return f"{m.group(3)}-{_MONTHS.index(m.group(2).lower()) + 1:02d}-{int(m.group(1)):02d}"
    return None


def _only_a_date(text: str) -> bool:
    stripped = text.strip()
    return bool(_date_in(stripped)) and len(stripped) <= len("30 september 2023")
