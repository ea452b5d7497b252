"""The axes of a progress chart: round-numbered value ticks and calendar date ticks.

A reader compares a line with the numbers on its axis, so the ticks fall on
round values (1, 2, 2.5 or 5 times a power of ten) and dates fall on the first
of a month, a quarter or a year, whatever the readings are: 37.2 and 61.9 give
an axis from 30 to 70 in steps of 10, not one from 37.2 to 61.9. Labels are in
the site's language (CLDR, through Babel): "1,250.5" in English, "Maw 2026" in
Welsh. Everything here is arithmetic and formatting; drawing is charts.py's.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal

#: Multiples of a power of ten a value step may be.
_NICE = (1.0, 2.0, 2.5, 5.0, 10.0)
#: Month steps a date axis may take, then whole years beyond these.
_MONTHS = (1, 2, 3, 6, 12)
#: Day steps for a chart that spans less than about two months.
_DAYS = (1, 2, 7, 14)
#: Currency signs are written before a number (£1,200), every other unit after it.
_PREFIX_UNITS = ("£", "$", "€", "¥")


@dataclass(frozen=True)
class ValueScale:
    low: float
    high: float
    ticks: tuple[float, ...]
    #: Decimal places the tick labels need (a step of 2.5 needs one).
    decimals: int


@dataclass(frozen=True)
class DateScale:
    first: date
    last: date
    ticks: tuple[date, ...]
    #: The CLDR skeleton its labels are written in (``yMMM``: "Mar 2026").
    skeleton: str


def nice_step(span: float, most: int) -> float:
    """The smallest round step that cuts ``span`` into at most ``most`` parts."""
    raw = span / max(most, 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in _NICE if m * magnitude >= raw * (1 - 1e-9))


def value_scale(values: Sequence[float], most: int = 5) -> ValueScale:
    """An axis that holds every one of ``values`` with at most ``most`` + 1 round ticks.

    One value, or all equal, still gets an axis around it (a flat line sits in
    the middle, not on an edge); no value at all gives 0 to 1.
    """
    finite = [v for v in values if math.isfinite(v)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    # Differences under a millionth are no difference to a reader (and below the
    # rounding that keeps ticks tidy): such values are drawn as equal.
    if high - low < max(1e-6, 1e-9 * max(abs(low), abs(high))):
        pad = abs(low) * 0.1 if abs(low) >= 1e-6 else 1.0
        low, high = low - pad, high + pad
    step = nice_step(high - low, most)
    start = math.floor(low / step + 1e-9)
    end = math.ceil(high / step - 1e-9)
    ticks = tuple(_tidy(i * step) for i in range(start, end + 1))
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    if not math.isclose(step / 10.0**-decimals % 1, 0, abs_tol=1e-6):
        decimals += 1  # 2.5, 0.25: one more place than the power of ten
    return ValueScale(ticks[0], ticks[-1], ticks, decimals)


def _tidy(value: float) -> float:
    """``0.30000000000000004`` as ``0.3``, and never ``-0.0``."""
    return round(value, 10) + 0.0


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def date_scale(dates: Sequence[date], most: int = 5) -> DateScale:
    """An axis from the first to the last of ``dates`` with at most ``most`` ticks.

    Ticks fall on the first of a month (every 1, 2, 3, 6 months, or whole
    years) or, for a span of under two months, on days. One date, or none,
    gets a month either side.
    """
    if not dates:
        today = date.today()
        dates = [today]
    first, last = min(dates), max(dates)
    if first == last:
        first, last = first - timedelta(days=30), last + timedelta(days=30)
    # A little room either side, so a point on the first or last date is not on the edge.
    pad = timedelta(days=max(1, (last - first).days // 40))
    first, last = max(date.min + pad, first) - pad, min(date.max - pad, last) + pad
    span = (last - first).days
    if span < 62:
        for step in _DAYS:
            ticks = tuple(first + timedelta(days=d) for d in range(0, span + 1, step))
            if len(ticks) <= most:
                return DateScale(first, last, ticks, "MMMd")
    years = [months // 12 for months in (24, 60, 120, 240, 600, 1200)]
    for step in (*_MONTHS, *(12 * y for y in years)):
        after = _month_index(first) + (first.day > 1)  # the first month that starts inside
        low = -(-after // step) * step
        ticks = tuple(
            _month_start(index)
            for index in range(low, _month_index(last) + 1, step)
            if _month_start(index) <= last
        )
        if len(ticks) <= most:
            return DateScale(first, last, ticks, "y" if step >= 12 else "yMMM")
    return DateScale(first, last, (first, last), "y")  # pragma: no cover - 100,000 years


@functools.lru_cache(maxsize=4096)
def format_value(value: float, unit: str, locale: Locale, decimals: int | None = None) -> str:
    """``41%``, ``12.5 days``, ``£1,200``: a number in the language's digits with its unit.

    ``decimals`` fixes the places (tick labels, all alike); without it a
    reading keeps the places it was written with, up to three. Remembered: every
    report page charts the same readings and ticks again, and Babel's formatting
    was a third of the charts' cost.
    """
    pattern = "#,##0." + ("0" * decimals if decimals is not None else "###")
    number = format_decimal(_tidy(value), format=pattern.rstrip("."), locale=locale)
    if not unit:
        return number
    if unit in _PREFIX_UNITS:
        return f"{number[:1]}{unit}{number[1:]}" if number.startswith("-") else unit + number
    if unit == "%":
        return number + unit
    return f"{number} {unit}"


def format_tick(day: date, scale: DateScale, locale: Locale) -> str:
    """A date tick's label: ``Mar 2026``, ``2027`` or ``3 Mar`` by the scale's step."""
    return format_skeleton(scale.skeleton, day, locale=locale)


def short_date(day: date, locale: Locale) -> str:
    """``3 Mar 2026``, ``3 Maw 2026``: a date short enough for a line of the chart."""
    return format_skeleton("yMMMd", day, locale=locale)
