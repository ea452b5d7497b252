"""Priority summaries, the user log and the stakeholder map: the numbers and the pages."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import BASE
from sites import article, build_site, elements, page, search_index, shared_cache

from visionkit.model import Priorities, Stakeholder
from visionkit.site.labels import ENGLISH
from visionkit.site.priorities import summarise
from visionkit.site.stakeholders import grid


def _priorities(votes: dict[str, dict[str, int]]) -> Priorities:
    return Priorities.model_validate(
        {"priorities": [{"id": pid, "text": pid.title(), "votes": v} for pid, v in votes.items()]}
    )


def test_shared_users_only_staff_only_and_a_zero_vote_side() -> None:
    summary = summarise(
        _priorities(
            {
                "both": {"user": 3, "staff": 2},
                "users": {"user": 5, "staff": 0},  # a zero from staff is no vote from staff
                "staff": {"staff": 4},
                "leaders": {"decision-maker": 2},
            }
        )
    )
    assert [(r.priority.id, r.category) for r in summary.ranked] == [
        ("both", "shared"),
        ("users", "user"),
        ("staff", "staff"),
        ("leaders", "other"),
    ]
    assert summary.ranking("user")[0].priority.id == "users"
    assert [r.priority.id for r in summary.ranking("staff")] == ["staff", "both"]


def test_shares_compare_groups_of_unequal_size_fairly() -> None:
    # 30 users and 8 staff: 12 of 30 user votes is 40%, 4 of 8 staff votes is 50%.
    summary = summarise(
        _priorities(
            {
                "a": {"user": 12, "staff": 4},
                "b": {"user": 18, "staff": 1},
                "c": {"staff": 3},
            }
        )
    )
    assert summary.totals == {"user": 30, "staff": 8}
    a = next(r for r in summary.ranked if r.priority.id == "a")
    assert a.tally("user").share == pytest.approx(0.4)
    assert a.tally("staff").share == pytest.approx(0.5)
    assert (a.tally("user").percent, a.tally("staff").percent) == (40, 50)
    # Ordered by the mean of the two shares: a (0.45) before b (0.6 + 0.125) / 2 = 0.3625.
    assert [r.priority.id for r in summary.category("shared")] == ["a", "b"]
    assert summary.max_share == pytest.approx(0.6)


def test_each_stakeholder_lands_in_its_cell() -> None:
    people = [
        Stakeholder(name="Board", interest="low", influence="high"),
        Stakeholder(name="Residents", interest="high", influence="low"),
        Stakeholder(name="Staff", interest="high", influence="medium"),
    ]
    cells = grid(people)
    assert [c.stakeholders[0].name for row in cells for c in row if c.stakeholders] == [
        "Board",
        "Staff",
        "Residents",
    ]
    assert (cells[0][0].influence, cells[0][0].interest) == ("high", "low")
    advice = cells[0][0].advice
    assert advice and ENGLISH(advice) == "Keep satisfied" and cells[1][1].advice is None


PRIORITIES = """\
title: Priorities day
priorities:
  - id: one-plan
    text: One shared plan
    votes: {user: 12, staff: 4}
  - id: quick-contact
    text: Contact within two days
    votes: {user: 18, staff: 0}
  - id: caseloads
    text: Smaller caseloads
    votes: {staff: 4}
agenda:
  - priority: one-plan
    goal: Everyone has one plan.
    indicators:
      - text: People who told their story once
        measures: outcome
  - priority: quick-contact
    goal: Nobody waits in silence.
    indicators: [Days to first contact]
postcards:
  - {kind: user, text: Stop asking me twice.}
  - {kind: staff, text: Give us time.}
