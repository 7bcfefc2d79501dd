"""Link each internkontrollplan control to the VoR risk it controls, by text and context.

The IKP tables repeat the risk's event text (with its risk value glued on), under
the same goal, process and working method. The link score weighs these; the
pairs are then chosen best-first, one control per risk, so that identical event
texts (seed 000: "Felaktig användning av skattemedel ..." twice) go to different
risks in document order. A control left over (a risk controlled twice) may then
join the risk it matches best.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from ..schema import Control, Risk
from ..settings_base import SettingsBase
from .similarity import normalise_text


@dataclass(frozen=True)
class LinkSettings(SettingsBase):
    """Weights of the link score (they sum to 1) and the score a link needs."""

    stage = "link"

    event_weight: float = 0.6
    context_weight: float = 0.2
    goal_weight: float = 0.1
    risk_value_weight: float = 0.1
    #: a control links to a risk only at or above this score (0-100)
    threshold: float = 70.0
    #: ... and only if the event texts alone are at least this alike
    min_event_similarity: float = 70.0


def _score_matrix(risks: list[Risk], controls: list[Control], s: LinkSettings):
    """(scores 0-100, event similarities 0-100), controls x risks, every pair at once.

    The score weighs the event texts (rapidfuzz ratio on normalised text), the
    contexts (process and working method joined, compared as word sets, because
    documents put the same words under Process in one table and under Arbetssätt
    in another: seed 000's "Förhindra ekonomiska oegentligheter"; two empty
    contexts are alike, one empty is not), the goal (same number or not) and the
    risk value (same, different, or 50 when one is missing).
    """
    def norm(texts):
        return [normalise_text(t) for t in texts]

    def cdist_unique(left, right, scorer):
        # registers repeat texts (a control repeats its risk's event): score each distinct pair once
        lu, li = np.unique(np.array(left, dtype=object), return_inverse=True)
        ru, ri = np.unique(np.array(right, dtype=object), return_inverse=True)
        scores = process.cdist(list(lu), list(ru), scorer=scorer, dtype=np.float64, workers=1)
        return scores[li.reshape(-1)][:, ri.reshape(-1)]

    c_events = norm([c.event for c in controls])
    r_events = norm([r.event for r in risks])
    events = cdist_unique(c_events, r_events, fuzz.ratio)
    c_ctx = norm([f"{c.process} {c.working_method}" for c in controls])
    r_ctx = norm([f"{r.process or ''} {r.working_method or ''}" for r in risks])
    context = cdist_unique(c_ctx, r_ctx, fuzz.token_set_ratio)
    c_empty = np.array([not t for t in c_ctx])[:, None]
    r_empty = np.array([not t for t in r_ctx])[None, :]
    context = np.where(c_empty & r_empty, 100.0, np.where(c_empty | r_empty, 0.0, context))
    c_goal = np.array([c.goal_id or "" for c in controls], dtype=object)[:, None]
    r_goal = np.array([r.goal_id or "" for r in risks], dtype=object)[None, :]
    goal = np.where((c_goal == r_goal) & (c_goal != ""), 100.0, 0.0)
    c_value = np.array([np.nan if c.risk_value is None else c.risk_value for c in controls], dtype=float)[:, None]
    r_value = np.array([np.nan if r.risk_value is None else r.risk_value for r in risks], dtype=float)[None, :]
    value = np.where(np.isnan(c_value) | np.isnan(r_value), 50.0, np.where(c_value == r_value, 100.0, 0.0))
    scores = (s.event_weight * events + s.context_weight * context + s.goal_weight * goal
              + s.risk_value_weight * value)
    return scores, events


def link_controls(risks: list[Risk], controls: list[Control],
                  settings: LinkSettings | dict | None = None) -> dict[int, int]:
    """Set each control's risk_nr and link_score; return control index -> risk index."""
    s = LinkSettings.resolve(settings)
    if not risks or not controls:
        for control in controls:
            control.risk_nr, control.link_score = None, None
        return {}
    scores, events = _score_matrix(risks, controls, s)
    ok = (scores >= s.threshold) & (events >= s.min_event_similarity)
    candidates = [(-round(float(scores[ci, ri]), 6), int(ci), int(ri)) for ci, ri in zip(*np.nonzero(ok))]
    candidates.sort()  # best first; ties in document order
    links: dict[int, int] = {}
    taken: set[int] = set()
    for neg, ci, ri in candidates:
        if ci not in links and ri not in taken:
            links[ci] = ri
            taken.add(ri)
    for neg, ci, ri in candidates:  # leftovers: a risk may have more than one control
        if ci not in links:
            links[ci] = ri
    for ci, control in enumerate(controls):
        if ci in links:
            control.risk_nr = risks[links[ci]].risk_nr
            control.link_score = int(round(round(float(scores[ci, links[ci]]), 6)))
        else:
            control.risk_nr = None
            control.link_score = int(round(float(scores[ci].max())))
    return links
