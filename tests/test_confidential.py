"""VK110: a participant's real name is refused in every form a reader would recognise.

Issue 16 found names published when written with invisible characters inside
them, with `-`, `_` or `.` between the words, in an email address, inside
Markdown emphasis or a link, with an HTML character reference for the space,
as a picture's file name and as a theme id. Each of those has a test here
that failed before the check was rewritten (visionkit/check/confidential.py),
and two properties: any listed name, in any of those forms, anywhere it is
written, is refused; a name's letters inside longer words ("Ann" in
"Annual") are not.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
import textwrap
import unicodedata
from pathlib import Path

import pytest
from conftest import BASE, VISION, MakeStory, check, only, person, save_picture, where
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from visionkit import CheckResult, Diagnostic
from visionkit.check import confidential
from visionkit.check.confidential import MARKUP, Participants, rendered_text, visible_text, words
from visionkit.site.markup import render_markdown, render_print_markdown
from visionkit.slugs import slugify

NAMES = ["Joanne Whitfield", "Samuel Okoro", "Halina Zielinska", "Ann"]
VISION_NAMES = VISION.replace(
    "    - Jane Realperson\n", "".join(f"    - {name}\n" for name in NAMES)
)
MINI_STORY = "      - I can now tell my story once."
#: Where the adviser's mini-story, the value replacing MINI_STORY, starts.
AT_MINI_STORY = ("people/adviser.yml", 10, 9)


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar; invisible characters as \\u escapes."""
    inner = json.dumps(text, ensure_ascii=False)[1:-1]
    return (
        '"'
        + "".join(
            f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp") else c
            for c in inner
        )
        + '"'
    )


def vk110(result: CheckResult) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.code.value == "VK110"]


def adviser_saying(text: str) -> dict[str, str | bytes | None]:
    """The adviser's mini-story replaced by ``text``, with the participants listed."""
    return {
        "vision.yml": VISION_NAMES,
        "people/adviser.yml": person("staff").replace(MINI_STORY, f"      - {quoted(text)}"),
    }


# One test per form the issue found published ----------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "said"),
    [
        ("I can now meet Joanne Whit\u200bfield.", 1, "invisible characters"),  # zero-width space
        ("I can now meet Joanne Whit\u00adfield.", 1, "invisible characters"),  # soft hyphen
        ("I can now meet Joanne Whit\u2060field.", 1, "invisible characters"),  # word joiner
        ("I can now meet Joanne-Whitfield.", 1, "number 1 in"),
        ("I can now write to joanne_whitfield.", 1, "number 1 in"),
        ("I can now write to joanne.whitfield@council.example.", 1, "number 1 in"),
        ("I can now meet Samuel&#32;Okoro.", 2, "HTML character references"),
    ],
    ids=[
        "zero-width-space",
        "soft-hyphen",
        "word-joiner",
        "hyphen",
        "underscore",
        "email",
        "entity",
    ],
)
def test_a_name_in_a_mini_story(make_story: MakeStory, text: str, number: int, said: str) -> None:
    d = only(check(make_story(adviser_saying(text))), "VK110")
    assert where(d) == AT_MINI_STORY
    assert d.severity.value == "error"
    assert f"number {number} in confidential.participants of vision.yml" in d.message
    assert said in d.text
    assert d.fix is not None and "fictional name" in d.fix
    assert not any(word in d.text for name in NAMES for word in name.split() if len(word) > 3)


@pytest.mark.parametrize(
    ("story", "number", "said"),
    [
        ("We met Joanne **Whitfield** at the hub.", 1, "number 1 in"),
        ("We met [Halina](https://x.example) Zielinska at the hub.", 3, "Markdown"),
        ("We met Samuel&#32;Okoro at the hub.", 2, "HTML character references"),
        ("We met Joanne Whit*field* at the hub.", 1, "Markdown"),
    ],
    ids=["emphasis", "link", "entity", "emphasis-inside-a-word"],
)
def test_a_name_in_a_markdown_story(
    make_story: MakeStory, story: str, number: int, said: str
) -> None:
    text = person("staff") + f"story: {quoted(story)}\n"
    d = only(check(make_story({"vision.yml": VISION_NAMES, "people/adviser.yml": text})), "VK110")
    assert where(d) == ("people/adviser.yml", 12, 8)
    assert f"number {number} in" in d.message and said in d.text


