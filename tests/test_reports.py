"""Progress report pages and PDFs (issue 19), as a board member and a partner see them:
``reports/``, ``reports/PERIOD/`` and ``handouts/report-PERIOD.pdf`` of the example site,
each indicator's numbers and status in words, the stories of change linked both ways,
drafts, and what a folder without reports publishes (nothing)."""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, MakeStory, check
from pypdf import PdfReader
from sites import article, build_site, copy_example, elements, page, pdf_pages
from test_reports_read import REPORT, reported

from visionkit.images.plan import plan_images
from visionkit.model import Report
from visionkit.pdf.handouts import plan_handouts
from visionkit.site.indicators import measured
from visionkit.site.labels import ENGLISH, labels_for
from visionkit.site.pages import build_pages
from visionkit.site.reportpages import ReportPage, ReportsPage


def words(markup: str) -> str:
    """What a reader sees of some HTML: its text, spaces collapsed."""
    return " ".join(html.unescape(" ".join(elements(markup).text)).split())


def links(markup: str) -> list[str]:
    return [attrs.get("href", "") for tag, attrs in elements(markup).elements if tag == "a"]


def section(body: str, heading_id: str) -> str:
    """The HTML from the heading with ``heading_id`` to the next heading of its level or above."""
    start = body.rindex("<h", 0, body.index(f'id="{heading_id}"'))
    level = body[start + 2]
    ends = [m.start() for m in re.finditer(rf"<h[1-{level}][ >]", body) if m.start() > start]
    return body[start : ends[0] if ends else len(body)]


def indicator(body: str, ident: str) -> str:
    start = body.index(f'id="indicator-{ident}"')
    return body[start : body.index("</section>", start)]


def example_folder():  # type: ignore[no-untyped-def]
    result = check(EXAMPLE)
    assert result.folder is not None and not result.diagnostics
    return result.folder


# --- one report's page --------------------------------------------------------------------


def test_a_report_page_has_every_indicators_numbers_and_status_in_words(
    example_site: Path,
) -> None:
    body = article(page(example_site, "reports/2026-autumn"))
    # Every indicator with an id has its section, in the table at a glance too.
    for ident in example_folder().indicators:
        assert f'href="#indicator-{ident}"' in body and f'id="indicator-{ident}"' in body
    told = words(indicator(body, "told-once"))
    # Worked by hand: 41 latest, 22 baseline, 27 in spring; the path from 22 (31 March
    # 2026) to 70 (31 March 2028) stands at 22 + 48 x 244/731 = 38.0 on 30 November.
    assert "On track. 41% on 30 November 2026 is at or better than the 38% expected" in told
    for figure in ("Up 19 percentage points", "Up 14 percentage points", "22% 31 March 2026"):
        assert figure in told
    assert "70% by 31 March 2028" in told
    # 3 + 87 x 244/365 = 61.2 expected of plans shared: 38 is behind.
    shared = words(indicator(body, "plans-shared"))
    assert "Behind. 38% on 30 November 2026 is behind the 61% expected" in shared
    # Lower is better: days down from 14 (baseline) and 11 (spring's last reading).
    days = words(indicator(body, "days-to-contact"))
    assert "Down 11 days" in days and "Down 8 days" in days and "Lower is better" in days
    # A baseline and no target: no path to judge it by, said so.
    starting = words(indicator(body, "starting-work"))
    assert "No target set. Without a baseline and a target there is no path" in starting
    # No reading in spring's period: no change since the last report to give.
    glance = section(body, "at-a-glance")
    row = glance[glance.index("#indicator-kept-informed") :]
    assert "Not known" in words(row[: row.index("</tr>")])
    assert words(glance).startswith("At a glance 7 indicators measured: 5 on track, 1 behind")


