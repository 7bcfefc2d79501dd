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


_BLOCK = 256  # controls scored at a time: a long document's matrices stay small


def _unique(texts: list[str]):
    values, inverse = np.unique(np.array(texts, dtype=object), return_inverse=True)
    return list(values), inverse.reshape(-1)


def _score_blocks(risks: list[Risk], controls: list[Control], s: LinkSettings):
    """(first control, scores 0-100, event similarities 0-100) for blocks of controls x all risks.

    The score weighs the event texts (rapidfuzz ratio on normalised text), the
    contexts (process and working method joined, compared as word sets, because
    documents put the same words under Process in one table and under Arbetssätt
    in another: seed 000's "Förhindra ekonomiska oegentligheter"; two empty
    contexts are alike, one empty is not), the goal (same number or not) and the
    risk value (same, different, or 50 when one is missing). Registers repeat
    texts (a control repeats its risk's event), so each distinct pair of texts is
    compared once.
    """
    r_events, r_event_ix = _unique([normalise_text(r.event) for r in risks])
    r_ctx, r_ctx_ix = _unique([normalise_text(f"{r.process or ''} {r.working_method or ''}") for r in risks])
    r_empty = np.array([not t for t in r_ctx])[r_ctx_ix][None, :]
    r_goal = np.array([r.goal_id or "" for r in risks], dtype=object)[None, :]
    r_value = np.array([np.nan if r.risk_value is None else r.risk_value for r in risks], dtype=float)[None, :]
    for first in range(0, len(controls), _BLOCK):
        block = controls[first:first + _BLOCK]
        c_events, c_event_ix = _unique([normalise_text(c.event) for c in block])
        events = process.cdist(c_events, r_events, scorer=fuzz.ratio, dtype=np.float64,
                               workers=1)[c_event_ix][:, r_event_ix]
        c_ctx, c_ctx_ix = _unique([normalise_text(f"{c.process} {c.working_method}") for c in block])
        context = process.cdist(c_ctx, r_ctx, scorer=fuzz.token_set_ratio, dtype=np.float64,
                                workers=1)[c_ctx_ix][:, r_ctx_ix]
        c_empty = np.array([not t for t in c_ctx])[c_ctx_ix][:, None]
        context = np.where(c_empty & r_empty, 100.0, np.where(c_empty | r_empty, 0.0, context))
        c_goal = np.array([c.goal_id or "" for c in block], dtype=object)[:, None]
        goal = np.where((c_goal == r_goal) & (c_goal != ""), 100.0, 0.0)
        c_value = np.array([np.nan if c.risk_value is None else c.risk_value for c in block], dtype=float)[:, None]
        value = np.where(np.isnan(c_value) | np.isnan(r_value), 50.0, np.where(c_value == r_value, 100.0, 0.0))
        scores = (s.event_weight * events + s.context_weight * context + s.goal_weight * goal
                  + s.risk_value_weight * value)
        yield first, scores, events


def link_controls(risks: list[Risk], controls: list[Control],
                  settings: LinkSettings | dict | None = None) -> dict[int, int]:
    """Set each control's risk_nr and link_score; return control index -> risk index."""
    s = LinkSettings.resolve(settings)
    if not risks or not controls:
        for control in controls:
            control.risk_nr, control.link_score = None, None
        return {}
    candidates: list[tuple[float, int, int]] = []
    best: list[float] = []
    for first, scores, events in _score_blocks(risks, controls, s):
        ok = (scores >= s.threshold) & (events >= s.min_event_similarity)
        candidates.extend((-round(float(scores[ci, ri]), 6), first + int(ci), int(ri))
                          for ci, ri in zip(*np.nonzero(ok)))
        best.extend(float(v) for v in scores.max(axis=1))
    candidates.sort()  # best first; ties in document order
    links: dict[int, int] = {}
    score_of: dict[int, float] = {}
    taken: set[int] = set()
    for neg, ci, ri in candidates:
        if ci not in links and ri not in taken:
            links[ci], score_of[ci] = ri, -neg
            taken.add(ri)
    for neg, ci, ri in candidates:  # leftovers: a risk may have more than one control
        if ci not in links:
            links[ci], score_of[ci] = ri, -neg
    for ci, control in enumerate(controls):
        if ci in links:
            control.risk_nr = risks[links[ci]].risk_nr
            control.link_score = int(round(score_of[ci]))
        else:
            control.risk_nr = None
            control.link_score = int(round(best[ci]))
    return links
