"""What OCR needs, found or named: tesserocr, OpenCV, Tesseract's Swedish data, one engine per process.

Each missing part is an ``ocr_unavailable`` error naming the one command that installs
it (tesserocr's wheel brings its own Tesseract library but no language data, so the
data is looked for apart: ``$TESSDATA_PREFIX``, else the folder the ``tesseract``
command names, else the folders Debian, Fedora and Homebrew install it in).
"""
from __future__ import annotations

import os
import platform
import re
import subprocess

from ..errors import RiskregError
from ..i18n import N_, _
from ..optional import MissingDependency, require

APT_TESSERACT = "sudo apt-get install tesseract-ocr tesseract-ocr-swe"
APT_SWEDISH = "sudo apt-get install tesseract-ocr-swe"
BREW_TESSERACT = "brew install tesseract tesseract-lang"  # Homebrew's tesseract-lang holds swe
_SCAN = N_("The PDF's pages are images (a scan) and need OCR, but {why}")

_API = None


class OcrUnavailable(RiskregError):
    code = "ocr_unavailable"


def module(name: str):
    """tesserocr or cv2, imported; ``OcrUnavailable`` naming the install command when it is missing."""
    try:
        return require(name)
    except MissingDependency as exc:
        raise OcrUnavailable(_scan(_("{package} is not installed or does not load ({reason}). Install it "
                                     "with: {install}").format(package=exc.part.package, reason=exc.reason,
                                                               install=exc.part.install))) from None


def _scan(why: str) -> str:
    """The message of a scan that cannot be read by OCR, ``why`` said."""
    return _(_SCAN).format(why=why)


#: where Debian, Fedora, Homebrew (macOS, Linux) and the Windows installer put Tesseract's data,
#: looked in when neither TESSDATA_PREFIX nor a ``tesseract`` command names a folder with Swedish
TESSDATA_FOLDERS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                    "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata",
                    "/home/linuxbrew/.linuxbrew/share/tessdata", r"C:\Program Files\Tesseract-OCR\tessdata")


def _command_folder() -> str | None:
    """The data folder the ``tesseract`` command names (``tesseract --list-langs``)."""
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'"(.+?)"', out)
    return found.group(1) if found else None


def tessdata_path() -> str | None:
    """Where Tesseract's language data is (tesserocr's wheel has its own library but no data):
    $TESSDATA_PREFIX when set; else the first of the ``tesseract`` command's folder and
    ``TESSDATA_FOLDERS`` that holds the Swedish data; else the command's folder (which lacks it)."""
    if os.environ.get("TESSDATA_PREFIX"):
        return os.environ["TESSDATA_PREFIX"]
    command = _command_folder()
    for folder in ([command] if command else []) + list(TESSDATA_FOLDERS):
        if os.path.isfile(os.path.join(folder, "swe.traineddata")):
            return folder
    return command


def _install(swedish_only: bool) -> str:
    """The one command that installs Tesseract's Swedish data here (with Tesseract itself
    unless ``swedish_only``): Homebrew's on macOS, Debian's elsewhere."""
    if platform.system() == "Darwin":
        return BREW_TESSERACT
    return APT_SWEDISH if swedish_only else APT_TESSERACT


def _no_swedish_data(tesserocr, path: str | None) -> str | None:
    """Why Tesseract cannot read Swedish from ``path``, with the command that mends it; None when it can."""
    if path is None:
        return _scan(_("Tesseract's language data is not found (there is no `tesseract` command, no known "
                       "data folder holds it, and TESSDATA_PREFIX is not set). Install it with: {install}")
                     .format(install=_install(False)))
    try:
        languages = tesserocr.get_languages(path)[1]
    except RuntimeError:  # the folder cannot be read
        languages = []
    if "swe" in languages:
        return None
    if os.environ.get("TESSDATA_PREFIX"):
        return _scan(_("Tesseract's Swedish data (swe.traineddata) is not in {path}, the folder TESSDATA_PREFIX "
                       "names. Put swe.traineddata there, or unset TESSDATA_PREFIX and install it with: "
                       "{install}").format(path=path, install=_install(True)))
    return _scan(_("Tesseract's Swedish data (swe.traineddata) is not in {path}, Tesseract's data folder. "
                   "Install it with: {install}").format(path=path, install=_install(True)))


def engine():
    """One Tesseract engine per process (loading the Swedish model takes a while)."""
    global _API
    if _API is None:
        tesserocr = module("tesserocr")
        path = tessdata_path()
        why = _no_swedish_data(tesserocr, path)
        if why:
            raise OcrUnavailable(why)
        try:
            _API = tesserocr.PyTessBaseAPI(path=path, lang="swe", psm=tesserocr.PSM.SINGLE_BLOCK)
        except RuntimeError as exc:
            raise OcrUnavailable(_scan(_("Tesseract could not start with the Swedish data in {path} ({error}). "
                                         "Install it with: {install}").format(path=path, error=exc,
                                                                              install=_install(False)))) from exc
        _API.SetVariable("user_defined_dpi", "300")
    return _API

