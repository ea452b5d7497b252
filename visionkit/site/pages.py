"""Which pages a vision publishes, and exactly what each page's template may read.

This is the site's shape, independent of any site engine: one stable source
path per page (``stories/amira.md`` becomes ``stories/amira/``), its title,
and one typed class per page kind. A template's variables are the fields of
its page's class (:meth:`Page.context`) - the shared :class:`Site` fields
first, then the page's own - so what a template may read is written here,
where mypy checks it, and nowhere else. Everything shared by all pages is
computed once per build (:class:`Site`), not once per page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal
from urllib.parse import quote

from visionkit.fields import KINDS
from visionkit.model import (
    AgendaItem,
    LogEntry,
    Person,
    Postcard,
    Priorities,
    Priority,
    Problem,
    Stakeholder,
    Theme,
    Vision,
)
from visionkit.read.folder import SharedTheme, StoryFolder, ThemeUse
from visionkit.site.labels import ENGLISH, Labels
from visionkit.site.priorities import PrioritySummary, summarise
from visionkit.site.quotes import fresh_quote
from visionkit.site.stakeholders import Cell, grid

PageKind = Literal[
    "vision", "story", "themes", "problems", "priorities", "log", "stakeholders", "accessibility"
]

VISION_SRC = "vision.md"
THEMES_SRC = "themes.md"
PROBLEMS_SRC = "problems.md"
PRIORITIES_SRC = "priorities.md"
LOG_SRC = "log.md"
STAKEHOLDERS_SRC = "stakeholders.md"
#: The accessibility statement UK public bodies must publish (FORMAT 1.1: accessibility/).
ACCESSIBILITY_SRC = "accessibility.md"
STORIES_DIR = "stories"

#: The row of faces atop the overview pages lists everyone up to this many people;
#: beyond it the row is a wall to scroll past on a phone (and its markup is
#: repeated on every such page), and the vision page's cards list them all anyway.
FACES_UP_TO = 24


def story_src(slug: str) -> str:
    return f"{STORIES_DIR}/{slug}.md"


@dataclass(frozen=True)
class Site:
    """What every page (and every handout) shows: the vision and its people."""

    vision: Vision
    #: Every fixed phrase, in the site's language: ``t("key", name=...)``.
    t: Labels
    #: The vision's status: its name and the sentence that explains it.
    status: tuple[str, str]
    #: The date of the session the vision comes from, written out in the site's language
    #: (empty without one).
    date: str
    people: list[Person]
    #: The row of faces atop overview pages (empty when there are too many people).
    faces: list[Person]
    #: Each method kind's name in the site's language.
    kinds: dict[str, str]
    long_date: Callable[[dt.date], str]
    #: Source path of each page by kind (only pages that exist) and by person slug.
    links: dict[str, str]

    def context(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Page:
    """One page: where it is, its title, and the data its template reads."""

    kind: ClassVar[PageKind]
    #: Whether the page is a chapter of the whole-vision PDF (the statement is about the site).
    printed: ClassVar[bool] = True
    src: str
    #: Plain text; the adapter escapes it wherever the site engine prints it raw.
    title: str
    description: str
    site: Site

    def context(self) -> dict[str, Any]:
        """The template's variables: the site's fields, this page kind's own, ``comments``."""
        own = {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("src", "title", "description", "site")
        }
        return {**self.site.context(), **own, "comments": self.comments}

    @property
    def feedback(self) -> str | None:
        """Where comments on this page go: the vision's feedback address."""
        return self.site.vision.feedback

    @property
    def comments(self) -> Comments | None:
        """The invitation to comment, while the vision is open for comments (not once agreed)."""
        vision, t = self.site.vision, self.site.t
        if vision.status == "agreed" or not self.feedback:
            return None
        subject = t("comments_subject", page=self.title, vision=vision.title)
        return Comments(
            comment_link(self.feedback, subject), self.feedback, t.date(vision.consultation_ends)
        )


@dataclass(frozen=True)
class Comments:
    """Where and until when a page invites comments."""

    #: The link: a form's address, or a mailto link whose subject names the page.
    url: str
    #: The address as people read it (printed on paper).
    address: str
    #: The last day comments are taken, written out; empty when the vision gives none.
    until: str


def comment_link(address: str, subject: str) -> str:
    if address.startswith("https://"):
        return address
    return f"mailto:{address}?subject={quote(subject)}"


