"""measures.csv: readings read as Excel saves them, every problem at its spreadsheet row."""

from __future__ import annotations

import codecs
import os
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import MakeStory, check, only, where

from visionkit.diagnostics import Diagnostic
from visionkit.read.measures import MAX_PROBLEMS, MAX_ROWS, number_in_cell, parse_measures

PRIORITIES = """\
priorities:
  - id: one-plan
    text: One plan per resident
    votes: {user: 3, staff: 2}
agenda:
  - priority: one-plan
    goal: Every resident has one plan.
    indicators:
      - id: told-once
        text: Residents who told their story once
        measures: outcome
        unit: '%'
        baseline: {date: 2026-01-01, value: 22}
        target: {date: 2027-01-01, value: 60}
      - id: days-to-contact
        text: Days to first contact
        measures: output
        unit: days
        direction: down
        baseline: {date: 2026-01-01, value: 12}
        target: {date: 2027-01-01, value: 3}
      - Plans opened
"""
HEADER = "indicator,date,value,source,note\n"


def measured(make_story: MakeStory, csv: str | bytes) -> Path:
    return make_story({"priorities.yml": PRIORITIES, "measures.csv": csv})


def measures_findings(root: Path) -> list[Diagnostic]:
    return [d for d in check(root).diagnostics if d.file == "measures.csv"]


# --- what is read ------------------------------------------------------------------------


def test_readings_reach_the_folder_with_their_rows(make_story: MakeStory) -> None:
    csv = (
        HEADER
        + "told-once,2026-04-01,31,Residents' survey,\n"
        + "\n"  # Excel keeps empty rows: row 3 is empty, and counted
        + 'days-to-contact,2026-04-01,9.5,"Case system, weekly",Fewer staff in April\n'
    )
    result = check(measured(make_story, csv))
    assert not result.diagnostics, "\n".join(map(str, result.diagnostics))
    assert result.folder is not None
    [told] = result.folder.readings_of("told-once")
    assert (told.date.isoformat(), told.value, told.source, told.note) == (
        "2026-04-01",
        Decimal(31),
        "Residents' survey",
        None,
    )
    [days] = result.folder.readings_of("days-to-contact")
    assert (days.value, days.source, days.note, days.row) == (
        Decimal("9.5"),
        "Case system, weekly",
        "Fewer staff in April",
        4,
    )


def test_excel_in_a_comma_decimal_locale_bom_semicolons_crlf_and_any_column_order(
    make_story: MakeStory,
) -> None:
    text = (
        "Source;Value;Date;Indicator ID\r\n"
        "Survey;41,5;2026-04-01;told-once\r\n"
        "Survey;41,5 %;2026-05-01;told-once\r\n"
        "Case system;1.234,5;2026-04-01;days-to-contact\r\n"
    )
    raw = codecs.BOM_UTF8 + text.encode()
    result = check(measured(make_story, raw))
    assert not result.diagnostics, "\n".join(map(str, result.diagnostics))
    assert result.folder is not None
    assert [r.value for r in result.folder.readings] == [
        Decimal("41.5"),
        Decimal("41.5"),
        Decimal("1234.5"),
    ]


@pytest.mark.parametrize(
    ("cell", "semicolons", "value"),
    [
        ("41", False, "41"),
        ("41.5", False, "41.5"),
        ("41%", False, "41"),
        ("41.5 %", False, "41.5"),
        ("-3", False, "-3"),
        ("1,234", False, "1234"),
        ("1,234,567.25", False, "1234567.25"),
        ("1 234", False, "1234"),
        ("1\u00a0234", False, "1234"),  # a no-break space, as French Excel groups thousands
        ("41,5", True, "41.5"),
        ("41.5", True, "41.5"),  # typed by hand in a semicolon file
        ("1.234,5", True, "1234.5"),
        ("12.345.678", True, "12345678"),
        ("1 234,5", True, "1234.5"),
        ("41.50", False, "41.50"),  # kept as typed
    ],
)
def test_a_value_is_read_as_the_spreadsheet_meant_it(
    cell: str, semicolons: bool, value: str
) -> None:
    read = number_in_cell(cell, semicolons)
    assert read == Decimal(value) and str(read) == value


@pytest.mark.parametrize(
    ("cell", "semicolons", "says"),
    [
        ("41,5", False, "the decimal mark is '.', such as 41.5"),
        ("1.234", True, "write 1,234 if the '.' is a decimal mark, or 1234 if it separates"),
        ("1,23.4", True, "mixes '.' and ','"),
        ("4x", False, "is not a number - write a number such as 41, 41.5 or 41%"),
        ("£41", True, "such as 41, 41,5 or 41%"),
        ("1" * 16, False, "more than 15 digits"),
        ("9" * 5000, False, "more than 15 digits"),
        ("NaN", False, "is not a number"),
        ("1e6", False, "is not a number"),
    ],
)
def test_a_value_that_is_not_clearly_a_number_is_refused(
    cell: str, semicolons: bool, says: str
) -> None:
    with pytest.raises(ValueError, match=None) as refused:
        number_in_cell(cell, semicolons)
    assert says in str(refused.value)


