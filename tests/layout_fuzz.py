"""A seeded layout fuzzer: from a seed, a register drawn from the samples' own words and a
layout drawn at random, rendered with reportlab, and the register the PDF must give.

``make_case(seed)`` gives a ``Case``: the PDF's bytes, the expected risks and controls (plain
dicts of register columns) and the layout drawn, in words. The register's texts come from the
hand transcriptions in ``samples/source/`` (goals, processes, working methods, events, controls);
its scores from the 1-5 scale, the risk value their product, an internkontrollplan for a subset
of the risks. The layout varies what producers vary: column widths, font and size, cell
padding, rows cut across a page break, fills, highlight rectangles in cells, slivers, an
empty column and one-cell tables beside the register. The page of every row is recorded while
reportlab draws it, never read back from the PDF.

Layouts no person could read are not drawn: a column is never narrower than its longest word
(reportlab would print the word over the next cell), and slivers stay clear of the text.
"""
from __future__ import annotations

import csv
import io
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

SOURCE = Path(__file__).resolve().parent.parent / "samples" / "source"
FONT_FILES = {"DejaVu": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"}
FONTS = ["DejaVu", "Helvetica"]
PROBABILITY = {1: "Osannolikt", 2: "Mindre sannolikt", 3: "Möjlig", 4: "Sannolikt", 5: "Mycket sannolikt"}
CONSEQUENCE = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig", 5: "Mycket allvarlig"}
VOR_HEADER = ["Nr", "KF:s mål", "Process", "Arbetssätt", "Oönskad händelse", "Sannolikhet",
              "Konsekvens", "Riskvärde", "IKP"]
IKP_HEADER = ["Process", "Arbetssätt", "Systematisk kontroll", "Oönskad händelse", "Kontrollaktivitet"]
# share of the table's width each VoR column starts from, before the random stretch
VOR_SHARE = [0.4, 2.2, 2.0, 2.4, 2.4, 1.3, 1.3, 0.9, 0.8]
IKP_SHARE = [2.0, 2.0, 2.0, 2.4, 2.6]
FILLS = ["#D9D9D9", "#FFF2CC", "#DDEBF7", "#E2EFDA", "#FCE4D6"]
HIGHLIGHTS = ["#FF0000", "#FFC000", "#92D050", "#00B050", "#FFFF00"]


def register_fonts() -> None:
    for name, path in FONT_FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path))


