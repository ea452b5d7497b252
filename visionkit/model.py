"""The typed story-file contract, version 1 (REFERENCE.md lists its keys, made from here).

One pydantic model per mapping in the contract. Every model forbids unknown keys,
so a typo such as ``nmae`` is an error rather than a silently lost value. The
safe YAML reader hands over every value as the text the workgroup typed; the
models decide which values are numbers or dates. Error texts raised here are
already plain English: :mod:`visionkit.read.messages` only adds file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from visionkit.fields import (
    DayTime,
    Direction,
    Email,
    Feedback,
    IsoDate,
    Kind,
    Level,
    MarkdownLong,
    MarkdownParagraph,
    Measure,
    Name,
    Number,
    PageStatus,
    Paragraph,
    Participant,
    PicturePath,
    PortraitAge,
    PortraitHair,
    PortraitVariant,
    ReportStatus,
    Saying,
    Short,
    SkinTone,
    Slug,
    TrueOrFalse,
    Unit,
    VisionStatus,
    Votes,
    described,
)


def _shorthand(key: str, model: type[BaseModel]) -> BeforeValidator:
    """Let plain text stand for a mapping with one key (``- Tamesford College``)."""
    return BeforeValidator(
        lambda value: {key: value} if isinstance(value, str) else value,
        json_schema_input_type=str | model,
    )


def _required_key(parent: str, key: str, why: str) -> PydanticCustomError:
    return PydanticCustomError(
        "missing_key",
        "{parent} needs '{key}' {why}",
        {"parent": parent, "key": key, "why": why},
    )


def _lengths_in_schema(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Each key's description in the editors' schema says how long its text may be."""
    properties = schema.get("properties", {})
    for name, info in model.model_fields.items():
        key = info.alias or name  # `from`, a Python keyword, is the field from_
        if key in properties and info.description:
            properties[key]["description"] = described(info)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_lengths_in_schema)


class Partner(Record):
    name: Name = Field(
        description="The partner organisation's name, as it should be printed.",
        examples=["Tamesford Borough Council"],
    )
    logo: PicturePath | None = Field(
        default=None,
        description="The partner's logo: a JPEG, PNG or WebP file inside the story folder.",
        examples=["pictures/logo-council.png"],
    )


class Problem(Record):
    id: Slug = Field(
        description=(
            "A short id for the problem (lower-case letters, digits, hyphens); themes name it "
            "under 'resolves'."
        ),
        examples=["tell-again"],
    )
    text: Short = Field(
        description="The problem as people put it today, in their words.",
        examples=["I have to tell my story again to every service I am sent to."],
    )
    detail: MarkdownParagraph | None = Field(
        default=None,
        description="More about the problem (Markdown).",
        examples=["Residents told us they repeat the same story to up to six services."],
    )


class Stakeholder(Record):
    name: Name = Field(
        description="Who has an interest in the change.", examples=["Frontline advisers"]
    )
    interest: Level = Field(
        description="How much the change matters to them: low, medium or high.", examples=["high"]
    )
    influence: Level = Field(
        description="How much they can shape or stop it: low, medium or high.", examples=["medium"]
    )
    involve: Short | None = Field(
        default=None,
        description="How the partnership involves them.",
        examples=["Visioning workshop and priorities day"],
    )


class Confidential(Record):
    participants: list[Participant] = Field(
        default=[],
        description=(
            "The real names of workshop participants: never published; a published text "
            "containing one is an error."
        ),
        examples=[["Jane Realperson"]],
    )


