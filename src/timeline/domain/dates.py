"""Dates of reduced precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), EDTF spans and
qualifiers (see edtf_dates), and record times."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from timeline.domain.date_forms import PERIOD_TEXT, TODAY
from timeline.errors import InvalidValue, shown

# A span (EDTF level 1, see edtf_dates): it took effect sometime within it. "by" is a span
# with an open start (``../2021-10-27``): seen to hold by a day, with no word of when it
# began.
Precision = Literal["year", "month", "day", "span", "by"]
OBSERVED = "../"
NEVER = dt.date.max  # the day an open-ended span (``2021-11-01/..``) is known to have happened
# ... as a day number: one past the last day of the calendar, so that no day anybody can ask
# about (9999-12-31 included) ever reaches it.
NEVER_ORDINAL = NEVER.toordinal() + 1
# Valid time "until further notice" (beyond 9999-12-31), as a day number: the end of the
# interval a fact holds now (``fold``). The read model stores it as it is (``storage.schema``).
VALID_OPEN = 10**8
# Years an event may take effect in: what the charts and reports draw, with room on both
# sides for their margins. Queries may still ask about any date.
FIRST_YEAR, LAST_YEAR = 1000, 2999

_PARTIAL = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_PERIODS = PERIOD_TEXT


_PARSED: dict[str, PartialDate] = {}  # text -> its date, for texts that parse
_PARSED_MAX = 100_000


@dataclass(frozen=True)
class PartialDate:
    """When an event took effect, as the source knows it.

    A year, a month or a day takes effect at the start of its period (so ``start`` is that
    day), as it always has. A span (``D1/D2``, ``../D``, ``D/..``) took effect sometime from
    ``earliest`` to ``start``: as of a day within it the fact is only possible, from
    ``start`` on it is known. A ``?`` or ``~`` qualifier is kept and shown, and counts as
    the date it qualifies.
    """

    start: dt.date  # from this day on it is known to have taken effect (NEVER: not known)
    precision: Precision
    earliest: dt.date | None = None  # a span's first possible day (None: no bound)
    text: str = ""  # a span or a qualified date as written

    @classmethod
    def parse(cls, text: object, *, what: str = "date") -> PartialDate:
        if type(text) is str:
            # Imports parse the same few thousand dates again and again.
            known = _PARSED.get(text)
            if known is None:
                known = cls._parse(text, what)
                if len(_PARSED) < _PARSED_MAX:
                    _PARSED[text] = known
            return known
        return cls._parse(text, what)

    @classmethod
    def parse_period(cls, text: object, *, what: str = "date") -> PartialDate:
        """A day or a period (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), not a span."""
        if isinstance(text, str) and not _PARTIAL.fullmatch(text.strip()):
            raise InvalidValue(f"invalid {what} {shown(text)}: expected {_PERIODS}")
        return cls._parse(text, what, _PERIODS)

    @classmethod
    def _parse(cls, text: object, what: str, forms: str = "") -> PartialDate:
        from timeline.domain.edtf_dates import FORMS, is_qualified, is_span, parse_span

        forms = forms or FORMS
        if isinstance(text, PartialDate):
            return text
        if isinstance(text, dt.datetime):
            return cls(text.date(), "day")
        if isinstance(text, dt.date):
            return cls(text, "day")
        if isinstance(text, int) and not isinstance(text, bool):
            # A bare number is a year only when it is written as one: YAML reads "on: 99"
            # as 99, which must not become the year 0099.
            if not 1000 <= text <= 9999:
                raise InvalidValue(f"invalid {what} {text!r}: a year has four digits (write "
                                   "dates as text: YYYY, YYYY-MM or YYYY-MM-DD)")
            text = str(text)
        if not isinstance(text, str):
            raise InvalidValue(f"invalid {what} {shown(text)}: expected {forms}")
        written = text.strip()
        if forms == FORMS and is_span(written):
            span = parse_span(written, what)
            if span.latest is None:
                assert span.earliest is not None
                return cls(NEVER, "span", span.earliest, written)
            if span.earliest is None:
                return cls(span.latest, "by", None, written)
            return cls(span.latest, "span", span.earliest, written)
        if forms == FORMS and is_qualified(written):
            plain = cls._parse(written[:-1], what, forms)
            if plain.text:
                raise InvalidValue(f"invalid {what} {shown(text)}: expected {forms}")
            return cls(plain.start, plain.precision, None, written)
        match = _PARTIAL.fullmatch(written)
        if match is None:
            raise InvalidValue(f"invalid {what} {shown(text)}: expected {forms}")
        year, month, day = match.groups()
        try:
            if day is not None:
                return cls(dt.date(int(year), int(month), int(day)), "day")
            if month is not None:
                return cls(dt.date(int(year), int(month), 1), "month")
            return cls(dt.date(int(year), 1, 1), "year")
        except ValueError as exc:
            raise InvalidValue(f"impossible {what} {text!r}: {exc}") from None

    def __str__(self) -> str:
        if self.text:
            return self.text
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    @property
    def observed(self) -> bool:
        """Seen to hold by its day, with no word of when it began (``../D``)."""
        return self.precision == "by"

    @property
    def uncertain(self) -> bool:
        """A span: before its end, that it has taken effect is only possible."""
        return self.precision in ("span", "by")

    @property
    def first(self) -> dt.date:
        """The first day it may have taken effect."""
        if self.uncertain:
            return self.earliest or dt.date.min
        return self.start

    @property
    def sort_day(self) -> dt.date:
        """Where it stands on a timeline: the day it is known by, or, when that is never
        known, the first day it may have taken effect."""
        return self.first if self.start == NEVER else self.start

    @property
    def ordinal(self) -> int:
        """The day number it is known by (``NEVER_ORDINAL``: never)."""
        return NEVER_ORDINAL if self.start == NEVER else self.start.toordinal()

    @property
    def end(self) -> dt.date:
        """The last day of the period: ``2021`` ends on 2021-12-31; a span ends on the
        day it is known by (or, open-ended, where it starts)."""
        if self.precision in ("day", "by", "span"):
            return self.sort_day
        if self.precision == "month":
            year, month = self.start.year, self.start.month
            if month == 12:
                return dt.date(year, 12, 31)
            return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
        return dt.date(self.start.year, 12, 31)


def check_period(first: dt.date | None, last: dt.date | None) -> None:
    """The one rule of every command that asks about a period (diff, changes, log, chart):
    it may not start after it ends (a refused request, exit 1)."""
    if first is not None and last is not None and first > last:
        raise InvalidValue(f"the period starts on {first.isoformat()}, after it ends on "
                           f"{last.isoformat()}")


def in_our_years(year: int) -> bool:
    """An event may take effect in this year (``FIRST_YEAR`` to ``LAST_YEAR``)."""
    return FIRST_YEAR <= year <= LAST_YEAR


def parse_query_date(text: str, *, what: str = "date") -> dt.date:
    """A date to ask about: a (partial) date meaning the start of its period, or ``today``."""
    if text.strip().lower() == TODAY:
        return today()
    return _asked(text, what).start


def _asked(text: str, what: str) -> PartialDate:
    """A date to ask about: one day or period, not a bound."""
    return PartialDate.parse_period(text, what=what)


def parse_query_end(text: str, *, what: str = "date") -> dt.date:
    """The last day of a (partial) date's period: ``2021`` ends on 2021-12-31."""
    if text.strip().lower() == TODAY:
        return today()
    return _asked(text, what).end


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def parse_record_time(text: str, *, what: str = "time") -> dt.datetime:
    """A recording time: a date (its end, so the whole day counts) or an ISO timestamp.

    A time without a zone is UTC.
    """
    raw = text.strip()
    if _PARTIAL.fullmatch(raw):
        day = PartialDate.parse(raw, what=what)
        if day.precision != "day":
            raise InvalidValue(f"invalid {what} {text!r}: give a whole date or an ISO timestamp")
        end = dt.datetime.combine(day.start, dt.time.max)
        return end.replace(tzinfo=dt.UTC)
    try:  # a date in another ISO form (20211018, 2021-W42-1) means its end too
        return dt.datetime.combine(dt.date.fromisoformat(raw), dt.time.max, tzinfo=dt.UTC)
    except ValueError:
        pass
    try:
        moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidValue(
            f"invalid {what} {text!r}: expected YYYY-MM-DD or an ISO timestamp"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        raise InvalidValue(f"invalid {what} {text!r}: out of range") from None


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_micros(moment: dt.datetime) -> int:
    """A record time as integer microseconds since the epoch, for indexed comparisons."""
    delta = moment.astimezone(dt.UTC) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


@functools.lru_cache(maxsize=256)  # an import formats its one record time for every row
def format_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