@lru_cache(maxsize=1)
def word_pool() -> dict[str, list[str]]:
    """The distinct texts of each column in the samples' hand transcriptions."""
    pool: dict[str, set[str]] = {k: set() for k in ("goal", "process", "working_method", "event",
                                                     "systematic_control", "control_activity")}
    for path in sorted(SOURCE.glob("seed000*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for key in pool:
                    text = " ".join(row.get(key, "").split())
                    if key == "goal" and not re.match(r"\d+\.\d+\.? \S", text):
                        continue
                    if text:
                        pool[key].add(text)
    goals = {}  # one text per goal number: the years word a goal differently
    for text in sorted(pool["goal"]):
        goals.setdefault(re.match(r"(\d+\.\d+)", text).group(1), text)
    pool["goal"] = set(goals.values())
    return {k: sorted(v) for k, v in pool.items()}


@dataclass
class Case:
    """One fuzz case: its PDF, the register it must give, and its layout in words."""

    seed: int
    pdf: bytes
    risks: list[dict]
    controls: list[dict]
    layout: dict = field(default_factory=dict)


class Tracked(Paragraph):
    """A cell's paragraph that notes the page it is first drawn on (its parts after a cut too)."""

    key = None
    log: dict = {}

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.key, part.log = self.key, self.log
        return parts

    def draw(self):
        page = self.canv.getPageNumber()
        self.log[self.key] = min(page, self.log.get(self.key, page))
        super().draw()


class Highlighted(Flowable):
    """A short cell's text on a coloured rectangle inside the cell, a sliver at its left edge."""

    def __init__(self, para: Paragraph, colour: str, sliver: bool):
        super().__init__()
        self.para, self.colour, self.sliver = para, colour, sliver

    def wrap(self, width, height):
        self.width, self.height = width, self.para.wrap(width - 4, height)[1] + 2
        return self.width, self.height

    def split(self, width, height):
        return []  # one or two lines: moved whole to the next page

    def draw(self):
        self.canv.saveState()
        self.canv.setFillColor(colors.HexColor(self.colour))
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.sliver:
            self.canv.setFillColor(colors.black)
            self.canv.rect(-0.6, 0, 0.25, self.height, stroke=0, fill=1)
        self.canv.restoreState()
        self.para.drawOn(self.canv, 2, 1)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def draw_register(rng: random.Random) -> tuple[list[dict], list[dict]]:
    """Risks under one to three goals (scores from the scale, value = p x c) and controls for
    some of the risks in the plan, their event printed with the value glued on or not."""
    pool = word_pool()
    goals = sorted(rng.sample(pool["goal"], rng.randint(1, 3)), key=goal_key)
    events = rng.sample(pool["event"], rng.randint(2, 9))
    risks = []
    for nr, event in enumerate(events, start=1):
        p, c = rng.randint(1, 5), rng.randint(1, 5)
        goal = goals[min(len(goals) - 1, (nr - 1) * len(goals) // len(events))]
        goal_id, goal_text = re.match(r"(\d+(?:\.\d+)*)\.?\s+(.*)", goal).groups()
        risks.append(dict(goal_id=goal_id, goal=goal_text, process=rng.choice(pool["process"]),
                          working_method=rng.choice(pool["working_method"]), risk_nr=nr, event=event,
                          probability=p, probability_label=PROBABILITY[p], consequence=c,
                          consequence_label=CONSEQUENCE[c], risk_value=p * c,
                          in_ikp=rng.random() < 0.4))
    controls = []
    for r in risks:
        if r["in_ikp"]:
            controls.append(dict(goal_id=r["goal_id"], process=r["process"],
                                 working_method=r["working_method"],
                                 systematic_control=rng.choice(pool["systematic_control"]),
                                 event=r["event"], risk_value=r["risk_value"],
                                 control_activity=rng.choice(pool["control_activity"]),
                                 risk_nr=r["risk_nr"], glue=rng.choice(["before", "after"])))
    return risks, controls


def goal_key(goal: str) -> tuple:
    return tuple(int(n) for n in re.match(r"(\d+(?:\.\d+)*)", goal).group(1).split("."))


def draw_layout(rng: random.Random) -> dict:
    """The layout's random choices, in words (kept with the case to tell what was drawn)."""
    size = rng.choice([5.5, 6, 6.5, 7, 8, 9, 10])
    return dict(font=rng.choice(FONTS), size=size, leading=round(size * rng.uniform(1.15, 1.45), 2),
                landscape=rng.random() < 0.6, padding=(rng.uniform(1, 7), rng.uniform(1, 7)),
                stretch=[rng.uniform(0.7, 1.5) for _ in range(10)], grid=rng.choice([0.25, 0.5, 1.0]),
                header_fill=rng.choice([None, *FILLS]), row_fills=rng.random() < 0.4,
                cell_fills=rng.random() < 0.3, highlight=rng.random() < 0.4, slivers=rng.random() < 0.5,
                split_rows=rng.random() < 0.6, empty_column=rng.choice([None, "Kommentar", ""]),
                one_cell=rng.random() < 0.5, filler=rng.uniform(0, 0.8), ikp_new_page=rng.random() < 0.5)


def column_widths(texts: list[list[str]], share: list[float], stretch: list[float], total: float,
                  style: ParagraphStyle, pad: float) -> list[float]:
    """Widths in proportion to share x stretch, each at least its longest word plus padding."""
    least = [max(pdfmetrics.stringWidth(w, style.fontName, style.fontSize) for col in [c] for t in col
                 for w in t.split() or [""]) + 2 * pad + 2 for c in zip(*texts)]
    weights = [s * k for s, k in zip(share, stretch)]
    widths = [total * w / sum(weights) for w in weights]
    for _ in range(len(widths)):  # give the narrow columns their words, taken from the others
        short = [i for i, w in enumerate(widths) if w < least[i]]
        if not short:
            break
        need = sum(least[i] - widths[i] for i in short)
        free = [i for i in range(len(widths)) if i not in short]
        room = sum(widths[i] - least[i] for i in free)
        if room <= need:
            return least  # wider than the page allows: the caller gives a wider frame
        for i in short:
            widths[i] = least[i]
        for i in free:
            widths[i] -= need * (widths[i] - least[i]) / room
    return widths


def make_case(seed: int) -> Case:
    """The case of one seed: the same seed gives the same PDF and register."""
    register_fonts()
    rng = random.Random(seed)
    risks, controls = draw_register(rng)
    layout = draw_layout(rng)
    pages: dict = {}
    pdf = render(rng, layout, risks, controls, pages)
    for i, r in enumerate(risks):
        r["page"] = pages[("risk", i)]
    for i, c in enumerate(controls):
        c["page"] = pages[("control", i)]
        del c["glue"]
    return Case(seed, pdf, risks, controls, layout)


def render(rng: random.Random, layout: dict, risks: list[dict], controls: list[dict], log: dict) -> bytes:
    """The PDF: a title, the VoR table, the control plan (a table per goal under its heading)."""
    pagesize = landscape(A4) if layout["landscape"] else A4
    style = ParagraphStyle("cell", fontName=layout["font"], fontSize=layout["size"], leading=layout["leading"])
    body = ParagraphStyle("body", fontName=layout["font"], fontSize=10, leading=13)
    frame = pagesize[0] - 72
    story = [Paragraph("Väsentlighets- och riskanalys", ParagraphStyle("t", parent=body, fontSize=14,
                                                                        leading=18)),
             Paragraph("Nämndens väsentlighets- och riskanalys med internkontrollplan.", body),
             Spacer(1, 8 + layout["filler"] * pagesize[1] * 0.5)]
    if layout["one_cell"]:
        story += [one_cell_table("Bilaga 1", style), Spacer(1, 6)]
    story.append(vor_table(rng, layout, risks, style, frame, log))
    if controls:
        story.append(PageBreak() if layout["ikp_new_page"] else Spacer(1, 12))
        story.append(Paragraph("Internkontrollplan", body))
        story += ikp_tables(rng, layout, controls, style, frame, body, log)
    if layout["one_cell"]:
        story += [Spacer(1, 10), one_cell_table("Beslutad av nämnden.", style)]
    # a table wider than the frame (its columns' longest words need more) gets a page wide
    # enough: the paper's edge would cut its outer columns' text, which no person could read
    widest = max(sum(t._colWidths) for t in story if isinstance(t, Table))
    if widest > frame:
        pagesize = (widest + 72, pagesize[1])
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=pagesize, leftMargin=36, rightMargin=36, topMargin=40,
                            bottomMargin=40)
    slivers = layout["slivers"]
    doc.build(story, onFirstPage=lambda c, d: margin_slivers(c, pagesize, slivers, rng),
              onLaterPages=lambda c, d: margin_slivers(c, pagesize, slivers, rng))
    return buf.getvalue()


def margin_slivers(canv, pagesize, on: bool, rng: random.Random) -> None:
    """Hairline rectangles and dots in the page's margins, as some producers leave."""
    if not on:
        return
    canv.saveState()
    canv.setFillColor(colors.black)
    w, h = pagesize
    for _ in range(rng.randint(1, 4)):
        x, y = rng.choice([(rng.uniform(4, 30), rng.uniform(40, h - 40)),
                           (rng.uniform(40, w - 40), rng.uniform(4, 30))])
        canv.rect(x, y, rng.uniform(0.1, 1.2), rng.uniform(0.1, 12), stroke=0, fill=1)
    canv.restoreState()


def one_cell_table(text: str, style: ParagraphStyle) -> Table:
    t = Table([[Paragraph(escape(text), style)]], colWidths=[160])
    t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.black)]))
    return t