class Vision(Record):
    title: Name = Field(
        description="The title of the vision document.", examples=["Working Well Tamesford"]
    )
    strapline: Short | None = Field(
        default=None,
        description="A one-line promise under the title.",
        examples=["One conversation, one plan, and support that stays with you into work."],
    )
    service: Short = Field(
        description="The shared service being envisioned.",
        examples=["A joined-up employment and health support service for Tamesford"],
    )
    partners: Annotated[
        list[Annotated[Partner, _shorthand("name", Partner)]],
        Field(
            min_length=1,
            description="The partner organisations: a name each, or a name and a logo.",
            examples=[
                [
                    "Tamesford College",
                    {"name": "Tamesford Borough Council", "logo": "pictures/logo-council.png"},
                ]
            ],
        ),
    ]
    date: IsoDate | None = Field(
        default=None,
        description="The date of the visioning session, as YYYY-MM-DD.",
        examples=["2026-03-12"],
    )
    status: VisionStatus = Field(
        default="draft",
        description=(
            "Where the vision stands, shown on every page and handout: draft, consultation or "
            "agreed."
        ),
        examples=["consultation"],
    )
    summary: MarkdownLong | None = Field(
        default=None,
        description="The opening of the vision document (Markdown).",
        examples=[
            "Today a Tamesford resident who is out of work tells their story again and again..."
        ],
    )
    problems: list[Problem] = Field(
        default=[], description="The complaints file: today's repeated problems, each with an id."
    )
    stakeholders: list[Stakeholder] = Field(
        default=[],
        description=(
            "The stakeholder analysis: everyone with an interest, and their interest and influence."
        ),
    )
    feedback: Feedback | None = Field(
        default=None,
        description=(
            "Where partners send comments: an email address, or the https:// address of a "
            "form. While status is draft or consultation, every page and handout invites "
            "comments there; once agreed, none does."
        ),
        examples=["vision@tamesford.gov.uk"],
    )
    consultation_ends: IsoDate | None = Field(
        default=None,
        description=(
            "The last day comments are taken, as YYYY-MM-DD: the invitation says until when."
        ),
        examples=["2026-06-30"],
    )
    contact: Email | None = Field(
        default=None,
        description=(
            "The email address of whoever answers for the site: shown in every page's footer "
            "and in the accessibility statement (accessibility/). Without one, both name the "
            "partners to contact."
        ),
        examples=["access@tamesford.gov.uk"],
    )
    known_issues: list[Short] = Field(
        default=[],
        description=(
            "What the partnership knows is not accessible on the site, one short text each "
            "(a hand-written page, a video without captions); the accessibility statement "
            "lists them."
        ),
        examples=[["The map on the 'About' page has no text alternative yet."]],
    )
    confidential: Confidential = Field(
        default=Confidential(),
        description=(
            "Never published: the real participants' names, so visionkit can stop them being "
            "published."
        ),
    )


class Portrait(Record):
    """What a generated portrait shows, where the group wants a say; the rest is chosen
    from the persona's name and role, so leaving a trait out keeps today's drawing."""

    variant: PortraitVariant | None = Field(
        default=None,
        description=(
            "Another drawing with the same traits: 1 is the drawing without this key, 2, 3 "
            "and on are others (visionkit portraits NAME shows them)."
        ),
        examples=[3],
    )
    age: PortraitAge | None = Field(
        default=None,
        description="How old the person looks: child, young, adult or older.",
        examples=["older"],
    )
    skin: SkinTone | None = Field(
        default=None,
        description="The skin tone, from 1 (lightest) to 6 (darkest).",
        examples=[4],
    )
    hair: PortraitHair | None = Field(
        default=None,
        description=(
            "The hair: none, short, long, curly, or covered (a headscarf covering hair, ears "
            "and neck)."
        ),
        examples=["long"],
    )
    glasses: TrueOrFalse | None = Field(
        default=None,
        description="Whether the person wears glasses: true or false.",
        examples=[True],
    )


def _persona_schema(schema: dict[str, Any], model: type[BaseModel]) -> None:
    _lengths_in_schema(schema, model)
    schema["dependentRequired"] = {"picture": ["alt"]}


class Persona(Record):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_persona_schema)

    name: Name = Field(
        description="The fictional person's name (never a real participant's).", examples=["Amira"]
    )
    role: Short = Field(
        description="Who they are, in a few words.",
        examples=["Single parent, back at work after a long illness"],
    )
    picture: PicturePath | None = Field(
        default=None,
        description=(
            "The group's drawing of the person: a JPEG, PNG or WebP file inside the story "
            "folder. Without one, a portrait is generated."
        ),
        examples=["pictures/amira.png"],
    )
    alt: Short | None = Field(
        default=None,
        description="What the picture shows, for people who cannot see it; needed with 'picture'.",
        examples=["Crayon drawing of Amira smiling, holding a coffee cup"],
    )
    portrait: Portrait | None = Field(
        default=None,
        description=(
            "How the generated portrait should look when there is no picture (a picture always "
            "wins): any of variant, age, skin, hair and glasses; a trait left out stays as "
            "drawn. visionkit portraits NAME shows drawings to choose from."
        ),
        examples=[{"variant": 3, "hair": "long"}],
    )

    @model_validator(mode="after")
    def _alt_with_picture(self) -> Persona:
        if self.picture is not None and self.alt is None:
            raise _required_key(
                "a persona with a picture",
                "alt",
                "describing the picture for people who cannot see it, "
                "e.g. alt: Amira at her kitchen table with a laptop",
            )
        return self


