"""riskreg: Swedish municipal risk documents (VoR and internkontrollplan PDFs) -> clean data.

    >>> import riskreg
    >>> register = riskreg.extract("samples/")
    >>> register.risks.head()
    >>> riskreg.write_register(register, "output/")
    >>> riskreg.write_diff(riskreg.diff("output/", "next_year.pdf"), "diff/")
"""
from .compare import Comparison, CompareSettings, compare, write_compare
from .diff import Diff, DiffSettings, diff, write_diff
from .errors import RiskregError
from .history import History, HistorySettings, history, write_history
from .load import load_register
from .pipeline import Register, Settings, extract, extract_file
from .templates import list_templates
from .write import write_register

__all__ = ["extract", "extract_file", "write_register", "load_register", "diff", "write_diff",
           "compare", "write_compare", "Diff", "DiffSettings", "Comparison", "CompareSettings", "Register", "Settings", "RiskregError",
           "list_templates", "history", "write_history", "History", "HistorySettings"]
__version__ = "0.1.0"