def test_the_chart_and_its_table_are_beside_each_indicator(example_site: Path) -> None:
    body = article(page(example_site, "reports/2026-autumn"))
    days = indicator(body, "days-to-contact")
    assert days.count("<svg") == 2  # the status's marker and the chart
    assert 'role="img" aria-labelledby="vk-chart-days-to-contact-title' in days
    table = days[days.index("<table") : days.index("</table>")]
    # Every reading up to the end of the period (12), the baseline and the target.
    assert table.count('class="vk-progress__reading"') == 12
    assert "The numbers in the chart: Median days from referral to first contact" in words(table)


def test_outcomes_come_first_and_a_goal_measured_only_by_outputs_is_flagged(
    example_site: Path,
) -> None:
    body = article(page(example_site, "reports/2026-autumn"))
    # priorities.yml lists the output (days) before the outcome (kept informed).
    assert body.index('id="indicator-kept-informed"') < body.index('id="indicator-days-to-contact"')
    flagged = [
        words(section(body, f"goal-{n}"))
        for n in range(1, 5)
        if "Measured only by outputs." in section(body, f"goal-{n}")
    ]
    assert len(flagged) == 1 and "caseload small enough" in flagged[0]
    assert "Not measured yet: Advisers who say they have time to follow people up" in flagged[0]


def test_the_first_report_says_so_and_shows_a_period_without_a_reading(
    example_site: Path,
) -> None:
    body = article(page(example_site, "reports/2026-spring"))
    assert "This is the first report: changes are against the baseline." in words(body)
    assert "Since the last report" not in words(section(body, "at-a-glance"))
    kept = words(indicator(body, "kept-informed"))
    assert "No readings yet. Its first reading is still to come." in kept
    assert "1 with no reading in the period" in words(section(body, "at-a-glance"))
    # 118 - 78 x 61/548 = 109.3 expected: the reading, 109, reads as on track, not as equal.
    assert "109 residents on 31 May 2026 is at or better than the 109.3 residents" in words(
        indicator(body, "caseload")
    )


def test_evidence_links_to_the_themes_and_people_it_shows_and_they_link_back(
    example_site: Path,
) -> None:
    body = article(page(example_site, "reports/2026-autumn"))
    stories = section(body, "evidence")
    bakery = stories[stories.index('id="evidence-2"') : stories.index('id="evidence-3"')]
    assert "A new starter was struggling in her second week." in words(bakery)
    assert "A bakery owner in Tamesford, 2 October 2026" in words(bakery)
    for target in (
        "../../themes/#theme-support-after-start",
        "../../stories/amira/#theme-support-after-start",
        "../../stories/employers/#theme-support-after-start",
    ):
        assert target in links(bakery)
    # The evidence that explains a number is named under it, and links to it.
    assert "#evidence-3" in links(indicator(body, "caseload"))
    assert "#indicator-caseload" in links(stories)
    # Back from Marek's page and from the themes page, with the report's address.
    for url, prefix in (("stories/employers", "../../"), ("themes", "../")):
        there = article(page(example_site, url))
        assert "This is starting to happen" in words(there)
        assert "A new starter was struggling in her second week." in words(there)
        assert f"{prefix}reports/2026-autumn/#evidence-2" in links(there)
    # A theme no evidence names has no such box.
    assert "This is starting to happen" not in words(article(page(example_site, "problems")))


def test_the_log_entries_of_the_period_highlights_and_next_steps(example_site: Path) -> None:
    spring = article(page(example_site, "reports/2026-spring"))
    log = words(section(spring, "log"))
    assert "Priorities day (shared solutions)" in log and "User log review" in log
    assert "Vision stories revisited" not in log  # 14 October: the autumn report's
    autumn = article(page(example_site, "reports/2026-autumn"))
    assert "Vision stories revisited with residents" in words(section(autumn, "log"))
    assert "Referrals are answered in a median of 3 days" in words(section(autumn, "highlights"))
    assert "Sign the data-sharing agreement" in words(section(autumn, "next"))
    assert "<strong>March 2027</strong>" in section(autumn, "next")  # Markdown, rendered


# --- the reports overview, navigation and links ------------------------------------------


