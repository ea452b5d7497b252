"""A page of the site, and what every page shares: the classes each page kind extends.

Apart from :mod:`visionkit.site.pages` (which pages a vision publishes) so that
the modules of other page kinds (:mod:`visionkit.site.reportpages`) extend them
without importing the module that lists them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal
from urllib.parse import quote

from visionkit.model import Person, Vision
from visionkit.site.evidence import Sighting
from visionkit.site.labels import Labels

PageKind = Literal[
    "vision",
    "story",
    "themes",
    "problems",
    "priorities",
    "log",
    "stakeholders",
    "reports",
    "report",
    "accessibility",
]


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
    #: The published reports' evidence that shows each theme coming true, by theme id.
    coming_true: dict[str, list[Sighting]]

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
