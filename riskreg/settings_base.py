"""What every stage's settings object shares: building it from None, itself or a dict."""
from __future__ import annotations

from dataclasses import fields


class SettingsBase:
    """Mixin for frozen dataclasses of settings.

    ``resolve`` accepts None (the defaults), an instance, or a dict of field
    values, and rejects unknown keys by name so a typo never passes silently.
    """

    #: how the settings are named in messages ("extract", "normalize", "link")
    stage = "riskreg"

    @classmethod
    def resolve(cls, value=None):
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"unknown {cls.stage} setting(s): {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(sorted(known))}")
        return cls(**value)
