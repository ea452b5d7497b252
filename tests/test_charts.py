"""Progress charts (issue 19): what a reader, a screen reader and a printer get from
``visionkit.site.charts``: an SVG with real text, an accessible name and description,
the status in words and in the latest marker's shape, the same numbers as a table,
hostile text escaped, odd data drawn without a crash, dates in Welsh, and a PDF whose
text can be read back."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader

from visionkit.fields import SHORT
from visionkit.resources import TEMPLATES
from visionkit.site.charts import ChartData, Reading, chart_svg, describe, table_rows
from visionkit.site.fittext import text_width
from visionkit.site.labels import labels_for

SVG = "{http://www.w3.org/2000/svg}"
EN, CY = labels_for("en"), labels_for("cy")

SAMPLE = ChartData(
    ident="told-once",
    title="Residents who only had to tell their story once",
    unit="%",
    direction="up",
    baseline=(date(2025, 3, 1), 30.0),
    target=(date(2027, 3, 31), 60.0),
    readings=tuple(
        Reading(day, value, "Resident survey")
        for day, value in [
            (date(2025, 4, 1), 31),
            (date(2025, 6, 1), 33),
            (date(2025, 8, 1), 32.5),
            (date(2025, 10, 1), 36),
            (date(2025, 12, 1), 38),
            (date(2026, 2, 1), 37),
            (date(2026, 4, 1), 40),
            (date(2026, 6, 1), 41),
        ]
    ),
    period=(date(2026, 4, 1), date(2026, 9, 30)),
    status="behind",
)


def parse(data: ChartData, t=EN) -> ET.Element:
    """The chart as XML: it must parse, as a browser's and WeasyPrint's parsers need."""
    root = ET.fromstring(str(chart_svg(data, t)))
    assert root.tag == SVG + "svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(SVG + "text")]


def latest_marker(root: ET.Element) -> str:
    """The latest reading's marker drawn on the line (the last of the class)."""
    return [
        p.get("d", "") for p in root.iter(SVG + "path") if p.get("class") == "vk-chart__latest"
    ][-1]


def test_the_chart_has_its_numbers_as_text_and_an_accessible_name() -> None:
    root = parse(SAMPLE)
    shown = texts(root)
    # Axis labels carry the unit, the latest value and the target are labelled.
    for label in ("30%", "40%", "50%", "60%", "41%", "Target 60%"):
        assert label in shown
    assert "Jul 2025" in shown and "Jan 2027" in shown
    assert "Behind · latest 41% (1 Jun 2026)" in shown
    assert {"Readings", "Path to target", "This report"} <= set(shown)
    # role="img" named by its title and described by its desc, both present by id.
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby", "").split()
    found = {node.get("id"): "".join(node.itertext()) for node in root if node.get("id")}
    assert ids and all(i in found for i in ids)
    assert found[ids[0]] == SAMPLE.title
    assert found[ids[1]] == (
        "Behind. Latest reading 41% on 1 June 2026. Baseline 30% on 1 March 2025. "
        "Target 60% by 31 March 2027. Higher is better."
    )


def test_a_long_title_wraps_onto_two_lines_and_is_whole_in_the_name() -> None:
    title = "Residents who say they only had to tell their story once to any partner " * 3
    root = parse(replace(SAMPLE, title=title))
    lines = [
        "".join(t.itertext())
        for t in root.iter(SVG + "text")
        if t.get("class") == "vk-chart__title"
    ]
    assert len(lines) == 2 and lines[1].endswith("…")
    assert root.find(SVG + "title").text == title.strip()


def test_on_track_and_behind_differ_in_shape_and_words_not_only_colour() -> None:
    behind = parse(SAMPLE)
    on_track = parse(replace(SAMPLE, status="on-track"))
    # A circle is drawn with arcs; the triangle is three straight sides.
    assert "a" in latest_marker(on_track) and "a" not in latest_marker(behind)
    assert latest_marker(behind).count("L") == 1 and latest_marker(behind).endswith("Z")
    assert any(t.startswith("On track") for t in texts(on_track))
    assert any(t.startswith("Behind") for t in texts(behind))
    assert "vk-chart--behind" in behind.get("class", "")
    assert describe(replace(SAMPLE, status="on-track")).startswith("On track.")


def test_the_table_has_the_same_numbers_as_the_chart() -> None:
    rows = table_rows(SAMPLE)
    assert [r.kind for r in rows] == ["baseline"] + ["reading"] * 8 + ["target"]
    assert (rows[0].date, rows[0].value) == ("1 March 2025", "30%")
    assert (rows[-1].date, rows[-1].value) == ("31 March 2027", "60%")
    assert [r.value for r in rows if r.latest] == ["41%"]
    assert rows[3].value == "32.5%" and rows[3].source == "Resident survey"
    # The page's partial renders it beside the chart, leaving out the empty note column.
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    html = env.get_template("visionkit/partials/chart.html").render(
        chart=chart_svg(SAMPLE), rows=rows, caption="Numbers <b>", t=EN
    )
    assert html.count("<tr") == 11 and "<svg" in html
    assert ">Source<" in html and ">Note<" not in html
    assert "Numbers &lt;b&gt;" in html


