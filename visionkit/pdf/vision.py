"""The whole vision document, handouts/vision.pdf, planned as parts made on their own.

One WeasyPrint run over the whole document took a minute and 0.7 GB for 100
people (6 GB for 1,000), and any edit made it all again. So it is made of
parts, each an ordinary cached PDF job (:class:`~visionkit.pdf.handouts.PdfJob`):
one per person (each opens a page, as it always did) and one for every other
chapter (themes, problems, priorities, the log, stakeholders, flowing on from
each other as before), or several when those are long
(:mod:`visionkit.pdf.chapters`). An edit remakes only the parts whose HTML it
changes.
The cover, contents and summary are made last, when the page each part starts
on is known, and :mod:`visionkit.pdf.assemble` puts the parts together.

A part's links to an anchor in another part (a theme's link to a person) get a
stand-in anchor at the end of that part (``elsewhere.html``): WeasyPrint
refuses a link to nowhere, and putting the parts together points every link at
the real anchor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from visionkit.pdf import assemble
from visionkit.pdf.assemble import VisionJob
from visionkit.pdf.chapters import cut
from visionkit.site.pages import Page, StoryPage

#: Every anchor a part's HTML links to, and every one it has.
_LINKED = re.compile(r'href="#([^"]{1,200})"')
_ANCHOR = re.compile(r'\bid="([^"]{1,200})"')


@dataclass(frozen=True)
class Part:
    key: str
    #: Its file in the build cache.
    name: str
    html: str
    #: The anchors it links to that are in other parts (it has stand-ins for them).
    elsewhere: tuple[str, ...]
    #: It goes on with the chapter the part before it began.
    goes_on: bool = False


def plan_vision(
    env: Environment,
    context: Mapping[str, Any],
    key_of: Callable[[str], str],
    stories: Sequence[StoryPage],
    chapters: Sequence[tuple[Page, Markup]],
    comments: object,
    cover_src: str,
    css: str,
    name: Callable[[str, str], str],
) -> tuple[list[Part], VisionJob]:
    """The parts and the job that puts them together.

    ``key_of`` hashes a part's HTML with everything else that makes its PDF
    (the renderer, the stylesheets); ``name`` is the cache's file name for a
    slug and a key.
    """
    part = env.get_template("visionkit/handout/vision-part.html")

    def html_of(template: Any, data: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
        html: str = template.render({**context, **data, "elsewhere": []})
        elsewhere = tuple(sorted(set(_LINKED.findall(html)) - set(_ANCHOR.findall(html))))
        if elsewhere:
            html = template.render({**context, **data, "elsewhere": elsewhere})
        return html, elsewhere

    parts: list[Part] = []
    for story in stories:
        html, elsewhere = html_of(part, {"story": story, "chapters": []})
        key = key_of(html)
        parts.append(Part(key, name(f"vision-{story.person.slug}", key), html, elsewhere))
    for number, piece in enumerate(cut(chapters) if chapters else [], 1):
        html, elsewhere = html_of(part, {"story": None, "chapters": piece})
        key = key_of(html)
        slug = "vision-chapters" if number == 1 else f"vision-chapters-{number}"
        parts.append(Part(key, name(slug, key), html, elsewhere, not piece[0][2]))
    front = env.get_template("visionkit/handout/vision.html")
    numbers = env.get_template("visionkit/handout/page-numbers.html")
    front_data = {
        "stories": list(stories),
        "chapters": [page for page, _ in chapters],
        "cover_src": cover_src,
        "comments": comments,
    }

    def front_html(starts: Mapping[str, int]) -> tuple[str, tuple[str, ...]]:
        return html_of(front, {**front_data, "starts": starts})

    def numbers_html(pages: Sequence[int], total: int) -> str:
        rendered: str = numbers.render({**context, "numbers": pages, "total": total})
        return rendered

    # The cover and contents, numbers left out, the parts' keys and the code that
    # puts them together: what the document is made from (its page numbers
    # follow from the parts).
    key = key_of(
        "\x1f".join(
            [
                f"assembled by {assemble.SOURCE_HASH}",
                front_html({})[0],
                numbers_html([1], 1),
                *(part.key for part in parts),
            ]
        )
    )
    job = VisionJob(
        key,
        name("vision", key),
        tuple((part.name, part.elsewhere, part.goes_on) for part in parts),
        css,
        front_html,
        numbers_html,
        key_of,
    )
    return parts, job
