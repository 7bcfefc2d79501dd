"""riskreg: Swedish municipal risk documents (VoR and internkontrollplan PDFs) -> clean data.

Each command of the CLI is one function here, which it runs before it writes:

    >>> import riskreg
    >>> register = riskreg.extract_register("samples/")      # riskreg extract
    >>> register.risks.head()
    >>> riskreg.write_register(register, "output/")
    >>> d = riskreg.diff_registers("output/", "next_year.pdf")  # riskreg diff
    >>> riskreg.write_diff(d, "diff/")
    >>> c = riskreg.compare_registers(["output/", "reg2019/"])  # riskreg compare
    >>> h = riskreg.follow_risks(["reg2019/", "output/"])       # riskreg history

``riskreg.extract``, ``riskreg.diff``, ``riskreg.compare`` and ``riskreg.history``
are the stage subpackage and modules of those names; calling them (the
functions of those names before) still works for one release, with a DeprecationWarning.
"""
from .batch import BatchSettings, extract_register
from .compare import Comparison, CompareSettings, compare_registers, write_compare
from .deprecation import make_callable
from .diff import Diff, DiffSettings, diff_registers, write_diff
from .errors import RiskregError
from .history import History, HistorySettings, follow_risks, write_history
from .load import load_register
from .pipeline import Register, Settings, extract_file
from .templates import list_templates
from .write import write_register
from . import compare, diff, extract, history

# the old riskreg.extract(...), riskreg.diff(...), ...: calling the module runs the new function
make_callable(extract, "extract_register")
make_callable(diff, "diff_registers")
make_callable(compare, "compare_registers")
make_callable(history, "follow_risks")

__all__ = ["extract_register", "extract_file", "write_register", "load_register", "diff_registers", "write_diff",
           "compare_registers", "write_compare", "Diff", "DiffSettings", "Comparison", "CompareSettings",
           "Register", "Settings", "BatchSettings", "RiskregError", "list_templates", "follow_risks",
           "write_history", "History", "HistorySettings"]
__version__ = "0.1.0"
