"""What one group's rows do to its people file.

Everything here adds. A theme found by its id or its phrase gets the new
post-its and mini-stories at the end of its lists, and the problem ids it now
resolves; a theme not there yet is added at the end of ``themes``; the
persona's name and role fill in visionkit's own placeholders. What the
workgroup has written (a persona's name, a theme's votes, its id) is never
changed: where the spreadsheet says otherwise, the report names the line to
edit by hand.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from visionkit.authoring.hints import OldTexts, SeenTheme, tell_corrected
from visionkit.authoring.importreport import At, FileChange, ImportReport, ThemeChange
from visionkit.authoring.notes import SLUG_LIMIT, Note, RowProblem
from visionkit.authoring.settle import Given, key, same
from visionkit.authoring.yamledit import PeopleFile, add_last, line_of
from visionkit.check.leftovers import PLACEHOLDER_NAME, PLACEHOLDER_ROLE
from visionkit.diagnostics import excerpt
from visionkit.read.sheet import one_line
from visionkit.slugs import slugify

#: A theme's keys in the contract's order: where a key the import adds goes.
THEME_KEYS = ("id", "title", "notes", "stories", "resolves", "votes")
LIST_KEYS = {False: "notes", True: "stories"}


def _rows(notes: list[Note]) -> str:
    return f"{'rows' if len(notes) > 1 else 'row'} {', '.join(str(n.row) for n in notes[:5])}"


def _index(themes: CommentedSeq, theme: CommentedMap) -> int:
    return next(i for i, t in enumerate(themes) if t is theme)


def find_theme(themes: CommentedSeq, phrase: str, theme_id: str) -> CommentedMap | None:
    """The theme a row belongs to: the one with its theme id, else the one with its phrase
    (as title, or made into the id the import would give it)."""
    maps = [t for t in themes if isinstance(t, CommentedMap)]
    if theme_id:
        found = next((t for t in maps if str(t.get("id", "")) == theme_id), None)
        if found is not None:
            return found
    slug = "" if theme_id else slugify(phrase, SLUG_LIMIT)
    return next(
        (
            t
            for t in maps
            if (slug and str(t.get("id", "")) == slug) or key(t.get("title", "")) == key(phrase)
        ),
        None,
    )


def _resolves_of(notes: list[Note]) -> list[str]:
    return list(dict.fromkeys(r for n in notes for r in n.resolves))


def _new_theme(themes: CommentedSeq, notes: list[Note]) -> tuple[ThemeChange, CommentedMap]:
    taken = {str(t.get("id")) for t in themes if isinstance(t, CommentedMap)}
    base = notes[0].theme_id or slugify(notes[0].theme, SLUG_LIMIT) or "theme"
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    change = ThemeChange(notes[0].theme, new=True)
    theme = CommentedMap([("id", ident), ("title", notes[0].theme)])
    for is_story, list_key in LIST_KEYS.items():
        texts = list(dict.fromkeys(n.text for n in notes if n.is_story == is_story))
        if texts:
            theme[list_key] = CommentedSeq(texts)
            getattr(change, list_key).extend(texts)
    resolves = _resolves_of(notes)
    if resolves:
        theme["resolves"] = CommentedSeq(resolves)
        theme["resolves"].fa.set_flow_style()  # as the example files write it
        change.resolves = resolves
    votes = [n.votes for n in notes if n.votes is not None]
    if votes:
        theme["votes"] = change.votes = sum(votes)
    add_last(themes, theme)
    return change, theme


def _list_of(page: PeopleFile, at: At, theme: CommentedMap, name: str) -> CommentedSeq | None:
    """The theme's list ``name``, made (in the contract's key order) if missing."""
    items = theme.get(name)
    if items is None:
        items = CommentedSeq()
        if name == "resolves":
            items.fa.set_flow_style()
        keys = list(theme.keys())
        after = THEME_KEYS[: THEME_KEYS.index(name)]
        spot = max((keys.index(k) + 1 for k in after if k in keys), default=len(keys))
        if name in theme:  # "notes:" with nothing after it: that line is now "notes: [...]"
            line = line_of(page.data, at.path, of_key=True)
            page.rewritable |= {line} if line and name == "resolves" else set()
            theme[name] = items
        elif spot == len(keys):
            add_last(theme, items, name)
        else:
            theme.insert(spot, name, items)
    return items if isinstance(items, CommentedSeq) else None


def _add_resolves(
    page: PeopleFile, theme: CommentedMap, at: At, wanted: list[str], report: ImportReport
) -> list[str]:
    """Add the problem ids the theme does not resolve yet; never remove one."""
    items = _list_of(page, at, theme, "resolves")
    if items is None:
        report.notice(
            at,
            f": the resolves of '{excerpt(str(theme.get('title')))}' is not a list, so "
            f"{', '.join(wanted)} cannot be added - write it as a list, such as [{wanted[0]}]",
        )
        return []
    have = {str(item) for item in items}
    new = [ident for ident in wanted if ident not in have]
    if new and items.fa.flow_style() and items:  # "resolves: [a]" becomes "resolves: [a, b]"
        line = line_of(page.data, at.path, of_key=True)
        page.rewritable |= {line} if line else set()
    for ident in new:
        add_last(items, ident)
    return new


def _add_to_theme(
    page: PeopleFile, theme: CommentedMap, index: int, notes: list[Note], report: ImportReport
) -> ThemeChange:
    title = excerpt(str(theme.get("title") or theme.get("id")))  # as messages show it
    change = ThemeChange(str(theme.get("title") or theme.get("id")), new=False)
    for note in notes:
        list_key = LIST_KEYS[note.is_story]
        items = _list_of(page, At(page.name, ("themes", index, list_key)), theme, list_key)
        if items is None:
            report.problems.append(
                RowProblem(
                    note.row,
                    f"in {page.name} the {list_key} of '{title}' are not a list, so nothing can "
                    "be added - fix the file first (visionkit check says where)",
                )
            )
        elif note.text not in (one_line(str(item)) for item in items):
            add_last(items, note.text)
            getattr(change, list_key).append(note.text)
    votes = [n.votes for n in notes if n.votes is not None]
    if votes and "votes" not in theme:
        add_last(theme, sum(votes), "votes")
        change.votes = sum(votes)
    elif votes and str(theme["votes"]) != str(sum(votes)):
        counted = _rows([n for n in notes if n.votes is not None])
        report.notice(
            At(page.name, ("themes", index, "votes")),
            f": '{title}' keeps its votes ({excerpt(str(theme['votes']))}); the spreadsheet's "
            f"add up to {sum(votes)} ({counted}) - if the spreadsheet is right, change that "
            f"line to 'votes: {sum(votes)}'",
        )
    wanted = _resolves_of(notes)
    if wanted:
        at = At(page.name, ("themes", index, "resolves"))
        change.resolves = _add_resolves(page, theme, at, wanted, report)
    return change


def _tell_other_id(
    page: PeopleFile, theme: CommentedMap, index: int, notes: list[Note], report: ImportReport
) -> None:
    """Rows that give a theme id but went to a theme of the same phrase with another id."""
    given = next((n.theme_id for n in notes if n.theme_id), "")
    ident = str(theme.get("id", ""))
    if given and ident != given:
        report.notice(
            At(page.name, ("themes", index, "id")),
            f": the theme '{excerpt(str(theme.get('title')))}' has the id '{excerpt(ident)}', "
            f"so {_rows(notes)} (theme id '{given}') {'was' if len(notes) == 1 else 'were'} "
            f"added to it - to share it as '{given}', change that id to '{given}' (and "
            "wherever it is referred to)",
        )


def name_persona(
    page: PeopleFile, given: dict[str, Given], change: FileChange, report: ImportReport
) -> None:
    """Fill in the persona's placeholder name and role; never change what was typed."""
    persona = page.data.get("persona")
    if not given:
        return
    if not isinstance(persona, CommentedMap):
        report.notice(
            f"{page.name}: the persona is not named by the import, as the file has no "
            "'persona:' with 'name:' and 'role:' under it - add them by hand"
        )
        return
    for field, placeholder in (("name", PLACEHOLDER_NAME), ("role", PLACEHOLDER_ROLE)):
        wanted = given.get(field)
        if wanted is None:
            continue
        current = persona.get(field)
        if page.new or current is None or key(str(current)) == key(placeholder):
            if field in persona:
                line = line_of(page.data, ("persona", field), of_key=True)
                page.rewritable |= {line} if line else set()
                persona[field] = wanted.value
            else:
                add_last(persona, wanted.value, field)
        elif same(str(current), wanted.value):
            continue
        else:
            report.notice(
                At(page.name, ("persona", field)),
                f": the persona's {field} stays '{excerpt(str(current))}'; row {wanted.row} "
                f"gives '{excerpt(wanted.value)}', which is not written - if it is right, "
                "change that line to it",
            )
            continue
        change.persona[field] = wanted.value
        change.sources.append((wanted.row, wanted.value))
        change.mentions.append((wanted.row, wanted.value))


