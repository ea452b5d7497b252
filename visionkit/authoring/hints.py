"""Second looks the import suggests and never acts on.

A re-imported spreadsheet often has a typo fixed: the corrected post-it is
added beside the old one, and only the workgroup can say whether the old one
goes. Two groups often write nearly the same phrase beside a cluster: only the
workgroup can say whether it is one shared theme. So both are told, with
where to look, and nothing is deleted or merged. Comparing is bounded (texts
longer than a mini-story may be, and more pairs than a large workshop has,
are not compared), so a hostile spreadsheet cannot make an import slow.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from visionkit.authoring.importreport import At, ImportReport
from visionkit.diagnostics import excerpt
from visionkit.fields import NAME, SAYING

#: How alike a re-imported text and an old one are when it looks like a correction.
TEXT_NEAR = 0.9
#: How alike two groups' theme phrases are when they look like one theme.
PHRASE_NEAR = 0.8
#: The most comparisons one import makes for each kind of hint.
MAX_PAIRS = 200_000
#: The most suggestions to share a theme one import lists; more are counted.
MAX_SHARED = 10


def _fold(text: str) -> str:
    shown = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(shown.split()).casefold().rstrip(".!?")


def alike(a: str, b: str, cutoff: float) -> bool:
    """Whether two texts read as the same one, perhaps with a typo fixed."""
    fa, fb = _fold(a), _fold(b)
    if fa == fb:
        return True
    if max(len(fa), len(fb)) > SAYING.limit:
        return False
    match = SequenceMatcher(None, fa, fb, autojunk=False)
    return (
        match.real_quick_ratio() >= cutoff
        and match.quick_ratio() >= cutoff
        and match.ratio() >= cutoff
    )


@dataclass
class OldTexts:
    """A people file's post-its and mini-stories as they were before the import."""

    texts: list[tuple[At, str]] = field(default_factory=list)
    budget: int = MAX_PAIRS

    def like(self, text: str) -> tuple[At, str] | None:
        """The old text the new ``text`` looks like a corrected version of (or a copy of,
        under another theme); None when there is none."""
        if len(self.texts) > self.budget:
            return None
        self.budget -= len(self.texts)
        return next(((at, old) for at, old in self.texts if alike(text, old, TEXT_NEAR)), None)


def tell_corrected(report: ImportReport, row: int, text: str, old: tuple[At, str]) -> None:
    at, was = old
    if text == was:
        report.notice(
            f"'{excerpt(text)}' is also under another theme, at ",
            at,
            "; it is added to this row's theme as well - if the theme was renamed, delete the "
            "old line",
            row=row,
        )
        return
    report.notice(
        f"'{excerpt(text)}' looks like a corrected version of '{excerpt(was)}' at ",
        at,
        "; the import keeps both - delete that line if the new one replaces it",
        row=row,
    )


@dataclass(frozen=True)
class SeenTheme:
    """A theme of one group, in a file (``at`` is its id) and perhaps from the spreadsheet."""

    group: str
    title: str
    ident: str
    at: At
    rows: tuple[int, ...] = ()  # the spreadsheet rows that went to it
    new: bool = False  # made by this import


def _place(theme: SeenTheme) -> list[str | At]:
    rows = ", ".join(str(r) for r in theme.rows[:3]) + ("..." if len(theme.rows) > 3 else "")
    return [f"(row{'s' if len(theme.rows) > 1 else ''} {rows}; " if rows else "(", theme.at, ")"]


def _near(matcher: SequenceMatcher[str], cutoff: float) -> bool:
    return (
        matcher.real_quick_ratio() >= cutoff
        and matcher.quick_ratio() >= cutoff
        and matcher.ratio() >= cutoff
    )


def tell_shared(report: ImportReport, themes: Iterable[SeenTheme]) -> None:
    """Two groups' themes whose phrases are nearly the same but whose ids differ.

    Each theme is named in one suggestion at most, and only the first
    :data:`MAX_SHARED` are listed: the rest are counted.
    """
    seen = list({(t.at.file, t.ident): t for t in reversed(list(themes))}.values())[::-1]
    seen = [t for t in seen if len(t.title) <= NAME.limit]
    if len(seen) * (len(seen) - 1) // 2 > MAX_PAIRS:
        return
    folded = [_fold(t.title) for t in seen]
    matcher = SequenceMatcher(None, autojunk=False)
    paired: set[int] = set()
    more = 0
    for i, a in enumerate(seen):
        if i in paired:
            continue
        matcher.set_seq2(folded[i])  # compared with every later theme: its index is kept
        for j in range(i + 1, len(seen)):
            b = seen[j]
            if j in paired or a.at.file == b.at.file or a.ident == b.ident:
                continue
            if not (a.rows or b.rows):
                continue  # both were there before: said when they were imported
            matcher.set_seq1(folded[j])
            if folded[i] != folded[j] and not _near(matcher, PHRASE_NEAR):
                continue
            paired |= {i, j}
            if len(paired) > 2 * MAX_SHARED:
                more += 1
                break
            ident = b.ident if a.new and not b.new else a.ident  # keep one already written
            report.notice(
                f"'{excerpt(a.group)}' has the theme '{excerpt(a.title)}' ",
                *_place(a),
                f" and '{excerpt(b.group)}' has '{excerpt(b.title)}' ",
                *_place(b),
                f": if they are one shared theme, give both the same id, such as '{ident}' - in "
                "the spreadsheet's theme id column for their rows before they are imported, "
                "or at those id lines once they are",
            )
            break
    if more:
        report.notice(
            f"{more} more pairs of groups' themes have nearly the same phrase: give each pair "
            "that is one shared theme the same id, as above"
        )
