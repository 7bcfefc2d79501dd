"""Writers: the register as CSV and Parquet, written whole or not at all."""
from .files import FORMATS, write_bytes, write_csv, write_register, write_text

__all__ = ["FORMATS", "write_bytes", "write_csv", "write_register", "write_text"]
