"""Build the samples of templates that are not Stockholm's, the way a municipality makes them.

Both municipalities are invented; their tables are written the way the plans of
other Swedish municipalities open (DOMAIN.md, "Beyond Stockholm's template"):

- ``sjovik_2024_internkontrollplan``: Socialnämnden in Sjöviks kommun. Portrait
  A4, one ruled table holding each risk and its control: *Process/område, Risk,
  S (1-4), K (1-4), Riskvärde, Till plan, Kontrollmoment, Metod, Frekvens,
  Ansvarig, Rapporteras till*. Scores are bare numbers on a 1-4 scale, *Till
  plan* is ✓ or blank, only the risks taken into the plan have control cells
  (one taken in has none), risks carry no numbers, the process is printed once
  for the rows under it, and the table goes on over a page with its header
  repeated. ``sjovik_2024_internkontrollplan_unruled`` is the same pages drawn with no ruling
  lines but one under each header row.
- ``norrberg_2025_internkontrollplan``: Utbildningsnämnden in Norrbergs kommun.
  Landscape A4, scores in words (*Låg / Medel / Hög*) on a 1-3 scale whose
  numbers only the legend line above the table gives, *Risktal*, *Åtgärd
  (Ja/Nej)*, *Kontrollaktivitet, Frekvens, Rapportering*, and a column riskreg
  has no field for (*Kommentar*).

- ``tests/fixtures/exempelby_2024_riskanalys.pdf``: a made-up layout no built-in template
  knows (*Löpnummer, Verksamhetsområde, Identifierad fara, Förklaring, Trolighet, Skadegrad,
  Riskpoäng, Med i plan, Så kontrollerar vi, Arbetsgång, Hur ofta, Kontrollant, Mottagare*),
  read in the CLI test with the example template of docs/templates.md. It lives among the test fixtures, not
  the samples: without its template it is no register.

The expected registers (``samples/expected/<stem>.*.csv``) are written by hand
from the rows below and checked against the PDFs (pdftoppm); this script does
not write them.

Run from the repository root (needs reportlab and the DejaVu fonts):

    python samples/build_templates.py
"""
from __future__ import annotations

import sys

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Paragraph, Spacer

from build_reportlab import HERE, Layout, SpacedTitle, build_pdf, escape, page_table, paginate

def fit_widths(header: list[str], rows: list[list[str]], style: ParagraphStyle, total: float,
               grow: tuple[int, ...]) -> list[float]:
    """Column widths that fit every word whole (a narrow column breaking words is another
    sample's subject), the room left shared by the ``grow`` columns."""
    widths = []
    for i, head in enumerate(header):
        words = head.split() + [w for r in rows for w in r[i].split()]
        widths.append(max(stringWidth(w, style.fontName, style.fontSize) for w in words) + 8)
    spare = total - sum(widths)
    if spare < 0:
        raise ValueError(f"the columns need {sum(widths):.0f} pt, the page has {total}")
    return [w + (spare / len(grow) if i in grow else 0) for i, w in enumerate(widths)]


# --- Sjövik: risk and control in one portrait table, 1-4 -----------------------------

SJOVIK_HEADER = ["Process/område", "Risk", "S (1-4)", "K (1-4)", "Riskvärde", "Till plan",
                 "Kontrollmoment", "Metod", "Frekvens", "Ansvarig", "Rapporteras till"]
