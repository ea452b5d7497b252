"""Whether the site's navigation lists every person, or sends readers to one list of them.

Material writes the whole navigation into every page, so a navigation that
lists each person's day in the life puts every other person's link into every
page: about 0.3 KB a person, on every page, which grows a site with the square
of its people (300 KB a page, most of a minute's build, at 1000 people). Past
:data:`LIST_PEOPLE_UP_TO` people the navigation has one entry in their place,
the vision overview's list of people (a card each, linking to every page);
search, the sitemap and the pages' own links still reach every person.
Measured in README.md, "Speed".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from visionkit.site.pages import VISION_SRC, Page

#: The navigation lists each person up to this many people. Measured: each one
#: adds 0.3 KB to every page, so at 60 the list is about 20 KB, as much as the
#: rest of a story page (21 KB with Material's frame), and several screens to
#: scroll past; up to 50 it costs no build time to speak of, at 100 a fifth.
LIST_PEOPLE_UP_TO = 60

#: The id of the overview's heading over its list of people (visionkit/vision.html).
PEOPLE_ANCHOR = "people"


@dataclass(frozen=True)
class PeopleIndex:
    """The navigation's one entry for a large vision's people, and whom it stands for."""

    #: The page that lists everyone, and the id of its list's heading.
    src: str
    anchor: str
    #: The source path of each person's page, left out of the navigation.
    people: frozenset[str]


def people_index(pages: Mapping[str, Page]) -> PeopleIndex | None:
    """Where the navigation sends readers for the people; None to list each of them."""
    people = frozenset(src for src, page in pages.items() if page.kind == "story")
    if len(people) <= LIST_PEOPLE_UP_TO or VISION_SRC not in pages:
        return None
    return PeopleIndex(VISION_SRC, PEOPLE_ANCHOR, people)
