"""Method lint: each rule's code, place, and that --strict turns it into a failure."""

from __future__ import annotations

import pytest
from conftest import MakeStory, check, only, person, where

from visionkit.check.lint import is_first_person, sentence_problems


def _with_story(story: str) -> str:
    return person("staff").replace("      - I can now tell my story once.", f"      - {story}")


@pytest.mark.parametrize(
    ("story", "why"),
    [
        ("i can now tell my story once.", "capital letter"),
        ("I can now tell my story once", "full stop"),
        ("I can.", "at least 3 words"),
    ],
)
def test_mini_story_not_a_full_sentence(make_story: MakeStory, story: str, why: str) -> None:
    result = check(make_story({"people/adviser.yml": _with_story(story)}))
    d = only(result, "VK201")
    assert where(d) == ("people/adviser.yml", 10, 9)
    assert d.severity.value == "warning"
    assert why in d.text
    assert not result.failed() and result.failed(strict=True)


def test_mini_story_not_in_the_first_person(make_story: MakeStory) -> None:
    result = check(make_story({"people/adviser.yml": _with_story("Residents can book online.")}))
    d = only(result, "VK202")
    assert where(d) == ("people/adviser.yml", 10, 9)
    assert "I can now" in d.text


def test_theme_without_mini_stories(make_story: MakeStory) -> None:
    text = person("staff").replace("    stories:\n      - I can now tell my story once.\n", "")
    d = only(check(make_story({"people/adviser.yml": text})), "VK203")
    assert where(d) == ("people/adviser.yml", 7, 5)
    assert "'one-door'" in d.message


def test_problem_that_no_theme_resolves(make_story: MakeStory) -> None:
    files = {
        name: person(kind, resolves="")
        for name, kind in [
            ("people/resident.yml", "user"),
            ("people/adviser.yml", "staff"),
            ("people/leader.yml", "decision-maker"),
        ]
    }
    d = only(check(make_story(files)), "VK204")
    assert where(d) == ("vision.yml", 7, 5)
    assert "'tell-again'" in d.message


def test_no_page_of_a_method_kind(make_story: MakeStory) -> None:
    result = check(make_story({"people/leader.yml": person("other")}))
    d = only(result, "VK205")
    assert d.file == "people/" and d.position is None
    assert "kind: decision-maker" in d.message
    assert str(d).startswith("people/: warning VK205 ")


def test_agenda_item_without_an_outcome_indicator(make_story: MakeStory) -> None:
    priorities = (
        "priorities:\n  - id: one-plan\n    text: One plan\n"
        "agenda:\n  - priority: one-plan\n    goal: Everyone has one plan.\n"
        "    indicators:\n      - Plans opened\n      - text: Days to first contact\n"
        "        measures: output\n"
    )
    d = only(check(make_story({"priorities.yml": priorities})), "VK206")
    assert where(d) == ("priorities.yml", 5, 5)


def test_folder_rules_wait_until_every_file_loads(make_story: MakeStory) -> None:
    # The only page resolving the problem is broken: report its error, not a false gap.
    files = {
        "people/resident.yml": person("user", resolves=""),
        "people/adviser.yml": person("staff").replace("kind: staff", "kind: 7"),
        "people/leader.yml": person("decision-maker", resolves=""),
    }
    result = check(make_story(files))
    assert [d.code.value for d in result.diagnostics] == ["VK103"]


@pytest.mark.parametrize(
    "text",
    [
        "I can now see my plan.",
        "We are able to share notes!",
        "My adviser stays with me for six months.",
        "Nobody asks me twice?",
        "“I can now breathe,” I tell my sister.",
        "Rwy’n gallu siarad Cymraeg gyda fy nghynghorydd nawr — I can now.",
    ],
)
def test_good_mini_stories_pass_both_rules(text: str) -> None:
    assert sentence_problems(text) == []
    assert is_first_person(text)


def test_sentences_in_scripts_without_capitals_are_not_flagged() -> None:
    assert sentence_problems("میں اب اپنی کہانی ایک بار سناتا ہوں۔") == []
