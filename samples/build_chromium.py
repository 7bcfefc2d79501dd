"""Build a sample printed by Chromium: an HTML register, its table rows broken across pages.

- ``farsta_2023_chromium``: farsta 2023's VoR and internkontrollplan (the transcription
  ``samples/source/seed000_farsta2023_*.csv``, as ``build.py`` prints it for farsta_2023) as
  an HTML page with ruled tables, printed with ``chromium --headless --print-to-pdf``. The
  header is a plain first row (no ``<thead>``), so it is printed once, at the table's start;
  Chromium breaks a row that does not fit at the page end and prints its rest at the top of
  the next page, inside the column rules but under no rule of its own. A merged column
  prints its text in its first row and leaves the rows below blank, as an export does (a
  ``rowspan`` cell broken over pages is drawn by Chromium with no rule at either end of the
  page's part, which no ruled-table reader closes: left for another sample).

The expected register comes from the transcription (never from riskreg), resolved to
register rows and located on its pages by poppler's ``pdftotext`` as ``build.py`` does.

Run from the repository root (needs chromium and poppler-utils):

    python samples/build_chromium.py
"""
from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from build import HERE, IKP_HEADER, SOURCE, VOR_HEADER, Variant, apply_variant, expected_registers, read_csv

VARIANT = Variant("farsta_2023_chromium", "Farsta stadsdelsnämnd", 2023, "FAR 2022/0093",
                  risk_value_typos={3: 9}, source="seed000_farsta2023")
VOR_WIDTHS = [13, 16, 15, 3.5, 17, 10, 10, 3.5, 12]  # per cent of the page's width
IKP_WIDTHS = [17, 18, 18, 23, 24]
LEVEL_COLOURS = [(12, "#c00000"), (4, "#e0a000"), (0, "#009030")]

STYLE = """
@page { size: A4 landscape; margin: 16mm 14mm; }
body { font-family: "Liberation Sans", sans-serif; font-size: 8pt; font-kerning: none; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin-bottom: 8pt; }
td { border: 0.75pt solid #000; padding: 2pt 5.4pt; vertical-align: top; }
tr.header td { font-weight: bold; background: #d9d9d9; }
h1 { font-size: 14pt; } h2 { font-size: 11pt; } p.goal { font-size: 10pt; margin: 10pt 0 4pt; }
"""


def _cell(text: str) -> str:
    return f"<td>{html.escape(text)}</td>"


def _header(names: list[str], widths: list[float]) -> str:
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    return f"<colgroup>{cols}</colgroup><tr class=\"header\">" + "".join(_cell(h) for h in names) + "</tr>"


def vor_table(risks: list[dict]) -> str:
    rows = []
    for r in risks:
        value = int(r["printed_risk_value"])
        merged = "".join(_cell(r[k]) for k in ("goal", "process", "working_method"))
        colour = next(c for bound, c in LEVEL_COLOURS if value >= bound)
        marker = f'<span style="color:{colour}">\u25a0</span> ' if r["marker"] else ""
        ikp = "Nej, endast VoR" if r["ikp"] == "nej" else "\u2605"
        rows.append(f"<tr>{merged}{_cell(r['risk_nr'])}<td>{marker}{html.escape(r['event'])}</td>"
                    f"{_cell(r['probability'])}{_cell(r['consequence'])}{_cell(str(value))}{_cell(ikp)}</tr>")
    return f"<table>{_header(VOR_HEADER, VOR_WIDTHS)}{''.join(rows)}</table>"


def ikp_tables(controls: list[dict]) -> str:
    goals: list[tuple[str, list[dict]]] = []
    for c in controls:
        if not goals or goals[-1][0] != c["goal"]:
            goals.append((c["goal"], []))
        goals[-1][1].append(c)
    out = []
    for goal, rows in goals:
        body = "".join("<tr>" + "".join(_cell(r[k]) for k in ("process", "working_method", "systematic_control"))
                       + _cell(r["event_as_printed"]) + _cell(r["control_activity"]) + "</tr>" for r in rows)
        out.append(f'<p class="goal">{html.escape(goal)}</p><table>{_header(IKP_HEADER, IKP_WIDTHS)}{body}</table>')
    return "".join(out)


def page(v: Variant, risks: list[dict], controls: list[dict]) -> str:
    intro = (f"Dnr {v.dnr}</p><p>Till {html.escape(v.organisation)}</p>"
             f"<h1>Väsentlighets- och riskanalys samt internkontrollplan {v.year}</h1>"
             f"<p>Nämnden ska årligen fastställa en internkontrollplan. Internkontrollplan {v.year} "
             "är baserad på en aktuell väsentlighets- och riskanalys.")
    return (f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><style>{STYLE}</style></head>'
            f"<body><p>{intro}</p><h2>Väsentlighets- och riskanalys</h2>{vor_table(risks)}"
            f"<h2>Internkontrollplan</h2>{ikp_tables(controls)}</body></html>")


def print_pdf(source: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                        "--no-pdf-header-footer", f"--print-to-pdf={target}", source.as_uri()],
                       check=True, capture_output=True)


def main() -> int:
    for tool in ("chromium", "pdftotext"):
        if not shutil.which(tool):
            print(f"{tool} is needed: apt-get install chromium poppler-utils")
            return 1
    v = VARIANT
    risks = read_csv(SOURCE / f"{v.source}_vor.csv")
    controls = [dict(c) for c in read_csv(SOURCE / f"{v.source}_ikp.csv")]
    risks, controls = apply_variant(v, risks, controls)
    target = HERE / f"{v.name}.pdf"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{v.name}.html"
        source.write_text(page(v, risks, controls), encoding="utf-8")
        print_pdf(source, target)
    expected_registers(v, target, risks, controls)
    print(f"built {target.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
