"""Build the sample PDFs in samples/ the way the districts make them.

Each sample is a Word document written with python-docx and turned into PDF by
LibreOffice (``soffice --headless --convert-to pdf``), like a district's
VoR + internkontrollplan. The table content comes from the hand transcription
of a seed document in ``samples/source/`` (not from riskreg). Next to each PDF
the expected register is written to ``samples/expected/``: the transcription
resolved to register rows (merged cells filled by their meaning, scores split
into number and label), with the page each row starts on found by poppler's
``pdftotext`` (an independent reader, not riskreg).

Run from the repository root (needs LibreOffice, poppler-utils, python-docx):

    python samples/build.py

The PDFs and expected CSVs are committed, so tests never need LibreOffice.
"""
from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
EXPECTED = HERE / "expected"

PROBABILITY = {1: "Osannolikt", 2: "Mindre sannolikt", 3: "Möjlig", 4: "Sannolikt", 5: "Mycket sannolikt"}
CONSEQUENCE = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig", 5: "Mycket allvarlig"}

# Wingdings code points as Word stores them (private use area): a filled square
# and a star. LibreOffice keeps them as private-use characters in the PDF text.
PUA_SQUARE = "\uf06e"
PUA_STAR = "\uf0ab"

VOR_HEADER = ["KF:s mål för verksamhetsområdet", "Process", "Arbetsätt", "Nr", "Oönskad händelse",
              "Sannolikhet", "Konsekvens", "RV", "IKP"]
IKP_HEADER = ["Process", "Arbetsätt", "Systematisk kontroll", "Oönskad händelse", "Kontrollaktivitet"]


@dataclass
class Variant:
    """How one sample differs from the transcription: district, year, type, edits."""

    name: str
    organisation: str
    year: int
    dnr: str
    font: str = "Liberation Sans"
    size: float = 9
    vor_widths: tuple = (4.2, 3.4, 4.4, 0.9, 6.0, 2.4, 2.2, 0.9, 2.2)
    ikp_widths: tuple = (4.0, 4.0, 5.0, 6.0, 7.0)
    # risk_nr -> printed risk value that differs from probability x consequence
    risk_value_typos: dict = field(default_factory=dict)
    # IKP rows (by their true risk_nr) left out of this document's control plan
    drop_controls: tuple = ()
    # the transcription it prints: source/<source>_vor.csv and <source>_ikp.csv
    source: str = "seed000"
    # the header row repeats at the top of each page (Word's "repeat as header row"); either
    # way a row may break across pages (Word's default, "allow row to break across pages")
    repeat_header: bool = True