def test_the_reports_page_lists_reports_newest_first_and_charts_every_indicator(
    example_site: Path,
) -> None:
    body = article(page(example_site, "reports"))
    listed = section(body, "the-reports")
    assert listed.index("Progress report, autumn 2026") < listed.index(
        "Progress report, spring 2026"
    )
    assert {"2026-autumn/", "2026-spring/"} <= set(links(listed))
    assert "1 September 2026 to 30 November 2026" in words(listed)
    assert "7 indicators measured: 5 on track, 1 behind and 1 with no target." in words(listed)
    charts = section(body, "over-time")
    for ident in example_folder().indicators:
        assert f'id="vk-chart-{ident}-title"' in charts
    # Every reading, the last judged against the path: 3 days on 30 November 2026.
    days = indicator(body, "days-to-contact")
    assert days.count('class="vk-progress__reading"') == 12
    assert "Since the last report" not in words(days)


def test_reports_are_in_the_navigation_after_the_vision_pages_and_linked_from_the_overview(
    example_site: Path,
) -> None:
    about = page(example_site, "about")
    nav = about[about.index('class="md-nav md-nav--primary"') :]
    shown = re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', nav)
    at = shown.index("Progress reports")
    assert shown[at + 1 : at + 4] == [
        "Progress reports",
        "Progress report, autumn 2026",
        "Progress report, spring 2026",
    ]
    assert shown.index("Stakeholders") < at < shown.index("Accessibility statement")
    assert "../reports/" in links(article(page(example_site, "vision")))


# --- the PDF ----------------------------------------------------------------------------


def test_the_report_pdf_has_a_cover_the_charts_and_every_number_as_text(
    example_site: Path,
) -> None:
    html_page = page(example_site, "reports/2026-autumn")
    assert re.search(r'<a href="\.\./\.\./handouts/report-2026-autumn\.pdf">', html_page)
    reader = PdfReader(example_site / "handouts/report-2026-autumn.pdf")
    assert 4 <= len(reader.pages) <= 15
    texts = pdf_pages(example_site / "handouts/report-2026-autumn.pdf")
    cover = " ".join(texts[0].split())
    assert (
        "Progress report, autumn 2026" in cover and "1 September 2026 to 30 November 2026" in cover
    )
    assert "5 on track, 1 behind and 1 with no target" in cover
    assert "Tamesford Borough Council" in cover
    text = " ".join(" ".join(texts).split())
    folder = example_folder()
    for use in folder.indicators.values():
        assert use.indicator.text in text
    for figure in ("41%", "Up 19 percentage points", "Down 11 days", "301 residents", "Behind"):
        assert figure in text
    # The charts' own words: axis ticks, target labels and the legend are text.
    assert text.count("Path to target") >= len(folder.indicators) - 1
    assert "Target 70%" in text and "Jan 2027" in text
    assert "A new starter was struggling in her second week." in text
    assert str(reader.metadata.title) == "Progress report, autumn 2026 · Working Well Tamesford"


# --- folders with less ------------------------------------------------------------------


def test_a_folder_without_reports_or_measures_has_no_report_page_or_link(
    make_story: MakeStory,
) -> None:
    for root in (make_story(), reported(make_story, files={"reports/2026-spring.yml": None})):
        folder = check(root).folder
        assert folder is not None
        pages = build_pages(folder)
        assert not [p for p in pages if p.kind in ("reports", "report")]
        assert "reports" not in pages[0].site.links and not pages[0].site.coming_true


