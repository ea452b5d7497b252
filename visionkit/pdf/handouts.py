"""Which PDF handouts a vision publishes, and the HTML each one is made from.

* ``handouts/NAME.pdf`` for every published people file: one A4 page for the
  next workshop (a long story shrinks a little, then flows onto a second page);
* ``handouts/vision.pdf``: the whole vision document for the board pack,
  made of parts cached on their own (visionkit/pdf/vision.py);
* ``handouts/report-PERIOD.pdf`` for every published progress report: the
  report as a board paper (cover, contents, every goal's charts and numbers,
  the stories of change, highlights, the log of the period, next steps).

The HTML comes from package templates (a site can override them from its own
template folders) rendered with autoescaping on. The document's chapters reuse
the web pages' body templates, so a page and its printed chapter never
disagree. Nothing here imports WeasyPrint: planning is cheap, and a warm
build, where every PDF is in the cache, never loads it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from visionkit.bytecode import keep_compiled
from visionkit.images.plan import ImagePlan
from visionkit.images.views import print_picture
from visionkit.palette import VISIONKIT, WHITE, Palette, css_hex, readable, tint
from visionkit.pdf.assemble import VisionJob
from visionkit.pdf.columns import two_columns
from visionkit.pdf.qr import qr_svg
from visionkit.pdf.vision import plan_vision
from visionkit.read.folder import StoryFolder
from visionkit.resources import FONTS, HANDOUT_PALETTE, HANDOUT_STYLESHEET, TEMPLATES
from visionkit.site.markup import render_print_markdown
from visionkit.site.pages import Page, StoryPage
from visionkit.site.reportpages import ReportPage
from visionkit.version import __version__

HANDOUTS_DIR = "handouts"
VISION_NAME = "vision"


@dataclass(frozen=True)
class PdfJob:
    """One PDF for the build cache: ``key`` hashes its HTML, stylesheets and renderer."""

    key: str
    name: str
    html: str
    #: Try smaller type to keep the document on one page.
    fit: bool
    #: The site's colours (``handout-palette.css``), after the handouts' stylesheet.
    css: str = ""
    #: A part of vision.pdf, not a handout of its own.
    part: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name,)

    def make(self, folder: Path) -> list[str]:
        from visionkit.pdf.render import render_pdf  # loads WeasyPrint, only where a PDF is made

        warnings = render_pdf(
            self.html, folder, folder / self.name, fit=self.fit, css=self.css, part=self.part
        )
        return [f"{self.name}: {warning}" for warning in warnings]


@dataclass(frozen=True)
class Handout:
    #: Where it is published, e.g. ``handouts/amira.pdf``.
    src: str
    #: Its file in the build cache.
    name: str


@dataclass
class HandoutPlan:
    jobs: list[PdfJob] = field(default_factory=list)
    #: By the source path of the page it prints: a story's handout, and the whole
    #: document under the vision overview.
    handouts: dict[str, Handout] = field(default_factory=dict)
    #: The keys of the jobs in ``jobs`` that make parts of vision.pdf, not handouts.
    parts: set[str] = field(default_factory=set)
    #: What is made after ``jobs``, from them (vision.pdf from its parts).
    assembly: list[VisionJob] = field(default_factory=list)


def handout_src(slug: str) -> str:
    return f"{HANDOUTS_DIR}/{slug}.pdf"


def plan_handouts(
    folder: StoryFolder,
    pages: Sequence[Page],
    images: ImagePlan,
    *,
    template_dirs: Sequence[str | Path] = (),
    language: str = "en",
    web_urls: Mapping[str, str] | None = None,
    palette: Palette = VISIONKIT,
) -> HandoutPlan:
    """Every handout of ``pages``: a PDF per story and the whole document.

    ``template_dirs`` are searched before the package's own templates;
    ``web_urls`` gives each page's absolute web address, printed on paper
    and as a QR code on each story's handout and the document's cover (leave
    it empty for a site with no ``site_url``: no address, no QR code);
    ``palette`` the site's colours the handouts are printed in.
    """
    env = _environment(template_dirs)
    css = _colours(env, palette)
    urls = dict(web_urls or {})
    salt = "\x1f".join(
        (
            __version__,
            # render.py's own version: 2 gives WeasyPrint the same folder address
            # wherever the site is built (PDFs made before differ by build folder);
            # 3 leaves out what is printed only if there is room before shrinking;
            # 4 gives it up block by block, grows a short handout, lets a long one flow;
            # 5 flows it in one column; 6 gives vision.pdf's parts lighter tags.
            "render 6",
            version("weasyprint"),
            hashlib.sha256(HANDOUT_STYLESHEET.read_bytes()).hexdigest(),
            # The bundled fonts it names: a font remade under the same name changes PDFs too.
            *(hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(FONTS.glob("*.ttf"))),
        )
    )
    stories = {page.person.slug: page for page in pages if isinstance(page, StoryPage)}
    vision = folder.vision
    context: dict[str, Any] = {
        **pages[0].site.context(),
        "language": language,
        "author": ", ".join(partner.name for partner in vision.partners),
        "print_image": lambda person: print_picture(
            images.personas.get(person.slug), images.persona_alt(person)
        ),
        "logo": lambda ref: print_picture(images.logos.get(ref), ""),
        "link": _in_document(stories),
        "web_url": urls.get,
        # A vector QR code of a page's address, inline in the HTML (so in the cache key).
        "qr_code": qr_svg,
        "two_columns": two_columns,
    }
    plan = HandoutPlan()

    def key_of(html: str, fit: bool = False) -> str:
        """The cache key of the PDF of ``html``: all that makes it."""
        return hashlib.sha256(f"{salt}\x1f{fit}\x1f{css}\x1f{html}".encode()).hexdigest()

    def name(slug: str, key: str) -> str:
        return f"handout-{slug}-{key[:12]}.pdf"

    def add(src: str, slug: str, template: str, fit: bool, data: Mapping[str, Any]) -> None:
        html = env.get_template(template).render({**context, **data})
        key = key_of(html, fit)
        job = PdfJob(key, name(slug, key), html, fit, css)
        plan.jobs.append(job)
        plan.handouts[src] = Handout(handout_src(slug), job.name)

    for slug, page in stories.items():
        add(page.src, slug, "visionkit/handout/story.html", True, page.context())
    # A report's links lead to the web pages (there is no other document to follow them
    # into), or print as plain words on a site without an address.
    for report in pages:
        if isinstance(report, ReportPage):
            data = {
                **report.context(),
                "faces": [],
                "link": lambda src: urls.get(src, ""),
                "cover_src": report.src,
            }
            template = "visionkit/handout/report.html"
            add(report.src, f"report-{report.report.slug}", template, False, data)
    # The chapters leave out the web pages' strip of faces (`faces`) and the reports'
    # evidence under each theme (`coming_true`): the document's cover already shows
    # everyone, and the reports have PDFs of their own.
    chapters = [
        (
            page,
            Markup(
                env.get_template(f"visionkit/{page.kind}.html").render(
                    {**context, **page.context(), "faces": [], "coming_true": {}}
                )
            ),
        )
        for page in pages
        if page.printed and page.kind not in ("vision", "story")
    ]
    # The whole document: its parts are cached like any PDF, then put together.
    parts, whole = plan_vision(
        env,
        context,
        key_of,
        list(stories.values()),
        chapters,
        pages[0].comments,
        pages[0].src,
        css,
        name,
    )
    plan.jobs += [PdfJob(part.key, part.name, part.html, False, css, True) for part in parts]
    plan.parts = {part.key for part in parts}
    plan.assembly.append(whole)
    plan.handouts[pages[0].src] = Handout(handout_src(VISION_NAME), whole.name)
    return plan


#: Besides white and the cover's wash, the darkest pale box the handouts' stylesheet
#: prints text on is lighter than this grey: text that reads on it reads on them all.
PALE_BOX = (230, 230, 230)


def _colours(env: Environment, palette: Palette) -> str:
    """The stylesheet that prints the handouts in the site's colours, readable (WCAG AA)."""
    wash = tint(palette.primary)
    grounds = (WHITE, wash, PALE_BOX)
    return env.from_string(HANDOUT_PALETTE.read_text(encoding="utf-8")).render(
        text=css_hex(readable(palette.primary, grounds)),
        wash=css_hex(wash),
        site_accent=css_hex(readable(palette.accent, grounds)),
    )


def _environment(template_dirs: Sequence[str | Path]) -> Environment:
    # Whitespace handling as in MkDocs's own environment: the web pages' body
    # templates render here too, and must read the same.
    env = Environment(
        loader=FileSystemLoader([*map(str, template_dirs), str(TEMPLATES)]), autoescape=True
    )
    env.filters["visionkit_markdown"] = render_print_markdown
    return keep_compiled(env)


def _in_document(stories: Mapping[str, Page]) -> Callable[[str], str]:
    """``link()`` for the web body templates inside the document.

    A story's page becomes its chapter's anchor. Every other page is a chapter
    of the same document, and the templates follow its link with the fragment
    of a heading inside it (``#theme-…``), so the page part is dropped.
    """
    anchors = {page.src: f"#person-{slug}" for slug, page in stories.items()}
    return lambda src: anchors.get(src, "")
