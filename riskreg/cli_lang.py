"""--lang sv|en, the option every command takes: the language it speaks, set once per command."""
from __future__ import annotations

import functools

import click

from .i18n import LANGUAGES, language_from_env, use_language


_KEY = "riskreg.lang"


def _language(ctx, param, value):
    """Keep ``value`` (or the locale's language) for the command to speak (read before the
    other options)."""
    ctx.meta[_KEY] = value or language_from_env()
    return value


def lang_option(command):
    """--lang sv|en on a command: the language of its messages and reports (default: the locale's).

    The command runs inside ``use_language``, left however it ends. (Entered from the option's
    callback instead, a usage error in a later option would leave the language set for the
    rest of the process: click closes no context whose arguments failed to parse.)"""
    @functools.wraps(command)
    def speaking(*args, **kwargs):
        lang = click.get_current_context().meta.get(_KEY) or language_from_env()
        with use_language(lang):
            return command(*args, **kwargs)

    return click.option(
        "--lang", type=click.Choice(LANGUAGES), default=None, expose_value=False, is_eager=True,
        callback=_language, show_default="the locale's: LANGUAGE, LC_ALL, LC_MESSAGES, LANG; sv when unset",
        help="Language of the terminal messages, the reports, problems.csv's messages and "
             "register.xlsx's headings: sv (Swedish) or en.")(speaking)
