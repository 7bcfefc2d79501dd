"""history.html: every risk of every organisation over the years, one row per key, one column per year.

Rows follow the latest register, then the risks that left (the latest
departures first). A cell shows the risk value that year, coloured by its level; a risk entering
(new after the organisation's first year), returning, or leaving (the first
year it is missing) is marked. The event is the latest wording, earlier
wordings on hover (the title attribute). A search box filters the rows: the
page's one script, written here, never built from document text. Every text
from a PDF goes through ``esc``.
"""
from __future__ import annotations

import re

import pandas as pd

from ..i18n import N_, _, current_language
from ..schema import missing, text_of
from .html_parts import STYLE, esc, page_link
from ..scales import Levels
from .svg import level_bars_svg

EXTRA_STYLE = """
#search { font-size: 1rem; padding: .35rem .6rem; width: 24rem; max-width: 100%; }
table.history td.year { text-align: center; white-space: nowrap; min-width: 3.2rem; }
td.low { background: #d8f0dc; } td.medium { background: #fde9b8; } td.critical { background: #f6c4c4; }
td.absent { background: #fafafa; color: #aaa; }
td.leave { background: #eee; color: #555; }
.mark { font-weight: 700; margin-right: .15rem; }
.enter .mark { color: #0a5; } .return .mark { color: #06c; } .leave .mark { color: #900; }
td.event { max-width: 34rem; }
td.event[title] { text-decoration: underline dotted #999; cursor: help; }
.key { font-family: ui-monospace, monospace; font-size: .8rem; white-space: nowrap; }
.legend span { display: inline-block; padding: .1rem .5rem; margin-right: .4rem; border: 1px solid #ddd; }
"""

# filters rows by the search box; the only script on the page, a constant
SCRIPT = """
(function () {
  var box = document.getElementById('search'), shown = document.getElementById('shown');
  function filter() {
    var q = box.value.trim().toLowerCase(), n = 0;
    document.querySelectorAll('tr[data-search]').forEach(function (tr) {
      var hit = !q || tr.getAttribute('data-search').indexOf(q) >= 0;
      tr.hidden = !hit;
      if (hit) { n += 1; }
    });
    shown.textContent = String(n);
  }
  box.addEventListener('input', filter);
  filter();
})();
"""

MARKS = {"enter": ("+", N_("new this year")), "return": ("↺", N_("back after a year or more away")),
         "leave": ("✕", N_("left: not in this year's register"))}


def _cell_class(value, levels: Levels) -> str:
    return levels.of(value) or "absent"


def _year_cell(row: dict | None, departed: bool, first_year: bool, levels: Levels,
               scales: dict[str, int] | None = None, hrefs: dict[str, str] | None = None) -> str:
    if row is None:
        if departed:
            mark, why = MARKS["leave"]
            return f'<td class="year leave" title="{esc(_(why))}"><span class="mark">{mark}</span></td>'
        return '<td class="year absent"></td>'
    change = text_of(row["change"])
    words = change.split(";")
    kind = "return" if "returned" in words else "enter" if "new" in words and not first_year else ""
    value = row["risk_value"]
    score = (f"{esc(row['probability'])} × {esc(row['consequence'])} = {esc(value)}"
             if not missing(row["probability"]) and not missing(row["consequence"]) else esc(value))
    ikp = _("in the control plan") if row["in_ikp"] is True else ""
    title = "; ".join(x for x in (change.replace(";", ", "), score, ikp) if x)
    mark = f'<span class="mark">{MARKS[kind][0]}</span>' if kind else ""
    star = " ★" if row["in_ikp"] is True else ""
    # the bounds of the scale the row's document scores on, as compare and register.db count it
    scaled = levels.for_scale((scales or {}).get(str(row["source_file"])))
    classes = " ".join(x for x in ("year", _cell_class(value, scaled), kind) if x)
    shown = page_link(esc(value) or "–", (hrefs or {}).get(text_of(row["source_file"])), row.get("page"))
    return f'<td class="{classes}" title="{esc(title)}">{mark}{shown}{star}</td>'


def year_levels(kept: pd.DataFrame, levels: Levels, scales: dict[str, int] | None = None) -> list[tuple[int, dict]]:
    """(year, {level: risks}) for one organisation's yearly rows, each risk value's level by its
    document's scale (probability x consequence where no value is printed); a row without
    either counts as 'unscored'."""
    out = []
    for year in sorted(int(y) for y in kept["year"].unique()):
        rows = kept[kept["year"] == year]
        counts: dict[str, int] = {}
        for value, p, k, source in zip(rows["risk_value"], rows["probability"], rows["consequence"],
                                       rows["source_file"]):
            if missing(value) and not missing(p) and not missing(k):
                value = p * k  # as compare counts a register that prints no risk value
            level = levels.for_scale((scales or {}).get(str(source))).of(value) or "unscored"
            counts[level] = counts.get(level, 0) + 1
        out.append((year, counts))
    return out