VARIANTS = [
    Variant("hagersten_liljeholmen_2020", "Hägersten-Liljeholmens stadsdelsnämnd", 2020, "HLJ 2019/1187"),
    Variant("skarholmen_2021", "Skärholmens stadsdelsnämnd", 2021, "SKH 2020/0342",
            font="DejaVu Serif", size=8,
            vor_widths=(3.6, 3.8, 4.8, 1.0, 6.4, 2.6, 2.2, 1.0, 2.0),
            ikp_widths=(3.6, 4.4, 5.4, 6.2, 6.4),
            risk_value_typos={30: 6, 58: 8},
            drop_controls=(24,)),
    Variant("farsta_2022", "Farsta stadsdelsnämnd", 2022, "FAR 2021/0077",
            font="Liberation Serif", size=10,
            vor_widths=(4.0, 3.0, 4.0, 1.0, 5.6, 2.8, 2.6, 1.0, 2.6),
            ikp_widths=(3.6, 3.6, 4.6, 6.4, 7.0),
            risk_value_typos={3: 9}),
    # the next year of the first sample, made by next_year.py (rewordings, rescorings, removals,
    # additions, moves, in and out of the control plan, renumbering)
    Variant("hagersten_liljeholmen_2021", "Hägersten-Liljeholmens stadsdelsnämnd", 2021, "HLJ 2020/1034",
            vor_widths=(4.0, 3.6, 4.4, 0.9, 6.2, 2.4, 2.2, 0.9, 2.0), source="seed000_2021"),
    # the third and fourth years of the chain made by history_chain.py (a process renamed, a risk
    # that leaves and returns, short events reworded, the district renamed in 2023)
    Variant("hagersten_liljeholmen_2022", "Hägersten-Liljeholmens stadsdelsnämnd", 2022, "HLJ 2021/0988",
            vor_widths=(4.1, 3.5, 4.3, 0.9, 6.3, 2.4, 2.2, 0.9, 2.0), source="seed000_2022"),
    Variant("hagersten_alvsjo_2023", "Hägersten-Älvsjö stadsdelsnämnd", 2023, "HÄL 2022/1102",
            vor_widths=(3.9, 3.7, 4.4, 0.9, 6.1, 2.5, 2.2, 0.9, 2.0), source="seed000_2023"),
    # the next year of farsta_2022 by other hand-written edits (next_year.py's FARSTA_2023), never
    # used to choose diff's thresholds: it tests them; the same Word template, its typo carried over
    Variant("farsta_2023", "Farsta stadsdelsnämnd", 2023, "FAR 2022/0093",
            font="Liberation Serif", size=10,
            vor_widths=(4.0, 3.0, 4.0, 1.0, 5.6, 2.8, 2.6, 1.0, 2.6),
            ikp_widths=(3.6, 3.6, 4.6, 6.4, 7.0),
            risk_value_typos={3: 9}, source="seed000_farsta2023"),
    # farsta_2023 in other widths, its rows broken across pages (issue 26): the header row printed
    # once, at the table's start, so a row's rest stands at the top of the next page under no
    # header (on page 9 alone in a box of its own, a goal heading left at the foot of the page
    # above); in smaller type, so that control plan rows break too; and with the header repeated
    Variant("farsta_2023_rows_broken", "Farsta stadsdelsnämnd", 2023, "FAR 2022/0093",
            font="Liberation Serif", size=10,
            vor_widths=(4.0, 3.0, 4.4, 1.0, 5.2, 2.8, 2.6, 1.0, 2.6),
            ikp_widths=(3.6, 4.2, 4.6, 6.0, 6.8),
            risk_value_typos={3: 9}, source="seed000_farsta2023", repeat_header=False),
    Variant("farsta_2023_rows_broken_plan", "Farsta stadsdelsnämnd", 2023, "FAR 2022/0093",
            font="Liberation Serif", size=9.5,
            vor_widths=(4.0, 3.0, 4.4, 1.0, 5.2, 2.8, 2.6, 1.0, 2.6),
            ikp_widths=(3.6, 4.2, 4.6, 6.0, 6.8),
            risk_value_typos={3: 9}, source="seed000_farsta2023", repeat_header=False),
    Variant("farsta_2023_rows_broken_repeated", "Farsta stadsdelsnämnd", 2023, "FAR 2022/0093",
            font="Liberation Serif", size=9,
            vor_widths=(4.0, 3.0, 4.4, 1.0, 5.2, 2.8, 2.6, 1.0, 2.6),
            ikp_widths=(3.6, 4.2, 4.6, 6.0, 6.8),
            risk_value_typos={3: 9}, source="seed000_farsta2023"),
]


# --- reading the transcription -------------------------------------------------

def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def score(text: str) -> tuple[int, str]:
    m = re.match(r"\s*(\d)\.\s*(.+)", text)
    return int(m.group(1)), m.group(2).strip()


def level_colour(value: int) -> RGBColor:
    if value >= 12:
        return RGBColor(0xC0, 0x00, 0x00)
    if value >= 4:
        return RGBColor(0xE0, 0xA0, 0x00)
    return RGBColor(0x00, 0x90, 0x30)


# --- docx helpers --------------------------------------------------------------

def set_widths(table, widths_cm) -> None:
    """Column widths on the grid and on every cell: LibreOffice reads the grid."""
    for c, w in enumerate(widths_cm):
        table.columns[c].width = Cm(w)
        for cell in table.columns[c].cells:
            cell.width = Cm(w)


def repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def add_field(paragraph, instr: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def letter_spaced(paragraph, text: str, twips: int = 60, size: float = 16) -> None:
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twips))
    run._r.get_or_add_rPr().append(spacing)


def write_cell(cell, text: str, size: float, bold: bool = False) -> None:
    p = cell.paragraphs[0]
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def merge_down(table, col: int, groups: list[tuple[int, int]]) -> None:
    """Vertically merge table cells of one column, for each (first, last) row range."""
    for first, last in groups:
        if last > first:
            table.cell(first, col).merge(table.cell(last, col))


def merge_groups(values: list[str], starts: list[bool]) -> list[tuple[int, int]]:
    """Row ranges (offset 1 for the header) that share one merged cell.

    A row starts a new cell where it has a value or where ``starts`` says a
    higher-level cell (goal, process) starts there; blanks below continue it.
    """
    groups, first = [], None
    for i, (value, start) in enumerate(zip(values, starts)):
        if value or start or first is None:
            if first is not None:
                groups.append((first + 1, i))
            first = i
    if first is not None:
        groups.append((first + 1, len(values)))
    return groups


