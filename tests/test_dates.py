"""Reading publication dates from datelines and metadata fields."""

from __future__ import annotations

import pytest

from storyline.ingest.dates import parse_any_date, parse_date_line


@pytest.mark.parametrize(("line", "value", "precision"), [
    ("May 14, 2024 10:34 PM", "2024-05-14T22:34", "minute"),
    ("Wednesday 29 Nov 2023", "2023-11-29", "day"),
    ("Last Updated:\u00a0\u00a0Jun 3, 2024 5:01 PM", "2024-06-03T17:01", "minute"),
    ("Published: 2024-05-14T10:00:00Z", "2024-05-14T10:00", "minute"),
    ("Nov. 13, 2024, 9:03 a.m. ET", "2024-11-13T09:03", "minute"),
    ("Tue, 14 May 2024 22:34:00 GMT", "2024-05-14T22:34", "minute"),
    ("Posted on 3 June 2024 | 17:01", "2024-06-03T17:01", "minute"),
    ("14.05.2024", "2024-05-14", "day"),
    ("September 2023", "2023-09", "month"),
    ("Posted 11 / 27 / 2005 7: 21 AM", "2005-11-27T07:21", "minute"),  # as a tokenised text spaces it
    ("First Posted 23: 37: 00 05 / 05 / 2010", "2010-05-05T23:37", "minute"),
    ("27/11/2005", "2005-11-27", "day"),
    ("Published time: March 12, 2013 02: 03", "2013-03-12T02:03", "minute"),
    ("updated 8: 41 p. m. EST, Tue March 3, 2009", "2009-03-03T20:41", "minute"),
    ("Wed May 5, 2010 7: 12pm BST", "2010-05-05T19:12", "minute"),
    ("7: 00pm UK, Wednesday 05 May 2010", "2010-05-05T19:00", "minute"),
])
def test_date_lines(line: str, value: str, precision: str) -> None:
    found = parse_date_line(line)
    assert found is not None and (found.value, found.precision) == (value, precision)


@pytest.mark.parametrize("line", [
    "May 14",  # no year: never completed from the clock
    "2024",
    "Sunday",
    "In Kyiv, May 14, 2024",
    "The war began in February 2022",
    "Nov 2023 Ukraine",
    "2024 dollars",
    "February 30, 2024",
    "05/11/2010",  # 5 November or May 11: never guessed
])
def test_not_date_lines(line: str) -> None:
    assert parse_date_line(line) is None


@pytest.mark.parametrize(("value", "expected"), [
    ("Tue, 14 May 2024 22:34:00 +0000", "2024-05-14T22:34"),
    (1715726040, "2024-05-14T22:34"),
    (1715726040000, "2024-05-14T22:34"),
    ("2024-05-14", "2024-05-14"),
    ("2024-05", "2024-05"),
    ("14 May 2024", "2024-05-14"),
])
def test_metadata_dates(value: object, expected: str) -> None:
    found = parse_any_date(value)
    assert found is not None and found.value == expected


@pytest.mark.parametrize("value", [None, "", "soon", True, "yesterday"])
def test_unreadable_metadata_dates(value: object) -> None:
    assert parse_any_date(value) is None
