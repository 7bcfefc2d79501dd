"""How risks moved between two years: up or down a level, to another cell, new, removed.

Counted from a diff's rows (schema Change), each side's level by the bounds of its own
register's scale (``Levels.for_scale``), as compare and register.db count levels; a pair
whose risk value is missing on either side is counted as not comparable, not as unchanged.
diff.html draws the two matrices side by side with these counts; ``riskreg report`` lists them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import N_, Messages, _
from ..scales import LEVELS, Levels
from ..schema import missing
from .html_parts import esc, table
from .svg import matrix_svg

#: English msgids, in one place, read in the active language (riskreg.i18n.Messages)
TEXT = Messages({
    "heading": N_("Risk matrix, before and after"),
    "intro": N_("Probability up, consequence across; each cell shows how many risks it holds, coloured by level."),
    "up": N_("Up a level or more"),
    "down": N_("Down a level or more"),
    "same": N_("Same level"),
    "cell": N_("Of those, in another cell of the matrix"),
    "unscored": N_("Paired, no risk value on one side"),
    "new": N_("New"),
    "removed": N_("Removed"),
    "what": N_("Risks"),
    "count": N_("Count"),
})


@dataclass
class LevelMoves:
    """Counts of a diff's movement: paired risks by level change, and the new and removed."""

    up: int = 0
    down: int = 0
    same: int = 0
    cell: int = 0  # pairs of the same level whose probability or consequence changed
    unscored: int = 0
    new: int = 0
    removed: int = 0

    def rows(self) -> list[tuple[str, int]]:
        """(msgid key, count) in the order a page lists them."""
        return [(k, getattr(self, k)) for k in ("up", "down", "same", "cell", "unscored", "new", "removed")]


def _value(row: dict, side: str):
    value = row.get(f"{side}_risk_value")
    if missing(value):
        p, k = row.get(f"{side}_probability"), row.get(f"{side}_consequence")
        value = None if missing(p) or missing(k) else p * k
    return value


def _rank(row: dict, side: str, levels: Levels) -> int | None:
    scale = row.get(f"{side}_scale")
    level = levels.for_scale(None if missing(scale) else int(scale)).of(_value(row, side))
    return None if level is None else LEVELS.index(level)


def level_moves(changes: pd.DataFrame, levels: Levels | None = None) -> LevelMoves:
    """The movement of a Change frame (diff.csv's rows)."""
    levels = levels or Levels()
    moves = LevelMoves()
    for row in changes.astype(object).where(changes.notna(), None).to_dict("records"):
        kinds = str(row["change"]).split(";")
        if "new" in kinds:
            moves.new += 1
            continue
        if "removed" in kinds:
            moves.removed += 1
            continue
        old, new = _rank(row, "old", levels), _rank(row, "new", levels)
        if old is None or new is None:
            moves.unscored += 1
        elif new > old:
            moves.up += 1
        elif new < old:
            moves.down += 1
        else:
            moves.same += 1
            cells = [(row[f"{s}_probability"], row[f"{s}_consequence"]) for s in ("old", "new")]
            moves.cell += cells[0] != cells[1]
    return moves


def moves_table(moves: LevelMoves) -> str:
    rows = [[esc(TEXT[k]), (str(n), "num")] for k, n in moves.rows()]
    return table([TEXT["what"], TEXT["count"]], rows, cls="counts moves")


def diff_matrices_html(old: tuple[str, np.ndarray], new: tuple[str, np.ndarray], moves: LevelMoves,
                       levels: Levels | None = None) -> str:
    """diff.html's section: the old and the new year's matrix side by side (one colour scale), and
    the counts of movement beside them. ``old``, ``new``: (title, counts[p - 1, k - 1])."""
    levels = levels or Levels()
    vmax = max(int(old[1].max(initial=0)), int(new[1].max(initial=0)))
    pictures = "".join(f'<figure class="matrix">{matrix_svg(counts, title, levels, vmax, gid)}</figure>'
                       for (title, counts), gid in ((old, "matrix-old"), (new, "matrix-new")))
    return (f'<section id="matrices"><h2>{esc(TEXT["heading"])}</h2><p class="muted">{esc(TEXT["intro"])}</p>'
            '<div class="side-by-side" style="display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start">'
            f'{pictures}<div class="moves">{moves_table(moves)}</div></div></section>')
