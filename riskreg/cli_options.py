"""What the commands of the CLI share: --template, --settings and -s, settings for each stage,
and how a command's errors and summary are shown."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from click.core import ParameterSource

from . import pipeline
from .match.link import LinkSettings
from .normalize.headers import template_readers
from .settings_base import SettingsError
from .settings_file import COMMAND_STAGES, gather, stage_settings
from .templates import TemplateError


def _templates(ctx, param, value):
    """--template FILE (repeatable): read each file now, so a bad one is a usage error."""
    paths = tuple(str(click.format_filename(p)) for p in value)
    try:
        template_readers(tuple(str(Path(p).resolve()) for p in paths))  # reads them, and checks readers
    except TemplateError as exc:
        raise click.BadParameter(exc.message) from None
    return tuple(str(Path(p).resolve()) for p in paths)


template_option = click.option(
    "--template", "template_files", multiple=True, callback=_templates,
    type=click.Path(exists=True, dir_okay=False),
    help="A template file (TOML) of your own, read before the built-in ones; repeatable. "
         "See 'riskreg templates'.")


def settings_options(command):
    """--settings FILE and -s KEY=VALUE: settings as data, for a command that runs stages."""
    command = click.option(
        "-s", "--set", "assignments", multiple=True, metavar="KEY=VALUE",
        help="One setting, STAGE.NAME=VALUE (a TOML value), over the settings file; repeatable. "
             "E.g. -s extract.edge_snap=2 or -s 'extract.table_settings={snap_tolerance=4}'. "
             "docs/settings.md lists them all.")(command)
    return click.option(
        "--settings", "settings_file", default=None, type=click.Path(exists=True, dir_okay=False),
        help="A TOML file of settings, a [section] per stage ([extract], [normalize], [pair] ...).")(command)


class SettingsProblem(click.ClickException):
    """A setting riskreg does not know or a value that does not fit: a usage error (exit 2),
    found before anything is read or written."""

    exit_code = 2


def _typed(name: str) -> bool:
    """Whether the option was given on the command line (then it wins over the settings file)."""
    return click.get_current_context().get_parameter_source(name) == ParameterSource.COMMANDLINE


def _stages(command: str, settings_file, assignments, template_files=(), **options) -> dict:
    """Each stage's settings for ``command``: the file, the -s assignments over it, and the
    options typed on the command line over both (``options``: stage -> {name: (option, value)});
    --template files come before the settings' templates, so their wordings win."""
    try:
        data = gather([settings_file] if settings_file else [], assignments, command)
        for stage, given in options.items():
            for name, (option, value) in given.items():
                if _typed(option):
                    data.setdefault(stage, {})[name] = value
        if template_files:
            normalize = data.setdefault("normalize", {})
            normalize["templates"] = [*template_files, *normalize.get("templates", [])]
        stages = stage_settings(data, COMMAND_STAGES[command])
        template_readers(stages["normalize"].templates)  # reads them, and checks their readers lines
    except SettingsError as exc:
        raise SettingsProblem(str(exc)) from None
    except TemplateError as exc:
        raise SettingsProblem(exc.message) from None
    return stages


def _run_settings(stages: dict) -> pipeline.Settings:
    return pipeline.Settings(extract=stages["extract"], normalize=stages["normalize"],
                             link=stages.get("link", LinkSettings()))


def _finish(result, wrote: str) -> None:
    """Print a multi-input command's summary, its inputs' problems and what it wrote; exit as
    extract does: 1 when an input was not read (the rest is still written), else 0."""
    click.echo(result.summary())
    for _, p in result.problems.iterrows():
        click.echo(f"  {p['source_file']}: {p['message']}", err=True)
    click.echo(wrote)
    sys.exit(1 if (result.problems["severity"] == "error").any() else 0)
