"""Any valid story folder builds, and every page shows its people and mini-stories."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sites import article, build_site, elements, shared_cache

from visionkit.fields import KINDS

#: Any printable text in any script: letters, marks, numbers, punctuation, symbols
#: and spaces (no control, format or line-separator characters, which YAML changes).
words = st.text(
    st.characters(categories=["L", "M", "N", "P", "S", "Zs"], exclude_characters="\x85"),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")
slugs = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)


@st.composite
def story_folders(draw: st.DrawFn) -> dict[str, Any]:
    people = draw(st.dictionaries(slugs, st.just(None), min_size=1, max_size=3))
    folder: dict[str, Any] = {
        "vision.yml": {
            "title": draw(words),
            "service": draw(words),
            "partners": draw(st.lists(words, min_size=1, max_size=2)),
            **({"strapline": draw(words)} if draw(st.booleans()) else {}),
            "status": draw(st.sampled_from(["draft", "consultation", "agreed"])),
        }
    }
    for slug in people:
        themes = [
            {
                "id": f"t{i}-{draw(slugs)}",
                "title": draw(words),
                "stories": draw(st.lists(words, max_size=3)),
                "notes": draw(st.lists(words, max_size=2)),
            }
            for i in range(draw(st.integers(1, 3)))
        ]
        folder[f"people/{slug}.yml"] = {
            "group": draw(words),
            "kind": draw(st.sampled_from(KINDS)),
            "persona": {"name": draw(words), "role": draw(words)},
            **({"quote": draw(words)} if draw(st.booleans()) else {}),
            "themes": themes,
        }
    return folder


@pytest.mark.slow  # eight MkDocs builds of generated folders
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(story=story_folders())
def test_every_valid_folder_builds_and_shows_every_person_and_mini_story(
    tmp_path: Path, story: dict[str, Any]
) -> None:
    root = tmp_path / "site"
    shutil.rmtree(root, ignore_errors=True)
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Fuzz\ntheme: material\nplugins:\n  - search\n  - visionkit:\n"
        f"      pdf: false\n      cache_dir: {shared_cache()}\n"
    )
    for name, data in story.items():
        path = root / "stories" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site = build_site(root)
    for name, data in story.items():
        if not name.startswith("people/"):
            continue
        slug = Path(name).stem
        shown = " ".join(
            " ".join(
                elements(article((site / f"stories/{slug}/index.html").read_text())).text
            ).split()
        )
        expected = [data["persona"]["name"]] + [s for t in data["themes"] for s in t["stories"]]
        for text in expected:
            assert " ".join(text.split()) in shown, (slug, text)
