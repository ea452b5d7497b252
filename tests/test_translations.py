"""Translation catalogues (stories/translations/LL.po): the translator's workflow.

Export, a translator's tool filling it in, the story files changing, export
again: no translation is ever lost, and `visionkit check` says what is left
to translate, at its line in the catalogue. The catalogue is filled with polib
here, as Poedit or a translation service's tool would fill it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from conftest import BASE, MakeStory, check, only, where
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visionkit.authoring.translate import TranslateError, plan_export, write_export
from visionkit.cli import cli
from visionkit.read.catalogue import parse_catalogue, translations_for
from visionkit.read.loader import load
from visionkit.read.texts import published_texts

CY = Path("translations/cy.po")


def export(root: Path, language: str = "cy") -> str:
    """Export the catalogue; its text."""
    write_export(plan_export(root, language))
    return (root / "translations" / f"{language}.po").read_text(encoding="utf-8")


def fill(path: Path, translate: Callable[[polib.POEntry], str | None]) -> None:
    """A translator's tool: each current entry's translation, fuzzy marks cleared."""
    po = polib.pofile(str(path), wrapwidth=78)
    for entry in po:
        if entry.obsolete:
            continue
        found = translate(entry)
        if found is not None:
            entry.msgstr = found
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
                entry.previous_msgctxt = entry.previous_msgid = None
    po.save()


def welsh(entry: polib.POEntry) -> str:
    return f"CY {entry.msgid}"


def line_of(text: str, needle: str, after: int = 0) -> int:
    """The 1-based number of the first line from ``after`` holding ``needle``."""
    for number, line in enumerate(text.split("\n"), 1):
        if number > after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not found")


def codes(root: Path) -> list[str]:
    return [d.code.value for d in check(root).diagnostics]


def story_with(stories: list[str]) -> str:
    listed = "".join(f"      - {json.dumps(s, ensure_ascii=False)}\n" for s in stories)
    return (
        "group: Residents\nkind: user\npersona:\n  name: Sam\n  role: Someone\nthemes:\n"
        "  - id: one-door\n    title: One front door\n    stories:\n" + listed
    )


# What is exported -------------------------------------------------------------------


def test_every_published_text_is_an_entry_with_its_place_and_line(make_story: MakeStory) -> None:
    root = make_story()
    text = export(root)
    po = polib.pofile(text)
    contexts = {e.msgctxt: e for e in po}
    story = contexts["people/resident.yml:themes[one-door].stories[0]"]
    assert story.msgid == "I can now tell my story once."
    assert story.occurrences == [("people/resident.yml", "10")]
    source_line = (root / "people/resident.yml").read_text().split("\n")[9]
    assert "I can now tell my story once." in source_line
    assert contexts["vision.yml:problems[tell-again].text"].msgid.startswith("I have to tell")
    assert contexts["vision.yml:partners[1].name"].msgid == "Northfield Health Trust"
    assert "a quote, mini-story, post-it or postcard" in story.comment
    # One entry per text; ids, kinds and the participants are never exported.
    assert len(po) == len(list(published_texts(load(root).folder))) == len(contexts)
    assert "Jane Realperson" not in text
    assert 'msgid "tell-again"' not in text and 'msgid "user"' not in text
    assert "Language: cy" in text and "nplurals=6" in text


def test_ids_name_list_items_so_reordering_themes_keeps_every_context(
    make_story: MakeStory,
) -> None:
    two = """\
        group: Residents
        kind: user
        persona: {name: Sam, role: Someone}
        themes:
          - id: first
            title: First theme
            stories: [I can now do one thing.]
          - id: second
            title: Second theme
            stories: [I can now do another thing.]
        day:
          - {time: "08:30", text: Sam wakes up.}
          - {time: Evening, text: Sam rests.}
        """
    root = make_story({"people/resident.yml": two})
    before = {t.context for t in published_texts(load(root).folder)}
    assert "people/resident.yml:themes[second].stories[0]" in before
    assert "people/resident.yml:day[1].time" in before  # a word is translated...
    assert "people/resident.yml:day[0].time" not in before  # ...a clock time is not
    swapped = two.replace("first", "TMP").replace("second", "first").replace("TMP", "second")
    (root / "people/resident.yml").write_text(textwrap.dedent(swapped), encoding="utf-8")
    assert {t.context for t in published_texts(load(root).folder)} == before


# The round trip ---------------------------------------------------------------------

_SPECIALS = ['"', "\\", "\n", "\t", "\u2028", "😀", "👩‍👩‍👧", "ŵ", '#~ msgid "x"', "%s", "{0}"]
_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"))
_TEXT = st.lists(st.one_of(_CHARS, st.sampled_from(_SPECIALS)), min_size=1, max_size=60).map(
    "".join
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=4))
def test_export_fill_and_export_again_keeps_every_translation(
    make_story: MakeStory, pairs: list[tuple[str, str]]
) -> None:
    root = make_story({"people/resident.yml": story_with([f"A {s}" for s, _ in pairs])})
    shutil.rmtree(root / "translations", ignore_errors=True)
    folder = load(root).folder
    assert folder is not None
    stories = [
        t for t in published_texts(folder) if ".stories[" in t.context and "resident" in t.context
    ]
    wanted = {(t.context, t.source): pairs[i][1] for i, t in enumerate(stories)}
    export(root)
    fill(root / CY, lambda e: wanted.get((e.msgctxt, e.msgid)))
    export(root)  # again: nothing may be lost or changed
    found = translations_for(folder, "cy")
    for key, translation in wanted.items():
        assert found[key] == (translation.strip() or None)
    read = parse_catalogue((root / CY).read_text(encoding="utf-8"), "translations/cy.po", "cy")
    assert read.catalogue is not None
    assert {(e.context, e.source, e.translation) for e in read.catalogue.entries} >= {
        (*key, value) for key, value in wanted.items()
    }
    assert not plan_export(root, "cy").changed  # and a third export changes nothing


def test_a_second_export_is_byte_for_byte_the_same_and_writes_nothing(
    make_story: MakeStory,
) -> None:
    root = make_story()
    export(root)
    fill(root / CY, welsh)
    export(root)  # the translator's tool wrapped lines its own way: made ours once
    before, stamp = (root / CY).read_bytes(), (root / CY).stat().st_mtime_ns
    time.sleep(0.01)
    made = plan_export(root, "cy")
    assert not made.changed and made.data == before
    write_export(made)
    assert (root / CY).stat().st_mtime_ns == stamp


# Changes in the story files ---------------------------------------------------------


def test_a_changed_text_keeps_its_translation_marked_fuzzy_and_is_warned_at_its_line(
    make_story: MakeStory,
) -> None:
    root = make_story()
    export(root)
    fill(root / CY, welsh)
    assert "VK216" not in codes(root) and "VK217" not in codes(root)
    resident = root / "people/resident.yml"
    resident.write_text(resident.read_text().replace("story once.", "story only once."))
    # Not exported yet: the old entry is named, and the fix says to export.
    warned = only(check(root), "VK217")
    old = (root / CY).read_text()
    assert where(warned)[:2] == (
        str(CY),
        line_of(
            old,
            'msgstr "CY I can now tell my story once."',
            line_of(old, "people/resident.yml:themes"),
        ),
    )
    assert "visionkit translate export cy" in warned.text
    text = export(root)
    entry = polib.pofile(text).find(
        "I can now tell my story only once.",
        msgctxt="people/resident.yml:themes[one-door].stories[0]",
    )
    assert entry is not None and entry.fuzzy
    assert entry.msgstr == "CY I can now tell my story once."
    assert entry.previous_msgid == "I can now tell my story once."
    warned = only(check(root), "VK217")
    assert warned.position is not None
    assert text.split("\n")[warned.position.line - 1].startswith("#, fuzzy")
    assert "people/resident.yml:themes[one-door].stories[0], line 10" in warned.message
    assert check(root).failed(strict=True) and not check(root).failed()
    folder = load(root).folder
    assert folder is not None
    key = ("people/resident.yml:themes[one-door].stories[0]", "I can now tell my story only once.")
    assert translations_for(folder, "cy")[key] is None  # fuzzy: the page shows the source
    # Changed again before anyone translated: still the words it was translated from.
    resident.write_text(resident.read_text().replace("only once.", "just once."))
    entry = polib.pofile(export(root)).find("I can now tell my story just once.", msgctxt=key[0])
    assert entry is not None and entry.previous_msgid == "I can now tell my story once."
    fill(root / CY, welsh)
    assert "VK217" not in codes(root)


def test_a_text_changed_back_is_translated_again(make_story: MakeStory) -> None:
    root = make_story()
    export(root)
    fill(root / CY, welsh)
    resident = root / "people/resident.yml"
    original = resident.read_text()
    resident.write_text(original.replace("story once.", "story only once."))
    export(root)
    resident.write_text(original)
    assert "#, fuzzy" not in export(root)
    assert not check(root).failed(strict=True), check(root).diagnostics


def test_a_removed_text_goes_obsolete_keeps_its_translation_and_comes_back(
    make_story: MakeStory,
) -> None:
    root = make_story()
    export(root)
    fill(root / CY, welsh)
    vision = root / "vision.yml"
    original = vision.read_text()
    vision.write_text(original.replace("  - name: Northfield Health Trust\n", ""))
    made = plan_export(root, "cy")
    assert made.made_obsolete == 1 and made.obsolete == 1
    write_export(made)
    text = (root / CY).read_text()
    assert '#~ msgctxt "vision.yml:partners[1].name"' in text
    assert '#~ msgstr "CY Northfield Health Trust"' in text
    assert text.index("\n#~ ") > text.rindex('\nmsgstr "CY')  # at the end
    assert not check(root).failed(strict=True), check(root).diagnostics  # never reported
    vision.write_text(original)
    text = export(root)
    assert not polib.pofile(text).obsolete_entries()
    entry = polib.pofile(text).find(
        "Northfield Health Trust", msgctxt="vision.yml:partners[1].name"
    )
    assert entry is not None and entry.msgstr == "CY Northfield Health Trust" and not entry.fuzzy


def test_a_new_text_is_added_untranslated_and_warned_once_for_its_file(
    make_story: MakeStory,
) -> None:
    root = make_story()
    export(root)
    fill(root / CY, welsh)
    resident = root / "people/resident.yml"
    resident.write_text(
        resident.read_text().replace(
            "    stories:\n", "    notes: [Fewer forms, One number to call]\n    stories:\n"
        )
    )
    warned = only(check(root), "VK216")  # not in the catalogue yet: no line to point at
    assert warned.position is None and "2 texts of people/resident.yml" in warned.message
    assert "not in the catalogue yet" in warned.text
    made = plan_export(root, "cy")
    assert made.added == 2 and made.marked_fuzzy == 0
    write_export(made)
    text = (root / CY).read_text()
    warned = only(check(root), "VK216")
    assert where(warned)[:2] == (str(CY), line_of(text, 'msgid "Fewer forms"') + 1)
    assert "2 texts of people/resident.yml are not translated into Welsh" in warned.message


def test_a_fresh_catalogue_gets_one_warning_per_file_not_one_per_text(
    make_story: MakeStory,
) -> None:
    root = make_story()
    export(root)
    warned = [d for d in check(root).diagnostics if d.code.value == "VK216"]
    assert sorted(d.message.split(" of ")[1].split(" ")[0] for d in warned) == sorted(BASE)


def test_a_moved_text_keeps_its_translation(make_story: MakeStory) -> None:
    root = make_story({"people/resident.yml": story_with(["I can now rest.", "I can now work."])})
    export(root)
    fill(root / CY, welsh)
    (root / "people/resident.yml").write_text(story_with(["I can now work.", "I can now rest."]))
    text = export(root)
    po = polib.pofile(text)
    assert not any(e.fuzzy for e in po) and not po.obsolete_entries()
    assert not [d for d in check(root).diagnostics if d.code.value in ("VK216", "VK217")]


def test_a_text_added_or_removed_at_the_top_of_a_list_moves_no_translation(
    make_story: MakeStory,
) -> None:
    root = make_story({"people/resident.yml": story_with(["I can rest.", "I can work."])})
    resident = root / "people/resident.yml"
    export(root)
    fill(root / CY, welsh)
    resident.write_text(story_with(["I can sleep.", "I can rest.", "I can work."]))
    po = polib.pofile(export(root))
    stories = [
        e
        for e in po
        if (e.msgctxt or "").startswith("people/resident.yml:themes[one-door].stories")
    ]
    assert [(e.msgid, e.msgstr, e.fuzzy) for e in stories] == [
        ("I can sleep.", "", False),  # new: not given the translation of what was first
        ("I can rest.", "CY I can rest.", False),
        ("I can work.", "CY I can work.", False),
    ]
    resident.write_text(story_with(["I can sleep.", "I can work."]))
    po = polib.pofile(export(root))
    assert [(e.msgid, e.msgstr) for e in po.obsolete_entries()] == [
        ("I can rest.", "CY I can rest.")
    ]
    assert po.find("I can work.", msgctxt="people/resident.yml:themes[one-door].stories[1]")


def test_a_text_moved_to_another_file_is_offered_its_translation_fuzzy(
    make_story: MakeStory,
) -> None:
    root = make_story({"people/resident.yml": story_with(["I can rest.", "I can work."])})
    export(root)
    fill(root / CY, welsh)
    (root / "people/resident.yml").write_text(story_with(["I can work."]))
    adviser = root / "people/adviser.yml"
    adviser.write_text(
        adviser.read_text().replace("story once.", "story once.\n      - I can rest.")
    )
    entry = polib.pofile(export(root)).find(
        "I can rest.", msgctxt="people/adviser.yml:themes[one-door].stories[1]"
    )
    assert entry is not None and entry.fuzzy and entry.msgstr == "CY I can rest."
    assert entry.previous_msgctxt == "people/resident.yml:themes[one-door].stories[0]"


def test_drafts_are_exported_but_not_warned_about(make_story: MakeStory) -> None:
    root = make_story()
    resident = root / "people/resident.yml"
    resident.write_text(resident.read_text() + "status: draft\n")
    text = export(root)
    assert "draft: not published" in text
    assert not any("people/resident.yml" in d.message for d in check(root).diagnostics)


# What a translation may not hold ----------------------------------------------------


def test_a_participants_name_in_a_translation_is_an_error_at_its_line(
    make_story: MakeStory,
) -> None:
    root = make_story()
    export(root)
    fill(
        root / CY,
        lambda e: (
            "Diolch i Jаne Realperson."
            if "resident" in e.msgctxt and "stories" in e.msgctxt
            else None
        ),
    )
    found = only(check(root), "VK110")
    text = (root / CY).read_text()
    assert where(found)[:2] == (str(CY), line_of(text, "Realperson"))
    assert "look-alike" in found.message and "Realperson" not in found.text
    assert found.message.startswith("the translation of people/resident.yml:themes[one-door]")


def test_a_translation_of_100000_characters_is_refused_quickly_and_quoted_briefly(
    make_story: MakeStory,
) -> None:
    root = make_story()
    export(root)
    fill(root / CY, lambda e: "Ŵ" * 100_000 if e.msgctxt == "vision.yml:title" else None)
    started = time.perf_counter()
    found = only(check(root), "VK111")
    assert time.perf_counter() - started < 5
    assert "has 100,000 characters; a name or title may have at most 200" in found.message
    assert len(str(found)) < 400
    folder = load(root).folder
    assert folder is not None
    assert translations_for(folder, "cy")[("vision.yml:title", "Better Together")] is None


def test_control_characters_in_a_translation_are_refused(make_story: MakeStory) -> None:
    root = make_story()
    export(root)
    fill(root / CY, lambda e: "Bore\x1b[31m da" if e.msgctxt == "vision.yml:title" else None)
    found = only(check(root), "VK010")
    assert "ESC (escape, U+001B)" in found.message and found.file == str(CY)
    text = (root / CY).read_text()
    (root / CY).write_text(text.replace("Bore\x1b[31m da", "Bore\x00 da"))  # a NUL typed in
    assert "NUL (null, U+0000)" in only(check(root), "VK010").message
    (root / CY).write_text(text.replace("Bore\x1b[31m da", "Bore\\0 da"))  # no such escape
    assert "'\\0' is not an escape" in only(check(root), "VK112").message


def test_a_catalogue_saved_on_windows_reads_the_same(make_story: MakeStory) -> None:
    root = make_story()
    export(root)
    fill(root / CY, lambda e: "Bore da\r\nGyda'r nos" if e.msgctxt == "vision.yml:title" else None)
    text = (root / CY).read_text()
    (root / CY).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())  # BOM, CR LF
    assert "VK010" not in codes(root) and "VK112" not in codes(root)
    folder = load(root).folder
    assert folder is not None
    assert translations_for(folder, "cy")[("vision.yml:title", "Better Together")] == (
        "Bore da\nGyda'r nos"
    )
    warned = [d for d in check(root).diagnostics if d.code.value == "VK216"]
    vision = next(d for d in warned if " of vision.yml " in d.message)
    assert vision.position is not None  # the first untranslated entry's msgstr line
    assert text.split("\n")[vision.position.line - 1].startswith("msgstr")


# Catalogues that cannot be used ------------------------------------------------------


def test_a_catalogue_that_does_not_parse_is_an_error_at_its_line_and_export_keeps_it(
    make_story: MakeStory,
) -> None:
    root = make_story()
    export(root)
    fill(root / CY, welsh)
    text = (root / CY).read_text()
    broken = text.replace('msgstr "CY Better Together"', 'msgstr "CY Better Together')
    (root / CY).write_text(broken)
    found = only(check(root), "VK112")
    assert where(found)[:2] == (str(CY), line_of(broken, 'msgstr "CY Better Together'))
    assert "no closing double quote" in found.message
    result = CliRunner().invoke(cli, ["translate", "export", "cy", "--stories", str(root)])
    assert result.exit_code == 1 and "Nothing was written" in result.output
    assert "VK112" in result.output and (root / CY).read_text() == broken


def test_two_entries_for_one_text_are_an_error(make_story: MakeStory) -> None:
    root = make_story()
    text = export(root)
    entry = text[
        text.index("#. a name or title") : text.index(
            "\n\n", text.index('msgctxt "vision.yml:title"')
        )
    ]
    (root / CY).write_text(text + "\n" + entry + "\n")
    found = only(check(root), "VK112")
    assert "same msgctxt and msgid as the one at line" in found.message
    assert found.position is not None and found.position.line > line_of(
        text, 'msgctxt "vision.yml:title"'
    )


def test_a_catalogue_named_other_than_a_language_is_refused_with_the_code(
    make_story: MakeStory,
) -> None:
    root = make_story()
    (root / "translations").mkdir()
    (root / "translations/welsh.po").write_text("")
    assert "rename it to cy.po" in only(check(root), "VK009").text


def test_a_named_pipe_is_never_opened(make_story: MakeStory) -> None:
    root = make_story()
    (root / "translations").mkdir()
    os.mkfifo(root / CY)
    assert "named pipe" in only(check(root), "VK008").message  # a read would wait for ever
    result = CliRunner().invoke(cli, ["translate", "export", "cy", "--stories", str(root)])
    assert result.exit_code == 1 and "named pipe" in result.output


def test_a_link_out_of_the_folder_is_not_read(make_story: MakeStory, tmp_path: Path) -> None:
    root = make_story()
    secret = tmp_path / "secret.po"
    secret.write_text('msgid "a"\nmsgstr "b\n')  # would be a VK112 if it were read
    (root / "translations").mkdir()
    (root / CY).symlink_to(secret)
    found = only(check(root), "VK107")
    assert found.file == str(CY) and "outside the story folder" in found.message


def test_a_catalogue_that_is_not_utf8_is_refused(make_story: MakeStory) -> None:
    root = make_story()
    (root / "translations").mkdir()
    (root / CY).write_bytes(b'msgid "a"\nmsgstr "caf\xe9"\n')
    assert where(only(check(root), "VK002")) == (str(CY), 2, 12)


# The command ------------------------------------------------------------------------


def test_stats_count_translated_fuzzy_and_untranslated_per_file(make_story: MakeStory) -> None:
    root = make_story()
    export(root)
    resident_texts = [
        t for t in published_texts(load(root).folder) if t.file == "people/resident.yml"
    ]
    translated = {t.context for t in resident_texts[:3]}
    fill(root / CY, lambda e: "CY" if e.msgctxt in translated else None)
    resident = root / "people/resident.yml"
    changed = resident_texts[0].source
    resident.write_text(resident.read_text().replace(changed, changed + " Newly"))
    result = CliRunner().invoke(
        cli, ["translate", "export", "cy", "--stories", str(root), "--stats"]
    )
    assert result.exit_code == 0, result.output
    total = len(resident_texts)
    row = next(line for line in result.output.split("\n") if "people/resident.yml" in line)
    untranslated = total - 3
    assert re.search(
        rf"{total} texts: 2 translated \({200 // total}%\), 1 fuzzy \({100 // total}%\), "
        rf"{untranslated} untranslated \({untranslated * 100 // total}%\)",
        row,
    ), row
    assert "1 changed since translated (marked fuzzy)" in result.output
    assert re.search(r"all files\s+\d+ texts: 2 translated", result.output)


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("xx", "'xx' is not a language code"),
        ("Welsh", "did you mean cy?"),
        ("../../etc/x", "is not a language code"),
        ("en", "is the language the story files are written in"),
        ("und", "is not a language code"),
    ],
)
def test_the_language_must_be_one_babel_knows_and_not_the_source(
    make_story: MakeStory, code: str, says: str
) -> None:
    root = make_story()
    result = CliRunner().invoke(cli, ["translate", "export", code, "--stories", str(root)])
    assert result.exit_code == 2 and says in result.output, result.output
    assert not (root / "translations").exists()


def test_the_source_language_comes_from_the_site(make_story: MakeStory) -> None:
    root = make_story()
    (root.parent / "mkdocs.yml").write_text(
        "site_name: X\ntheme: {name: material, language: cy}\nplugins:\n  - visionkit\n"
    )
    result = CliRunner().invoke(cli, ["translate", "export", "cy", "--stories", str(root)])
    assert result.exit_code == 2 and "is the language the story files" in result.output
    (root.parent / "mkdocs.yml").write_text(
        "site_name: X\ntheme: {name: material}\nplugins:\n  - visionkit: {languages: [cy, en]}\n"
    )
    result = CliRunner().invoke(cli, ["translate", "export", "en", "--stories", str(root)])
    assert result.exit_code == 0, result.output
    assert "X-Source-Language: cy" in (root / "translations/en.po").read_text()
    result = CliRunner().invoke(cli, ["translate", "export", "fr", "--stories", str(root)])
    assert "fr is not in the site's languages option (cy, en)" in result.output
    with pytest.raises(TranslateError, match="is the language"):
        plan_export(root, "cy", source="cy")
    with pytest.raises(TranslateError, match="did you mean en"):
        plan_export(root, "cy", source="English")


def test_story_errors_stop_the_export_so_no_participant_name_is_sent(
    make_story: MakeStory,
) -> None:
    root = make_story()
    resident = root / "people/resident.yml"
    resident.write_text(resident.read_text().replace("name: Sam", "name: Jane Realperson"))
    result = CliRunner().invoke(cli, ["translate", "export", "cy", "--stories", str(root)])
    assert (
        result.exit_code == 1
        and "VK110" in result.output
        and "Nothing was written" in result.output
    )
    assert not (root / CY).exists()