def test_a_picture_named_after_a_participant(make_story: MakeStory) -> None:
    # Published as pictures/joanne-whitfield-<hash>-320.png and its other widths.
    text = person("staff").replace(
        "  role:", "  picture: pictures/joanne-whitfield.png\n  alt: A drawing\n  role:"
    )
    root = make_story({"vision.yml": VISION_NAMES, "people/adviser.yml": text})
    save_picture(root / "pictures/joanne-whitfield.png")
    result = check(root)
    d = only(result, "VK110")
    assert where(d) == ("people/adviser.yml", 5, 12)
    assert d.message.startswith("this picture's file name contains the real name")
    assert d.fix is not None and "rename the picture file" in d.fix
    assert len(result.errors) == 1  # the picture itself is fine


def test_a_theme_id_named_after_a_participant(make_story: MakeStory) -> None:
    text = person("staff").replace("id: one-door", "id: joanne-whitfield")
    d = only(check(make_story({"vision.yml": VISION_NAMES, "people/adviser.yml": text})), "VK110")
    assert where(d) == ("people/adviser.yml", 7, 9)
    assert d.message.startswith("this id contains the real name")
    assert d.fix is not None and "change it everywhere it is used" in d.fix


# More forms, found on the way ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I can now meet J\u043eanne Whitfield.",  # a Cyrillic o
        "I can now meet \u0408oanne Whitfi\u0435ld.",  # a Cyrillic J and e
        "I can now meet \uff2a\uff4f\uff41\uff4e\uff4e\uff45 Whitfield.",  # full-width letters
        "I can now meet \u2067Joanne\u2069 Whit\u200dfield.",  # an isolate and a joiner
        "I can now meet JOANNE WHITFIELD.",
        "I can now meet JoanneWhitfield.",
        "I can now meet Joanne\u00a0Whitfield.",  # a no-break space
    ],
    ids=["cyrillic-o", "cyrillic-j-e", "fullwidth", "bidi-isolate", "capitals", "joined", "nbsp"],
)
def test_a_name_in_other_forms(make_story: MakeStory, text: str) -> None:
    d = only(check(make_story(adviser_saying(text))), "VK110")
    assert where(d) == AT_MINI_STORY


def test_a_listed_name_with_accents_matches_without_them(make_story: MakeStory) -> None:
    vision = VISION.replace("Jane Realperson", "Zoë Ørsted-Łukasik")
    text = person("staff").replace("  name: Sam", "  name: Zoe Orsted Lukasik")
    result = check(make_story({"vision.yml": vision, "people/zoe-orsted-lukasik.yml": text}))
    found = sorted(where(d) for d in vk110(result))
    assert found == [
        ("people/zoe-orsted-lukasik.yml", 1, 1),
        ("people/zoe-orsted-lukasik.yml", 4, 9),
    ]


def test_a_log_file_and_a_log_entry(make_story: MakeStory) -> None:
    log = "project: P\ndate: 2026-01-01\ntool: Visioning\nwhat_happened: Samuel_Okoro led it.\n"
    result = check(make_story({"vision.yml": VISION_NAMES, "logs/samuel-okoro.yml": log}))
    found = sorted((where(d), d.message.split(" the real")[0]) for d in vk110(result))
    assert found == [
        (("logs/samuel-okoro.yml", 1, 1), "this file's name contains"),
        (("logs/samuel-okoro.yml", 4, 16), "this text contains"),
    ]


def test_a_people_file_named_after_a_participant(make_story: MakeStory) -> None:
    d = only(
        check(make_story({"vision.yml": VISION_NAMES, "people/ann.yml": person("other")})), "VK110"
    )
    assert where(d) == ("people/ann.yml", 1, 1)
    assert "web address" in d.message and d.fix is not None and "rename the file" in d.fix


def test_a_name_aliased_out_of_the_confidential_list_is_found_where_it_is_used(
    make_story: MakeStory,
) -> None:
    vision = VISION_NAMES.replace("    - Ann\n", "    - &who Ann\n") + "strapline: *who\n"
    d = only(check(make_story({"vision.yml": vision})), "VK110")
    assert where(d) == ("vision.yml", 15, 1)  # the 'strapline' key, not the list
    assert "number 4 in" in d.message


def test_two_names_in_one_text_are_both_numbered(make_story: MakeStory) -> None:
    d = only(check(make_story(adviser_saying("I can now see Ann and Samuel Okoro."))), "VK110")
    assert "numbers 2 and 4 in" in d.message and "names of" in d.message


