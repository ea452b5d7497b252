"""Each measured indicator as the report pages and the board-pack PDF print it.

:mod:`visionkit.check.progress` works the numbers out; this module writes them
in the site's language (values with their units, changes such as "Up 19
percentage points", dates, the status in words and why) and hands them to the
chart (:class:`~visionkit.site.charts.ChartData`), grouped by the agenda goal
they measure. The method asks for outcomes (what changes for people) before
outputs (how the process runs), so a goal lists its outcome indicators first,
and a goal that only outputs measure is flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from markupsafe import Markup

from visionkit.check.progress import Status, expected_value, progress, status
from visionkit.fields import NAME
from visionkit.model import AgendaItem, Indicator, Priority, Reading, Report
from visionkit.read.folder import StoryFolder
from visionkit.site.charts import (
    SHAPES,
    ChartData,
    TableRow,
    chart_svg,
    number_locale,
    table_rows,
)
from visionkit.site.charts import Reading as ChartReading
from visionkit.site.fittext import shown
from visionkit.site.labels import Labels
from visionkit.site.scales import format_value

Measure = Literal["outcome", "output", "none"]
#: Outcomes first, then outputs, then indicators not marked either way.
ORDER: dict[Measure, int] = {"outcome": 0, "output": 1, "none": 2}
#: The most decimal places a number is written with.
PLACES = 3


@dataclass(frozen=True)
class MeasuredIndicator:
    """One indicator with an id: its numbers in words, its chart and its chart's table."""

    id: str
    indicator: Indicator
    measures: Measure
    status: Status
    #: "On track", "Behind", ...: the chart's own words for the status.
    status_words: str
    #: The chart's marker for it (circle, triangle, square): never colour alone.
    shape: str
    #: Why: the latest value against the one expected on the path to the target.
    explanation: str
    #: "41% on 30 November 2026"; empty without a reading.
    latest: str
    #: The same apart, for tables and tiles: "41%" and "30 November 2026".
    latest_value: str
    latest_date: str
    baseline_value: str
    baseline_date: str
    target_value: str
    target_date: str
    #: "22% on 31 March 2026" and "70% by 31 March 2028"; empty when not set.
    baseline: str
    target: str
    #: "Up 19 percentage points"; empty when it cannot be worked out.
    since_baseline: str
    since_previous: str
    chart: Markup
    rows: list[TableRow]
    caption: str


@dataclass(frozen=True)
class Goal:
    """An agenda goal and how it is measured."""

    item: AgendaItem
    priority: Priority
    #: The indicators with an id, outcomes first.
    indicators: list[MeasuredIndicator]
    #: The indicators without an id, which cannot be measured yet.
    unmeasured: list[Indicator]

    @property
    def outputs_only(self) -> bool:
        """Measured, but by no outcome: the method asks for what changes for people."""
        return bool(self.indicators) and all(m.measures != "outcome" for m in self.indicators)


def measure_of(indicator: Indicator) -> Measure:
    return indicator.measures or "none"


class Words:
    """Numbers, changes and dates of one indicator in the site's language."""

    def __init__(self, indicator: Indicator, t: Labels) -> None:
        self.t = t
        self.locale = number_locale(t)
        self.unit = shown(indicator.unit or "", NAME.limit)

    def value(self, number: Decimal, places: int | None = None) -> str:
        return format_value(float(number), self.unit, self.locale, places)

    def dated(self, number: Decimal, day: date, key: str = "value_on") -> str:
        """ "41% on 30 November 2026" (``value_on``), "70% by 31 March 2028" (``value_by``)."""
        return self.t(key, value=self.value(number), date=self.t.date(day))

    def change(self, amount: Decimal | None) -> str:
        """ "Up 19 percentage points", "Down 4 days", "No change"; empty for None."""
        if amount is None:
            return ""
        if amount == 0:
            return self.t("change_none")
        size = abs(amount)
        if self.unit == "%":  # a change of a percentage is in points, not per cent
            written = self.t("change_points", number=format_value(float(size), "", self.locale))
        else:
            written = self.value(size)
        return self.t("change_up" if amount > 0 else "change_down", amount=written)

    def expected(self, latest: Decimal, expected: Decimal) -> str:
        """The expected value written as precisely as the reading, or more where the two
        would otherwise read the same but are not (38% against 37.96%)."""
        places = min(PLACES, max(0, -int(latest.as_tuple().exponent)))
        while (
            places < PLACES
            and expected != latest
            and self.value(expected, places) == self.value(latest, places)
        ):
            places += 1
        return self.value(expected, places)