def tracked(text: str, style: ParagraphStyle, key, log: dict):
    if not text:
        return ""
    p = Tracked(escape(text), style)
    p.key, p.log = key, log
    return p


def styled_table(rng: random.Random, layout: dict, rows: list[list], widths: list[float],
                 short: list[int]) -> Table:
    """A ruled table with the header repeated on each page, its fills and highlights drawn."""
    if layout["empty_column"] is not None:
        at = rng.randint(1, len(widths))
        style = rows[0][0].style  # the header's own style: a plain string would print in 10 pt, over its edge
        head = Paragraph(escape(layout["empty_column"]), style) if layout["empty_column"] else ""
        rows = [r[:at] + [head if i == 0 else ""] + r[at:] for i, r in enumerate(rows)]
        words = pdfmetrics.stringWidth(layout["empty_column"], style.fontName, style.fontSize)
        widths = widths[:at] + [max(24.0, words + 8)] + widths[at:]
        short = [c + (c >= at) for c in short]
    top, bottom = layout["padding"]
    cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), layout["grid"], colors.black),
            ("TOPPADDING", (0, 0), (-1, -1), top), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    if layout["header_fill"]:
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(layout["header_fill"])))
    if layout["row_fills"]:
        cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor(rng.choice(FILLS))]))
    for r in range(1, len(rows)):
        if layout["cell_fills"] and rng.random() < 0.3:
            c = rng.randrange(len(widths))
            cmds.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(rng.choice(FILLS))))
        if layout["highlight"]:
            for c in short:
                if rows[r][c] and rng.random() < 0.5:
                    rows[r][c] = Highlighted(rows[r][c], rng.choice(HIGHLIGHTS), layout["slivers"])
    t = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1 if layout["split_rows"] else 0)
    t.setStyle(TableStyle(cmds))
    return t


