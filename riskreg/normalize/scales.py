"""Scales: how high a register's scores go (1-3, 1-4, 1-5), what its score words mean, and
whether its risk value is probability x consequence.

Stockholm scores 1-5 and multiplies; other municipalities score 1-4 or 1-3, in
numbers or in words (Låg / Medel / Hög), and say so in a header ("S (1-4)"), a
legend ("Låg = 1, Medel = 2, Hög = 3", "på en skala 1-4") or not at all. The
scale of a table is read, in this order, from its header, the document's legend
and its template; only when none says it is it inferred from the scores
themselves (the highest score seen), and every row is then flagged
``scale_inferred``. A risk value is checked against probability x consequence
only where the document (its legend, "Riskvärde = S × K") or its template says
that is the rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from ..schema import Risk
from .parse import clean_text

if TYPE_CHECKING:  # stitch asks infer, which reads the legend here
    from .logical import LogicalTable

SCALES = (3, 4, 5)
_RANGE = r"1\s*[-–]\s*([345])\b"
# "(1-4)" in a header cell
_HEADER_SCALE = re.compile(r"\(\s*" + _RANGE)
# "på en skala 1-4", "skala: 1–5", "bedömningsskala 1-3"
_TEXT_SCALE = re.compile(r"skala\w*\s*(?:[:]\s*)?(?:på\s+|från\s+)?" + _RANGE, re.I)
_WORD = r"[A-ZÅÄÖa-zåäö][a-zåäöé]+(?: [a-zåäöé]+){0,2}"
# "Låg = 1", "Hög (3)", "Medel: 2"
_WORD_NUMBER = re.compile(rf"({_WORD})\s*(?:=|:|\()\s*([1-5])\b")
# "1 = Låg", "3. Hög", "2 - Medel"
_NUMBER_WORD = re.compile(rf"(?<![\d.,])([1-5])\s*(?:=|\.|:|-|–)\s*({_WORD})")
# "Riskvärde = S × K", "Risktal = sannolikhet x konsekvens", "RV = S*K"
_PRODUCT = re.compile(r"\b(?:riskvärde|risktal|riskpoäng|rv)\w*\s*(?:=|är|beräknas som)\s*\S+\s*[×x*·]\s*\S+",
                      re.I)


@dataclass
class Legend:
    """What a document says about its scores outside the register tables."""

    scale: Optional[int] = None  # "skala 1-4"
    words: dict[str, int] = field(default_factory=dict)  # score word (lower case) -> number
    product: bool = False  # the risk value is probability x consequence

    @property
    def words_scale(self) -> Optional[int]:
        """The scale the legend's words span (Låg 1, Medel 2, Hög 3 -> 3)."""
        top = max(self.words.values(), default=None)
        return top if top in SCALES and len(set(self.words.values())) == top else None


def read_legend(texts: list[str], rows: list[list[str]] = ()) -> Legend:
    """The legend of a document from its text lines and the rows of its other tables.

    A table row pairs a number cell (1-5) with short word cells ("3 | Hög"); a
    line pairs them in writing ("Låg = 1, Medel = 2, Hög = 3").
    """
    legend = Legend()
    for text in texts:
        text = clean_text(text)
        m = _TEXT_SCALE.search(text)
        if m and legend.scale is None:
            legend.scale = int(m.group(1))
        if _PRODUCT.search(text):
            legend.product = True
        # a line writes its legend one way ("Låg = 1, Medel = 2"): the other way's matches
        # there are sentence ends ("Hög = 3. Risktal ...")
        pairs = max([(w, n) for w, n in _WORD_NUMBER.findall(text)],
                    [(w, n) for n, w in _NUMBER_WORD.findall(text)], key=len)
        if len(pairs) >= 2:  # a legend names several levels; one "x = 1" is no legend
            for word, number in pairs:
                legend.words.setdefault(word.lower(), int(number))
    for row in rows:
        cells = [clean_text(c) for c in row if clean_text(c)]
        numbers = [c for c in cells if re.fullmatch(r"[1-5]", c)]
        words = [c for c in cells if re.fullmatch(_WORD, c)]
        if len(numbers) == 1 and words and len(numbers) + len(words) == len(cells):
            for word in words:
                legend.words.setdefault(word.lower(), int(numbers[0]))
    return legend


def header_scale(table: LogicalTable) -> Optional[int]:
    """The scale a score column's header gives: "S (1-4)" -> 4."""
    for name in ("probability", "consequence"):
        m = _HEADER_SCALE.search(table.headers.get(name, ""))
        if m:
            return int(m.group(1))
    return None


def inferred_scale(risks: list[Risk]) -> Optional[int]:
    """The smallest scale that holds every score (3 at least), or None without scores."""
    scores = [s for r in risks for s in (r.probability, r.consequence) if s is not None]
    return max(3, min(max(scores), 5)) if scores else None


def word_score(label: Optional[str], legend: Legend) -> Optional[int]:
    """The number a score word has in the document's legend."""
    return legend.words.get(clean_text(label).lower()) if label else None


def apply_scale(table: LogicalTable, risks: list[Risk], legend: Legend) -> tuple[bool, bool]:
    """Set each risk's scale and the numbers of its score words.

    Returns (the risk value is probability x consequence here, so it is checked;
    the scale was inferred from the scores, so the rows are flagged).
    """
    for risk in risks:
        for name in ("probability", "consequence"):
            if getattr(risk, name) is None:
                setattr(risk, name, word_score(getattr(risk, name + "_label"), legend))
    template = table.template
    scale = (header_scale(table) or legend.scale or legend.words_scale
             or (template.scale if template is not None else None))
    inferred = scale is None
    if inferred:
        scale = inferred_scale(risks)
    for risk in risks:
        risk.scale = scale
    product = legend.product or bool(template is not None and template.risk_value == "product")
    return product, inferred and scale is not None
