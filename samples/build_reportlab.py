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

from build import expected_flags, resolve_merged  # the Word builder's readings, shared

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
    header = [h if isinstance(h, Flowable) else DoubleText(h, layout.style) for h in layout.header]
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
    header = [h if isinstance(h, Flowable) else DoubleText(h, layout.style) for h in layout.header]
    t = Table([header] + [[cell(x, layout.style) for x in r] for r in rows], colWidths=layout.widths)
    t.setStyle(table_style(layout, rows))
    return t


def split_goal(goal: str) -> tuple[str, str]:
    m = re.match(r"(\d+(?:\.\d+)*)\.?\s*(.*)", goal)
    return m.group(1), m.group(2)


def score(text: str) -> tuple[int, str]:
    m = re.match(r"\s*(\d)\.\s*(.+)", text)
    return int(m.group(1)), m.group(2).strip()


# --- seed 004: the uppföljning ------------------------------------------------------

UPPF_HEADER = ["KF:s mål för verksamhetsområdet", "Process", "Arbetsätt", "Oönskad händelse",
               "Sannolikhet", "Konsekvens", "Risikvärde", "Hantera risk", "Status/Åtgärd",
               "Beskrivning", "Ansvarig"]
UPPF_WIDTHS = [78, 66, 90, 84, 46, 44, 34, 62, 88, 88, 62]  # points, on landscape A4
UPPF_STYLE = ParagraphStyle("small", fontName="Narrow", fontSize=6.5, leading=7.6)
UPPF_TITLE = "Uppföljning av internkontrollplan"


def uppfoljning_intro(organisation: str, year: int) -> list[str]:
    """The lines printed under the uppföljning's title."""
    return [f"{organisation}, uppföljning av internkontrollplan {year}",
            "Tabellen visar status för varje risk i nämndens väsentlighets- och "
            f"riskanalys och internkontrollplan för {year}."]


def build_uppfoljning(stem: str = "kungsholmen_2017_uppfoljning", header: list | None = None) -> None:
    """Seed 004's uppföljning; ``header`` another header row (flowables: turned text) for a variant."""
    organisation, year, dnr = "Kungsholmens stadsdelsnämnd", 2017, "KU 2018/0112"
    printed = [[r[f"cell_{i}"] for i in range(1, 12)] for r in read_csv(SOURCE / "seed004_printed.csv")]
    truth = read_csv(SOURCE / "seed004_truth.csv")
    style = UPPF_STYLE
    pagesize = landscape(A4)
    layout = Layout(header or UPPF_HEADER, UPPF_WIDTHS, style, merged=(0,))
    title = ParagraphStyle("title", fontName="Sans", fontSize=9, leading=12)
    pages = paginate(layout, printed, first_height=pagesize[1] - 84 - 110, height=pagesize[1] - 90)

    def story():
        out = [SpacedTitle(UPPF_TITLE, "Sans", 13)]
        out += [Paragraph(line, title) for line in uppfoljning_intro(organisation, year)]
        out.append(Spacer(1, 8))
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


# --- seed 000 from another producer: ruled and unruled, portrait ---------------------

ENSKEDE_HEADER = ["Nr", "KF:s mål", "Process", "Arbetssätt", "Oönskad händelse", "Riskvärde",
                  "Sannolikhet (1-5)", "Konsekvens (1-5)", "IKP"]
ENSKEDE_IKP_HEADER = ["Process", "Arbetssätt", "Systematisk kontroll", "Oönskad händelse",
                      "Kontrollmoment"]
LEVEL_COLOURS = [(12, "#C00000"), (4, "#E0A000"), (0, "#009030")]


def event_cell(event: str, value: int, style: ParagraphStyle) -> Paragraph:
    colour = next(c for bound, c in LEVEL_COLOURS if value >= bound)
    return Paragraph(f'<font color="{colour}">\u25a0</font> {escape(event)}', style)


