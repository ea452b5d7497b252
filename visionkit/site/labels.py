"""The fixed phrases visionkit prints, in the site's language.

Every word on a page, share card or PDF that is not story text comes from one
file per language in the package, ``labels/LANG.yml``: headings, sentences,
table headers, alt texts, plurals, the date's pattern. Month names and which
plural form a number takes are the language's own in CLDR, through Babel. The
site chooses the language with mkdocs-material's own ``theme.language``, so the
theme's chrome and visionkit's text always agree. Public bodies in Wales must publish in Welsh as
well as English, so both ship; a language without a file falls back to
English (the adapter says so), and a key missing from a file falls back to
the English phrase, so a half-translated file still builds.

Story text is not a label: it is what the room wrote, translated (on a
bilingual site) by the story folder's catalogues (:mod:`visionkit.site.translate`).

Values are plain text with ``str.format`` placeholders (``{name}``). Plain
``__call__`` fills them for Python callers (cards, titles) and for templates,
whose autoescaping then escapes the whole phrase; ``html`` is for a phrase
that must hold markup (a link), escaping everything but ``Markup`` values.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from markupsafe import Markup, escape

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FOLDER = Path(__file__).parent / "labels"
DEFAULT = "en"

#: A plural is a mapping from CLDR plural category (``zero``, ``one``, ``two``,
#: ``few``, ``many``, ``other``) to phrase; a category left out uses ``other``.
Plural = Mapping[str, str]
Value = str | Plural


@functools.cache
def babel_locale(language: str) -> Locale:
    """Babel's data for a label file's language: its month names and plural rules.

    A language Babel does not know (a made-up code) uses English's.
    """
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT)


@functools.lru_cache(maxsize=4096)
def _date(day: date, pattern: str, language: str) -> str:
    # Remembered: the report pages print the same dates in every table and chart.
    return format_date(day, pattern, locale=babel_locale(language))


def available() -> list[str]:
    """The languages that ship with a label file."""
    return sorted(path.stem for path in FOLDER.glob("*.yml"))


@functools.cache
def read(language: str) -> dict[str, Value]:
    """One language's file, checked for shape: every value a phrase or a plural."""
    # The C loader: the pure-Python one took 40 ms of every build for the English file.
    data = yaml.load((FOLDER / f"{language}.yml").read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(data, dict):
        raise ValueError(f"labels/{language}.yml must be a mapping of key to phrase")
    for key, value in data.items():
        plural = isinstance(value, dict) and "other" in value
        if not isinstance(value, str) and not (
            plural and all(isinstance(v, str) for v in value.values())
        ):
            raise ValueError(
                f"labels/{language}.yml: {key!r} must be a phrase or a plural with 'other'"
            )
    return data


def resolve(language: str | None) -> str | None:
    """The shipped file for a theme language (``pt-BR`` falls back to ``pt``), if any."""
    codes = available()
    for code in (language or DEFAULT, (language or DEFAULT).split("-")[0]):
        if code in codes:
            return code
    return None


def fields(phrase: str) -> list[tuple[str, str | None]]:
    """A phrase as (literal text, placeholder after it or None), in order."""
    return [(literal, name) for literal, name, _, _ in string.Formatter().parse(phrase)]


@dataclass(frozen=True)
class Labels:
    """The phrases of one language, with English under it for any key it lacks."""

    #: The language of the phrases (``en`` when the theme's language has no file).
    language: str

    @property
    def _phrases(self) -> dict[str, Value]:
        return read(self.language)

    def _value(self, key: str) -> Value:
        value = self._phrases.get(key)
        if value is None:
            value = read(DEFAULT).get(key)
        if value is None:
            raise KeyError(f"no label {key!r} in labels/{DEFAULT}.yml")
        return value

    def phrase(self, key: str) -> str:
        """The unfilled phrase (a plural's ``other`` form)."""
        value = self._value(key)
        return value if isinstance(value, str) else value["other"]

    def __call__(self, key: str, /, **values: Any) -> str:
        """The phrase with its placeholders filled: plain text, for any caller to escape."""
        return self.phrase(key).format(**values)

    def plural(self, key: str, count: int, /, **values: Any) -> str:
        """The form of ``key`` for ``count`` (filled in as ``{count}``): "1 vote", "3 votes"."""
        value = self._value(key)
        if isinstance(value, str):
            return value.format(count=count, **values)
        category = babel_locale(self.language).plural_form(count)
        return value.get(category, value["other"]).format(count=count, **values)

    def html(self, key: str, /, **values: Any) -> Markup:
        """The phrase as markup: the phrase and every value escaped, except ``Markup`` values."""
        return Markup(escape(self.phrase(key))).format(**values)

    def around(self, key: str, name: str) -> tuple[str, str]:
        """The phrase's text before and after its placeholder ``name``, for CSS to join.

        A PDF's page margins can only print text a stylesheet puts together
        (``string(before) string(chapter) string(after)``), so the phrase is cut
        where the value goes.
        """
        before: list[str] = []
        after: list[str] = []
        seen = False
        for literal, field_name in fields(self.phrase(key)):
            (after if seen else before).append(literal)
            if field_name == name and not seen:
                seen = True
            elif field_name is not None:
                (after if seen else before).append("{" + field_name + "}")
        return "".join(before), "".join(after)

    def date(self, day: date | None) -> str:
        """``12 March 2026``, ``12 Mawrth 2026``: the way UK public bodies write dates.

        The label ``date_format`` is the CLDR pattern (``d MMMM y``); Babel
        fills in the language's own month names.
        """
        if day is None:
            return ""
        return _date(day, self.phrase("date_format"), self.language)

    def join(self, items: Iterable[str]) -> str:
        """``A, B and C``, ``A, B a(c) C``: a list the way the language writes one (CLDR).

        English is British English here (no comma before "and"), as UK public bodies write.
        """
        language = "en_GB" if self.language == DEFAULT else self.language
        return format_list(list(items), locale=babel_locale(language))

    def kind(self, kind: str) -> str:
        """The name of a stakeholder kind (``decision-maker``: "Decision makers")."""
        return self(f"kind_{kind.replace('-', '_')}")


def labels_for(language: str | None) -> Labels:
    """The labels for a theme language, English when none ship for it."""
    return Labels(resolve(language) or DEFAULT)


ENGLISH = Labels(DEFAULT)