# process, risk, S, K, risk value, till plan, control, method, frequency, responsible, report to
SJOVIK_ROWS = [
    ["Ekonomi", "Felaktiga utbetalningar av ekonomiskt bistånd", "3", "3", "9", "✓",
     "Kontroll av att beslut finns för varje utbetalning", "Stickprov 20 akter", "2 ggr/år",
     "Enhetschef ekonomiskt bistånd", "Socialnämnden"],
    ["", "Attest sker utan behörighet", "2", "3", "6", "", "", "", "", "", ""],
    ["", "Leverantörsfakturor betalas dubbelt", "2", "2", "4", "", "", "", "", "", ""],
    ["Myndighetsutövning", "Utredningar inom barn och unga avslutas inte inom lagstadgad tid", "4", "3",
     "12", "✓", "Uppföljning av utredningstider", "Systemuttag", "Månadsvis", "Verksamhetschef IFO",
     "Socialnämndens arbetsutskott"],
    ["", "Orosanmälningar förhandsbedöms inte inom 14 dagar", "3", "4", "12", "✓",
     "Kontroll av tid från anmälan till beslut", "Systemuttag", "Kvartalsvis", "Enhetschef mottagning",
     "Socialnämnden"],
    ["", "Beslut verkställs inte inom tre månader", "2", "4", "8", "✓",
     "Genomgång av ej verkställda beslut", "Komplett", "Kvartalsvis", "Verksamhetschef äldreomsorg",
     "Socialnämnden"],
    ["", "Dokumentation saknas i akt", "3", "2", "6", "", "", "", "", "", ""],
    ["Personal och arbetsmiljö", "Hög sjukfrånvaro inom hemtjänsten", "3", "2", "6", "", "", "", "", "", ""],
    ["", "Bemanning saknas under semesterperioden", "3", "3", "9", "✓", "", "", "", "", ""],
    ["", "Registerkontroll görs inte vid anställning", "2", "4", "8", "✓",
     "Kontroll av utdrag ur polisens register", "Stickprov 10 anställningar", "1 gång/år",
     "HR-specialist", "Ledningsgruppen"],
    ["IT-säkerhet", "Obehöriga tar del av uppgifter under sekretess", "2", "4", "8", "✓",
     "Loggkontroll i journalsystemet", "Stickprov", "Månadsvis", "Systemförvaltare", "Socialnämnden"],
    ["", "Behörigheter tas inte bort när anställning upphör", "3", "3", "9", "✓",
     "Avstämning av behörigheter mot personallista", "Systemuttag", "2 ggr/år", "Systemförvaltare",
     "Ledningsgruppen"],
    ["", "Incidenter med personuppgifter anmäls inte", "1", "4", "4", "", "", "", "", "", ""],
    ["", "E-post med känsliga uppgifter skickas okrypterat", "2", "3", "6", "", "", "", "", "", ""],
]


def build_sjovik(ruled: bool = True) -> None:
    stem = "sjovik_2024_internkontrollplan" + ("" if ruled else "_unruled")
    style = ParagraphStyle("cell", fontName="Sans", fontSize=6, leading=7.2)
    body = ParagraphStyle("body", fontName="Sans", fontSize=9, leading=12)
    pagesize = A4
    layout = Layout(SJOVIK_HEADER, fit_widths(SJOVIK_HEADER, SJOVIK_ROWS, style, 523, grow=(1, 6, 9)), style,
                    merged=(0,), ruled=ruled)
    frame = pagesize[1] - 44 - 40 - 12
    pages = paginate(layout, SJOVIK_ROWS, 330, frame)

    def story():
        out = [SpacedTitle("Internkontrollplan 2024", "Sans", 14),
               Paragraph("Socialnämnden, Sjöviks kommun", body), Spacer(1, 6),
               Paragraph("Riskerna bedöms efter sannolikhet (S) och konsekvens (K) på en skala 1-4. "
                         "Riskvärde = S × K. Risker med riskvärde 8 eller högre förs till planen, "
                         "och för dem anges kontrollmoment, metod, frekvens och ansvar.", body),
               Spacer(1, 10)]
        for i, rows in enumerate(pages):
            if i:
                out.append(PageBreak())
            out.append(page_table(layout, rows))
        out += [Spacer(1, 12), Paragraph("Beslutad av socialnämnden 2023-12-14.", body)]
        return out

    build_pdf(HERE / f"{stem}.pdf", story, "SN 2023/412", pagesize)
    print(f"built samples/{stem}.pdf: {[len(p) for p in pages]} rows per page")


# --- Norrberg: words for scores on a 1-3 scale, landscape -----------------------------

NORRBERG_HEADER = ["Nr", "Verksamhet", "Riskbeskrivning", "Sannolikhet", "Konsekvens", "Risktal",
                   "Åtgärd (Ja/Nej)", "Kontrollaktivitet", "Frekvens", "Rapportering", "Kommentar"]
NORRBERG_ROWS = [
    ["1", "Grundskola", "Elever får inte det särskilda stöd de har rätt till", "Hög", "Hög", "9", "Ja",
     "Granskning av åtgärdsprogram", "Varje termin", "Nämnden", "Ny risk 2025"],
    ["2", "", "Kränkande behandling anmäls inte till huvudmannen", "Medel", "Hög", "6", "Ja",
     "Jämförelse av anmälningar mot elevhälsans ärenden", "Kvartalsvis", "Nämnden", ""],
    ["3", "", "Betyg sätts inte enligt gällande regler", "Låg", "Hög", "3", "Nej", "", "", "",
     "Följs upp i rapporten om kvalitet"],
    ["4", "", "Frånvaro följs inte upp", "Medel", "Medel", "4", "Nej", "", "", "", ""],
    ["5", "Förskola", "Barngruppernas storlek överstiger riktmärket", "Hög", "Medel", "6", "Ja",
     "Uppföljning av barngruppernas storlek", "2 ggr/år", "Förvaltningen", ""],
    ["6", "", "Allergikost serveras inte", "Låg", "Hög", "3", "Nej", "", "", "", ""],
    ["7", "Skolskjuts", "Skolskjuts upphandlas inte enligt LOU", "Medel", "Medel", "4", "Nej", "", "", "", ""],
    ["8", "", "Elever med rätt till skolskjuts får den inte", "Låg", "Medel", "2", "Nej", "", "", "",
     "Inga klagomål 2024"],
    ["9", "Ekonomi", "Budget för undervisning i modersmål överskrids", "Hög", "Medel", "6", "Ja",
     "Månadsuppföljning av kostnader", "Månadsvis", "Nämnden", ""],
    ["10", "", "Avgifter faktureras inte", "Medel", "Låg", "2", "Nej", "", "", "", ""],
]


