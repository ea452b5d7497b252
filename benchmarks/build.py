"""Benchmark: visionkit against the same words written by hand for plain mkdocs-material.

A script, not a test: ``python benchmarks/build.py [--n 100 300 1000] [--pdf off on]``.
For each N it writes a synthetic story folder of N people files (5 themes each,
4 post-its and 3 mini-stories per theme, a six-sentence narrative, 20
problems, priorities and logs) and the same words as plain Markdown pages (one
per person, plus a themes and a problems page), then builds both with the same
MkDocs and Material, alternating, several times, each build a fresh process.
It prints one table row per N and PDF setting:

- plain: the hand-written Markdown site, no visionkit;
- cold: visionkit with an empty cache; warm: nothing changed, cache primed;
- warm/plain, and visionkit's own share (warm minus plain);
- images and PDFs made by the cold build, and by a build after editing one
  people file;
- ``visionkit check`` of the story folder, and the peak memory of the builds.

Medians of ``--repeat`` runs (cold builds run once: each needs a new cache).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

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


def write_plain_pages(stories: Path, docs: Path) -> None:
    """The same words as hand-written Markdown: what a workgroup has without visionkit."""
    (docs / "people").mkdir(parents=True)
    vision = yaml.safe_load((stories / "vision.yml").read_text())
    problems = {p["id"]: p["text"] for p in vision["problems"]}
    themes: list[str] = ["# Themes\n"]
    for path in sorted((stories / "people").glob("*.yml")):
        person = yaml.safe_load(path.read_text())
        lines = [
            f"# {person['persona']['name']}\n",
            f"*{person['group']}: {person['persona']['role']}*\n",
            "## A day in the life\n",
            person["story"] + "\n",
            "## Under the new, better service\n",
        ]
        for theme in person["themes"]:
            lines.append(f"### {theme['title']}\n")
            lines += [f"- {story}" for story in theme["stories"]] + [""]
            themes.append(f"## {theme['title']} ({person['group']})\n")
            themes += [f"- {note}" for note in theme["notes"]] + [""]
            themes += [f"- {story}" for story in theme["stories"]] + [""]
        lines.append("## What changes\n")
        lines += [f"- {problems[p]}" for t in person["themes"] for p in t["resolves"]]
        (docs / "people" / f"{path.stem}.md").write_text("\n".join(lines) + "\n")
    (docs / "themes.md").write_text("\n".join(themes) + "\n")
    (docs / "problems.md").write_text(
        "# Problems\n\n" + "\n".join(f"- {text}" for text in problems.values()) + "\n"
    )
    (docs / "index.md").write_text("# Benchmark vision\n\n" + vision["summary"] + "\n")


CONFIG = """site_name: Benchmark
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
{extra}"""


@dataclass
class Run:
    seconds: float
    peak_mb: float
    log: str


def build(site: Path) -> Run:
    """One `mkdocs build` in a fresh process: wall time, peak memory, its log."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(site / "mkdocs.yml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    out = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build of {site} failed:\n{out[-2000:]}")
    # ru_maxrss is the largest child so far (KB on Linux): the PDF/image workers included.
    return Run(seconds, usage.ru_maxrss / 1024, out)


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
        plain_runs.append(build(plain))
        warm_runs.append(build(vk))
    edited = vk / "stories/people/person-1.yml"
    edited.write_text(edited.read_text().replace("Person 1\n", "Person 1 (edited)\n"))
    after_edit = build(vk)
    plain_s = statistics.median(r.seconds for r in plain_runs)
    warm_s = statistics.median(r.seconds for r in warm_runs)
    return {
        "n": n,
        "pdf": "on" if pdf else "off",
        "plain": plain_s,
        "cold": cold.seconds,
        "warm": warm_s,
        "ratio": warm_s / plain_s,
        "own": warm_s - plain_s,
        "images": made(cold.log, "images"),
        "pdfs": made(cold.log, "PDFs"),
        "edit": f"{made(after_edit.log, 'images')} img, {made(after_edit.log, 'PDFs')} pdf",
        "check": statistics.median(check_times),
        "peak": max(r.peak_mb for r in [cold, *plain_runs, *warm_runs, after_edit]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--pdf", nargs="+", choices=["off", "on"], default=["off", "on"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build here and keep the sites")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="visionkit-bench-"))
    header = (
        "| N | PDFs | plain s | cold s | warm s | warm/plain | own s | images | PDFs made "
        "| after 1 edit | check s | peak MB |"
    )
    print(header)
    print("|" + "---|" * 12, flush=True)
    try:
        for pdf in args.pdf:
            for n in args.n:
                r = bench(n, pdf == "on", args.repeat, work)
                print(
                    f"| {r['n']} | {r['pdf']} | {r['plain']:.2f} | {r['cold']:.2f} "
                    f"| {r['warm']:.2f} | {r['ratio']:.2f}x | {r['own']:.2f} | {r['images']} "
                    f"| {r['pdfs']} | {r['edit']} | {r['check']:.2f} | {r['peak']:.0f} |",
                    flush=True,
                )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