def test_hostile_text_is_escaped_and_cleaned() -> None:
    data = replace(
        SAMPLE,
        ident='x" onload="alert(1)',
        title="<script>alert(1)</script> & \x1b[31mred\x07\x00 \u202eevil\ufffe",
        unit="<i>",
        readings=(Reading(date(2026, 1, 1), 5, "<img src=x onerror=alert(1)>", "a\x0bb\r\nc"),),
    )
    svg = str(chart_svg(data))
    root = ET.fromstring(svg)  # control characters would make this fail
    assert not [node for node in root.iter() if node.tag in (SVG + "script", SVG + "img")]
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\u202e\ufffe]", svg)
    assert root.find(SVG + "title").text == "<script>alert(1)</script> & [31mred evil"
    assert root.get("aria-labelledby", "").startswith("vk-chart-x-onload-alert-1-")
    assert "5 <i>" in "".join(root.itertext())
    row = table_rows(data)[1]
    assert row.source == "<img src=x onerror=alert(1)>" and row.note == "a b c"


def test_a_huge_title_gives_a_small_chart() -> None:
    svg = str(chart_svg(replace(SAMPLE, title="word " * 20_000, unit="u" * 100_000)))
    root = ET.fromstring(svg)
    assert len(root.find(SVG + "title").text) <= SHORT.limit
    assert len(svg) < 12_000


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("no readings", replace(SAMPLE, readings=()), "No readings yet"),
        ("one reading", replace(SAMPLE, readings=SAMPLE.readings[:1]), "latest 31% (1 Apr 2025)"),
        (
            "all equal",
            replace(
                SAMPLE,
                baseline=None,
                target=None,
                readings=tuple(r._replace(value=50) for r in SAMPLE.readings),
            ),
            "50%",
        ),
        (
            "negative",
            replace(
                SAMPLE,
                unit="people",
                direction="down",
                baseline=(date(2025, 1, 1), 0.0),
                target=(date(2026, 1, 1), -120.0),
                readings=(Reading(date(2025, 6, 1), -80.5),),
            ),
            "-80.5 people",
        ),
        (
            "one day",
            replace(
                SAMPLE,
                baseline=None,
                target=None,
                period=None,
                readings=(Reading(date(2026, 1, 1), 1),),
            ),
            "1%",
        ),
        ("fifty years", replace(SAMPLE, target=(date(2075, 1, 1), 1e9)), "Target 1,000,000,000%"),
        (
            "tiny values",
            replace(
                SAMPLE,
                unit="",
                baseline=(date(2025, 1, 1), 0.001),
                target=(date(2026, 1, 1), 0.0012),
            ),
            "0.001",
        ),
        ("only a target", replace(SAMPLE, baseline=None), "Target 60%"),
        (
            "not numbers",
            replace(
                SAMPLE,
                target=(date(2027, 1, 1), math.nan),
                readings=(Reading(date(2026, 1, 1), math.inf),),
            ),
            "No readings yet",
        ),
    ],
)
def test_odd_data_still_draws(name: str, data: ChartData, expected: str) -> None:
    root = parse(data)
    assert any(expected in t for t in texts(root)), name
    assert "nan" not in ET.tostring(root, encoding="unicode").lower()


def test_the_y_ticks_are_round_numbers_spanning_every_value() -> None:
    data = replace(SAMPLE, baseline=(date(2025, 1, 1), 37.2), target=(date(2026, 1, 1), 61.9))
    axis = next(g for g in parse(data).iter(SVG + "g") if g.get("class") == "vk-chart__axis")
    ticks = [t for t in texts(axis) if re.fullmatch(r"\d+%", t)]
    assert ticks == ["30%", "40%", "50%", "60%", "70%"]


DAYS = ChartData(
    "days",
    "Median days from referral to first contact",
    "days",
    "down",
    (date(2026, 3, 31), 14.0),
    (date(2027, 3, 31), 2.0),
    tuple(
        Reading(date(2025 + (m > 12), (m - 1) % 12 + 1, 28), v)
        for m, v in [
            *[(6, 15), (9, 16), (12, 15), (15, 14), (16, 13), (17, 11), (18, 10)],
            *[(19, 9), (20, 8), (21, 6), (22, 4), (23, 3)],
        ]
    ),
    (date(2026, 9, 1), date(2026, 11, 30)),
    "on-track",
)
#: Rising to its target, the latest reading just under it and a month before it.
NEAR_TARGET = ChartData(
    "plans",
    "Plans opened by two or more partners",
    "%",
    "up",
    (date(2026, 1, 1), 20.0),
    (date(2026, 12, 31), 60.0),
    tuple(Reading(date(2026, m, 1), v) for m, v in [(3, 28), (6, 40), (9, 50), (12, 58)]),
    None,
    "on-track",
)


