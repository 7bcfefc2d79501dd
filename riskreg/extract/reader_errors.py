"""Whether an exception is the PDF readers' own: a file they cannot read, not a bug of riskreg's."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pdfminer
import pdfplumber
import playa
import pypdfium2 as pdfium
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException
from playa.exceptions import PDFException as PlayaException

from ..errors import DamagedPdf


#: what the readers raise on a file they cannot read: pdfplumber wraps every error of pdfminer's
#: (PdfminerException) and rejects bad page boxes (MalformedPDFException); pdfminer used directly
#: (the pdfium reader's font descents) raises PSException's kinds; pdfium raises PdfiumError;
#: camelot reads through playa and pdfium
READER_ERRORS = (PdfminerException, MalformedPDFException, PSException, pdfium.PdfiumError, PlayaException)


#: the readers' packages: an error raised in their code (a TypeError in pdfplumber on a page
#: without a media box) is theirs too, whatever its type
_READER_PACKAGES = tuple(str(Path(m.__file__).parent) for m in (pdfplumber, pdfium, pdfminer, playa))


def is_reader_error(exc: BaseException) -> bool:
    """Whether the readers raised ``exc``: one of their error types, or raised in their code."""
    if isinstance(exc, READER_ERRORS):
        return True
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_filename.startswith(_READER_PACKAGES)


@contextmanager
def reading():
    """Around a call that reads the file: the reader's own error is a damaged PDF; any other
    (a bug of riskreg's in the code the reader calls back, say) goes on as it is."""
    try:
        yield
    except Exception as exc:
        if not is_reader_error(exc):
            raise
        raise DamagedPdf.unreadable(type(exc).__name__, to_the_end=True) from exc
