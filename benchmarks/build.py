"""Benchmark: visionkit against the same words written by hand for plain mkdocs-material.

A script, not a test: ``python benchmarks/build.py [--n 100 300 1000] [--pdf off on]``.
For each N it writes a synthetic story folder of N people files (5 themes each,
4 post-its and 3 mini-stories per theme, a six-sentence narrative, 20
problems, priorities and logs) and the same words as plain Markdown pages (one
per person, plus the themes, problems, overview, priorities and log pages),
then builds both with the same MkDocs and Material, alternating, several times,
each build a fresh process.
It prints one table row per N and PDF setting:

- plain: the hand-written Markdown site, no visionkit;
- warm: visionkit with nothing changed and the cache primed; warm/plain;
- visionkit's own share of a warm build: the time spent in its event handlers
  (reading and checking the stories, building its pages, the site swap),
  timed inside the build;
- cold: an empty cache; the cold cost per person: a portrait and a share card
  with PDFs off, a one-page handout with PDFs on (the people's handouts remade
  on their own, without ``vision.pdf``);
- images and PDFs made by the cold build, and by a build after editing one
  people file, and that build's time (with PDFs on, mostly ``vision.pdf``);
- with PDFs on, ``vision.pdf`` made cold (its parts, cover, contents, pages of
  page numbers and the whole removed from the cache, everything else kept): the
  time over a warm build, and that build's peak memory;
- ``visionkit check`` of the story folder, and the peak memory of the builds;
- the HTML of a page (every ``*.html`` of the built site), median and largest,
  plain and visionkit.

Medians of ``--repeat`` runs (cold builds run once: each needs a new cache).

``--max-fields`` instead builds the folder of tests/maxfields.py, every text of
every key at the most it may have (REFERENCE.md, "How long a text may be"),
with PDFs, and times one share card whose quote is far longer than any card
shows (one word of 10,000 to 100,000 characters, 600,000 short words).

``--reports`` instead builds the example site (PDFs off, warm) with its progress
reports and measures.csv and without them, alternating, and prints the medians
and their ratio: what the report pages cost a build.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

KINDS = ("user", "staff", "decision-maker", "other")
WORDS = [
    "plan",
    "adviser",
    "support",
    "resident",
    "hub",
    "referral",
    "contact",
    "service",
    "team",
    "record",
    "form",
    "week",
    "employer",
    "shift",
    "benefit",
    "money",
    "health",
    "work",
    "story",
    "partner",
    "visit",
    "call",
    "letter",
    "doctor",
]


def sentence(rng: random.Random, first_person: bool = False) -> str:
    words = rng.sample(WORDS, 9)
    start = "I can now" if first_person else rng.choice(["Today", "Then", "Later", "After that"])
    return f"{start} {' '.join(words)}."


def write_story_folder(root: Path, n: int, seed: int = 1) -> None:
    """N people files and the vision, priorities and logs they need."""
    rng = random.Random(seed)
    stories = root / "stories"
    (stories / "people").mkdir(parents=True)
    (stories / "logs").mkdir()
    problems = [{"id": f"p{i}", "text": sentence(rng)} for i in range(20)]
    (stories / "vision.yml").write_text(
        yaml.safe_dump(
            {
                "title": "Benchmark vision",
                "service": "A shared service",
                "partners": ["Council", "Health trust"],
                "date": "2026-03-12",
                "summary": " ".join(sentence(rng) for _ in range(4)),
                "problems": problems,
            },
            sort_keys=False,
        )
    )
    for i in range(n):
        person = {
            "group": f"Group {i}",
            "kind": KINDS[i % 4] if i >= 4 else KINDS[i % 3],
            "persona": {"name": f"Person {i}", "role": sentence(rng)[:-1]},
            "themes": [
                {
                    "id": f"theme-{i % 40}-{t}",
                    "title": f"Theme {i % 40} {t}",
                    "notes": [sentence(rng)[:30] for _ in range(4)],
                    "stories": [sentence(rng, True) for _ in range(3)],
                    "resolves": [f"p{(i + t) % 20}"],
                    "votes": rng.randint(0, 20),
                }
                for t in range(5)
            ],
            "story": " ".join(sentence(rng) for _ in range(6)),
        }
        (stories / f"people/person-{i}.yml").write_text(yaml.safe_dump(person, sort_keys=False))
    (stories / "priorities.yml").write_text(
        yaml.safe_dump(
            {
                "priorities": [
                    {"id": f"pr{k}", "text": sentence(rng), "votes": {"user": k, "staff": 9 - k}}
                    for k in range(10)
                ],
                "agenda": [
                    {
                        "priority": "pr1",
                        "goal": sentence(rng),
                        "indicators": [{"text": sentence(rng), "measures": "outcome"}],
                    }
                ],
                "postcards": [{"kind": "user", "text": sentence(rng)} for _ in range(10)],
            },
            sort_keys=False,
        )
    )
    for k in range(5):
        (stories / f"logs/log-{k}.yml").write_text(
            yaml.safe_dump(
                {"project": "Benchmark", "date": f"2026-0{k + 1}-01", "tool": "Visioning"},
                sort_keys=False,
            )
        )


KIND_NAMES = {
    "user": "Service users",
    "staff": "Frontline staff",
    "decision-maker": "Decision makers",
    "other": "Other stakeholders",
}
STATUS = (
    "**Draft.** This vision is still being written. Comments are welcome. "
    "Visioning session held 12 March 2026.\n"
)


def write_plain_pages(stories: Path, docs: Path) -> None:
    """The same words as visionkit's pages, written by hand as Markdown.

    What a workgroup has without visionkit: a page per person (day in the life,
    the mini-stories under each theme, what changes for each problem), the
    themes page (each group's post-its and stories), the complaints file with
    how each problem is resolved, the overview, priorities and log. Words, not
    markup: no pictures, cards or styling, which is what visionkit adds.
    """
    (docs / "people").mkdir(parents=True)
    vision = yaml.safe_load((stories / "vision.yml").read_text())
    problems = {p["id"]: p["text"] for p in vision["problems"]}
    people = {
        path.stem: yaml.safe_load(path.read_text())
        for path in sorted((stories / "people").glob("*.yml"))
    }
    uses: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for stem, person in people.items():
        for theme in person["themes"]:
            uses.setdefault(theme["id"], []).append((stem, theme))
    overview = [
        "# Benchmark vision\n",
        STATUS,
        "## Our shared vision\n",
        f"{vision['service']}\n",
        vision["summary"] + "\n",
        "## The people in this vision\n",
        "Each story is about a fictional person, written from what real service users, "
        "staff and decision makers said in the workshop.\n",
    ]
    for stem, person in people.items():
        who = f"{KIND_NAMES[person['kind']]} · {person['group']}"
        quote = person["themes"][0]["stories"][0]
        overview += [
            f"### [{person['persona']['name']}](people/{stem}.md)\n",
            f"*{who}*\n",
            f"{person['persona']['role']}\n",
            f"> {quote}\n",
        ]
        group = person["group"]
        lines = [
            f"# {person['persona']['name']}\n",
            STATUS,
            f"*{who}*\n",
            f"{person['persona']['role']}\n",
            f"> {quote}\n",
            "## A day in the life\n",
            person["story"] + "\n",
            "## Under the new, better service\n",
            f"We asked the {group}: *What are the {group} saying about the new service "
            f"that made the judges give it the prize for best {group} experience?*\n",
        ]
        for theme in person["themes"]:
            lines.append(f"### {theme['title']}\n")
            if len(uses[theme["id"]]) > 1:
                lines.append(
                    f"[A shared theme](../themes.md#{theme['id']}): "
                    "other groups asked for this too.\n"
                )
            lines += [f"- {story}" for story in theme["stories"]] + [""]
        lines.append("## What changes\n")
        for theme in person["themes"]:
            for problem in theme["resolves"]:
                lines.append(f"**Today:** {problems[problem]}\n")
                lines.append("**With the new service:**\n")
                lines += [f"- {story}" for story in theme["stories"]] + [""]
        (docs / "people" / f"{stem}.md").write_text("\n".join(lines) + "\n")
    themes = [
        "# Themes\n",
        STATUS,
        "In the workshop each group wrote its ideas on post-its, clustered them into themes "
        "and wrote a phrase beside each cluster. A theme that several groups found is shown "
        "once, as a shared theme, with each group's own phrase.\n",
    ]
    complaints: dict[str, list[str]] = {problem: [] for problem in problems}
    for theme_id, theme_uses in uses.items():
        votes = sum(theme.get("votes", 0) for _, theme in theme_uses)
        themes.append(f"## {theme_uses[0][1]['title']}\n")
        themes.append(f"Shared by {len(theme_uses)} groups · {votes} votes\n")
        for stem, theme in theme_uses:
            person = people[stem]
            story = f"[{person['persona']['name']}’s story](people/{stem}.md)"
            themes.append(f"### The {person['group']} pad: “{theme['title']}”\n")
            themes += [f"- {note}" for note in theme["notes"]] + [""]
            themes += [f"- {text}" for text in theme["stories"]] + [""]
            themes.append(f"({person['group']}, in {story})\n")
            for problem in theme["resolves"]:
                complaints[problem].append(
                    f"- [{theme['title']}](themes.md#{theme_id}) "
                    f"(the {person['group']}, in {story})\n"
                    + "".join(f"    - {text}\n" for text in theme["stories"])
                )
    (docs / "themes.md").write_text("\n".join(themes) + "\n")
    resolved = [
        "# Problems\n",
        STATUS,
        "The complaints file: the problems people meet today again and again, and how the "
        "new service resolves each of them.\n",
    ]
    for problem, text in problems.items():
        resolved += [f"## {text}\n", "How the new service resolves it:\n", *complaints[problem]]
    (docs / "problems.md").write_text("\n".join(resolved) + "\n")
    (docs / "index.md").write_text("\n".join(overview) + "\n")
    (docs / "priorities.md").write_text(
        "# Priorities\n\n"
        + STATUS
        + "\n"
        + yaml.safe_dump(
            yaml.safe_load((stories / "priorities.yml").read_text()), sort_keys=False
        ).replace("\n", "\n\n")
    )
    (docs / "log.md").write_text(
        "# User log\n\n"
        + STATUS
        + "".join(f"\n- {path.read_text()}" for path in sorted((stories / "logs").glob("*.yml")))
    )


CONFIG = """site_name: Benchmark
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
{extra}"""


#: Runs `mkdocs build` with every event handler of the visionkit plugin timed,
#: and prints their total last: visionkit's own share of a build, measured
#: directly rather than as a difference of two noisy wall times.
TIMED_BUILD = """
import atexit, functools, sys, time
from mkdocs.plugins import CombinedEvent
from visionkit.mkdocs.plugin import VisionkitPlugin
spent = [0.0]
def timed(method):
    @functools.wraps(method)
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
    return run
for name, method in list(vars(VisionkitPlugin).items()):
    if isinstance(method, CombinedEvent):  # one event, several handlers
        setattr(VisionkitPlugin, name, CombinedEvent(*map(timed, method.methods)))
    elif name.startswith("on_") and callable(method):
        setattr(VisionkitPlugin, name, timed(method))
atexit.register(lambda: print(f"visionkit hooks: {spent[0]:.3f} s", flush=True))
from mkdocs.__main__ import cli
cli(["build", "-f", sys.argv[1]])
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float
    log: str
    #: CPU seconds of the build and its workers: steadier than wall time on a busy machine.
    cpu: float = 0.0

    @property
    def hooks(self) -> float:
        match = re.search(r"visionkit hooks: ([0-9.]+) s", self.log)
        return float(match[1]) if match else 0.0


def build(site: Path, timed: bool = True) -> Run:
    """One `mkdocs build` in a fresh process: wall time, peak memory, its log.

    ``timed`` times visionkit's event handlers (the plain site has none, and
    must not pay for importing visionkit).
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", TIMED_BUILD, str(site / "mkdocs.yml")]
        if timed
        else [sys.executable, "-m", "mkdocs", "build", "-f", str(site / "mkdocs.yml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    sampler = TreeMemory(process.pid)
    out = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    sampler.stop()
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build of {site} failed:\n{out[-2000:]}")
    # ru_maxrss is the largest single process (KB on Linux); the sampler adds up the
    # build and its PDF/image workers alive at the same time.
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, max(usage.ru_maxrss / 1024, sampler.peak_mb), out, cpu)


class TreeMemory:
    """The largest resident memory of a process and all its descendants together.

    Sampled every 0.1 s from /proc (Linux; elsewhere it stays 0).
    """

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_mb, self._done = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._done.wait(0.1):
            total, todo = 0, [self.pid]
            while todo:
                pid = todo.pop()
                try:
                    total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
                    for task in os.listdir(f"/proc/{pid}/task"):
                        todo += Path(f"/proc/{pid}/task/{task}/children").read_text().split()
                except (OSError, ValueError, IndexError):
                    continue
            self.peak_mb = max(self.peak_mb, total / 2**20)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def page_sizes(site: Path) -> tuple[float, int]:
    """The median and largest page of a built site, in bytes of HTML.

    Material writes the whole navigation into every page, so a site whose
    navigation lists every person grows with N squared; this shows it.
    """
    sizes = [page.stat().st_size for page in (site / "site").rglob("*.html")]
    return statistics.median(sizes), max(sizes)


def made(log: str, what: str) -> int:
    match = re.search(rf"visionkit: (\d+) {what} made", log)
    return int(match[1]) if match else 0


def bench(n: int, pdf: bool, repeat: int, work: Path) -> dict[str, object]:
    root = work / f"n{n}-{'pdf' if pdf else 'nopdf'}"
    plain, vk = root / "plain", root / "visionkit"
    write_story_folder(vk, n)
    write_plain_pages(vk / "stories", plain / "docs")
    (plain / "mkdocs.yml").write_text(CONFIG.format(extra=""))
    (vk / "docs").mkdir()
    (vk / "docs/index.md").write_text("# Benchmark vision\n")
    (vk / "mkdocs.yml").write_text(
        CONFIG.format(extra=f"  - visionkit:\n      pdf: {str(pdf).lower()}\n")
    )
    check_times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "visionkit", "check", str(vk / "stories")],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode not in (0, 1):
            raise SystemExit(f"visionkit check failed: {done.stderr or done.stdout}")
        check_times.append(time.perf_counter() - start)
    cold = build(vk)
    plain_runs, warm_runs = [], []
    for _ in range(repeat):  # alternating, so both see the same machine
        plain_runs.append(build(plain, timed=False))
        warm_runs.append(build(vk))
    plain_s = statistics.median(r.seconds for r in plain_runs)
    warm_s = statistics.median(r.seconds for r in warm_runs)
    if pdf:  # the people's handouts alone: remove them from the cache, build again
        cache = vk / ".cache/visionkit"
        for handout in cache.glob("handout-*.pdf"):
            if not handout.name.startswith("handout-vision-"):
                handout.unlink()
        remade = build(vk)
        per_person = (remade.seconds - warm_s) / n
        # vision.pdf alone, cold: every part of it, its cover and contents, its pages of
        # page numbers and the whole removed, built again.
        for part in [*cache.glob("handout-vision-*.pdf"), *cache.glob("vision-*")]:
            part.unlink()
        vision = build(vk)
        vision_s, vision_mb = f"{vision.seconds - warm_s:.1f}", f"{vision.peak_mb:.0f}"
    else:  # a portrait and a card per person, and a card per overview page
        remade = vision = cold
        per_person = (cold.seconds - warm_s) / n
        vision_s = vision_mb = ""
    plain_pages, vk_pages = page_sizes(plain), page_sizes(vk)
    edited = vk / "stories/people/person-1.yml"
    edited.write_text(edited.read_text().replace("Person 1\n", "Person 1 (edited)\n"))
    after_edit = build(vk)
    return {
        "n": n,
        "pdf": "on" if pdf else "off",
        "plain": plain_s,
        "cold": cold.seconds,
        "warm": warm_s,
        "ratio": warm_s / plain_s,
        "own": statistics.median(r.hooks for r in warm_runs),
        "per_person": per_person * 1000,
        "images": made(cold.log, "images"),
        "pdfs": made(cold.log, "PDFs"),
        "edit": f"{made(after_edit.log, 'images')} img, {made(after_edit.log, 'PDFs')} pdf",
        "edit_s": after_edit.seconds,
        "check": statistics.median(check_times),
        "plain_kb": f"{plain_pages[0] / 1000:.0f} / {plain_pages[1] / 1000:.0f}",
        "vk_kb": f"{vk_pages[0] / 1000:.0f} / {vk_pages[1] / 1000:.0f}",
        "peak": max(r.peak_mb for r in [cold, *plain_runs, *warm_runs, remade, vision, after_edit]),
        "vision_s": vision_s,
        "vision_mb": vision_mb,
    }


COLUMNS = (
    ("N", "{n}"),
    ("PDFs", "{pdf}"),
    ("plain s", "{plain:.2f}"),
    ("warm s", "{warm:.2f}"),
    ("warm/plain", "{ratio:.2f}x"),
    ("visionkit's own s", "{own:.2f}"),
    ("cold s", "{cold:.2f}"),
    ("cold ms per person", "{per_person:.0f}"),
    ("images made", "{images}"),
    ("PDFs made", "{pdfs}"),
    ("after 1 edit", "{edit}"),
    ("edit build s", "{edit_s:.2f}"),
    ("vision.pdf cold s", "{vision_s}"),
    ("vision.pdf build peak MB", "{vision_mb}"),
    ("check s", "{check:.2f}"),
    ("peak MB", "{peak:.0f}"),
    ("plain KB per page (median / max)", "{plain_kb}"),
    ("visionkit KB per page (median / max)", "{vk_kb}"),
)


#: Draws one card (after one to load the fonts) and prints how long it took.
CARD = """
import json, sys, time
from PIL import Image
from visionkit.images.cards import CardText, draw_card
picture = Image.new("RGB", (400, 400), (200, 120, 80))
draw_card(CardText("K", "N", "R", "warm up", "V", "draft", "Draft"), [picture], (0, 0, 0))
quote = json.loads(sys.stdin.read())
start = time.perf_counter()
text = CardText("A day in the life", "Amira", "Parent", quote, "Vision", "draft", "Draft")
draw_card(text, [picture], (0, 0, 0))
print(time.perf_counter() - start)
"""


def card_seconds(quote: str, repeat: int) -> float:
    """The median time to draw one share card with ``quote``, in a fresh process each."""
    times = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", CARD],
            input=json.dumps(quote),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"drawing a card failed: {done.stderr[-2000:]}")
        times.append(float(done.stdout))
    return statistics.median(times)


def bench_max_fields(repeat: int, work: Path) -> None:
    """Build the max-fields folder (PDFs on) and time long quotes on one card."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from maxfields import write_max_fields

    site = work / "max-fields"
    write_max_fields(site / "stories")
    (site / "docs").mkdir()
    (site / "docs/index.md").write_text("# Max fields\n")
    (site / "mkdocs.yml").write_text(CONFIG.format(extra="  - visionkit:\n      pdf: true\n"))
    check_times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "visionkit", "check", str(site / "stories")],
            capture_output=True,
            check=True,
        )
        check_times.append(time.perf_counter() - start)
    cold = build(site)
    warm = [build(site) for _ in range(repeat)]
    print("| folder | check s | cold build s (PDFs on) | warm build s | images | PDFs | peak MB |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| every text at its limit | {statistics.median(check_times):.2f} | "
        f"{cold.seconds:.2f} | {statistics.median(r.seconds for r in warm):.2f} | "
        f"{made(cold.log, 'images')} | {made(cold.log, 'PDFs')} | "
        f"{max(r.peak_mb for r in [cold, *warm]):.0f} |",
        flush=True,
    )
    print("\n| share card's quote | draw one card, s |")
    print("|---|---|")
    for label, quote in [
        (
            "a short quote, 57 characters",
            "I told my story once, and everyone who helped me knew it.",
        ),
        ("one word, 10,000 characters", "x" * 10_000),
        ("one word, 30,000 characters", "x" * 30_000),
        ("one word, 100,000 characters", "x" * 100_000),
        ("600,000 short words", "word " * 600_000),
    ]:
        print(f"| {label} | {card_seconds(quote, repeat):.3f} |", flush=True)


