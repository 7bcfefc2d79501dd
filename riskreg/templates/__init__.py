"""Templates: how one kind of register document names and lays out its columns, as data.

A template is a TOML file (see docs/templates.md for a complete
example). It may name the layout readers that read its documents (``readers = ["ruled",
"fills"]``; without the line, every one). It gives the header wordings of each column and the canonical field
they fill, which columns anchor a row (a row starts where one of them starts),
which cells are merged downwards (printed once for the rows below), and which
fields belong to the risk and which to its control. The package ships
Stockholm's VoR, internkontrollplan and uppföljning and a general Swedish
template (``riskreg/templates/*.toml``); a user adds their own file with
``--template FILE``. Adding a municipality is a data file, never a code change.

The header vocabulary is the union of every template's wordings (a user's file
first, so its wording wins); the template a table follows is the one naming
most of the table's columns.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI (setup.cfg installs it there)
    import tomli as tomllib

from ..errors import RiskregError
from .records import RecordLayout, parse_records

HERE = Path(__file__).resolve().parent

#: every field a template may map a column to, and what it holds
FIELDS: dict[str, str] = {
    "goal": "council goal (KF:s mål), its number first",
    "process": "process, area or activity the risk belongs to",
    "working_method": "working method (Arbetssätt)",
    "risk_nr": "the risk's printed number",
    "event": "the risk: the unwanted event",
    "description": "a longer description of the risk",
    "probability": "probability score (Sannolikhet)",
    "consequence": "consequence score (Konsekvens)",
    "risk_value": "risk value (Riskvärde, Risktal)",
    "in_ikp": "whether the risk is taken into the control plan (IKP, Till plan)",
    "handling": "how the risk is handled (Hantera risk)",
    "status_measure": "status word and measure (Status/Åtgärd)",
    "responsible": "who is responsible (Ansvarig)",
    "systematic_control": "systematic control (Systematisk kontroll)",
    "control_activity": "the control (Kontrollaktivitet, Kontrollmoment)",
    "method": "how the control is made (Metod: stickprov, systemuttag)",
    "frequency": "how often (Frekvens: månadsvis, 2 ggr/år)",
    "report_to": "whom the control reports to (Rapporteras till)",
}
#: fields whose presence makes a table a risk register (it scores its risks)
SCORE_FIELDS = ("probability", "consequence", "risk_value")
#: fields holding numbers: as a row's anchor, a row starts where one starts with a digit
NUMERIC_FIELDS = ("risk_nr", "probability", "consequence", "risk_value")
#: fields only a control has: a table with one of them holds controls (alone, or
#: beside its risks when it also has score columns)
CONTROL_FIELDS = ("systematic_control", "control_activity", "method", "frequency", "report_to")


class TemplateError(RiskregError):
    """A template file that cannot be read or names what riskreg does not know."""

    code = "bad_template"


@dataclass(frozen=True)
class Template:
    """One template: header wordings per field, row anchors, merged cells, risk and control fields."""

    name: str
    title: str
    source: str  # the file it was read from
    columns: tuple[tuple[str, tuple[str, ...]], ...]  # (field, wordings as printed)
    anchors: tuple[str, ...]
    merged: tuple[str, ...]
    risk_fields: tuple[str, ...]
    control_fields: tuple[str, ...]
    builtin: bool = True
    scale: Optional[int] = None  # the highest score (3, 4 or 5), when the template always uses one
    risk_value: Optional[str] = None  # "product": the risk value is probability x consequence
    #: an inferred template (normalize/infer.py): its table's heading says its risks are (not) in the plan
    in_plan: Optional[bool] = None
    #: an inferred template: how each column was typed, for the columns_inferred warning
    roles: tuple[str, ...] = ()
    #: the layout readers (extract/readers/) that may read its documents; None: every one
    readers: Optional[tuple[str, ...]] = None
    #: how its documents' records read, when it describes a register written as records
    #: (templates/records.py); None: a table
    records: Optional[RecordLayout] = None

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def kind(self) -> str:
        """'combined' (risks and their controls in one table), 'vor' or 'ikp'."""
        names = set(self.fields)
        scores, controls = bool(names & set(SCORE_FIELDS)), bool(names & set(CONTROL_FIELDS))
        return "combined" if scores and controls else "vor" if scores else "ikp"


def _strings(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TemplateError(f"{where} must be a list of texts.")
    return tuple(value)


def _known(names: Iterable[str], where: str) -> None:
    unknown = [n for n in names if n not in FIELDS]
    if unknown:
        raise TemplateError(f"{where} names {', '.join(map(repr, unknown))}, which riskreg does not "
                            f"know; the fields are: {', '.join(FIELDS)}.")


def parse_template(data: dict, source: str, builtin: bool = False) -> Template:
    """A Template from a TOML document's data; raises TemplateError naming what is wrong."""
    where = f"template {source}"
    unknown = set(data) - {"name", "title", "readers", "columns", "rows", "fields", "scores", "records"}
    if unknown:
        raise TemplateError(f"{where}: unknown section(s) {', '.join(sorted(unknown))}; a template has "
                            "name, title, readers, [columns], [rows], [fields], [scores] and [records].")
    readers = data.get("readers")
    if readers is not None:
        readers = _strings(readers, f"{where}: readers")
        if not readers:
            raise TemplateError(f"{where}: readers = [] lets no reader read its documents; name at least "
                                "one, or leave the line out for every reader.")
    scores = data.get("scores", {})
    if not isinstance(scores, dict) or set(scores) - {"scale", "risk_value"}:
        raise TemplateError(f"{where}: [scores] takes scale (3, 4 or 5) and risk_value (\"product\").")
    if scores.get("scale") not in (None, 3, 4, 5) or scores.get("risk_value") not in (None, "product"):
        raise TemplateError(f"{where}: scores.scale is 3, 4 or 5 and scores.risk_value is \"product\".")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise TemplateError(f"{where}: it needs a name = \"...\".")
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise TemplateError(f"{where}: [columns] must give each field its header wordings, "
                            "e.g. event = [\"Risk\", \"Riskbeskrivning\"].")
    _known(columns, f"{where}: [columns]")
    cols = tuple((field, _strings(words, f"{where}: columns.{field}")) for field, words in columns.items())
    if "event" not in columns:
        raise TemplateError(f"{where}: [columns] must name the column holding the risk (event).")
    rows = data.get("rows", {})
    fields = data.get("fields", {})
    if not isinstance(rows, dict) or not isinstance(fields, dict):
        raise TemplateError(f"{where}: [rows] and [fields] are tables (anchors, merged; risk, control).")
    unknown = (set(rows) - {"anchors", "merged"}) | (set(fields) - {"risk", "control"})
    if unknown:
        raise TemplateError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} in [rows]/[fields].")
    anchors = _strings(rows.get("anchors", [n for n in NUMERIC_FIELDS if n in columns] or ["event"]),
                       f"{where}: rows.anchors")
    merged = _strings(rows.get("merged", []), f"{where}: rows.merged")
    control = _strings(fields.get("control", [n for n in columns if n in CONTROL_FIELDS]),
                       f"{where}: fields.control")
    risk = _strings(fields.get("risk", [n for n in columns if n not in control]), f"{where}: fields.risk")
    for key, names in (("rows.anchors", anchors), ("rows.merged", merged), ("fields.risk", risk),
                       ("fields.control", control)):
        _known(names, f"{where}: {key}")
        missing = [n for n in names if n not in columns]
        if missing:
            raise TemplateError(f"{where}: {key} names {', '.join(missing)}, which [columns] does not give.")
    return Template(name=name.strip(), title=str(data.get("title", "")), source=source, columns=cols,
                    anchors=anchors, merged=merged, risk_fields=risk, control_fields=control,
                    builtin=builtin, scale=scores.get("scale"), risk_value=scores.get("risk_value"),
                    readers=readers,
                    records=parse_records(data.get("records"), cols, name.strip(), where, TemplateError))


