"""One build of a vision site from checked stories, for any site engine.

A site engine's adapter checks the story folder (:func:`visionkit.check`),
then calls :func:`prepare` with the folder it got. What comes back says
everything the engine must publish: the pages (each rendered with its
template ``visionkit/KIND.html`` and :meth:`~visionkit.site.pages.Page.context`),
and the images and PDFs, finished in the content-hash cache, by their paths
inside the site. Nothing here knows MkDocs: the MkDocs plugin is one such
adapter, and another engine's would be another.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from visionkit import bytecode
from visionkit.cache import Cache
from visionkit.diagnostics import Code, Diagnostic
from visionkit.images.jobs import ImageError
from visionkit.images.plan import ImagePlan, plan_images
from visionkit.images.views import ShareCard, Url, share_card, site_path, web_picture
from visionkit.palette import VISIONKIT, Palette
from visionkit.pdf.handouts import HandoutPlan, plan_handouts
from visionkit.read.folder import StoryFolder
from visionkit.site.labels import Labels, available, labels_for, resolve
from visionkit.site.pages import Page, build_pages

#: Report progress on each tenth of the PDFs when there are more than this many.
PROGRESS_FROM = 3
#: A PDF takes long enough that two of them pay for starting worker processes.
PARALLEL_PDFS = 2

Log = Callable[[str], None]


class BuildError(Exception):
    """The site cannot be built. ``diagnostics`` name the story lines to blame, if any."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)


@dataclass(frozen=True)
class Options:
    """What a site's configuration decides about a build."""

    cache: Path
    labels: Labels
    language: str = "en"
    #: Publish pages marked ``draft: true`` too.
    drafts: bool = False
    pdf: bool = True
    #: The site's own template folders, searched before visionkit's (overrides).
    template_dirs: Sequence[str | Path] = ()
    #: A page's absolute web address from its source path (printed on handouts),
    #: or None for a site without a known address.
    web_url: Callable[[str], str] | None = None
    #: The site's colours, for the share cards and the handouts.
    palette: Palette = VISIONKIT


@dataclass
class Build:
    folder: StoryFolder
    cache: Cache
    #: By source path, in reading order.
    pages: dict[str, Page]
    images: ImagePlan
    handouts: HandoutPlan = field(default_factory=HandoutPlan)
    #: Warnings for the build log (WeasyPrint's, about a handout).
    notes: list[str] = field(default_factory=list)

    def files(self) -> Iterator[tuple[str, Path]]:
        """(path inside the site, finished file in the cache) of every image and PDF."""
        for job in self.images.jobs:
            for name in job.names:
                yield site_path(name), self.cache.path(name)
        for handout in self.handouts.handouts.values():
            yield handout.src, self.cache.path(handout.name)

    def context(self, page: Page, link: Url, image_url: Url) -> dict[str, Any]:
        """Everything ``page``'s template reads, with addresses from where the page is.

        ``link`` gives the address of the page or file at a source path (the
        engine's business), ``image_url`` that of an image's path in the site.
        """
        images = self.images
        handout = self.handouts.handouts.get(page.src)
        size = self.cache.path(handout.name).stat().st_size if handout else 0
        return {
            **page.context(),
            "link": link,
            "persona_image": lambda person: web_picture(
                images.personas.get(person.slug), images.persona_alt(person), image_url
            ),
            "logo": lambda ref: web_picture(images.logos.get(ref), "", image_url),
            "handout": {"url": link(handout.src), "size": file_size(size)} if handout else None,
        }

    def card(self, page: Page, site_url: str | None, page_url: str) -> ShareCard:
        """``page``'s link preview; ``page_url`` is the page's address inside the site."""
        alt = f"{page.title}: {page.description}"
        return share_card(self.images.cards[page.src], alt, site_url, page_url)


def prepare(folder: StoryFolder, options: Options, info: Log) -> Build:
    """The pages, and every image and PDF made (or found in the cache).

    Raises :class:`BuildError` with a message that says what to do.
    """
    cache = Cache(options.cache)
    bytecode.use(options.cache)  # the charts' and handouts' templates, compiled once
    pages = build_pages(folder, options.drafts, options.labels)
    images = plan_images(folder, pages, options.labels, options.palette)
    try:
        run = cache.run(images.jobs)
    except ImageError as exc:
        blame = [
            Diagnostic(file, position, Code.PICTURE_NOT_IMAGE, str(exc))
            for file, position in folder.uses_of(exc.path)
        ]
        raise BuildError(f"{exc}; the site was not built or changed", blame) from exc
    info(f"{run.made} images made, {run.reused} taken from the cache ({run.files} files)")
    build = Build(folder, cache, {page.src: page for page in pages}, images, notes=run.notes)
    if options.pdf:
        _make_handouts(build, pages, options, info)
    return build


