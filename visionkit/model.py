"""The typed story-file contract, version 1 (REFERENCE.md lists its keys, made from here).

One pydantic model per mapping in the contract. Every model forbids unknown keys,
so a typo such as ``nmae`` is an error rather than a silently lost value. The
safe YAML reader hands over every value as the text the workgroup typed; the
models decide which values are numbers or dates. Error texts raised here are
already plain English: :mod:`visionkit.read.messages` only adds file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from visionkit.slugs import SLUG_PATTERN, slugify

_DIGITS_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")

Kind = Literal["user", "staff", "decision-maker", "other"]
KINDS: tuple[str, ...] = ("user", "staff", "decision-maker", "other")
#: The three roles the method says must take part in the room.
METHOD_KINDS: tuple[str, ...] = ("user", "staff", "decision-maker")
Level = Literal["low", "medium", "high"]
VisionStatus = Literal["draft", "consultation", "agreed"]
PageStatus = Literal["draft", "final"]
Measure = Literal["outcome", "output"]


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("empty", "this value is empty")
    return value


@dataclass(frozen=True)
class Length:
    """How long one kind of text may be, in characters, once its outer spaces are trimmed.

    Longer than ``readable``, it is hard to read where pages, share cards and
    handouts show it (a warning, VK207, saying ``why``); longer than ``limit``,
    it is refused (an error, VK111). The limits are far beyond any story, and
    bound what one value can cost the build: a story file of 2 MB could
    otherwise hold a single quote of two million characters.
    """

    #: What texts of this length are, as messages name them ("a name or title").
    kind: str
    limit: int
    readable: int | None = None
    why: str = ""

    def describe(self, each: bool = False) -> str:
        """The sentence REFERENCE.md and the editors' schemas add to a key's description."""
        subject = "Each" if each else "It"
        if self.readable is None:
            return f"{subject} may have at most {self.limit:,} characters."
        return (
            f"{subject} reads best within {self.readable:,} characters and may have at most "
            f"{self.limit:,}."
        )


#: Every text of the story files is one of these kinds (REFERENCE.md, "How long a text
#: may be", is made from them).
NAME = Length(
    "a name or title",
    200,
    60,
    "a name or title over 60 characters no longer fits a heading, the navigation or the "
    "title lines of a share card",
)
SHORT = Length(
    "a short text",
    1_000,
    200,
    "this text is shown as a line of its own (a subtitle, a table cell, a picture's "
    "description read aloud) and over 200 characters it becomes a paragraph",
)
SAYING = Length(
    "a quote, mini-story, post-it or postcard",
    2_000,
    300,
    "a share card shows about 300 characters of a quote, and a mini-story or post-it is a "
    "sentence or two",
)
PARAGRAPH = Length(
    "a paragraph",
    5_000,
    1_000,
    "over 1,000 characters (about 170 words) it is more than a paragraph",
)
LONG = Length(
    "a long text",
    20_000,
    6_000,
    "over 6,000 characters (about 1,000 words) it takes more than two printed pages of a handout",
)
TIME = Length(
    "a time",
    200,
    60,
    "a time over 60 characters no longer reads as a time beside its entry in the timeline",
)
ID = Length("an id", 100)
PATH = Length("a file path", 255)
#: The longest address email can carry (RFC 5321's path, less its angle brackets).
EMAIL = Length("an email address", 254)
#: Never published, so never too long to read: only bounded.
PARTICIPANT = Length("a participant's name", 200)
#: Every kind, longest last.
LENGTHS = (ID, TIME, PARTICIPANT, NAME, EMAIL, PATH, SHORT, SAYING, PARAGRAPH, LONG)


def _at_most(length: Length) -> AfterValidator:
    def check(value: str) -> str:
        if len(value) > length.limit:
            raise PydanticCustomError(
                "too_long",
                f"{length.kind} may have at most {length.limit:,} characters",
                {"limit": length.limit, "length": len(value)},
            )
        return value

    return AfterValidator(check)


def text_length(annotation: Any, metadata: Iterable[Any] = ()) -> Length | None:
    """The :class:`Length` a field's type carries (inside ``None |``, a list, ``Annotated``)."""
    for item in metadata:
        if isinstance(item, Length):
            return item
    if get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        return text_length(inner, extra)
    for arg in get_args(annotation):
        found = text_length(arg)
        if found is not None:
            return found
    return None


def is_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(is_list(arg) for arg in get_args(annotation))


def described(info: FieldInfo) -> str:
    """A key's description, with how long its text may be."""
    length = text_length(info.annotation, info.metadata)
    text = info.description or ""
    if length is not None:
        text += " " + length.describe(each=is_list(info.annotation))
    return text


def _slug(value: str) -> str:
    if not SLUG_PATTERN.fullmatch(value):
        suggestion = slugify(value)
        raise PydanticCustomError(
            "slug",
            "'{value}' is not a valid id: use lower-case letters, digits and hyphens only"
            + (", e.g. '{suggestion}'" if suggestion else ""),
            {"value": value, "suggestion": suggestion},
        )
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                return date.fromisoformat(value.strip())
        except ValueError:
            pass
        raise PydanticCustomError(
            "date",
            "'{value}' is not a date written as YYYY-MM-DD, e.g. 2026-05-02",
            {"value": value},
        )
    return value


