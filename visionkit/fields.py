"""The kinds of value a story file holds: texts with their lengths, ids, dates, votes, paths.

Every key of the contract (visionkit/model.py) is one of these types, so what a
value may be - how long a text may get, what an id or a time looks like, which
address is an email address - is decided once, here, with the plain-English
message a workgroup sees when a value is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    WithJsonSchema,
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
#: Which way an indicator is better: more (``up``) or less (``down``, such as days waited).
Direction = Literal["up", "down"]
ReportStatus = Literal["draft", "published"]


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
UNIT = Length(
    "a unit",
    100,
    20,
    "a unit is printed beside every number of its indicator, in charts and tables, and "
    "over 20 characters it no longer fits there",
)
PATH = Length("a file path", 255)
#: The longest address email can carry (RFC 5321's path, less its angle brackets).
EMAIL = Length("an email address", 254)
#: Never published, so never too long to read: only bounded.
PARTICIPANT = Length("a participant's name", 200)
#: Where people send something: an email address or a form's web address.
ADDRESS = Length("an email or web address", 500)
#: Every kind, longest last.
LENGTHS = (ID, UNIT, TIME, PARTICIPANT, NAME, EMAIL, PATH, ADDRESS, SHORT, SAYING, PARAGRAPH, LONG)


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


def read_date(text: str) -> date | None:
    """``text`` as a date when it is one written as YYYY-MM-DD (spaces around allowed)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:  # 2026-02-30
            return None
    return None


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        found = read_date(value)
        if found is not None:
            return found
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
Unit = Annotated[
    str,
    AfterValidator(_text),
    _at_most(UNIT),
    WithJsonSchema({**_TEXT_SCHEMA, "maxLength": UNIT.limit}),
    UNIT,
]

#: The most digits a measured number may have: far beyond any count or share, and it
#: bounds what adding and comparing numbers can cost.
MAX_DIGITS = 15
_PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def read_number(text: str) -> Decimal:
    """``text`` as a number when it is written plainly: digits, perhaps a sign and one
    decimal point (``41``, ``-3``, ``41.5``). A :class:`~decimal.Decimal`, so that
    41.5 less 40.1 is 1.4, as people work it out, and a value keeps its digits as typed
    (``41.50``).

    Raises ValueError whose text ends a sentence about the value: "is not a number",
    or "has more than 15 digits". Anything else (a unit, a thousands separator, a
    decimal comma) is the caller's to read first: a spreadsheet cell's conventions are
    not a story file's.
    """
    text = text.strip()
    if not _PLAIN_NUMBER.fullmatch(text):  # the pattern is linear: no backtracking
        raise ValueError("is not a number")
    if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        raise ValueError(f"has more than {MAX_DIGITS} digits, more than any measure needs")
    return Decimal(text)


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return read_number(value)
        except ValueError as exc:
            unit = "; the unit goes in 'unit'" if not value.strip()[:1].isalpha() else ""
            raise PydanticCustomError(
                "number",
                "'{value}' {why}: write the number alone, with a decimal point if need be, "
                "such as 41 or 41.5{unit}",
                {"value": value, "why": str(exc), "unit": unit},
            ) from None
    return value


#: A measured number: a baseline's or a target's value.
Number = Annotated[
    Decimal,
    BeforeValidator(_number),
    Field(allow_inf_nan=False),
    WithJsonSchema({"type": "number"}),
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


def _feedback(value: str) -> str:
    """An email address, or an ``https://`` address with a host (a form); nothing else."""
    if _EMAIL.fullmatch(value):
        return value
    parts = urlsplit(value)
    if parts.scheme == "https" and parts.netloc and not any(ch.isspace() for ch in value):
        return value
    raise PydanticCustomError(
        "feedback",
        "'{value}' is neither an email address nor an https:// address: write one, such as "
        "vision@example.org or https://forms.example.org/our-vision",
        {"value": value},
    )


Feedback = Annotated[
    str,
    AfterValidator(_text),
    _at_most(ADDRESS),  # before the address check, whose message repeats the value
    AfterValidator(_feedback),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(https://\S+|[^@\s]+@[^@\s]+\.[^@\s]+)$",
            "maxLength": ADDRESS.limit,
        }
    ),
    ADDRESS,
]


# A generated portrait's numbered traits. The reader hands every value over as the
# text typed, and pydantic's own words for a number out of range would talk of
# votes; these say what the number chooses.
#: The skin tones a portrait can be given, 1 the lightest.
SKIN_TONES = 6
#: Far more drawings than anyone looks through; bounds the number a file may ask for.
MAX_VARIANT = 1_000_000


def _whole_number(low: int, high: int, what: str, example: int) -> BeforeValidator:
    def parse(value: Any) -> Any:
        text = str(value).strip()
        if not isinstance(value, bool) and re.fullmatch(r"[0-9]{1,9}", text):
            number = int(text)
            if low <= number <= high:
                return number
        raise PydanticCustomError(
            "number",
            "'{value}' is not {what}: write a whole number from {low} to {high}, e.g. {example}",
            {
                "value": str(value),
                "what": what,
                "low": low,
                "high": f"{high:,}",
                "example": example,
            },
        )

    return BeforeValidator(parse)


def _true_or_false(value: Any) -> Any:
    """``true`` or ``false`` as YAML writes them; "yes" is a word to a YAML 1.2 editor."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "false"):
        return text == "true"
    raise PydanticCustomError(
        "boolean", "'{value}' is neither true nor false: write true or false", {"value": str(value)}
    )


def _words_for(choices: Any, words: dict[str, str]) -> BeforeValidator:
    """A word people use for one of the choices (``bald``, ``hijab``) named as that choice,
    which no spelling-based suggestion would find."""
    allowed = ", ".join(get_args(choices))

    def check(value: Any) -> Any:
        meant = words.get(str(value).strip().lower())
        if meant is None:
            return value
        raise PydanticCustomError(
            "choice",
            "'{value}' is not one of {allowed}: write {meant}",
            {"value": str(value), "allowed": allowed, "meant": meant},
        )

    return BeforeValidator(check)


_AGES = Literal["child", "young", "adult", "older"]
_HAIRS = Literal["none", "short", "long", "curly", "covered"]
#: A generated portrait's traits (people files, ``persona.portrait``).
PortraitAge = Annotated[
    _AGES,
    _words_for(
        _AGES,
        {"baby": "child", "kid": "child", "teen": "young", "teenager": "young", "old": "older"},
    ),
]
PortraitHair = Annotated[
    _HAIRS,
    _words_for(
        _HAIRS,
        {
            "bald": "none",
            "shaved": "none",
            "hijab": "covered",
            "headscarf": "covered",
            "scarf": "covered",
            "turban": "covered",
            "wavy": "curly",
            "afro": "curly",
        },
    ),
]
SkinTone = Annotated[
    int,
    _whole_number(1, SKIN_TONES, "a skin tone", 3),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": SKIN_TONES}),
]
PortraitVariant = Annotated[
    int,
    _whole_number(1, MAX_VARIANT, "a drawing's number", 2),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_VARIANT}),
]
TrueOrFalse = Annotated[bool, BeforeValidator(_true_or_false), WithJsonSchema({"type": "boolean"})]
