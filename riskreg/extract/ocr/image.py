"""A scanned page's image: rendered, deskewed, and its ruling lines found (OpenCV morphology)."""
from __future__ import annotations

import numpy as np

from .. import tesseract


def _cv2():
    return tesseract.module("cv2")


def render(pdf, index: int, dpi: int) -> np.ndarray:
    """A page as a grayscale image (rows x columns, 0 black .. 255 white)."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = np.array(bitmap.to_numpy())
    finally:
        page.close()
    if image.ndim == 3:
        image = image[..., 0]
    return image


def _ink(gray: np.ndarray) -> np.ndarray:
    """Dark pixels as 255, by a threshold that follows the local background (scans are uneven)."""
    cv2 = _cv2()
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)


def _line_mask(ink: np.ndarray, length: int, horizontal: bool) -> np.ndarray:
    cv2 = _cv2()
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)


def skew_angle(gray: np.ndarray, dpi: int) -> float:
    """The page's skew in degrees, from the slope of its long horizontal ruling lines."""
    cv2 = _cv2()
    mask = _line_mask(_ink(gray), max(20, dpi // 3), horizontal=True)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    slopes, weights = [], []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if w < gray.shape[1] // 5:
            continue
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == i)
        slope = np.polyfit(xs, ys, 1)[0]
        slopes.append(slope)
        weights.append(w)
    if not slopes:
        return 0.0
    order = np.argsort(slopes)
    cumulative = np.cumsum(np.array(weights)[order])
    median = slopes[order[np.searchsorted(cumulative, cumulative[-1] / 2)]]
    return float(np.degrees(np.arctan(median)))


def deskew(gray: np.ndarray, dpi: int) -> np.ndarray:
    cv2 = _cv2()
    angle = skew_angle(gray, dpi)
    if abs(angle) < 0.02:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _thin_segments(mask: np.ndarray, horizontal: bool, thickness: float) -> list[tuple]:
    """The mask's connected pieces no thicker than ``thickness`` pixels across: (x0, y0, x1, y1)."""
    n, _, stats, _ = _cv2().connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if (h if horizontal else w) <= thickness:
            out.append((x, y, x + w, y + h))
    return out


def _touches(x: float, y: float, others: list[tuple], reach: float) -> bool:
    return any(x0 - reach <= x <= x1 + reach and y0 - reach <= y <= y1 + reach
               for x0, y0, x1, y1 in others)


def _closed_lines(h_candidates: list[tuple], v_candidates: list[tuple],
                  reach: float) -> tuple[list[tuple], list[tuple]]:
    """The candidate lines that reach a line of the other direction at both ends (a table's
    grid; a letter's stroke never does)."""
    horizontals = [s for s in h_candidates if _touches(s[0], (s[1] + s[3]) / 2, v_candidates, reach)
                   and _touches(s[2], (s[1] + s[3]) / 2, v_candidates, reach)]
    verticals = [s for s in v_candidates if _touches((s[0] + s[2]) / 2, s[1], h_candidates, reach)
                 and _touches((s[0] + s[2]) / 2, s[3], h_candidates, reach)]
    return horizontals, verticals


def _drop_glyph_boxes(verticals: list[tuple], point: float) -> list[tuple]:
    """The verticals less the sides of a drawn glyph: two short strokes under 6 pt apart with the
    same ends (a box such as ☐ that fills its row, printed where a font lacks the tick), which
    reach the row's rules as a column's rules do; no column is that narrow."""
    def twin(a: tuple, b: tuple) -> bool:
        return (a is not b and abs((a[0] + a[2]) / 2 - (b[0] + b[2]) / 2) < 6 * point
                and abs(a[1] - b[1]) <= point and abs(a[3] - b[3]) <= point and a[3] - a[1] < 30 * point)
    return [v for v in verticals if not any(twin(v, other) for other in verticals)]


def _ends_on_centres(horizontals: list[tuple], verticals: list[tuple],
                     reach: float) -> tuple[list[tuple], list[tuple]]:
    """A clean grid: each line ends on the centre of the line it reaches (a blurred line's
    rounded end would otherwise stick out as an open end, see cells.close_open_ends)."""
    def nearest(value: float, centres: list[float]) -> float:
        near = min(centres, key=lambda c: abs(c - value), default=value)
        return near if abs(near - value) <= reach else value

    h_centres = [(y0 + y1) / 2 for _, y0, _, y1 in horizontals]
    v_centres = [(x0 + x1) / 2 for x0, _, x1, _ in verticals]
    return ([(nearest(x0, v_centres), y0, nearest(x1, v_centres), y1) for x0, y0, x1, y1 in horizontals],
            [(x0, nearest(y0, h_centres), x1, nearest(y1, h_centres)) for x0, y0, x1, y1 in verticals])


def _as_edges(horizontals: list[tuple], verticals: list[tuple], point: float) -> list[dict]:
    """Lines in pixels as pdfplumber edges in PDF points (``point`` pixels to a point)."""
    edges: list[dict] = []
    for x0, y0, x1, y1 in horizontals:
        top = (y0 + y1) / 2 / point
        edges.append({"object_type": "line", "x0": x0 / point, "x1": x1 / point, "top": top,
                      "bottom": top, "doctop": top, "width": (x1 - x0) / point, "height": 0.0,
                      "orientation": "h"})
    for x0, y0, x1, y1 in verticals:
        x = (x0 + x1) / 2 / point
        edges.append({"object_type": "line", "x0": x, "x1": x, "top": y0 / point, "bottom": y1 / point,
                      "doctop": y0 / point, "width": 0.0, "height": (y1 - y0) / point,
                      "orientation": "v"})
    return edges


def ruling_edges(gray: np.ndarray, dpi: int) -> tuple[list[dict], np.ndarray]:
    """The page's ruling lines as pdfplumber edges (PDF points), and a mask of their pixels.

    A line is ink at least 8 pt long and one pixel thick, and it must reach a line of the other
    direction at both ends (a letter's stroke never does): tables are closed grids.
    """
    cv2 = _cv2()
    ink = _ink(gray)
    point = dpi / 72
    hmask = _line_mask(ink, int(8 * point), horizontal=True)
    vmask = _line_mask(ink, int(8 * point), horizontal=False)
    # close small gaps a blurred or JPEG'd line has
    hmask = cv2.dilate(hmask, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 3)))
    vmask = cv2.dilate(vmask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 5)))
    reach = 3 * point
    horizontals, verticals = _closed_lines(_thin_segments(hmask, True, 3 * point),
                                           _thin_segments(vmask, False, 3 * point), reach)
    verticals = _drop_glyph_boxes(verticals, point)
    mask = np.zeros_like(ink)
    for x0, y0, x1, y1 in horizontals + verticals:
        mask[y0:y1, x0:x1] = 255
    horizontals, verticals = _ends_on_centres(horizontals, verticals, reach)
    return _as_edges(horizontals, verticals, point), mask


def has_grid(gray: np.ndarray, dpi: int) -> bool:
    """Does the image show a ruled table (at least three lines each way, once deskewed)?"""
    edges, _ = ruling_edges(deskew(gray, dpi), dpi)
    return (sum(e["orientation"] == "h" for e in edges) >= 3
            and sum(e["orientation"] == "v" for e in edges) >= 3)


def horizontal_rules(gray: np.ndarray, dpi: int) -> list[float]:
    """The tops (PDF points) of the long horizontal lines drawn outside a grid (a line under
    an unruled table's header), as the digital reader takes them: longer than 50 pt."""
    cv2 = _cv2()
    point = dpi / 72
    mask = _line_mask(_ink(gray), int(50 * point), horizontal=True)
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return sorted(float(stats[i][1]) / point for i in range(1, n) if stats[i][3] <= 3 * point)