@dataclass(frozen=True)
class VisionPage(Page):
    kind: ClassVar[PageKind] = "vision"


@dataclass(frozen=True)
class Change:
    """One of today's problems beside the page's themes that resolve it.

    The themes, not their mini-stories: the page lists those once already,
    under "Under the new, better service", and a page says nothing twice.
    """

    problem: Problem
    themes: tuple[Theme, ...]


@dataclass(frozen=True)
class StoryPage(Page):
    """A day in the life: one people file's persona, themes and what changes.

    Each block carries its own text, so nothing is printed twice on the page or
    its handout: the pull quote (only when it is not a mini-story the themes
    list anyway), the day, the themes with their mini-stories and post-its, and
    today's problems beside the themes that resolve them.
    """

    kind: ClassVar[PageKind] = "story"
    person: Person
    #: The pull quote the page shows, or None when it would only repeat a mini-story.
    quote: str | None
    #: The question the group's pad asked (the file's own, else the method's).
    question: str
    #: Each theme of the person's, and whether other groups share it.
    sections: list[tuple[Theme, bool]]
    changes: list[Change]

    @property
    def feedback(self) -> str | None:
        """The people file's own feedback address, else the vision's."""
        return self.person.feedback or self.site.vision.feedback


@dataclass(frozen=True)
class ThemesPage(Page):
    kind: ClassVar[PageKind] = "themes"
    #: Shared themes first, then by votes, then by title.
    themes: list[SharedTheme]


@dataclass(frozen=True)
class ProblemsPage(Page):
    kind: ClassVar[PageKind] = "problems"
    #: Each problem with the groups' themes that resolve it.
    problems: list[tuple[Problem, list[ThemeUse]]]


@dataclass(frozen=True)
class PrioritiesPage(Page):
    kind: ClassVar[PageKind] = "priorities"
    priorities: Priorities
    summary: PrioritySummary
    agenda: list[tuple[AgendaItem, Priority]]
    #: The postcards by method kind, kinds without any left out.
    postcards: dict[str, list[Postcard]]


@dataclass(frozen=True)
class LogPage(Page):
    kind: ClassVar[PageKind] = "log"
    entries: list[LogEntry]


@dataclass(frozen=True)
class StakeholdersPage(Page):
    kind: ClassVar[PageKind] = "stakeholders"
    stakeholders: list[Stakeholder]
    grid: list[list[Cell]]


@dataclass(frozen=True)
class AccessibilityPage(Page):
    """The accessibility statement, in the parts of GOV.UK's model statement.

    The Public Sector Bodies (Websites and Mobile Applications) (No. 2)
    Accessibility Regulations 2018 ask every UK public body's website for one.
    """

    kind: ClassVar[PageKind] = "accessibility"
    printed: ClassVar[bool] = False
    #: Every partner's name, joined as the site's language joins a list.
    partners: str
    #: The address that answers for the site (vision.yml ``contact``), if any.
    contact: str | None
    #: What the partnership knows is not accessible (vision.yml ``known_issues``).
    known_issues: list[str]
    #: The day the statement speaks for: the vision's date, or the build's.
    prepared: str


@dataclass(frozen=True)
class Footer:
    """What every page's footer adds, hand-written pages too: who runs the site, whom to
    ask, and the link to the accessibility statement (``statement``, its source path)."""

    t: Labels
    partners: str
    contact: str | None
    statement: str


def footer(site: Site) -> Footer:
    return Footer(
        site.t,
        site.t.join(p.name for p in site.vision.partners),
        site.vision.contact,
        ACCESSIBILITY_SRC,
    )


def build_pages(folder: StoryFolder, drafts: bool = False, labels: Labels = ENGLISH) -> list[Page]:
    """Every page of the vision site, in reading order; none whose input is absent.

    ``labels`` gives the titles and every fixed phrase; it is in each page's
    context as ``t``, so every template (web page or PDF) prints the same language.
    """
    people = folder.published(drafts)
    themes = folder.themes(people)
    site = _site(folder, people, bool(themes), labels)
    pages: list[Page] = [_vision_page(site)]
    shared = {tid for tid, theme in themes.items() if theme.shared}
    pages += [_story_page(site, folder, person, shared) for person in people]
    if themes:
        pages.append(_themes_page(site, themes))
    if folder.vision.problems:
        pages.append(_problems_page(site, folder.resolved_by(people)))
    if folder.priorities is not None:
        pages.append(_priorities_page(site, folder, folder.priorities))
    if folder.logs:
        pages.append(_log_page(site, folder))
    if folder.vision.stakeholders:
        pages.append(_stakeholders_page(site))
    pages.append(_accessibility_page(site))
    return pages