def test_an_entry_with_no_word_keeps_the_numbers_of_the_others(make_story: MakeStory) -> None:
    vision = VISION_NAMES.replace("    - Joanne Whitfield\n", '    - "-"\n')
    d = only(
        check(make_story({**adviser_saying("I can now see Ann."), "vision.yml": vision})), "VK110"
    )
    assert "number 4 in" in d.message


def test_the_names_themselves_are_not_checked_against_each_other(make_story: MakeStory) -> None:
    assert vk110(check(make_story({"vision.yml": VISION_NAMES}))) == []


@pytest.mark.parametrize(
    "text",
    [
        "I can now read the Annual report.",
        "I can now see Joanne's plan and Whitfield Road.",  # neither is the whole name
        "I can now plan with Joannes Whitfields.",
        "I can now plan a banner, an annex and Hannah's day.",
        "I can now meet Joanne Whitfieldson.",
        "I can now meet J\u043eanna Whitfield.",  # a look-alike of another name
    ],
)
def test_a_name_inside_other_words_is_not_flagged(make_story: MakeStory, text: str) -> None:
    result = check(make_story(adviser_saying(text)))
    assert vk110(result) == []
    assert result.folder is not None  # the text was read and looked at
    assert result.folder.people["adviser"].themes[0].stories == [text]


def test_a_hidden_name_stops_the_build_and_publishes_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort
    from sites import build_site, copy_example

    folder = copy_example(tmp_path)
    amira = folder / "stories/people/amira.yml"
    amira.write_text(amira.read_text().replace("Amira", "Joanne Whit\u00adfield", 1))
    with pytest.raises(Abort):
        build_site(folder)
    assert "error VK110" in caplog.text and "stories/people/amira.yml:" in caplog.text
    assert "Whitfield" not in caplog.text
    assert not (folder / "site").exists()
    assert [p.name for p in folder.iterdir() if p.name.startswith(".site")] == []


