"""Column roles from content: reading a register whose header no template names.

A table whose header row names too few columns for any template is typed by
what its cells hold: scores (a digit on a small scale, or a scale word, with or
without the level's explanation in parentheses), numbers in sequence (risk
numbers), a number column equal to probability x consequence (the risk value),
a yes/no or mark column (plan membership), merged text (categories: goal,
process, working method), long sentences (the event, a description, the reason
a risk is not taken into the plan) and short names (responsible). A table with
a score pair and an event-like column is a register; its header words only
name what the content leaves open (which score is the probability). The result
is a ``Template`` built in code, named ``inferred``, so the rest of the path is
the same as for a template's table; every guess is reported (``columns_inferred``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..extract import Document, Table
from ..i18n import N_, _
from ..schema import Problem, Risk
from ..templates import Template, builtin_templates, compact, vocabulary
from .parse import CONSEQUENCE_SCALE, PROBABILITY_SCALE, clean_text, has_glyph, starts_with_goal_id
from .settings import NormalizeSettings

INFERRED = "inferred"
# a score cell: a digit of a 1-5 scale, then perhaps its word, then perhaps the level's explanation
_SCORE_CELL = re.compile(r"^([1-5])\s*[.,:)]?\s*([A-ZÅÄÖa-zåäö][\wåäöÅÄÖ -]{0,30}?)?\s*(\(.*\))?\s*$", re.S)
_NUMBER = re.compile(r"^\d{1,3}\.?$")
# scale words seen in Swedish registers, beside Stockholm's
_SCALE_WORDS = {w.lower() for w in (*PROBABILITY_SCALE.values(), *CONSEQUENCE_SCALE.values())} | {
    "låg", "medel", "hög", "mycket låg", "mycket hög", "liten", "stor", "mycket stor", "måttlig"}
_MARKS = {"ja", "nej", "x", "j", "n", "yes", "no", "✓", "✔", "★", "*"}
# a heading that says its table's risks are not taken into the plan ("Risker som inte tas med
# i internkontrollplanen", "Ej med i planen") or are ("Risker som tas med i planen")
_NOT_TAKEN = re.compile(r"\b(inte|ej|icke)\b.{0,30}\b(med|ingår|tas|plan)", re.I)
_TAKEN = re.compile(r"\b(tas|förs|ingår|med)\b.{0,30}\b(internkontrollplan|kontrollplan|plan)", re.I)


@dataclass
class ColumnProfile:
    """What one column's body cells hold, counted."""

    index: int
    header: str
    rows: int = 0  # body rows
    filled: int = 0  # cells with text
    covered: int = 0  # slots a merged cell from above covers
    scores: int = 0
    numbers: list[int] = field(default_factory=list)
    marks: int = 0
    goal_ids: int = 0
    words: int = 0  # total words of the filled cells
    distinct: int = 0
    longest: int = 0  # words of the longest cell

    @property
    def mean_words(self) -> float:
        """Words per filled cell."""
        return self.words / self.filled if self.filled else 0.0

    @property
    def merged(self) -> bool:
        """Printed once for several rows: covered or blank slots under filled ones."""
        return self.filled > 0 and (self.covered > 0 or self.filled <= self.rows * 0.7)


def is_score_cell(text: str, words: set[str]) -> bool:
    """'3', '3. Möjlig', '3 Kännbar (uppfattas som besvärande ...)' or a scale word."""
    text = clean_text(text)
    return bool(_SCORE_CELL.match(text)) or text.lower() in words


def is_mark_cell(raw: str) -> bool:
    """'Ja', 'Nej', 'X', '✓', '★', 'Nej, endast VoR': a yes/no or a mark."""
    words = clean_text(raw).lower()
    return (words in _MARKS or words.startswith(("nej,", "nej ", "ja,", "ja "))
            or (has_glyph(raw) and not words))