# --- the document ----------------------------------------------------------------

def front_matter(doc: Document, v: Variant, summary: str) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    for text in ["Handläggare", "Lena Larsen", "Telefon: 08-508-220-23", "Till", v.organisation]:
        doc.add_paragraph(text)
    letter_spaced(doc.add_paragraph(), "Väsentlighets- och riskanalys samt internkontrollplan")
    letter_spaced(doc.add_paragraph(), v.organisation, size=14)
    doc.add_paragraph("Innehållsförteckning")
    for line in ["Inledning\t3", "Beskrivning av arbetet med intern kontroll\t4",
                 "Väsentlighets- och riskanalys\t6",
                 "Internkontrollplan.....\tFel! Bokmärket är inte definierat."]:
        doc.add_paragraph(line)
    doc.add_paragraph("Inledning")
    doc.add_paragraph(
        "Nämnden ska årligen fastställa en internkontrollplan för att följa upp att systemet för "
        "intern kontroll fungerar tillfredsställande inom nämndens verksamhetsområden. "
        f"Internkontrollplan {v.year} är baserad på en aktuell väsentlighets- och riskanalys. "
        f"Återrapportering sker i samband med verksamhetsberättelse {v.year}.")
    doc.add_paragraph(f"Framtagande av internkontrollplan {v.year}")
    doc.add_paragraph(
        "I riskmatrisen nedan syns alla oönskade händelser i VoR:en. Alla som har en stjärna ★ samt "
        "en metod för kontroll av systematiska kontroller finns även i Internkontrollplanen längre "
        "ner i rapporten.")
    legend = doc.add_table(rows=6, cols=3)
    legend.style = "Table Grid"
    for c, text in enumerate(["", "Sannolikhet", "Konsekvens"]):
        write_cell(legend.cell(0, c), text, v.size, bold=True)
    for r, n in enumerate(range(5, 0, -1), start=1):
        write_cell(legend.cell(r, 0), str(n), v.size)
        write_cell(legend.cell(r, 1), PROBABILITY[n], v.size)
        write_cell(legend.cell(r, 2), CONSEQUENCE[n], v.size)
    doc.add_paragraph(summary)


def landscape_section(doc: Document, v: Variant):
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    for s in doc.sections:
        s.left_margin = s.right_margin = Cm(1.5)
        s.top_margin = s.bottom_margin = Cm(1.8)
    return sec


def header_footer(doc: Document, v: Variant) -> None:
    dnr_and_page_numbers(doc.sections[0], v.dnr)


def dnr_and_page_numbers(sec, dnr: str) -> None:
    """The section's header says "Dnr ...", its footer "Sida N (M)" (Word fields)."""
    sec.header.paragraphs[0].text = f"Dnr {dnr}"
    p = sec.footer.paragraphs[0]
    p.add_run("Sida ")
    add_field(p, "PAGE")
    p.add_run(" (")
    add_field(p, "NUMPAGES")
    p.add_run(")")


def vor_table(doc: Document, v: Variant, risks: list[dict]) -> None:
    doc.add_paragraph("Väsentlighets- och riskanalys").runs[0].bold = True
    t = doc.add_table(rows=1 + len(risks), cols=len(VOR_HEADER))
    t.style = "Table Grid"
    t.autofit = False
    for c, text in enumerate(VOR_HEADER):
        cell = t.cell(0, c)
        write_cell(cell, text, v.size, bold=True)
        shade(cell, "D9D9D9")
    if v.repeat_header:
        repeat_as_header(t.rows[0])
    for i, r in enumerate(risks, start=1):
        cells = t.rows[i].cells
        for c, key in enumerate(["goal", "process", "working_method", "risk_nr"]):
            if r[key]:
                write_cell(cells[c], r[key], v.size)
        p = cells[4].paragraphs[0]
        value = int(r["printed_risk_value"])
        if r["marker"]:
            glyph = p.add_run("■ " if r["marker"] == "square" else PUA_SQUARE + " ")
            glyph.font.color.rgb = level_colour(value)
            glyph.font.size = Pt(v.size)
            if r["marker"] == "pua":
                glyph.font.name = "Wingdings"
        run = p.add_run(r["event"])
        run.font.size = Pt(v.size)
        write_cell(cells[5], r["probability"], v.size)
        write_cell(cells[6], r["consequence"], v.size)
        write_cell(cells[7], str(value), v.size)
        ikp = {"nej": "Nej, endast VoR", "star": "★", "star_pua": PUA_STAR}[r["ikp"]]
        write_cell(cells[8], ikp, v.size)
        if r["ikp"] == "star_pua":
            cells[8].paragraphs[0].runs[0].font.name = "Wingdings"
    set_widths(t, v.vor_widths)
    goal_start = [bool(r["goal"]) for r in risks]
    process_start = [g or bool(r["process"]) for g, r in zip(goal_start, risks)]
    merge_down(t, 0, merge_groups([r["goal"] for r in risks], [False] * len(risks)))
    merge_down(t, 1, merge_groups([r["process"] for r in risks], goal_start))
    merge_down(t, 2, merge_groups([r["working_method"] for r in risks], process_start))