def vor_table(rng, layout: dict, risks: list[dict], style, frame: float, log: dict) -> Table:
    texts = [VOR_HEADER] + [[str(r["risk_nr"]), f"{r['goal_id']}. {r['goal']}", r["process"],
                             r["working_method"], r["event"], f"{r['probability']}. {r['probability_label']}",
                             f"{r['consequence']}. {r['consequence_label']}", str(r["risk_value"]),
                             "\u2605" if r["in_ikp"] and layout["font"] == "DejaVu" else
                             ("Ja" if r["in_ikp"] else "Nej, endast VoR")] for r in risks]
    widths = column_widths(texts, VOR_SHARE, layout["stretch"], frame - 40 * (layout["empty_column"] is not None),
                           style, 3)
    rows = [[Paragraph(escape(h), style) for h in texts[0]]]
    rows += [[tracked(x, style, ("risk", i), log) for x in row] for i, row in enumerate(texts[1:])]
    return styled_table(rng, layout, rows, widths, short=[0, 5, 6, 7, 8])


def ikp_tables(rng, layout: dict, controls: list[dict], style, frame: float, body, log: dict) -> list:
    """One table per goal, under the goal as its heading."""
    out, groups = [], {}
    for i, c in enumerate(controls):
        groups.setdefault(c["goal_id"], []).append(i)
    pool_goal = {re.match(r"(\d+(?:\.\d+)*)", g).group(1): g for g in word_pool()["goal"]}
    for goal_id, members in groups.items():
        texts = [IKP_HEADER]
        for i in members:
            c = controls[i]
            event = (f"{c['risk_value']} {c['event']}" if c["glue"] == "before" else f"{c['event']} {c['risk_value']}")
            texts.append([c["process"], c["working_method"], c["systematic_control"], event, c["control_activity"]])
        widths = column_widths(texts, IKP_SHARE, layout["stretch"][4:],
                               frame - 40 * (layout["empty_column"] is not None), style, 3)
        rows = [[Paragraph(escape(h), style) for h in IKP_HEADER]]
        rows += [[tracked(x, style, ("control", i), log) for x in row] for i, row in zip(members, texts[1:])]
        out += [Spacer(1, 8), Paragraph(escape(pool_goal[goal_id]), body),
                styled_table(rng, layout, rows, widths, short=[])]
    return out
