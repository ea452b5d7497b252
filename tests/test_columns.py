"""A handout's themes in two columns of about equal length, split before layout.

WeasyPrint balances CSS columns by laying them out again and again (a synthetic
handout took 2.5 s a layout in columns, 0.1 s in a grid), so visionkit decides
where the second column starts from how much each theme prints.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MakeStory
from pypdf import PdfReader

from visionkit import Options, check, labels_for, prepare
from visionkit.model import Theme
from visionkit.pdf.columns import two_columns


def theme(n: int, stories: int, notes: int = 0) -> Theme:
    return Theme(
        id=f"theme-{n}",
        title=f"Theme {n}",
        stories=[f"I can now see story {n}.{k} happen in the hub." for k in range(stories)],
        notes=[f"A post-it {n}.{k} from the pad" for k in range(notes)],
    )


def test_the_themes_keep_their_order_and_numbers_and_split_where_the_longer_is_shortest() -> None:
    long_one, short = theme(1, 6), [theme(n, 1) for n in (2, 3, 4)]
    first, second = two_columns([(long_one, True), *((t, False) for t in short)])
    assert [(n, t.id, shared) for n, t, shared in first] == [(1, "theme-1", True)]
    assert [n for n, _, _ in second] == [2, 3, 4]
    even = [theme(n, 2) for n in range(1, 5)]
    first, second = two_columns([(t, False) for t in even])
    assert [n for n, _, _ in first] == [1, 2] and [n for n, _, _ in second] == [3, 4]


def test_post_its_count_only_where_they_are_printed() -> None:
    themes = [(theme(1, 2, notes=12), False), *((theme(n, 2), False) for n in (2, 3, 4))]
    assert [n for n, _, _ in two_columns(themes, notes=True)[0]] == [1]
    assert [n for n, _, _ in two_columns(themes, notes=False)[0]] == [1, 2]


def test_one_theme_is_one_column_and_none_is_none() -> None:
    assert [n for n, _, _ in two_columns([(theme(1, 3), False)])[0]] == [1]
    assert two_columns([(theme(1, 3), False)])[1] == []
    assert two_columns([]) == ([], [])


def headings(pdf: Path) -> list[tuple[int, str, float]]:
    """(page, heading, left edge) of every theme heading, in the PDF's reading order."""
    found: list[tuple[int, str, float]] = []
    after: list[str] = []  # the "What changes" table names the themes again
    for number, page in enumerate(PdfReader(pdf).pages, 1):

        def visit(text: str, cm: object, tm: list[float], *_: object, page: int = number) -> None:
            if "What changes" in text:
                after.append(text)
            if not after and re.fullmatch(r"Theme \d+", text.strip()):
                found.append((page, text.strip(), tm[4]))

        page.extract_text(visitor_text=visit)
    return found


def handout(make_story: MakeStory, tmp_path: Path, themes: int, stories: int) -> Path:
    sections = "".join(
        f"""
  - id: theme-{n}
    title: Theme {n}
    stories:
"""
        + "".join(
            f"      - I can now see story {n}.{k} happen in the hub every week.\n"
            for k in range(stories)
        )
        + "    resolves: [tell-again]\n"
        for n in range(1, themes + 1)
    )
    person = "group: Residents\nkind: user\npersona:\n  name: Sam\n  role: A resident\nthemes:"
    folder = make_story({"people/resident.yml": person + sections})
    result = check(folder)
    assert result.folder is not None, result.summary()
    options = Options(cache=tmp_path / "cache", labels=labels_for("en"))
    build = prepare(result.folder, options, print)
    return build.cache.path(build.handouts.handouts["stories/resident.md"].name)


@pytest.mark.slow
def test_a_one_page_handout_prints_its_themes_in_two_columns_in_order(
    make_story: MakeStory, tmp_path: Path
) -> None:
    pdf = handout(make_story, tmp_path, themes=4, stories=2)
    assert len(PdfReader(pdf).pages) == 1
    found = headings(pdf)
    assert [text for _, text, _ in found] == ["Theme 1", "Theme 2", "Theme 3", "Theme 4"]
    left = found[0][2]
    assert [x > left + 100 for _, _, x in found] == [False, False, True, True]


@pytest.mark.slow
def test_a_handout_flowing_over_pages_reads_its_themes_down_one_column(
    make_story: MakeStory, tmp_path: Path
) -> None:
    pdf = handout(make_story, tmp_path, themes=14, stories=6)
    assert len(PdfReader(pdf).pages) >= 2
    found = headings(pdf)
    assert [text for _, text, _ in found] == [f"Theme {n}" for n in range(1, 15)]
    assert len({round(x) for _, _, x in found}) == 1, found
    assert [page for page, _, _ in found] == sorted(page for page, _, _ in found)
