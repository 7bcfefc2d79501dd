"""Extract stage: PDF -> tables of cells (each with page and bounding box) and free text."""
from .document import read_document
from .model import Cell, Document, Table, TextLine
from .settings import ExtractSettings

__all__ = ["read_document", "Cell", "Document", "Table", "TextLine", "ExtractSettings"]
