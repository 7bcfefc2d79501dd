"""--lang sv|en, the option every command takes: the language it speaks, set once per command."""
from __future__ import annotations

import click

from .i18n import LANGUAGES, language_from_env, use_language


def _language(ctx, param, value):
    """Speak ``value`` (or the locale's language) for the whole command: entered before the other
    options are read, so their errors are in it too, and left when the command ends."""
    ctx.with_resource(use_language(value or language_from_env()))
    return value


def lang_option(command):
    """--lang sv|en on a command: the language of its messages and reports (default: the locale's)."""
    return click.option(
        "--lang", type=click.Choice(LANGUAGES), default=None, expose_value=False, is_eager=True,
        callback=_language, show_default="the locale's: LANGUAGE, LC_ALL, LC_MESSAGES, LANG; sv when unset",
        help="Language of the terminal messages, the reports, problems.csv's messages and "
             "register.xlsx's headings: sv (Swedish) or en.")(command)
