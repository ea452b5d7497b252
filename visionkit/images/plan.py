"""Which images a vision site needs: a picture for every persona, logos, a card per page.

A persona's own picture always wins; only personas without one get a
generated portrait. Every page gets a share card: the persona for a day in the
life, and up to four of the groups' drawings for the other pages. The cards'
fixed words and the generated portraits' alt text are in the site's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from visionkit.images.cards import CardText
from visionkit.images.jobs import (
    ImageJob,
    PictureSource,
    PortraitSource,
    Responsive,
    Source,
    Variant,
    card_job,
    picture_job,
    portrait_job,
)
from visionkit.model import Person
from visionkit.palette import VISIONKIT, Palette
from visionkit.read.folder import StoryFolder
from visionkit.site.labels import ENGLISH, Labels
from visionkit.site.pages import Page, StoryPage
from visionkit.site.translate import source_text


@dataclass
class ImagePlan:
    jobs: list[ImageJob] = field(default_factory=list)
    #: By persona slug: their picture or, without one, their generated portrait.
    personas: dict[str, Responsive] = field(default_factory=dict)
    #: Slugs whose image is a generated portrait rather than the group's picture.
    generated: set[str] = field(default_factory=set)
    logos: dict[str, Responsive] = field(default_factory=dict)
    #: By page source path.
    cards: dict[str, Variant] = field(default_factory=dict)
    labels: Labels = ENGLISH

    def persona_alt(self, person: Person) -> str:
        """The group's own description of its drawing, or what a generated portrait shows."""
        if person.slug in self.generated or not person.persona.alt:
            return self.labels("illustration_of", name=person.persona.name)
        return str(person.persona.alt)  # an attribute: plain text, never marked up


def plan_images(
    folder: StoryFolder, pages: list[Page], labels: Labels = ENGLISH, palette: Palette = VISIONKIT
) -> ImagePlan:
    """Every image of ``pages``; the share cards in the site's colours (``palette``)."""
    plan = ImagePlan(labels=labels)
    sources: dict[str, Source] = {}
    pictures: dict[str, tuple[Responsive, PictureSource]] = {}

    def picture(reference: str) -> tuple[Responsive, PictureSource]:
        if reference not in pictures:
            job, responsive, source = picture_job(reference, folder.pictures[reference])
            plan.jobs.append(job)
            pictures[reference] = (responsive, source)
        return pictures[reference]

    people: list[Person] = [p.person for p in pages if isinstance(p, StoryPage)]
    for person in people:
        ref = person.persona.picture
        if ref and ref in folder.pictures:
            plan.personas[person.slug], sources[person.slug] = picture(ref)
        else:
            persona = person.persona
            # Drawn from the story file's words: one persona, one face, in every language.
            name, role = source_text(persona.name), source_text(persona.role)
            source = PortraitSource(name, role, person.kind, persona.portrait)
            job, plan.personas[person.slug] = portrait_job(source)
            plan.jobs.append(job)
            plan.generated.add(person.slug)
            sources[person.slug] = source
    for partner in folder.vision.partners:
        if partner.logo and partner.logo in folder.pictures:
            plan.logos[partner.logo] = picture(partner.logo)[0]
    vision = folder.vision
    status, label = vision.status, labels(f"status_{vision.status}")
    # Cards of the other pages show the groups' own drawings only: a persona's text edit
    # (which changes a generated portrait) then never remakes every page's card.
    everyone = [sources[p.slug] for p in people if p.slug not in plan.generated]
    for page in pages:
        if isinstance(page, StoryPage):
            person = page.person
            text = CardText(
                labels("card_story_kicker", group=person.group),
                person.persona.name,
                person.persona.role,
                person.pull_quote or "",
                vision.title,
                status,
                label,
            )
            job, variant = card_job(person.slug, text, [sources[person.slug]], person.kind, palette)
        elif page.kind == "vision":
            text = CardText(
                labels("our_shared_vision"),
                vision.title,
                vision.service,
                vision.strapline or "",
                ", ".join(p.name for p in vision.partners),
                status,
                label,
            )
            job, variant = card_job("vision", text, everyone, "other", palette)
        else:
            text = CardText(
                vision.title, page.title, page.description, "", vision.title, status, label
            )
            job, variant = card_job(page.kind, text, everyone, "other", palette)
        plan.jobs.append(job)
        plan.cards[page.src] = variant
    return plan