def build_enskede(ruled: bool) -> None:
    stem = f"enskede_2023_{'ruled' if ruled else 'unruled'}"
    organisation, year, dnr = "Enskede-Årsta-Vantörs stadsdelsnämnd", 2023, "EÅV 2022/0918"
    risks = read_csv(SOURCE / "seed000_vor.csv")
    controls = read_csv(SOURCE / "seed000_ikp.csv")
    style = ParagraphStyle("cell", fontName="Sans", fontSize=6, leading=7.2)
    body = ParagraphStyle("body", fontName="Sans", fontSize=9, leading=12)
    heading = ParagraphStyle("heading", fontName="Sans", fontSize=10, leading=14, spaceBefore=6,
                             spaceAfter=6)
    pagesize = A4
    frame_height = pagesize[1] - 44 - 40 - 12
    layout = Layout(ENSKEDE_HEADER, [14, 76, 76, 88, 92, 32, 50, 50, 45], style, ruled=ruled,
                    merged=(1, 2, 3))
    printed = []
    for r in risks:
        value = int(r["risk_value"])
        printed.append([r["risk_nr"], r["goal"], r["process"], r["working_method"],
                        event_cell(r["event"], value, style), str(value), r["probability"],
                        r["consequence"], "Nej, endast VoR" if r["ikp"] == "nej" else ""])
    # blank cells must read as blank to the span logic: the event cell is never blank
    vor_pages = paginate(layout, printed, frame_height - 40, frame_height - 10)
    ikp_layout = Layout(ENSKEDE_IKP_HEADER, [90, 100, 100, 113, 120], style, ruled=ruled,
                        merged=(0, 1, 2))
    goals: list[tuple[str, list[dict]]] = []
    for c in controls:
        if not goals or goals[-1][0] != c["goal"]:
            goals.append((c["goal"], []))
        goals[-1][1].append(c)
    # the control plan: one table per goal under its heading, a table moved whole to the
    # next page when it does not fit; the page of every control is counted here
    ikp_flow, control_pages, page, used = [], [], len(vor_pages) + 2, 0.0
    for goal, rows in goals:
        cells = [[c["process"], c["working_method"], c["systematic_control"], c["event_as_printed"],
                  c["control_activity"]] for c in rows]
        t = page_table(ikp_layout, cells)
        _, h = t.wrap(sum(ikp_layout.widths), 10_000)
        head = Paragraph(escape(goal), heading)
        _, hh = head.wrap(sum(ikp_layout.widths), 10_000)
        need = h + hh + heading.spaceBefore + heading.spaceAfter + 14
        if used + need > frame_height - 30 and used:
            ikp_flow.append(PageBreak())
            page, used = page + 1, 0.0
        ikp_flow += [head, t, Spacer(1, 14)]
        used += need
        control_pages += [page] * len(rows)

    def story():
        out = [SpacedTitle("Väsentlighets- och riskanalys", "Sans", 14),
               Paragraph(f"{organisation}. Verksamhetsplan {year} med internkontrollplan {year}.", body),
               Spacer(1, 8), Paragraph("Innehåll", heading)]
        toc = Table([["Inledning", "1"], ["Väsentlighets- och riskanalys", "2"],
                     ["Internkontrollplan", str(len(vor_pages) + 2)]], colWidths=[300, 40])
        legend = Table([["Nivå", "Sannolikhet", "Konsekvens"]] +
                       [[str(n), PROBABILITY[n], CONSEQUENCE[n]] for n in range(5, 0, -1)],
                       colWidths=[40, 120, 120])
        values = [int(r["risk_value"]) for r in risks]
        summary = Table([["Kritisk", "Medium", "Låg", "Totalt"],
                         [str(sum(v >= 12 for v in values)), str(sum(4 <= v < 12 for v in values)),
                          str(sum(v <= 3 for v in values)), str(len(values))]], colWidths=[60] * 4)
        for t in (toc, legend, summary):
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if ruled else
                                  [("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)]))
            t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "Sans"),
                                   ("FONTSIZE", (0, 0), (-1, -1), 8)]))
        out += [toc, Spacer(1, 10), Paragraph("Bedömningsskala", heading), legend, Spacer(1, 10),
                Paragraph("Sammanställning av riskvärden", heading), summary, PageBreak(),
                Paragraph("Väsentlighets- och riskanalys", heading)]
        for i, rows in enumerate(vor_pages):
            if i:
                out.append(PageBreak())
            out.append(page_table(layout, rows))
        out += [PageBreak(), Paragraph("Internkontrollplan", heading)] + ikp_flow
        return out

    build_pdf(HERE / f"{stem}.pdf", story, dnr, pagesize)
    linked = {c["risk_nr"] for c in controls}
    risk_pages = [p for p, rows in enumerate(vor_pages, start=2) for _ in rows]
    filled = resolve_merged(risks, ["goal", "process", "working_method"])
    risk_rows = []
    for r, page in zip(filled, risk_pages):
        p, p_label = score(r["probability"])
        k, k_label = score(r["consequence"])
        in_ikp = r["ikp"] != "nej"
        flags = expected_flags(p * k, int(r["risk_value"]), in_ikp, r["risk_nr"] in linked)
        goal_id, goal = split_goal(r["goal"])
        risk_rows.append(dict(
            source_file=f"{stem}.pdf", page=page, organisation=organisation, year=year,
            goal_id=goal_id, goal=goal, process=r["process"], working_method=r["working_method"],
            risk_nr=r["risk_nr"], event=r["event"], probability=p, probability_label=p_label,
            consequence=k, consequence_label=k_label, risk_value=r["risk_value"],
            in_ikp="true" if in_ikp else "false", handling="", status="", measure="",
            description="", responsible="", flags=";".join(flags)))
    control_rows = expected_controls(controls, control_pages, stem, organisation, year)
    write_expected(stem, "risks", risk_rows)
    write_expected(stem, "controls", control_rows, CONTROL_FIELDS)
    print(f"built samples/{stem}.pdf")


def expected_controls(controls: list[dict], pages: list[int], stem: str, organisation: str,
                      year: int) -> list[dict]:
    """The expected control rows of seed 000's IKP as printed: merged cells resolved, and the
    risk value glued before or after the event ("16 Samverkan...", "Anseendeskada 9") split off."""
    rows = []
    for c, page in zip(resolve_merged(controls, ["process", "working_method", "systematic_control"]), pages):
        m = re.match(r"^(\d{1,2})\s+(.*)$", c["event_as_printed"])
        n = re.match(r"^(.*?)\s+(\d{1,2})$", c["event_as_printed"])
        value, event = (m.group(1), m.group(2)) if m else (n.group(2), n.group(1)) if n else ("", c["event_as_printed"])
        rows.append(dict(
            source_file=f"{stem}.pdf", page=page, organisation=organisation, year=year,
            goal_id=split_goal(c["goal"])[0], process=c["process"], working_method=c["working_method"],
            systematic_control=c["systematic_control"], event=event, risk_value=value,
            control_activity=c["control_activity"], risk_nr=c["risk_nr"]))
    return rows


def main() -> int:
    EXPECTED.mkdir(exist_ok=True)
    build_uppfoljning()
    build_enskede(ruled=True)
    build_enskede(ruled=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
