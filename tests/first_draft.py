"""First-draft groups for tests: people files with themes, mini-stories and post-its only.

``TYPICAL`` is what a group brings back from a visioning session (four themes,
two or three mini-stories and four to six post-its each); ``FIVE_THEMES`` has
one theme more than a page holds with every post-it; ``BIG`` is a group that
wrote far more than one A4 page holds. Both fit the example's vision
(its problem ids, and theme ids the example's groups share).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml
from PIL import Image

#: A4 in millimetres, and the handout's page margins (handout.css @page).
A4 = (210, 297)
TOP, BOTTOM = 14, 17

TYPICAL: dict[str, Any] = {
    "group": "Young people",
    "kind": "user",
    "persona": {"name": "Kai", "role": "Nineteen, looking for a first job after a year of anxiety"},
    "themes": [
        {
            "id": "one-conversation",
            "title": "Someone who gets it",
            "notes": [
                "Don't make me explain my anxiety five times",
                "One person who knows me",
                "Talk to me like an adult",
                "Text, don't phone",
                "My mum shouldn't have to chase",
            ],
            "stories": [
                "I can now explain my anxiety once, and everyone I meet already knows it.",
                "I have one adviser who texts me back and talks to me like an adult.",
                "I no longer need my mum to chase anyone for me.",
            ],
            "resolves": ["tell-story-again"],
            "votes": 12,
        },
        {
            "id": "no-silent-waits",
            "title": "Straight answers, fast",
            "notes": [
                "How long will it take?",
                "Tell me what happens next",
                "I gave up waiting last time",
                "Send it to my phone",
            ],
            "stories": [
                "I get a message within two days saying who I am seeing and when.",
                "I can see on my phone what happens next and how long it will take.",
            ],
            "resolves": ["silent-wait"],
            "votes": 9,
        },
        {
            "id": "safe-to-try-work",
            "title": "Try work without losing out",
            "notes": [
                "Scared of losing my Universal Credit",
                "Trial days that count",
                "Someone to do the maths with me",
                "Paid travel to interviews",
                "What if it goes wrong?",
                "A way back if it doesn't work out",
            ],
            "stories": [
                "I can try a few shifts knowing exactly what it means for my money.",
                "I know I can come back to my adviser if a job does not work out.",
            ],
            "resolves": ["benefits-fear"],
            "votes": 7,
        },
        {
            "id": "still-there",
            "title": "Still there once I start",
            "notes": [
                "Don't drop me on day one",
                "Someone to ask about the rota",
                "Help with the bus pass",
                "Check in after the first month",
            ],
            "stories": [
                "I still talk to my adviser after I start work, and she helps me settle in.",
                "I am able to sort out my bus pass and my rota without missing a shift.",
                "I feel confident asking my manager for the help I need.",
            ],
            "resolves": ["support-stops"],
            "votes": 5,
        },
    ],
}


#: The typical group with a fifth theme: too much for one page with every post-it,
#: room for the first themes' post-its.
FIVE_THEMES: dict[str, Any] = {
    **TYPICAL,
    "persona": {"name": "Mo", "role": "Twenty, caring for a younger brother"},
    "themes": [
        *TYPICAL["themes"],
        {
            "id": "own-pace",
            "title": "At my own pace",
            "notes": [
                "Part-time first",
                "No pressure to rush",
                "Time to get used to it",
                "Flexible hours around my brother",
            ],
            "stories": ["I can start with a few hours a week and build up when I am ready."],
        },
    ],
}


def _big_theme(n: int) -> dict[str, Any]:
    return {
        "id": f"big-theme-{n}",
        "title": f"Everything we asked for, part {n}",
        "notes": [f"Post-it {m} of theme {n}: one more thing we want" for m in range(1, 7)],
        "stories": [
            f"I can now get help number {m} in theme {n} from a person who already knows "
            "my child and our family."
            for m in range(1, 4)
        ],
    }


BIG: dict[str, Any] = {
    "group": "Parents and carers of disabled children",
    "kind": "user",
    "persona": {"name": "Gwen", "role": "Mother of two, one of them autistic"},
    "themes": [_big_theme(n) for n in range(1, 9)],
}


def add_people(stories: Path, **people: dict[str, Any]) -> None:
    """Write each person as ``stories/people/SLUG.yml``."""
    for slug, data in people.items():
        (stories / "people" / f"{slug}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )


def filled(pdf: Path, tmp_path: Path) -> float:
    """How far down its page a PDF's first page is printed, 0 (empty) to 1 (full).

    The page is drawn at 75 dpi and the lowest row with anything on it between
    the top and bottom margins is found; the running footer below is left out.
    """
    out = tmp_path / pdf.stem
    command = ["pdftoppm", "-png", "-gray", "-r", "75", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(pdf), str(out)], check=True)
    with Image.open(out.with_suffix(".png")) as image:
        gray = image.convert("L")
    per_mm = gray.height / A4[1]
    top, bottom = round(TOP * per_mm), round((A4[1] - BOTTOM) * per_mm)
    inked = [
        y for y in range(top, bottom) if gray.crop((0, y, gray.width, y + 1)).getextrema()[0] < 200
    ]
    return (max(inked) - top) / (bottom - top) if inked else 0.0