def _make_handouts(build: Build, pages: list[Page], options: Options, info: Log) -> None:
    made_keys: list[str] = []

    def progress(made: int, todo: int, key: str) -> None:
        made_keys.append(key)
        if todo > PROGRESS_FROM and (made == todo or made % max(1, todo // 10) == 0):
            info(f"{made} of {todo} PDFs made")

    web_url = options.web_url  # without one, the check has warned (VK212)
    try:
        plan = plan_handouts(
            build.folder,
            pages,
            build.images,
            template_dirs=options.template_dirs,
            language=options.language,
            web_urls={page.src: web_url(page.src) for page in pages} if web_url else None,
            palette=options.palette,
        )
        run = build.cache.run(plan.jobs, parallel_from=PARALLEL_PDFS, progress=progress)
        # vision.pdf from its parts, in this process (it renders with the plan's templates).
        whole = build.cache.run(plan.assembly, workers=1)
    except OSError as exc:
        if exc.errno is not None:  # the machine (a full disk): the caller explains it
            raise
        raise BuildError(_pdf_failed(exc)) from exc
    except TemplateError as exc:  # most likely an overridden handout template
        raise BuildError(
            f"a handout template failed{template_place(exc)}: {exc.message}; "
            "the site was not built or changed"
        ) from exc
    except Exception as exc:  # WeasyPrint failing is a bug, not the story's fault
        raise BuildError(_pdf_failed(exc)) from exc
    build.handouts = plan
    build.notes += [f"PDF {note}" for note in run.notes + whole.notes]
    parts = sum(key in plan.parts for key in made_keys)
    info(
        f"{run.made - parts + whole.made} PDFs made, "
        f"{run.reused - (len(plan.parts) - parts) + whole.reused} taken from the cache "
        f"({parts} of the {len(plan.parts)} parts of vision.pdf made)"
    )


def _pdf_failed(exc: Exception) -> str:
    return (
        f"the PDF handouts could not be made ({type(exc).__name__}: {exc}); "
        "the site was not built or changed. Set 'pdf: false' to build without them."
    )


def cache_problem(cache: Path, places: dict[str, Path], shown: str = "") -> str | None:
    """Why ``cache`` cannot be visionkit's cache folder, if it cannot.

    The cache's files are replaced and deleted freely, so it must not be, hold
    or lie inside a folder of the site's own (``places``: the docs, stories and
    site folders by their option names), nor be the file system's root.
    ``shown`` is the folder as the user wrote it.
    """
    shown = shown or str(cache)
    where = cache.resolve()
    if where == Path(where.anchor):
        return f"'{shown}' is the root of the file system: choose a folder of its own"
    for option, place in places.items():
        place = place.resolve()
        if where == place or where.is_relative_to(place) or place.is_relative_to(where):
            return (
                f"'{shown}' overlaps {option} ('{place}'): visionkit replaces and deletes "
                "files in its cache, so give it a folder of its own (the default is "
                ".cache/visionkit)"
            )
    if where.exists() and not where.is_dir():
        return f"'{shown}' is a file: give a folder, or move the file away"
    return None


def site_labels(language: str) -> tuple[Labels, str | None]:
    """The labels for a site's language, and a warning when visionkit has none for it."""
    if resolve(language) is not None:
        return labels_for(language), None
    return labels_for(language), (
        f"visionkit has no labels for theme.language '{language}' (it has "
        f"{', '.join(available())}): its pages, cards and PDFs use English words; "
        "see 'Languages' in visionkit's README to add yours"
    )


def template_place(exc: TemplateError) -> str:
    """`` in FILE, line N`` of the template where Jinja failed, when it is known."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return f" in {exc.filename}, line {exc.lineno}"
    frames = [
        (frame.f_code.co_filename, line)
        for frame, line in traceback.walk_tb(exc.__traceback__)
        if frame.f_code.co_filename.endswith(".html")
    ]
    return f" in {frames[-1][0]}, line {frames[-1][1]}" if frames else ""


def file_size(size: int) -> str:
    """``85 KB``, ``1.2 MB``: what a reader on a phone needs before downloading."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"