def read_template(path: str | Path, builtin: bool = False) -> Template:
    """Read one template file (TOML)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise TemplateError(f"There is no template file {path}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"The template {path} is not valid TOML: {exc}.") from None
    return parse_template(data, path.name if builtin else str(path), builtin=builtin)


@lru_cache(maxsize=None)
def builtin_templates() -> tuple[Template, ...]:
    """The templates shipped in the package, by file name."""
    return tuple(read_template(p, builtin=True) for p in sorted(HERE.glob("*.toml")))


def load_templates(paths: Sequence[str] = ()) -> tuple[Template, ...]:
    """The user's template files (in the order given), then the built-in ones."""
    return tuple(_read_user_template(str(p), *template_stamp(p)) for p in paths) + builtin_templates()


def template_stamp(path) -> tuple[int, int]:
    """A template file's modification time and size: it is read again when they change."""
    try:
        st = Path(path).stat()
    except OSError:
        return -1, -1
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=64)
def _read_user_template(path: str, mtime_ns: int, size: int) -> Template:
    """A user's file, read again when it changes (the key holds its time and size)."""
    return read_template(path)


def compact(text: str, notes: bool = False) -> str:
    """Lower case, no spaces (header words are often broken in cells), no trailing ' .:'.

    Without ``notes`` a note in parentheses ("(1-5)") goes too.
    """
    text = text.lower()
    if not notes:
        text = re.sub(r"\(.*?\)", "", text)
    return re.sub(r"\s+", "", text).strip(" .:")


