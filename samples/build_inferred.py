"""Build the samples whose header no template names: registers read by what their columns hold.

All three municipalities are invented; their header wordings are not in any
template (``riskreg/templates/*.toml``), so riskreg types each column by its
content (issue 31, ``riskreg/normalize/infer.py``):

- ``tallby_2025_kontrollplan``: Servicenämnden in Tallby kommun. Portrait A4: a
  4x4 risk matrix and a legend of the levels on page 1, then two ruled tables:
  the risks taken into the plan (*Kategori, Identifierade risker, Sannolikhet,
  Konsekvens, Kontrolleras* with Ja) and, under the heading "Risker som inte tas
  med i internkontrollplanen", the others with *Motivering till att risken inte
  tas med*. Score cells print a number, the level's word and its explanation in
  parentheses ("3 Kännbar (uppfattas som besvärande)"), on a 1-4 scale the
  legend line names; no risk value column (it is derived); the category is
  printed once for its rows and goes on over the page break (its rows on the
  next page leave it blank).
- ``bergvik_2024_riskregister``: Socialnämnden in Bergviks kommun. Landscape,
  plural and abbreviated headers in another column order (*Verksamhetsområden,
  Nr, Risker, Kons. (1-5), Sannolikh. (1-5), Risktal, Åtg., Ansv.*): the
  consequence before the probability, scores as bare digits.
- ``ekdala_2025_riskbedomning``: Byggnadsnämnden in Ekdala kommun. Landscape, a
  header of words no register template uses (*Löpnr, Ämne, Vad kan gå fel, Hur
  troligt, Hur illa, Poäng, Förklaring, Vem*), Stockholm's score words, no
  legend (the scale is inferred from the scores and flagged).

The expected registers (``samples/expected/<stem>.*.csv``) are written by this
script from the hand-written rows below (what the PDF prints), each row's page
being the page the script lays it on (checked with ``pdftotext -f N -l N``);
riskreg's output is never read.

Run from the repository root (needs reportlab and the DejaVu fonts):

    python samples/build_inferred.py
"""
from __future__ import annotations

import csv
import sys

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from build_reportlab import EXPECTED, HERE, Layout, SpacedTitle, build_pdf, escape, page_table
from build_templates import fit_widths

RISK_FIELDS = ["source_file", "page", "organisation", "year", "goal_id", "goal", "process", "working_method",
               "risk_nr", "event", "probability", "probability_label", "consequence", "consequence_label",
               "risk_value", "in_ikp", "handling", "status", "measure", "description", "responsible", "flags",
               "extra", "scale", "risk_value_source"]
CONTROL_FIELDS = ["source_file", "page", "organisation", "year", "goal_id", "process", "working_method",
                  "systematic_control", "event", "risk_value", "control_activity", "risk_nr"]
CELL = ParagraphStyle("cell", fontName="Sans", fontSize=7, leading=8.4)
BODY = ParagraphStyle("body", fontName="Sans", fontSize=9, leading=12)
HEADING = ParagraphStyle("heading", fontName="Sans", fontSize=10.5, leading=14)


