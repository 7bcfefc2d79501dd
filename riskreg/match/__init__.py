"""Matching stage: controls to their risks (and, later, risks across years)."""
from .link import LinkSettings, link_controls
from .similarity import normalise_text

__all__ = ["LinkSettings", "link_controls", "normalise_text"]