# --- errors by spreadsheet row ------------------------------------------------------------


def test_an_unknown_indicator_names_its_row_and_the_nearest_id(make_story: MakeStory) -> None:
    csv = (
        HEADER
        + "told-once,2026-04-01,31,Survey,\n"
        + "told-one,2026-05-01,33,Survey,\n"
        + "told-one,2026-06-01,35,Survey,\n"
    )
    d = only(check(measured(make_story, csv)), "VK105")
    assert where(d) == ("measures.csv", 3, 1)
    assert d.message.startswith("row 3: the indicator 'told-one' is not the id of an indicator")
    assert d.message.endswith("in priorities.yml (and 1 other row names it)")
    assert d.fix == "did you mean 'told-once'?"


def test_without_priorities_an_indicator_is_unknown_and_says_why(make_story: MakeStory) -> None:
    root = make_story({"measures.csv": HEADER + "told-once,2026-04-01,31,Survey,\n"})
    d = only(check(root), "VK105")
    assert "the folder has no priorities.yml" in d.message


def test_a_date_a_value_and_an_empty_cell_are_each_named_by_row_and_column(
    make_story: MakeStory,
) -> None:
    csv = HEADER + "told-once,2026-04-01,31,Survey,\n" + "Told Once,02/05/2026,4x,,\n"
    found = measures_findings(measured(make_story, csv))
    texts = sorted(d.text for d in found)
    assert all(where(d) == ("measures.csv", 3, 1) for d in found)
    assert texts == sorted(
        [
            "row 3, column A: the indicator 'Told Once' is not an id - write the indicator's id "
            "as priorities.yml gives it (lower-case letters, digits and hyphens), such as "
            "'told-once'",
            "row 3, column B: the date '02/05/2026' is not a date written as YYYY-MM-DD, such "
            "as 2026-05-02 - in Excel select the column, choose Format Cells > Custom, type "
            "yyyy-mm-dd and save the file again",
            "row 3, column C: the value '4x' is not a number - write a number such as 41, 41.5 "
            "or 41%",
            "row 3, column D: the source is empty - say where the number comes from, such as "
            "'Residents' survey, autumn 2026'",
        ]
    )
    assert {d.code.value for d in found} == {"VK103", "VK102"}


def test_two_readings_of_one_indicator_on_one_date(make_story: MakeStory) -> None:
    csv = (
        HEADER
        + "told-once,2026-04-01,31,Survey,\n"
        + "days-to-contact,2026-04-01,9,Case system,\n"
        + "told-once,2026-04-01,33,Survey (corrected),\n"
    )
    result = check(measured(make_story, csv))
    d = only(result, "VK104")
    assert where(d) == ("measures.csv", 4, 1)
    assert "row 4: a second reading of 'told-once' on 2026-04-01; the first is row 2" in d.text
    assert result.folder is not None
    assert [r.value for r in result.folder.readings_of("told-once")] == [31]


def test_a_row_is_named_as_the_spreadsheet_shows_it_after_a_cell_of_two_lines(
    make_story: MakeStory,
) -> None:
    csv = HEADER + 'told-once,2026-04-01,31,Survey,"Two\nlines"\n' + "told-once,2026-05-01,x,S,\n"
    d = only(check(measured(make_story, csv)), "VK103")
    assert where(d) == ("measures.csv", 4, 1)  # the fourth line of the file...
    assert d.message.startswith("row 3, column C:")  # ...is the spreadsheet's row 3


def test_a_missing_column_and_a_misspelt_one(make_story: MakeStory) -> None:
    d = only(check(measured(make_story, "indicator,date,source\n")), "VK102")
    assert where(d) == ("measures.csv", 1, 1)
    assert "row 1 has no column for the value; its columns are: 'indicator', 'date'" in d.text
    assert "indicator, date, value, source and, if you like, note" in d.text
    d = only(check(measured(make_story, "indicator,date,vaule,source\n")), "VK101")
    assert "column C is headed 'vaule'" in d.message and d.fix == "did you mean 'value'?"
    d = only(check(measured(make_story, "indicator,date,value,value,source\n")), "VK004")
    assert "columns C and D are both the value" in d.message


def test_other_columns_are_left_alone(make_story: MakeStory) -> None:
    csv = "Indicator,What it measures,Date,Value,Source\ntold-once,Told once,2026-04-01,3,S\n"
    assert not check(measured(make_story, csv)).diagnostics


def test_a_control_character_is_named_in_its_cell(make_story: MakeStory) -> None:
    csv = HEADER + "told-once,2026-04-01,31,Survey\x1b[31m,\n"
    d = only(check(measured(make_story, csv)), "VK010")
    assert where(d) == ("measures.csv", 2, 1)
    assert "the source has an invisible control character, ESC (escape, U+001B)" in d.text
    assert "after 'Survey'" in d.text and "\x1b" not in str(d)