def test_draft_reports_follow_the_drafts_option(make_story: MakeStory) -> None:
    autumn = REPORT.replace("2026-03-01", "2026-09-01").replace("2026-05-31", "2026-11-30")
    draft = autumn.replace("Progress report, spring 2026", "Progress report, autumn 2026")
    root = reported(make_story, files={"reports/2026-autumn.yml": draft + "status: draft\n"})
    folder = check(root).folder
    assert folder is not None
    published = {p.src: p for p in build_pages(folder)}
    assert "reports/2026-autumn.md" not in published and "reports/2026-spring.md" in published
    overview = published["reports/index.md"]
    assert isinstance(overview, ReportsPage)
    assert [s.report.slug for s in overview.reports] == ["2026-spring"]
    with_drafts = {p.src: p for p in build_pages(folder, drafts=True)}
    autumn_page = with_drafts["reports/2026-autumn.md"]
    assert isinstance(autumn_page, ReportPage) and autumn_page.report.is_draft
    # Its changes are against the published report before it.
    assert autumn_page.previous is not None and autumn_page.previous.report.slug == "2026-spring"
    # A theme's evidence from the draft shows only in the draft preview.
    assert [s.report.slug for s in with_drafts["vision.md"].site.coming_true["one-door"]] == [
        "2026-autumn",
        "2026-spring",
    ]
    shown = [s.report.slug for s in published["vision.md"].site.coming_true["one-door"]]
    assert shown == ["2026-spring"]
    plan = plan_handouts(
        folder, list(published.values()), plan_images(folder, list(published.values()))
    )
    assert "handouts/report-2026-autumn.pdf" not in {h.src for h in plan.handouts.values()}
    assert "handouts/report-2026-spring.pdf" in {h.src for h in plan.handouts.values()}


@pytest.mark.slow  # builds a site
def test_a_draft_report_page_says_it_is_a_draft(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "site")
    path = folder / "stories/reports/2026-autumn.yml"
    path.write_text(path.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("      pdf: false\n", "      pdf: false\n      drafts: true\n")
    )
    site = build_site(folder, strict=True)
    body = words(article(page(site, "reports/2026-autumn")))
    assert "Draft report This report is still being written" in body
    assert "Draft report" in words(section(article(page(site, "reports")), "the-reports"))


def test_story_text_in_a_report_is_escaped_and_its_markdown_restricted(
    make_story: MakeStory,
) -> None:
    hostile = REPORT.replace(
        "I told my story once and the college already knew it.",
        "I told it once <script>alert(1)</script> [click](javascript:alert(2)) ok.",
    ).replace("A resident in Riverside", "A resident <b onmouseover=x>in</b> Riverside")
    root = reported(make_story, hostile)
    folder = check(root).folder
    assert folder is not None
    pages = build_pages(folder)
    plan = plan_handouts(folder, pages, plan_images(folder, pages))
    [job] = [j for j in plan.jobs if j.name.startswith("handout-report-2026-spring")]
    assert "<script>" not in job.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in job.html
    assert "javascript:" not in job.html and "<b onmouseover" not in job.html
    assert "A resident &lt;b onmouseover=x&gt;in&lt;/b&gt; Riverside" in job.html


@pytest.mark.slow  # builds a site, and must fail
def test_a_participants_name_in_evidence_stops_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = copy_example(tmp_path / "site")
    path = folder / "stories/reports/2026-autumn.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("A bakery owner in Tamesford", "Samuel Okoro, bakery owner"))
    line = next(
        n for n, row in enumerate(path.read_text().splitlines(), start=1) if "Samuel Okoro" in row
    )
    with pytest.raises(Exception):  # noqa: B017 - MkDocs aborts with its own exception
        build_site(folder)
    assert f"stories/reports/2026-autumn.yml:{line}:11: error VK110" in caplog.text
    assert "the site was not built or changed" in caplog.text
    assert not (folder / "site").exists()


# --- the numbers in words ----------------------------------------------------------------


