"""Build the samples of the defect classes of issue 16, made the way their producers make them.

Report generators (reportlab here, like the planning systems' exports) lay a
register out in ways the Word samples never show:

- ``kungsholmen_2017_narrow``: seed 004's eleven-column uppföljning in narrow
  type and narrow columns. The header row repeats on every page and its words
  break mid-word where a column is narrower than the word ("KF:s mål för
  verksa" / "mhetsområdet", "Sannolikhe" / "t").
- ``kungsholmen_2017_split``: the same register where the producer breaks a
  word too long for its column by characters, without a hyphen, filling the
  rest of the line with the word's start ("barnomsorgs" / "garantin"). It
  breaks after a printed hyphen too ("e-" / "post"), and keeps the space it
  prints after a comma or a slash ("rapporter/ registreringar"). Two cells
  carry words seed 004 does not print ("e-post", "e-handel", worded so that
  the line breaks after "e-"), the same in the PDF and in the expected
  register (``SPLIT_EDITS``); the seed's own "IT-" / "baserade" breaks too.
- ``farsta_2021_continued``: seed 000 (2021) as a VoR whose table goes on over
  the pages without repeating its header, and a control plan whose tables are
  cut by the page end inside a row: the rest of the row (here working method
  and event) continues at the top of the next page in a table with no header
  of its own and no rule above it. ``farsta_2021_continued_unruled`` is the same
  without ruling lines (a line under the header only).

The expected registers come from the hand transcriptions in ``samples/source/``
(never from riskreg); the page a row starts on is counted while the pages are
laid out (the uppföljningar) or found by poppler's ``pdftotext`` from the first
words of each row's event (the continued sample, as ``build.py`` does).

Run from the repository root (needs reportlab and the DejaVu/Liberation fonts):

    python samples/build_defects.py
"""
from __future__ import annotations

import sys

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table

from build import expected_flags, first_words, locate_pages, page_texts, resolve_merged
from build_reportlab import (CONTROL_FIELDS, EXPECTED, HERE, SOURCE, UPPF_HEADER, Layout, build_pdf,
                             escape, paginate, page_table, read_csv, score, split_goal,
                             write_expected, expected_controls)

rl_config.invariant = 1  # no date or random id in the PDFs: a rebuild gives the same bytes

# (row of seed 004, column of the truth, printed text, text in this sample): words the
# seed does not print, put where the narrow column breaks the line after their hyphen
SPLIT_EDITS = [
    (33, "working_method", "Bevakning av förvaltningens övergripande sociala medier",
     "Bevakning av förvaltningens övergripande sociala medier, webb och e-post"),
    (36, "working_method", "Kontroll av att gällande regler och riktlinjer följs",
     "Kontroll av att gällande regler och riktlinjer följs vid beställning och e-handel"),
]
TRUTH_TO_PRINTED = {"goal": 1, "process": 2, "working_method": 3, "event": 4}


def _seed004(edits: list[tuple]) -> tuple[list[list[str]], list[dict]]:
    printed = [[r[f"cell_{i}"] for i in range(1, 12)] for r in read_csv(SOURCE / "seed004_printed.csv")]
    truth = read_csv(SOURCE / "seed004_truth.csv")
    for row, column, old, new in edits:
        if not old:
            continue
        assert truth[row][column] == old, (row, column, truth[row][column])
        truth[row][column] = new
        cell = TRUTH_TO_PRINTED[column] - 1
        assert printed[row][cell] == old
        printed[row][cell] = new
    return printed, truth


def build_uppfoljning_variant(stem: str, widths: list[float], style: ParagraphStyle,
                              edits: list[tuple], intro: str) -> None:
    organisation, year, dnr = "Kungsholmens stadsdelsnämnd", 2017, "KU 2018/0112"
    printed, truth = _seed004(edits)
    pagesize = landscape(A4)
    layout = Layout(UPPF_HEADER, widths, style, merged=(0,))
    # the header as the producer prints it: plain paragraphs in the cells' type
    layout_header = [Paragraph(escape(h), style) for h in UPPF_HEADER]
    title = ParagraphStyle("title", fontName="Sans", fontSize=9, leading=12)
    pages = paginate(layout, printed, first_height=pagesize[1] - 84 - 60, height=pagesize[1] - 90)

    def table_of(rows):
        t = page_table(layout, rows)
        t._cellvalues[0] = layout_header
        return t

    def story():
        out = [Paragraph(f"{organisation}, uppföljning av internkontrollplan {year}", title),
               Paragraph(intro, title), Spacer(1, 8)]
        for i, rows in enumerate(pages):
            if i:
                out.append(PageBreak())
            out.append(table_of(rows))
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


def build_narrow() -> None:
    # narrow type in narrow columns: the header's long words do not fit their cells
    style = ParagraphStyle("narrow", fontName="Narrow", fontSize=7.5, leading=8.6)
    widths = [52, 62, 84, 80, 44, 44, 30, 64, 92, 92, 62]
    build_uppfoljning_variant("kungsholmen_2017_narrow", widths, style, [],
                              "Tabellen visar status för varje risk i nämndens väsentlighets- "
                              "och riskanalys och internkontrollplan.")


def build_split() -> None:
    style = ParagraphStyle("split", fontName="Narrow", fontSize=7.5, leading=8.6,
                           splitLongWords=1, embeddedHyphenation=1)
    widths = [60, 56, 70, 58, 54, 54, 38, 66, 72, 72, 60]
    build_uppfoljning_variant("kungsholmen_2017_split", widths, style, SPLIT_EDITS,
                              "Uppföljning per risk, exporterad ur planeringssystemet.")


# --- seed 000 as a table that goes on without its header -----------------------------