def ikp_tables(doc: Document, v: Variant, controls: list[dict]) -> None:
    doc.add_paragraph("Internkontrollplan").runs[0].bold = True
    goals = []
    for c in controls:
        if not goals or goals[-1][0] != c["goal"]:
            goals.append((c["goal"], []))
        goals[-1][1].append(c)
    for goal, rows in goals:
        doc.add_paragraph(goal)
        t = doc.add_table(rows=1 + len(rows), cols=len(IKP_HEADER))
        t.style = "Table Grid"
        t.autofit = False
        for c, text in enumerate(IKP_HEADER):
            write_cell(t.cell(0, c), text, v.size, bold=True)
            shade(t.cell(0, c), "D9D9D9")
        if v.repeat_header:
            repeat_as_header(t.rows[0])
        keys = ["process", "working_method", "systematic_control", "event_as_printed", "control_activity"]
        for i, r in enumerate(rows, start=1):
            for c, key in enumerate(keys):
                if r[key]:
                    write_cell(t.cell(i, c), r[key], v.size)
        set_widths(t, v.ikp_widths)
        process_start = [bool(r["process"]) for r in rows]
        method_start = [p or bool(r["working_method"]) for p, r in zip(process_start, rows)]
        merge_down(t, 0, merge_groups([r["process"] for r in rows], [False] * len(rows)))
        merge_down(t, 1, merge_groups([r["working_method"] for r in rows], process_start))
        merge_down(t, 2, merge_groups([r["systematic_control"] for r in rows], method_start))


def build_docx(v: Variant, risks: list[dict], controls: list[dict], path: Path) -> None:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = v.font
    style.font.size = Pt(10)
    values = [int(r["printed_risk_value"]) for r in risks]
    summary = (f"{sum(x >= 12 for x in values)} Kritisk {sum(4 <= x < 12 for x in values)} Medium "
               f"{sum(x <= 3 for x in values)} Låg Totalt: {len(values)}")
    front_matter(doc, v, summary)
    header_footer(doc, v)
    landscape_section(doc, v)
    vor_table(doc, v, risks)
    ikp_tables(doc, v, controls)
    doc.save(path)


def to_pdf(docx: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                       check=True, capture_output=True)
    return out_dir / (docx.stem + ".pdf")


# --- expected registers ----------------------------------------------------------

def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return out.split("\f")


def first_words(text: str, n: int = 2) -> str:
    return " ".join(text.split()[:n])


def locate_pages(pages: list[str], keys: list[str], start_marker: str) -> list[int]:
    """Page (1-based) of each key, searching forward in document order.

    Keys are the first words of each row's first cell line; each search starts
    where the previous one matched, so repeated texts are found in order.
    """
    page = next(i for i, p in enumerate(pages) if start_marker in p)
    pos = pages[page].index(start_marker)
    found = []
    for key in keys:
        # glyphs (■, private-use squares) may stand between the words
        pattern = re.compile(r"(?<![\w.])" + r"[\W\s]+".join(map(re.escape, key.split())))
        while True:
            m = pattern.search(pages[page], pos)
            if m:
                pos = m.end()
                found.append(page + 1)
                break
            page, pos = page + 1, 0
            if page >= len(pages):
                raise SystemExit(f"could not locate {key!r} in the PDF text")
    return found


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


def split_goal(goal: str) -> tuple[str, str]:
    m = re.match(r"(\d+(?:\.\d+)*)\.?\s+(.*)", goal)
    return m.group(1), m.group(2)


def expected_flags(product: int, printed_value: int, in_ikp: bool, has_control: bool) -> list[str]:
    """What riskreg's validation must flag on a seed 000 row, by the rules in DOMAIN.md."""
    flags = []
    if product != printed_value:
        flags.append("risk_value_mismatch")
    if in_ikp and not has_control:
        flags.append("in_ikp_but_no_control")
    if not in_ikp and has_control:
        flags.append("control_but_not_in_ikp")
    return flags