def _explain(
    words: Words,
    history: Sequence[Reading],
    latest: Reading | None,
    expected: Decimal | None,
    judged: Status,
) -> str:
    t = words.t
    if judged == "no-reading":
        if not history:
            return t("explain_no_readings")
        last = history[-1]
        return t("explain_no_reading", last=words.dated(last.value, last.date))
    if judged == "no-target" or latest is None or expected is None:
        return t("explain_no_target")
    return t(
        "explain_" + judged.replace("-", "_"),
        latest=words.dated(latest.value, latest.date),
        expected=words.expected(latest.value, expected),
    )


def measured(
    indicator: Indicator,
    readings: Sequence[Reading],
    t: Labels,
    report: Report | None = None,
    previous: Report | None = None,
) -> MeasuredIndicator:
    """``indicator`` in ``report``'s period, or over all its ``readings`` without a report
    (the reports overview: the whole story so far, judged by the last reading)."""
    words = Words(indicator, t)
    baseline, target = indicator.baseline, indicator.target
    since_previous: Decimal | None = None
    if report is not None:
        state = progress(indicator, readings, report, previous)
        history, latest, expected, judged = (
            state.history,
            state.latest,
            state.expected,
            state.status,
        )
        since_baseline, since_previous = state.change_since_baseline, state.change_since_previous
    else:
        history = tuple(sorted(readings, key=lambda r: (r.date, r.row)))
        latest = history[-1] if history else None
        expected = expected_value(indicator, latest.date) if latest else None
        judged = status(indicator, latest)
        since_baseline = latest.value - baseline.value if latest and baseline else None
    data = ChartData(
        indicator.id or "",
        indicator.text,
        indicator.unit or "",
        indicator.direction,
        (baseline.date, float(baseline.value)) if baseline else None,
        (target.date, float(target.value)) if target else None,
        tuple(ChartReading(r.date, float(r.value), r.source, r.note or "") for r in history),
        (report.from_, report.to) if report is not None else None,
        judged,
    )
    status_words = t("chart_" + judged.replace("-", "_")) if history else t("chart_no_readings")
    return MeasuredIndicator(
        id=indicator.id or "",
        indicator=indicator,
        measures=measure_of(indicator),
        status=judged,
        status_words=status_words,
        shape=SHAPES[judged] if history else SHAPES["no-reading"],
        explanation=_explain(words, history, latest, expected, judged),
        latest=words.dated(latest.value, latest.date) if latest else "",
        latest_value=words.value(latest.value) if latest else "",
        latest_date=t.date(latest.date) if latest else "",
        baseline_value=words.value(baseline.value) if baseline else "",
        baseline_date=t.date(baseline.date) if baseline else "",
        target_value=words.value(target.value) if target else "",
        target_date=t.date(target.date) if target else "",
        baseline=words.dated(baseline.value, baseline.date) if baseline else "",
        target=words.dated(target.value, target.date, "value_by") if target else "",
        since_baseline=words.change(since_baseline),
        since_previous=words.change(since_previous),
        chart=chart_svg(data, t),
        rows=table_rows(data, t),
        caption=t("chart_table_caption", title=indicator.text),
    )


def goals(
    folder: StoryFolder,
    t: Labels,
    report: Report | None = None,
    previous: Report | None = None,
) -> list[Goal]:
    """Every agenda goal with its indicators measured in ``report`` (or over all time)."""
    found = []
    for item, priority in folder.agenda():
        with_id = [i for i in item.indicators if i.id is not None]
        with_id.sort(key=lambda i: ORDER[measure_of(i)])  # stable: file order within a kind
        found.append(
            Goal(
                item,
                priority,
                [measured(i, folder.readings_of(i.id or ""), t, report, previous) for i in with_id],
                [i for i in item.indicators if i.id is None],
            )
        )
    return found