def _old_texts(page: PeopleFile, themes: CommentedSeq) -> OldTexts:
    texts: list[tuple[At, str]] = []
    for i, theme in enumerate(themes):
        for list_key in LIST_KEYS.values():
            items = theme.get(list_key) if isinstance(theme, CommentedMap) else None
            if isinstance(items, CommentedSeq):
                texts += [
                    (At(page.name, ("themes", i, list_key, j)), one_line(str(item)))
                    for j, item in enumerate(items)
                ]
    return OldTexts(texts)


def apply(
    page: PeopleFile,
    notes: list[Note],
    given: dict[str, Given],
    report: ImportReport,
    seen: list[SeenTheme],
) -> FileChange | None:
    """Add a group's rows to its people file; ``seen`` gets every theme the rows went to."""
    if "themes" not in page.data:
        add_last(page.data, CommentedSeq(), "themes")
    themes = page.data["themes"]
    if not isinstance(themes, CommentedSeq):
        report.problems += [
            RowProblem(n.row, f"{page.name} has no list of themes to add to - fix it first")
            for n in notes
        ]
        return None
    old = _old_texts(page, themes)
    buckets: dict[object, tuple[CommentedMap | None, list[Note]]] = {}
    for note in notes:
        theme = find_theme(themes, note.theme, note.theme_id)
        new = note.theme_id or slugify(note.theme, SLUG_LIMIT) or key(note.theme)
        buckets.setdefault(id(theme) if theme is not None else new, (theme, []))[1].append(note)
    change = FileChange(page.name, page.path, page.new, page.before, original=page.raw)
    name_persona(page, given, change, report)
    for found, bucket in buckets.values():
        if found is None:
            done, theme = _new_theme(themes, bucket)
            index = len(themes) - 1
        else:
            theme, index = found, _index(themes, found)
            _tell_other_id(page, theme, index, bucket, report)
            done = _add_to_theme(page, theme, index, bucket, report)
        title = str(theme.get("title") or theme.get("id"))
        at = At(page.name, ("themes", index, "id"))
        group = page.group or bucket[0].group
        rows = tuple(n.row for n in bucket)
        seen.append(SeenTheme(group, title, str(theme.get("id")), at, rows, new=found is None))
        added = {*done.notes, *done.stories}
        for text in dict.fromkeys(n.text for n in bucket if n.text in added):
            like = old.like(text)
            if like is not None:
                tell_corrected(report, next(n.row for n in bucket if n.text == text), text, like)
        if done.notes or done.stories or done.votes is not None or done.resolves or done.new:
            change.themes.append(done)
        change.sources += [(n.row, n.text) for n in bucket if n.text in added]
        change.sources += [(n.row, r) for n in bucket for r in n.resolves if r in done.resolves]
        change.mentions += [(n.row, s) for n in bucket for s in (n.group, n.theme, n.text)]
    return change if change.themes or change.persona else None