def _day_time(value: str) -> str:
    """ "HH:MM" or a word such as "Morning"; "9am" is a typo worth catching."""
    match = _DIGITS_TIME.fullmatch(value)
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if hours < 24 and minutes < 60:
            return f"{hours:02d}:{minutes:02d}"
    elif not any(ch.isdigit() for ch in value):
        return value
    raise PydanticCustomError(
        "time",
        "'{value}' is not a time: write it as HH:MM (24-hour clock, e.g. 09:30) "
        "or as a word such as 'Morning'",
        {"value": value},
    )


# The JSON Schema of each type (for editors, see authoring/schema.py) says what the
# validators check, as far as JSON Schema can: YAML 1.2 editors read `1.10`
# or `true` as numbers and booleans, where visionkit reads the typed text.
_TEXT_SCHEMA = {"type": ["string", "number", "boolean"], "pattern": r"\S"}
# Text, by its kind of Length; every text field of the contract is one of these
# (tests/test_lengths.py checks that none is without a length).
Name = Annotated[
    str,
    AfterValidator(_text),
    _at_most(NAME),
    WithJsonSchema({**_TEXT_SCHEMA, "maxLength": NAME.limit}),
    NAME,
]
Participant = Annotated[
    str,
    AfterValidator(_text),
    _at_most(PARTICIPANT),
    WithJsonSchema({**_TEXT_SCHEMA, "maxLength": PARTICIPANT.limit}),
    PARTICIPANT,
]
Short = Annotated[
    str,
    AfterValidator(_text),
    _at_most(SHORT),
    WithJsonSchema({**_TEXT_SCHEMA, "maxLength": SHORT.limit}),
    SHORT,
]
Saying = Annotated[
    str,
    AfterValidator(_text),
    _at_most(SAYING),
    WithJsonSchema({**_TEXT_SCHEMA, "maxLength": SAYING.limit}),
    SAYING,
]
Paragraph = Annotated[
    str,
    AfterValidator(_text),
    _at_most(PARAGRAPH),
    WithJsonSchema({**_TEXT_SCHEMA, "maxLength": PARAGRAPH.limit}),
    PARAGRAPH,
]
#: Text that the site renders as Markdown (sanitised), a paragraph long; every
#: other text is escaped.
MarkdownParagraph = Paragraph
#: Markdown, a page or two long.
MarkdownLong = Annotated[
    str,
    AfterValidator(_text),
    _at_most(LONG),
    WithJsonSchema({**_TEXT_SCHEMA, "maxLength": LONG.limit}),
    LONG,
]
Slug = Annotated[
    str,
    _at_most(ID),  # before the slug check, whose message repeats the value
    AfterValidator(_slug),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": f"^{SLUG_PATTERN.pattern}$",
            "maxLength": ID.limit,
        }
    ),
    ID,
]
IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
DayTime = Annotated[
    str,
    AfterValidator(_text),
    _at_most(TIME),  # before the time check, whose message repeats the value
    AfterValidator(_day_time),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\s*(([01]?\d|2[0-3])[:.][0-5]\d|[^0-9]*[^0-9\s][^0-9]*)\s*$",
            "maxLength": TIME.limit,
        }
    ),
    TIME,
]
#: The most votes (dots) one count may hold: far beyond any room, and a longer
#: number is a slip of the keyboard that would otherwise break the page's sums.
MAX_VOTES = 1_000_000
Votes = Annotated[int, Field(ge=0, le=MAX_VOTES)]
#: A path relative to the story folder; checked against the disk by the loader.
PicturePath = Annotated[
    str,
    AfterValidator(_text),
    _at_most(PATH),
    WithJsonSchema({**_TEXT_SCHEMA, "maxLength": PATH.limit}),
    PATH,
]


#: One address, as people write one: no spaces, one @, a dot in the domain. The
#: contract asks for an email address and nothing more (no display name, no mailto:).
_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+")


def _email(value: str) -> str:
    if _EMAIL.fullmatch(value):
        return value
    raise PydanticCustomError(
        "email",
        "'{value}' is not an email address: write one address, such as access@example.org",
        {"value": value},
    )


Email = Annotated[
    str,
    AfterValidator(_text),
    _at_most(EMAIL),  # before the address check, whose message repeats the value
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": EMAIL.limit}),
    EMAIL,
]


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
        if name in properties and info.description:
            properties[name]["description"] = described(info)


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
            "The prize question asked on the group's pad; by default the method's own question "
            "with the group's name."
        ),
        examples=["What are residents saying about the new service that won it the prize?"],
    )
    persona: Persona = Field(description="The fictional person the group named and drew.")
    quote: Saying | None = Field(
        default=None,
        description="A pull quote; by default the first mini-story.",
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
    def prize_question(self) -> str:
        """The question on the pad; the method's own wording unless the file gives one."""
        return self.question or (
            f"What are the {self.group} saying about the new service that made the judges "
            f"give it the prize for best {self.group} experience?"
        )

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
