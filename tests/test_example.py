"""The example story folder uses every key of the contract (REFERENCE.md) and loads fully."""

from __future__ import annotations

from datetime import date

from conftest import EXAMPLE

from visionkit import check


def _folder():  # type: ignore[no-untyped-def]
    result = check(EXAMPLE)
    assert result.diagnostics == (), "\n".join(map(str, result.diagnostics))
    assert result.folder is not None
    return result.folder


def test_every_kind_and_every_page_variant_is_present() -> None:
    folder = _folder()
    kinds = {p.kind for p in folder.people.values()}
    assert kinds == {"user", "staff", "decision-maker", "other"}
    pages = folder.people
    assert pages["amira"].day and pages["amira"].story is None
    assert pages["dylan"].story and not pages["dylan"].day
    assert pages["employers"].is_first_draft
    assert pages["practice-nurse"].is_draft
    assert "practice-nurse" not in {p.slug for p in folder.published()}
    assert "practice-nurse" in {p.slug for p in folder.published(drafts=True)}


def test_vision_keys() -> None:
    vision = _folder().vision
    assert vision.status == "consultation"
    assert vision.date == date(2026, 3, 12)
    assert vision.partners[0].logo == "pictures/logo-council.png"
    assert vision.partners[2].name == "Tamesford College" and vision.partners[2].logo is None
    assert {s.influence for s in vision.stakeholders} == {"low", "medium", "high"}
    assert vision.confidential.participants


def test_shared_themes_are_one_theme_with_each_groups_phrase() -> None:
    themes = _folder().themes()
    shared = themes["one-conversation"]
    assert shared.shared
    assert [(u.person.slug, u.theme.title) for u in shared.uses] == [
        ("amira", "Tell it once"),
        ("bethan", "Partners who share what they know"),
        ("dylan", "One record, one plan"),
    ]
    assert shared.votes == 26
    assert not themes["counting-what-matters"].shared


def test_every_problem_is_resolved_and_pages_know_their_problems() -> None:
    folder = _folder()
    resolved = folder.resolved_by(folder.published())
    assert all(resolved.values())
    assert [p.id for p in folder.problems_of(folder.people["dylan"])] == [
        "tell-story-again",
        "blind-handover",
        "support-stops",
        "counting-referrals",
    ]


def test_priorities_agenda_and_log() -> None:
    folder = _folder()
    assert folder.priorities is not None
    by_id = folder.priority_by_id
    assert by_id["one-shared-plan"].shared and not by_id["two-day-contact"].shared
    agenda = folder.agenda()
    assert agenda[0][1] is by_id["one-shared-plan"]
    assert all(item.has_outcome for item, _ in agenda)
    assert agenda[1][0].indicators[1].measures is None  # a plain-string indicator
    assert {card.kind for card in folder.priorities.postcards} == {
        "user",
        "staff",
        "decision-maker",
        "other",
    }
    dates = [entry.date for entry in folder.log()]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5


def test_pictures_were_checked_and_defaults_apply() -> None:
    folder = _folder()
    assert {p.format for p in folder.pictures.values()} == {"PNG", "JPEG", "WebP"}
    marek = folder.people["employers"]
    assert marek.pull_quote == marek.themes[0].stories[0]
    # No question of its own: the page asks the method's, in the site's language
    # (labels prize_question; tests/test_first_draft.py).
    assert marek.question is None
