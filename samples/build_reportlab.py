"""Build the samples made another way than Word + LibreOffice: with reportlab.

Other producers (the city's planning systems, report generators) lay tables
out differently, and riskreg must give the same register from them:

- ``kungsholmen_2017_uppfoljning``: seed 004, the eleven-column uppföljning
  table in small type, its cells exactly as the seed prints them (a risk value
  glued to the handling text, a missing Beskrivning cell, "Avslutad X. X.").
- ``enskede_2023_ruled`` and ``enskede_2023_unruled``: seed 000's VoR and
  internkontrollplan on portrait pages, in another column order, with header
  variants ("Arbetssätt", "Riskvärde", "Sannolikhet (1-5)", "KF:s mål"), the
  IKP column left blank for the rows in the plan, headers in bold faked by
  printing them twice, and other tables beside the register (a scale legend, a
  summary, a table of contents). The two differ only in ruling lines: the
  unruled one draws nothing but a line under the header row.

Pages are laid out here, a page's rows chosen to fit, so the page of every row
is known without reading the PDF back. The expected registers come from the
hand transcriptions in ``samples/source/``, never from riskreg.

Run from the repository root (needs reportlab and the DejaVu/Liberation fonts):

    python samples/build_reportlab.py
"""
from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
EXPECTED = HERE / "expected"
FONTS = {"Sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         "Narrow": "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf"}
for _name, _path in FONTS.items():
    pdfmetrics.registerFont(TTFont(_name, _path))

PROBABILITY = {1: "Osannolikt", 2: "Mindre sannolikt", 3: "Möjlig", 4: "Sannolikt", 5: "Mycket sannolikt"}
CONSEQUENCE = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig", 5: "Mycket allvarlig"}


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


CONTROL_FIELDS = ["source_file", "page", "organisation", "year", "goal_id", "process",
                  "working_method", "systematic_control", "event", "risk_value", "control_activity",
                  "risk_nr"]


def write_expected(stem: str, name: str, rows: list[dict], fields: list[str] | None = None) -> None:
    with (EXPECTED / f"{stem}.{name}.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields or list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class DoubleText(Flowable):
    """A paragraph printed twice, 0.3 pt apart: bold faked the way some producers do."""

    def __init__(self, text: str, style: ParagraphStyle):
        super().__init__()
        self.p = Paragraph(escape(text), style)

    def wrap(self, width, height):
        self.width, self.height = self.p.wrap(width, height)
        return self.width, self.height

    def draw(self):
        self.p.drawOn(self.canv, 0, 0)
        self.p.drawOn(self.canv, 0.3, 0)


class SpacedTitle(Flowable):
    """A letter-spaced, doubled title line ("V ä s e n t l i g h e t s ...")."""

    def __init__(self, text: str, font: str, size: float, spacing: float = 2.5):
        super().__init__()
        self.text, self.font, self.size, self.spacing = text, font, size, spacing

    def wrap(self, width, height):
        return width, self.size * 1.6

    def draw(self):
        for dx in (0, 0.3):
            t = self.canv.beginText(dx, self.size * 0.4)
            t.setFont(self.font, self.size)
            t.setCharSpace(self.spacing)
            t.textOut(self.text)
            self.canv.drawText(t)


def page_furniture(dnr: str, total: int, pagesize):
    def draw(canv, doc):
        w, h = pagesize
        canv.saveState()
        canv.setFont("Sans", 8)
        canv.drawRightString(w - 40, h - 28, f"Dnr {dnr}")
        canv.drawRightString(w - 40, 22, f"Sida {doc.page} ({total})")
        canv.restoreState()
    return draw


def build_pdf(path: Path, story_maker, dnr: str, pagesize) -> None:
    """Build twice: once to count the pages, then with "Sida n (N)" in the footer."""
    def doc_for(target):
        return SimpleDocTemplate(target, pagesize=pagesize, leftMargin=36, rightMargin=36,
                                 topMargin=44, bottomMargin=40)
    probe = doc_for(io.BytesIO())
    probe.build(story_maker(), onFirstPage=page_furniture(dnr, 0, pagesize),
                onLaterPages=page_furniture(dnr, 0, pagesize))
    total = probe.page
    final = doc_for(str(path))
    final.build(story_maker(), onFirstPage=page_furniture(dnr, total, pagesize),
                onLaterPages=page_furniture(dnr, total, pagesize))


@dataclass
class Layout:
    """One register table laid out on pages: a header row and rows of cells."""

    header: list[str]
    widths: list[float]
    style: ParagraphStyle
    ruled: bool = True
    # columns whose blank cells below a value are one merged cell (vertical span)
    merged: tuple = ()


def cell(text, style: ParagraphStyle):
    if isinstance(text, Flowable):
        return text
    return Paragraph(escape(text), style) if text else ""


def table_style(layout: Layout, rows: list[list[str]]) -> TableStyle:
    cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if layout.ruled:
        cmds += [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9"))]
    else:
        cmds += [("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)]
    # vertical spans: a merged column's blank cells join the cell above; a new value
    # in a higher merged column ends the span
    for c in layout.merged:
        higher = [h for h in layout.merged if layout.merged.index(h) < layout.merged.index(c)]
        start = None
        for r in range(1, len(rows) + 1):
            blank = not rows[r - 1][c] and not any(rows[r - 1][h] for h in higher)
            if blank and start is not None:
                continue
            if start is not None and r - 1 > start:
                cmds.append(("SPAN", (c, start), (c, r - 1)))
            start = r
        if start is not None and len(rows) > start:
            cmds.append(("SPAN", (c, start), (c, len(rows))))
    return TableStyle(cmds)


def paginate(layout: Layout, rows: list[list], first_height: float, height: float) -> list[list[list]]:
    """Rows split into pages: as many whole rows as fit under the repeated header."""
    header = [DoubleText(h, layout.style) for h in layout.header]
    pages, current, budget = [], [], first_height
    for row in rows:
        trial = current + [row]
        t = Table([header] + [[cell(x, layout.style) for x in r] for r in trial], colWidths=layout.widths)
        _, h = t.wrap(sum(layout.widths), 10_000)
        if h > budget and current:
            pages.append(current)
            current, budget = [row], height
        else:
            current = trial
    if current:
        pages.append(current)
    return pages


def page_table(layout: Layout, rows: list[list]) -> Table:
    header = [DoubleText(h, layout.style) for h in layout.header]
    t = Table([header] + [[cell(x, layout.style) for x in r] for r in rows], colWidths=layout.widths)
    t.setStyle(table_style(layout, rows))
    return t


def split_goal(goal: str) -> tuple[str, str]:
    m = re.match(r"(\d+(?:\.\d+)*)\.?\s*(.*)", goal)
    return m.group(1), m.group(2)


def score(text: str) -> tuple[int, str]:
    m = re.match(r"\s*(\d)\.\s*(.+)", text)
    return int(m.group(1)), m.group(2).strip()


def resolve_merged(rows: list[dict], keys: list[str]) -> list[dict]:
    """Fill blanks in hierarchical merged columns: a new value resets the levels below."""
    current = {k: "" for k in keys}
    out = []
    for r in rows:
        for level, k in enumerate(keys):
            if r[k]:
                current[k] = r[k]
                for lower in keys[level + 1:]:
                    current[lower] = r[lower]
                break
        out.append({**r, **current})
    return out


# --- seed 004: the uppföljning ------------------------------------------------------

UPPF_HEADER = ["KF:s mål för verksamhetsområdet", "Process", "Arbetsätt", "Oönskad händelse",
               "Sannolikhet", "Konsekvens", "Risikvärde", "Hantera risk", "Status/Åtgärd",
               "Beskrivning", "Ansvarig"]


def build_uppfoljning() -> None:
    stem, organisation, year, dnr = "kungsholmen_2017_uppfoljning", "Kungsholmens stadsdelsnämnd", 2017, "KU 2018/0112"
    printed = [[r[f"cell_{i}"] for i in range(1, 12)] for r in read_csv(SOURCE / "seed004_printed.csv")]
    truth = read_csv(SOURCE / "seed004_truth.csv")
    style = ParagraphStyle("small", fontName="Narrow", fontSize=6.5, leading=7.6)
    pagesize = landscape(A4)
    layout = Layout(UPPF_HEADER, [78, 66, 90, 84, 46, 44, 34, 62, 88, 88, 62], style, merged=(0,))
    title = ParagraphStyle("title", fontName="Sans", fontSize=9, leading=12)
    pages = paginate(layout, printed, first_height=pagesize[1] - 84 - 110, height=pagesize[1] - 90)

    def story():
        out = [SpacedTitle("Uppföljning av internkontrollplan", "Sans", 13),
               Paragraph(f"{organisation}, uppföljning av internkontrollplan {year}", title),
               Paragraph("Tabellen visar status för varje risk i nämndens väsentlighets- och "
                         f"riskanalys och internkontrollplan för {year}.", title),
               Spacer(1, 8)]
        for i, rows in enumerate(pages):
            if i:
                out.append(PageBreak())
            out.append(page_table(layout, rows))
        return out

    build_pdf(HERE / f"{stem}.pdf", story, dnr, pagesize)
    row_pages = [p for p, rows in enumerate(pages, start=1) for _ in rows]
    filled = resolve_merged(truth, ["goal", "process", "working_method"])
    risks = []
    for r, page in zip(filled, row_pages):
        p, p_label = score(r["probability"])
        k, k_label = score(r["consequence"])
        goal_id, goal = split_goal(r["goal"])
        flags = "" if p * k == int(r["risk_value"]) else "risk_value_mismatch"
        risks.append(dict(source_file=f"{stem}.pdf", page=page, organisation=organisation, year=year,
                          goal_id=goal_id, goal=goal, process=r["process"],
                          working_method=r["working_method"], risk_nr="", event=r["event"],
                          probability=p, probability_label=p_label, consequence=k,
                          consequence_label=k_label, risk_value=r["risk_value"], in_ikp="",
                          handling=r["handling"], status=r["status"], measure=r["measure"],
                          description=r["description"], responsible=r["responsible"], flags=flags))
    write_expected(stem, "risks", risks)
    write_expected(stem, "controls", [], CONTROL_FIELDS)
    print(f"built samples/{stem}.pdf ({len(pages)} pages of table)")


def main() -> int:
    EXPECTED.mkdir(exist_ok=True)
    build_uppfoljning()
    return 0


if __name__ == "__main__":
    sys.exit(main())
