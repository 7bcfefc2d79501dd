"""Scanned pages: the table's grid from the image, each cell read by Tesseract.

A page without a text layer (or with an OCR layer but no drawn lines) is
rendered with pdfium, deskewed by its longest ruling lines, and its ruling lines
are found with OpenCV morphology (an opening with a long thin kernel keeps lines
and drops letters, as camelot's lattice mode does). The lines become edges in PDF
points, and pdfplumber's table finder (``lattice.find_tables``) makes them the
same cells a digital page gives. Each cell's image, its ruling lines wiped, is
read by Tesseract with Swedish data; its words become the cell's ``Line`` objects
in PDF points, so the text step (``text.join_lines``), stitching, normalising and
linking run unchanged. Text outside the tables (title, headings) is read from
the page with the tables blanked out.
"""
import os

from ..tesseract import OcrUnavailable, tessdata_path  # noqa: F401 (riskreg.extract.ocr names them)
from .cells import NUMBER_COLUMNS, SCORE_COLUMNS, apply_columns  # noqa: F401
from .image import deskew, has_grid, render, ruling_edges, skew_angle  # noqa: F401
from .mend import WordMender, mend_words  # noqa: F401
from .page import OcrPage, PageOcr, ocr_page  # noqa: F401
from .words import OcrWord, missed_words, read_words, words_to_chars  # noqa: F401

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract's own threads fight the batch's workers