@pytest.mark.parametrize(
    ("data", "latest", "target"),
    [(DAYS, "3 days", "Target 2 days"), (NEAR_TARGET, "58%", "Target 60%")],
    ids=["falling count", "rising near target"],
)
def test_the_latest_label_keeps_clear_of_the_target_label_and_counts_stay_positive(
    data: ChartData, latest: str, target: str
) -> None:
    """Days falling from 14 to 3 with a target of 2 drew "3 days" over "Target 2 days",
    on an axis down to -5 days: the axis stops at 0 for a count that cannot be
    negative, and a latest value's label next to the target's moves to its other side."""
    root = parse(data)
    axis = next(g for g in root.iter(SVG + "g") if g.get("class") == "vk-chart__axis")
    assert not any(t.startswith("-") for t in texts(axis))

    def box(label: str, size: float) -> tuple[float, float, float, float]:
        [node] = [n for n in root.iter(SVG + "text") if "".join(n.itertext()) == label]
        x, y, width = float(node.get("x", 0)), float(node.get("y", 0)), text_width(label, size)
        start = x - width if node.get("text-anchor") == "end" else x
        return start, y - size, start + width, y + 3

    (a0, a1, a2, a3), (b0, b1, b2, b3) = box(latest, 14), box(target, 13)
    assert not (a0 < b2 and b0 < a2 and a1 < b3 and b1 < a3)


def test_welsh_charts_have_welsh_months_and_words() -> None:
    root = parse(SAMPLE, CY)
    shown = texts(root)
    assert "Gorff 2025" in shown and "Ion 2026" in shown
    assert any(t.startswith("Ar ei hôl hi · diweddaraf 41% (1 Meh 2026)") for t in shown)
    assert "Targed 60%" in shown
    desc = root.find(SVG + "desc").text
    assert "1 Mehefin 2026" in desc and "31 Mawrth 2027" in desc
    assert table_rows(SAMPLE, CY)[0].date == "1 Mawrth 2025"


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1))
numbers = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    readings=st.lists(st.tuples(dates, numbers), max_size=12, unique_by=lambda p: p[0]),
    baseline=st.none() | st.tuples(dates, numbers),
    span=st.integers(min_value=0, max_value=20_000),
    target_value=numbers,
    title=st.text(max_size=300),
    unit=st.text(max_size=30),
    status=st.sampled_from(["on-track", "behind", "no-reading", "no-target"]),
)
def test_any_data_gives_a_chart_that_parses(
    readings, baseline, span, target_value, title, unit, status
) -> None:
    target = None if baseline is None else (baseline[0] + timedelta(days=span), target_value)
    if target and target[0] > date(2100, 1, 1):
        target = None
    data = ChartData(
        "x",
        title,
        unit,
        "up",
        baseline,
        target,
        tuple(Reading(d, v) for d, v in readings),
        None,
        status,
    )
    root = parse(data)
    coordinates = " ".join(
        node.get(attribute, "")
        for node in root.iter()
        for attribute in ("x", "y", "d", "points", "cx", "cy")
    )
    assert "nan" not in coordinates and "inf" not in coordinates
    assert len(table_rows(data)) == len(readings) + (baseline is not None) + (target is not None)


@pytest.mark.slow  # WeasyPrint's import and one render take over a second; spawns pdftotext
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_chart_prints_in_a_pdf_with_its_text(tmp_path: Path) -> None:
    from visionkit.pdf.render import render_pdf

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    body = env.get_template("visionkit/partials/chart.html").render(
        chart=chart_svg(SAMPLE), rows=table_rows(SAMPLE), caption="Numbers", t=EN
    )
    head = '<!doctype html><html lang="en"><head><title>Report</title></head>'
    html = f"{head}<body>{body}</body></html>"
    warnings = render_pdf(html, tmp_path, tmp_path / "chart.pdf", fit=False)
    assert warnings == []
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "chart.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # The chart's own words and numbers, drawn by the SVG renderer, not only the table's.
    for words in ("Behind · latest 41% (1 Jun 2026)", "Target 60%", "Jul 2025", "Path to target"):
        assert words in text
    assert re.search(r"^\s*60%", text, re.MULTILINE)


def test_search_finds_a_charts_table_not_its_drawing(example_site: Path) -> None:
    """The chart's words are the table's; its tick labels and drawing stay out of search."""
    import json

    index = json.loads((example_site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("reports/"))
    html = (example_site / "reports/2026-autumn/index.html").read_text(encoding="utf-8")
    descs = re.findall(r'<desc id="vk-chart-[^"]+">([^<]+)</desc>', html)
    captions = re.findall(r"<caption>([^<]+)</caption>", html)
    assert descs and captions
    for desc in descs:
        assert desc not in text
    for caption in captions:
        assert caption.replace("&#39;", "'") in text.replace("&#39;", "'")
