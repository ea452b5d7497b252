"""Method lint: what the story files must do to follow the visioning method.

The method asks for mini-stories in full first-person sentences, every cluster
turned into stories, every complaint answered and all three kinds of
stakeholder in the room (REFERENCE.md, messages VK201 to VK206). Those are
warnings: a first draft may break them. The anonymity promise is not
negotiable, so a participant's real name in published text is an error
(VK110, in :mod:`visionkit.check.confidential`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from visionkit.check.confidential import confidential_names
from visionkit.diagnostics import Code, Diagnostic
from visionkit.fields import METHOD_KINDS
from visionkit.read.folder import StoryFolder

_FIRST_PERSON = re.compile(r"\b(i|me|my|mine|myself|we|us|our|ours|ourselves)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_CLOSERS = "\"'”’»)]"
_TERMINAL = ".!?…۔؟。！？"
MIN_WORDS = 3

Rule = Callable[[StoryFolder], Iterator[Diagnostic]]


def _trails(ch: str) -> bool:
    """A quote, a space, or part of an emoji or symbol (✓ 👍🏽 🇬🇧 and their
    selectors, joiners and tags): what may follow a sentence's last stop."""
    return (
        ch in _CLOSERS
        or ch.isspace()
        or unicodedata.category(ch) in ("So", "Sk")
        or ch in "\ufe0e\ufe0f\u200d\u20e3"
        or 0xE0020 <= ord(ch) <= 0xE007F
    )


def _without_trailing_symbols(text: str) -> str:
    """The text without what ``_trails``: "I can now breathe. 😀" ends with its stop."""
    end, keycap = len(text), False
    while end:
        ch = text[end - 1]
        if not (_trails(ch) or (keycap and ch in "0123456789#*")):
            break
        # 1️⃣ is a digit, a selector and the keycap: the digit goes with them.
        keycap = ch == "\u20e3" or (keycap and ch == "\ufe0f")
        end -= 1
    return text[:end]


def sentence_problems(text: str) -> list[str]:
    """Why ``text`` is not a full sentence, in words a workgroup understands."""
    problems = []
    if next((ch for ch in text if ch.isalpha()), "").islower():
        problems.append("start with a capital letter")
    if not _without_trailing_symbols(text).endswith(tuple(_TERMINAL)):
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


#: Rules that need every file loaded, or they would fire on a broken file's absence.
FOLDER_RULES: tuple[Rule, ...] = (_unresolved, _kinds)
FILE_RULES: tuple[Rule, ...] = (_stories, _agenda, confidential_names)


def lint(folder: StoryFolder, complete: bool = True) -> list[Diagnostic]:
    rules = FILE_RULES + (FOLDER_RULES if complete else ())
    return [diagnostic for rule in rules for diagnostic in rule(folder)]
