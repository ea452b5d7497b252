"""VK110: no workshop participant's real name in anything a site publishes.

``confidential.participants`` in vision.yml lists the real names of the people
in the room; the method promises them anonymity, so a published text that
holds one is an error and the build stops (REFERENCE.md, VK110). "Holds" means
what a reader would recognise, not only the bytes as typed:

* what is shown: each value is looked at as typed, with its HTML character
  references decoded (``Samuel&#32;Okoro``), with a web address's %-escapes
  read, without Markdown's marks and link addresses (``Joanne Whit**field**``,
  ``[Halina](https://x.example) Zielinska``), and, for the Markdown fields,
  as the text their page shows: rendered by the same Python-Markdown, set up
  as the site's renderer is (tests/test_confidential.py proves the two show
  the same words), plus the link addresses, titles and image texts it keeps.
  (Plain fields are escaped on their pages, so their marks show as typed;
  reading them without the marks too is on the safe side.)
* in words: Unicode compatibility forms are folded (NFKD: full-width letters,
  ligatures, mathematical letters), invisible format characters are dropped
  (zero-width spaces and joiners, soft hyphens, word joiners, direction
  marks: Unicode's default-ignorable characters), case is folded, accents are
  dropped (``Zielińska`` is ``Zielinska``), letters of other alphabets that
  look like Latin letters are read as those (a Cyrillic ``е`` in ``Joanne``;
  the look-alikes are Unicode's confusables data, from the
  ``confusable-homoglyphs`` package), and every run of anything else (spaces,
  ``-``, ``_``, ``.``, ``@``, ``/``, Markdown's ``*``) separates words;
* as a whole word or words: "Ann" is found in "Ann's" and ``ann.lee@x``, never
  in "Annual". A name's words run together ("JoanneWhitfield") count too, as
  does its slug (``joanne-whitfield``, as :func:`visionkit.slugs.slugify`
  makes it: ``O'Brien`` is ``obrien``).

Every scalar of every story file is looked at (ids, picture paths and the
``resolves`` lists included: ids and picture names end up in web addresses and
file names), and so are the names of the people files (each is its page's web
address), the log files and the progress reports (each its report's address),
and measures.csv's sources and notes (a report may print them beside its
numbers). Only ``confidential`` itself is skipped.
Messages name the participant by their number in the list, never by name.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from visionkit.diagnostics import Code, Diagnostic, Position
from visionkit.read.folder import StoryFolder
from visionkit.read.markdown import convert, story_markdown
from visionkit.read.texts import MARKDOWN_FIELDS
from visionkit.read.yamlsource import Node
from visionkit.slugs import slugify

if TYPE_CHECKING:
    import markdown

Path_ = tuple[str | int, ...]

_ASCII_WORD = re.compile(r"[a-z0-9]+")
#: Any character Markdown could turn into markup, or an entity: a Markdown field without
#: any shows the words it was typed with, and is not rendered (see the tests).
MARKUP = re.compile(r"[\\`*_\[<&]")
_APOSTROPHES = str.maketrans("", "", "'’`ʼ")
#: Default-ignorable code points that are not format characters (Cf, dropped by category):
#: the combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian free
#: variation selectors and the variation selectors.
_IGNORABLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
#: The accents shared by the Latin, Greek and Cyrillic alphabets; marks of other scripts
#: (Devanagari vowel signs, Arabic harakat) are part of their letters and are kept.
_DIACRITICS: tuple[range, ...] = (range(0x300, 0x370), range(0x1AB0, 0x1B00))
_DIACRITICS += (range(0x1DC0, 0x1E00), range(0x20D0, 0x2100), range(0xFE20, 0xFE30))
#: Letters NFKD does not take apart, read as slugify reads them (slugs.py).
_LATIN = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
#: Scripts whose letters are drawn like Latin ones in running text: a letter of these
#: that Unicode lists as confusable with an ASCII letter is read as that letter. (Arabic
#: letters join their neighbours and never pass for Latin ones in a word.)
_LOOKALIKE_SCRIPTS = frozenset({"GREEK", "CYRILLIC", "ARMENIAN", "CHEROKEE", "COPTIC", "LISU"})


@cache
def _confusables() -> Any:
    """Unicode's confusables (UTS #39 data), loaded on the first letter that needs them."""
    from confusable_homoglyphs import confusables

    return confusables


@lru_cache(maxsize=4096)
def _lookalike(char: str) -> str:
    """The ASCII letter a Greek, Cyrillic, ... letter passes for, or the letter itself."""
    if unicodedata.name(char, "").partition(" ")[0] not in _LOOKALIKE_SCRIPTS:
        return char
    found = _confusables().is_confusable(char, greedy=True, preferred_aliases=["latin"])
    for glyph in (h["c"] for h in found[0]["homoglyphs"]) if found else ():
        if len(glyph) == 1 and glyph.isascii() and glyph.isalpha():
            # Unicode reads a capital I as a small L; a capital look-alike is a capital I.
            return "I" if glyph == "l" and char.isupper() else str(glyph)
    return char