def write_csv(stem: str, name: str, fields: list[str], rows: list[dict]) -> None:
    """One expected CSV; a field a row does not give is empty."""
    with (EXPECTED / f"{stem}.{name}.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows({f: row.get(f, "") for f in fields} for row in rows)


def expected_risk(stem: str, page: int, organisation: str, year: int, **values) -> dict:
    return dict(source_file=f"{stem}.pdf", page=page, organisation=organisation, year=year, **values)


# --- Tallby: a portrait 1-4 control plan in two tables ------------------------------------

TALLBY_P = {1: "Osannolik (händer nästan aldrig)", 2: "Mindre sannolik (kan hända någon gång)",
            3: "Möjlig (kan hända varje år)", 4: "Sannolik (händer ofta)"}
TALLBY_K = {1: "Försumbar (märks knappt)", 2: "Lindrig (viss påverkan på verksamheten)",
            3: "Kännbar (uppfattas som besvärande)", 4: "Allvarlig (verksamheten kan inte utföras)"}
TALLBY_TAKEN_HEADER = ["Kategori", "Identifierade risker", "Sannolikhet", "Konsekvens", "Kontrolleras"]
# category, risk, probability, consequence, Ja; page of each row below
TALLBY_TAKEN = [
    ("Ekonomi", "Fakturor betalas utan att attest har skett", 3, 4, "Ja", 2),
    ("", "Avtal med leverantörer följs inte upp under avtalstiden", 3, 3, "Ja", 2),
    ("", "Inköp görs utanför upphandlade ramavtal", 4, 3, "Ja", 2),
    ("", "Representation redovisas inte enligt riktlinjerna", 2, 4, "Ja", 2),
    ("", "Budgetavvikelser upptäcks för sent för att kunna åtgärdas", 3, 3, "Ja", 3),
    ("", "Kontanthantering i verksamheterna sker utan kvittens", 2, 4, "Ja", 3),
    ("Personal", "Lön betalas ut efter att en anställning har upphört", 2, 4, "Ja", 3),
    ("", "Arbetsmiljöronder genomförs inte enligt plan", 3, 3, "Ja", 3),
]
TALLBY_NOT_HEADER = ["Kategori", "Identifierade risker", "Sannolikhet", "Konsekvens",
                     "Motivering till att risken inte tas med"]
TALLBY_NOT = [
    ("Ekonomi", "Momsredovisningen blir felaktig", 1, 3, "Kontrolleras redan av ekonomienheten varje månad.", 3),
    ("Personal", "Semesterplaneringen blir inte klar i tid", 2, 2, "Låg risk, följs upp i ledningsgruppen.", 3),
    ("", "Friskvårdsbidrag betalas ut felaktigt", 2, 1, "Små belopp; ingår i lönekontrollen.", 3),
]
TALLBY_BREAK = 4  # rows of the first table on page 2; the rest go on on page 3


def score_cell(number: int, scale: dict[int, str]) -> str:
    return f"{number} {scale[number]}"


def matrix_table() -> Table:
    """The 4x4 risk matrix: probability down, consequence across, the product in each square."""
    rows = [["Sannolikhet \\ Konsekvens", "1", "2", "3", "4"]]
    rows += [[str(p)] + [str(p * k) for k in range(1, 5)] for p in range(4, 0, -1)]
    t = Table(rows, colWidths=[120, 40, 40, 40, 40])
    cmds = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), "Sans", 8)]
    for r in range(1, 5):
        for c in range(1, 5):
            value = int(rows[r][c])
            shade = "#F4B6B6" if value >= 9 else "#FCE9A9" if value >= 4 else "#C9E7C1"
            cmds.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(shade)))
    t.setStyle(TableStyle(cmds))
    return t


def legend_table() -> Table:
    rows = [["Nivå", "Sannolikhet", "Konsekvens"]]
    rows += [[str(n), Paragraph(escape(TALLBY_P[n]), CELL), Paragraph(escape(TALLBY_K[n]), CELL)] for n in range(1, 5)]
    t = Table(rows, colWidths=[40, 200, 220])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), "Sans", 8),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def tallby_rows(rows) -> list[list[str]]:
    return [[cat, risk, score_cell(p, TALLBY_P), score_cell(k, TALLBY_K), tail] for cat, risk, p, k, tail, _ in rows]


