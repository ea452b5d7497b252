"""The ``visionkit`` command line.

Workgroups run it; they must never see a Python traceback. Exit codes: 0 clean
(warnings allowed without --strict), 1 story errors (or warnings with
--strict), 2 usage errors (click's own convention), 3 an internal error.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from visionkit.authoring.importer import plan_import, write_changes
from visionkit.authoring.new import ScaffoldError, new_site
from visionkit.authoring.notes import NotesError, read_sheet
from visionkit.authoring.reference import explain as explain_code
from visionkit.authoring.schema import write_schemas
from visionkit.check.report import FORMATS
from visionkit.check.run import check as run_check
from visionkit.files import write_atomic
from visionkit.machine import machine_problem
from visionkit.read.loader import load
from visionkit.read.locate import (
    DEFAULT_STORIES_DIR,
    ConfigError,
    SiteSettings,
    find_site,
    site_config,
    stories_dir,
)
from visionkit.version import __version__


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
    result = run_check(folder, site=find_site(path, folder))  # the site's, as mkdocs build
    click.echo(FORMATS[output_format](result, strict))
    sys.exit(1 if result.failed(strict) else 0)


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="Fill it with the full example partnership.")
@click.option(
    "--force", is_flag=True, help="Write into a folder that is not empty (adds missing files only)."
)
def new(folder: Path, example: bool, force: bool) -> None:
    """Start a vision site in FOLDER: ready to build, with commented story files."""
    try:
        made = new_site(folder, example=example, force=force)
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:  # a read-only or full disk: nothing to report as a bug
        raise _Refused(f"{machine_problem(exc)}; nothing more was written") from exc
    for path in made.written:
        click.echo(f"  wrote {path.relative_to(folder).as_posix()}")
    for path in made.kept:
        click.echo(f"  kept  {path.relative_to(folder).as_posix()} (already there)")
    click.echo(
        f"\nA new vision site is ready in {folder}. Next:\n"
        f"  cd {folder}\n"
        "  visionkit check      # are the story files right? (lists what is still the starter's)\n"
        "  mkdocs serve         # preview at http://127.0.0.1:8000\n"
        "  mkdocs build         # the site and its PDF handouts, in site/\n"
        "Its README.md says how to import workshop notes and publish. Until the starter's\n"
        "title, partners, sample pages and home page are replaced with your own,\n"
        "`visionkit check --strict` (and publishing) stops at them, each with its file and line."
    )


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Folder to write the schemas into.",
)
def schema(out: Path) -> None:
    """Write the JSON Schema of each story-file type, for editors' autocompletion.

    Story files name theirs in their first line, e.g.
    # yaml-language-server: $schema=../schemas/vision.schema.json
    """
    for path in write_schemas(out):
        click.echo(f"wrote {path.as_posix()}")


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Say what a message code (such as VK101) means and how to fix it."""
    text = explain_code(code)
    if text is None:
        raise click.UsageError(f"there is no code {code!r}; codes look like VK101")
    click.echo(text)


class _Refused(click.ClickException):
    """The input or the machine cannot be used at all: a usage error, not a bug."""

    exit_code = 2


def _default_stories() -> Path:
    """The site's story folder here, as `visionkit check` finds it; else stories/."""
    here = Path(".")
    if site_config(here) is not None:
        return stories_dir(here)
    if not (here / DEFAULT_STORIES_DIR).is_dir() and any(
        (here / f"vision{suffix}").is_file() for suffix in (".yml", ".yaml")
    ):
        return here  # run inside the story folder itself
    return here / DEFAULT_STORIES_DIR


@cli.command("import")
@click.argument("notes", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--stories",
    type=click.Path(file_okay=False, path_type=Path),
    help="The story folder (default: the one `visionkit check` would check here).",
)
@click.option("--dry-run", is_flag=True, help="Show what would be added; write nothing.")
def import_notes(notes: Path, stories: Path | None, dry_run: bool) -> None:
    """Add the post-its and mini-stories of a workshop spreadsheet (CSV) to the people files.

    Columns: group, kind, theme, type (post-it or mini-story), text and, if you
    like, votes; persona and role (the group's fictional person, on any of its
    rows); resolves (vision.yml problems the theme resolves, by id or text,
    several separated by ';'); theme id (the same id for two groups' themes
    makes them one shared theme). A new group gets a new file in people/;
    nothing already written is changed, and rows already imported are not added
    twice. What is left for you (a nearly right problem, votes that differ, a
    corrected text beside the old one) is listed with its row or FILE:LINE.
    """
    try:
        folder = stories_dir(stories) if stories else _default_stories()
        report = plan_import(read_sheet(notes), folder)
        if not dry_run:
            write_changes(report)
    except (ConfigError, NotesError) as exc:
        raise _Refused(str(exc)) from exc
    except OSError as exc:
        raise _Refused(machine_problem(exc)) from exc
    if dry_run:
        for change in report.changes:
            click.echo(
                "".join(
                    difflib.unified_diff(
                        change.before.splitlines(keepends=True),
                        change.after.splitlines(keepends=True),
                        "/dev/null" if change.new else f"a/{change.name}",
                        f"b/{change.name}",
                    )
                ).rstrip("\n")
                + "\n"
            )
    click.echo("\n".join(report.lines(dry_run)))
    sys.exit(1 if report.failed else 0)


