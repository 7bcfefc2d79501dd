"""Pictures drawn as inline SVG: a risk matrix and a bar of levels per year, for the HTML reports.

SVG written as text needs no library and no image file, keeps its numbers as text (a
screen reader, a search and html.parser read them), and prints sharp. The colours are
matrix.py's (Låg green, Medium amber, Kritisk red), a cell stronger the more risks it holds.
Every text from a document goes through ``esc``.
"""
from __future__ import annotations

import numpy as np

from ..i18n import N_, Messages, _
from ..scales import LEVEL_NAMES, Levels
from .html_parts import esc
from .matrix import COLOURS, _cell_colour

#: English msgids, in one place, read in the active language (riskreg.i18n.Messages)
TEXT = Messages({
    "probability": N_("Probability"),
    "consequence": N_("Consequence"),
    "risks": N_("risks"),
    "unscored": N_("No risk value"),
    "matrix": N_("Risk matrix {title}: probability up, consequence across, risks per cell"),
    "bars": N_("Risks per level and year"),
})

CELL = 34  # pixels per matrix cell
UNSCORED = "#bbbbbb"


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def matrix_svg(counts: np.ndarray, title: str, levels: Levels, vmax: int, gid: str) -> str:
    """An n x n matrix (n = the register's scale), counts[p - 1, k - 1]: probability up (n at
    the top), consequence across; each cell's count in a <text class="count" data-p data-k>."""
    n = counts.shape[0]
    scaled = levels.for_scale(n)
    left, top = 38, 24
    # wide enough for the title: ~7.5 pixels a character of 13 px bold text
    width, height = max(left + n * CELL + 8, round(len(title) * 7.5) + 10), top + n * CELL + 36
    parts = [f'<svg id="{esc(gid)}" class="matrix" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{esc(TEXT['matrix'].format(title=title))}</title>",
             f'<text x="{width / 2}" y="14" text-anchor="middle" font-size="13" '
             f'font-weight="bold">{esc(title)}</text>']
    for p in range(1, n + 1):
        y = top + (n - p) * CELL
        parts.append(f'<text x="{left - 8}" y="{y + CELL / 2 + 4}" text-anchor="end" font-size="11">{p}</text>')
        for k in range(1, n + 1):
            x = left + (k - 1) * CELL
            count = int(counts[p - 1, k - 1])
            fill = _hex(_cell_colour(p, k, count, vmax, scaled))
            parts.append(f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" '
                         f'stroke="#fff" stroke-width="2"/>')
            weight = "bold" if count else "normal"
            colour = "#111" if count else "#999"
            parts.append(f'<text class="count" data-p="{p}" data-k="{k}" x="{x + CELL / 2}" y="{y + CELL / 2 + 5}" '
                         f'text-anchor="middle" font-size="14" font-weight="{weight}" fill="{colour}">{count}</text>')
    base = top + n * CELL
    for k in range(1, n + 1):
        parts.append(f'<text x="{left + (k - 0.5) * CELL}" y="{base + 14}" text-anchor="middle" '
                     f'font-size="11">{k}</text>')
    parts.append(f'<text x="{left + n * CELL / 2}" y="{base + 30}" text-anchor="middle" font-size="11" '
                 f'fill="#555">{esc(TEXT["consequence"])} →</text>')
    parts.append(f'<text x="10" y="{top + n * CELL / 2}" text-anchor="middle" font-size="11" fill="#555" '
                 f'transform="rotate(-90 10 {top + n * CELL / 2})">{esc(TEXT["probability"])} →</text>')
    parts.append("</svg>")
    return "".join(parts)


BAR_ORDER = (("low", COLOURS["low"]), ("medium", COLOURS["medium"]), ("critical", COLOURS["critical"]),
             ("unscored", UNSCORED))


def _label(level: str) -> str:
    return LEVEL_NAMES.get(level) or TEXT["unscored"]


def level_bars_svg(years: list[tuple[int, dict[str, int]]], gid: str) -> str:
    """One stacked bar per year (Låg at the bottom, then Medium, Kritisk, unscored), its
    segments' counts written in them and the year's total above; each segment a
    <rect data-year data-level data-count>."""
    tallest = max((sum(c.values()) for _, c in years), default=0) or 1
    bar, gap, plot, top, left = 44, 22, 150, 20, 10
    width = left + len(years) * (bar + gap) + 110
    height = top + plot + 24
    parts = [f'<svg id="{esc(gid)}" class="levels" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{esc(TEXT['bars'])}</title>"]
    for i, (year, counts) in enumerate(years):
        x, y = left + i * (bar + gap), top + plot
        for level, colour in BAR_ORDER:
            n = int(counts.get(level, 0))
            if not n:
                continue
            h = plot * n / tallest
            y -= h
            parts.append(f'<rect data-year="{year}" data-level="{level}" data-count="{n}" x="{x}" y="{y:.1f}" '
                         f'width="{bar}" height="{h:.1f}" fill="{colour}"><title>{year}: {n} '
                         f"{esc(_label(level))}</title></rect>")
            if h >= 13:
                parts.append(f'<text x="{x + bar / 2}" y="{y + h / 2 + 4:.1f}" text-anchor="middle" '
                             f'font-size="11" fill="#fff" font-weight="bold">{n}</text>')
        total = sum(counts.values())
        parts.append(f'<text x="{x + bar / 2}" y="{y - 4:.1f}" text-anchor="middle" font-size="11">{total}</text>')
        parts.append(f'<text x="{x + bar / 2}" y="{top + plot + 16}" text-anchor="middle" '
                     f'font-size="12">{year}</text>')
    lx = left + len(years) * (bar + gap) + 4
    for j, (level, colour) in enumerate(reversed(BAR_ORDER)):
        ly = top + 10 + j * 18
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{lx + 17}" y="{ly + 10}" font-size="11">{esc(_label(level))}</text>')
    parts.append("</svg>")
    return "".join(parts)
