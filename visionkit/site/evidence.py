"""Where progress reports live in the site, and which themes their evidence shows coming true.

The report pages link each evidence story to the themes it shows coming true;
the people pages and the themes page link back ("This is starting to happen").
Both directions are worked out here, once a build, from the reports a site
publishes, so a theme's page never names a report the site leaves out (a draft).
Kept apart from the report pages themselves so that every page kind can read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from visionkit.model import Evidence, Report

REPORTS_DIR = "reports"
#: The page of every report and every indicator's chart (FORMAT 1.1: ``reports/``).
REPORTS_SRC = f"{REPORTS_DIR}/index.md"


def report_src(slug: str) -> str:
    """One report's page: ``reports/2026-autumn.md`` is published at ``reports/2026-autumn/``."""
    return f"{REPORTS_DIR}/{slug}.md"


def evidence_anchor(number: int) -> str:
    """The id of a report page's ``number``-th evidence story (from 1)."""
    return f"evidence-{number}"


@dataclass(frozen=True)
class Sighting:
    """One evidence story of a report, seen from a theme it shows coming true."""

    report: Report
    #: The report page's source path, and the story's anchor on it.
    src: str
    anchor: str
    evidence: Evidence


def coming_true(reports: Iterable[Report]) -> dict[str, list[Sighting]]:
    """For each theme id, the evidence that shows it coming true: newest report first,
    each report's stories in their file's order."""
    found: dict[str, list[Sighting]] = {}
    for report in sorted(reports, key=lambda r: (r.to, r.from_, r.slug), reverse=True):
        for number, evidence in enumerate(report.evidence, start=1):
            sighting = Sighting(report, report_src(report.slug), evidence_anchor(number), evidence)
            for theme in dict.fromkeys(evidence.themes):
                found.setdefault(theme, []).append(sighting)
    return found


def once_each(found: dict[str, list[Sighting]], themes: list[str]) -> dict[str, list[Sighting]]:
    """``found`` for one page's ``themes``, in order, each story under the first theme of
    the page it shows: a page prints nothing twice."""
    seen: set[tuple[str, str]] = set()
    shown: dict[str, list[Sighting]] = {}
    for theme in themes:
        fresh = [s for s in found.get(theme, []) if (s.src, s.anchor) not in seen]
        seen.update((s.src, s.anchor) for s in fresh)
        shown[theme] = fresh
    return shown
