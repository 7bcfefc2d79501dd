"""One page per nämnd and year (``riskreg report``): what a page holds, and the page as HTML.

A page holds the year's counts (risks per level, controls, share in the control plan), its
risk matrix, its top risks (highest risk value first), what changed since that
organisation's previous year when there is one (the counts diff gives, and the movement
between levels), and its inputs' coverage and problems (report/checks.py's box). The same
``OrgYear`` is drawn as PDF by report/org_pdf.py. Every text from a document goes through ``esc``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..i18n import N_, Messages, _, current_language
from ..scales import LEVEL_NAMES, Levels
from ..schema import Profile, missing
from .checks import InputCheck, checks_html
from .html_parts import esc, page, table
from .movement import TEXT as MOVE_TEXT, LevelMoves
from .svg import matrix_svg

#: English msgids, in one place, read in the active language (riskreg.i18n.Messages)
TEXT = Messages({
    "title": N_("Risk register {org} {year}"),
    "sources": N_("Read from {files}; scale 1-{scale}."),
    "counts": N_("Counts"),
    "what": N_("What"), "number": N_("Number"),
    "risks": N_("Risks"),
    "controls": N_("Controls in the control plan"),
    "share_ikp": N_("Share of risks in the control plan"),
    "mean": N_("Mean risk value"),
    "matrix": N_("Risk matrix"),
    "top": N_("Top risks"),
    "top_intro": N_("The {n} risks with the highest risk value (probability × consequence), the document's order between equals."),
    "changed": N_("Changed since {year}"),
    "first": N_("No earlier year of this organisation among the inputs: nothing to compare with."),
    "kinds": N_("Kind of change"),
    "new_risks": N_("New risks"),
    "removed_risks": N_("Removed risks"),
    "inputs": N_("Inputs"),
    "coverage": N_("Coverage"),
    "pages": N_("Pages"),
    "file": N_("File"),
    "none": N_("None."),
    "page": N_("Page"),
    "this": N_("This page"),
    "index": N_("Risk registers per nämnd and year"),
    "kind.unchanged": N_("Unchanged"), "kind.reworded": N_("Reworded"), "kind.rescored": N_("Rescored"),
    "kind.rescaled": N_("On another scale"), "kind.moved": N_("Moved"), "kind.ikp_in": N_("Into the control plan"),
    "kind.ikp_out": N_("Out of the control plan"), "kind.new": N_("New"), "kind.removed": N_("Removed"),
})
#: how many risks a page lists as its top risks
TOP_RISKS = 10
#: the top risks' column headings, English msgids: read them with top_headers()
TOP_HEADERS = [N_("Nr"), N_("Process"), N_("Event"), N_("P"), N_("K"), N_("RV"), N_("Level"), N_("Page")]
KINDS = ("unchanged", "reworded", "rescored", "rescaled", "moved", "ikp_in", "ikp_out", "new", "removed")


def top_headers() -> list[str]:
    """The top risks' column headings in the active language."""
    return [_(h) for h in TOP_HEADERS]


def _number(value: float, spec: str) -> str:
    """``value`` formatted by ``spec`` as the active language writes it (a decimal comma and a
    space before % in Swedish)."""
    text = format(value, spec)
    return text.replace(".", ",").replace("%", "\u00a0%") if current_language() == "sv" else text


@dataclass
class OrgYear:
    """Everything one page shows: one organisation's register of one year."""

    organisation: str
    year: int | None
    profile: Profile
    matrix: np.ndarray  # counts[p - 1, k - 1] on the register's scale
    top: list[dict]  # the top risks: risk_nr, process, event, probability, consequence, risk_value, level, page
    files: list[dict]  # its inputs' rows of files.csv
    checks: list[InputCheck] = field(default_factory=list)
    previous: int | None = None  # the organisation's previous year among the inputs
    kinds: dict[str, int] | None = None  # diff's counts of change since then
    moves: LevelMoves | None = None
    new_events: list[str] = field(default_factory=list)
    removed_events: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return TEXT["title"].format(org=self.organisation, year=self.year if self.year is not None else "").strip()

    def count_rows(self) -> list[tuple[str, str]]:
        """(label, value) of the counts, as both the HTML and the PDF list them."""
        p = self.profile
        share = "–" if missing(p.share_in_ikp) else _number(p.share_in_ikp, ".0%")
        mean = "–" if missing(p.mean_risk_value) else _number(p.mean_risk_value, "g")
        return [(TEXT["risks"], str(p.risks)), (LEVEL_NAMES["critical"], str(p.critical)),
                (LEVEL_NAMES["medium"], str(p.medium)), (LEVEL_NAMES["low"], str(p.low)),
                (TEXT["controls"], str(p.controls)), (TEXT["share_ikp"], share), (TEXT["mean"], mean)]

    def change_rows(self) -> list[tuple[str, int]]:
        """(label, count): diff's kinds that occur, then the movement between levels."""
        if self.kinds is None:
            return []
        rows = [(TEXT[f"kind.{k}"], self.kinds.get(k, 0)) for k in KINDS if self.kinds.get(k, 0) or k in ("new", "removed", "unchanged")]
        if self.moves is not None:
            rows += [(MOVE_TEXT[k], n) for k, n in self.moves.rows() if k in ("up", "down", "same", "cell")]
        return rows

    def coverage_rows(self) -> list[tuple[str, str, str]]:
        """(file, coverage, pages) of each input."""
        return [(str(f["source_file"]), "" if missing(f.get("coverage")) else _number(float(f["coverage"]), ".1%"),
                 "" if missing(f.get("pages")) else str(int(f["pages"]))) for f in self.files]


