"""Old names the next release drops: they still work, with a DeprecationWarning.

Until now, ``riskreg.extract``, ``riskreg.diff``, ``riskreg.compare`` and
``riskreg.history`` were functions that hid the subpackage and modules of the
same names (``import riskreg.extract.document as d`` raised ImportError, and
``riskreg.diff.DiffSettings`` an AttributeError). The functions are now
``extract_register``, ``diff_registers``, ``compare_registers`` and
``follow_risks``; the names are the modules again, and calling such a module
calls its new function with a warning naming it, for one release.
"""
from __future__ import annotations

import functools
import sys
import types
import warnings
from typing import Callable

#: a module's name -> the name of the riskreg function that calling the module now runs
_CALLS: dict[str, str] = {}


def _warn(old: str, new: str) -> None:
    warnings.warn(DeprecationWarning(f"{old}() is deprecated and goes in the next release; use {new}() instead."),
                  stacklevel=3)


class CallableModule(types.ModuleType):
    """A module that, called, runs the function that replaced the package function of its name."""

    def __call__(self, *args, **kwargs):
        new = _CALLS[self.__name__]
        _warn(self.__name__, f"riskreg.{new}")
        return getattr(sys.modules["riskreg"], new)(*args, **kwargs)


def make_callable(module: types.ModuleType, new: str) -> None:
    """Let old code call ``module(...)`` (once the package function of that name) for one release."""
    _CALLS[module.__name__] = new
    module.__class__ = CallableModule


def renamed(function: Callable, old: str) -> Callable:
    """``function`` (a riskreg function) under its old dotted name ``old``, warning at each call."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        _warn(old, f"riskreg.{function.__name__}")
        return function(*args, **kwargs)
    wrapper.__name__ = wrapper.__qualname__ = old.rsplit(".", 1)[-1]
    wrapper.__doc__ = f"Deprecated: use {function.__name__}()."
    return wrapper
