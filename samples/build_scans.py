"""Scanned twins of digital samples: what a register looks like printed and scanned back.

Each page of the digital sample is rendered (pypdfium2, grayscale) at a scanner's
resolution, turned by a fraction of a degree, blurred a little, speckled with dust,
and compressed as JPEG; the pages are wrapped as an image-only PDF (Pillow). The
random seeds are fixed, so the same files come out every time. A twin's expected
register is its digital sample's (samples/expected/NAME.*.csv).

One more sample is what a user gets who follows the old advice and runs a scan through
ocrmypdf: the page image with an invisible text layer and no drawn lines
(``enskede_2023_ruled_ocrmypdf.pdf``: the first two pages of the enskede twin; its
expected rows are the digital sample's rows on those pages). Building it needs ocrmypdf
(the ``bench`` extra) and Tesseract with Swedish data.

    python samples/build_scans.py            # writes samples/scanned/*.pdf
    python samples/build_scans.py NAME ...   # only these twins
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

HERE = Path(__file__).resolve().parent
OUT = HERE / "scanned"

# name of the digital sample -> (dpi, degrees turned, blur radius in pixels, JPEG quality, seed)
TWINS = {
    "kungsholmen_2017_uppfoljning": (250, 0.4, 0.6, 35, 2017),
    "enskede_2023_ruled": (200, -0.3, 0.5, 35, 2023),
    # printed without ruling lines (the alignment reader's), in 6 pt type: a finer scan
    "sjovik_2024_internkontrollplan_unruled": (300, 0.25, 0.6, 40, 2024),
    # a whole register with its control plan, rows broken across pages (issue 27's scan: 200 dpi,
    # turned, speckled, JPEG), in 9.5 pt type and turned more than the others
    "farsta_2023_rows_broken_plan": (200, 0.6, 0.5, 35, 2027),
}


def scan_page(page: pdfium.PdfPage, dpi: int, degrees: float, blur: float,
              rng: np.random.Generator) -> Image.Image:
    """One page as a scanner gives it: gray, slightly turned, soft, with dust."""
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    image = image.rotate(degrees, resample=Image.BICUBIC, expand=False, fillcolor=255)
    # paper grain, softened with the print by the scanner's optics
    pixels = np.asarray(image, dtype=np.int16) + rng.normal(0, 4, image.size[::-1]).round().astype(np.int16)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L").filter(
        ImageFilter.GaussianBlur(blur))
    pixels = np.asarray(image, dtype=np.int16)
    # dust: a few dark specks and a few white dropouts
    specks = rng.random(pixels.shape)
    pixels[specks < 0.0006] = 40
    pixels[specks > 0.9997] = 255
    # a scanner's paper is never quite white
    pixels = np.clip(pixels * 0.94 + 8, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels, mode="L")


def build(name: str, dpi: int, degrees: float, blur: float, quality: int, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(HERE / f"{name}.pdf")
    pages = []
    for i in range(len(doc)):
        image = scan_page(doc[i], dpi, degrees, blur, rng)
        # compress each page as JPEG once; the PDF embeds those bytes (DCTDecode)
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=quality)
        pages.append(Image.open(io.BytesIO(buf.getvalue())))
    doc.close()
    OUT.mkdir(exist_ok=True)
    out = OUT / f"{name}_scan.pdf"
    fixed = time.strptime("2026-01-01", "%Y-%m-%d")  # the same bytes on every build
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:], quality=quality,
                  creationDate=fixed, modDate=fixed)
    return out


# the ocrmypdf-style sample: (twin, pages (0-based) taken from it)
OCRMYPDF = ("enskede_2023_ruled", [0, 1])


def build_ocrmypdf(name: str, pages: list[int]) -> Path:
    """The twin's pages run through ocrmypdf: image plus invisible text, no drawn lines."""
    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / "pages.pdf"
        some = pdfium.PdfDocument.new()
        scan = pdfium.PdfDocument(OUT / f"{name}_scan.pdf")
        some.import_pages(scan, pages)
        some.save(part)
        some.close()
        scan.close()
        out = OUT / f"{name}_ocrmypdf.pdf"
        ocrmypdf = Path(sys.executable).parent / "ocrmypdf"
        subprocess.run([str(ocrmypdf), "-q", "-l", "swe", "-j", "1", "--output-type", "pdf",
                        "--optimize", "0", str(part), str(out)], check=True,
                       env=dict(os.environ, OMP_THREAD_LIMIT="1"))
    return out


def main(names: list[str]) -> None:
    for name, params in TWINS.items():
        if names and name not in names:
            continue
        out = build(name, *params)
        print(f"{out.relative_to(HERE.parent)}: {out.stat().st_size // 1024} KB")
    if not names or OCRMYPDF[0] in names:
        out = build_ocrmypdf(*OCRMYPDF)
        print(f"{out.relative_to(HERE.parent)}: {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
