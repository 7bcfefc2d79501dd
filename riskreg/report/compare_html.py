"""compare.html: profiles, risk matrices, year-over-year movement and shared risks on one page."""
from __future__ import annotations

import base64

import pandas as pd

from ..schema import missing, text_of
from .html_parts import esc, page, page_link, table


def _img(png: bytes, alt: str, gid: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img id="{gid}" src="data:image/png;base64,{data}" alt="{esc(alt)}">'


def _num(value) -> tuple[str, str]:
    if missing(value):
        return "", "num"
    if isinstance(value, float):
        return f"{value:g}", "num"
    return esc(value), "num"


def compare_html(profile: pd.DataFrame, movement: pd.DataFrame, shared: pd.DataFrame,
                 matrices: list[tuple[str, str, bytes]], overview: bytes, level_text: str, inputs: str = "",
                 hrefs: dict[str, str] | None = None) -> str:
    """matrices: (title, element id, PNG bytes) per organisation and year; ``inputs``: the box of
    what the inputs lack (report/checks.py), shown first; ``hrefs``: each source file's PDF as the
    page sees it, to link a shared risk's Nr to its page."""
    prof_rows = [[esc(r.organisation), _num(r.year), _num(r.risks), _num(r.low), _num(r.medium),
                  _num(r.critical), _num(r.mean_risk_value), _num(r.median_risk_value),
                  _num(r.share_in_ikp), _num(r.controls), esc(r.top_processes)]
                 for r in profile.itertuples()]
    parts = ["<h1>Risk profiles compared</h1>",
             f'<p class="sub">{len(profile)} registers of {profile["organisation"].nunique()} organisations. '
             f"Levels: {esc(level_text)}.</p>",
             inputs,
             '<section id="profile"><h2>Profiles</h2>',
             table(["Organisation", "Year", "Risks", "Låg", "Medium", "Kritisk", "Mean RV", "Median RV",
                    "Share in IKP", "Controls", "Processes with the highest summed risk value"], prof_rows),
             "</section>",
             '<section id="matrices"><h2>Risk matrices</h2>'
             '<p class="muted">Probability up, consequence across; each cell shows how many risks it holds, '
             "coloured by level and stronger the more risks it holds (one scale for all).</p>",
             _img(overview, "All risk matrices on one scale", "matrix-overview"),
             '<div class="grid">']
    for title, gid, png in matrices:
        parts.append(f'<figure class="matrix">{_img(png, "Risk matrix " + title, gid)}'
                     f"<figcaption>{esc(title)}</figcaption></figure>")
    parts.append("</div></section>")
    parts.append('<section id="movement"><h2>Year over year</h2>')
    if movement.empty:
        parts.append('<p class="muted">No organisation has more than one year.</p>')
    else:
        rows = [[esc(r.organisation), f"{r.from_year} → {r.to_year}",
                 (f"{r.risks_before} → {r.risks_after}", "num"), _num(r.paired), _num(r.new), _num(r.removed),
                 _num(r.rescored), _num(r.rescored_up), _num(r.rescored_down),
                 (f"{r.critical_before} → {r.critical_after}", "num"),
                 (f"{_num(r.mean_before)[0]} → {_num(r.mean_after)[0]}", "num")]
                for r in movement.itertuples()]
        parts.append(table(["Organisation", "Years", "Risks", "In both", "New", "Removed", "Rescored", "Risk value up",
                            "Risk value down", "Kritisk", "Mean RV"], rows))
    parts.append("</section>")
    parts.append('<section id="shared"><h2>Shared risks</h2>')
    if shared.empty:
        parts.append('<p class="muted">No risk is named by two or more organisations.</p>')
    else:
        n_groups = shared["group"].nunique()
        parts.append(f'<p class="muted">{n_groups} risks named by two or more organisations '
                     "(each organisation's latest year); score: how alike a member is to the group's first.</p>")
        rows = [[_num(r.group), esc(r.organisation), _num(r.year),
                 (page_link(_num(r.risk_nr)[0], (hrefs or {}).get(text_of(r.source_file)), r.page), "num"), esc(r.event),
                 esc(r.process), _num(r.risk_value), _num(r.score)] for r in shared.itertuples()]
        parts.append(table(["Group", "Organisation", "Year", "Nr", "Event", "Process", "RV", "Score"], rows))
    parts.append("</section>")
    style = ("<style>.grid{display:flex;flex-wrap:wrap;gap:1rem}figure.matrix{margin:0}"
             "figure.matrix img{width:300px}figcaption{font-size:.85rem;color:#555}"
             "#matrix-overview{max-width:100%}</style>")
    return page("riskreg compare", style + "\n".join(parts))
