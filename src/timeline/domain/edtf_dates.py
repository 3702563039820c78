"""The EDTF (Library of Congress Extended Date/Time Format, level 1) forms an event's date
may take besides a plain day, month or year: a span it happened sometime within
(``2014-06-06/2017-01-20``), no later than a day (``../2021-10-27``), no earlier than a day
(``2021-11-01/..``), and the qualifiers ``?`` (uncertain) and ``~`` (approximate).

Which forms are accepted is decided here (the shape); the ``edtf`` package checks the
calendar and gives each end's bounds. It is imported only when a date takes one of these
forms, so plain dates cost nothing more.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass

from timeline.errors import InvalidValue, shown

OPEN = ".."
_END = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?[?~]?"
# One date with a qualifier, or a span whose ends are such dates or open ('..').
SHAPE = re.compile(rf"(?P<one>{_END})|(?P<lo>{_END}|\.\.)/(?P<hi>{_END}|\.\.)")
FORMS = "YYYY, YYYY-MM, YYYY-MM-DD (? uncertain, ~ approximate), D1/D2, ../D or D/.."


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
    """The span an EDTF level-1 interval gives, or a one-line refusal naming it."""
    match = SHAPE.fullmatch(text)
    if match is None or match.group("one"):
        raise InvalidValue(f"invalid {what} {shown(text)}: expected {FORMS}")
    for end in (match.group("lo"), match.group("hi")):
        if end != OPEN:
            _check_end(end.rstrip("?~"), text, what)
    import edtf

    try:
        parsed = edtf.parse_edtf(text)
        lower, upper = parsed.lower_strict(), parsed.upper_strict()
    except Exception:  # the package's own error types vary; any of them is a refusal here
        raise InvalidValue(f"impossible {what} {shown(text)}: not a date of the calendar "
                           f"({FORMS})") from None
    if match.group("lo") == OPEN and match.group("hi") == OPEN:
        raise InvalidValue(f"invalid {what} {shown(text)}: a span needs at least one end")
    earliest = None if match.group("lo") == OPEN else _day(lower)
    latest = None if match.group("hi") == OPEN else _day(upper)
    if earliest is not None and latest is not None and earliest > latest:
        raise InvalidValue(f"invalid {what} {shown(text)}: it ends before it starts")
    return Span(earliest, latest)


def _check_end(end: str, text: str, what: str) -> None:
    """An end of a span is a day of the calendar, a month (01 to 12: EDTF's seasons, 21 to
    24, are no month here: ``2021-21`` is a typo for ``2021-12``, not the spring) or a
    year; refused in one line otherwise, before the edtf package sees it."""
    parts = [int(p) for p in end.split("-")]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise InvalidValue(f"invalid {what} {shown(text)}: {end} has no month {parts[1]:02d} "
                           f"(months are 01 to 12; {FORMS})")
    if len(parts) == 3:
        try:
            dt.date(*parts)
        except ValueError as exc:
            raise InvalidValue(f"impossible {what} {shown(text)}: {end}: {exc}") from None


def _day(moment: object) -> dt.date:
    if not isinstance(moment, time.struct_time):
        raise InvalidValue(f"not a bounded date: {moment!r}")
    return dt.date(moment.tm_year, moment.tm_mon, moment.tm_mday)
