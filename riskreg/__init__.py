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
from .api import *  # noqa: F401,F403 (the public API: riskreg/api.py)
from .api import __all__  # noqa: F401
from . import compare, diff, extract, history  # noqa: F401 (the stage subpackage and modules)

from .version import __version__  # noqa: F401
