"""A story folder with every text at the most its kind may have (``fields.Length.limit``).

Every key that holds text, in every file type, is there at exactly its limit:
names and titles, roles, quotes, post-its, mini-stories, day entries, the
narrative, ids, the picture and logo paths (real files), the times (words, no
digits) and the participants' names (which appear nowhere else). The folder
must pass ``visionkit check`` (warnings only: every text is far past what reads
well) and build, PDFs and all. tests/test_lengths.py builds it; the benchmark
(``benchmarks/build.py --max-fields``) times its build.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from visionkit.fields import (
    ADDRESS,
    EMAIL,
    ID,
    LONG,
    NAME,
    PARAGRAPH,
    PARTICIPANT,
    PATH,
    SAYING,
    SHORT,
    TIME,
    UNIT,
    Length,
)

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "We can now tell our story once, and every service we meet already knows it. "
WORDS = "Early morning before the school run and the bus into town "
#: Appears in no other text, so the confidential-name check finds it nowhere.
PARTICIPANT_NAME = "Zebedee Quillfeather "


def text(length: Length, start: str = "", filler: str = SENTENCE, markdown: bool = False) -> str:
    """Exactly ``length.limit`` characters of sentences, the last cut short to end in "."."""
    if markdown:  # paragraphs of six sentences
        filler = filler * 5 + filler.rstrip() + "\n\n"
    body = (start + filler * (length.limit // len(filler) + 2))[: length.limit - 1] + "."
    assert len(body) == length.limit and body == body.strip(), (len(body), length)
    return body


def ident(prefix: str) -> str:
    """An id of exactly ``ID.limit`` characters."""
    name = f"{prefix}-" + "x" * ID.limit
    return name[: ID.limit]


def picture_path(stem: str) -> str:
    """A path of exactly ``PATH.limit`` characters: ``pictures/STEM-xxx….png``."""
    head, tail = f"pictures/{stem}-", ".png"
    return head + "x" * (PATH.limit - len(head) - len(tail)) + tail


KINDS = ("user", "staff", "decision-maker")


def email_address() -> str:
    """A valid address of exactly ``EMAIL.limit`` characters."""
    tail = "@example.org"
    return "a" * (EMAIL.limit - len(tail)) + tail


def form_address() -> str:
    """A valid https address of exactly ``ADDRESS.limit`` characters."""
    head = "https://forms.example.org/"
    return head + "a" * (ADDRESS.limit - len(head))


def _person(kind: str, problems: list[str], picture: str | None) -> dict[str, Any]:
    persona: dict[str, Any] = {"name": text(NAME, "Amira "), "role": text(SHORT, "Parent. ")}
    if picture:
        persona["picture"] = picture
        persona["alt"] = text(SHORT, "A drawing. ")
    return {
        "group": text(NAME, f"Group {kind} "),
        "kind": kind,
        "question": text(SHORT, "What are they saying? "),
        "persona": persona,
        "quote": text(SAYING, "I told my story once. "),
        "feedback": form_address(),
        "themes": [
            {
                "id": ident(f"theme-{kind}-{t}"),
                "title": text(NAME, f"Tell it once {t} "),
                "notes": [text(SAYING, "Stop asking me. ") for _ in range(2)],
                "stories": [text(SAYING, "I can now say it once. ") for _ in range(2)],
                "resolves": problems,
                "votes": 12,
            }
            for t in range(2)
        ],
        "day": [
            {
                "time": text(TIME, "Morning ", WORDS).replace(".", "s"),
                "text": text(PARAGRAPH, markdown=True),
            },
            {"time": text(TIME, "Evening ", WORDS).replace(".", "s"), "text": text(PARAGRAPH)},
        ],
        "story": text(LONG, "Amira wakes early. ", markdown=True),
        "status": "final",
    }


def write_max_fields(root: Path) -> Path:
    """The story folder at ``root`` (created); returns it."""
    pictures = root / "pictures"
    pictures.mkdir(parents=True)
    drawing, logo = picture_path("drawing"), picture_path("logo")
    shutil.copy(ROOT / "stories/pictures/amira.png", root / drawing)
    shutil.copy(ROOT / "stories/pictures/logo-council.png", root / logo)
    problems = [ident(f"problem-{p}") for p in range(2)]
    vision = {
        "title": text(NAME, "Working Well "),
        "strapline": text(SHORT, "One plan. "),
        "service": text(SHORT, "A joined-up service. "),
        "partners": [text(NAME, "Tamesford College "), {"name": text(NAME), "logo": logo}],
        "date": "2026-03-12",
        "status": "consultation",
        "summary": text(LONG, "Today a resident tells their story again. ", markdown=True),
        "problems": [
            {"id": pid, "text": text(SHORT, "I tell my story again. "), "detail": text(PARAGRAPH)}
            for pid in problems
        ],
        "stakeholders": [
            {
                "name": text(NAME, f"Advisers {n} "),
                "interest": "high",
                "influence": "medium",
                "involve": text(SHORT),
            }
            for n in range(2)
        ],
        "contact": email_address(),
        "feedback": form_address(),
        "consultation_ends": "2026-06-30",
        "known_issues": [text(SHORT, "The map has no text alternative. ")],
        "confidential": {
            "participants": [(PARTICIPANT_NAME * PARTICIPANT.limit)[: PARTICIPANT.limit].strip()]
        },
    }
    priorities = [ident(f"priority-{p}") for p in range(2)]
    priorities_file = {
        "title": text(NAME, "Priorities day "),
        "priorities": [
            {"id": pid, "text": text(SHORT, "One shared plan. "), "votes": {"user": 3, "staff": 2}}
            for pid in priorities
        ],
        "agenda": [
            {
                "priority": pid,
                "goal": text(SHORT, "Every resident has one plan. "),
                "indicators": [
                    text(SHORT, "Residents who tell it once. "),
                    {
                        "text": text(SHORT),
                        "measures": "outcome",
                        "id": ident(f"indicator-{pid}"),
                        "unit": text(UNIT, "people ", "people "),
                        "baseline": {"date": "2026-01-01", "value": "22"},
                        "target": {"date": "2027-01-01", "value": "60"},
                    },
                ],
                "ambition": text(PARAGRAPH),
                "practicalities": text(PARAGRAPH),
            }
            for pid in priorities
        ],
        "postcards": [{"kind": kind, "text": text(SAYING, "Stop it. ")} for kind in KINDS],
    }
    entry = {
        "project": text(NAME, "Working Well "),
        "date": "2026-03-12",
        "tool": text(NAME, "Visioning session "),
        "desired_outcome": text(PARAGRAPH),
        "what_happened": text(PARAGRAPH),
        "next_time": text(PARAGRAPH),
    }
    report = {
        "title": text(NAME, "Progress report "),
        "from": "2026-03-01",
        "to": "2026-05-31",
        "summary": text(LONG, "This spring the plan went live. ", markdown=True),
        "highlights": [text(SHORT, "Every adviser opens the plan. ")],
        "evidence": [
            {
                "story": text(PARAGRAPH, "I told my story once. ", markdown=True),
                "from": text(SHORT, "A resident in Riverside. "),
                "date": "2026-04-14",
                "themes": [ident("theme-user-0")],
                "indicators": [ident(f"indicator-{pid}") for pid in priorities],
            }
        ],
        "next": text(LONG, "Open the plan to the GP practices. ", markdown=True),
    }
    readings = "indicator,date,value,source,note\n" + "".join(
        f"{ident(f'indicator-{pid}')},2026-04-01,31,Survey,\n" for pid in priorities
    )
    files: dict[str, Any] = {
        "vision.yml": vision,
        "priorities.yml": priorities_file,
        "logs/one.yml": entry,
        "logs/several.yml": [entry, {**entry, "date": "2026-04-01"}],
        "reports/2026-spring.yml": report,
    }
    (root / "measures.csv").write_text(readings, "utf-8")
    for n, kind in enumerate(KINDS):
        files[f"people/{kind}.yml"] = _person(kind, problems, drawing if n == 0 else None)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return root
