"""Build the registers written as records (the records reader's samples, issue 27).

Farsta's 2023 VoR and its control plan (``samples/source/seed000_farsta2023_vor.csv`` and
``_ikp.csv``, checked by hand) printed by reportlab as a planning system prints them: portrait
A4, a goal heading (13 pt bold) and a process heading (11 pt bold) where they change, then per
risk a bold title (its event), its working method as a description of one or two paragraphs,
and its fields:

- ``farsta_2023_records_lines``: as labelled lines (``Risknr: 2``, ``Sannolikhet: 4 – Sannolikt``,
  ``Konsekvens:``, ``Risktal:``, ``Hantering: Med i internkontrollplan`` / ``Ingen åtgärd``, and for
  a risk its control plan controls ``Systematisk kontroll:`` and ``Kontrollmoment:``);
- ``farsta_2023_records_table``: the same fields in a small ruled two-column table per record.

Nothing is kept together: records break across pages where the page ends (a description, a
table's rows). The page of each record is the page its title is drawn on, noted by the title
itself as reportlab draws it; the expected registers (``samples/expected/<stem>.*.csv``) are
the source rows resolved (a blank goal, process or working method is the one above), never
riskreg's output.

Run from the repository root: python samples/build_records.py
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from build import expected_flags, resolve_merged
from build_reportlab import build_pdf, escape, read_csv, score, split_goal

HERE = Path(__file__).resolve().parent
SOURCE, EXPECTED = HERE / "source", HERE / "expected"
ORGANISATION, YEAR, DNR = "Farsta stadsdelsnämnd", 2023, "FAR 2022/1187"
pdfmetrics.registerFont(TTFont("SansBold", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))
BODY = ParagraphStyle("body", fontName="Sans", fontSize=9, leading=11.5, spaceAfter=3)
TITLE = ParagraphStyle("title", parent=BODY, fontName="SansBold", spaceBefore=6)
GOAL = ParagraphStyle("goal", parent=BODY, fontName="SansBold", fontSize=13, leading=16, spaceBefore=10,
                      spaceAfter=6)
PROCESS = ParagraphStyle("process", parent=BODY, fontName="SansBold", fontSize=11, leading=14,
                         spaceBefore=6, spaceAfter=4)
CELL = ParagraphStyle("cell", parent=BODY, spaceAfter=0)
RISK_FIELDS = ["source_file", "page", "organisation", "year", "goal_id", "goal", "process", "working_method",
               "risk_nr", "event", "probability", "probability_label", "consequence", "consequence_label",
               "risk_value", "in_ikp", "handling", "status", "measure", "description", "responsible", "flags",
               "extra"]
CONTROL_FIELDS = ["source_file", "page", "organisation", "year", "goal_id", "process", "working_method",
                  "systematic_control", "event", "risk_value", "control_activity", "risk_nr", "method",
                  "frequency", "responsible", "report_to", "extra"]


class Title(Paragraph):
    """A record's title that notes the page it is drawn on (its record's page)."""

    def __init__(self, text, style, key, pages: dict):
        super().__init__(text, style)
        self.key, self.pages = key, pages

    def draw(self):
        self.pages.setdefault(self.key, self.canv.getPageNumber())
        super().draw()


def paragraphs(text: str) -> list[str]:
    """A working method as one or two paragraphs: its first sentence, and the rest."""
    m = re.match(r"(.+?[.!?])\s+([A-ZÅÄÖ].*)$", text, re.S)
    return [m.group(1), m.group(2)] if m else [text] if text else []


def fields_of(risk: dict, controls: list[dict]) -> list[tuple[str, str]]:
    """The record's labels and values, in print order."""
    p, p_label = score(risk["probability"])
    k, k_label = score(risk["consequence"])
    out = [("Risknr", risk["risk_nr"]), ("Sannolikhet", f"{p} – {p_label}"),
           ("Konsekvens", f"{k} – {k_label}"), ("Risktal", risk["risk_value"]),
           ("Hantering", "Ingen åtgärd" if risk["ikp"] == "nej" else "Med i internkontrollplan")]
    for c in controls:
        out += [("Systematisk kontroll", c["systematic_control"]), ("Kontrollmoment", c["control_activity"])]
    return out