@lru_cache(maxsize=None)
def vocabulary(templates: tuple[Template, ...]) -> dict[str, str]:
    """Compact header wording -> field, over all templates; the first template naming a wording wins."""
    out: dict[str, str] = {}
    for template in templates:
        for field, words in template.columns:
            for word in words:
                out.setdefault(compact(word, notes=True), field)
    return out


def choose_template(fields: Iterable[str], templates: Sequence[Template],
                    texts: Iterable[str] = ()) -> Optional[Template]:
    """The template a table with these columns follows: the one whose own wordings name most of
    its header cells (``texts``), then the one naming most of its fields, then the one with fewest
    columns the table lacks; a user's template before a built-in one."""
    names = set(fields)
    keys = [(compact(t, notes=True), compact(t)) for t in texts if t]
    best, best_key = None, None
    for i, template in enumerate(templates):
        own = set(template.fields)
        words = {compact(w, notes=True) for _, ws in template.columns for w in ws}
        worded = sum(1 for full, bare in keys if full in words or bare in words)
        key = (worded, len(names & own), -len(own - names), -i)
        if len(names & own) and (best_key is None or key > best_key):
            best, best_key = template, key
    return best


def list_templates(paths: Sequence[str | Path] = ()) -> list[dict[str, str]]:
    """The templates riskreg reads with (a user's files first, then the built-in ones), one dict
    each: name, kind, source, title, columns, anchors, merged, readers, scores, records (empty for
    a table's template). What `riskreg templates` prints."""
    out = []
    for t in load_templates(tuple(str(p) for p in paths)):
        out.append({"name": t.name, "kind": t.kind(), "source": "built-in" if t.builtin else t.source,
                    "title": t.title,
                    "columns": "; ".join(f"{field}: {', '.join(words)}" for field, words in t.columns),
                    "anchors": ", ".join(t.anchors), "merged": ", ".join(t.merged),
                    "readers": ", ".join(t.readers) if t.readers else "every reader",
                    "scores": (f"scale 1-{t.scale}" if t.scale else "scale from the document")
                              + ("; risk value = probability x consequence" if t.risk_value == "product" else ""),
                    "records": (f"headings {', '.join(t.records.headings) or 'none'}; title {t.records.title}; "
                                f"paragraphs {t.records.paragraphs}; started by {', '.join(t.records.start)}"
                                if t.records else "")})
    return out
