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
from .model import Person, Problem, Theme

PageKind = Literal["vision", "story", "themes", "problems"]

VISION_SRC = "vision.md"
THEMES_SRC = "themes.md"
PROBLEMS_SRC = "problems.md"
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
    """Every page of the vision site, in reading order."""
    vision = folder.vision
    people = folder.published(drafts)
    themes = folder.themes(people)
    shared_ids = {tid for tid, theme in themes.items() if theme.shared}
    resolved = folder.resolved_by(people)
    common: dict[str, Any] = {
        "vision": vision,
        "status": STATUS_TEXT[vision.status],
        "date": long_date(vision.date),
        "people": people,
        "kinds": KIND_TEXT,
        "links": {
            "vision": VISION_SRC,
            "themes": THEMES_SRC,
            "problems": PROBLEMS_SRC,
            **{person.slug: story_src(person.slug) for person in people},
        },
    }
    pages = [
        Page(
            VISION_SRC,
            "vision",
            "The vision",
            vision.strapline or vision.service,
            {**common, "themes": themes, "problems": vision.problems},
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
    if themes:
        pages.append(
            Page(
                THEMES_SRC,
                "themes",
                "Themes",
                "The themes the workshop groups clustered their ideas into.",
                {**common, "themes": sorted(themes.values(), key=_theme_order)},
            )
        )
    problems: list[tuple[Problem, list[ThemeUse]]] = [
        (problem, resolved.get(problem.id, [])) for problem in vision.problems
    ]
    if problems:
        pages.append(
            Page(
                PROBLEMS_SRC,
                "problems",
                "Problems",
                "Today's problems, and how the new service resolves each of them.",
                {**common, "problems": problems},
            )
        )
    return pages
