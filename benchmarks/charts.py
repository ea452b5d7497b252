"""Benchmark: progress charts from visionkit's own SVG template against matplotlib's SVG backend.

A script, not a test: ``python benchmarks/charts.py [--repeat 100] [--look DIR]``.
Both make the same chart: 8 readings, a baseline, a target, the dashed path
from baseline to target, the latest reading marked by status, axis labels with
the unit, dates in the site's language (Babel), an accessible name. It prints,
for each: the SVG's bytes (raw and gzipped, as a page serves it), the median
time to make one chart over ``--repeat`` charts in one process, and the
start-up cost: a fresh Python importing what it needs and making its first
chart (median of 5 processes).

matplotlib is not a dependency of visionkit (the template won; README, "Charts
in progress reports"): ``pip install matplotlib`` to run its half, which is
skipped otherwise. matplotlib's SVG keeps text as ``<text>`` (``svg.fonttype:
none``); its colours are written as hex, so the prototype swaps a marker
colour for ``currentColor`` and adds the ``role``, ``<title>`` and ``<desc>``
afterwards, as a real use would have to.

``--look DIR`` also writes each chart into a page styled by Material's CSS and
visionkit's (light and dark schemes, the table beside it) and screenshots them
with Chromium at 390 and 1280 pixels wide: ``DIR/ENGINE-SCHEME-WIDTH.png``.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from markupsafe import escape

from visionkit.site.charts import ChartData, Reading, chart_svg, describe, table_rows
from visionkit.site.labels import Labels, labels_for

#: The prototype's stand-in for ``currentColor`` (matplotlib takes only real colours).
CURRENT = "#010203"

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


def template_chart(data: ChartData, t: Labels) -> str:
    return str(chart_svg(data, t))


def matplotlib_chart(data: ChartData, t: Labels) -> str:
    """The same chart with matplotlib's object API (no pyplot) and its SVG backend."""
    import io

    import matplotlib
    from babel.dates import format_skeleton
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.dates import AutoDateLocator, date2num
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from visionkit.site.labels import babel_locale
    from visionkit.site.scales import format_value

    matplotlib.rcParams.update(
        {"svg.fonttype": "none", "svg.hashsalt": "visionkit", "font.size": 10}
    )
    locale = babel_locale("en_GB" if t.language == "en" else t.language)
    figure = Figure(figsize=(400 / 72, 298 / 72), dpi=72)
    FigureCanvasSVG(figure)
    axes = figure.add_axes((0.1, 0.16, 0.87, 0.58))
    readings = sorted(data.readings, key=lambda r: r.day)
    days = [date2num(r.day) for r in readings]
    axes.plot(days, [r.value for r in readings], color="#00796b", lw=2, marker="o", ms=4)
    marker = "o" if data.status == "on-track" else "^"
    colour = "#b3261e" if data.status == "behind" else "#00796b"
    axes.plot(days[-1:], [readings[-1].value], marker=marker, ms=10, color=colour, ls="")
    if data.baseline and data.target:
        (b_day, b_value), (t_day, t_value) = data.baseline, data.target
        axes.plot(
            [date2num(b_day), date2num(t_day)], [b_value, t_value], ls="--", color=CURRENT, lw=1.5
        )
        axes.annotate(
            f"{t('chart_target')} {format_value(t_value, data.unit, locale)}",
            (date2num(t_day), t_value),
            xytext=(-6, -14),
            textcoords="offset points",
            ha="right",
            color=CURRENT,
        )
    if data.period:
        axes.axvspan(*map(date2num, data.period), color=CURRENT, alpha=0.08, lw=0)
    axes.xaxis.set_major_locator(AutoDateLocator(maxticks=5))
    axes.xaxis.set_major_formatter(
        FuncFormatter(
            lambda v, _: format_skeleton("yMMM", matplotlib.dates.num2date(v).date(), locale=locale)
        )
    )
    axes.yaxis.set_major_locator(MaxNLocator(5))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_value(v, data.unit, locale)))
    axes.grid(axis="y", color=CURRENT, alpha=0.18)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=CURRENT)
    figure.text(0.01, 0.95, data.title, weight="bold", size=12, color=CURRENT)
    figure.text(0.01, 0.87, t(f"chart_{data.status.replace('-', '_')}"), color=CURRENT)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None}, transparent=True)
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :].replace(CURRENT, "currentColor")
    name = f"<title>{escape(data.title)}</title><desc>{escape(describe(data, t))}</desc>"
    return re.sub(r"<svg ", '<svg role="img" class="vk-chart" ', svg, count=1).replace(
        ">", ">" + name, 1
    )


