"""Folding a fact's effects into the intervals it held (no store)."""

from __future__ import annotations

import datetime as dt
import itertools
import json

from timeline.domain.fold import VALID_OPEN, Interval, fold

Row = tuple[int, str, str, str, str]


def day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def set_(on: str, value: object, event: str) -> Row:
    return (day(on), "set", json.dumps(value), on, event)


def add(on: str, value: int, event: str) -> Row:
    return (day(on), "add", json.dumps(value), on, event)


def test_no_effects_and_no_prior_hold_nothing() -> None:
    assert fold([]) == []


def test_one_set_holds_from_its_day_until_further_notice() -> None:
    assert fold([set_("2021-11-01", "open", "e1")]) == [
        Interval(day("2021-11-01"), VALID_OPEN, '"open"', "2021-11-01", "e1"),
    ]


def test_each_change_closes_the_interval_before_it() -> None:
    rows = [
        set_("2021-01-01", "open", "e1"),
        set_("2021-06-01", "suspended", "e2"),
        set_("2021-11-01", "closed", "e3"),
    ]
    assert fold(rows) == [
        Interval(day("2021-01-01"), day("2021-06-01"), '"open"', "2021-01-01", "e1"),
        Interval(day("2021-06-01"), day("2021-11-01"), '"suspended"', "2021-06-01", "e2"),
        Interval(day("2021-11-01"), VALID_OPEN, '"closed"', "2021-11-01", "e3"),
    ]


def test_effects_of_one_day_collapse_into_the_last_value_of_that_day() -> None:
    rows = [
        set_("2021-01-01", "open", "e1"),
        set_("2021-11-01", "suspended", "e2"),
        set_("2021-11-01", "closed", "e3"),
    ]
    result = fold(rows)
    assert [i.value for i in result] == ['"open"', '"closed"']
    assert result[1] == Interval(day("2021-11-01"), VALID_OPEN, '"closed"', "2021-11-01", "e3")
    assert result[0].valid_to == day("2021-11-01")


def test_a_day_that_ends_where_it_began_starts_no_interval() -> None:
    rows = [
        set_("2021-01-01", "open", "e1"),
        set_("2021-11-01", "closed", "e2"),
        set_("2021-11-01", "open", "e3"),
    ]
    assert fold(rows) == [Interval(day("2021-01-01"), VALID_OPEN, '"open"', "2021-01-01", "e1")]


def test_an_unchanged_value_keeps_the_day_it_first_held() -> None:
    rows = [
        set_("2014-04-01", "suspended", "first"),
        set_("2021-11-01", "suspended", "again"),
    ]
    assert fold(rows) == [
        Interval(day("2014-04-01"), VALID_OPEN, '"suspended"', "2014-04-01", "first"),
    ]


def test_since_and_event_come_from_the_last_effect_of_the_day() -> None:
    # Two events on one day (one known to the day, one to the month): the later one counts.
    rows: list[Row] = [
        (day("2021-11-01"), "set", '"closed"', "2021-11", "month-event"),
        (day("2021-11-01"), "set", '"closed"', "2021-11-01", "day-event"),
    ]
    assert fold(rows) == [
        Interval(day("2021-11-01"), VALID_OPEN, '"closed"', "2021-11-01", "day-event"),
    ]


def test_add_sums_from_zero() -> None:
    rows = [add("2021-10-06", 7, "e1"), add("2021-11-01", 8, "e2")]
    assert fold(rows) == [
        Interval(day("2021-10-06"), day("2021-11-01"), "7", "2021-10-06", "e1"),
        Interval(day("2021-11-01"), VALID_OPEN, "15", "2021-11-01", "e2"),
    ]


def test_adds_of_one_day_sum_into_one_interval() -> None:
    rows = [add("2021-11-01", 3, "e1"), add("2021-11-01", 5, "e2")]
    assert fold(rows) == [Interval(day("2021-11-01"), VALID_OPEN, "8", "2021-11-01", "e2")]


def test_add_after_set_continues_from_the_set_value() -> None:
    rows = [set_("2021-01-01", 10, "cap"), add("2021-02-01", 2, "more")]
    assert [(i.value, i.event_id) for i in fold(rows)] == [("10", "cap"), ("12", "more")]


def test_set_after_add_replaces_the_sum() -> None:
    rows = [add("2021-01-01", 4, "a"), set_("2021-02-01", 1, "reset")]
    assert [i.value for i in fold(rows)] == ["4", "1"]


def test_a_set_to_the_json_of_the_sum_is_no_change() -> None:
    rows = [add("2021-01-01", 2, "a"), add("2021-01-01", 3, "b"), set_("2021-03-01", 5, "s")]
    assert fold(rows) == [Interval(day("2021-01-01"), VALID_OPEN, "5", "2021-01-01", "b")]


def test_prior_alone_is_reopened_until_further_notice() -> None:
    prior = Interval(day("2014-04-01"), day("2021-11-01"), '"open"', "2014-04-01", "p")
    assert fold([], prior) == [
        Interval(day("2014-04-01"), VALID_OPEN, '"open"', "2014-04-01", "p"),
    ]


def test_prior_is_closed_by_the_first_change_after_it() -> None:
    prior = Interval(day("2014-04-01"), VALID_OPEN, '"open"', "2014-04-01", "p")
    result = fold([set_("2021-11-01", "closed", "c")], prior)
    assert result == [
        Interval(day("2014-04-01"), day("2021-11-01"), '"open"', "2014-04-01", "p"),
        Interval(day("2021-11-01"), VALID_OPEN, '"closed"', "2021-11-01", "c"),
    ]


def test_prior_keeps_its_since_when_the_suffix_sets_the_same_value() -> None:
    prior = Interval(day("2014-04-01"), day("2020-01-01"), '"open"', "2014-04", "p")
    result = fold([set_("2020-01-01", "open", "again")], prior)
    assert result == [Interval(day("2014-04-01"), VALID_OPEN, '"open"', "2014-04", "p")]


def test_adds_continue_from_the_prior_value() -> None:
    prior = Interval(day("2021-10-06"), VALID_OPEN, "7", "2021-10-06", "p")
    result = fold([add("2021-11-01", 8, "e")], prior)
    assert [(i.value, i.valid_from, i.valid_to) for i in result] == [
        ("7", day("2021-10-06"), day("2021-11-01")),
        ("15", day("2021-11-01"), VALID_OPEN),
    ]


def test_fold_reads_any_iterable_once() -> None:
    rows = iter([set_("2021-01-01", "open", "e1"), set_("2021-02-01", "closed", "e2")])
    assert [i.value for i in fold(rows)] == ['"open"', '"closed"']


def test_intervals_are_contiguous_and_values_alternate() -> None:
    rows = [set_(f"2021-{m:02d}-01", ("a", "b")[m % 2], f"e{m}") for m in range(1, 13)]
    result = fold(rows)
    assert len(result) == 12
    for before, after in itertools.pairwise(result):
        assert before.valid_to == after.valid_from
        assert before.value != after.value
    assert result[-1].valid_to == VALID_OPEN
