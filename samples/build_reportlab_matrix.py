"""Build farsta 2023's VoR and internkontrollplan laid out by reportlab (issue 26, item 1).

``farsta_2023_reportlab``: the register of farsta_2023 (the transcription
``samples/source/seed000_farsta2023_*.csv``, as build.py prints it) on portrait pages, as a
report generator lays it out: the narrow score columns' headers (Sannolikhet, Konsekvens, RV,
IKP) turned on their side with ``canvas.rotate`` (one text matrix per glyph, bottom to top:
build_rotated.py's TurnedText), goal, process and working method merged down (a merged cell
going on over a page starts again, blank, on the next), whole rows to a page under the
header repeated on each, the control plan one table per goal under its goal line (the last
one split between rows by the page end, its rest under no header).

The expected register comes from the transcription (never from riskreg), located on its
pages by poppler's ``pdftotext`` as build.py does.

    python samples/build_reportlab_matrix.py     # needs reportlab, the DejaVu fonts, poppler-utils
"""
from __future__ import annotations

import sys

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, Spacer

from build import IKP_HEADER, VOR_HEADER, Variant, apply_variant, expected_registers
from build_reportlab import HERE, SOURCE, Layout, build_pdf, escape, page_table, paginate, read_csv
from build_rotated import TurnedText

VARIANT = Variant("farsta_2023_reportlab", "Farsta stadsdelsnämnd", 2023, "FAR 2022/0093",
                  risk_value_typos={3: 9}, source="seed000_farsta2023")
TURNED = ("Sannolikhet", "Konsekvens", "RV", "IKP")
VOR_WIDTHS = [68, 72, 92, 16, 92, 50, 50, 16, 40]  # points: 496 of the page's 523
IKP_WIDTHS = [90, 95, 95, 120, 123]
FRAME = A4[1] - 44 - 40 - 12  # the page's height for tables, less a little


def styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    return (ParagraphStyle("cell", fontName="Sans", fontSize=6.5, leading=7.8),
            ParagraphStyle("body", fontName="Sans", fontSize=9, leading=12))


def vor_rows(risks: list[dict]) -> list[list[str]]:
    return [[r["goal"], r["process"], r["working_method"], r["risk_nr"], r["event"], r["probability"],
             r["consequence"], r["printed_risk_value"], "Nej, endast VoR" if r["ikp"] == "nej" else "\u2605"]
            for r in risks]


def ikp_groups(controls: list[dict]) -> list[tuple[str, list[list[str]]]]:
    goals: list[tuple[str, list[list[str]]]] = []
    keys = ["process", "working_method", "systematic_control", "event_as_printed", "control_activity"]
    for c in controls:
        if not goals or goals[-1][0] != c["goal"]:
            goals.append((c["goal"], []))
        goals[-1][1].append([c[k] for k in keys])
    return goals


def story(v: Variant, risks: list[dict], controls: list[dict]) -> list:
    cell, body = styles()
    header = [TurnedText(h, "Sans", 6.5, 90) if h in TURNED else h for h in VOR_HEADER]
    vor = Layout(header, VOR_WIDTHS, cell, merged=(0, 1, 2))
    out = [Paragraph(f"Till {escape(v.organisation)}", body), Spacer(1, 6),
           Paragraph(f"<b>Väsentlighets- och riskanalys samt internkontrollplan {v.year}</b>", body),
           Paragraph(f"Nämnden ska årligen fastställa en internkontrollplan. Internkontrollplan {v.year} är "
                     "baserad på en aktuell väsentlighets- och riskanalys.", body), Spacer(1, 8),
           Paragraph("<b>Väsentlighets- och riskanalys</b>", body)]
    for i, rows in enumerate(paginate(vor, vor_rows(risks), FRAME - 110, FRAME)):
        out += [PageBreak()] if i else []
        out.append(page_table(vor, rows))
    out += [PageBreak(), Paragraph("<b>Internkontrollplan</b>", body)]
    ikp = Layout(IKP_HEADER, IKP_WIDTHS, cell, merged=(0, 1, 2))
    for goal, rows in ikp_groups(controls):
        out += [Spacer(1, 8), Paragraph(escape(goal), body), page_table(ikp, rows)]
    return out


def main() -> int:
    v = VARIANT
    risks = read_csv(SOURCE / f"{v.source}_vor.csv")
    controls = [dict(c) for c in read_csv(SOURCE / f"{v.source}_ikp.csv")]
    risks, controls = apply_variant(v, risks, controls)
    target = HERE / f"{v.name}.pdf"
    build_pdf(target, lambda: story(v, risks, controls), v.dnr, A4)
    expected_registers(v, target, risks, controls)
    print(f"built {target.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