def column_profile(index: int, header: str, cells: list, score_words: set[str]) -> ColumnProfile:
    """Count what the body cells of one column hold (None = covered by a merged cell)."""
    p = ColumnProfile(index, clean_text(header), rows=len(cells))
    seen = set()
    for cell in cells:
        if cell is None:
            p.covered += 1
            continue
        raw, text = cell.text or "", clean_text(cell.text)
        if is_mark_cell(raw):
            p.marks += 1
        if not text:
            continue
        p.filled += 1
        seen.add(text.lower())
        n = len(text.split())
        p.words, p.longest = p.words + n, max(p.longest, n)
        if is_score_cell(text, score_words):
            p.scores += 1
        if _NUMBER.match(text):
            p.numbers.append(int(text.rstrip(".")))
        if starts_with_goal_id(text):
            p.goal_ids += 1
    p.distinct = len(seen)
    return p


def column_role(p: ColumnProfile) -> str:
    """One column's kind by content: score, number, mark, goal, category, repeated, name, text or unknown."""
    if not p.filled and not p.marks:
        return "unknown"
    if p.filled and p.scores == p.filled and len(p.numbers) < p.filled:
        return "score"
    if p.filled and len(p.numbers) == p.filled:
        # bare numbers: 1-5 alone is a score column printed as digits, more is a number
        return "score" if max(p.numbers) <= 5 and p.filled >= p.rows * 0.8 and not _ascending(p.numbers) else "number"
    if p.marks and p.marks >= p.filled and p.marks >= 1:
        return "mark"
    if p.goal_ids and p.goal_ids >= p.filled * 0.8:
        return "goal"
    if p.merged:
        return "category"
    if p.filled >= 4 and p.distinct <= max(2, p.filled // 4):
        return "repeated"  # a few phrases over many rows: a handling choice
    if p.mean_words <= 4 and p.longest <= 6:
        return "name"
    return "text"


def _ascending(numbers: list[int]) -> bool:
    """Numbers in sequence, each one more than the one before (risk numbers)."""
    return len(numbers) >= 2 and all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


def header_hint(text: str) -> Optional[str]:
    """The field a header's words name in any built-in template, an abbreviation too
    ("Sannolikh.", "Kons."); None when they name none."""
    key = compact(text).rstrip(".")
    if len(key) < 3:
        return None
    words = vocabulary(builtin_templates())
    if key in words:
        return words[key]
    starts = {name for word, name in words.items() if len(word) > len(key) and word.startswith(key)}
    return starts.pop() if len(starts) == 1 else None


@dataclass
class Inference:
    """What the content said about a table: its mapping, the words behind each role, and what is left."""

    header_rows: int
    mapping: dict[int, str]  # column index -> field
    why: dict[int, str]  # column index -> how it was typed, for the report
    untyped: list[int]  # columns no role fits (their text is kept in extra)
    headers: list[str]
    derived_value: bool  # no column prints the risk value
    in_plan: Optional[bool] = None  # the table's heading says its risks are (not) in the plan


def infer_roles(profiles: list[ColumnProfile], rows: list[list]) -> Optional[tuple[dict[int, str], dict[int, str]]]:
    """Field and reason per column of a table's profiles; None when it is no register
    (no pair of score columns, or no event-like column before them)."""
    roles = {p.index: column_role(p) for p in profiles}
    scores = [i for i, r in roles.items() if r == "score"]
    if len(scores) < 2:
        return None
    scores = scores[:2]
    first = scores[0]
    mapping, why = {}, {}
    hints = {i: header_hint(profiles[i].header) for i in scores}
    if hints[scores[0]] == "consequence" or hints[scores[1]] == "probability":
        scores = scores[::-1]
        why_order = N_("scale values, {field} by its header")
    else:
        why_order = (N_("scale values, {field} by its header") if hints[scores[0]] == "probability"
                     else N_("scale values, {field} by order (probability first)"))
    for i, name in zip(scores, ("probability", "consequence")):
        mapping[i], why[i] = name, why_order
    before = [p for p in profiles if p.index < first]
    texts = [p.index for p in before if roles[p.index] in ("text", "name")]
    if not texts:
        return None
    mapping[texts[0]], why[texts[0]] = "event", N_("sentences, the first per-row text")
    if len(texts) > 1 and roles[texts[1]] == "text":
        mapping[texts[1]], why[texts[1]] = "description", N_("sentences after the event")
    levels = iter(("process", "working_method"))
    for p in before:
        role = roles[p.index]
        if role == "goal" and "goal" not in mapping.values():
            mapping[p.index], why[p.index] = "goal", N_("merged text starting with goal numbers")
        elif role == "category":
            name = next(levels, None)
            if name:
                mapping[p.index], why[p.index] = name, N_("merged text (a category over several rows)")
    for p in profiles:
        role = roles[p.index]
        if p.index in mapping:
            continue
        if role == "number":
            name = _number_field(p, rows, scores)
            if name and name not in mapping.values():
                mapping[p.index] = name
                why[p.index] = (N_("numbers equal to probability x consequence") if name == "risk_value"
                                else N_("numbers in sequence"))
        elif role == "mark" and "in_ikp" not in mapping.values():
            mapping[p.index], why[p.index] = "in_ikp", N_("yes/no or marks")
        elif p.index > first and p.filled >= p.rows * 0.8:
            name = {"repeated": "handling", "name": "responsible", "text": "description"}.get(role)
            if name == "description" and "description" in mapping.values():
                name = "handling"  # a second column of sentences after the scores: why, or how handled
            if name and name not in mapping.values():
                mapping[p.index] = name
                why[p.index] = {"handling": N_("a reason or handling, in sentences or a few repeated phrases"),
                                "responsible": N_("short names"),
                                "description": N_("sentences after the scores")}[name]
    return mapping, why


def _number_field(p: ColumnProfile, rows: list[list], scores: list[int]) -> Optional[str]:
    """'risk_value' when every number is its row's probability x consequence, 'risk_nr' when they
    run in sequence, else None."""
    products, checked = 0, 0
    for row in rows:
        cells = [row[i] if i < len(row) else None for i in (p.index, *scores)]
        if any(c is None for c in cells):
            continue
        texts = [clean_text(c.text) for c in cells]
        digits = [re.match(r"^(\d+)", t) for t in texts]
        if not all(digits):
            continue
        checked += 1
        value, a, b = (int(d.group(1)) for d in digits)
        products += value == a * b
    if checked and products == checked:
        return "risk_value"
    return "risk_nr" if _ascending(p.numbers) else None


def plan_heading(doc: Document, table: Table) -> Optional[bool]:
    """True/False when the text line just above a table says its risks are (not) in the plan."""
    above = [line for line in doc.lines if line.page == table.page and line.top < table.bbox[1]]
    for line in reversed(above[-3:]):
        text = clean_text(line.text)
        if _NOT_TAKEN.search(text):
            return False
        if _TAKEN.search(text):
            return True
    return None


def infer_table(doc: Document, table: Table, settings: NormalizeSettings) -> Optional[Inference]:
    """The columns of a table no header names, typed by content; None when it is no register."""
    grid = table.grid()
    words = _SCALE_WORDS | legend_words(doc)
    for skip in (1, 0):  # a header row of unknown words, or none
        body = grid[skip:]
        if len([r for r in body if any(c is not None and clean_text(c.text) for c in r)]) < settings.infer_min_rows:
            continue
        heads = [clean_text(c.text) if c is not None else "" for c in grid[0]] if skip else [""] * table.n_cols
        profiles = [column_profile(i, heads[i], [r[i] for r in body], words) for i in range(table.n_cols)]
        found = infer_roles(profiles, body)
        if found is None:
            continue
        mapping, why = found
        if skip and _header_fits(grid[0], mapping, words):
            continue  # the first row holds data too: the table has no header row
        untyped = [i for i in range(table.n_cols) if i not in mapping and profiles[i].filled]
        inference = Inference(skip, mapping, why, untyped, heads, "risk_value" not in mapping.values(),
                              plan_heading(doc, table))
        if inference.in_plan is False and "in_ikp" not in mapping.values():
            _reason_column(inference, profiles)
        return inference
    return None


def legend_words(doc: Document) -> set[str]:
    """The score words the document's legend lines name, read once per document."""
    from .scales import read_legend  # scales reads stitch's tables, and stitch asks this module
    cached = getattr(doc, "_legend_words", None)
    if cached is None or cached[0] is not doc.lines:
        cached = doc.lines, set(read_legend([line.text for line in doc.lines]).words)
        doc._legend_words = cached
    return cached[1]


def _reason_column(inference: Inference, profiles: list[ColumnProfile]) -> None:
    """In a table of risks not taken into the plan, the sentences after the scores say why: handling."""
    for i, name in list(inference.mapping.items()):
        if name == "description" and i > min(k for k, v in inference.mapping.items() if v == "probability"):
            if "handling" not in inference.mapping.values():
                inference.mapping[i] = "handling"
                inference.why[i] = N_("sentences after the scores in a table of risks not taken into the plan: "
                                         "why not")


def _header_fits(row: list, mapping: dict[int, str], words: set[str]) -> bool:
    """Do a first row's score cells read as scores (it is data, not a header)?"""
    cells = [row[i] for i, name in mapping.items() if name in ("probability", "consequence")]
    return all(c is not None and is_score_cell(c.text, words) for c in cells)


def inferred_template(inference: Inference) -> Template:
    """A Template built from the roles, so the rest of the path reads the table as any other."""
    fields = list(inference.mapping.values())
    columns = tuple((name, (inference.headers[i] or f"column {i + 1}",)) for i, name in inference.mapping.items())
    anchors = tuple(n for n in ("risk_nr", "probability", "consequence", "risk_value") if n in fields) or ("event",)
    merged = tuple(n for n in ("goal", "process", "working_method") if n in fields)
    return Template(name=INFERRED, title="columns typed by their content", source=INFERRED, columns=columns,
                    anchors=anchors, merged=merged, risk_fields=tuple(fields), control_fields=(),
                    builtin=False, risk_value="product", in_plan=inference.in_plan,
                    roles=tuple(describe_roles(inference)))


def describe_roles(inference: Inference) -> list[str]:
    """"'Risker' = event (sentences, ...)" per typed column, then the untyped ones, in column
    order; the reasons in the active language, the fields by their register column names."""
    out = []
    for i in sorted([*inference.mapping, *inference.untyped]):
        head = repr(inference.headers[i]) if inference.headers[i] else _("column {n}").format(n=i + 1)
        if i in inference.mapping:
            field = inference.mapping[i]
            out.append(f"{head} = {field} ({_(inference.why[i]).format(field=field)})")
        else:
            out.append(_("{column} = not typed (kept in extra)").format(column=head))
    return out


def columns_inferred(table, source: str) -> list[Problem]:
    """The columns_inferred warning of a table read without a template (a LogicalTable)."""
    template = table.template
    if template is None or template.name != INFERRED:
        return []
    page = table.pages[0] if table.pages else None
    plan = {True: " " + _("Its heading says its risks are taken into the plan (in_ikp true)."),
            False: " " + _("Its heading says its risks are not taken into the plan (in_ikp false).")
            }.get(template.in_plan, "")
    derived = "" if "risk_value" in template.fields else " " + _(
        "No column prints a risk value: it is derived as probability x consequence (risk_value_source derived).")
    return [Problem(source, page, "warning", "columns_inferred", _(
        "The register table on page {page} has a header no template names; its columns were typed by what they "
        "hold: {roles}.{derived}{plan} Check them, and write a template of your own (--template) to name them "
        "for sure.").format(page=page, roles="; ".join(template.roles), derived=derived, plan=plan))]


def complete_risks(table, risks: list[Risk]) -> None:
    """Where the table prints no risk value, derive it from the scores (risk_value_source says so);
    where it has no plan column, its heading's plan membership sets in_ikp, or in a register
    written as records the handling's words (``Med i internkontrollplan``, ``Ingen åtgärd``)."""
    template = table.template
    layout = template.records if template is not None else None
    for risk in risks:
        if "risk_value" not in table.columns and risk.probability is not None and risk.consequence is not None:
            risk.risk_value, risk.risk_value_source = risk.probability * risk.consequence, "derived"
        if template is not None and template.in_plan is not None and "in_ikp" not in table.columns:
            risk.in_ikp = template.in_plan
        if layout is not None and "in_ikp" not in table.columns and risk.in_ikp is None:
            risk.in_ikp = layout.in_plan(risk.handling)


def template_names(tables: list) -> Optional[str]:
    """The templates a file's register tables were read with, '; '-separated (files.csv)."""
    names = list(dict.fromkeys(t.template.name for t in tables if t.template is not None))
    return "; ".join(names) or None
