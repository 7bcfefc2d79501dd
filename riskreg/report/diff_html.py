"""diff.html: what changed between two years' registers, for an auditor to read and send on."""
from __future__ import annotations

import pandas as pd

from ..i18n import N_, _
from ..match.changes import count_kinds
from ..schema import missing, text_of
from .html_parts import esc, page, page_link, table, word_diff

#: (kind, section title, what the section lists)
SECTIONS = [
    ("new", N_("New risks"), N_("Risks of the new register with no counterpart in the old one.")),
    ("removed", N_("Removed risks"), N_("Risks of the old register with no counterpart in the new one.")),
    ("rescored", N_("Rescored"), N_("Probability, consequence or risk value changed (old → new).")),
    ("rescaled", N_("On another scale"), N_("The two years score on different scales (1-5 → 1-4, say): "
                                           "their scores are shown, not compared.")),
    ("reworded", N_("Reworded"), N_("The event's wording changed: removed words struck through, added words "
                                   "marked.")),
    ("moved", N_("Moved"), N_("The risk now sits under another goal, process or working method.")),
    ("ikp_in", N_("Into the control plan"), N_("In the internkontrollplan now, not before.")),
    ("ikp_out", N_("Out of the control plan"), N_("In the internkontrollplan before, not now.")),
]


