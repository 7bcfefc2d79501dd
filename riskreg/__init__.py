"""riskreg: Swedish municipal risk documents (VoR and internkontrollplan PDFs) -> clean data.

    >>> import riskreg
    >>> register = riskreg.extract("samples/")
    >>> register.risks.head()
    >>> riskreg.write_register(register, "output/")
"""
from .errors import RiskregError
from .pipeline import Register, Settings, extract, extract_file
from .write import write_register

__all__ = ["extract", "extract_file", "write_register", "Register", "Settings", "RiskregError"]
__version__ = "0.1.0"