def test_a_file_not_saved_as_utf8_says_how_to_save_it(make_story: MakeStory) -> None:
    raw = (HEADER + "told-once,2026-04-01,31,Enquête,\n").encode("cp1252")
    d = only(check(measured(make_story, raw)), "VK002")
    assert where(d) == ("measures.csv", 2, 1)
    assert "line 2 has the byte 0xEA" in d.text
    assert "'CSV UTF-8 (Comma delimited) (*.csv)'" in d.text
    d = only(check(measured(make_story, HEADER.encode("utf-16"))), "VK002")
    assert "Unicode text (UTF-16)" in d.text


def test_an_empty_file_and_more_cells_than_columns(make_story: MakeStory) -> None:
    d = only(check(measured(make_story, "\n\n")), "VK006")
    assert "measures.csv is empty" in d.text
    d = only(check(measured(make_story, HEADER + "told-once,2026-04-01,3,S,n,extra\n")), "VK006")
    assert d.message == "row 2: it has more cells than the first row has columns"


def test_a_confidential_name_in_a_source_or_note_is_refused(make_story: MakeStory) -> None:
    csv = (
        HEADER
        + "told-once,2026-04-01,31,Survey,\n"
        + "told-once,2026-05-01,33,Survey,Checked by jane.realperson@council.example\n"
    )
    d = only(check(measured(make_story, csv)), "VK110")
    assert where(d) == ("measures.csv", 3, 1)
    assert d.message.startswith("row 3, the note: this cell contains the real name")
    assert "Realperson" not in str(d) and "realperson" not in str(d)


# --- bounds --------------------------------------------------------------------------------


def test_problems_past_the_hundredth_are_counted_not_listed(make_story: MakeStory) -> None:
    rows = "".join(f"told-once,2026-04-{n % 28 + 1:02d},x{n},S,\n" for n in range(250))
    found = measures_findings(measured(make_story, HEADER + rows))
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1].message == "150 more problems in measures.csv, not listed"


def test_too_many_rows_stops_reading_at_the_first_row_too_many() -> None:
    row = "told-once,2026-04-01,3,S\n"
    read = parse_measures((HEADER + row * (MAX_ROWS + 5)).encode())
    [d] = read.diagnostics
    assert d.code.value == "VK003" and d.position is not None
    assert d.position.line == MAX_ROWS + 1 and "more than 20,000 rows" in d.message
    assert not read.readings


def test_a_huge_cell_is_refused_without_being_quoted(make_story: MakeStory) -> None:
    note = "word " * 20_000
    csv = HEADER + f"told-once,2026-04-01,31,Survey,{note}\n"
    d = only(check(measured(make_story, csv)), "VK111")
    assert "row 2, column E: the note is too long" in d.message and "it has 99,999" in d.text
    assert len(str(d)) < 300


def test_emoji_and_invisible_characters(make_story: MakeStory) -> None:
    csv = (
        HEADER + "told-once,2026-04-01,31,Survey 📋,Up 👍🏽\n" + "told-once,2026-05-01,3,\u200b,\n"
    )
    result = check(measured(make_story, csv))
    d = only(result, "VK102")
    assert "row 3, column D: the source holds only invisible characters" in d.text
    assert result.folder is not None and result.folder.readings[0].note == "Up 👍🏽"


def test_a_cell_that_runs_to_the_end_of_the_file_is_one_message(make_story: MakeStory) -> None:
    csv = HEADER + 'told-once,2026-04-01,31,"Survey,' + "x" * 200_000 + "\n"
    d = only(check(measured(make_story, csv)), "VK003")
    assert where(d) == ("measures.csv", 2, 1)
    assert "row 2 has a cell of more than 131,072 characters" in d.text
    assert 'every " in a cell is doubled' in d.text


def test_every_unknown_id_is_counted_but_a_hundred_are_listed(make_story: MakeStory) -> None:
    rows = "".join(f"indicator-{n},2026-04-01,3,S,\n" for n in range(300))
    found = [
        d for d in check(measured(make_story, HEADER + rows)).errors if d.code.value == "VK105"
    ]
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1].message == "200 more unknown indicator ids in measures.csv, not listed"


def test_a_link_out_of_the_folder_and_a_named_pipe_are_never_read(
    make_story: MakeStory, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text(HEADER + "told-once,2026-04-01,31,Survey,\n")
    root = make_story({"priorities.yml": PRIORITIES})
    (root / "measures.csv").symlink_to(secret)
    result = check(root)
    d = only(result, "VK107")
    assert d.file == "measures.csv" and result.folder is not None
    assert result.folder.readings == ()
    (root / "measures.csv").unlink()
    os.mkfifo(root / "measures.csv")
    d = only(check(root), "VK008")
    assert "measures.csv is a named pipe (FIFO), not a file" in d.text


def test_a_file_far_too_large_says_what_to_check(make_story: MakeStory) -> None:
    csv = HEADER + ("told-once,2026-04-01,31,Survey,\n" * 80_000)
    d = only(check(measured(make_story, csv)), "VK003")
    assert "check that it is the right file, saved as CSV" in d.text
