"""Which pages a vision publishes, and exactly what each page's template may read.

This is the site's shape, independent of any site engine: one stable source
path per page (``stories/amira.md`` becomes ``stories/amira/``), its title,
and one typed class per page kind. A template's variables are the fields of
its page's class (:meth:`Page.context`) - the shared :class:`Site` fields
first, then the page's own - so what a template may read is written here,
where mypy checks it, and nowhere else. Everything shared by all pages is
computed once per build (:class:`Site`), not once per page. The classes every
page kind extends are in :mod:`visionkit.site.page`; the progress reports' page
kinds in :mod:`visionkit.site.reportpages`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from visionkit.fields import KINDS
from visionkit.model import (
    AgendaItem,
    LogEntry,
    Person,
    Postcard,
    Priorities,
    Priority,
    Problem,
    Report,
    Stakeholder,
    Theme,
)
from visionkit.read.folder import SharedTheme, StoryFolder, ThemeUse
from visionkit.site.evidence import REPORTS_SRC, Sighting, coming_true, once_each
from visionkit.site.labels import ENGLISH, Labels
from visionkit.site.page import Comments, Page, PageKind, Site
from visionkit.site.priorities import PrioritySummary, summarise
from visionkit.site.quotes import fresh_quote
from visionkit.site.reportpages import report_pages
from visionkit.site.stakeholders import Cell, grid

#: Defined in visionkit.site.page; named here too, where every page kind is listed.
__all__ = ["Comments", "Page", "PageKind", "Site", "build_pages", "footer"]

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
    #: The reports' evidence under each theme of the page, each story once.
    coming_true: dict[str, list[Sighting]]

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
    reports = folder.published_reports(drafts)
    site = _site(folder, people, bool(themes), labels, reports)
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
    pages += report_pages(site, folder, people, reports)
    pages.append(_accessibility_page(site))
    return pages


def _site(
    folder: StoryFolder, people: list[Person], themes: bool, labels: Labels, reports: list[Report]
) -> Site:
    vision = folder.vision
    optional = {
        "themes": (THEMES_SRC, themes),
        "problems": (PROBLEMS_SRC, bool(vision.problems)),
        "priorities": (PRIORITIES_SRC, folder.priorities is not None),
        "log": (LOG_SRC, bool(folder.logs)),
        "stakeholders": (STAKEHOLDERS_SRC, bool(vision.stakeholders)),
        "reports": (REPORTS_SRC, bool(reports)),
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
        coming_true=coming_true(reports),
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
        coming_true=once_each(site.coming_true, [theme.id for theme in person.themes]),
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
