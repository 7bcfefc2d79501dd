"""Normalize stage: tables of cells -> register rows (Risk, Control) of the schema."""
from .logical import LogicalTable, fill_merged_cells
from .metadata import find_date, find_dnr, find_organisation, find_title, find_year
from .register import build_controls, build_risks
from .settings import NormalizeSettings
from .stitch import assemble_tables
from .validate import flag_risks

__all__ = ["assemble_tables", "build_controls", "build_risks", "fill_merged_cells", "find_date", "find_dnr",
           "find_organisation", "find_title", "find_year", "flag_risks", "LogicalTable", "NormalizeSettings"]