def _has(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    return frame[frame["change"].map(lambda c: kind in str(c).split(";"))]


def _nr(row, side: str, hrefs: dict[str, str] | None = None) -> str:
    """The risk's Nr, linked to its page of its PDF (``hrefs``: side -> the PDF's path as the
    report sees it)."""
    return page_link(esc(row[f"{side}_risk_nr"]), (hrefs or {}).get(side), row[f"{side}_page"])


def _arrow(old, new) -> tuple[str, str]:
    if missing(old) or missing(new):
        return f"{esc(old)} → {esc(new)}", "same"
    if new > old:
        return f"{esc(old)} → {esc(new)} ▲", "up"
    if new < old:
        return f"{esc(old)} → {esc(new)} ▼", "down"
    return f"{esc(old)}", "same"


def _ikp(value) -> str:
    if missing(value):
        return ""
    return _("yes") if value else _("no")


def _one_side_rows(frame: pd.DataFrame, side: str, hrefs: dict[str, str]) -> list[list]:
    return [[(_nr(r, side, hrefs), "num"), esc(r[f"{side}_goal_id"]), esc(r[f"{side}_process"]),
             esc(r[f"{side}_event"]), (esc(r[f"{side}_probability"]), "num"),
             (esc(r[f"{side}_consequence"]), "num"), (esc(r[f"{side}_risk_value"]), "num"),
             _ikp(r[f"{side}_in_ikp"])] for _i, r in frame.iterrows()]


def _section_body(kind: str, rows: pd.DataFrame, hrefs: dict[str, str]) -> str:
    if rows.empty:
        return f'<p class="muted">{esc(_("None."))}</p>'
    if kind in ("new", "removed"):
        side = "new" if kind == "new" else "old"
        return table([_("Nr"), _("Goal"), _("Process"), _("Event"), _("P"), _("K"), _("RV"), _("IKP")], _one_side_rows(rows, side, hrefs))
    if kind == "rescaled":
        out = [[(f"{_nr(r, 'old', hrefs)} → {_nr(r, 'new', hrefs)}", "num"), esc(r["new_event"]),
                f"1-{esc(r['old_scale'])} → 1-{esc(r['new_scale'])}",
                *(f"{esc(r[f'old_{c}'])} → {esc(r[f'new_{c}'])}" for c in ("probability", "consequence", "risk_value"))]
               for _i, r in rows.iterrows()]
        return table([_("Nr"), _("Event"), _("Scale"), _("Probability"), _("Consequence"), _("Risk value")], out)
    if kind == "rescored":
        out = []
        for _i, r in rows.iterrows():
            p, k, rv = (_arrow(r[f"old_{c}"], r[f"new_{c}"]) for c in ("probability", "consequence", "risk_value"))
            out.append([(f"{_nr(r, 'old', hrefs)} → {_nr(r, 'new', hrefs)}", "num"), esc(r["new_event"]), p, k, rv])
        return table([_("Nr"), _("Event"), _("Probability"), _("Consequence"), _("Risk value")], out)
    if kind == "reworded":
        out = []
        for _i, r in rows.iterrows():
            old, new = word_diff(r["old_event"] or "", r["new_event"] or "")
            out.append([(f"{_nr(r, 'old', hrefs)} → {_nr(r, 'new', hrefs)}", "num"), old, new, _score_cell(r)])
        return table([_("Nr"), _("Old wording"), _("New wording"), _("Score")], out)
    if kind == "moved":
        out = []
        for _i, r in rows.iterrows():
            old, new = word_diff(_plain_place(r, "old"), _plain_place(r, "new"))
            out.append([(f"{_nr(r, 'old', hrefs)} → {_nr(r, 'new', hrefs)}", "num"), esc(r["new_event"]), old, new])
        return table([_("Nr"), _("Event"), _("Old place (goal / process / working method)"), _("New place")], out)
    out = [[(f"{_nr(r, 'old', hrefs)} → {_nr(r, 'new', hrefs)}", "num"), esc(r["new_goal_id"]), esc(r["new_process"]),
            esc(r["new_event"]), (esc(r["new_risk_value"]), "num")] for _i, r in rows.iterrows()]
    return table([_("Nr"), _("Goal"), _("Process"), _("Event"), _("RV")], out)


def _score_cell(row) -> tuple[str, str]:
    """A reworded pair's score; a pair made by its place, its texts unlike (pair_basis "context"),
    is marked so, as diff.csv records it."""
    score = esc(row["score"])
    if row.get("pair_basis") == "context":
        why = _("Its texts are unlike: paired by its place, under the same process and working method "
                "between the same paired neighbours (pair_basis context in diff.csv).")
        score += f' <span class="basis" title="{esc(why)}">{esc(_("paired by place"))}</span>'
    return score, "num"


def _plain_place(row, side: str) -> str:
    parts = [row[f"{side}_goal_id"], row[f"{side}_process"], row[f"{side}_working_method"]]
    return " / ".join(text_of(p) for p in parts if text_of(p))


def diff_html(changes: pd.DataFrame, old_name: str, new_name: str, old_risks: int, new_risks: int,
              threshold: float, inputs: str = "", pictures: str = "", hrefs: dict[str, str] | None = None,
              controls: str = "") -> str:
    """The whole page: what the inputs lack (``inputs``, report/checks.py's box), the counts,
    the two matrices side by side (``pictures``, report/movement.py's section), then one section
    per kind of change, the control plans' (``controls``); each Nr links to its page of the PDF
    at ``hrefs[side]``."""
    hrefs = hrefs or {}
    counts = count_kinds(changes)
    # a change of scale is rare: its row and section appear only when the two years differ
    shown = [s for s in SECTIONS if s[0] != "rescaled" or counts["rescaled"]]
    labels = {"unchanged": _("Unchanged"), **{k: _(t) for k, t, _w in SECTIONS}}
    count_rows = [[f'<a href="#{k}">{esc(labels[k])}</a>' if k != "unchanged" else esc(labels[k]),
                   (str(counts[k]), "num")] for k in ["unchanged", *[k for k, _t, _w in shown]]]
    sub = _("Old: {old} ({old_risks} risks) → new: {new} ({new_risks} risks). Pairs need a score of at "
            "least {threshold} of 100 (event text and its goal, process and working method).")
    parts = [f"<h1>{esc(_('Risk register diff'))}</h1>",
             '<p class="sub">' + esc(sub).format(old=f"<b>{esc(old_name)}</b>", new=f"<b>{esc(new_name)}</b>",
                                                 old_risks=old_risks, new_risks=new_risks,
                                                 threshold=f"{threshold:g}") + "</p>",
             inputs,
             f'<section id="counts"><h2>{esc(_("Changes"))}</h2>',
             table([_("Kind of change"), _("Risks")], count_rows, cls="counts"),
             f'<p class="muted">{esc(_("A pair can count under several kinds (reworded and rescored, say)."))}'
             "</p></section>",
             pictures]
    for kind, title, what in shown:
        rows = _has(changes, kind)
        parts.append(f'<section id="{kind}" data-count="{len(rows)}"><h2>{esc(_(title))} ({len(rows)})</h2>'
                     f'<p class="muted">{esc(_(what))}</p>{_section_body(kind, rows, hrefs)}</section>')
    unchanged = _has(changes, "unchanged")
    listing = table([_("Nr"), _("Event"), _("Score")],
                    [[(f"{_nr(r, 'old', hrefs)} → {_nr(r, 'new', hrefs)}", "num"), esc(r["new_event"]), (esc(r["score"]), "num")]
                     for _i, r in unchanged.iterrows()])
    parts.append(f'<section id="unchanged" data-count="{len(unchanged)}"><h2>{esc(_("Unchanged"))} ({len(unchanged)})</h2>'
                 f"<details><summary>{esc(_('Show the pairs'))}</summary>{listing}</details></section>")
    parts.append(controls)
    return page(_("riskreg diff: {old} → {new}").format(old=old_name, new=new_name), "\n".join(parts))


def _control_nr(row, side: str, hrefs: dict[str, str]) -> str:
    return page_link(esc(row[f"{side}_risk_nr"]) or "–", hrefs.get(side), row[f"{side}_page"])


def controls_html(controls: pd.DataFrame, hrefs: dict[str, str] | None = None) -> str:
    """The control plans' section of diff.html: new and removed controls, and the pairs whose
    Kontrollaktivitet or Ansvarig changed (words struck through and marked); empty when neither
    year has a control."""
    if controls.empty:
        return ""
    hrefs = hrefs or {}
    parts = []
    for kind, title in (("new", N_("New controls")), ("removed", N_("Removed controls"))):
        side = "new" if kind == "new" else "old"
        rows = _has(controls, kind)
        body = table([_("Risk"), _("Event"), _("Control activity"), _("Responsible")],
                     [[(_control_nr(r, side, hrefs), "num"), esc(r[f"{side}_event"]),
                       esc(r[f"{side}_control_activity"]), esc(r[f"{side}_responsible"])]
                      for _i, r in rows.iterrows()]) if len(rows) else f'<p class="muted">{esc(_("None."))}</p>'
        parts.append(f'<h3 id="controls_{kind}">{esc(_(title))} ({len(rows)})</h3>{body}')
    for kind, column, title in (("activity_changed", "control_activity", N_("Another control activity")),
                                ("responsible_changed", "responsible", N_("Another responsible"))):
        rows = _has(controls, kind)
        out = []
        for _i, r in rows.iterrows():
            old, new = word_diff(text_of(r[f"old_{column}"]), text_of(r[f"new_{column}"]))
            out.append([(f"{_control_nr(r, 'old', hrefs)} → {_control_nr(r, 'new', hrefs)}", "num"),
                        esc(r["new_event"]), old, new])
        body = table([_("Risk"), _("Event"), _("Old"), _("New")], out) if out else f'<p class="muted">{esc(_("None."))}</p>'
        parts.append(f'<h3 id="controls_{kind}">{esc(_(title))} ({len(rows)})</h3>{body}')
    unchanged = len(_has(controls, "unchanged"))
    return (f'<section id="controls" data-count="{len(controls)}"><h2>{esc(_("Control plan"))}</h2>'
            '<p class="muted">' + esc(_("The internkontrollplan's controls, paired through their risks; "
                                        "{n} unchanged.").format(n=unchanged)) + f"</p>{''.join(parts)}</section>")