def expected_registers(v: Variant, pdf: Path, risks: list[dict], controls: list[dict]) -> None:
    pages = page_texts(pdf)
    risk_pages = locate_pages(pages, [r["risk_nr"] + " " + first_words(r["event"], 1) for r in risks],
                              "Arbetsätt")
    control_pages = locate_pages(pages, [first_words(c["event_as_printed"]) for c in controls],
                                 "Kontrollaktivitet")
    linked = {c["risk_nr"] for c in controls}
    filled = resolve_merged(risks, ["goal", "process", "working_method"])
    risk_rows = []
    for r, page in zip(filled, risk_pages):
        p, p_label = score(r["probability"])
        k, k_label = score(r["consequence"])
        value = int(r["printed_risk_value"])
        in_ikp = r["ikp"] != "nej"
        flags = expected_flags(p * k, value, in_ikp, r["risk_nr"] in linked)
        goal_id, goal = split_goal(r["goal"])
        risk_rows.append(dict(
            source_file=pdf.name, page=page, organisation=v.organisation, year=v.year,
            goal_id=goal_id, goal=goal, process=r["process"], working_method=r["working_method"],
            risk_nr=r["risk_nr"], event=r["event"], probability=p, probability_label=p_label,
            consequence=k, consequence_label=k_label, risk_value=value,
            in_ikp="true" if in_ikp else "false", handling="", status="", measure="",
            description="", responsible="", flags=";".join(flags)))
    control_rows = []
    filled_c = resolve_merged(controls, ["process", "working_method", "systematic_control"])
    for c, page in zip(filled_c, control_pages):
        m = re.match(r"^(\d{1,2})\s+(.*)$", c["event_as_printed"]) or \
            re.match(r"^(.*?)\s+(\d{1,2})$", c["event_as_printed"])
        if m and m.group(1).isdigit():
            value, event = m.group(1), m.group(2)
        elif m:
            event, value = m.group(1), m.group(2)
        else:
            event, value = c["event_as_printed"], ""
        goal_id, _ = split_goal(c["goal"])
        control_rows.append(dict(
            source_file=pdf.name, page=page, organisation=v.organisation, year=v.year,
            goal_id=goal_id, process=c["process"], working_method=c["working_method"],
            systematic_control=c["systematic_control"], event=event, risk_value=value,
            control_activity=c["control_activity"], risk_nr=c["risk_nr"]))
    EXPECTED.mkdir(exist_ok=True)
    for name, rows in [("risks", risk_rows), ("controls", control_rows)]:
        with (EXPECTED / f"{pdf.stem}.{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


def apply_variant(v: Variant, risks: list[dict], controls: list[dict]):
    out = []
    for r in risks:
        value = v.risk_value_typos.get(int(r["risk_nr"]), int(r["risk_value"]))
        out.append({**r, "printed_risk_value": str(value)})
    kept = [c for c in controls if int(c["risk_nr"]) not in v.drop_controls]
    # a dropped row's merged cells pass to the next row of the same table
    for i, c in enumerate(controls):
        if int(c["risk_nr"]) in v.drop_controls and i + 1 < len(controls):
            nxt = controls[i + 1]
            if nxt["goal"] == c["goal"]:
                for k in ("process", "working_method", "systematic_control"):
                    if not nxt[k]:
                        nxt[k] = c[k]
                    else:
                        break
    return out, kept


def main(argv: list[str]) -> int:
    for tool in ("soffice", "pdftotext"):
        if not shutil.which(tool):
            print(f"{tool} is needed: apt-get install libreoffice-writer-nogui poppler-utils")
            return 1
    names = set(argv[1:])
    for v in VARIANTS:
        if names and v.name not in names:
            continue
        risks = read_csv(SOURCE / f"{v.source}_vor.csv")
        controls = [dict(c) for c in read_csv(SOURCE / f"{v.source}_ikp.csv")]
        risks, controls = apply_variant(v, risks, controls)
        with tempfile.TemporaryDirectory() as tmp:
            docx = Path(tmp) / f"{v.name}.docx"
            build_docx(v, risks, controls, docx)
            pdf = to_pdf(docx, Path(tmp))
            target = HERE / pdf.name
            shutil.copy(pdf, target)
        expected_registers(v, target, risks, controls)
        print(f"built {target.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
