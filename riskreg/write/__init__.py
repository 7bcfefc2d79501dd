"""Writers: the register as CSV, Parquet and an Excel workbook, written whole or not at all."""
from .files import FORMATS, write_bytes, write_csv, write_register, write_text
from .xlsx import write_xlsx

__all__ = ["FORMATS", "write_bytes", "write_csv", "write_register", "write_text", "write_xlsx"]
