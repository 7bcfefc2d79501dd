"""riskreg's own failures, each with a stable code and a message an analyst understands.

The batch runner turns them into rows of problems.csv; a traceback is shown only
with --debug.
"""
from __future__ import annotations

from .i18n import _
from .problems import check


class RiskregError(Exception):
    """A file could not be read as a register; ``code`` is stable (registered in
    riskreg.problems), the message is plain words."""

    code = "error"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        check(cls.code, "error")  # an unregistered code fails at import, not in a user's run

    def __init__(self, message: str, page: int | None = None):
        super().__init__(message)
        self.message = message
        self.page = page


class NotFound(RiskregError):
    code = "not_found"

    @classmethod
    def missing(cls, path) -> "NotFound":
        return cls(_("There is no file {path}.").format(path=path))


class NotAPdf(RiskregError):
    code = "not_a_pdf"


class EmptyFile(RiskregError):
    code = "empty_file"


class DamagedPdf(RiskregError):
    code = "damaged_pdf"

    @classmethod
    def unreadable(cls, detail: str, to_the_end: bool = False) -> "DamagedPdf":
        """The error for a PDF that cannot be opened (or read to its end); ``detail`` says what failed."""
        if to_the_end:
            return cls(_("The PDF is damaged and cannot be read to the end ({detail}). It may be truncated; "
                         "fetch it again.").format(detail=detail))
        return cls(_("The PDF is damaged and cannot be read ({detail}). It may be truncated; fetch it again.")
                   .format(detail=detail))


class EncryptedPdf(RiskregError):
    code = "encrypted_pdf"

    @classmethod
    def locked(cls, password: str | None) -> "EncryptedPdf":
        """The error for a PDF its password (none, or the one given) does not open."""
        if password:
            return cls(_("The PDF is protected by a password, and the password given (--password) does not "
                         "open it."))
        return cls(_("The PDF is protected by a password. Run again with --password to open it."))


class NoTextLayer(RiskregError):
    code = "no_text_layer"


class NoRegisterTable(RiskregError):
    code = "no_register_table"


class TableNotReadWhole(RiskregError):
    code = "table_not_read_whole"