class Theme(Record):
    id: Slug = Field(
        description=(
            "A short id for the cluster; the same id in several people files makes one shared "
            "theme."
        ),
        examples=["tell-it-once"],
    )
    title: Name = Field(
        description="The phrase the group wrote beside the cluster.", examples=["Tell it once"]
    )
    notes: list[Saying] = Field(
        default=[],
        description="The post-its of the cluster, one per item.",
        examples=[["Stop asking me the same questions"]],
    )
    stories: list[Saying] = Field(
        default=[],
        description="Mini-stories: full sentences in the first person, about the group itself.",
        examples=[["I can now tell my story once and every service I meet already knows it."]],
    )
    resolves: list[Slug] = Field(
        default=[],
        description="The ids of the problems (in vision.yml) this theme resolves.",
        examples=[["tell-again"]],
    )
    votes: Votes | None = Field(
        default=None,
        description="How many votes (dots) the cluster got: a whole number, 0 or more.",
        examples=[14],
    )


class DayEntry(Record):
    time: DayTime = Field(
        description="A time as HH:MM on the 24-hour clock, or a word such as Morning.",
        examples=["07:15"],
    )
    text: MarkdownParagraph = Field(
        description="What happens then (Markdown).", examples=["Amira gets Leila ready for school."]
    )


class Person(Record):
    """One stakeholder page. Its slug is the file name, set by the loader."""

    group: Name = Field(
        description="The stakeholder group as the room called it.", examples=["Residents"]
    )
    kind: Kind = Field(
        description=(
            "Which of the method's roles the group plays: user, staff, decision-maker or other."
        ),
        examples=["user"],
    )
    question: Short | None = Field(
        default=None,
        description=(
            "The prize question asked on the group's pad; by default the method's own question, "
            "put to the group."
        ),
        examples=["What are residents saying about the new service that won it the prize?"],
    )
    persona: Persona = Field(description="The fictional person the group named and drew.")
    quote: Saying | None = Field(
        default=None,
        description=(
            "A pull quote; by default the first mini-story. The page shows it only when it is "
            "not one of the mini-stories listed under the themes."
        ),
        examples=["I told my story once, and everyone who helped me already knew it."],
    )
    themes: Annotated[
        list[Theme],
        Field(min_length=1, description="The clusters from the group's pad, at least one."),
    ]
    day: list[DayEntry] = Field(
        default=[], description="The day in the life as a timeline of times and what happens."
    )
    story: MarkdownLong | None = Field(
        default=None,
        description="The day in the life as a narrative (Markdown).",
        examples=["Dylan has been an adviser at the Riverside hub for nine years..."],
    )
    feedback: Feedback | None = Field(
        default=None,
        description=(
            "Where to send comments on this page, if not the vision's feedback address: an "
            "email address or an https:// address."
        ),
        examples=["residents-panel@tamesford.gov.uk"],
    )
    status: PageStatus = Field(
        default="final",
        description=(
            "draft pages are left out of the site unless drafts are switched on: draft or final."
        ),
        examples=["final"],
    )

    _slug: str = PrivateAttr(default="")
    _file: str = PrivateAttr(default="")

    @property
    def slug(self) -> str:
        return self._slug

    @property
    def file(self) -> str:
        """The source file, relative to the story folder."""
        return self._file

    @property
    def mini_stories(self) -> list[str]:
        return [story for theme in self.themes for story in theme.stories]

    @property
    def pull_quote(self) -> str | None:
        return self.quote or next(iter(self.mini_stories), None)

    @property
    def is_first_draft(self) -> bool:
        """Neither a timeline nor a narrative yet: published as its mini-stories."""
        return not self.day and self.story is None

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


class Priority(Record):
    id: Slug = Field(
        description="A short id for the priority; agenda items name it.",
        examples=["one-shared-plan"],
    )
    text: Short = Field(
        description="The tangible priority as the group wrote it.",
        examples=["One shared plan per resident that every partner and the resident can see"],
    )
    votes: dict[Kind, Votes] = Field(
        default={},
        description=(
            "Votes by kind of group, e.g. user: 12, staff: 6. Votes from both user and staff "
            "make it a shared priority."
        ),
        examples=[{"user": 12, "staff": 6}],
    )

    @property
    def shared(self) -> bool:
        """Users and staff both voted for it: a similarity the method asks to discuss."""
        return self.votes.get("user", 0) > 0 and self.votes.get("staff", 0) > 0


