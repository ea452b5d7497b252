"""The progress report pages: ``reports/`` (every report, every indicator's chart) and
``reports/PERIOD/`` (one report), as typed pages like :mod:`visionkit.site.pages`.

A report is the partnership's answer to "are the stories coming true?": for
every agreed goal its indicators (outcomes first) with their numbers, charts
and status, then the real stories that show a theme of the vision coming true
(each linked to the themes and people pages it shows, which link back), what
the partnership did and learnt in the period (the user log), what went well
and what comes next. Neither page exists without a published report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from visionkit.check.progress import Status, previous_report
from visionkit.model import Evidence, LogEntry, Person, Report
from visionkit.read.folder import IndicatorUse, SharedTheme, StoryFolder
from visionkit.site.evidence import REPORTS_SRC, evidence_anchor, report_src
from visionkit.site.indicators import Goal, goals
from visionkit.site.labels import Labels
from visionkit.site.page import Page, PageKind, Site

#: How a tally lists the statuses, and the label of each.
TALLY: dict[Status, str] = {
    "on-track": "tally_on_track",
    "behind": "tally_behind",
    "no-reading": "tally_no_reading",
    "no-target": "tally_no_target",
}


@dataclass(frozen=True)
class ReportSummary:
    """A report as a list of reports shows it, and as another report refers to it."""

    report: Report
    src: str
    #: "1 September to 30 November 2026", in the site's language.
    period: str
    #: "6 indicators measured: 5 on track and 1 behind."
    tally: str
    #: The summary's first paragraph (Markdown), or empty.
    opening: str


@dataclass(frozen=True)
class EvidenceStory:
    """One evidence story with what it shows: the themes (with the people pages that have
    them) and the indicators it explains."""

    evidence: Evidence
    #: Its id on the report page.
    anchor: str
    date: str
    themes: list[SharedTheme]
    indicators: list[IndicatorUse]


@dataclass(frozen=True)
class ReportsPage(Page):
    kind: ClassVar[PageKind] = "reports"
    #: Each report has a PDF of its own; the vision document is about the vision.
    printed: ClassVar[bool] = False
    #: Newest first.
    reports: list[ReportSummary]
    #: Every goal, each indicator charted over all its readings.
    goals: list[Goal]


@dataclass(frozen=True)
class ReportPage(Page):
    kind: ClassVar[PageKind] = "report"
    printed: ClassVar[bool] = False
    report: Report
    period: str
    tally: str
    #: The report before this one, which the changes "since the last report" are against.
    previous: ReportSummary | None
    goals: list[Goal]
    evidence: list[EvidenceStory]
    #: The evidence stories that explain each indicator, by indicator id.
    stories_of: dict[str, list[EvidenceStory]]
    #: The user log's entries dated in the period, newest first.
    log: list[LogEntry]


def period(report: Report, t: Labels) -> str:
    return t("report_period", start=t.date(report.from_), end=t.date(report.to))


def tally(found: list[Goal], t: Labels) -> str:
    """How many indicators are measured and how they stand, in a sentence."""
    statuses = [m.status for goal in found for m in goal.indicators]
    parts = [t.plural(TALLY[s], statuses.count(s)) for s in TALLY if s in statuses]
    if not parts:
        return t("tally_none")
    return t("tally", indicators=t.plural("indicators_count", len(statuses)), parts=t.join(parts))


def _opening(report: Report) -> str:
    return (report.summary or "").strip().split("\n\n")[0]


def report_pages(
    site: Site, folder: StoryFolder, people: list[Person], reports: list[Report]
) -> list[Page]:
    """The reports overview and a page per report (``reports``: those the site publishes,
    oldest first); none without a report."""
    if not reports:
        return []
    t = site.t
    summaries: dict[str, ReportSummary] = {}
    pages: list[Page] = []
    themes = folder.themes(people)
    for report in reports:
        before = previous_report(report, reports)
        measured = goals(folder, t, report, before)
        summary = ReportSummary(
            report, report_src(report.slug), period(report, t), tally(measured, t), _opening(report)
        )
        summaries[report.slug] = summary
        stories = [
            EvidenceStory(
                evidence,
                evidence_anchor(number),
                t.date(evidence.date),
                [themes[tid] for tid in dict.fromkeys(evidence.themes) if tid in themes],
                [
                    folder.indicators[i]
                    for i in dict.fromkeys(evidence.indicators)
                    if i in folder.indicators
                ],
            )
            for number, evidence in enumerate(report.evidence, start=1)
        ]
        stories_of: dict[str, list[EvidenceStory]] = {}
        for story in stories:
            for use in story.indicators:
                stories_of.setdefault(use.id, []).append(story)
        pages.append(
            ReportPage(
                summary.src,
                report.title,
                f"{summary.period}: {summary.tally}",
                site,
                report=report,
                period=summary.period,
                tally=summary.tally,
                previous=summaries[before.slug] if before is not None else None,
                goals=measured,
                evidence=stories,
                stories_of=stories_of,
                log=[entry for entry in folder.log() if report.covers(entry.date)],
            )
        )
    overview = ReportsPage(
        REPORTS_SRC,
        t("title_reports"),
        t("description_reports"),
        site,
        reports=[summaries[r.slug] for r in reversed(reports)],
        goals=goals(folder, t),
    )
    return [overview, *reversed(pages)]
