"""The editors' JSON Schemas agree with the checker: same model, same verdicts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BASE, EXAMPLE, MakeStory, check, person
from jsonschema import Draft202012Validator

from visionkit.authoring.schema import schemas, write_schemas
from visionkit.diagnostics import Severity

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = schemas()


class EditorLoader(yaml.SafeLoader):
    """YAML 1.2's core schema, as yaml-language-server reads a file in the editor:
    ``2026-03-12`` and ``08:30`` stay text, ``NO`` is text, ``1.10`` is a number."""


EditorLoader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$", "-+.0123456789"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    EditorLoader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), list(first))


def schema_errors(kind: str, text: str) -> list[str]:
    validator = Draft202012Validator(
        SCHEMAS[kind], format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    data = yaml.load(text, Loader=EditorLoader)
    return [error.message for error in validator.iter_errors(data)]


def kind_of(path: Path, root: Path) -> str:
    rel = path.relative_to(root).as_posix()
    if rel.startswith("reports/"):
        return "report"
    return {"vision.yml": "vision", "priorities.yml": "priorities"}.get(
        rel, "people" if rel.startswith("people/") else "log"
    )


def test_every_example_file_is_valid_under_its_schema() -> None:
    files = sorted(EXAMPLE.rglob("*.yml"))
    assert len(files) >= 8
    for path in files:
        assert schema_errors(kind_of(path, EXAMPLE), path.read_text(encoding="utf-8")) == [], path


def test_the_committed_schemas_are_the_ones_the_model_makes(tmp_path: Path) -> None:
    """The example's editor schemas (schemas/) are regenerated from the model, never edited."""
    write_schemas(tmp_path)
    for made in sorted(tmp_path.glob("*.json")):
        committed = ROOT / "schemas" / made.name
        assert committed.is_file(), f"run: visionkit schema --out schemas ({made.name} missing)"
        assert json.loads(committed.read_text()) == json.loads(made.read_text()), (
            f"schemas/{made.name} is out of date: run visionkit schema --out schemas"
        )


def test_every_key_has_a_description_and_every_required_key_an_example() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                assert sub.get("description"), f"{where}.{key} has no description"
                if key in node.get("required", []) and "$ref" not in json.dumps(sub):
                    assert sub.get("examples"), f"{where}.{key} has no example"
            for key, sub in node.items():
                walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for name, schema in SCHEMAS.items():
        walk(schema, name)


PEOPLE = person("user")
VISION = BASE["vision.yml"]
PRIORITIES = """\
priorities:
  - id: one-plan
    text: One plan per resident
    votes: {user: 3, staff: 2}
agenda:
  - priority: one-plan
    goal: Every resident has one plan.
    indicators:
      - text: Residents who told their story once
        measures: outcome
"""
LOG = "project: Better Together\ndate: 2026-01-01\ntool: Visioning session\n"
MEASURED = PRIORITIES.replace(
    "        measures: outcome\n",
    "        measures: outcome\n        id: told-once\n        unit: '%'\n"
    "        direction: up\n        baseline: {date: 2026-01-01, value: 22}\n"
    "        target: {date: 2027-01-01, value: 60.5}\n",
)
REPORT = """\
title: Progress report, spring 2026
from: 2026-03-01
to: 2026-05-31
status: published
highlights: [Plans opened in Riverside]
evidence:
  - story: I told my story once.
    from: A resident in Riverside
    date: 2026-04-14
    themes: [one-door]
next: More of the same.
"""

