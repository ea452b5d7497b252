"""Which pages a vision publishes, and the data each page's template needs.

This is the site's shape, independent of MkDocs: one stable source path per
page (``stories/amira.md`` becomes ``stories/amira/``), its title, and the
already-resolved data its template shows. Everything shared by all pages is
computed once per build here, not once per page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from visionkit.read.folder import SharedTheme, StoryFolder, ThemeUse
from visionkit.site.labels import ENGLISH, Labels
from visionkit.model import KINDS, Person, Problem, Theme
from visionkit.site.priorities import summarise
from visionkit.site.stakeholders import grid

PageKind = Literal["vision", "story", "themes", "problems", "priorities", "log", "stakeholders"]

VISION_SRC = "vision.md"
THEMES_SRC = "themes.md"
PROBLEMS_SRC = "problems.md"
PRIORITIES_SRC = "priorities.md"
LOG_SRC = "log.md"
STAKEHOLDERS_SRC = "stakeholders.md"
STORIES_DIR = "stories"


def story_src(slug: str) -> str:
    return f"{STORIES_DIR}/{slug}.md"


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


#: The row of faces atop the overview pages lists everyone up to this many people;
#: beyond it the row is a wall to scroll past on a phone (and its markup is
#: repeated on every such page), and the vision page's cards list them all anyway.
FACES_UP_TO = 24


def build_pages(folder: StoryFolder, drafts: bool = False, labels: Labels = ENGLISH) -> list[Page]:
    """Every page of the vision site, in reading order; none whose input is absent.

    ``labels`` gives the titles and every fixed phrase; it is in each page's
    data as ``t``, so every template (web page or PDF) prints the same language.
    """
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
        "t": labels,
        "status": (labels(f"status_{vision.status}"), labels(f"status_{vision.status}_text")),
        "date": labels.date(vision.date),
        "people": people,
        "faces": people if len(people) <= FACES_UP_TO else [],
        "kinds": {kind: labels.kind(kind) for kind in KINDS},
        "long_date": labels.date,
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
            labels("title_vision"),
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
                labels("title_themes"),
                labels("description_themes"),
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
                labels("title_problems"),
                labels("description_problems"),
                {**common, "problems": problems},
            )
        )
    if folder.priorities is not None:
        cards = folder.priorities.postcards
        pages.append(
            Page(
                PRIORITIES_SRC,
                "priorities",
                labels("title_priorities"),
                folder.priorities.title or labels("description_priorities"),
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
                labels("title_log"),
                labels("description_log"),
                {**common, "entries": folder.log()},
            )
        )
    if vision.stakeholders:
        pages.append(
            Page(
                STAKEHOLDERS_SRC,
                "stakeholders",
                labels("title_stakeholders"),
                labels("description_stakeholders"),
                {**common, "stakeholders": vision.stakeholders, "grid": grid(vision.stakeholders)},
            )
        )
    return pages
