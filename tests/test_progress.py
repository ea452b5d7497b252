"""How an indicator did in a report's period: hand-worked numbers, up and down."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from visionkit.check.progress import (
    expected_value,
    previous_report,
    progress,
    status,
)
from visionkit.model import Indicator, Reading, Report


def indicator(direction: str = "up", **extra: Any) -> Indicator:
    # A year from 40 to 60 (up) or from 60 to 40 (down): 365 days, 2026 not a leap year.
    start, end = ("40", "60") if direction == "up" else ("60", "40")
    return Indicator.model_validate(
        {
            "id": "told-once",
            "text": "Residents who told their story once",
            "direction": direction,
            "baseline": {"date": "2026-01-01", "value": start},
            "target": {"date": "2027-01-01", "value": end},
            **extra,
        }
    )


def report(start: str, end: str, slug: str = "") -> Report:
    made = Report.model_validate({"title": "Progress", "from": start, "to": end})
    made._slug = slug or start
    return made


def reading(day: str, value: str, row: int = 2) -> Reading:
    return Reading("told-once", date.fromisoformat(day), Decimal(value), "Survey", row=row)


AUTUMN = report("2026-06-01", "2026-08-31", "2026-summer")


def test_the_expected_value_is_on_the_straight_line_from_baseline_to_target() -> None:
    up = indicator("up")
    # 2026-07-02 is 182 days after 2026-01-01: 40 + 20 * 182 / 365 = 49.9726...
    assert expected_value(up, date(2026, 7, 2)) == Decimal(40) + Decimal(20) * 182 / 365
    assert round(expected_value(up, date(2026, 7, 2)) or 0, 4) == Decimal("49.9726")
    assert expected_value(up, date(2026, 1, 1)) == 40
    assert expected_value(up, date(2025, 6, 1)) == 40  # before the baseline: its value
    assert expected_value(up, date(2027, 1, 1)) == 60
    assert expected_value(up, date(2028, 3, 1)) == 60  # after the target: the target
    down = indicator("down")
    assert round(expected_value(down, date(2026, 7, 2)) or 0, 4) == Decimal("50.0274")
    assert expected_value(indicator(baseline=None), date(2026, 7, 2)) is None


def test_up_is_on_track_at_or_above_the_line_and_behind_below_it() -> None:
    up = indicator("up")
    assert status(up, reading("2026-07-02", "50")) == "on-track"  # 50 >= 49.97
    assert status(up, reading("2026-07-02", "49.9")) == "behind"  # 49.9 < 49.97
    # 2026-07-02 + 1 day: 183 days, 40 + 20 * 183 / 365 = 50.027...; 50 is now behind.
    assert status(up, reading("2026-07-03", "50")) == "behind"
    # Exactly on the line is on track: 73 days is a fifth of 365, so 40 + 4 = 44.
    assert status(up, reading("2026-03-15", "44")) == "on-track"
    assert status(up, reading("2026-03-15", "43.999")) == "behind"
    # After the target's date the target itself: 60 meets it, 59 does not.
    assert status(up, reading("2027-06-01", "60")) == "on-track"
    assert status(up, reading("2027-06-01", "59")) == "behind"


def test_down_is_on_track_at_or_below_the_line_and_behind_above_it() -> None:
    down = indicator("down")  # 60 to 40: on 2026-03-15 (a fifth of the way) the line is 56
    assert status(down, reading("2026-03-15", "56")) == "on-track"
    assert status(down, reading("2026-03-15", "55")) == "on-track"
    assert status(down, reading("2026-03-15", "56.5")) == "behind"
    assert status(down, reading("2025-12-01", "61")) == "behind"  # before baseline: 60
    assert status(down, reading("2027-02-01", "40")) == "on-track"


def test_no_reading_and_no_line() -> None:
    assert status(indicator(), None) == "no-reading"
    assert status(indicator(target=None), reading("2026-07-02", "50")) == "no-target"
    assert status(indicator(baseline=None), reading("2026-07-02", "50")) == "no-target"


def test_a_period_takes_its_own_readings_and_its_latest_and_changes() -> None:
    up = indicator("up")
    readings = [
        reading("2026-09-15", "52", row=5),  # after the period
        reading("2026-08-31", "47", row=4),  # its last day: in it
        reading("2026-06-01", "45", row=3),  # its first day: in it
        reading("2026-05-31", "43", row=2),  # the day before
    ]
    found = progress(up, readings, AUTUMN)
    assert [r.value for r in found.readings] == [45, 47]
    assert [r.value for r in found.history] == [43, 45, 47]
    assert found.latest is not None and found.latest.value == 47
    assert found.change_since_baseline == 7  # 47 - 40
    assert found.change_since_previous is None  # no previous report given
    # 2026-08-31 is 242 days in: 40 + 20 * 242 / 365 = 53.26; 47 is behind.
    assert found.status == "behind"
    assert found.expected is not None and round(found.expected, 2) == Decimal("53.26")


def test_the_change_since_the_previous_report_is_from_its_latest_reading() -> None:
    up = indicator("up")
    spring = report("2026-03-01", "2026-05-31", "2026-spring")
    winter = report("2025-12-01", "2026-02-28", "2026-winter")
    readings = [
        reading("2026-02-10", "41", row=2),
        reading("2026-04-01", "42.4", row=3),
        reading("2026-05-20", "43.1", row=4),  # spring's latest
        reading("2026-07-01", "48.6", row=5),
        reading("2026-08-15", "50.2", row=6),  # the summer's latest
    ]
    reports = [AUTUMN, spring, winter]
    previous = previous_report(AUTUMN, reports)
    assert previous is spring
    found = progress(up, readings, AUTUMN, previous)
    assert found.previous is not None and found.previous.value == Decimal("43.1")
    assert found.change_since_previous == Decimal("7.1")  # 50.2 - 43.1, exactly
    assert found.change_since_baseline == Decimal("10.2")
    assert previous_report(winter, reports) is None
    # A previous report without a reading of its own: no change since it.
    empty = progress(up, readings, spring, report("2025-06-01", "2025-08-31"))
    assert empty.previous is None and empty.change_since_previous is None


def test_a_period_without_a_reading_has_no_latest_and_no_changes() -> None:
    found = progress(indicator(), [reading("2026-01-20", "41")], AUTUMN)
    assert found.status == "no-reading"
    assert (found.latest, found.change_since_baseline, found.expected) == (None, None, None)
    assert [r.value for r in found.history] == [41]  # the chart still draws what came before


def test_down_changes_are_signed_as_values_are() -> None:
    down = indicator("down", unit="days")
    found = progress(down, [reading("2026-07-02", "50")], AUTUMN)
    assert found.change_since_baseline == -10  # 50 - 60: ten days fewer, which is better
    assert found.status == "on-track"  # the line is at 50.03 on that day