def record_fields(fields: list[tuple[str, str]], form: str):
    if form == "lines":
        return [Paragraph(f"{escape(label)}: {escape(value)}", BODY) for label, value in fields]
    t = Table([[Paragraph(escape(label), CELL), Paragraph(escape(value), CELL)] for label, value in fields],
              colWidths=[110, 400], hAlign="LEFT")
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 2),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return [t, Spacer(1, 4)]


def story_for(form: str, risks: list[dict], ikp: list[dict], pages: dict):
    def story():
        out = [Paragraph(f"{ORGANISATION}. Väsentlighets- och riskanalys {YEAR} med internkontrollplan, "
                         "utskrift ur verksamhetssystemet.", BODY),
               Paragraph("Riskerna redovisas per mål och process, bedömda på skalan 1–5.", BODY),
               Paragraph("Risktal = sannolikhet × konsekvens.", BODY)]
        goal = process = None
        for r in risks:
            if r["goal"] != goal:
                goal, process = r["goal"], None
                out.append(Paragraph(escape(goal), GOAL))
            if r["process"] != process:
                process = r["process"]
                out.append(Paragraph(escape(process), PROCESS))
            out.append(Title(escape(r["event"]), TITLE, r["risk_nr"], pages))
            out += [Paragraph(escape(p), BODY) for p in paragraphs(r["working_method"])]
            out += record_fields(fields_of(r, [c for c in ikp if c["risk_nr"] == r["risk_nr"]]), form)
        return out
    return story


def expected(stem: str, risks: list[dict], ikp: list[dict], pages: dict) -> tuple[list[dict], list[dict]]:
    risk_rows, control_rows = [], []
    for r in risks:
        p, p_label = score(r["probability"])
        k, k_label = score(r["consequence"])
        goal_id, goal = split_goal(r["goal"])
        base = dict(source_file=f"{stem}.pdf", page=pages[r["risk_nr"]], organisation=ORGANISATION, year=YEAR,
                    goal_id=goal_id, process=r["process"], working_method="")
        # Hantering is its handling, and says whether it is in the control plan (in_ikp)
        in_ikp, controlled = r["ikp"] != "nej", any(c["risk_nr"] == r["risk_nr"] for c in ikp)
        risk_rows.append(dict(
            base, goal=goal, risk_nr=r["risk_nr"], event=r["event"], probability=p, probability_label=p_label,
            consequence=k, consequence_label=k_label, risk_value=r["risk_value"], in_ikp="true" if in_ikp else "false",
            handling="Ingen åtgärd" if r["ikp"] == "nej" else "Med i internkontrollplan", status="", measure="",
            description=" ".join(r["working_method"].split()), responsible="", extra="",
            flags=";".join(expected_flags(p * k, int(r["risk_value"]), in_ikp, controlled))))
        for c in (c for c in ikp if c["risk_nr"] == r["risk_nr"]):
            control_rows.append(dict(base, systematic_control=c["systematic_control"], event=r["event"],
                                     risk_value=r["risk_value"], control_activity=c["control_activity"],
                                     risk_nr=r["risk_nr"], method="", frequency="", responsible="",
                                     report_to="", extra=""))
    return risk_rows, control_rows


def write(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def main() -> None:
    risks = resolve_merged(read_csv(SOURCE / "seed000_farsta2023_vor.csv"), ["goal", "process", "working_method"])
    ikp = read_csv(SOURCE / "seed000_farsta2023_ikp.csv")
    assert len(risks) == 91, len(risks)
    for form in ("lines", "table"):
        stem, pages = f"farsta_2023_records_{form}", {}
        build_pdf(HERE / f"{stem}.pdf", story_for(form, risks, ikp, pages), DNR, A4)
        risk_rows, control_rows = expected(stem, risks, ikp, pages)
        write(EXPECTED / f"{stem}.risks.csv", RISK_FIELDS, risk_rows)
        write(EXPECTED / f"{stem}.controls.csv", CONTROL_FIELDS, control_rows)
        print(f"{stem}.pdf: {max(pages.values())} pages, {len(risk_rows)} risks, {len(control_rows)} controls",
              file=sys.stderr)


if __name__ == "__main__":
    main()
