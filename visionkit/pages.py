"""Which pages a vision publishes, and the data each page's template needs.

This is the site's shape, independent of MkDocs: one stable source path per
page (``stories/amira.md`` becomes ``stories/amira/``), its title, and the
already-resolved data its template shows. Everything shared by all pages is
computed once per build here, not once per page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from .folder import SharedTheme, StoryFolder, ThemeUse
from .model import KINDS, Person, Problem, Theme
from .priorities import summarise
from .stakeholders import grid

PageKind = Literal["vision", "story", "themes", "problems", "priorities", "log", "stakeholders"]

VISION_SRC = "vision.md"
THEMES_SRC = "themes.md"
PROBLEMS_SRC = "problems.md"
PRIORITIES_SRC = "priorities.md"
LOG_SRC = "log.md"
STAKEHOLDERS_SRC = "stakeholders.md"
STORIES_DIR = "stories"

STATUS_TEXT = {
    "draft": ("Draft", "This vision is still being written. Comments are welcome."),
    "consultation": (
        "Out for consultation",
        "This vision is shared for comment before the partners agree it.",
    ),
    "agreed": ("Agreed", "The partners have agreed this vision."),
}

KIND_TEXT = {
    "user": "Service users",
    "staff": "Frontline staff",
    "decision-maker": "Decision makers",
    "other": "Other stakeholders",
}


def story_src(slug: str) -> str:
    return f"{STORIES_DIR}/{slug}.md"


def long_date(day: date | None) -> str:
    """``12 March 2026``, the way UK public bodies write dates."""
    return f"{day.day} {day:%B %Y}" if day else ""


@dataclass(frozen=True)
class Change:
    """One of today's problems beside the new way a page's stories describe."""

    problem: Problem
    stories: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    src: str
    kind: PageKind
    #: Plain text; the adapter escapes it wherever the site engine prints it raw.
    title: str
    description: str
    data: Mapping[str, Any] = field(default_factory=dict)


def _changes(folder: StoryFolder, person: Person) -> list[Change]:
    return [
        Change(
            problem,
            tuple(s for t in person.themes if problem.id in t.resolves for s in t.stories),
        )
        for problem in folder.problems_of(person)
    ]


def _theme_order(theme: SharedTheme) -> tuple[bool, int, str]:
    return (not theme.shared, -(theme.votes or 0), theme.title.lower())


def build_pages(folder: StoryFolder, drafts: bool = False) -> list[Page]:
    """Every page of the vision site, in reading order; none whose input is absent."""
    vision = folder.vision
    people = folder.published(drafts)
    themes = folder.themes(people)
    shared_ids = {tid for tid, theme in themes.items() if theme.shared}
    resolved = folder.resolved_by(people)
    optional = {
        "themes": (THEMES_SRC, bool(themes)),
        "problems": (PROBLEMS_SRC, bool(vision.problems)),
        "priorities": (PRIORITIES_SRC, folder.priorities is not None),
        "log": (LOG_SRC, bool(folder.logs)),
        "stakeholders": (STAKEHOLDERS_SRC, bool(vision.stakeholders)),
    }
    common: dict[str, Any] = {
        "vision": vision,
        "status": STATUS_TEXT[vision.status],
        "date": long_date(vision.date),
        "people": people,
        "kinds": KIND_TEXT,
        "long_date": long_date,
        "links": {
            "vision": VISION_SRC,
            **{kind: src for kind, (src, present) in optional.items() if present},
            **{person.slug: story_src(person.slug) for person in people},
        },
    }
    pages = [
        Page(
            VISION_SRC,
            "vision",
            "The vision",
            vision.strapline or vision.service,
            common,
        )
    ]
    for person in people:
        sections: list[tuple[Theme, bool]] = [(t, t.id in shared_ids) for t in person.themes]
        pages.append(
            Page(
                story_src(person.slug),
                "story",
                person.persona.name,
                person.pull_quote or person.persona.role,
                {
                    **common,
                    "person": person,
                    "sections": sections,
                    "changes": _changes(folder, person),
                },
            )
        )
    if optional["themes"][1]:
        pages.append(
            Page(
                THEMES_SRC,
                "themes",
                "Themes",
                "The themes the workshop groups clustered their ideas into.",
                {**common, "themes": sorted(themes.values(), key=_theme_order)},
            )
        )
    if optional["problems"][1]:
        problems: list[tuple[Problem, list[ThemeUse]]] = [
            (problem, resolved.get(problem.id, [])) for problem in vision.problems
        ]
        pages.append(
            Page(
                PROBLEMS_SRC,
                "problems",
                "Problems",
                "Today's problems, and how the new service resolves each of them.",
                {**common, "problems": problems},
            )
        )
    if folder.priorities is not None:
        cards = folder.priorities.postcards
        pages.append(
            Page(
                PRIORITIES_SRC,
                "priorities",
                "Priorities",
                folder.priorities.title or "The priorities users and staff agreed.",
                {
                    **common,
                    "priorities": folder.priorities,
                    "summary": summarise(folder.priorities),
                    "agenda": folder.agenda(),
                    "postcards": {
                        kind: [c for c in cards if c.kind == kind]
                        for kind in KINDS
                        if any(c.kind == kind for c in cards)
                    },
                },
            )
        )
    if folder.logs:
        pages.append(
            Page(
                LOG_SRC,
                "log",
                "User log",
                "Each time the partnership used a tool of the method, and what it learnt.",
                {**common, "entries": folder.log()},
            )
        )
    if vision.stakeholders:
        pages.append(
            Page(
                STAKEHOLDERS_SRC,
                "stakeholders",
                "Stakeholders",
                "Everyone with an interest in the new service, and how each is involved.",
                {**common, "stakeholders": vision.stakeholders, "grid": grid(vision.stakeholders)},
            )
        )
    return pages
