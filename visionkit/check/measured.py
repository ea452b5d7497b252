"""Readings and progress reports checked against the rest of the story folder.

measures.csv and the reports name ids that other files give: an indicator's
id (priorities.yml), a theme's id (the people files). A name that is no such
id is an error (VK105), with the nearest id suggested, like every other
reference. Then the method's warnings about measuring (REFERENCE.md):

* VK213: a report whose period has no reading at all: the numbers are the
  report's spine, and a period without one usually means a wrong date.
* VK214: an indicator with readings but no baseline: nothing to measure the
  change against, and no line to be on track with.
* VK215: evidence that names no theme and no indicator: a story the report
  cannot link to the vision it shows coming true.

A reference is checked only against a side that was read whole: when a people
file could not be read, its themes are unknown, and a report naming one of
them is not reported until it can be; likewise with priorities.yml for
indicator ids, and measures.csv for VK213.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterator
from datetime import date

from visionkit.diagnostics import Code, Diagnostic, Position, excerpt
from visionkit.model import Report
from visionkit.read.folder import StoryFolder
from visionkit.read.loader import PEOPLE_DIR, nearest_id
from visionkit.read.measures import MAX_PROBLEMS


def _unknown_indicator(folder: StoryFolder, ident: str) -> tuple[str, str]:
    """The message and the fix for an indicator id that priorities.yml does not give."""
    if folder.priorities_file is None:
        return (
            f"'{excerpt(ident)}' is not the id of an indicator: the folder has no priorities.yml",
            "give the indicator an id under 'indicators' of its agenda item in priorities.yml",
        )
    known = list(folder.indicators)
    if not known:
        return (
            f"'{excerpt(ident)}' is not the id of an indicator: no indicator in "
            f"{folder.priorities_file} has an id",
            "give the indicator an 'id' in priorities.yml, such as '- {id: told-once, text: ...}'",
        )
    return (
        f"'{excerpt(ident)}' is not the id of an indicator in {folder.priorities_file}",
        nearest_id(ident, known),
    )


def _readings(folder: StoryFolder) -> Iterator[Diagnostic]:
    """Each indicator id measures.csv names that priorities.yml does not give: once,
    at its first row, with how many more rows name it."""
    file = folder.measures_file
    if file is None:
        return
    rows: dict[str, list[int]] = {}
    first: dict[str, int] = {}
    for reading in folder.readings:
        if reading.indicator not in folder.indicators:
            rows.setdefault(reading.indicator, []).append(reading.row)
            first.setdefault(reading.indicator, reading.line)
    for listed, (ident, numbers) in enumerate(rows.items()):
        if listed == MAX_PROBLEMS:
            more = len(rows) - listed
            yield Diagnostic(
                file,
                Position(first[ident], 1),
                Code.UNKNOWN_ID,
                f"{more:,} more unknown indicator ids in {file}, not listed",
                "fix the ones above and check again",
            )
            return
        message, fix = _unknown_indicator(folder, ident)
        others = len(numbers) - 1
        rows_name = "1 other row names" if others == 1 else f"{others:,} other rows name"
        also = f" (and {rows_name} it)"
        yield Diagnostic(
            file,
            Position(first[ident], 1),
            Code.UNKNOWN_ID,
            f"row {numbers[0]}: the indicator {message}{also if others else ''}",
            fix,
        )


def _evidence(
    folder: StoryFolder, report: Report, themes_known: bool, indicators_known: bool
) -> Iterator[Diagnostic]:
    node = folder.nodes[report.file]
    themes = folder.themes()
    for e, evidence in enumerate(report.evidence):
        if not evidence.themes and not evidence.indicators:
            yield Diagnostic(
                report.file,
                node.find(("evidence", e)),
                Code.EVIDENCE_UNLINKED,
                "this evidence names no theme and no indicator",
                "add 'themes:' with the ids of the themes it shows coming true, or "
                "'indicators:' with the ids of the indicators it explains, so the report can "
                "link it to the vision",
            )
        for t, ident in enumerate(evidence.themes if themes_known else ()):
            if ident not in themes:
                yield Diagnostic(
                    report.file,
                    node.find(("evidence", e, "themes", t)),
                    Code.UNKNOWN_ID,
                    f"'{excerpt(ident)}' is not the id of a theme in the people files",
                    nearest_id(ident, list(themes)) if themes else None,
                )
        for i, ident in enumerate(evidence.indicators if indicators_known else ()):
            if ident not in folder.indicators:
                message, fix = _unknown_indicator(folder, ident)
                yield Diagnostic(
                    report.file,
                    node.find(("evidence", e, "indicators", i)),
                    Code.UNKNOWN_ID,
                    message,
                    fix,
                )


def _period(folder: StoryFolder, report: Report, days: list[date]) -> Iterator[Diagnostic]:
    """VK213: no reading of a known indicator in the report's period (``days``: the
    dates of those readings, in order: found by halving, whatever the number of reports)."""
    first = bisect.bisect_left(days, report.from_)
    if first < len(days) and days[first] <= report.to:
        return
    period = f"{report.from_.isoformat()} to {report.to.isoformat()}"
    if folder.measures_file is None:
        message = f"this report's period ({period}) has no reading: the folder has no measures.csv"
        fix = (
            "create measures.csv beside priorities.yml, one row per reading (indicator, date, "
            "value, source), with the readings of the period"
        )
    else:
        message = (
            f"no reading in {folder.measures_file} is dated in this report's period ({period})"
        )
        fix = "add the period's readings to it, or correct 'from' and 'to' if the dates are wrong"
    yield Diagnostic(
        report.file,
        folder.nodes[report.file].find(("from",)),
        Code.NO_READING_IN_PERIOD,
        message,
        fix,
    )


def _baselines(folder: StoryFolder) -> Iterator[Diagnostic]:
    """VK214: an indicator with readings and no baseline to measure them from."""
    file = folder.priorities_file
    if file is None:
        return
    for ident, use in folder.indicators.items():
        if use.indicator.baseline is None and folder.readings_of(ident):
            yield Diagnostic(
                file,
                folder.nodes[file].find(use.loc),
                Code.READINGS_WITHOUT_BASELINE,
                f"the indicator '{excerpt(ident)}' has readings in "
                f"{folder.measures_file or 'measures.csv'} but no baseline",
                "add 'baseline:' with the date and value it started from, such as "
                "baseline: {date: 2026-04-01, value: 22}, so reports can show the change "
                "and whether it is on track",
            )


def measured(folder: StoryFolder, failed: Collection[str] = ()) -> Iterator[Diagnostic]:
    """Every finding about readings and reports; ``failed`` are the files that could not
    be read whole (an error was reported in them)."""
    themes_known = not any(f.startswith(f"{PEOPLE_DIR}/") for f in failed)
    indicators_known = folder.priorities_file not in failed
    if indicators_known:
        yield from _readings(folder)
    yield from _baselines(folder)
    days = sorted(r.date for r in folder.readings if r.indicator in folder.indicators)
    for report in folder.reports.values():
        yield from _evidence(folder, report, themes_known, indicators_known)
        if folder.measures_file not in failed and indicators_known:
            yield from _period(folder, report, days)
