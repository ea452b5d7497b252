"""How an indicator is doing in a progress report's period, worked out once.

The report pages, their charts and the board-pack PDF all print the same
numbers: the readings of the period, the latest value, the change since the
baseline and since the previous report, and whether the indicator is on
track. They are worked out here, from the model alone (no page, no MkDocs),
below the pages, so every place that shows them agrees; the check's VK213 (a
period with no reading, :mod:`visionkit.check.measured`) takes a period the
same way, both days included.

The definitions (REFERENCE.md repeats them for the workgroup):

* A report's period is ``from`` to ``to``, both days included. The readings
  *in* the period are those dated in it; the *history* is every reading up to
  ``to`` (what the report's chart draws), oldest first.
* The *latest* reading is the last one in the period (of two on one day, which
  measures.csv cannot hold, the later row). No reading in the period: status
  ``no-reading``, and no latest value or changes.
* The *expected* value on a day is read off the straight line from the
  baseline (its date and value) to the target (its date and value): the
  baseline's value plus the difference to the target's, times the share of
  the days from baseline to target that have passed. A day after the target's
  date is compared with the target's value, a day before the baseline's date
  with the baseline's value.
* Status: ``on-track`` when the latest reading is at or better than the
  expected value on its own date, in the indicator's ``direction`` (``up``:
  at least the expected value; ``down``: at most); ``behind`` otherwise;
  ``no-target`` when a reading has no line to be judged against (no baseline
  or no target). Exactly on the line is on track. The comparison is made
  exactly (no rounding): the value and the line's are cross-multiplied.
* *Change since the baseline*: the latest value less the baseline's value.
  *Change since the previous report*: the latest value less the latest value
  of the previous report's period. The previous report is, of the reports
  given (those the site publishes), the one whose period ends last before this
  one's ends (ties: the later start, then the file name). Either change is None
  when a value is missing. Numbers are :class:`~decimal.Decimal`, so 41.5 less
  40.1 is 1.4, as people work it out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from visionkit.model import DatedValue, Indicator, Reading, Report

#: ``no-reading``: none in the report's period; ``no-target``: a reading, but no
#: baseline and target to draw the line it is judged against.
Status = Literal["on-track", "behind", "no-reading", "no-target"]


def in_period(report: Report, readings: Iterable[Reading]) -> tuple[Reading, ...]:
    """The readings dated in the report's period, oldest first."""
    return tuple(sorted((r for r in readings if report.covers(r.date)), key=_order))


def _order(reading: Reading) -> tuple[date, int]:
    return reading.date, reading.row


def _line(indicator: Indicator) -> tuple[DatedValue, DatedValue] | None:
    if indicator.baseline is None or indicator.target is None:
        return None
    return indicator.baseline, indicator.target


def expected_value(indicator: Indicator, day: date) -> Decimal | None:
    """The value on the straight line from baseline to target on ``day`` (the target's
    value after its date, the baseline's before its date); None without both."""
    line = _line(indicator)
    if line is None:
        return None
    baseline, target = line
    if day >= target.date:
        return target.value
    if day <= baseline.date:
        return baseline.value
    elapsed = Decimal((day - baseline.date).days)
    span = Decimal((target.date - baseline.date).days)
    return baseline.value + (target.value - baseline.value) * elapsed / span


def _at_or_better(indicator: Indicator, value: Decimal, day: date) -> bool:
    """Whether ``value`` on ``day`` is on or better than the line, compared exactly."""
    line = _line(indicator)
    assert line is not None
    baseline, target = line
    sign = 1 if indicator.direction == "up" else -1
    if day >= target.date or day <= baseline.date:
        point = target.value if day >= target.date else baseline.value
        return sign * (value - point) >= 0
    # value >= b + (t - b) * elapsed / span, with span > 0, without dividing:
    elapsed = (day - baseline.date).days
    span = (target.date - baseline.date).days
    lhs = (value - baseline.value) * span
    rhs = (target.value - baseline.value) * elapsed
    return sign * (lhs - rhs) >= 0


def status(indicator: Indicator, latest: Reading | None) -> Status:
    """Where the latest reading of a period stands against the line (see the module)."""
    if latest is None:
        return "no-reading"
    if _line(indicator) is None:
        return "no-target"
    return "on-track" if _at_or_better(indicator, latest.value, latest.date) else "behind"


def previous_report(report: Report, reports: Iterable[Report]) -> Report | None:
    """The report whose period ends last before ``report``'s ends, of ``reports``."""
    earlier = [r for r in reports if r.to < report.to]
    return max(earlier, key=lambda r: (r.to, r.from_, r.slug), default=None)


def _less(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


@dataclass(frozen=True)
class Progress:
    """One indicator in one report's period: what its chart, table and words show."""

    indicator: Indicator
    report: Report
    #: The readings in the period, oldest first.
    readings: tuple[Reading, ...]
    #: Every reading up to the period's end, oldest first: the chart's points.
    history: tuple[Reading, ...]
    latest: Reading | None
    #: The latest reading of the previous report's period, when there is one.
    previous: Reading | None
    #: The line's value on the latest reading's date (None without a reading or a line).
    expected: Decimal | None
    status: Status

    @property
    def change_since_baseline(self) -> Decimal | None:
        baseline = self.indicator.baseline
        return _less(
            self.latest.value if self.latest else None, baseline.value if baseline else None
        )

    @property
    def change_since_previous(self) -> Decimal | None:
        return _less(
            self.latest.value if self.latest else None,
            self.previous.value if self.previous else None,
        )


def progress(
    indicator: Indicator,
    readings: Iterable[Reading],
    report: Report,
    previous: Report | None = None,
) -> Progress:
    """How ``indicator`` did in ``report``'s period, from its ``readings`` (any order;
    only this indicator's), against the ``previous`` report (see
    :func:`previous_report`)."""
    mine = tuple(sorted(readings, key=_order))
    period = in_period(report, mine)
    latest = period[-1] if period else None
    before = in_period(previous, mine) if previous is not None else ()
    return Progress(
        indicator=indicator,
        report=report,
        readings=period,
        history=tuple(r for r in mine if r.date <= report.to),
        latest=latest,
        previous=before[-1] if before else None,
        expected=expected_value(indicator, latest.date) if latest else None,
        status=status(indicator, latest),
    )
