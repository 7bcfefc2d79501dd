"""Reports for people: HTML pages built from the register and its diffs."""
from .diff_html import diff_html

__all__ = ["diff_html"]
