"""Method lint: what the story files must do to follow the visioning method.

The method asks for mini-stories in full first-person sentences, every cluster
turned into stories, every complaint answered and all three kinds of
stakeholder in the room (REFERENCE.md, messages VK201 to VK206). Those are
warnings: a first draft may break them. The anonymity promise is not
negotiable, so a participant's real name in published text is an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from visionkit.diagnostics import Code, Diagnostic
from visionkit.model import METHOD_KINDS
from visionkit.read.folder import StoryFolder
from visionkit.read.yamlsource import Node

_FIRST_PERSON = re.compile(r"\b(i|me|my|mine|myself|we|us|our|ours|ourselves)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_CLOSERS = "\"'”’»)]"
_TERMINAL = ".!?…۔؟。！？"
MIN_WORDS = 3

Rule = Callable[[StoryFolder], Iterator[Diagnostic]]


def sentence_problems(text: str) -> list[str]:
    """Why ``text`` is not a full sentence, in words a workgroup understands."""
    problems = []
    if next((ch for ch in text if ch.isalpha()), "").islower():
        problems.append("start with a capital letter")
    if not text.rstrip(_CLOSERS + " ").endswith(tuple(_TERMINAL)):
        problems.append("end with a full stop, '!' or '?'")
    if len(_WORD.findall(text)) < MIN_WORDS:
        problems.append(f"have at least {MIN_WORDS} words")
    return problems


def is_first_person(text: str) -> bool:
    return _FIRST_PERSON.search(text) is not None


def _stories(folder: StoryFolder) -> Iterator[Diagnostic]:
    for person in folder.people.values():
        node = folder.nodes[person.file]
        for t, theme in enumerate(person.themes):
            if not theme.stories:
                yield Diagnostic(
                    person.file,
                    node.find(("themes", t)),
                    Code.THEME_WITHOUT_STORY,
                    f"the theme '{theme.id}' has no mini-stories",
                    "add 'stories:' with at least one sentence such as 'I can now ...'",
                )
            for s, story in enumerate(theme.stories):
                problems = sentence_problems(story)
                first_person = is_first_person(story)
                if problems or not first_person:  # most stories are fine: no lookup
                    where = node.find(("themes", t, "stories", s))
                if problems:
                    yield Diagnostic(
                        person.file,
                        where,
                        Code.NOT_A_SENTENCE,
                        "this mini-story is not a full sentence",
                        "it should " + " and ".join(problems),
                    )
                if not first_person:
                    yield Diagnostic(
                        person.file,
                        where,
                        Code.NOT_FIRST_PERSON,
                        "this mini-story is not in the first person",
                        "write it as the group speaking, e.g. 'I can now ...' or "
                        "'We are able to ...'",
                    )


def _unresolved(folder: StoryFolder) -> Iterator[Diagnostic]:
    file, node = folder.vision_file, folder.nodes[folder.vision_file]
    resolved = folder.resolved_by()
    for index, problem in enumerate(folder.vision.problems):
        if not resolved.get(problem.id):
            yield Diagnostic(
                file,
                node.find(("problems", index)),
                Code.PROBLEM_UNRESOLVED,
                f"no theme resolves the problem '{problem.id}'",
                f"add '{problem.id}' to the 'resolves:' list of the theme that answers it",
            )


def _kinds(folder: StoryFolder) -> Iterator[Diagnostic]:
    present = {person.kind for person in folder.people.values()}
    for kind in METHOD_KINDS:
        if kind not in present:
            yield Diagnostic(
                "people/",
                None,
                Code.STAKEHOLDER_KIND_MISSING,
                f"no page has 'kind: {kind}'; the method needs service users, frontline "
                "staff and decision makers in the room",
                f"add a people file for the {kind} group",
            )


def _agenda(folder: StoryFolder) -> Iterator[Diagnostic]:
    file = folder.priorities_file
    if folder.priorities is None or file is None:
        return
    node = folder.nodes[file]
    for index, item in enumerate(folder.priorities.agenda):
        if not item.has_outcome:
            yield Diagnostic(
                file,
                node.find(("agenda", index)),
                Code.NO_OUTCOME_INDICATOR,
                f"the agenda item for '{item.priority}' has no outcome indicator",
                "add an indicator with 'measures: outcome': what changes for users, "
                "not only how fast the process runs",
            )


def _participant_pattern(names: list[str]) -> re.Pattern[str] | None:
    parts = [r"\s+".join(map(re.escape, name.split())) for name in names if name.split()]
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def confidential_names(folder: StoryFolder) -> Iterator[Diagnostic]:
    """Real participant names anywhere in text that would be published."""
    names = folder.vision.confidential.participants
    pattern = _participant_pattern(names)
    if pattern is None:
        return
    vision_file, vision_node = folder.vision_file, folder.nodes[folder.vision_file]
    hidden = {
        id(n) for n in vision_node.children.get("confidential", Node(vision_node.pos)).walk_text()
    }
    lowered = [" ".join(name.lower().split()) for name in names]
    for file, root in folder.nodes.items():
        # A people file's name is its published web address.
        texts = (
            [(root.pos, Path(file).stem.replace("-", " "))] if file.startswith("people/") else []
        )
        texts += [(n.pos, n.value or "") for n in root.walk_text() if id(n) not in hidden]
        for pos, text in texts:
            match = pattern.search(text)
            if match:
                which = lowered.index(" ".join(match[0].lower().split())) + 1
                yield Diagnostic(
                    file,
                    pos,
                    Code.CONFIDENTIAL_NAME,
                    f"this text contains the real name of a workshop participant (number "
                    f"{which} in confidential.participants of {vision_file})",
                    "participants are promised anonymity: use the persona's fictional name",
                )


#: Rules that need every file loaded, or they would fire on a broken file's absence.
FOLDER_RULES: tuple[Rule, ...] = (_unresolved, _kinds)
FILE_RULES: tuple[Rule, ...] = (_stories, _agenda, confidential_names)


def lint(folder: StoryFolder, complete: bool = True) -> list[Diagnostic]:
    rules = FILE_RULES + (FOLDER_RULES if complete else ())
    return [diagnostic for rule in rules for diagnostic in rule(folder)]