def test_a_plain_field_is_read_without_its_markdown_marks_and_never_rendered(
    make_story: MakeStory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_rendering(text: str) -> str:
        raise AssertionError("a plain field was rendered as Markdown")

    monkeypatch.setattr(confidential, "_render", no_rendering)
    text = person("staff").replace("  name: Sam", '  name: "[Halina](https://x.example) Zielinska"')
    text = text.replace("  role: Someone", "  role: Joanne Whit**field**, someone")
    result = check(make_story({"vision.yml": VISION_NAMES, "people/adviser.yml": text}))
    found = sorted((where(d), d.message) for d in vk110(result))
    assert [place for place, _ in found] == [
        ("people/adviser.yml", 4, 9),
        ("people/adviser.yml", 5, 9),
    ]
    assert all("around Markdown marks" in message for _, message in found)
    assert confidential.Participants(["X Y"]).in_text("[" * 20000 + "X Y") == {1}


def test_the_markdown_fields_are_the_ones_the_templates_render() -> None:
    """The check renders the fields the site renders as Markdown (MARKDOWN_FIELDS)."""
    templates = Path(confidential.__file__).parent.parent / "templates"
    rendered = {
        match
        for path in templates.rglob("*.html")
        for match in re.findall(r"([\w.]+) \| visionkit_markdown", path.read_text())
    }
    # Each template name for a Markdown field, and that field's key path.
    fields = {
        "vision.summary": ("summary",),
        "problem.detail": ("problems", None, "detail"),
        "person.story": ("story",),
        "entry.text": ("day", None, "text"),
        # A progress report's (FORMAT 1.1): its page, its PDF, the reports page's
        # opening of its summary, its evidence on the people and themes pages.
        "report.summary": ("summary",),
        "summary.opening": ("summary",),
        "report.next": ("next",),
        "story.evidence.story": ("evidence", None, "story"),
        "first.evidence.story": ("evidence", None, "story"),
        "sighting.evidence.story": ("evidence", None, "story"),
    }
    assert rendered == set(fields), "a new Markdown field: add it to MARKDOWN_FIELDS"
    assert set(confidential.MARKDOWN_FIELDS) == set(fields.values())


# What the check reads is what the site shows -------------------------------------------

_MARKDOWN_PIECES = st.sampled_from(
    [
        "Joanne",
        "Whitfield",
        " ",
        "\n",
        "\n\n",
        "*",
        "**",
        "_",
        "__",
        "`",
        "[",
        "]",
        "(",
        ")",
        "![",
        "<",
        ">",
        "&",
        "&#32;",
        "&amp;",
        "&nbsp;",
        "#",
        "> ",
        "- ",
        "1. ",
        "\\",
        "https://x.example",
        "javascript:alert(1)",
        '"',
        "'",
        ":",
        "<b>",
        "</b>",
        "<https://x.example>",
        "    ",
        "\u200b",
        "é",
        "[a]: https://y.example\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKDOWN_PIECES, max_size=14).map("".join))
def test_the_check_reads_markdown_as_the_site_shows_it(text: str) -> None:
    """The check renders Markdown with its own Python-Markdown (it sits below the site's
    layer): the words it reads are the words the page and the handout show."""
    checked = words(rendered_text(text))
    assert checked == words(visible_text(str(render_markdown(text))))
    assert checked == words(visible_text(str(render_print_markdown(text))))
    if not MARKUP.search(text):
        # Text without Markdown punctuation is read as typed, unrendered: it shows the
        # same words, less an ordered list's numbers (which the page shows as markers).
        typed = words(text)
        left = iter(typed)
        assert all(word in left for word in checked), (checked, typed)
        assert all(w.isdigit() for w in typed if w not in checked)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_words_are_the_general_words(text: str) -> None:
    general = "".join(
        c.lower() if c.isalnum() else " " for c in unicodedata.normalize("NFKD", text)
    ).split()
    assert words(text) == general


def test_letters_slugify_spells_out_are_read_alike() -> None:
    for letter in "ßæøœłđðþıÆØŒŁĐÐÞ":
        assert words(letter) == [slugify(letter)], letter


# Properties: any name, any form, anywhere ----------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzáàâäãåçéèêëíìîïñóòôöõúùûüýÿłøßćńśźżčšžřěůőű"
_WORD = st.text(alphabet=_LETTERS, min_size=2, max_size=9).map(lambda w: w[0].upper() + w[1:])
_NAME = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
#: Zero-width space, non-joiner and joiner, word joiner, soft hyphen, direction marks,
#: embeddings, overrides and isolates, and the byte order mark (zero-width no-break space).
_INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_INVISIBLE += "\u2066\u2067\u2068\u2069\ufeff"
_LOOKALIKE = {
    "a": "а",
    "c": "с",
    "e": "е",
    "o": "о",
    "p": "р",
    "x": "х",
    "y": "у",
    "i": "і",
    "j": "ј",
    "s": "ѕ",
}


@st.composite
def disguised(draw: st.DrawFn, name: str, markup: bool) -> str:
    """``name`` as someone might write it: every disguise the issue lists, mixed."""
    parts = name.split(" ")
    case = draw(st.sampled_from([str, str.lower, str.upper, str.title, str.swapcase]))
    parts = [case(part) for part in parts]
    if draw(st.booleans()):  # an NFKC-equivalent form: full-width letters, or decomposed
        if draw(st.booleans()):
            parts = [
                "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else c for c in p)
                for p in parts
            ]
        else:
            parts = [unicodedata.normalize("NFD", p) for p in parts]
    if draw(st.booleans()):  # a look-alike letter from another alphabet
        i = draw(st.integers(0, len(parts) - 1))
        parts[i] = "".join(_LOOKALIKE.get(c, c) for c in parts[i])
    for _ in range(draw(st.integers(0, 3))):  # invisible characters inside the words
        i = draw(st.integers(0, len(parts) - 1))
        at = draw(st.integers(0, len(parts[i])))
        parts[i] = parts[i][:at] + draw(st.sampled_from(_INVISIBLE)) + parts[i][at:]
    if markup and draw(st.booleans()):  # Markdown around one word
        i = draw(st.integers(0, len(parts) - 1))
        wrap = draw(st.sampled_from(["**{}**", "*{}*", "_{}_", "`{}`", "[{}](https://x.example)"]))
        parts[i] = wrap.format(parts[i])
    if markup and draw(st.booleans()):  # an HTML character reference for a letter
        i = draw(st.integers(0, len(parts) - 1))
        at = draw(st.integers(0, len(parts[i]) - 1))
        if parts[i][at].isalpha():
            parts[i] = parts[i][:at] + f"&#{ord(parts[i][at])};" + parts[i][at + 1 :]
    separators = [" ", "-", "_", ".", " - ", "\u00a0", "  ", "\u3000"]
    if markup:
        separators += ["&#32;", "&nbsp;", "&#x20;"]
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(separators)) + part
    return text


@st.composite
def slug_like(draw: st.DrawFn, name: str) -> str:
    """``name`` as an id or a file name: its slug, or its words joined by -, _ or ."""
    if draw(st.booleans()):
        return slugify(name)
    joiner = draw(st.sampled_from(["-", "_", "."]))
    return joiner.join(slugify(word) for word in name.split(" "))


PLACES = [
    "mini-story",
    "quote",
    "persona name",
    "day text",
    "log entry",
    "theme id",
    "people file",
    "picture file",
]


def _write_folder(root: Path, names: list[str], place: str, value: str) -> tuple[str, int, int]:
    """A story folder listing ``names``, with ``value`` written at ``place``: where VK110
    must point."""
    files = {**BASE}
    files["vision.yml"] = VISION.replace(
        "    - Jane Realperson\n", "".join(f"    - {quoted(n)}\n" for n in names)
    )
    adviser = person("staff")
    target, at = "people/adviser.yml", (1, 1)
    if place == "mini-story":
        adviser, at = adviser.replace(MINI_STORY, f"      - {quoted(value)}"), (10, 9)
    elif place == "quote":
        adviser, at = adviser + f"quote: {quoted(value)}\n", (12, 8)
    elif place == "persona name":
        adviser, at = adviser.replace("  name: Sam", f"  name: {quoted(value)}"), (4, 9)
    elif place == "day text":
        adviser += f"day:\n  - time: '09:00'\n    text: {quoted(value)}\n"
        at = (14, 11)
    elif place == "theme id":
        adviser, at = adviser.replace("id: one-door", f"id: {quoted(value)}"), (7, 9)
    elif place == "log entry":
        target, at = "logs/workshop.yml", (4, 16)
        files[target] = f"project: P\ndate: 2026-01-01\ntool: T\nwhat_happened: {quoted(value)}\n"
    elif place == "people file":
        target = f"people/{value}.yml"
        files[target] = person("other")
    elif place == "picture file":
        path = f"pictures/{value}.png"
        adviser = adviser.replace("  role:", f"  picture: {quoted(path)}\n  alt: A\n  role:")
        at = (5, 12)
        save_picture(root / path)
    files["people/adviser.yml"] = adviser
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(content), encoding="utf-8")
    return (target, *at)


_NUMBERS = re.compile(r"numbers? ([\d, and]+) in confidential")


def numbers(d: Diagnostic) -> set[int]:
    match = _NUMBERS.search(d.message)
    assert match, d.message
    return {int(n) for n in re.findall(r"\d+", match[1])}


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), names=st.lists(_NAME, min_size=1, max_size=3), place=st.sampled_from(PLACES))
def test_any_listed_name_in_any_form_is_refused_wherever_it_is_written(
    tmp_path: Path, data: st.DataObject, names: list[str], place: str
) -> None:
    listed = data.draw(st.integers(0, len(names) - 1))
    name = names[listed]
    if place in ("theme id", "people file", "picture file"):
        value = data.draw(slug_like(name))
    else:
        value = data.draw(disguised(name, markup=True))
        if place == "mini-story":
            value = f"I can now see {value} today."
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        root = Path(folder) / "stories"
        expected = _write_folder(root, names, place, value)
        found = [d for d in vk110(check(root)) if where(d) == expected]
    assert found, f"{value!r} as the {place} was not refused"
    same = {n for n, other in enumerate(names, 1) if words(other) == words(name)}
    assert numbers(found[0]) & same, found[0].message


@st.composite
def not_the_name(draw: st.DrawFn, name: str) -> str:
    """``name``'s words, each inside a longer word: the letters are there, the name is not."""
    out = []
    for word in name.split(" "):
        before = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=3))
        after = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=3))
        assume(before or after)
        out.append(before + word + after)
    return " ".join(out)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), name=_NAME)
def test_a_name_inside_longer_words_is_never_flagged(data: st.DataObject, name: str) -> None:
    participants = Participants([name])
    text = data.draw(not_the_name(name))
    # The one exception by design: the name's words run together are the name.
    assume("".join(words(name)) not in words(text))
    assert participants.in_text(f"I can now see {text} today.") == set()
    assert participants.in_text(slugify(text)) == set()
    assert participants.in_text(f"pictures/{slugify(text)}.png") == set()
    assert participants.in_text(html.escape(f"**{text}**")) == set()