def build_tallby() -> None:
    stem, organisation, year = "tallby_2025_kontrollplan", "Servicenämnden", 2025
    taken, not_taken = tallby_rows(TALLBY_TAKEN), tallby_rows(TALLBY_NOT)
    widths = [62, 175, 100, 110, 76]
    taken_layout = Layout(TALLBY_TAKEN_HEADER, widths, CELL, merged=(0,))
    not_layout = Layout(TALLBY_NOT_HEADER, [62, 150, 90, 100, 121], CELL, merged=(0,))

    def story():
        return [SpacedTitle("Internkontrollplan 2025", "Sans", 14),
                Paragraph("Servicenämnden, Tallby kommun", BODY), Spacer(1, 6),
                Paragraph("Sannolikhet och konsekvens bedöms på en skala 1-4. Riskerna placeras i "
                          "matrisen nedan; risker med ett värde på 9 eller mer tas med i planen.", BODY),
                Spacer(1, 8), matrix_table(), Spacer(1, 10),
                Paragraph("Bedömningsnivåer", HEADING), legend_table(), PageBreak(),
                Paragraph("Risker som tas med i internkontrollplanen", HEADING), Spacer(1, 4),
                page_table(taken_layout, taken[:TALLBY_BREAK]), PageBreak(),
                page_table(taken_layout, taken[TALLBY_BREAK:]), Spacer(1, 14),
                Paragraph("Risker som inte tas med i internkontrollplanen", HEADING), Spacer(1, 4),
                page_table(not_layout, not_taken),
                Spacer(1, 12), Paragraph("Beslutad av servicenämnden 2024-12-10.", BODY)]

    build_pdf(HERE / f"{stem}.pdf", story, "KS 2024/318", A4)
    risks = []
    for rows, in_ikp, reason in ((TALLBY_TAKEN, "true", False), (TALLBY_NOT, "false", True)):
        category = ""
        for cat, risk, p, k, tail, page in rows:
            category = cat or category
            risks.append(expected_risk(
                stem, page, organisation, year, process=category, event=risk,
                probability=p, probability_label=TALLBY_P[p].split(" (")[0],
                consequence=k, consequence_label=TALLBY_K[k].split(" (")[0], risk_value=p * k,
                in_ikp=in_ikp, handling=tail if reason else "", scale=4, risk_value_source="derived"))
    write_csv(stem, "risks", RISK_FIELDS, risks)
    write_csv(stem, "controls", CONTROL_FIELDS, [])
    print(f"built samples/{stem}.pdf")


# --- Bergvik: plural and abbreviated headers, consequence first ----------------------------

BERGVIK_HEADER = ["Verksamhetsområden", "Nr", "Risker", "Kons. (1-5)", "Sannolikh. (1-5)", "Risktal", "Åtg.",
                  "Ansv."]
# area, nr, risk, consequence, probability, risk value, Ja/Nej, responsible
BERGVIK_ROWS = [
    ["Individ- och familjeomsorg", "1", "Utredningar om barn avslutas inte inom fyra månader", "4", "3", "12", "Ja",
     "Enhetschef"],
    ["", "2", "Orosanmälningar registreras inte samma dag", "4", "2", "8", "Ja", "Enhetschef"],
    ["", "3", "Ekonomiskt bistånd betalas ut utan fullständigt underlag", "3", "3", "9", "Ja", "Sektionschef"],
    ["Äldreomsorg", "4", "Fallrisker bedöms inte vid inflyttning på boende", "3", "2", "6", "Nej", "MAS"],
    ["", "5", "Läkemedel delas ut utan signering", "5", "2", "10", "Ja", "MAS"],
    ["", "6", "Hemtjänstens insatser dokumenteras inte", "2", "4", "8", "Nej", "Verksamhetschef"],
    ["Administration", "7", "Allmänna handlingar diarieförs inte", "2", "3", "6", "Nej", "Registrator"],
    ["", "8", "Behörigheter i verksamhetssystemet tas inte bort när anställning upphör", "3", "1", "3", "Nej",
     "Systemförvaltare"],
]


def build_bergvik() -> None:
    stem, organisation, year = "bergvik_2024_riskregister", "Socialnämnden", 2024
    pagesize = landscape(A4)
    style = ParagraphStyle("cell8", fontName="Sans", fontSize=8, leading=9.6)
    layout = Layout(BERGVIK_HEADER, fit_widths(BERGVIK_HEADER, BERGVIK_ROWS, style, 770, grow=(0, 2)), style,
                    merged=(0,))

    def story():
        return [SpacedTitle("Riskregister 2024", "Sans", 13),
                Paragraph("Socialnämnden, Bergviks kommun", BODY), Spacer(1, 8),
                page_table(layout, BERGVIK_ROWS)]

    build_pdf(HERE / f"{stem}.pdf", story, "SN 2024/41", pagesize)
    risks, area = [], ""
    for a, nr, risk, k, p, value, action, responsible in BERGVIK_ROWS:
        area = a or area
        risks.append(expected_risk(stem, 1, organisation, year, process=area, risk_nr=nr, event=risk,
                                   probability=p, consequence=k, risk_value=value,
                                   in_ikp="true" if action == "Ja" else "false", responsible=responsible,
                                   scale=5, risk_value_source="printed"))
    write_csv(stem, "risks", RISK_FIELDS, risks)
    write_csv(stem, "controls", CONTROL_FIELDS, [])
    print(f"built samples/{stem}.pdf")


