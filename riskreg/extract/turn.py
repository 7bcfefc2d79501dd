"""Text turned on its side: which way a character reads, and the frame that turns it upright.

A narrow column's header is often printed on end: bottom to top (turned 90 degrees
counter-clockwise) or top to bottom (270). Read in the page's frame, every letter
of it stands on a line of its own. In the frame that turns it upright the text
reads left to right and its lines follow top to bottom, so the reading of upright
text (extract/text.py) reads it too. Boxes are (x0, top, x1, bottom), top
measured down the page, as pdfplumber gives them.
"""
from __future__ import annotations


def turn_of(ch: dict) -> int:
    """How far a character is turned from upright, counter-clockwise, to the nearest quarter
    turn: 90 reads bottom to top, 270 top to bottom (its text matrix's direction; no matrix: 0)."""
    m = ch.get("matrix")
    return 0 if m is None else matrix_turn(m)


def matrix_turn(m: tuple) -> int:
    """``turn_of`` for a text matrix (a, b, c, d, e, f): the direction its baseline runs, (a, b)."""
    a, b = m[0], m[1]
    if abs(a) >= abs(b):
        return 0 if a >= 0 else 180
    return 90 if b > 0 else 270


def to_frame(box: tuple, turn: int) -> tuple:
    """A page box (x0, top, x1, bottom) in the frame where text turned by ``turn`` reads upright
    (left to right, its lines top to bottom)."""
    x0, top, x1, bottom = box
    if turn == 90:
        return (-bottom, x0, -top, x1)
    if turn == 180:
        return (-x1, -bottom, -x0, -top)
    if turn == 270:
        return (top, -x1, bottom, -x0)
    return tuple(box)


def to_page(box: tuple, turn: int) -> tuple:
    """``to_frame`` undone: a box of the upright frame back on the page."""
    fx0, ftop, fx1, fbottom = box
    if turn == 90:
        return (ftop, -fx1, fbottom, -fx0)
    if turn == 180:
        return (-fx1, -fbottom, -fx0, -ftop)
    if turn == 270:
        return (-fbottom, fx0, -ftop, fx1)
    return tuple(box)


def char_in_frame(ch: dict, turn: int) -> dict:
    """A turned character as it stands in the frame that turns it upright; its size there is its
    height in that frame (the font size: pdfminer's ``size`` of a turned character is its advance)."""
    x0, top, x1, bottom = to_frame((ch["x0"], ch["top"], ch["x1"], ch["bottom"]), turn)
    return {"text": ch["text"], "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": bottom - top}
