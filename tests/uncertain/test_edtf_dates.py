"""Uncertain dates as EDTF writes them (no store): a span (sometime within), "no later than"
(a tie seen by a day), "no earlier than", and the qualifiers ? and ~; where each stands on the
timeline, and the forms refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from timeline.domain.dates import PartialDate
from timeline.errors import InvalidValue


@pytest.mark.parametrize(("text", "start", "earliest", "precision"), [
    ("../2021-10-27", "2021-10-27", None, "by"),  # no later than: known from that day
    ("../2021", "2021-12-31", None, "by"),
    ("2014-06-06/2017-01-20", "2017-01-20", "2014-06-06", "span"),  # sometime within
    ("2014-06/2017", "2017-12-31", "2014-06-01", "span"),
    ("2021-11-01/..", "9999-12-31", "2021-11-01", "span"),  # no earlier than: never known
    ("2021-11-01?", "2021-11-01", None, "day"),  # a qualifier is kept, and counts as written
    ("2021-11~", "2021-11-01", None, "month"),
])
def test_edtf_forms(text: str, start: str, earliest: str | None, precision: str) -> None:
    day = PartialDate.parse(text)
    assert (day.start.isoformat(), day.earliest and day.earliest.isoformat(),
            day.precision, str(day)) == (start, earliest, precision, text)
    assert day.uncertain == (precision in ("span", "by"))
    assert day.observed == (precision == "by")


def test_a_span_stands_on_the_timeline_where_it_is_known() -> None:
    assert PartialDate.parse("2014-06-06/2017-01-20").sort_day == dt.date(2017, 1, 20)
    assert PartialDate.parse("2021-11-01/..").sort_day == dt.date(2021, 11, 1)
    assert PartialDate.parse("../2021-10-27").first == dt.date.min
    assert PartialDate.parse("2021-10-27").first == dt.date(2021, 10, 27)


@pytest.mark.parametrize(("text", "message"), [
    ("2022/2021", "it ends before it starts"),
    ("../..", "a span needs at least one end"),
    ("2021-02-30/2022", "impossible date '2021-02-30/2022'"),
    ("2021-10-27??", "invalid date '2021-10-27??'"),
    ("2021-21", "month must be in 1..12"),  # EDTF's seasons are not taken
    ("2021-XX", "invalid date '2021-XX'"),  # nor unspecified digits
    ("/2021-10-27", "invalid date '/2021-10-27'"),  # an unknown end: write '..'
    ("2021-10-27T10:00", "invalid date"),
])
def test_other_edtf_forms_are_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=re.escape(message)) as exc:
        PartialDate.parse(text)
    assert "\n" not in str(exc.value)


def test_dates_to_ask_about_are_days_or_periods() -> None:
    with pytest.raises(InvalidValue, match=r"expected YYYY, YYYY-MM or YYYY-MM-DD$"):
        PartialDate.parse_period("../2021-10-27")
    with pytest.raises(InvalidValue, match=r"expected YYYY, YYYY-MM or YYYY-MM-DD$"):
        PartialDate.parse_period("2021-11-01?")


def _ends() -> list[str]:
    """Ends of every shape: years, months (leap Februaries, December), days, qualified."""
    # Few, for the package's grammar takes tens of milliseconds a span.
    return ["2020-02-29", "2021-12-31", "2020-02", "2021-12", "1900", "2021", "2021-02-28?",
            "2020-02~"]


def test_span_bounds_are_the_edtf_packages() -> None:
    """Our direct reading of a span's ends gives the days the edtf package gives."""
    import time

    import edtf

    from timeline.domain.edtf_dates import parse_span

    def day(moment: time.struct_time) -> dt.date:
        return dt.date(moment.tm_year, moment.tm_mon, moment.tm_mday)

    ends = _ends()
    for lo in [*ends, ".."]:
        for hi in [*ends, ".."]:
            text = f"{lo}/{hi}"
            if lo == hi == "..":
                continue
            parsed = edtf.parse_edtf(text)
            want = (None if lo == ".." else day(parsed.lower_strict()),
                    None if hi == ".." else day(parsed.upper_strict()))
            if want[0] is not None and want[1] is not None and want[0] > want[1]:
                with pytest.raises(InvalidValue, match="it ends before it starts"):
                    parse_span(text, "date")
                continue
            span = parse_span(text, "date")
            assert (span.earliest, span.latest) == want, text
