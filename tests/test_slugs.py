"""One slug function for ids, file names and image names; VK009 suggests names it accepts."""

from __future__ import annotations

import re

import pytest
from conftest import MakeStory, check, only, person
from hypothesis import given
from hypothesis import strategies as st

from visionkit.read.loader import SUFFIXES, is_page_file_name, page_file_name
from visionkit.slugs import SLUG_PATTERN, slugify

#: Any name a file can have: everything but '/' and NUL (and lone surrogates,
#: which no file system stores as a name).
file_names = st.text(
    st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1
)


@given(file_names, st.sampled_from(SUFFIXES))
def test_the_name_vk009_suggests_always_passes_vk009(stem: str, suffix: str) -> None:
    suggested = page_file_name(stem + suffix)
    assert is_page_file_name(suggested), suggested
    assert suggested.endswith(suffix)


@given(file_names)
def test_any_name_gets_a_suggestion_that_passes(name: str) -> None:
    assert is_page_file_name(page_file_name(name))


@given(st.text(), st.none() | st.integers(min_value=1, max_value=80))
def test_a_slug_is_ascii_letters_digits_and_single_hyphens(text: str, limit: int | None) -> None:
    slug = slugify(text, limit)
    assert slug == "" or SLUG_PATTERN.fullmatch(slug)
    assert limit is None or len(slug) <= limit


@given(st.from_regex(SLUG_PATTERN, fullmatch=True))
def test_a_slug_is_its_own_slug(slug: str) -> None:
    assert slugify(slug) == slug
    assert page_file_name(f"{slug}.yml") == f"{slug}.yml"


def test_accents_are_dropped_not_kept() -> None:
    assert page_file_name("Zoë Café.yml") == "zoe-cafe.yml"
    assert page_file_name("Amira Khan.yaml") == "amira-khan.yaml"
    assert page_file_name("طلاب.yml") == "person.yml"
    assert slugify("Zoë Café") == "zoe-cafe"
    assert slugify("a long name cut at a hyphen", limit=12) == "a-long-name"


@pytest.mark.parametrize(
    "name", ["Zoë Café.yml", "Amira Khan.yml", "O'Brien & Co.yaml", "ثلاثة.yml"]
)
def test_renaming_a_people_file_as_vk009_says_ends_vk009(make_story: MakeStory, name: str) -> None:
    root = make_story({f"people/{name}": person("other")})
    d = only(check(root), "VK009")
    found = re.search(r"rename it to '([^']+)'", d.text)
    assert found, d.text
    if name == "Zoë Café.yml":
        assert found[1] == "zoe-cafe.yml"
    (root / "people" / name).rename(root / "people" / found[1])
    renamed = check(root)
    assert not [d for d in renamed.diagnostics if d.code.value == "VK009"]
    assert renamed.folder is not None and found[1].rsplit(".", 1)[0] in renamed.folder.people