def test_changes_are_written_with_their_unit_and_in_welsh() -> None:
    folder = example_folder()
    spring, autumn = folder.reports["2026-spring"], folder.reports["2026-autumn"]
    told = folder.indicators["told-once"].indicator
    shown = measured(told, folder.readings_of("told-once"), ENGLISH, autumn, spring)
    assert (shown.since_baseline, shown.since_previous) == (
        "Up 19 percentage points",
        "Up 14 percentage points",
    )
    welsh = measured(told, folder.readings_of("told-once"), labels_for("cy"), autumn, spring)
    assert welsh.since_baseline == "I fyny 19 pwynt canran"
    assert welsh.latest == "41% ar 30 Tachwedd 2026" and welsh.status_words == "Ar y trywydd iawn"
    # Over all time (the overview): judged by the last reading, no change since a report.
    overall = measured(told, folder.readings_of("told-once"), ENGLISH)
    assert overall.status == "on-track" and overall.since_previous == ""
    winter = Report.model_validate({"title": "Winter", "from": "2027-01-01", "to": "2027-02-28"})
    gap = measured(told, folder.readings_of("told-once"), ENGLISH, winter, autumn)
    assert (gap.status, gap.status_words, gap.since_previous) == (
        "no-reading",
        "No reading in this period",
        "",
    )
    last = "The last reading, 41% on 30 November 2026, is from before this period."
    assert gap.explanation == last
    nothing = measured(told, (), ENGLISH)
    assert (nothing.status, nothing.latest, nothing.explanation) == (
        "no-reading",
        "",
        "Its first reading is still to come.",
    )


def test_the_example_report_files_have_every_key() -> None:
    keys = {"title", "from", "to", "summary", "highlights", "evidence", "next"}
    for path in sorted((EXAMPLE / "reports").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert keys <= set(data), path.name
        assert all({"story", "from", "date", "themes"} <= set(e) for e in data["evidence"])


@pytest.mark.slow  # two builds with PDFs
def test_a_report_pdf_is_remade_only_when_what_it_prints_changes(
    example_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """``example_copy`` holds the PDFs of a first build: a new autumn reading remakes the
    autumn report's PDF and nothing else (in each language); a post-it no report prints
    remakes its person's handout and vision.pdf's themes chapter, not the reports'."""
    caplog.set_level(logging.INFO)
    config = example_copy / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - visionkit\n", "  - visionkit:\n      pdf: true\n")
    )
    cache = example_copy / ".cache/visionkit"

    def pdfs() -> set[str]:
        return {p.name for p in cache.glob("*.pdf")}

    before = pdfs()
    measures = example_copy / "stories/measures.csv"
    measures.write_bytes(measures.read_bytes() + b"caseload,2026-10-31,80,Caseload returns,\r\n")
    site = build_site(example_copy)
    # Each language's PDFs are made on their own: the report once in each.
    languages = len(list(site.glob("**/handouts/vision.pdf")))
    assert languages == 2  # the example is in English and Welsh
    made = pdfs() - before
    assert [name.rsplit("-", 1)[0] for name in made] == ["handout-report-2026-autumn"] * languages
    assert caplog.text.count("visionkit: 1 PDFs made, 6 taken from the cache") == languages
    before = pdfs()
    dylan = example_copy / "stories/people/dylan.yml"
    text = dylan.read_text(encoding="utf-8")
    # His post-it (the Welsh pages show it in English until translated again).
    dylan.write_text(text.replace("Five systems, five passwords", "Six systems, six passwords"))
    build_site(example_copy)
    assert sorted(name.rsplit("-", 1)[0] for name in pdfs() - before) == sorted(
        [
            "handout-dylan",
            "handout-vision",
            "handout-vision-chapters",  # the themes chapter: every post-it
        ]
        * languages
    )


def test_a_report_in_a_folder_without_priorities_says_nothing_is_measured(
    make_story: MakeStory,
) -> None:
    report = REPORT.replace("    indicators: [told-once]\n", "")
    root = make_story({"reports/2026-spring.yml": report})
    folder = check(root).folder
    assert folder is not None
    pages = build_pages(folder)
    plan = plan_handouts(folder, pages, plan_images(folder, pages))
    [job] = [j for j in plan.jobs if j.name.startswith("handout-report-2026-spring")]
    shown = words(job.html)
    assert "No indicator is measured yet." in shown
    assert "Progress by goal" not in shown
    assert "I told my story once and the college already knew it." in shown