ENGINES: dict[str, Callable[[ChartData, Labels], str]] = {
    "template": template_chart,
    "matplotlib": matplotlib_chart,
}
FIRST_CHART = {
    "template": "from benchmarks.charts import template_chart as f",
    "matplotlib": "from benchmarks.charts import matplotlib_chart as f",
}


def has_matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def per_chart(make: Callable[[ChartData, Labels], str], repeat: int) -> float:
    t = labels_for("en")
    make(SAMPLE, t)  # the first chart pays for imports and caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        make(SAMPLE, t)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def start_up(engine: str) -> float:
    """A fresh process: Python, the imports, one chart; median of 5, seconds."""
    code = (
        f"import time; s = time.perf_counter(); {FIRST_CHART[engine]}; "
        "from benchmarks.charts import SAMPLE; from visionkit.site.labels import labels_for; "
        "f(SAMPLE, labels_for('en')); print(time.perf_counter() - s)"
    )
    root = Path(__file__).resolve().parent.parent
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(runs)


def page(svg: str, scheme: str, material: Path, t: Labels) -> str:
    """A page as Material lays it out, with the chart and its table."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    from visionkit.resources import TEMPLATES

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    body = env.get_template("visionkit/partials/chart.html").render(
        chart=Markup(svg),
        rows=table_rows(SAMPLE, t),
        caption=t("chart_table_caption", title=SAMPLE.title),
        t=t,
    )
    sheets = "".join(
        f'<link rel="stylesheet" href="{path.as_uri()}">'
        for path in sorted(material.glob("*.min.css"))
    )
    visionkit_css = (root_dir() / "visionkit/assets/visionkit/visionkit.css").as_uri()
    return (
        f'<!doctype html><html lang="{t.language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'{sheets}<link rel="stylesheet" href="{visionkit_css}"></head>'
        f'<body data-md-color-scheme="{scheme}" data-md-color-primary="indigo">'
        '<div class="md-container"><main class="md-main"><div class="md-content">'
        f'<article class="md-content__inner md-typeset"><h2>{escape(SAMPLE.title)}</h2>{body}'
        "</article></div></main></div></body></html>"
    )


def root_dir() -> Path:
    return Path(__file__).resolve().parent.parent


def look(folder: Path, engines: list[str]) -> None:
    """Pages and Chromium screenshots of every engine, scheme and width."""
    import material

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    styles = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    folder.mkdir(parents=True, exist_ok=True)
    t = labels_for("en")
    for engine in engines:
        svg = ENGINES[engine](SAMPLE, t)
        (folder / f"{engine}.svg").write_text(svg, encoding="utf-8")
        for scheme in ("default", "slate"):
            html = folder / f"{engine}-{scheme}.html"
            html.write_text(page(svg, scheme, styles, t), encoding="utf-8")
            for width in (390, 1280):
                if chromium is None:
                    continue
                subprocess.run(
                    [
                        chromium,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--hide-scrollbars",
                        f"--screenshot={folder / f'{engine}-{scheme}-{width}.png'}",
                        f"--window-size={width},900",
                        html.as_uri(),
                    ],
                    capture_output=True,
                    check=False,
                    timeout=120,
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--look", type=Path, help="write pages and screenshots here")
    args = parser.parse_args()
    engines = ["template"] + (["matplotlib"] if has_matplotlib() else [])
    if "matplotlib" not in engines:
        print("matplotlib is not installed: only the template is measured")
    t = labels_for("en")
    print(f"{'engine':<11} {'bytes':>7} {'gzipped':>8} {'per chart':>10} {'start-up':>9}")
    for engine in engines:
        svg = ENGINES[engine](SAMPLE, t).encode()
        each = per_chart(ENGINES[engine], args.repeat)
        first = start_up(engine)
        print(
            f"{engine:<11} {len(svg):>7,} {len(gzip.compress(svg, 9)):>8,} "
            f"{each * 1000:>8.2f}ms {first * 1000:>7.0f}ms"
        )
    if args.look:
        look(args.look, engines)
        print(f"pages and screenshots in {args.look}")


if __name__ == "__main__":
    main()
