"""Progress charts: one indicator's baseline, readings and target as a static SVG.

Made at build time from a package template (``assets/visionkit/chart.svg``)
with autoescaping, inline in the page and the PDF: no JavaScript, every word
and number real ``<text>`` (found by search, read by pdftotext, translated by
the browser). README, "Charts in progress reports", says why a template of our
own rather than matplotlib: a third of the bytes, a hundredth of the time, and
colours the page's own CSS can set (dark mode) with print-safe ones written in.

Meaning never rests on colour: the dashed line is the path from baseline to
target, the latest reading's marker is a circle when on track and a triangle
when behind, and the status is written in words beside its marker. The whole
chart is ``role="img"`` named by its ``<title>`` and ``<desc>`` (latest value,
baseline, target, status in words), and :func:`table_rows` gives the same
numbers for the table the page prints next to it.

Input is plain data (:class:`ChartData`), so this module knows nothing of how
readings are read or how "on track" is worked out.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal, NamedTuple

from babel import Locale
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from visionkit.bytecode import keep_compiled
from visionkit.check.progress import Status
from visionkit.fields import NAME, SHORT
from visionkit.resources import CHART_TEMPLATE
from visionkit.site.fittext import fit, shown, text_width, wrap
from visionkit.site.labels import ENGLISH, Labels, babel_locale
from visionkit.site.scales import (
    date_scale,
    format_tick,
    format_value,
    short_date,
    value_scale,
)
from visionkit.site.translate import in_language_of
from visionkit.slugs import slugify

#: The latest reading's marker, by status: never told apart by colour alone.
SHAPES: dict[Status, str] = {
    "on-track": "circle",
    "behind": "triangle",
    "no-reading": "square",
    "no-target": "square",
}

#: The drawing's size in its own units; the page scales it to its column.
WIDTH, HEIGHT = 400, 280
FONT = 14
TITLE_FONT = 15
#: Where the plot sits: below the title and status lines, above the date labels and legend.
TOP, BOTTOM = 78, HEIGHT - 46
RIGHT = WIDTH - 12


class Reading(NamedTuple):
    day: date
    value: float
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class ChartData:
    #: The indicator's id: the chart's element ids, unique on a page.
    ident: str
    title: str
    unit: str = ""
    direction: Literal["up", "down"] = "up"
    baseline: tuple[date, float] | None = None
    target: tuple[date, float] | None = None
    readings: tuple[Reading, ...] = ()
    #: The report's period, shaded.
    period: tuple[date, date] | None = None
    #: As :func:`visionkit.check.progress.status` judges it.
    status: Status = "no-target"


@dataclass(frozen=True)
class TableRow:
    """One line of the table beside a chart: what the number is, when, how much, from where."""

    kind: Literal["baseline", "reading", "target"]
    #: "Baseline", "Reading", "Target" in the site's language.
    label: str
    date: str
    value: str
    source: str
    note: str
    latest: bool = False


#: Print-safe colours written into the SVG; the site's stylesheet sets its own.
LINE = "#00796b"
BEHIND = "#b3261e"


def number_locale(t: Labels) -> Locale:
    """The language's dates and numbers; English is British English, as UK public bodies write
    ("1 Jun 2026", not "Jun 1, 2026")."""
    return babel_locale("en_GB" if t.language == "en" else t.language)


def _n(number: float) -> str:
    """A coordinate with one decimal place at most: the SVG stays small."""
    return f"{number:.1f}".removesuffix(".0")


def _marker(shape: str, x: float, y: float, r: float) -> str:
    """The path of a marker centred on x, y: circle, triangle (point up) or square."""
    if shape == "circle":
        return (
            f"M{_n(x - r)} {_n(y)}a{_n(r)} {_n(r)} 0 1 0 {_n(2 * r)} 0"
            f"a{_n(r)} {_n(r)} 0 1 0 {_n(-2 * r)} 0Z"
        )
    if shape == "triangle":
        r *= 1.3
        return f"M{_n(x)} {_n(y - r)}L{_n(x + r * 0.87)} {_n(y + r / 2)}H{_n(x - r * 0.87)}Z"
    return f"M{_n(x - r)} {_n(y - r)}h{_n(2 * r)}v{_n(2 * r)}h{_n(-2 * r)}Z"


@functools.cache
def _template() -> Any:
    env = Environment(
        loader=FileSystemLoader(str(CHART_TEMPLATE.parent)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    keep_compiled(env)  # compiling it was a third of drawing a report's charts
    env.filters["n"] = _n
    return env.get_template(CHART_TEMPLATE.name)


def _status_words(data: ChartData, t: Labels) -> str:
    if not data.readings:
        return t("chart_no_readings")
    return t("chart_" + data.status.replace("-", "_"))


def finite(data: ChartData) -> ChartData:
    """``data`` without a value that is not a number a chart can place (NaN, infinity)."""

    def ok(point: tuple[date, float] | None) -> tuple[date, float] | None:
        return point if point is not None and math.isfinite(point[1]) else None

    readings = tuple(r for r in data.readings if math.isfinite(r.value))
    return replace(data, baseline=ok(data.baseline), target=ok(data.target), readings=readings)


def describe(data: ChartData, t: Labels = ENGLISH) -> str:
    """The chart in words, its ``<desc>``: status, latest value, baseline, target, which way."""
    data = finite(data)
    locale = number_locale(t)
    unit = shown(data.unit, NAME.limit)

    def value(number: float) -> str:
        return format_value(number, unit, locale)

    parts = [_status_words(data, t) + "."]
    if data.readings:
        latest = max(data.readings, key=lambda r: r.day)
        parts.append(t("chart_desc_latest", value=value(latest.value), date=t.date(latest.day)))
    if data.baseline:
        day, number = data.baseline
        parts.append(t("chart_desc_baseline", value=value(number), date=t.date(day)))
    if data.target:
        day, number = data.target
        parts.append(t("chart_desc_target", value=value(number), date=t.date(day)))
    parts.append(t("chart_" + ("higher" if data.direction == "up" else "lower") + "_better") + ".")
    return " ".join(parts)


def chart_svg(data: ChartData, t: Labels = ENGLISH) -> Markup:
    """The ``<svg>`` element for ``data``, with words and dates in ``t``'s language."""
    data = finite(data)
    locale = number_locale(t)
    unit = shown(data.unit, NAME.limit)
    readings = sorted(data.readings, key=lambda r: r.day)
    points = [(r.day, r.value) for r in readings]
    points += [p for p in (data.baseline, data.target) if p is not None]
    numbers = [number for _, number in points]
    if data.target and _falls(data):  # room under the target for its label
        room = data.target[1] - 0.15 * (max(numbers) - min(numbers))
        # ...but no axis below zero for a count that cannot be negative (days, people).
        numbers.append(max(room, 0.0) if min(numbers) >= 0 else room)
    values = value_scale(numbers)
    # A unit of a few characters follows every tick label; a longer one is the axis's name.
    short_unit = len(unit) <= 3
    y_labels = [
        format_value(v, unit if short_unit else "", locale, values.decimals) for v in values.ticks
    ]
    left = min(WIDTH / 3, 8 + max(text_width(label, FONT) for label in y_labels))
    # As many date labels as fit side by side ("Chwef 2026" is the longest kind).
    days = date_scale(
        [day for day, _ in points] + list(data.period or ()), int((RIGHT - left) // 84)
    )
    span_days = max((days.last - days.first).days, 1)

    def x(day: date) -> float:
        return left + (RIGHT - left) * (day - days.first).days / span_days

    def y(number: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * (number - values.low) / (values.high - values.low)

    def label_x(at: float, label: str, size: float) -> float:
        """``at``, moved in so a label centred on it stays inside the drawing."""
        half = text_width(label, size) / 2
        return min(max(at, half + 1), WIDTH - half - 1)

    status = data.status if readings else "no-reading"
    shape = SHAPES[status]
    words = _status_words(data, t)
    if readings:
        latest = readings[-1]
        value = format_value(latest.value, unit, locale)
        words += " · " + t("chart_latest", value=value, date=short_date(latest.day, locale))
    legend = _legend(data, bool(readings), t)
    title = wrap(shown(data.title, SHORT.limit), TITLE_FONT, WIDTH - 4, 2)
    x_labels = [format_tick(day, days, locale) for day in days.ticks]
    context: dict[str, Any] = {
        "id": "vk-chart-" + (slugify(data.ident, 60) or "indicator"),
        "width": WIDTH,
        "font": FONT,
        "title_font": TITLE_FONT,
        "status": status,
        "colour": BEHIND if status == "behind" else LINE,
        "line_colour": LINE,
        "name": shown(data.title, SHORT.limit),
        "desc": describe(data, t),
        "title": title,
        "shift": 18 * (len(title) - 1),
        "status_marker": _marker(shape, 8, 44, 5),
        "status_text": fit(words, FONT, WIDTH - 22),
        "unit_label": "" if short_unit else fit(unit, FONT - 1, WIDTH - 8),
        "left": left,
        "right": RIGHT,
        "top": TOP,
        "bottom": BOTTOM,
        "y_ticks": list(zip(map(y, values.ticks), y_labels, strict=True)),
        "x_ticks": [
            (x(day), label_x(x(day), label, FONT), label)
            for day, label in zip(days.ticks, x_labels, strict=True)
        ],
        "no_readings": "" if readings else t("chart_no_readings"),
        "empty_width": text_width(t("chart_no_readings"), TITLE_FONT),
        # In the corner the path does not cross: top left when it rises, bottom left when it falls.
        "empty_y": BOTTOM - 12 if _falls(data) else TOP + 24,
        "legend": legend,
        "height": legend[-1][2] + 4 if legend else HEIGHT,
    }
    if data.period:
        start, end = x(min(data.period)), x(max(data.period))
        context["period"] = (start, max(end - start, 2))
    if data.baseline and data.target:
        (b_day, b_value), (t_day, t_value) = data.baseline, data.target
        context["path"] = (x(b_day), y(b_value), x(t_day), y(t_value))
    for key, point in (("baseline", data.baseline), ("target", data.target)):
        if point:
            context[key] = (x(point[0]), y(point[1]))
    if data.target:
        label = t("chart_target") + " " + format_value(data.target[1], unit, locale)
        # Above the target when the path rises to it, below when it falls: clear of the path.
        context["target_label"] = _beside(
            x(data.target[0]),
            y(data.target[1]),
            fit(label, FONT - 1, 160),
            FONT - 1,
            left,
            1 if _falls(data) else -1,
        )
    if readings:
        context["line"] = " ".join(f"{_n(x(r.day))},{_n(y(r.value))}" for r in readings)
        context["dots"] = [(x(r.day), y(r.value)) for r in readings[:-1]]
        context["latest_marker"] = _marker(shape, x(latest.day), y(latest.value), 6)
        # On the side of the marker the line does not come from.
        rising = len(readings) > 1 and readings[-2].value < latest.value
        shown_value, side = fit(value, FONT, 120), -1 if rising else 1
        label_at = _beside(x(latest.day), y(latest.value), shown_value, FONT, left, side)
        target_at = context.get("target_label")
        if target_at and _collide(label_at, FONT, target_at, FONT - 1):  # near the target
            label_at = _beside(x(latest.day), y(latest.value), shown_value, FONT, left, -side)
        context["latest_label"] = label_at
    return Markup(_template().render(context).strip())


def _collide(
    a: tuple[float, float, str, str], a_size: float, b: tuple[float, float, str, str], b_size: float
) -> bool:
    """Whether two labels placed by :func:`_beside` (x, baseline y, anchor, text) overlap."""

    def box(label: tuple[float, float, str, str], size: float) -> tuple[float, ...]:
        x, y, anchor, text = label
        width = text_width(text, size)
        start = x - width if anchor == "end" else x
        return start, y - size, start + width, y + 3

    (a_left, a_top, a_right, a_bottom), (b_left, b_top, b_right, b_bottom) = (
        box(a, a_size),
        box(b, b_size),
    )
    return a_left < b_right and b_left < a_right and a_top < b_bottom and b_top < a_bottom


def _falls(data: ChartData) -> bool:
    """Whether the path from baseline to target goes down the chart."""
    return bool(data.baseline and data.target and data.baseline[1] > data.target[1])


def _beside(
    x: float, y: float, label: str, size: float, left: float, side: int
) -> tuple[float, float, str, str]:
    """Where a point's label goes: above it (``side`` -1) or below (1), whichever
    there is room for (above may use the gap over the plot); ending just right of
    the point, or starting just left of it when it would run out of the plot on the left."""
    width = text_width(label, size)
    anchor = "end" if x + 4 - width > left else "start"
    at = min(x + 4, WIDTH - 1.0) if anchor == "end" else x - 4
    under, over = y + size + 6, y - 9
    if (side > 0 and under > BOTTOM - 2) or (side < 0 and over - size < TOP - 26):
        side = -side
    return at, over if side < 0 else under, anchor, label


def _legend(data: ChartData, readings: bool, t: Labels) -> list[tuple[str, float, float, str]]:
    """(kind, x, y, words) for each line the chart draws, along its foot; a second row
    below when the words are too long for one (the drawing grows to hold it)."""
    items: list[tuple[str, str]] = []
    if readings:
        items.append(("line", t("chart_readings")))
    if data.baseline and data.target:
        items.append(("path", t("chart_path")))
    if data.period:
        items.append(("period", t("chart_period")))
    legend: list[tuple[str, float, float, str]] = []
    at, row = 2.0, float(HEIGHT - 4)
    for kind, words in items:
        words = fit(words, FONT - 1, WIDTH - 40)
        width = 25 + text_width(words, FONT - 1)
        if at > 2 and at + width > WIDTH:
            at, row = 2.0, row + 18
        legend.append((kind, at, row, words))
        at += width + 14
    return legend


def table_rows(data: ChartData, t: Labels = ENGLISH) -> list[TableRow]:
    """The chart's numbers as the rows of its table: baseline, every reading, target, by date.

    Values carry the unit and dates the site's language, as in the chart's
    ``<desc>``; source and note are the spreadsheet's words, on one line.
    """
    data = finite(data)
    locale = number_locale(t)
    unit = shown(data.unit, NAME.limit)
    rows: list[tuple[date, int, TableRow]] = []
    readings = sorted(data.readings, key=lambda r: r.day)
    ends: tuple[tuple[Literal["baseline", "target"], int, tuple[date, float] | None], ...] = (
        ("baseline", -1, data.baseline),
        ("target", 1, data.target),
    )
    for kind, order, point in ends:  # on a reading's date, the baseline first, the target last
        if point:
            value = format_value(point[1], unit, locale)
            row = TableRow(kind, t("chart_" + kind), t.date(point[0]), value, "", "")
            rows.append((point[0], order, row))
    for reading in readings:
        row = TableRow(
            "reading",
            t("chart_reading"),
            t.date(reading.day),
            format_value(reading.value, unit, locale),
            in_language_of(reading.source, shown(reading.source, SHORT.limit)),
            in_language_of(reading.note, shown(reading.note, SHORT.limit)),
            latest=reading is readings[-1],
        )
        rows.append((reading.day, 0, row))
    return [row for _, _, row in sorted(rows, key=lambda item: item[:2])]
