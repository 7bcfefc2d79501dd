"""Link each internkontrollplan control to the VoR risk it controls, by text and context.

The IKP tables repeat the risk's event text (with its risk value glued on), under
the same goal, process and working method. ``scorer.link_scores`` weighs these;
the pairs are then chosen all at once, one control per risk, by the assignment
year-to-year pairing uses (``assignment.assign``): the controls' margins above
the threshold add up to most, and between equal candidates document order
decides, so that identical event texts (seed 000: "Felaktig användning av
skattemedel ..." twice) go to different risks in order. A control left over (a
risk controlled twice) then joins the risk it matches best.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..schema import Control, Risk
from ..settings_base import SettingsBase
from .assignment import assign, order_bonus
from .scorer import link_scores


@dataclass(frozen=True)
class LinkSettings(SettingsBase):
    """Weights of the link score (they sum to 1) and the score a link needs."""

    stage = "link"

    #: share of the link score from the event texts (the four weights sum to 1)
    event_weight: float = 0.6
    #: share from the context (process and working method, as word sets)
    context_weight: float = 0.2
    #: share from the goal (the same number or not)
    goal_weight: float = 0.1
    #: share from the risk value (the same, different, or half when one is missing)
    risk_value_weight: float = 0.1
    #: a control links to a risk only at or above this score (0-100)
    threshold: float = 70.0
    #: a control links to a risk only if the event texts alone are at least this alike (0-100)
    min_event_similarity: float = 70.0


_BLOCK = 256  # controls scored at a time: a long document's matrices stay small


def _score_blocks(risks: list[Risk], controls: list[Control], s: LinkSettings):
    """(first control, scores 0-100, event similarities 0-100) for blocks of controls x all risks
    (``scorer.link_scores``)."""
    for first in range(0, len(controls), _BLOCK):
        scores, events = link_scores(controls[first:first + _BLOCK], risks, s)
        yield first, scores, events
        del scores, events  # not held while the next block's are made


def _allowed_pairs(risks: list[Risk], controls: list[Control], s: LinkSettings):
    """(scores of the allowed pairs, a sparse matrix; which pairs are allowed; each control's best score)."""
    rows, cols, values, best = [], [], [], []
    for first, scores, events in _score_blocks(risks, controls, s):
        ci, ri = np.nonzero((scores >= s.threshold) & (events >= s.min_event_similarity))
        rows.append(first + ci)
        cols.append(ri)
        values.append(scores[ci, ri])
        best.extend(float(v) for v in scores.max(axis=1))
        del scores, events  # not held while the next block's are made
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(values), best


def link_controls(risks: list[Risk], controls: list[Control],
                  settings: LinkSettings | dict | None = None) -> dict[int, int]:
    """Set each control's risk_nr and link_score; return control index -> risk index."""
    s = LinkSettings.resolve(settings)
    if not risks or not controls:
        for control in controls:
            control.risk_nr, control.link_score = None, None
        return {}
    rows, cols, values, best = _allowed_pairs(risks, controls, s)
    # only the risks some control may link to enter the assignment: a long register's
    # matrix stays as small as its plan
    candidates = np.unique(cols)
    scores = np.zeros((len(controls), len(candidates)))
    allowed = np.zeros(scores.shape, dtype=bool)
    at = np.searchsorted(candidates, cols)
    scores[rows, at], allowed[rows, at] = values, True
    links: dict[int, int] = {}
    score_of: dict[int, float] = {}
    for ci, k, score in assign(scores, allowed, s.threshold, order_bonus(*scores.shape)):
        links[ci], score_of[ci] = int(candidates[k]), score
    for ci in np.unique(rows):  # leftovers: a risk may have more than one control
        if ci not in links:
            k = int(np.argmax(np.where(allowed[ci], scores[ci], -np.inf)))  # ties: the earlier risk
            links[int(ci)], score_of[int(ci)] = int(candidates[k]), float(scores[ci, k])
    for ci, control in enumerate(controls):
        if ci in links:
            control.risk_nr = risks[links[ci]].risk_nr
            control.link_score = int(round(score_of[ci]))
        else:
            control.risk_nr = None
            control.link_score = int(round(best[ci]))
    return dict(sorted(links.items()))
