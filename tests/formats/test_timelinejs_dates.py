"""TimelineJS dates of our dates: a span stands where it is known and reads as written."""

from __future__ import annotations

import pytest

from timeline.interchange.timelinejs import _tl_date


@pytest.mark.parametrize(("on", "expected"), [
    ("2021", {"year": "2021", "display_date": "2021"}),
    ("2021-10", {"year": "2021", "month": "10", "display_date": "October 2021"}),
    ("2021-11-01?", {"year": "2021", "month": "11", "day": "1",
                     "display_date": "1 November 2021?"}),
    ("2014-06-06/2017-01-20", {"year": "2017", "month": "1", "day": "20",
                               "display_date": "2014-06-06/2017-01-20"}),
    ("../2021-10-27", {"year": "2021", "month": "10", "day": "27",
                       "display_date": "../2021-10-27"}),
    ("2021-11-01/..", {"year": "2021", "month": "11", "day": "1",
                       "display_date": "2021-11-01/.."}),
])
def test_timelinejs_dates(on: str, expected: dict[str, str]) -> None:
    assert _tl_date(on) == expected