def _top_table(rows: list[dict]) -> str:
    out = [[(esc(r["risk_nr"]), "num"), esc(r["process"]), esc(r["event"]), (esc(r["probability"]), "num"),
            (esc(r["consequence"]), "num"), (esc(r["risk_value"]), "num"),
            (esc(LEVEL_NAMES.get(r["level"], "")), str(r["level"] or "")), (esc(r["page"]), "num")] for r in rows]
    return table(top_headers(), out, cls="top")


def _changes(p: OrgYear) -> str:
    if p.kinds is None:
        return f'<section id="changed"><p class="muted">{esc(TEXT["first"])}</p></section>'
    counts = table([TEXT["kinds"], TEXT["risks"]], [[esc(k), (str(n), "num")] for k, n in p.change_rows()],
                   cls="counts")
    lists = "".join(f"<h3>{esc(TEXT[key])} ({len(events)})</h3>"
                    + (("<ul>" + "".join(f"<li>{esc(e)}</li>" for e in events) + "</ul>") if events
                       else f'<p class="muted">{esc(TEXT["none"])}</p>')
                    for key, events in (("new_risks", p.new_events), ("removed_risks", p.removed_events)))
    return (f'<section id="changed"><h2>{esc(TEXT["changed"].format(year=p.previous))}</h2>'
            f"{counts}{lists}</section>")


PAGE_STYLE = ("<style>.pair{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}"
              "td.low{background:#d8f0dc}td.medium{background:#fde9b8}td.critical{background:#f6c4c4}"
              "@media print{body{margin:0}h2{break-after:avoid}}</style>")


def org_page_html(p: OrgYear, levels: Levels, pdf_name: str = "") -> str:
    """The page for one organisation and year; ``pdf_name``: its PDF, linked from the page."""
    files = ", ".join(r[0] for r in p.coverage_rows()) or "?"
    counts = table([TEXT["what"], TEXT["number"]], [[esc(k), (esc(v), "num")] for k, v in p.count_rows()], cls="counts")
    coverage = table([TEXT["file"], TEXT["coverage"], TEXT["pages"]],
                     [[esc(f), (esc(c), "num"), (esc(n), "num")] for f, c, n in p.coverage_rows()], cls="counts")
    link = f' <a href="{esc(pdf_name)}">PDF</a>' if pdf_name else ""
    body = [f"<h1>{esc(p.title)}</h1>",
            f'<p class="sub">{esc(TEXT["sources"].format(files=files, scale=p.matrix.shape[0]))}{link}</p>',
            checks_html(p.checks, TEXT["this"]),
            f'<div class="pair"><section id="counts"><h2>{esc(TEXT["counts"])}</h2>{counts}</section>',
            f'<section id="matrix"><h2>{esc(TEXT["matrix"])}</h2>'
            f'{matrix_svg(p.matrix, str(p.year or ""), levels, int(p.matrix.max(initial=0)), "matrix")}</section></div>',
            f'<section id="top"><h2>{esc(TEXT["top"])}</h2><p class="muted">'
            f'{esc(TEXT["top_intro"].format(n=len(p.top)))}</p>{_top_table(p.top)}</section>',
            _changes(p),
            f'<section id="files"><h2>{esc(TEXT["inputs"])}</h2>{coverage}</section>']
    return page(p.title, PAGE_STYLE + "\n".join(body))


def index_html(pages: list[tuple[OrgYear, str, str]]) -> str:
    """index.html: one row per page, (page, html name, pdf name), with its counts."""
    rows = [[esc(p.organisation), (esc(p.year), "num"), (str(p.profile.risks), "num"),
             (str(p.profile.critical), "num"), f'<a href="{esc(h)}">HTML</a> · <a href="{esc(f)}">PDF</a>']
            for p, h, f in pages]
    return page(TEXT["index"], f"<h1>{esc(TEXT['index'])}</h1>"
                + table([_("Organisation"), _("Year"), TEXT["risks"], LEVEL_NAMES["critical"], TEXT["page"]], rows))