# --- Ekdala: a header of entirely unknown words --------------------------------------------

EKDALA_HEADER = ["Löpnr", "Ämne", "Vad kan gå fel", "Hur troligt", "Hur illa", "Poäng", "Förklaring", "Vem"]
EKDALA_P = {1: "Osannolikt", 2: "Mindre sannolikt", 3: "Möjlig", 4: "Sannolikt", 5: "Mycket sannolikt"}
EKDALA_K = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig", 5: "Mycket allvarlig"}
# nr, subject, event, probability, consequence, explanation, who
EKDALA_ROWS = [
    ("1", "Gata och park", "Lekplatser besiktas inte enligt plan", 2, 4,
     "Besiktningen är upphandlad men uppföljningen av protokollen saknar rutin.", "Parkchef"),
    ("2", "", "Vinterväghållningen utförs inte enligt avtal", 3, 3,
     "Entreprenörens rapporter granskas sällan under säsongen.", "Gatuchef"),
    ("3", "Vatten och avlopp", "Provtagning av dricksvatten uteblir", 1, 5,
     "Provtagningsschemat hanteras av en person utan ersättare.", "VA-chef"),
    ("4", "", "Avgifter för anslutning debiteras inte", 3, 2,
     "Anslutningar meddelas inte alltid ekonomienheten när de är klara.", "Ekonom"),
    ("5", "Fastigheter", "Brandskyddskontroller dokumenteras inte", 2, 3,
     "Kontrollerna görs men protokollen sparas på olika ställen.", "Fastighetschef"),
    ("6", "", "Hyresavtal förlängs utan prövning av behovet", 4, 2,
     "Avtalen löper vidare automatiskt om ingen säger upp dem i tid.", "Lokalstrateg"),
    ("7", "", "Energiförbrukningen följs inte upp per byggnad", 3, 1,
     "Mätarna läses av men värdena sammanställs inte.", "Driftchef"),
]


def build_ekdala() -> None:
    stem, organisation, year = "ekdala_2025_riskbedomning", "Byggnadsnämnden", 2025
    pagesize = landscape(A4)
    printed = [[nr, subject, event, f"{p}. {EKDALA_P[p]}", f"{k}. {EKDALA_K[k]}", str(p * k), why, who]
               for nr, subject, event, p, k, why, who in EKDALA_ROWS]
    style = ParagraphStyle("cell8", fontName="Sans", fontSize=8, leading=9.6)
    layout = Layout(EKDALA_HEADER, fit_widths(EKDALA_HEADER, printed, style, 770, grow=(2, 6)), style, merged=(1,))

    def story():
        return [Paragraph("Byggnadsnämnden, Ekdala kommun", BODY),
                SpacedTitle("Riskbedömning 2025", "Sans", 13), Spacer(1, 8), page_table(layout, printed)]

    build_pdf(HERE / f"{stem}.pdf", story, "TN 2025/9", pagesize)
    risks, subject = [], ""
    for nr, s, event, p, k, why, who in EKDALA_ROWS:
        subject = s or subject
        risks.append(expected_risk(stem, 1, organisation, year, process=subject, risk_nr=nr, event=event,
                                   probability=p, probability_label=EKDALA_P[p], consequence=k,
                                   consequence_label=EKDALA_K[k], risk_value=p * k, description=why,
                                   responsible=who, flags="scale_inferred", scale=5,
                                   risk_value_source="printed"))
    write_csv(stem, "risks", RISK_FIELDS, risks)
    write_csv(stem, "controls", CONTROL_FIELDS, [])
    print(f"built samples/{stem}.pdf")


def main() -> int:
    build_tallby()
    build_bergvik()
    build_ekdala()
    return 0


if __name__ == "__main__":
    sys.exit(main())
