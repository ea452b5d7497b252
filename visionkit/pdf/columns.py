"""A person's themes in two columns of about equal length, chosen before layout.

CSS columns (``columns: 2``) balance themselves, but WeasyPrint balances them by
laying the whole block out again and again: a handout with twenty post-its took
2.5 s a layout in columns and 0.07 s in one column, and fitting one on its page
takes several layouts. So the split is decided here, once, from how much each
theme prints, and the handout lays out two plain columns side by side. The
themes keep their order: down the first column, then down the second.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from visionkit.model import Theme

T = TypeVar("T")

#: What a theme's heading and the space around it weigh, in characters of
#: text: about a line of a column (a theme title is one line of bold type).
HEADING = 45
#: What each listed item adds beyond its words: the rest of its last line.
ITEM = 20


def weight(theme: Theme, notes: bool) -> int:
    """About how much of a column ``theme`` takes, in characters of its text."""
    total = HEADING + len(theme.title) + sum(ITEM + len(story) for story in theme.stories)
    if notes:
        total += sum(ITEM + len(note) for note in theme.notes)
    return total


def two_columns(
    sections: Sequence[tuple[Theme, T]], notes: bool = False
) -> tuple[list[tuple[int, Theme, T]], list[tuple[int, Theme, T]]]:
    """``sections`` numbered from 1 and split in order where the longer column is shortest.

    ``notes``: the themes print their post-its too. A single theme stays in
    the first column.
    """
    numbered = [(number, theme, extra) for number, (theme, extra) in enumerate(sections, 1)]
    weights = [weight(theme, notes) for theme, _ in sections]
    total, first, best, split = sum(weights), 0, sum(weights), len(numbered)
    for index, w in enumerate(weights[:-1], 1):
        first += w
        longer = max(first, total - first)
        if longer < best:
            best, split = longer, index
    return numbered[:split], numbered[split:]