def _site(folder: StoryFolder, people: list[Person], themes: bool, labels: Labels) -> Site:
    vision = folder.vision
    optional = {
        "themes": (THEMES_SRC, themes),
        "problems": (PROBLEMS_SRC, bool(vision.problems)),
        "priorities": (PRIORITIES_SRC, folder.priorities is not None),
        "log": (LOG_SRC, bool(folder.logs)),
        "stakeholders": (STAKEHOLDERS_SRC, bool(vision.stakeholders)),
    }
    return Site(
        vision=vision,
        t=labels,
        status=(labels(f"status_{vision.status}"), labels(f"status_{vision.status}_text")),
        date=labels.date(vision.date),
        people=people,
        faces=people if len(people) <= FACES_UP_TO else [],
        kinds={kind: labels.kind(kind) for kind in KINDS},
        long_date=labels.date,
        links={
            "vision": VISION_SRC,
            **{kind: src for kind, (src, present) in optional.items() if present},
            **{person.slug: story_src(person.slug) for person in people},
        },
    )


def _vision_page(site: Site) -> VisionPage:
    vision = site.vision
    return VisionPage(VISION_SRC, site.t("title_vision"), vision.strapline or vision.service, site)


def _story_page(site: Site, folder: StoryFolder, person: Person, shared: set[str]) -> StoryPage:
    changes = [
        Change(problem, tuple(t for t in person.themes if problem.id in t.resolves))
        for problem in folder.problems_of(person)
    ]
    return StoryPage(
        story_src(person.slug),
        person.persona.name,
        person.pull_quote or person.persona.role,
        site,
        person=person,
        quote=fresh_quote(person),
        question=person.question or site.t("prize_question"),
        sections=[(theme, theme.id in shared) for theme in person.themes],
        changes=changes,
    )


def _theme_order(theme: SharedTheme) -> tuple[bool, int, str]:
    return (not theme.shared, -(theme.votes or 0), theme.title.lower())


def _themes_page(site: Site, themes: dict[str, SharedTheme]) -> ThemesPage:
    t = site.t
    ordered = sorted(themes.values(), key=_theme_order)
    return ThemesPage(THEMES_SRC, t("title_themes"), t("description_themes"), site, ordered)


def _problems_page(site: Site, resolved: dict[str, list[ThemeUse]]) -> ProblemsPage:
    t = site.t
    problems = [(problem, resolved.get(problem.id, [])) for problem in site.vision.problems]
    return ProblemsPage(
        PROBLEMS_SRC, t("title_problems"), t("description_problems"), site, problems
    )


def _priorities_page(site: Site, folder: StoryFolder, priorities: Priorities) -> PrioritiesPage:
    cards = priorities.postcards
    return PrioritiesPage(
        PRIORITIES_SRC,
        site.t("title_priorities"),
        priorities.title or site.t("description_priorities"),
        site,
        priorities=priorities,
        summary=summarise(priorities),
        agenda=folder.agenda(),
        postcards={
            kind: [c for c in cards if c.kind == kind]
            for kind in KINDS
            if any(c.kind == kind for c in cards)
        },
    )


def _log_page(site: Site, folder: StoryFolder) -> LogPage:
    t = site.t
    return LogPage(LOG_SRC, t("title_log"), t("description_log"), site, folder.log())


def _stakeholders_page(site: Site) -> StakeholdersPage:
    t = site.t
    stakeholders = site.vision.stakeholders
    return StakeholdersPage(
        STAKEHOLDERS_SRC,
        t("title_stakeholders"),
        t("description_stakeholders"),
        site,
        stakeholders=stakeholders,
        grid=grid(stakeholders),
    )


def _accessibility_page(site: Site) -> AccessibilityPage:
    t, vision = site.t, site.vision
    return AccessibilityPage(
        ACCESSIBILITY_SRC,
        t("title_accessibility"),
        t("description_accessibility"),
        site,
        partners=footer(site).partners,
        contact=vision.contact,
        known_issues=list(vision.known_issues),
        prepared=site.date or t.date(dt.date.today()),
    )
