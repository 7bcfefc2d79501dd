"""Settings as data: a TOML file with a section per stage, and ``KEY=VALUE`` assignments.

    [extract]
    line_tolerance = 2.5
    table_settings = { snap_tolerance = 4 }     # pdfplumber's own TableSettings

    [pair]
    threshold = 80

``riskreg COMMAND --settings FILE -s extract.edge_snap=2`` reads the file, lays the
assignments over it (values are TOML: ``3``, ``2.5``, ``true``, ``"text"``, ``["a", "b"]``;
a bare word is text) and gives each stage's section to that stage's ``resolve``, so a
key or value riskreg does not know is refused by name before anything is read.
"""
from __future__ import annotations

from pathlib import Path

from .extract.settings import ExtractSettings
from .match.chain import ChainSettings
from .match.changes import ChangeSettings
from .match.link import LinkSettings
from .match.pairing import PairSettings
from .match.shared import SharedSettings
from .normalize.settings import NormalizeSettings
from .scales import Levels
from .settings_base import SettingsBase, SettingsError

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

#: every stage a settings file may have a section for, in the order of the pipeline
STAGES: dict[str, type[SettingsBase]] = {
    "extract": ExtractSettings, "normalize": NormalizeSettings, "link": LinkSettings,
    "pair": PairSettings, "changes": ChangeSettings, "chain": ChainSettings,
    "shared": SharedSettings, "levels": Levels,
}

#: the stages each command runs (reading PDFs is extract, normalize and link everywhere)
COMMAND_STAGES: dict[str, tuple[str, ...]] = {
    "extract": ("extract", "normalize", "link"),
    "debug": ("extract", "normalize"),
    "diff": ("extract", "normalize", "link", "pair", "changes"),
    "compare": ("extract", "normalize", "link", "pair", "shared", "levels"),
    "history": ("extract", "normalize", "link", "pair", "changes", "chain"),
    "report": ("extract", "normalize", "link", "pair", "changes", "levels"),
}


def read_settings_file(path: str | Path) -> dict:
    """A settings file's sections; paths in it (normalize.templates) are taken from its folder."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise SettingsError(f"cannot read the settings file {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"the settings file {path} is not TOML: {exc}") from None
    templates = data.get("normalize", {}).get("templates") if isinstance(data.get("normalize"), dict) else None
    if isinstance(templates, list):
        data["normalize"]["templates"] = [str((path.parent / t).resolve()) if isinstance(t, str) else t
                                          for t in templates]
    return data


def parse_assignment(text: str) -> tuple[list[str], object]:
    """``extract.line_tolerance=2.5`` -> (["extract", "line_tolerance"], 2.5)."""
    key, sep, raw = text.partition("=")
    parts = [p.strip() for p in key.split(".")]
    if not sep or len(parts) < 2 or not all(parts):
        raise SettingsError(f"-s {text!r}: write STAGE.NAME=VALUE, e.g. -s extract.line_tolerance=2.5")
    raw = raw.strip()
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw  # a bare word: camelot, pdfminer
    return parts, value


def _merge(into: dict, more: dict) -> dict:
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
    return into


def gather(files=(), assignments=(), command: str | None = None) -> dict[str, dict]:
    """The sections of the settings files, with the assignments laid over them, checked:
    every section must be a stage riskreg knows and every key a setting of it (each stage
    resolved); an assignment must name a stage ``command`` runs. Raises SettingsError."""
    data: dict = {}
    for path in files:
        _merge(data, read_settings_file(path))
    runs = COMMAND_STAGES.get(command, tuple(STAGES))
    for text in assignments:
        parts, value = parse_assignment(text)
        if parts[0] in STAGES and parts[0] not in runs:
            raise SettingsError(f"-s {parts[0]}.{parts[1]}: riskreg {command} runs no {parts[0]} stage; "
                                f"its stages: {', '.join(runs)}")
        nested: dict = {parts[-1]: value}
        for part in reversed(parts[:-1]):
            nested = {part: nested}
        _merge(data, nested)
    unknown = sorted(set(data) - set(STAGES))
    if unknown:
        raise SettingsError(f"unknown settings stage: {', '.join(unknown)}; known: {', '.join(STAGES)}")
    for stage, section in data.items():
        STAGES[stage].resolve(section, path=stage)
    return data


def stage_settings(data: dict[str, dict], stages=tuple(STAGES)) -> dict[str, SettingsBase]:
    """Each stage's settings object from gathered sections (defaults where none)."""
    return {stage: STAGES[stage].resolve(data.get(stage), path=stage) for stage in stages}
