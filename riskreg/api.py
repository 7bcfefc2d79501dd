"""riskreg's public API, one function per command of the CLI, above every stage.

``extract_register`` (riskreg extract) reads PDFs through the batch, which reads each
file through the pipeline; ``diff_registers``, ``compare_registers`` and
``follow_risks`` (riskreg diff, compare and history) and ``report_registers``
(riskreg report) load registers or PDFs the same way. Nothing below this module imports it: the package's imports run one way
down (tests/test_structure.py checks them).
"""
from __future__ import annotations

from . import compare, diff, extract, history, pipeline
from .batch import BatchSettings, extract_register
from .compare import Comparison, CompareSettings, compare_registers, write_compare
from .deprecation import make_callable, renamed
from .diff import Diff, DiffSettings, diff_registers, write_diff
from .errors import RiskregError
from .history import History, HistorySettings, follow_risks, write_history
from .load import load_register
from .pipeline import Register, Settings, extract_file
from .templates import list_templates
from .write import write_register
from .yearly import Report, ReportSettings, report_registers, write_report

# the old riskreg.extract(...), riskreg.diff(...), ...: calling the module runs the new function
make_callable(extract, "extract_register")
make_callable(diff, "diff_registers")
make_callable(compare, "compare_registers")
make_callable(history, "follow_risks")
# and the old riskreg.pipeline.extract(...), kept here so that the pipeline never imports the batch
pipeline.extract = renamed(extract_register, "riskreg.pipeline.extract")

__all__ = ["extract_register", "extract_file", "write_register", "load_register", "diff_registers", "write_diff",
           "compare_registers", "write_compare", "Diff", "DiffSettings", "Comparison", "CompareSettings",
           "Register", "Settings", "BatchSettings", "RiskregError", "list_templates", "follow_risks",
           "write_history", "History", "HistorySettings", "report_registers", "write_report", "Report",
           "ReportSettings"]
