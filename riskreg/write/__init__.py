"""Writers: the register as CSV and Parquet, written whole or not at all."""
from .files import FORMATS, write_register

__all__ = ["FORMATS", "write_register"]
