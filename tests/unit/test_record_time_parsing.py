"""Record times as given to --known-at: a date is the end of that day, in UTC (no store)."""

from __future__ import annotations

from timeline.domain.dates import format_time, parse_record_time


def test_record_time_parsing() -> None:
    assert format_time(parse_record_time("2021-10-18")) == "2021-10-18T23:59:59.999999Z"
    assert format_time(parse_record_time("2021-10-18T12:00:00")) == "2021-10-18T12:00:00.000000Z"
    assert format_time(parse_record_time("2021-10-18T12:00:00+02:00")) == \
        "2021-10-18T10:00:00.000000Z"
