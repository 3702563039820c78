"""Reduced-precision dates, query dates and record times (no store). EDTF's uncertain
dates: tests/uncertain/test_edtf_dates.py."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.domain import dates
from timeline.domain.dates import (
    EPOCH,
    PartialDate,
    format_time,
    parse_query_date,
    parse_query_end,
    parse_record_time,
    to_micros,
)
from timeline.errors import InvalidValue


def one_line(exc: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("text", "start", "precision"),
    [
        ("2021", dt.date(2021, 1, 1), "year"),
        ("2021-11", dt.date(2021, 11, 1), "month"),
        ("2021-11-02", dt.date(2021, 11, 2), "day"),
        ("  2021-11-02\n", dt.date(2021, 11, 2), "day"),
        ("0001", dt.date(1, 1, 1), "year"),
        ("9999-12-31", dt.date(9999, 12, 31), "day"),
    ],
)
def test_parse_text_gives_start_of_period_and_precision(
    text: str, start: dt.date, precision: str
) -> None:
    parsed = PartialDate.parse(text)
    assert parsed.start == start
    assert parsed.precision == precision


def test_parse_int_is_a_year() -> None:
    assert PartialDate.parse(2021) == PartialDate(dt.date(2021, 1, 1), "year")
    assert PartialDate.parse(1000).start == dt.date(1000, 1, 1)
    assert PartialDate.parse(9999).start == dt.date(9999, 1, 1)


def test_parse_date_and_datetime_objects_are_days() -> None:
    assert PartialDate.parse(dt.date(2014, 4, 1)) == PartialDate(dt.date(2014, 4, 1), "day")
    moment = dt.datetime(2014, 4, 1, 23, 59, tzinfo=dt.UTC)
    assert PartialDate.parse(moment) == PartialDate(dt.date(2014, 4, 1), "day")


def test_parse_partial_date_is_returned_as_it_is() -> None:
    month = PartialDate(dt.date(2021, 10, 1), "month")
    assert PartialDate.parse(month) is month


@pytest.mark.parametrize("value", [True, False, None, 2021.0, ["2021"], {"on": "2021"}])
def test_parse_refuses_values_that_are_not_dates(value: object) -> None:
    with pytest.raises(InvalidValue) as exc:
        PartialDate.parse(value, what="'on' date")
    message = one_line(exc)
    assert message.startswith("invalid 'on' date")
    assert repr(value) in message
    assert "YYYY-MM-DD" in message


@pytest.mark.parametrize(
    "text",
    ["", "21", "202", "20211", "2021-1", "2021-11-1", "2021/11/01", "2021-11-01T00:00",
     "01-11-2021", "2021-11-", "year 2021", "\uff12\uff10\uff12\uff11", "10000"],
)
def test_parse_refuses_malformed_text(text: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        PartialDate.parse(text)
    message = one_line(exc)
    assert message.startswith("invalid date")
    assert repr(text) in message


@pytest.mark.parametrize("year", [-1, 0, 7, 99, 999, 10000, 20211101])
def test_parse_refuses_ints_that_are_no_four_digit_year(year: int) -> None:
    # YAML reads "on: 99" as 99, which must not become the year 0099.
    with pytest.raises(InvalidValue) as exc:
        PartialDate.parse(year, what="'on' date")
    message = one_line(exc)
    assert message.startswith(f"invalid 'on' date {year}")
    assert "four digits" in message


def test_parse_cuts_a_long_value_short_in_its_refusal() -> None:
    with pytest.raises(InvalidValue) as exc:
        PartialDate.parse("2021" * 100)
    message = one_line(exc)
    assert "'20212021" in message
    assert len(message) < 200


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2021-02-29", "day is out of range"),
        ("2021-04-31", "day is out of range"),
        ("2021-13", "month must be in 1..12"),
        ("2021-00-10", "month must be in 1..12"),
        ("2021-11-00", "day is out of range"),
        ("0000", "year 0 is out of range"),
    ],
)
def test_parse_refuses_impossible_dates(text: str, why: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        PartialDate.parse(text, what="'announced' date")
    message = one_line(exc)
    assert message.startswith(f"impossible 'announced' date {text!r}")
    assert why in message


def test_leap_day_is_possible_in_a_leap_year() -> None:
    assert PartialDate.parse("2020-02-29").start == dt.date(2020, 2, 29)
    assert PartialDate.parse("2000-02-29").start == dt.date(2000, 2, 29)
    with pytest.raises(InvalidValue, match="impossible"):
        PartialDate.parse("1900-02-29")


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("2021", dt.date(2021, 12, 31)),
        ("2021-01", dt.date(2021, 1, 31)),
        ("2021-04", dt.date(2021, 4, 30)),
        ("2021-12", dt.date(2021, 12, 31)),
        ("9999-12", dt.date(9999, 12, 31)),
        ("2021-02", dt.date(2021, 2, 28)),
        ("2020-02", dt.date(2020, 2, 29)),
        ("2000-02", dt.date(2000, 2, 29)),
        ("1900-02", dt.date(1900, 2, 28)),
        ("2021-11-02", dt.date(2021, 11, 2)),
    ],
)
def test_end_is_the_last_day_of_the_period(text: str, end: dt.date) -> None:
    assert PartialDate.parse(text).end == end


@pytest.mark.parametrize("text", ["2021", "2021-03", "2021-03-04", "0987", "0012-01-02"])
def test_str_gives_back_the_text_with_its_precision(text: str) -> None:
    assert str(PartialDate.parse(text)) == text


def test_str_pads_years_before_1000() -> None:
    assert str(PartialDate(dt.date(987, 6, 1), "month")) == "0987-06"


def test_ordinal_is_the_day_number_of_the_start() -> None:
    assert PartialDate.parse("2021-11").ordinal == dt.date(2021, 11, 1).toordinal()
    assert PartialDate.parse("2021").ordinal < PartialDate.parse("2021-01-02").ordinal


def test_query_date_is_the_start_and_query_end_the_end() -> None:
    assert parse_query_date("2021-11") == dt.date(2021, 11, 1)
    assert parse_query_end("2021-11") == dt.date(2021, 11, 30)
    assert parse_query_date("2021") == dt.date(2021, 1, 1)
    assert parse_query_end("2021") == dt.date(2021, 12, 31)
    assert parse_query_end("2021-11-05") == parse_query_date("2021-11-05") == dt.date(2021, 11, 5)


@pytest.mark.parametrize("word", ["today", " Today ", "TODAY"])
def test_query_today_is_the_utc_date(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: dt.date(2030, 5, 6))
    assert parse_query_date(word) == dt.date(2030, 5, 6)
    assert parse_query_end(word) == dt.date(2030, 5, 6)


def test_today_is_in_utc() -> None:
    before = dt.datetime.now(dt.UTC).date()
    result = dates.today()
    after = dt.datetime.now(dt.UTC).date()
    assert before <= result <= after


def test_query_dates_name_what_is_refused() -> None:
    with pytest.raises(InvalidValue) as exc:
        parse_query_date("yesterday", what="--as-of date")
    assert one_line(exc).startswith("invalid --as-of date 'yesterday'")
    with pytest.raises(InvalidValue) as exc:
        parse_query_end("2021-02-30", what="--to date")
    assert one_line(exc).startswith("impossible --to date '2021-02-30'")


def test_record_time_of_a_date_is_the_end_of_that_day_in_utc() -> None:
    moment = parse_record_time("2021-11-02")
    assert moment == dt.datetime(2021, 11, 2, 23, 59, 59, 999999, tzinfo=dt.UTC)
    assert moment.tzinfo is dt.UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-11-02T10:30:00", dt.datetime(2021, 11, 2, 10, 30, tzinfo=dt.UTC)),
        ("2021-11-02 10:30", dt.datetime(2021, 11, 2, 10, 30, tzinfo=dt.UTC)),
        ("2021-11-02T10:30:00Z", dt.datetime(2021, 11, 2, 10, 30, tzinfo=dt.UTC)),
        ("2021-11-02T10:30:00+02:00", dt.datetime(2021, 11, 2, 8, 30, tzinfo=dt.UTC)),
        ("2021-11-02T01:00:00+05:00", dt.datetime(2021, 11, 1, 20, 0, tzinfo=dt.UTC)),
        ("2021-11-02T23:00:00-03:00", dt.datetime(2021, 11, 3, 2, 0, tzinfo=dt.UTC)),
        ("  2021-11-02T10:30:00.123456Z ",
         dt.datetime(2021, 11, 2, 10, 30, 0, 123456, tzinfo=dt.UTC)),
    ],
)
def test_record_time_of_a_timestamp_is_converted_to_utc(text: str, expected: dt.datetime) -> None:
    moment = parse_record_time(text)
    assert moment == expected
    assert moment.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("text", ["2021", "2021-11"])
def test_record_time_refuses_reduced_precision(text: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        parse_record_time(text, what="--known-at time")
    message = one_line(exc)
    assert message.startswith(f"invalid --known-at time {text!r}")
    assert "whole date" in message


@pytest.mark.parametrize("text", ["soon", "2021-11-02T25:00", "2021-11-02T10:30+25:00", ""])
def test_record_time_refuses_malformed_text(text: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        parse_record_time(text)
    message = one_line(exc)
    assert message.startswith(f"invalid time {text!r}")
    assert "ISO timestamp" in message


def test_record_time_refuses_impossible_dates() -> None:
    with pytest.raises(InvalidValue) as exc:
        parse_record_time("2021-02-30")
    assert one_line(exc).startswith("impossible time '2021-02-30'")


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_record_time_refuses_moments_beyond_the_calendar_in_utc(text: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        parse_record_time(text)
    message = one_line(exc)
    assert repr(text) in message
    assert message.endswith("out of range")


def test_now_is_aware_utc() -> None:
    before = dt.datetime.now(dt.UTC)
    moment = dates.now()
    assert moment.tzinfo is not None
    assert before <= moment <= dt.datetime.now(dt.UTC)


@pytest.mark.parametrize(
    ("moment", "micros"),
    [
        (EPOCH, 0),
        (dt.datetime(1970, 1, 1, 0, 0, 1, tzinfo=dt.UTC), 1_000_000),
        (dt.datetime(1970, 1, 2, 0, 0, 0, 7, tzinfo=dt.UTC), 86_400_000_007),
        (dt.datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC), -1),
        (dt.datetime(1970, 1, 1, 2, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))), 0),
    ],
)
def test_to_micros_counts_from_the_epoch_in_utc(moment: dt.datetime, micros: int) -> None:
    assert to_micros(moment) == micros


def test_to_micros_keeps_order() -> None:
    times = [parse_record_time(t) for t in ("2021-11-02T10:30:00.000001Z",
                                             "2021-11-02T10:30:00Z", "1960-01-01")]
    assert sorted(times) == sorted(times, key=to_micros)
    assert to_micros(times[0]) - to_micros(times[1]) == 1


def test_format_time_is_utc_with_microseconds_and_z() -> None:
    zone = dt.timezone(dt.timedelta(hours=-5))
    assert format_time(dt.datetime(2021, 11, 2, 20, 0, tzinfo=zone)) == (
        "2021-11-03T01:00:00.000000Z"
    )
    assert format_time(dt.datetime(2021, 11, 2, 1, 2, 3, 45, tzinfo=dt.UTC)) == (
        "2021-11-02T01:02:03.000045Z"
    )


def test_format_time_reads_back_as_the_same_moment() -> None:
    moment = dt.datetime(2021, 11, 2, 1, 2, 3, 456789, tzinfo=dt.UTC)
    assert parse_record_time(format_time(moment)) == moment


def test_record_time_parsing() -> None:
    assert format_time(parse_record_time("2021-10-18")) == "2021-10-18T23:59:59.999999Z"
    assert format_time(parse_record_time("2021-10-18T12:00:00")) == "2021-10-18T12:00:00.000000Z"
    assert format_time(parse_record_time("2021-10-18T12:00:00+02:00")) == \
        "2021-10-18T10:00:00.000000Z"
