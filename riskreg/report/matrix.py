"""Risk-matrix heatmaps (matplotlib): probability up, consequence across, counts in the cells.

A matrix has the size of its register's scale (counts.shape: 4 x 4 for 1-4), and
its cells are coloured by the levels scaled to that scale (Levels.for_scale).

Cells are coloured by the level of probability x consequence (Låg green,
Medium amber, Kritisk red), stronger the more risks they hold, on one scale
for every matrix of a comparison (``vmax``), and labelled with the count.
The counts drawn are the matrix passed in: a test reads them back from the
figure's text labels.
"""
from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

import numpy as np

from ..scales import Levels

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLOURS = {"low": "#2e9d4b", "medium": "#f0a30a", "critical": "#c62828"}


def _cell_colour(p: int, k: int, count: int, vmax: int, levels: Levels):
    from matplotlib.colors import to_rgb  # matplotlib only when a matrix is drawn (50 MB)
    base = np.array(to_rgb(COLOURS[levels.of(p * k)]))
    strength = 0.18 + 0.82 * (count / vmax if vmax else 0.0)
    return tuple(1 - strength * (1 - base))  # blend from white towards the level's colour


def draw_matrix(ax, counts: np.ndarray, title: str, levels: Levels, vmax: int, small: bool = False) -> None:
    """One n x n matrix on ``ax`` (n = the register's scale); counts[p - 1, k - 1]."""
    n = counts.shape[0]
    levels = levels.for_scale(n)
    for p in range(1, n + 1):
        for k in range(1, n + 1):
            count = int(counts[p - 1, k - 1])
            ax.add_patch(_rect(k, p, _cell_colour(p, k, count, vmax, levels)))
            ax.text(k, p, str(count), ha="center", va="center", fontsize=9 if small else 13,
                    fontweight="bold" if count else "normal", color="#111" if count else "#999",
                    gid=f"count-p{p}-k{k}")
    ax.set_xlim(0.5, n + 0.5)
    ax.set_ylim(0.5, n + 0.5)
    ax.set_xticks(range(1, n + 1))
    ax.set_yticks(range(1, n + 1))
    ax.set_aspect("equal")
    ax.set_title(textwrap.fill(title, 30 if small else 44), fontsize=8 if small else 11)
    if not small:
        ax.set_xlabel("Konsekvens (consequence)")
        ax.set_ylabel("Sannolikhet (probability)")
    ax.tick_params(length=0, labelsize=7 if small else 9)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _rect(k, p, colour):
    from matplotlib.patches import Rectangle
    return Rectangle((k - 0.5, p - 0.5), 1, 1, facecolor=colour, edgecolor="white", linewidth=2)


def matrix_figure(counts: np.ndarray, title: str, levels: Levels, vmax: int | None = None) -> Figure:
    from matplotlib.figure import Figure
    fig = Figure(figsize=(4.6, 4.6), dpi=100)
    ax = fig.add_subplot()
    draw_matrix(ax, counts, title, levels, vmax if vmax is not None else int(counts.max()))
    fig.tight_layout()
    return fig


def small_multiples(matrices: list[tuple[str, np.ndarray]], levels: Levels, vmax: int | None = None,
                    columns: int = 4) -> Figure:
    """All matrices in one figure, one shared colour scale, in the order given."""
    vmax = vmax if vmax is not None else max((int(m.max()) for _, m in matrices), default=0)
    n = max(len(matrices), 1)
    cols = min(columns, n)
    rows = (n + cols - 1) // cols
    from matplotlib.figure import Figure
    fig = Figure(figsize=(2.7 * cols, 2.9 * rows), dpi=100)
    for i, (title, counts) in enumerate(matrices):
        draw_matrix(fig.add_subplot(rows, cols, i + 1), counts, title, levels, vmax, small=True)
    fig.supxlabel("Konsekvens (consequence)", fontsize=9)
    fig.supylabel("Sannolikhet (probability)", fontsize=9)
    fig.tight_layout()
    return fig


def counts_drawn(ax) -> np.ndarray:
    """The counts a drawn matrix shows, read back from its text labels (for tests and checks)."""
    n = int(round(len(ax.texts) ** 0.5))
    counts = np.full((n, n), -1)
    for text in ax.texts:
        k, p = text.get_position()
        counts[int(round(p)) - 1, int(round(k)) - 1] = int(text.get_text())
    return counts


def png_bytes(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
