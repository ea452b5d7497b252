"""The ``visionkit`` command line.

Workgroups run it; they must never see a Python traceback. Exit codes: 0 clean
(warnings allowed without --strict), 1 story errors (or warnings with
--strict), 2 usage errors (click's own convention), 3 an internal error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .check import check as run_check
from .locate import ConfigError, stories_dir
from .report import FORMATS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="visionkit")
def cli() -> None:
    """Publish a partnership's workshop stories as a shared-vision site."""


@cli.command()
@click.argument(
    "path",
    required=False,
    default=".",
    type=click.Path(exists=True, file_okay=True, dir_okay=True, path_type=Path),
)
@click.option("--strict", is_flag=True, help="Treat method warnings as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="text for people, json for programs, github for GitHub Actions annotations.",
)
def check(path: Path, strict: bool, output_format: str) -> None:
    """Check a story folder (or the site folder holding mkdocs.yml).

    Reports every error and warning of every file as FILE:LINE:COL.
    """
    try:
        folder = stories_dir(path)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    result = run_check(folder)
    click.echo(FORMATS[output_format](result, strict))
    sys.exit(1 if result.failed(strict) else 0)


def main() -> None:
    """Entry point: any unexpected failure is reported in one line, not a traceback."""
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # pragma: no cover - a bug in visionkit itself
        click.echo(
            f"visionkit: internal error ({type(exc).__name__}: {exc}). This is a bug in "
            "visionkit, not in your story files; please report it with the command you ran.",
            err=True,
        )
        sys.exit(3)