@lru_cache(maxsize=8192)
def _fold(char: str) -> str:
    """One character of NFKD text as part of a word: folded, dropped, or a space."""
    if char.isascii():
        return char.lower() if char.isalnum() else " "
    category = unicodedata.category(char)
    if category == "Cf" or char in _IGNORABLE:
        return ""  # invisible: zero-width, joiners, soft hyphen, direction marks
    if category[0] == "M":
        return "" if any(ord(char) in block for block in _DIACRITICS) else char
    if category[0] not in "LN":
        return " "
    char = _LATIN.get(char.lower(), char)
    if len(char) == 1 and category[0] == "L":
        char = _lookalike(char)
    folded = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in folded if not any(ord(c) in block for block in _DIACRITICS))


def words(text: str) -> list[str]:
    """``text``'s words as a reader tells them apart: folded, with separators dropped.

    "Joanne-Whitfield", "joanne_whitfield", "Ｊｏａｎｎｅ Whit\\u00adfield" and
    "Jоanne Whitfield" (a Cyrillic o) all give ``["joanne", "whitfield"]``.
    """
    if text.isascii():  # the common case, and the same words as the general one
        return _ASCII_WORD.findall(text.lower())
    return "".join(map(_fold, unicodedata.normalize("NFKD", text))).split()


def _invisible(text: str) -> bool:
    return any(unicodedata.category(c) == "Cf" or c in _IGNORABLE for c in text)


# What a text shows ------------------------------------------------------------------


@cache
def _markdown() -> markdown.Markdown:
    """Python-Markdown as the site reads a story (read.markdown.story_markdown).

    The site's renderer also pushes headings down a level, drops attributes,
    turns unsafe links into plain text and images into their alt text: none
    of that changes the words shown, which :func:`shown` takes from
    the HTML (alt texts, link addresses and titles included).
    """
    return story_markdown()


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
_ATTRIBUTE = re.compile(r'\b(?:href|title|alt)="([^"]*)"')
_ALT = re.compile(r'\balt="([^"]*)"')


def visible_text(page_html: str) -> str:
    """The text an HTML fragment shows (an image shows its alt text)."""

    def tag(match: re.Match[str]) -> str:
        alt = _ALT.search(match[3]) if match[2].lower() == "img" else None
        return alt[1] if alt else ""

    return html.unescape(_TAG.sub(tag, page_html))


def _render(text: str) -> str:
    md = _markdown()
    return convert(md, text)


def rendered_text(text: str) -> str:
    """The text a Markdown field shows on its page."""
    return visible_text(_render(text))


#: A Markdown link's or image's address and title, and the marks of emphasis and code:
#: a plain field shows them as typed, so they are read without them too.
_LINK_TARGET = re.compile(r"\]\([^()]{0,500}\)")  # bounded: linear time on any text
_MARKS = str.maketrans("", "", "*_`~\\")


def shown(text: str, markdown: bool = False) -> list[tuple[str, str]]:
    """The forms in which a reader could meet ``text``, each with how it differs from
    the text as typed (for the message): as typed; with its HTML character references
    read (``Samuel&#32;Okoro``); with a web address's %-escapes read; without its
    Markdown marks (``Joanne Whit**field**``, ``[Halina](https://x.example)
    Zielinska``); and, for a Markdown field (``markdown``), as its page shows it, with
    the link addresses, titles and image texts the rendering keeps.

    A plain field is escaped on its page, so its marks show as typed: reading it without
    them too is on the safe side, and needs no rendering. Only Markdown fields are
    rendered, as the site renders them (through :func:`visionkit.read.markdown.convert`,
    which keeps Markdown's cost linear), and only when they hold Markdown's punctuation.
    """
    found = [("", text)]
    if "&" in text:
        found.append(("entity", html.unescape(text)))
    if "%" in text:
        found.append(("address", unquote(html.unescape(text))))
    if MARKUP.search(text) or "~" in text:
        if markdown:
            rendered = _render(text)
            found.append(("markdown", visible_text(rendered)))
            found += [("markdown", html.unescape(a)) for a in _ATTRIBUTE.findall(rendered)]
        unlinked = _LINK_TARGET.sub("", html.unescape(text))
        found += [("marks", unlinked), ("marks", unlinked.translate(_MARKS))]
    return found


_HOW = {
    "entity": "once its HTML character references (such as &#32;) are read",
    "address": "once its web address's %-escapes are read",
    "marks": "around Markdown marks (emphasis, code or a link's address)",
    "markdown": "once its Markdown (emphasis, code, a link) is shown as the page shows it",
}
_INVISIBLE = (
    "with invisible characters in it (such as a zero-width space, a soft hyphen, a word "
    "joiner or a direction mark)"
)
_LOOKALIKE = "with look-alike, accented or full-width letters"


