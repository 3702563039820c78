"""The EDTF (Library of Congress Extended Date/Time Format, level 1) forms an event's date
may take besides a plain day, month or year: a span it happened sometime within
(``2014-06-06/2017-01-20``), no later than a day (``../2021-10-27``), no earlier than a day
(``2021-11-01/..``), and the qualifiers ``?`` (uncertain) and ``~`` (approximate).

Which forms are accepted is decided here (the shape), and each end's first and last day
read directly from it (a day, a month, a year), the calendar checked by ``datetime``: as fast
as a plain date. The ``edtf`` package (a development dependency) is the oracle the tests
hold these bounds to.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from timeline.domain.date_forms import EVENT_TEXT
from timeline.errors import InvalidValue, shown

OPEN = ".."
_END = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?[?~]?"
# One date with a qualifier, or a span whose ends are such dates or open ('..').
SHAPE = re.compile(rf"(?P<one>{_END})|(?P<lo>{_END}|\.\.)/(?P<hi>{_END}|\.\.)")
FORMS = EVENT_TEXT


@dataclass(frozen=True)
class Span:
    """What an EDTF span says of when something happened: not before ``earliest`` (None:
    no bound) and by ``latest`` (None: not known ever to have)."""

    earliest: dt.date | None
    latest: dt.date | None


def is_span(text: str) -> bool:
    return "/" in text


def is_qualified(text: str) -> bool:
    return text.endswith(("?", "~"))


def follows(later: str, earlier: str) -> bool:
    """``later`` is a span that begins with the period ``earlier`` ends with
    (``1935/1940`` after ``1930/1935`` or ``../1935``): successive observations of one
    series, which a source writes so because the first was seen before the second began."""
    after, before = SHAPE.fullmatch(later), SHAPE.fullmatch(earlier)
    return (after is not None and before is not None and after.group("lo") not in (None, OPEN)
            and after.group("lo") == before.group("hi"))


def parse_span(text: str, what: str) -> Span:
    """The span an EDTF level-1 interval gives, or a one-line refusal naming it. The shape
    is known by then, so each end's days are read directly: the ``edtf`` package's grammar
    cost 5 to 10 ms a span (tests/uncertain/test_edtf_dates.py checks these bounds against
    it)."""
    match = SHAPE.fullmatch(text)
    if match is None or match.group("one"):
        raise InvalidValue(f"invalid {what} {shown(text)}: expected {FORMS}")
    lo, hi = match.group("lo"), match.group("hi")
    if lo == OPEN and hi == OPEN:
        raise InvalidValue(f"invalid {what} {shown(text)}: a span needs at least one end")
    earliest = None if lo == OPEN else _bounds(lo.rstrip("?~"), text, what)[0]
    latest = None if hi == OPEN else _bounds(hi.rstrip("?~"), text, what)[1]
    if earliest is not None and latest is not None and earliest > latest:
        raise InvalidValue(f"invalid {what} {shown(text)}: it ends before it starts")
    return Span(earliest, latest)


def _bounds(end: str, text: str, what: str) -> tuple[dt.date, dt.date]:
    """The first and last day of an end of a span: a day of the calendar, a month (01 to
    12: EDTF's seasons, 21 to 24, are no month here: ``2021-21`` is a typo for ``2021-12``,
    not the spring) or a year; refused in one line otherwise. A qualifier (? ~) does not
    move them."""
    parts = [int(p) for p in end.split("-")]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise InvalidValue(f"invalid {what} {shown(text)}: {end} has no month {parts[1]:02d} "
                           f"(months are 01 to 12; {FORMS})")
    try:
        if len(parts) == 3:
            day = dt.date(*parts)
            return day, day
        if len(parts) == 2:
            year, month = parts
            return (dt.date(year, month, 1),
                    dt.date(year, month, calendar.monthrange(year, month)[1]))
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    except ValueError as exc:
        raise InvalidValue(f"impossible {what} {shown(text)}: {end}: {exc}") from None
