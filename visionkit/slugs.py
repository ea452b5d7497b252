"""Slugs: text made into lower-case ASCII letters, digits and hyphens.

Ids, the file names of people files (a people file's name is its page's web
address), the files the importer creates and the names of generated images
are all slugs, and all are made by :func:`slugify`, so a name the checker
suggests is always one the checker accepts.
"""

from __future__ import annotations

import re
import unicodedata

#: What a slug is: lower-case ASCII letters and digits, words joined by single hyphens.
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_APOSTROPHES = str.maketrans("", "", "'’`")
# Letters that NFKD does not take apart into an ASCII letter and accents.
_LATIN = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe", "ł": "l"}
    | {"Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i"}
    | {"&": " and ", "+": " and "}
)
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def slugify(text: str, limit: int | None = None) -> str:
    """``text`` as a slug: "Zoë Café" gives "zoe-cafe", "Residents' forum & carers"
    gives "residents-forum-and-carers".

    Accents are dropped (NFKD, then every character that is not ASCII is left
    out), apostrophes join the letters around them, ``&`` and ``+`` read as
    "and", and every run of other characters becomes one hyphen, none at
    either end. With ``limit`` the slug is cut to at most that many characters,
    at a hyphen where there is one. The result matches :data:`SLUG_PATTERN` or
    is "" (text with no Latin letter or digit at all): the caller picks a
    fallback then.
    """
    text = unicodedata.normalize("NFKD", text).translate(_APOSTROPHES).translate(_LATIN)
    ascii_text = text.encode("ascii", "ignore").decode()  # the accents, and all but ASCII
    slug = _NOT_ALPHANUMERIC.sub("-", ascii_text.lower()).strip("-")
    if limit is not None and len(slug) > limit:
        cut = slug[: limit + 1].rfind("-")
        slug = slug[: cut if cut > 0 else limit].strip("-")
    return slug