# Finding the names ------------------------------------------------------------------


@dataclass
class Participants:
    """The confidential names, each as every word sequence that would give it away."""

    names: Sequence[str]
    #: Word sequence -> the numbers (1-based) of the names it gives away.
    forms: dict[tuple[str, ...], set[int]] = field(default_factory=dict)
    #: First word -> the forms starting with it (a text's words are looked up here).
    starts: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    #: The ASCII first words anywhere in a lower-case text: an ASCII text without any
    #: of them cannot show a name, and most texts are passed over on this alone.
    _ascii_starts: re.Pattern[str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        for number, name in enumerate(self.names, 1):
            for form in self._forms(name):
                self.forms.setdefault(form, set()).add(number)
        for form in self.forms:
            self.starts.setdefault(form[0], []).append(form)
        firsts = sorted((w for w in self.starts if w.isascii()), key=len, reverse=True)
        if firsts:
            self._ascii_starts = re.compile("|".join(map(re.escape, firsts)))

    @staticmethod
    def _forms(name: str) -> set[tuple[str, ...]]:
        spelt = [words(name), words(name.translate(_APOSTROPHES)), slugify(name).split("-")]
        found = {tuple(w) for w in spelt if w and w != [""]}
        return found | {("".join(form),) for form in found if len(form) > 1}

    def in_words(self, found: list[str]) -> set[int]:
        """The numbers of the names whose words stand in ``found`` as whole words."""
        numbers: set[int] = set()
        starts = self.starts
        if starts.keys().isdisjoint(found):
            return numbers
        for i, word in enumerate(found):
            for form in starts.get(word, ()):
                if tuple(found[i : i + len(form)]) == form:
                    numbers |= self.forms[form]
        return numbers

    def _in_form(self, form: str) -> set[int]:
        if form.isascii():
            lowered = form.lower()
            if self._ascii_starts is None or not self._ascii_starts.search(lowered):
                return set()
            return self.in_words(_ASCII_WORD.findall(lowered))
        return self.in_words(words(form))

    def in_text(self, text: str, markdown: bool = False) -> set[int]:
        """The numbers of the names ``text`` gives away, in any form it could be shown
        (``markdown``: as the Markdown field it is, too)."""
        numbers: set[int] = set()
        for _, form in shown(text, markdown):
            numbers |= self._in_form(form)
        return numbers

    def how(self, text: str, markdown: bool = False) -> str:
        """How the names found in ``text`` hide in it, for the message (empty when they
        are there as typed): the ways of the first forms that show each of them."""
        reasons: list[str] = []
        left = self.in_text(text, markdown)
        for way, form in shown(text, markdown):
            found = self._in_form(form) & left
            if not found:
                continue
            left -= found
            visible = "".join(c for c in form if not _invisible(c))
            if _invisible(form):
                reasons.append(_INVISIBLE)
            if not self.in_words(_ASCII_WORD.findall(visible.lower())) & found:
                reasons.append(_LOOKALIKE)
            if way:
                reasons.append(_HOW[way])
        return "".join(", " + reason for reason in dict.fromkeys(reasons))


# Where text is published ------------------------------------------------------------


def _values(root: Node, skip: str | None) -> Iterator[Node]:
    """Every scalar below ``root`` but those under its key ``skip``, each once (a YAML
    alias shares its anchor's node), in no particular order."""
    if skip is None or skip not in root.children:
        yield from root.walk_text()
        return
    seen: set[int] = set()
    for key, child in root.children.items():
        if key != skip:
            for node in child.walk_text():
                if id(node) not in seen:
                    seen.add(id(node))
                    yield node


def _place(root: Node, target: Node, skip: str | None) -> tuple[Path_, Position]:
    """Where ``target`` is used below ``root`` (outside ``skip``): its key path, and its
    position, which for a value aliased out of ``skip`` is the key it is used under.
    Asked only of a value holding a name, so a plain search is quick enough."""
    hidden = {id(n) for n in root.children[skip].walk_text()} if skip in root.children else set()
    stack: list[tuple[Node, Path_]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        for key, child in node.children.items():
            if not path and key == skip:
                continue
            if child is target:
                if id(child) in hidden:  # an alias of a confidential name: where it is used
                    pos = node.keys.get(key, node.pos) if isinstance(key, str) else node.pos
                    return (*path, key), pos
                return (*path, key), child.pos
            stack.append((child, (*path, key)))
    return (), target.pos


def _markdown_values(root: Node) -> set[int]:
    """The nodes of ``root``'s Markdown fields, by ``id``."""
    found: set[int] = set()
    for path in MARKDOWN_FIELDS:
        nodes = [root]
        for step in path:
            nodes = [
                child
                for node in nodes
                for key, child in node.children.items()
                if key == step or (step is None and isinstance(key, int))
            ]
        found.update(id(node) for node in nodes)
    return found


def _kind(path: Path_) -> str:
    last = path[-1] if path else None
    if last in ("picture", "logo"):
        return "picture"
    if last in ("id", "priority") or (len(path) > 1 and path[-2] == "resolves"):
        return "id"
    if len(path) > 3 and path[-4] == "evidence" and path[-2] in ("themes", "indicators"):
        return "id"
    return "text"


_FIX = "participants are promised anonymity: "
_FIXES = {
    "text": _FIX + "write the persona's fictional name, or a role such as 'an adviser'",
    "id": _FIX + "ids are published in web addresses and links; choose one that names no one "
    "and change it everywhere it is used",
    "picture": _FIX + "a picture's file name is published with it; rename the picture file "
    "and write its new path here",
    "people": _FIX + "rename the file, since its name is the page's web address "
    "(stories/NAME/) and the handout's (handouts/NAME.pdf)",
    "logs": _FIX + "rename the file",
    "reports": _FIX + "rename the file, since its name is the report's web address "
    "(reports/PERIOD/) and its PDF's",
    "cell": _FIX + "write a role such as 'an adviser' in the cell, or leave the name out",
}
_RETYPE = "; the text holds invisible characters, so delete the words and type them again"
_WHAT = {
    "text": "this text contains",
    "id": "this id contains",
    "picture": "this picture's file name contains",
    "people": "this file's name, the page's web address, contains",
    "logs": "this file's name contains",
    "reports": "this file's name, the report's web address, contains",
    "cell": "this cell contains",
}


def _numbers(found: Iterable[int]) -> str:
    ordered = sorted(found)
    if len(ordered) == 1:
        return f"number {ordered[0]}"
    return "numbers " + ", ".join(map(str, ordered[:-1])) + f" and {ordered[-1]}"


def _diagnostic(
    participants: Participants,
    file: str,
    pos: Position,
    kind: str,
    text: str,
    found: set[int],
    vision_file: str,
    markdown: bool = False,
) -> Diagnostic:
    how = participants.how(text, markdown)
    whose = "names of workshop participants" if len(found) > 1 else "name of a workshop participant"
    return Diagnostic(
        file,
        pos,
        Code.CONFIDENTIAL_NAME,
        f"{_WHAT[kind]} the real {whose} ({_numbers(found)} in "
        f"confidential.participants of {vision_file}){how}",
        _FIXES[kind] + (_RETYPE if "invisible" in how else ""),
    )


def name_in_text(
    participants: Participants,
    file: str,
    pos: Position,
    text: str,
    vision_file: str,
    markdown: bool = False,
) -> Diagnostic | None:
    """VK110 for one published text kept outside the story files (a translation in a
    catalogue), or None when it names no participant."""
    found = participants.in_text(text, markdown)
    if not found:
        return None
    return _diagnostic(participants, file, pos, "text", text, found, vision_file, markdown)


def confidential_names(folder: StoryFolder) -> Iterator[Diagnostic]:
    """Real participant names anywhere that would be published (VK110)."""
    # Every entry keeps its number, even one with no word to find (such as "-").
    participants = Participants(folder.vision.confidential.participants)
    if not participants.forms:
        return
    vision_file = folder.vision_file
    for file, root in folder.nodes.items():
        folder_name = PurePosixPath(file).parts[0] if "/" in file else ""
        if folder_name in ("people", "logs", "reports"):
            stem = PurePosixPath(file).stem
            found = participants.in_text(stem)
            if found:
                yield _diagnostic(
                    participants, file, Position(1, 1), folder_name, stem, found, vision_file
                )
        skip = "confidential" if file == vision_file else None
        markdown = _markdown_values(root)
        for node in _values(root, skip):
            text, rendered = node.value or "", id(node) in markdown
            found = participants.in_text(text, rendered)
            if found:
                path, pos = _place(root, node, skip)
                kind = _kind(path)
                yield _diagnostic(participants, file, pos, kind, text, found, vision_file, rendered)
    yield from _readings(folder, participants)


def _readings(folder: StoryFolder, participants: Participants) -> Iterator[Diagnostic]:
    """measures.csv's sources and notes: a report may print them beside the numbers."""
    for reading in folder.readings if folder.measures_file else ():
        for column, text in (("source", reading.source), ("note", reading.note or "")):
            found = participants.in_text(text)
            if found:
                found_in = _diagnostic(
                    participants,
                    folder.measures_file or "",
                    Position(reading.line, 1),
                    "cell",
                    text,
                    found,
                    folder.vision_file,
                )
                yield replace(
                    found_in, message=f"row {reading.row}, the {column}: {found_in.message}"
                )
