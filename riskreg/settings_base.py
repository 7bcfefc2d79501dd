"""What every settings object shares: building it from None, itself or a (nested) dict.

A stage's settings (``ExtractSettings``, ``PairSettings`` ...) and the composites
that gather them (``Settings``, ``DiffSettings`` ...) all resolve the same way, so a
TOML file or ``-s extract.line_tolerance=3`` reaches any of them with its key
checked by name and its value by type.
"""
from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, fields
from pathlib import Path


class SettingsError(ValueError):
    """A setting riskreg does not know, or a value that does not fit it; the message names
    the key (``extract.line_tolerance``) and, for an unknown one, the keys known there."""


class FrozenDict(dict):
    """A dict that cannot change after it is made, so that settings holding one (pdfplumber's
    table settings) stay frozen and hashable, and still read, pickle and print as a dict."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("settings cannot be changed; make new ones with dataclasses.replace")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __hash__(self):
        return hash(tuple(sorted((k, repr(v)) for k, v in self.items())))

    def __reduce__(self):
        return type(self), (dict(self),)


class SettingsBase:
    """Mixin for the dataclasses of settings.

    ``resolve`` accepts None (the defaults), an instance, or a dict of field
    values (a field holding settings of its own takes a dict too), and rejects
    unknown keys by name so a typo never passes silently.
    """

    #: how the settings are named in messages ("extract", "normalize", "link"); "" for a composite
    stage = "riskreg"

    @classmethod
    def resolve(cls, value=None, *, path: str | None = None):
        """The settings from None, an instance or a nested dict; ``path`` names them in messages
        (the stage by default)."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        prefix = cls.stage if path is None else path
        if not isinstance(value, Mapping):
            raise SettingsError(f"{prefix or 'settings'}: expected a table of settings, not {value!r}")
        known = {f.name: f for f in fields(cls) if f.init}
        unknown = sorted(set(value) - set(known))
        if unknown:
            raise SettingsError(f"unknown {prefix + ' ' if prefix else ''}setting: "
                                f"{', '.join(_key(prefix, k) for k in unknown)}; known: {', '.join(sorted(known))}")
        hints = typing.get_type_hints(cls)
        kwargs = {}
        for name, given in value.items():
            key = _key(prefix, name)
            nested = _settings_class(known[name], hints[name])
            kwargs[name] = nested.resolve(given, path=key) if nested else _coerce(key, hints[name], given)
        try:
            return cls(**kwargs)
        except SettingsError:
            raise
        except (TypeError, ValueError) as exc:  # a check of the settings' own (__post_init__)
            raise SettingsError(f"{prefix or 'settings'}: {exc}") from None


def _key(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _settings_class(f, hint) -> type | None:
    """The settings class a field holds (its default's class), or None."""
    default = f.default_factory() if f.default_factory is not MISSING else f.default
    if isinstance(default, SettingsBase):
        return type(default)
    return hint if isinstance(hint, type) and issubclass(hint, SettingsBase) else None


_KINDS = {float: "a number", int: "a whole number", str: "text", bool: "true or false"}


def _coerce(key: str, hint, value):
    """``value`` as the field's type wants it (an int for a float field becomes a float), or a
    SettingsError naming the key and what it takes."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in (a for a in args if a is not type(None)):
            try:
                return _coerce(key, arg, value)
            except SettingsError as exc:
                errors.append(exc)
        raise errors[0]
    if hint is bool:
        if isinstance(value, bool):
            return value
    elif hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is str:
        if isinstance(value, str):
            return value
    elif hint is Path:
        if isinstance(value, (str, Path)):
            return value
    elif origin is tuple:
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise SettingsError(f"{key} must be a list of text, not {_shown(value)}")
    elif origin in (dict, Mapping) or hint in (dict, Mapping) or origin is typing.Mapping:
        if isinstance(value, Mapping):
            return value
        raise SettingsError(f"{key} must be a table of settings, not {_shown(value)}")
    else:
        return value
    raise SettingsError(f"{key} must be {_KINDS.get(hint, hint)}, not {_shown(value)}")


def _shown(value) -> str:
    """A value as the user wrote it: text in double quotes, as TOML writes it."""
    return f'"{value}"' if isinstance(value, str) else repr(value)
