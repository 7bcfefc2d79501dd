"""compare.html: profiles, risk matrices, year-over-year movement and shared risks on one page."""
from __future__ import annotations

import base64

import pandas as pd

from ..i18n import _
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
    sub = _("{registers} registers of {orgs} organisations. Levels: {levels}.").format(
        registers=len(profile), orgs=profile["organisation"].nunique(), levels=level_text)
    parts = [f"<h1>{esc(_('Risk profiles compared'))}</h1>",
             f'<p class="sub">{esc(sub)}</p>',
             inputs,
             f'<section id="profile"><h2>{esc(_("Profiles"))}</h2>',
             table([_("Organisation"), _("Year"), _("Risks"), "Låg", "Medium", "Kritisk", _("Mean RV"),
                    _("Median RV"), _("Share in IKP"), _("Controls"),
                    _("Processes with the highest summed risk value")], prof_rows),
             "</section>",
             f'<section id="matrices"><h2>{esc(_("Risk matrices"))}</h2>'
             '<p class="muted">' + esc(_("Probability up, consequence across; each cell shows how many risks it "
                                         "holds, coloured by level and stronger the more risks it holds (one "
                                         "scale for all).")) + "</p>",
             _img(overview, _("All risk matrices on one scale"), "matrix-overview"),
             '<div class="grid">']
    for title, gid, png in matrices:
        parts.append(f'<figure class="matrix">{_img(png, _("Risk matrix {title}").format(title=title), gid)}'
                     f"<figcaption>{esc(title)}</figcaption></figure>")
    parts.append("</div></section>")
    parts += _movement_section(movement) + _shared_section(shared, hrefs)
    style = ("<style>.grid{display:flex;flex-wrap:wrap;gap:1rem}figure.matrix{margin:0}"
             "figure.matrix img{width:300px}figcaption{font-size:.85rem;color:#555}"
             "#matrix-overview{max-width:100%}</style>")
    return page(_("riskreg compare"), style + "\n".join(parts))


def _movement_section(movement: pd.DataFrame) -> list[str]:
    """Year over year: each organisation's registers from one year to the next."""
    out: list[str] = []
    out.append(f'<section id="movement"><h2>{esc(_("Year over year"))}</h2>')
    if movement.empty:
        out.append(f'<p class="muted">{esc(_("No organisation has more than one year."))}</p>')
    else:
        rows = [[esc(r.organisation), f"{r.from_year} → {r.to_year}",
                 (f"{r.risks_before} → {r.risks_after}", "num"), _num(r.paired), _num(r.new), _num(r.removed),
                 _num(r.rescored), _num(r.rescored_up), _num(r.rescored_down),
                 (f"{r.critical_before} → {r.critical_after}", "num"),
                 (f"{_num(r.mean_before)[0]} → {_num(r.mean_after)[0]}", "num")]
                for r in movement.itertuples()]
        out.append(table([_("Organisation"), _("Years"), _("Risks"), _("In both"), _("New"), _("Removed"),
                            _("Rescored"), _("Risk value up"), _("Risk value down"), "Kritisk", _("Mean RV")], rows))
    out.append("</section>")
    return out


def _shared_section(shared: pd.DataFrame, hrefs: dict[str, str] | None) -> list[str]:
    """The risks named by two or more organisations, each Nr linked to its page."""
    out: list[str] = []
    out.append(f'<section id="shared"><h2>{esc(_("Shared risks"))}</h2>')
    if shared.empty:
        out.append(f'<p class="muted">{esc(_("No risk is named by two or more organisations."))}</p>')
    else:
        n_groups = shared["group"].nunique()
        out.append('<p class="muted">' + esc(_("{n} risks named by two or more organisations (each "
                                                 "organisation's latest year); score: how alike a member is to "
                                                 "the group's first.").format(n=n_groups)) + "</p>")
        rows = [[_num(r.group), esc(r.organisation), _num(r.year),
                 (page_link(_num(r.risk_nr)[0], (hrefs or {}).get(text_of(r.source_file)), r.page), "num"), esc(r.event),
                 esc(r.process), _num(r.risk_value), _num(r.score)] for r in shared.itertuples()]
        out.append(table([_("Group"), _("Organisation"), _("Year"), _("Nr"), _("Event"), _("Process"), _("RV"),
                            _("Score")], rows))
    out.append("</section>")
    return out