def build_norrberg() -> None:
    stem = "norrberg_2025_internkontrollplan"
    style = ParagraphStyle("cell", fontName="Sans", fontSize=8, leading=9.6)
    body = ParagraphStyle("body", fontName="Sans", fontSize=9, leading=12)
    pagesize = landscape(A4)
    layout = Layout(NORRBERG_HEADER, fit_widths(NORRBERG_HEADER, NORRBERG_ROWS, style, 770, grow=(2, 7, 10)),
                    style, merged=(1,))
    frame = pagesize[1] - 44 - 40 - 12
    pages = paginate(layout, NORRBERG_ROWS, frame - 110, frame - 10)

    def story():
        out = [Paragraph("Utbildningsnämnden, Norrbergs kommun", body),
               SpacedTitle("Riskanalys och internkontrollplan 2025", "Sans", 13), Spacer(1, 6),
               Paragraph(escape("Bedömningsskala: Låg = 1, Medel = 2, Hög = 3. Risktal = sannolikhet × "
                                "konsekvens. Risker med risktal 6 eller högre åtgärdas i planen."), body),
               Spacer(1, 10)]
        for i, rows in enumerate(pages):
            if i:
                out.append(PageBreak())
            out.append(page_table(layout, rows))
        return out

    build_pdf(HERE / f"{stem}.pdf", story, "UN 2024/77", pagesize)
    print(f"built samples/{stem}.pdf: {[len(p) for p in pages]} rows per page")


# --- Exempelby: a layout only a user's template names ----------------------------------

EXEMPELBY_HEADER = ["Löpnummer", "Verksamhetsområde", "Identifierad fara", "Förklaring", "Trolighet",
                    "Skadegrad", "Riskpoäng", "Med i plan", "Så kontrollerar vi", "Arbetsgång", "Hur ofta",
                    "Kontrollant", "Mottagare"]
EXEMPELBY_ROWS = [
    ["1", "Hemtjänst", "Fel läkemedel ges", "Signeringslistor saknas", "2", "4", "8", "Ja",
     "Granskning av signeringslistor", "Stickprov", "Kvartalsvis", "Sjuksköterska", "Nämnden"],
    ["2", "", "Insatser utförs inte", "Planerade besök uteblir", "3", "3", "9", "Ja",
     "Jämförelse av planerad och utförd tid", "Systemuttag", "Månadsvis", "Enhetschef", "Nämnden"],
    ["3", "", "Nyckelhantering brister", "Nycklar kvitteras inte", "2", "2", "4", "Nej",
     "", "", "", "", ""],
    ["4", "Särskilt boende", "Fallolyckor", "Riskbedömning saknas", "3", "2", "6", "Nej", "", "", "", "", ""],
    ["5", "", "Brand", "Brandskyddskontroll görs inte", "1", "4", "4", "Ja",
     "Kontroll av brandskyddsronder", "Komplett", "2 ggr/år", "Förvaltare", "Förvaltningschef"],
]


def build_exempelby() -> None:
    stem = "exempelby_2024_riskanalys"
    style = ParagraphStyle("cell", fontName="Sans", fontSize=7, leading=8.4)
    body = ParagraphStyle("body", fontName="Sans", fontSize=9, leading=12)
    pagesize = landscape(A4)
    layout = Layout(EXEMPELBY_HEADER, fit_widths(EXEMPELBY_HEADER, EXEMPELBY_ROWS, style, 770, grow=(2, 3, 8)),
                    style, merged=(1,))

    def story():
        return [Paragraph("Omsorgsnämnden, Exempelby kommun", body),
                Paragraph("Riskanalys 2024", body), Spacer(1, 8),
                page_table(layout, EXEMPELBY_ROWS)]

    target = HERE.parent / "tests" / "fixtures" / f"{stem}.pdf"
    build_pdf(target, story, "ON 2024/5", pagesize)
    print(f"built tests/fixtures/{stem}.pdf")


def main() -> int:
    build_sjovik()
    build_sjovik(ruled=False)
    build_norrberg()
    build_exempelby()
    return 0


if __name__ == "__main__":
    sys.exit(main())