IKP_GAP = 30  # space above the control plan: where its page breaks cut rows
CONT_HEADER = ["Nr", "KF:s mål för verksamhetsområdet", "Process", "Arbetssätt", "Oönskad händelse",
               "Sannolikhet", "Konsekvens", "RV", "IKP"]
CONT_IKP_HEADER = ["Process", "Arbetssätt", "Systematisk kontroll", "Oönskad händelse",
                   "Kontrollaktivitet"]


def build_continued(ruled: bool = True) -> None:
    from build_reportlab import event_cell, table_style
    from reportlab.platypus import SimpleDocTemplate
    stem = "farsta_2021_continued" + ("" if ruled else "_unruled")
    organisation, year, dnr = "Farsta stadsdelsnämnd", 2021, "FAR 2020/0415"
    risks = read_csv(SOURCE / "seed000_2021_vor.csv")
    controls = read_csv(SOURCE / "seed000_2021_ikp.csv")
    style = ParagraphStyle("cell", fontName="Sans", fontSize=7, leading=8.4)
    heading = ParagraphStyle("heading", fontName="Sans", fontSize=10, leading=14, spaceBefore=6,
                             spaceAfter=6)
    pagesize = landscape(A4)
    # blanks below a value: a span cannot be cut
    layout = Layout(CONT_HEADER, [18, 110, 100, 150, 150, 62, 62, 24, 60], style, ruled=ruled)
    vor_rows = []
    for r in risks:
        value = int(r["risk_value"])
        vor_rows.append([r["risk_nr"], r["goal"], r["process"], r["working_method"],
                         event_cell(r["event"], value, style), str(value), r["probability"],
                         r["consequence"], "Nej, endast VoR" if r["ikp"] == "nej" else "\u2605"])
    vor_rows = [[r[0], r[1], r[2], r[3], r[4], r[6], r[7], r[5], r[8]] for r in vor_rows]
    ikp_layout = Layout(CONT_IKP_HEADER, [96, 110, 100, 116, 128], style, ruled=ruled)
    goals: list[tuple[str, list[dict]]] = []
    for c in controls:
        if not goals or goals[-1][0] != c["goal"]:
            goals.append((c["goal"], []))
        goals[-1][1].append(c)
    def flowing(lay: Layout, rows: list[list]) -> Table:
        # the header once, at the table's start; the producer cuts rows at the page end
        header = [Paragraph(escape(h), lay.style) for h in lay.header]
        t = Table([header] + [[x if not isinstance(x, str) else (Paragraph(escape(x), lay.style) if x else "")
                               for x in r] for r in rows], colWidths=lay.widths, repeatRows=0,
                  splitInRow=1)
        t.setStyle(table_style(lay, rows))
        return t

    def story():
        out = [Paragraph(f"{organisation}. Väsentlighets- och riskanalys samt internkontrollplan "
                         f"{year}", heading), flowing(layout, vor_rows), Spacer(1, IKP_GAP),
               Paragraph("Internkontrollplan", heading)]
        for goal, rows in goals:
            cells = [[c["process"], c["working_method"], c["systematic_control"], c["event_as_printed"],
                      c["control_activity"]] for c in rows]
            out += [Paragraph(escape(goal), heading), flowing(ikp_layout, cells), Spacer(1, 10)]
        return out

    def doc_for(target):
        return SimpleDocTemplate(target, pagesize=pagesize, leftMargin=36, rightMargin=36,
                                 topMargin=44, bottomMargin=40)

    from build_reportlab import page_furniture
    probe = doc_for(str(HERE / f"{stem}.pdf"))
    probe.build(story(), onFirstPage=page_furniture(dnr, 0, pagesize),
                onLaterPages=page_furniture(dnr, 0, pagesize))
    total = probe.page
    final = doc_for(str(HERE / f"{stem}.pdf"))
    final.build(story(), onFirstPage=page_furniture(dnr, total, pagesize),
                onLaterPages=page_furniture(dnr, total, pagesize))
    # the page a row starts on: where the first words of its event stand (a row cut by
    # the page end prints the start of each cell on the first page)
    texts = page_texts(HERE / f"{stem}.pdf")
    risk_pages = locate_pages(texts, [first_words(r["event"], 2) for r in risks], "Oönskad händelse")
    control_pages = locate_pages(texts, [first_words(c["event_as_printed"], 2) for c in controls],
                                 "Internkontrollplan")
    linked = {c["risk_nr"] for c in controls}
    risk_rows = []
    for r, page in zip(resolve_merged(risks, ["goal", "process", "working_method"]), risk_pages):
        p, p_label = score(r["probability"])
        k, k_label = score(r["consequence"])
        in_ikp = r["ikp"] != "nej"
        goal_id, goal = split_goal(r["goal"])
        risk_rows.append(dict(
            source_file=f"{stem}.pdf", page=page, organisation=organisation, year=year,
            goal_id=goal_id, goal=goal, process=r["process"], working_method=r["working_method"],
            risk_nr=r["risk_nr"], event=r["event"], probability=p, probability_label=p_label,
            consequence=k, consequence_label=k_label, risk_value=r["risk_value"],
            in_ikp="true" if in_ikp else "false", handling="", status="", measure="",
            description="", responsible="",
            flags=";".join(expected_flags(p * k, int(r["risk_value"]), in_ikp, r["risk_nr"] in linked))))
    control_rows = expected_controls(controls, control_pages, stem, organisation, year)
    write_expected(stem, "risks", risk_rows)
    write_expected(stem, "controls", control_rows, CONTROL_FIELDS)
    print(f"built samples/{stem}.pdf ({total} pages)")


def main() -> int:
    EXPECTED.mkdir(exist_ok=True)
    build_narrow()
    build_split()
    build_continued(ruled=True)
    build_continued(ruled=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