@cli.command()
@click.argument("name", required=False)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PNG file to write (default: portraits-NAME.png, or portraits.png).",
)
@click.option(
    "--stories",
    type=click.Path(file_okay=False, path_type=Path),
    help="The story folder (default: the one `visionkit check` would check here).",
)
def portraits(name: str | None, out: Path | None, stories: Path | None) -> None:
    """Draw generated portraits on one sheet (PNG), to spot a clash or choose another.

    With NAME (a people file's name, e.g. amira for people/amira.yml): other
    drawings of that persona, each captioned with the line that chooses it.
    Without: every persona's portrait as it is drawn now.
    """
    # Drawing needs Pillow and the fonts: 14 ms no other command should pay at start-up.
    from visionkit.images.contact import NoSheet, sheet_for

    try:
        folder = stories_dir(stories) if stories else _default_stories()
        sheet = sheet_for(load(folder), name)
    except ConfigError as exc:
        raise _Refused(str(exc)) from exc
    except NoSheet as exc:
        if not exc.problems:
            raise _Refused(str(exc)) from exc
        click.echo("\n".join(map(str, [*exc.problems, exc])))
        sys.exit(1)
    if not sheet.tiles:
        click.echo("\n".join(["There is no generated portrait to show.", *sheet.notes]))
        return
    path = out or Path(sheet.default_name)
    try:
        write_atomic(path, sheet.png())
    except OSError as exc:
        raise _Refused(machine_problem(exc)) from exc
    click.echo(sheet.report(str(path)))


@cli.group()
def translate() -> None:
    """Translate the vision: catalogues for translators (gettext PO files)."""


@translate.command("export")
@click.argument("language")
@click.option(
    "--source",
    help="The language the story files are written in (default: the first of the site's "
    "languages option, else its theme.language, else en).",
)
@click.option(
    "--stories",
    type=click.Path(file_okay=False, path_type=Path),
    help="The story folder (default: the one `visionkit check` would check here).",
)
@click.option("--stats", is_flag=True, help="Also say, per file, how much is translated.")
def translate_export(language: str, source: str | None, stories: Path | None, stats: bool) -> None:
    """Write or update stories/translations/LANGUAGE.po (e.g. cy for Welsh) for translators.

    Every published text gets an entry: new texts are added, changed ones keep
    their translation marked fuzzy, removed ones are kept at the end as
    obsolete; no translation is ever lost. Send the file to the translators,
    put the one they return in its place and run `visionkit check`.
    """
    from visionkit.authoring.translate import (
        TranslateError,
        plan_export,
        stats_lines,
        summary_lines,
        write_export,
    )

    try:
        folder = stories_dir(stories) if stories else _default_stories()
        site = find_site(stories or Path("."), folder)
        made = plan_export(folder, language, source or _source_language(site))
        write_export(made)
    except ConfigError as exc:
        raise _Refused(str(exc)) from exc
    except TranslateError as exc:
        if not exc.problems:
            raise click.UsageError(str(exc)) from exc
        click.echo("\n".join([*map(str, exc.problems), f"Nothing was written: {exc}"]))
        sys.exit(1)
    except OSError as exc:
        raise _Refused(f"{machine_problem(exc)}; the catalogue was left as it was") from exc
    lines = summary_lines(made)
    if site is not None and site.languages and language not in site.languages:
        lines.append(
            f"Note: {language} is not in the site's languages option "
            f"({', '.join(site.languages)}): add it there to publish the translation."
        )
    click.echo("\n".join([lines[0], *(stats_lines(made) if stats else []), *lines[1:]]))


def _source_language(site: SiteSettings | None) -> str:
    return site.source_language if site is not None else "en"


def main() -> None:
    """Entry point: any unexpected failure is reported in one line, not a traceback."""
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:
        if isinstance(exc, OSError) and exc.errno is not None:  # the machine refused
            click.echo(f"visionkit: {machine_problem(exc)}", err=True)
            sys.exit(2)
        # a bug in visionkit itself
        click.echo(
            f"visionkit: internal error ({type(exc).__name__}: {exc}). This is a bug in "
            "visionkit, not in your story files; please report it with the command you ran.",
            err=True,
        )
        sys.exit(3)