"""
LOGS = {
    "logs/a.yml": "project: P\ndate: 2026-01-10\ntool: Visioning\n",
    "logs/b.yml": "- {project: P, date: 2026-03-01, tool: Priorities day}\n"
    "- {project: P, date: 2025-12-01, tool: Stakeholder analysis}\n",
}
STAKEHOLDERS = (
    "stakeholders:\n"
    "  - {name: Funding body, interest: low, influence: high, involve: Quarterly briefing}\n"
    "  - {name: Residents, interest: high, influence: low}\n"
)


def _site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / "stories" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "stories" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text(  # pages only: PDFs are not these tests' subject
        "site_name: X\nsite_url: https://x.example.org/\ntheme: material\nplugins:\n"
        f"  - search\n  - visionkit:\n      pdf: false\n      cache_dir: {shared_cache()}\n"
    )
    return build_site(root)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {**BASE, "priorities.yml": PRIORITIES, **LOGS}
    files["vision.yml"] = BASE["vision.yml"] + STAKEHOLDERS
    return _site(tmp_path_factory.mktemp("full"), files)


def test_priorities_page_groups_and_shares(full: Path) -> None:
    body = article(page(full, "priorities"))
    shared = body[body.index('id="compare-shared"') : body.index('id="compare-user"')]
    assert "One shared plan" in shared and "12 (40%)" in shared and "4 (50%)" in shared
    users_only = body[body.index('id="compare-user"') : body.index('id="compare-staff"')]
    assert "Contact within two days" in users_only and "0 (0%)" in users_only
    assert "Smaller caseloads" in body[body.index('id="compare-staff"') :]
    tables = [a for tag, a in elements(body).elements if tag == "table"]
    assert len(tables) == 4  # three comparisons and the agenda: every chart is a table


def test_agenda_without_an_outcome_indicator_is_flagged(full: Path) -> None:
    body = article(page(full, "priorities"))
    agenda = body[body.index('id="agenda"') : body.index('id="postcards"')]
    rows = agenda.split('<tr role="row">')[2:]
    assert "No outcome indicator" not in rows[0] and "(outcome)" in rows[0]
    assert "No outcome indicator" in rows[1] and "(not marked)" in rows[1]


def test_postcards_are_grouped_by_kind(full: Path) -> None:
    body = article(page(full, "priorities"))
    assert body.index('id="postcards-user"') < body.index("Stop asking me twice.")
    assert body.index('id="postcards-staff"') < body.index("Give us time.")


def test_the_log_is_newest_first(full: Path) -> None:
    body = article(page(full, "log"))
    order = [body.index(t) for t in ("Priorities day", "Visioning", "Stakeholder analysis")]
    assert order == sorted(order)
    assert '<time datetime="2026-03-01">1 March 2026</time>' in body


def test_the_stakeholder_map_puts_each_in_its_cell(full: Path) -> None:
    body = article(page(full, "stakeholders"))
    grid_html = body[: body.index('id="list"')]
    rows = grid_html.split("<tr")[2:]
    high = rows[0].split("<td")[1:]
    low = rows[2].split("<td")[1:]
    assert "Funding body" in high[0] and "Quarterly briefing" in high[0]
    assert "Residents" in low[2]
    assert "Residents" not in "".join(high + rows[1:2])


def test_new_pages_are_linked_navigated_searched_and_in_the_sitemap(full: Path) -> None:
    vision = article(page(full, "vision"))
    for href in ("../priorities/", "../log/", "../stakeholders/"):
        assert f'href="{href}"' in vision
    locations = {doc["location"] for doc in search_index(full)}
    assert {"priorities/", "log/", "stakeholders/"} <= locations
    sitemap = (full / "sitemap.xml").read_text()
    assert all(f"{url}/" in sitemap for url in ("priorities", "log", "stakeholders"))


def test_no_page_and_no_link_from_absent_input(tmp_path: Path) -> None:
    site = _site(tmp_path, dict(BASE))
    vision = page(site, "vision")
    assert (site / "stories/resident/index.html").is_file()
    assert 'href="../stories/resident/"' in vision  # the pages that have input are there
    for url in ("priorities", "log", "stakeholders"):
        assert not (site / url).exists()
        assert f"{url}/" not in vision
