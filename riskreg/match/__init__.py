"""Matching stage: controls to their risks (link), risks across years (pairing, chain, changes)
and across organisations (shared), all scored by `scorer` and chosen by `assignment`."""
from .link import LinkSettings, link_controls
from .similarity import normalise_text

__all__ = ["LinkSettings", "link_controls", "normalise_text"]
