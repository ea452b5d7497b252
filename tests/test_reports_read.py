"""Progress reports and measurable indicators: read, cross-checked, warned about."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE, MakeStory, check, only, person, where
from test_measures import HEADER, PRIORITIES

from visionkit.fields import LONG, PARAGRAPH

REPORT = """\
title: Progress report, spring 2026
from: 2026-03-01
to: 2026-05-31
summary: The shared plan went live in *Riverside*.
highlights:
  - Every adviser can open a resident's plan.
evidence:
  - story: I told my story once and the college already knew it.
    from: A resident in Riverside
    date: 2026-04-14
    themes: [one-door]
    indicators: [told-once]
next: Open the plan to the GP practices.
"""
READINGS = HEADER + "told-once,2026-04-01,31,Residents' survey,\n"
NEW_CODES = {"VK213", "VK214", "VK215"}


def reported(
    make_story: MakeStory, report: str = REPORT, files: dict[str, str | None] | None = None
) -> Path:
    """The base folder with measurable indicators, a reading and a report (``files``
    replace or add files; None removes one)."""
    return make_story(
        {
            "priorities.yml": PRIORITIES,
            "measures.csv": READINGS,
            "reports/2026-spring.yml": report,
            **(files or {}),
        }
    )


def test_a_report_is_read_with_its_slug_period_and_evidence(make_story: MakeStory) -> None:
    result = check(reported(make_story))
    assert not result.diagnostics, "\n".join(map(str, result.diagnostics))
    assert result.folder is not None
    report = result.folder.reports["2026-spring"]
    assert (report.slug, report.file, report.status) == (
        "2026-spring",
        "reports/2026-spring.yml",
        "published",
    )
    assert (report.from_.isoformat(), report.to.isoformat()) == ("2026-03-01", "2026-05-31")
    [evidence] = report.evidence
    assert (evidence.from_, evidence.themes, evidence.indicators) == (
        "A resident in Riverside",
        ["one-door"],
        ["told-once"],
    )
    told = result.folder.indicators["told-once"]
    assert told.loc == ("agenda", 0, "indicators", 0) and told.indicator.unit == "%"
    assert told.indicator.direction == "up" and str(told.indicator.target.value) == "60"  # type: ignore[union-attr]
    assert result.folder.indicators["days-to-contact"].indicator.direction == "down"
    assert {"measures.csv", "reports/2026-spring.yml"} <= set(result.files)


def test_drafts_are_left_out_of_the_published_reports_in_period_order(
    make_story: MakeStory,
) -> None:
    autumn = REPORT.replace("2026-03-01", "2026-09-01").replace("2026-05-31", "2026-11-30")
    winter = autumn.replace("2026-09-01", "2026-12-01").replace("2026-11-30", "2027-02-28")
    root = reported(
        make_story,
        files={"reports/a-autumn.yml": autumn, "reports/b-winter.yml": winter + "status: draft\n"},
    )
    folder = check(root).folder
    assert folder is not None
    assert [r.slug for r in folder.published_reports()] == ["2026-spring", "a-autumn"]
    assert [r.slug for r in folder.published_reports(drafts=True)][-1] == "b-winter"


def test_a_period_that_ends_before_it_starts(make_story: MakeStory) -> None:
    d = only(
        check(reported(make_story, REPORT.replace("to: 2026-05-31", "to: 2026-02-01"))), "VK103"
    )
    assert where(d) == ("reports/2026-spring.yml", 3, 5)
    assert d.text == (
        "'to': 2026-02-01 is before 'from' (2026-03-01): the period must end on or "
        "after the day it starts - swap the two dates, or correct one of them"
    )


def test_a_target_dated_before_its_baseline(make_story: MakeStory) -> None:
    priorities = PRIORITIES.replace(
        "target: {date: 2027-01-01, value: 60}", "target: {date: 2025-01-01, value: 60}"
    )
    d = only(check(make_story({"priorities.yml": priorities})), "VK103")
    assert where(d) == ("priorities.yml", 14, 17)
    assert "'target': its date (2025-01-01) is before the baseline's (2026-01-01)" in d.text
    assert d.text.endswith("correct one of the two dates")


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (
            "41%",
            "'41%' is not a number: write the number alone, with a decimal point if need "
            "be, such as 41 or 41.5; the unit goes in 'unit'",
        ),
        ("lots", "'lots' is not a number: write the number alone"),
        ("1234567890123456", "has more than 15 digits"),
    ],
)
def test_a_baseline_value_that_is_not_a_number(
    make_story: MakeStory, value: str, says: str
) -> None:
    priorities = PRIORITIES.replace("value: 22}", f"value: '{value}'}}")
    d = only(check(make_story({"priorities.yml": priorities})), "VK103")
    assert where(d)[:2] == ("priorities.yml", 13) and says in d.text


def test_two_indicators_with_one_id(make_story: MakeStory) -> None:
    priorities = PRIORITIES.replace("id: days-to-contact", "id: told-once")
    d = only(check(make_story({"priorities.yml": priorities})), "VK104")
    assert where(d) == ("priorities.yml", 15, 13)
    assert "the indicator id 'told-once' is used twice" in d.message


def test_the_old_indicator_forms_stay_valid_and_vk206_still_fires(make_story: MakeStory) -> None:
    outputs = PRIORITIES.replace("measures: outcome", "measures: output")
    result = check(make_story({"priorities.yml": outputs}))
    d = only(result, "VK206")
    assert where(d) == ("priorities.yml", 6, 5) and not result.errors
    assert result.folder is not None and result.folder.priorities is not None
    [item] = result.folder.priorities.agenda
    assert [i.id for i in item.indicators] == ["told-once", "days-to-contact", None]
    assert item.indicators[2].text == "Plans opened" and item.indicators[2].direction == "up"


def test_evidence_names_unknown_themes_and_indicators_with_the_nearest(
    make_story: MakeStory,
) -> None:
    report = REPORT.replace("themes: [one-door]", "themes: [one-dor]").replace(
        "indicators: [told-once]", "indicators: [told-onse]"
    )
    found = [d for d in check(reported(make_story, report)).errors]
    assert [(where(d), d.text) for d in found] == [
        (
            ("reports/2026-spring.yml", 11, 14),
            "'one-dor' is not the id of a theme in the people files - did you mean 'one-door'?",
        ),
        (
            ("reports/2026-spring.yml", 12, 18),
            "'told-onse' is not the id of an indicator in priorities.yml - did you mean "
            "'told-once'?",
        ),
    ]


def test_a_theme_of_a_broken_people_file_is_not_called_unknown(make_story: MakeStory) -> None:
    report = REPORT.replace("themes: [one-door]", "themes: [its-own]")
    broken = person("user", theme="its-own").replace("kind: user\n", "")  # no kind: not read
    result = check(reported(make_story, report, {"people/resident.yml": broken}))
    assert [d.code.value for d in result.errors] == ["VK102"]


# --- the warnings ----------------------------------------------------------------------------


def test_a_report_period_with_no_reading(make_story: MakeStory) -> None:
    readings = HEADER + "told-once,2026-06-01,31,Survey,\n"  # the day after the period
    d = only(check(reported(make_story, files={"measures.csv": readings})), "VK213")
    assert where(d) == ("reports/2026-spring.yml", 2, 7)
    assert d.text == (
        "no reading in measures.csv is dated in this report's period (2026-03-01 to "
        "2026-05-31) - add the period's readings to it, or correct 'from' and 'to' if the "
        "dates are wrong"
    )


def test_a_report_in_a_folder_without_measures(make_story: MakeStory) -> None:
    d = only(check(reported(make_story, files={"measures.csv": None})), "VK213")
    assert d.message == (
        "this report's period (2026-03-01 to 2026-05-31) has no reading: the folder has no "
        "measures.csv"
    )


def test_no_vk213_while_measures_csv_has_a_row_left_out(make_story: MakeStory) -> None:
    readings = HEADER + "told-once,2026-04-01,3l,Survey,\n"  # a typo: the row is left out
    found = {
        d.code.value
        for d in check(reported(make_story, files={"measures.csv": readings})).diagnostics
    }
    assert found == {"VK103"}


def test_an_indicator_with_readings_but_no_baseline(make_story: MakeStory) -> None:
    priorities = PRIORITIES.replace("        baseline: {date: 2026-01-01, value: 22}\n", "")
    d = only(check(reported(make_story, files={"priorities.yml": priorities})), "VK214")
    assert where(d) == ("priorities.yml", 9, 9)
    assert "the indicator 'told-once' has readings in measures.csv but no baseline" in d.text
    assert "baseline: {date: 2026-04-01, value: 22}" in d.text


def test_evidence_that_names_no_theme_and_no_indicator(make_story: MakeStory) -> None:
    report = REPORT.replace("    themes: [one-door]\n    indicators: [told-once]\n", "")
    d = only(check(reported(make_story, report)), "VK215")
    assert where(d) == ("reports/2026-spring.yml", 8, 5)
    assert d.severity.value == "warning"
    assert "add 'themes:'" in d.text and "'indicators:'" in d.text


def test_a_folder_without_measures_or_reports_behaves_as_before(make_story: MakeStory) -> None:
    root = make_story()
    base = check(root)
    assert not base.diagnostics, "\n".join(map(str, base.diagnostics))
    assert base.folder is not None
    assert (base.folder.reports, base.folder.readings, base.folder.measures_file) == ({}, (), None)
    assert base.folder.indicators == {}
    assert not any("measures" in f or "reports" in f for f in base.files)
    (root / "reports").mkdir()  # an empty reports folder adds nothing either
    assert check(root).diagnostics == base.diagnostics


def test_the_example_checks_clean() -> None:
    example = check(EXAMPLE)
    assert not example.errors
    assert not {d.code.value for d in example.diagnostics} & NEW_CODES


# --- confidential names, lengths, file names ---------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("    from: A resident in Riverside", "    from: Jane Realperson, Riverside", 9),
        (
            "  - story: I told my story once and the college already knew it.",
            '  - story: "[Jane](https://x.example) **Realperson** said it went well."',
            8,
        ),
        ("next: Open", "next: Ask J&#97;ne Realperson to open", 13),
        ("  - Every adviser", "  - Jane R\u200bealperson says every adviser", 6),
    ],
)
def test_a_confidential_name_in_a_report_is_refused(
    make_story: MakeStory, old: str, new: str, line: int
) -> None:
    report = REPORT.replace(old, new)
    assert report != REPORT
    result = check(reported(make_story, report))
    d = only(result, "VK110")
    assert where(d)[:2] == ("reports/2026-spring.yml", line)
    assert "Realperson" not in str(d) and result.failed()


def test_a_confidential_name_as_a_report_file_name(make_story: MakeStory) -> None:
    root = reported(make_story, files={"reports/jane-realperson.yml": REPORT})
    d = only(check(root), "VK110")
    assert where(d) == ("reports/jane-realperson.yml", 1, 1)
    assert "the report's web address" in d.text


def test_a_report_file_name_that_cannot_be_a_web_address(make_story: MakeStory) -> None:
    d = only(check(reported(make_story, files={"reports/Spring 2026.yml": REPORT})), "VK009")
    assert "rename it to 'spring-2026.yml'" in d.text


def test_report_texts_have_the_story_lengths(make_story: MakeStory) -> None:
    long_story = "I can now say it once. " * (PARAGRAPH.readable // 20)
    report = REPORT.replace(
        "  - story: I told my story once and the college already knew it.",
        f"  - story: {long_story.strip()}",
    )
    d = only(check(reported(make_story, report)), "VK207")
    assert where(d) == ("reports/2026-spring.yml", 8, 12)
    assert "'story'" in d.message
    too_long = REPORT.replace("next: Open", "next: " + "Open. " * (LONG.limit // 5))
    d = only(check(reported(make_story, too_long)), "VK111")
    assert where(d)[:2] == ("reports/2026-spring.yml", 13)
    attribution = REPORT.replace("from: A resident", "from: " + "A resident " * 30)
    d = only(check(reported(make_story, attribution)), "VK207")
    assert where(d) == ("reports/2026-spring.yml", 9, 11) and "'from'" in d.message


def test_a_misspelt_report_key_suggests_from(make_story: MakeStory) -> None:
    d = only(check(reported(make_story, REPORT.replace("from: 2026", "form: 2026"))), "VK101")
    assert d.fix == "did you mean 'from'?"
