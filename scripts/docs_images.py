"""Draw the pictures of docs/reading.md: one sample page per layout family, as `riskreg debug`
draws it, downscaled (80 dpi, 64 colours) so each PNG stays small in the repository.

    python scripts/docs_images.py            # writes docs/images/*.png
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from riskreg.report.debug import debug_document  # noqa: E402

# picture name -> (sample, page, settings): the pages docs/reading.md describes
PICTURES = {
    "ruled": ("samples/hagersten_liljeholmen_2020.pdf", 3, None),
    "unruled": ("samples/enskede_2023_unruled.pdf", 2, None),
    "scan": ("samples/scanned/enskede_2023_ruled_scan.pdf", 2, None),
    "camelot": ("samples/farsta_2021_continued.pdf", 6, {"extract": {"engine": "camelot"}}),
    "fills": ("tests/fixtures/solberga_2024_zebra.pdf", 2, None),
}


def draw(name: str, sample: str, page: int, settings, out_dir: Path) -> Path:
    """One page drawn by debug_document, quantised to a palette of 64 colours."""
    with tempfile.TemporaryDirectory() as tmp:
        result = debug_document(ROOT / sample, tmp, pages=[page], settings=settings, resolution=80)
        drawn = Image.open(result.pages[0].png).convert("RGB")
        small = drawn.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        target = out_dir / f"{name}.png"
        small.save(target, optimize=True)
    return target


def main() -> None:
    out_dir = ROOT / "docs" / "images"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, (sample, page, settings) in PICTURES.items():
        target = draw(name, sample, page, settings, out_dir)
        print(f"{target.relative_to(ROOT)}: {sample} page {page}, {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