def _organisation(name: str, rows: pd.DataFrame, levels: Levels, scales: dict[str, int] | None = None,
                  hrefs: dict[str, str] | None = None) -> str:
    kept = rows[rows["change"] != "removed"]
    years = sorted(int(y) for y in kept["year"].unique())
    left = {(r["risk_key"], int(r["year"])) for r in rows[rows["change"] == "removed"].to_dict("records")}
    by_key: dict[str, dict[int, dict]] = {}
    for r in kept.to_dict("records"):
        by_key.setdefault(r["risk_key"], {})[int(r["year"])] = r
    # the latest register's risks in its order, then those that left, the latest departures first
    position = {r["risk_key"]: i for i, r in enumerate(kept.to_dict("records"))}
    order = sorted(by_key, key=lambda k: (-max(by_key[k]), position[k]))
    body = []
    for key in order:
        seen = by_key[key]
        latest = seen[max(seen)]
        wordings = []
        for year in sorted(seen):
            text = text_of(seen[year]["event"])
            if not wordings or wordings[-1][1] != text:
                wordings.append((year, text))
        earlier = [f"{y}: {t}" for y, t in wordings[:-1]]
        title = f' title="{esc(_("Earlier: ") + chr(10).join(earlier))}"' if earlier else ""
        cells = []
        for i, year in enumerate(years):
            departed = i > 0 and (key, years[i - 1]) in left
            cells.append(_year_cell(seen.get(year), departed, i == 0, levels, scales, hrefs))
        search = " ".join([key, text_of(latest["process"]), *(t for _, t in wordings)]).lower()
        body.append(f'<tr data-search="{esc(search)}"><td class="key">{esc(key)}</td>'
                    f"<td>{esc(latest['process'])}</td><td class=\"event\"{title}>{esc(latest['event'])}</td>"
                    + "".join(cells) + "</tr>")
    head = "".join(f'<th class="year">{y}</th>' for y in years)
    gid = "levels-" + re.sub(r"\W+", "-", name.lower())
    return (f"<section class=\"org\"><h2>{esc(name)}</h2>\n"
            + '<p class="sub">' + esc(_("{risks} risks over {n} year(s), {first}–{last}").format(
                risks=len(by_key), n=len(years), first=years[0], last=years[-1])) + "</p>\n"
            f'<figure class="levels">{level_bars_svg(year_levels(kept, levels, scales), gid)}'
            f'<figcaption class="muted">{esc(_("Risks per level and year"))}</figcaption></figure>\n'
            f'<table class="history">\n<thead><tr><th>{esc(_("Key"))}</th><th>{esc(_("Process"))}</th>'
            f'<th>{esc(_("Event (latest wording)"))}</th>'
            f"{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n</section>")


def _other_scales(levels: Levels, scales: dict[str, int] | None) -> str:
    """' on 1-5; on 1-4: Låg ≤ 1, Medium 2–7, Kritisk ≥ 8' when a register scores on another scale."""
    other = sorted({s for s in (scales or {}).values() if s != 5})
    if not other:
        return ""
    return _(" on 1-5") + "".join(_("; on 1-{s}:").format(s=s) + f" Låg ≤ {b.low_max}, "
                                  f"Medium {b.low_max + 1}–{b.medium_max}, Kritisk ≥ {b.medium_max + 1}"
                                  for s in other for b in [levels.for_scale(s)])


def history_html(rows: pd.DataFrame, levels: Levels | None = None, scales: dict[str, int] | None = None,
                 inputs: str = "", hrefs: dict[str, str] | None = None) -> str:
    """The whole page for a HistoryRow frame (each year's value linked to its PDF page, the PDF at
    ``hrefs[source_file]``). ``scales``: each source file's scale (a cell is
    coloured by the bounds of its document's scale; 1-5 for a file not named); ``inputs``: the
    box of what the inputs lack (report/checks.py), shown first."""
    levels = levels or Levels()
    sections = [_organisation(str(org), part, levels, scales, hrefs)
                for org, part in rows.groupby("organisation", sort=False)]
    keys = rows.loc[rows["change"] != "removed", "risk_key"].nunique()
    legend = (f'<p class="legend"><span class="mark">+</span>{esc(_("new that year"))} &nbsp; '
              f'<span class="mark">↺</span>{esc(_("back after a year or more away"))} &nbsp; '
              f'<span class="mark">✕</span>{esc(_("left (missing that year)"))} &nbsp; ★ '
              f'{esc(_("in the control plan"))} &nbsp; <span style="background:#d8f0dc">Låg ≤ {levels.low_max}</span>'
              f'<span style="background:#fde9b8">Medium {levels.low_max + 1}–{levels.medium_max}</span>'
              f'<span style="background:#f6c4c4">Kritisk ≥ {levels.medium_max + 1}</span>{_other_scales(levels, scales)}</p>')
    shown = esc(_("{shown} of {keys} risks shown")).format(shown=f'<span id="shown">{keys}</span>', keys=keys)
    body = (f"<h1>{esc(_('riskreg history'))}</h1>\n<p class=\"sub\">"
            + esc(_("Each risk followed over the years under one key; a cell is the risk value that year (hover "
                    "for the change and the scores), the event its latest wording (hover for earlier ones)."))
            + f"</p>\n{inputs}\n{legend}\n"
            f'<p><input id="search" type="search" placeholder="{esc(_("Search events, processes, keys"))}" '
            f'aria-label="{esc(_("Search"))}"> {shown}</p>\n'
            + "\n".join(sections))
    return (f'<!DOCTYPE html>\n<html lang="{current_language()}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(_('riskreg history'))}</title>\n<style>{STYLE}{EXTRA_STYLE}</style>\n</head>\n<body>\n{body}\n"
            f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