#: (file, its base text, a change, what the change is): the checker and the schema
#: must both accept the changed file, or both reject it.
CASES = [
    ("people", PEOPLE, ("  name: Sam", "  nmae: Sam"), "a misspelt key"),
    ("people", PEOPLE, ("kind: user\n", ""), "a missing required key"),
    ("people", PEOPLE, ("kind: user", "kind: staf"), "a value not in the list"),
    ("people", PEOPLE, ("id: one-door", "id: One Door"), "an id with spaces"),
    ("people", PEOPLE, ("    resolves:", "    votes: -1\n    resolves:"), "negative votes"),
    ("people", PEOPLE, ("    resolves:", "    votes: lots\n    resolves:"), "votes as a word"),
    ("people", PEOPLE, ("themes:", "day:\n  - {time: 9am, text: Up}\nthemes:"), "9am"),
    ("people", PEOPLE, ("themes:", "day:\n  - {time: '25:00', text: Up}\nthemes:"), "25:00"),
    ("people", PEOPLE, ("themes:", "day:\n  - {time: 9:30, text: Up}\nthemes:"), "9:30"),
    ("people", PEOPLE, ("themes:", "day:\n  - {time: Morning, text: Up}\nthemes:"), "a word"),
    ("people", PEOPLE, ("  role:", "  picture: pictures/sam.png\n  role:"), "picture, no alt"),
    ("people", PEOPLE, ("group: User group", "group: ''"), "an empty value"),
    ("people", PEOPLE, ("group: User group", "group: 1.10"), "a number as text"),
    ("people", PEOPLE, ("group: User group", "group: NO"), "NO as text"),
    ("people", PEOPLE, ("kind: user", "kind: user\nstatus: done"), "a bad status"),
    ("people", PEOPLE, ("kind: user", "kind: user\nstatus: draft"), "a draft"),
    ("people", PEOPLE, ("    stories:", "    notes: [a, b]\n    stories:"), "post-its"),
    ("people", PEOPLE, ("  role:", "  portrait: {}\n  role:"), "no portrait trait"),
    (
        "people",
        PEOPLE,
        (
            "  role:",
            "  portrait: {variant: 3, age: older, skin: 6, hair: covered, glasses: true}\n  role:",
        ),
        "every portrait trait",
    ),
    ("people", PEOPLE, ("  role:", "  portrait: {variant: 0}\n  role:"), "variant 0"),
    ("people", PEOPLE, ("  role:", "  portrait: {skin: 7}\n  role:"), "skin 7"),
    ("people", PEOPLE, ("  role:", "  portrait: {skin: 2.5}\n  role:"), "skin 2.5"),
    ("people", PEOPLE, ("  role:", "  portrait: {hair: bald}\n  role:"), "hair bald"),
    ("people", PEOPLE, ("  role:", "  portrait: {age: teen}\n  role:"), "age teen"),
    ("people", PEOPLE, ("  role:", "  portrait: {glasses: yes}\n  role:"), "glasses yes"),
    ("people", PEOPLE, ("  role:", "  portrait: {glasses: False}\n  role:"), "glasses False"),
    ("people", PEOPLE, ("  role:", "  portrait: {beard: true}\n  role:"), "an unknown trait"),
    ("vision", VISION, ("title: Better Together", "titel: Better Together"), "a misspelt key"),
    ("vision", VISION, ("  - Northfield Council\n", ""), "one partner fewer"),
    ("vision", VISION, ("title:", "date: 12/03/2026\ntitle:"), "a date not YYYY-MM-DD"),
    ("vision", VISION, ("title:", "date: 2026-03-12\ntitle:"), "a date"),
    ("vision", VISION, ("title:", "status: done\ntitle:"), "a bad status"),
    ("vision", VISION, ("- id: tell-again", "- id: Tell Again"), "a bad problem id"),
    (
        "vision",
        VISION,
        (
            "problems:",
            "stakeholders:\n  - {name: Staff, interest: very, influence: low}\nproblems:",
        ),
        "a bad level",
    ),
    ("priorities", PRIORITIES, ("user: 3", "user: -3"), "negative votes"),
    ("priorities", PRIORITIES, ("user: 3", "usr: 3"), "an unknown kind"),
    ("priorities", PRIORITIES, ("measures: outcome", "measures: impact"), "a bad measure"),
    ("priorities", PRIORITIES, ("    goal: Every resident has one plan.\n", ""), "no goal"),
    (
        "priorities",
        PRIORITIES,
        (
            "      - text: Residents who told their story once\n        measures: outcome",
            "      - Told once",
        ),
        "an indicator as text",
    ),
    ("priorities", MEASURED, ("", ""), "a measurable indicator"),
    ("priorities", MEASURED, ("value: 22", "value: 41%"), "a baseline value with a unit"),
    ("priorities", MEASURED, ("value: 22", "value: lots"), "a baseline value as a word"),
    ("priorities", MEASURED, ("value: 22", "value: -2.5"), "a negative baseline value"),
    ("priorities", MEASURED, ("direction: up", "direction: upward"), "a bad direction"),
    ("priorities", MEASURED, ("id: told-once", "id: Told Once"), "a bad indicator id"),
    ("priorities", MEASURED, ("date: 2027-01-01", "date: 2027"), "a target without a day"),
    ("priorities", MEASURED, ("unit: '%'", "unit: ''"), "an empty unit"),
    ("report", REPORT, ("", ""), "a report"),
    ("report", REPORT, ("from: 2026-03-01\n", ""), "a report without from"),
    ("report", REPORT, ("from:", "form:"), "a misspelt from"),
    ("report", REPORT, ("to: 2026-05-31", "to: 31/05/2026"), "a report date not YYYY-MM-DD"),
    ("report", REPORT, ("status: published", "status: final"), "a bad report status"),
    ("report", REPORT, ("story: I told my story once.", "story:"), "evidence, empty story"),
    ("report", REPORT, ("    from: A resident in Riverside\n", ""), "evidence without from"),
    ("report", REPORT, ("themes: [one-door]", "themes: [One Door]"), "a bad theme id"),
    ("report", REPORT, ("highlights: [Plans", "highlight: [Plans"), "a misspelt key"),
    ("log", LOG, ("date: 2026-01-01\n", ""), "no date"),
    ("log", LOG, ("2026-01-01", "1 Jan 2026"), "a date not YYYY-MM-DD"),
    ("log", LOG, ("tool:", "tools:"), "a misspelt key"),
    ("log", "- " + LOG.replace("\n", "\n  ").rstrip() + "\n", ("", ""), "a list of entries"),
]
FILES = {
    "people": "people/resident.yml",
    "vision": "vision.yml",
    "priorities": "priorities.yml",
    "log": "logs/one.yml",
    "report": "reports/2026-spring.yml",
}


@pytest.mark.parametrize(("kind", "text", "change", "what"), CASES, ids=[c[3] for c in CASES])
def test_the_schema_and_the_checker_give_the_same_verdict(
    make_story: MakeStory, kind: str, text: str, change: tuple[str, str], what: str
) -> None:
    old, new = change
    assert old in text
    changed = text.replace(old, new, 1)
    folder = make_story({FILES[kind]: changed})
    errors = [
        d
        for d in check(folder).diagnostics
        if d.severity is Severity.ERROR and d.file == FILES[kind] and d.code.value != "VK106"
    ]
    schema_says = schema_errors(kind, changed)
    assert bool(errors) == bool(schema_says), (what, [str(e) for e in errors], schema_says)
