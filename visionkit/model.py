"""The typed story-file contract (FORMAT.md, version 1).

One pydantic model per mapping in the contract. Every model forbids unknown keys,
so a typo such as ``nmae`` is an error rather than a silently lost value. The
safe YAML reader hands over every value as the text the workgroup typed; the
models decide which values are numbers or dates. Error texts raised here are
already plain English: :mod:`visionkit.validation` only adds file and line.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
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


def _slug(value: str) -> str:
    if not SLUG_PATTERN.fullmatch(value):
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
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


Text = Annotated[str, AfterValidator(_text)]
#: Text that the site renders as Markdown (sanitised); everything else is escaped.
Markdown = Annotated[str, AfterValidator(_text)]
Slug = Annotated[str, AfterValidator(_slug)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
DayTime = Annotated[str, AfterValidator(_text), AfterValidator(_day_time)]
Votes = Annotated[int, Field(ge=0)]
#: A path relative to the story folder; checked against the disk by the loader.
PicturePath = Text


def _shorthand(key: str) -> BeforeValidator:
    """Let plain text stand for a mapping with one key (``- Tamesford College``)."""
    return BeforeValidator(lambda value: {key: value} if isinstance(value, str) else value)


def _required_key(parent: str, key: str, why: str) -> PydanticCustomError:
    return PydanticCustomError(
        "missing_key",
        "{parent} needs '{key}' {why}",
        {"parent": parent, "key": key, "why": why},
    )


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Partner(Record):
    name: Text
    logo: PicturePath | None = None


class Problem(Record):
    id: Slug
    text: Text
    detail: Markdown | None = None


class Stakeholder(Record):
    name: Text
    interest: Level
    influence: Level
    involve: Text | None = None


class Confidential(Record):
    participants: list[Text] = []


class Vision(Record):
    title: Text
    strapline: Text | None = None
    service: Text
    partners: Annotated[list[Annotated[Partner, _shorthand("name")]], Field(min_length=1)]
    date: IsoDate | None = None
    status: VisionStatus = "draft"
    summary: Markdown | None = None
    problems: list[Problem] = []
    stakeholders: list[Stakeholder] = []
    confidential: Confidential = Confidential()


class Persona(Record):
    name: Text
    role: Text
    picture: PicturePath | None = None
    alt: Text | None = None

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
    id: Slug
    title: Text
    notes: list[Text] = []
    stories: list[Text] = []
    resolves: list[Slug] = []
    votes: Votes | None = None


class DayEntry(Record):
    time: DayTime
    text: Markdown


class Person(Record):
    """One stakeholder page. Its slug is the file name, set by the loader."""

    group: Text
    kind: Kind
    question: Text | None = None
    persona: Persona
    quote: Text | None = None
    themes: Annotated[list[Theme], Field(min_length=1)]
    day: list[DayEntry] = []
    story: Markdown | None = None
    status: PageStatus = "final"

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
    id: Slug
    text: Text
    votes: dict[Kind, Votes] = {}

    @property
    def shared(self) -> bool:
        """Users and staff both voted for it: a similarity the method asks to discuss."""
        return self.votes.get("user", 0) > 0 and self.votes.get("staff", 0) > 0


class Indicator(Record):
    text: Text
    measures: Measure | None = None


class AgendaItem(Record):
    priority: Slug
    goal: Text
    indicators: list[Annotated[Indicator, _shorthand("text")]] = []
    ambition: Text | None = None
    practicalities: Text | None = None

    @property
    def has_outcome(self) -> bool:
        return any(indicator.measures == "outcome" for indicator in self.indicators)


class Postcard(Record):
    kind: Kind
    text: Text


class Priorities(Record):
    title: Text | None = None
    priorities: Annotated[list[Priority], Field(min_length=1)]
    agenda: list[AgendaItem] = []
    postcards: list[Postcard] = []


class LogEntry(Record):
    project: Text
    date: IsoDate
    tool: Text
    desired_outcome: Text | None = None
    what_happened: Text | None = None
    next_time: Text | None = None

    _file: str = PrivateAttr(default="")

    @property
    def file(self) -> str:
        return self._file
