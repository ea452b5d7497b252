"""The README's "Start your own vision", step by step, as a new workgroup follows it.

A 39-row workshop spreadsheet (``workshop-notes.csv``: saved by Excel as CSV
UTF-8, so with a byte-order mark and CRLF line ends; a typo, a third-person
mini-story, persona, role, theme id and resolves columns) goes into a site made
by ``visionkit new``. The starter's content is reported until it is replaced,
the strict build fails until then and passes after, and the first draft it
publishes says each thing once and fills its one-page handouts.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from first_draft import filled
from mkdocs.exceptions import Abort
from pypdf import PdfReader
from sites import article, build_site, page, shared_cache

from visionkit.cli import cli

SHEET = Path(__file__).with_name("workshop-notes.csv")

VISION = """\
title: Growing up in Northvale
strapline: One worker who knows you, help when you need it, and a say in your plan.
service: A joined-up support service for young people aged 11 to 25
partners: [Northvale Council, Northvale College, Northvale Youth Trust]
date: 2026-11-12
feedback: youth-vision@northvale.example.org
summary: Forty young people, youth workers and commissioners imagined one youth service.
problems:
  - id: tell-again
    text: I tell my story again to every service I am sent to.
  - id: no-news
    text: Nobody tells me what is happening while I wait for help.
stakeholders:
  - {name: Young people aged 11 to 25, interest: high, influence: low}
  - {name: Commissioners, interest: medium, influence: high}
"""

LOG = """\
project: Northvale youth vision
date: 2026-11-12
tool: Visioning session
what_happened: Three groups wrote 23 post-its and 16 mini-stories.
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def codes(output: str) -> Counter[str]:
    return Counter(re.findall(r"warning (VK\d{3})", output))


@pytest.mark.slow  # a new site built twice, with its PDFs
def test_a_workshop_spreadsheet_becomes_a_first_draft_worth_sharing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 1. Make the site: everything in it is the starter's, and check says so.
    folder = tmp_path / "our-vision"
    assert run("new", str(folder))[0] == 0
    stories = folder / "stories"
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - visionkit:\n", f"  - visionkit:\n      cache_dir: {shared_cache()}\n"
        )
    )
    code, out = run("check", str(folder))
    assert code == 0 and {"VK208", "VK210", "VK211", "VK212"} <= set(codes(out)), out

    # 2. Say what the vision is about.
    (stories / "vision.yml").write_text(VISION)
    (folder / "content/index.md").write_text(
        "# Growing up in Northvale\n\n[Read the draft vision](vision.md) and tell us.\n"
    )
    config.write_text(
        config.read_text().replace("site_name: Our shared vision", "site_name: Northvale")
    )

    # 3. Import the spreadsheet: personas named, problems resolved, one theme shared.
    code, out = run("import", str(SHEET), "--stories", str(stories))
    assert code == 0, out
    assert "39 of 39 rows" in out
    assert "young-people.yml:" in out and "warning VK202" in out  # "She can now ..."
    files = {
        name: yaml.safe_load((stories / "people" / f"{name}.yml").read_text())
        for name in ("young-people", "youth-workers", "commissioners")
    }
    assert {f["persona"]["name"] for f in files.values()} == {"Jade", "Marcus", "Priya"}
    assert all("one-worker" in {t["id"] for t in f["themes"]} for f in files.values()), (
        "the theme id column makes one shared theme of three groups' clusters"
    )
    resolved = {p for f in files.values() for t in f["themes"] for p in t.get("resolves", [])}
    assert resolved == {"tell-again", "no-news"}

    # Until the samples, starter priorities and log go, a strict build stops early.
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(folder, strict=True)
    assert not (folder / "site").exists()
    assert "warning VK208" in caplog.text and "warning VK212" in caplog.text

    # 4-5. Clear the starter's content, fix the third-person mini-story, set site_url.
    for sample in ("decision-makers", "frontline-staff", "service-users"):
        (stories / "people" / f"{sample}.yml").unlink()
    (stories / "priorities.yml").unlink()
    (stories / "logs/visioning-session.yml").write_text(LOG)
    young = stories / "people/young-people.yml"
    young.write_text(
        young.read_text().replace(
            "She can now say what she wants from the plan.",
            "I can now say what I want from my plan before anyone writes it.",
        )
    )
    config.write_text(
        re.sub(
            r"(?m)^# ?site_url:.*$", "site_url: https://northvale.example.org/", config.read_text()
        )
    )

    # 6. Check, build: nothing of the starter is left, nothing to warn of.
    code, out = run("check", "--strict", str(folder))
    assert code == 0 and "0 errors, 0 warnings" in out, out
    caplog.clear()
    site = build_site(folder, strict=True)
    assert "VK2" not in caplog.text
    vision = page(site, "vision")
    assert "Our Borough Council" not in vision and "Northvale Youth Trust" in vision

    # The first draft: Jade's page says each mini-story once, keeps the post-its
    # folded under their theme, and her handout is one A4 page, well filled.
    jade = article(page(site, "stories/young-people"))
    assert jade.count("I can now send a text at 9pm and get an answer the next morning.") == 1
    assert "What the group wrote on the pad (4 post-its)" in jade
    theme = jade.split(">Help when I need it</h3>", 1)[1]
    folded = theme.split("<details", 1)[1].split("</details>", 1)[0]
    assert "Evenings and weekends" in folded
    handout = site / "handouts/young-people.pdf"
    assert len(PdfReader(handout).pages) == 1
    assert filled(handout, tmp_path) >= 2 / 3