def _order(later: str, earlier: str, why: str) -> PydanticCustomError:
    """``later`` is dated before ``earlier``; ``why`` (no braces) says why it may not be."""
    return PydanticCustomError(
        "order", "{later} is before {earlier}: " + why, {"later": later, "earlier": earlier}
    )


class DatedValue(Record):
    """An indicator's value on a date: where it started (baseline) or is meant to get to
    (target)."""

    date: IsoDate = Field(
        description="When the value was, or is to be, measured, as YYYY-MM-DD.",
        examples=["2026-04-01"],
    )
    value: Number = Field(
        description=(
            "The number, without its unit: digits, with a decimal point if need be, such as "
            "41 or 41.5."
        ),
        examples=[41],
    )


class Indicator(Record):
    text: Short = Field(
        description="What the goal is measured against.",
        examples=["Residents who say they only had to tell their story once"],
    )
    measures: Measure | None = Field(
        default=None,
        description="outcome (what changes for people) or output (how the process runs).",
        examples=["outcome"],
    )
    id: Slug | None = Field(
        default=None,
        description=(
            "A short id for the indicator, unique in the file: the readings in measures.csv "
            "and the evidence in progress reports name it. Without one it cannot be measured."
        ),
        examples=["told-once"],
    )
    unit: Unit | None = Field(
        default=None,
        description=(
            "What the numbers count, printed beside each of them: days, people, or '%' "
            "(in quotes: a value cannot start with % unquoted)."
        ),
        examples=["days"],
    )
    direction: Direction = Field(
        default="up",
        description=(
            "Which way is better: up (more is better, the default) or down (less is better, "
            "such as days waited)."
        ),
        examples=["down"],
    )
    baseline: DatedValue | None = Field(
        default=None,
        description="Where the indicator stood when the work began: a date and a value.",
        examples=[{"date": "2026-04-01", "value": 22}],
    )
    target: DatedValue | None = Field(
        default=None,
        description=(
            "Where the partnership means the indicator to be, and by when: a date (not before "
            "the baseline's) and a value."
        ),
        examples=[{"date": "2027-03-31", "value": 60}],
    )

    @field_validator("target")
    @classmethod
    def _target_after_baseline(
        cls, target: DatedValue | None, info: ValidationInfo
    ) -> DatedValue | None:
        baseline = info.data.get("baseline")
        if target is not None and baseline is not None and target.date < baseline.date:
            raise _order(
                f"its date ({target.date.isoformat()})",
                f"the baseline's ({baseline.date.isoformat()})",
                "a target is where the indicator should get to after its baseline - correct "
                "one of the two dates",
            )
        return target


class AgendaItem(Record):
    priority: Slug = Field(
        description="The id of the priority this item is for.", examples=["one-shared-plan"]
    )
    goal: Short = Field(
        description="The specific goal the mixed groups agreed.",
        examples=["Every resident who comes to any partner has one plan."],
    )
    indicators: list[Annotated[Indicator, _shorthand("text", Indicator)]] = Field(
        default=[],
        description="What the goal is measured against: text, or text with 'measures'.",
        examples=[
            [
                {
                    "text": "Residents who say they only had to tell their story once",
                    "measures": "outcome",
                }
            ]
        ],
    )
    ambition: Paragraph | None = Field(
        default=None,
        description="The overall ambition.",
        examples=["No resident is assessed twice for the same thing."],
    )
    practicalities: Paragraph | None = Field(
        default=None,
        description="What it takes to get there.",
        examples=["Needs the data-sharing agreement signed first."],
    )

    @property
    def has_outcome(self) -> bool:
        return any(indicator.measures == "outcome" for indicator in self.indicators)


class Postcard(Record):
    kind: Kind = Field(
        description="Which kind of group wrote it: user, staff, decision-maker or other.",
        examples=["user"],
    )
    text: Saying = Field(
        description="The one thing that should change.",
        examples=["Stop making me prove I'm ill every time I walk in somewhere new."],
    )


class Priorities(Record):
    title: Name | None = Field(
        default=None,
        description="The title of the priorities page.",
        examples=["Priorities day, 2 May 2026"],
    )
    priorities: Annotated[
        list[Priority],
        Field(
            min_length=1, description="The tangible priorities each group wrote, with their votes."
        ),
    ]
    agenda: list[AgendaItem] = Field(
        default=[], description="The common agenda the mixed groups agreed."
    )
    postcards: list[Postcard] = Field(
        default=[], description="Postcards: the one thing each participant says should change."
    )