def bench_reports(repeat: int, work: Path) -> None:
    """The example, warm, PDFs off: with its reports and readings, and without."""
    root = Path(__file__).resolve().parent.parent
    sites = {"with reports": work / "with", "without": work / "without"}
    for label, site in sites.items():
        for name in ("content", "theme", "stories"):
            shutil.copytree(root / name, site / name)
        config = (root / "mkdocs.yml").read_text(encoding="utf-8")
        options = f"  - visionkit:\n      pdf: false\n      cache_dir: {work / 'cache'}\n"
        # English only, as measured before the example had its Welsh pages.
        config = re.sub(
            r"  - i18n:\n.*?  - visionkit:\n      languages: \[en, cy\]\n",
            options,
            config,
            flags=re.S,
        )
        (site / "mkdocs.yml").write_text(config)
        for twin in (site / "content").glob("*.cy.md"):
            twin.unlink()
        if label == "without":
            shutil.rmtree(site / "stories/reports")
            (site / "stories/measures.csv").unlink()
        build(site)  # the cache primed: every build below is warm
    runs: dict[str, list[Run]] = {label: [] for label in sites}
    for _ in range(repeat):
        for label, site in sites.items():
            runs[label].append(build(site, timed=False))
    wall = [statistics.median(run.seconds for run in runs[label]) for label in sites]
    cpu = [statistics.median(run.cpu for run in runs[label]) for label in sites]
    pages = len(list((sites["with reports"] / "site").rglob("*.html")))
    print("| example, warm, PDFs off | wall s (median) | CPU s (median) | HTML pages |")
    print("|---|---|---|---|")
    print(f"| with reports and readings | {wall[0]:.2f} | {cpu[0]:.2f} | {pages} |")
    print(f"| without | {wall[1]:.2f} | {cpu[1]:.2f} | {pages - 3} |")
    print(
        f"\nwith / without: {wall[0] / wall[1]:.3f}x wall, {cpu[0] / cpu[1]:.3f}x CPU "
        f"({repeat} alternating builds each)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--pdf", nargs="+", choices=["off", "on"], default=["off", "on"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build here and keep the sites")
    parser.add_argument(
        "--max-fields",
        action="store_true",
        help="only build the folder with every text at its limit, and time long card quotes",
    )
    parser.add_argument(
        "--reports", action="store_true", help="only the example with and without its reports"
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="visionkit-bench-"))
    if args.max_fields or args.reports:
        try:
            (bench_reports if args.reports else bench_max_fields)(args.repeat, work)
        finally:
            if args.keep is None:
                shutil.rmtree(work, ignore_errors=True)
        return
    print("| " + " | ".join(name for name, _ in COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS), flush=True)
    own: dict[int, float] = {}
    try:
        for pdf in args.pdf:
            for n in args.n:
                row = bench(n, pdf == "on", args.repeat, work)
                print("| " + " | ".join(f.format(**row) for _, f in COLUMNS) + " |", flush=True)
                if pdf == "off":
                    own[n] = float(row["own"])  # type: ignore[arg-type]
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if len(own) > 1:
        low, high = min(own), max(own)
        print(
            f"\nvisionkit's own share, N={high} over N={low}: "
            f"{own[high] / own[low]:.1f}x for {high / low:.0f}x the people"
        )


if __name__ == "__main__":
    main()