class LogEntry(Record):
    project: Name = Field(
        description="The project the tool was used for.", examples=["Working Well Tamesford"]
    )
    date: IsoDate = Field(
        description="When the tool was used, as YYYY-MM-DD.", examples=["2026-03-12"]
    )
    tool: Name = Field(
        description="Which tool of the method was used.", examples=["Visioning session"]
    )
    desired_outcome: Paragraph | None = Field(
        default=None,
        description="What the partnership hoped for.",
        examples=["A first draft of stories from all three groups."],
    )
    what_happened: Paragraph | None = Field(
        default=None,
        description="What actually happened.",
        examples=["Twenty-two people came; the employers' pad was thin."],
    )
    next_time: Paragraph | None = Field(
        default=None,
        description="What it would do differently next time.",
        examples=["Invite employers separately, at breakfast time."],
    )

    _file: str = PrivateAttr(default="")

    @property
    def file(self) -> str:
        return self._file


class Evidence(Record):
    """A story of what really happened for someone: a mini-story coming true."""

    story: MarkdownParagraph = Field(
        description=("What happened, in the words of the person or of whoever saw it (Markdown)."),
        examples=["I went to the college about a course and they already knew my plan."],
    )
    from_: Short = Field(
        alias="from",
        description=(
            "Who it comes from, without a name: an attribution such as 'A resident in Riverside'."
        ),
        examples=["A resident in Riverside"],
    )
    date: IsoDate | None = Field(
        default=None, description="When it happened, as YYYY-MM-DD.", examples=["2026-10-14"]
    )
    themes: list[Slug] = Field(
        default=[],
        description="The ids of the themes (in the people files) it shows coming true.",
        examples=[["tell-it-once"]],
    )
    indicators: list[Slug] = Field(
        default=[],
        description="The ids of the indicators (in priorities.yml) it explains.",
        examples=[["told-once"]],
    )


class Report(Record):
    """One progress report. Its slug is the file name, set by the loader."""

    title: Name = Field(
        description="The report's title.", examples=["Progress report, autumn 2026"]
    )
    from_: IsoDate = Field(
        alias="from",
        description="The first day of the period the report covers, as YYYY-MM-DD.",
        examples=["2026-09-01"],
    )
    to: IsoDate = Field(
        description="The last day of the period, as YYYY-MM-DD: not before 'from'.",
        examples=["2026-11-30"],
    )
    status: ReportStatus = Field(
        default="published",
        description=(
            "draft reports are left out of the site unless drafts are switched on: draft or "
            "published."
        ),
        examples=["draft"],
    )
    summary: MarkdownLong | None = Field(
        default=None,
        description="The partnership's own account of the period (Markdown).",
        examples=["This autumn the shared plan went live in Riverside..."],
    )
    highlights: list[Short] = Field(
        default=[],
        description="What went well, one short text each.",
        examples=[["Every adviser in Riverside can now open a resident's shared plan."]],
    )
    evidence: list[Evidence] = Field(
        default=[],
        description="Stories of what really happened for people, each with where it comes from.",
    )
    next: MarkdownLong | None = Field(
        default=None,
        description="What the partnership will do next (Markdown).",
        examples=["Open the shared plan to the college and the GP practices by March."],
    )

    _slug: str = PrivateAttr(default="")
    _file: str = PrivateAttr(default="")

    @field_validator("to")
    @classmethod
    def _to_after_from(cls, to: Date, info: ValidationInfo) -> Date:
        start = info.data.get("from_")
        if start is not None and to < start:
            raise _order(
                to.isoformat(),
                f"'from' ({start.isoformat()})",
                "the period must end on or after the day it starts - swap the two dates, or "
                "correct one of them",
            )
        return to

    @property
    def slug(self) -> str:
        return self._slug

    @property
    def file(self) -> str:
        """The source file, relative to the story folder."""
        return self._file

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def covers(self, day: Date) -> bool:
        """Whether ``day`` is in the report's period (its first and last days included)."""
        return self.from_ <= day <= self.to


@dataclass(frozen=True)
class Reading:
    """One row of measures.csv: an indicator's value on a date.

    Not a YAML mapping, so not a :class:`Record`: :mod:`visionkit.read.measures`
    reads and checks each cell, saying which row of the spreadsheet is wrong.
    ``row`` is that row as the spreadsheet shows it (the header is row 1) and
    ``line`` the line of the text file it starts on (a cell may hold a line
    break), for later messages.
    """

    indicator: str
    date: Date
    value: Decimal
    source: str
    note: str | None = None
    row: int = 0
    line: int = 0
