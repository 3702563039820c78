"""The library for notebooks: ``tl = timeline.open("timeline.db")``, then questions with
friendly arguments (dates as text or ``datetime.date``, ``as_of`` today unless given),
whose answers show as the terminal does and turn into rows for pandas in one call:
``pandas.DataFrame(tl.state("russia", "nato").records())``.

It holds a ``Timeline`` (``tl.timeline``, for everything else) and asks it; an answer
holds the library's value (``answer.value``). Dates are read by the parsers the command
line uses for --as-of, --from, --to and --known-at (domain.dates), so a date means the same
here as there. See docs/notebooks.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from timeline.app import Timeline
from timeline.domain.actor_state import ActorState
from timeline.domain.aliases import KnownActor
from timeline.domain.checks import DEFAULT_MAX_GAP_DAYS
from timeline.domain.date_forms import PERIOD_TEXT
from timeline.domain.dates import parse_query_date, parse_query_end, parse_record_time
from timeline.domain.diffs import Diff
from timeline.domain.findings import Finding
from timeline.domain.histories import Version
from timeline.domain.jsonable import written
from timeline.domain.overview import Changes, Members
from timeline.domain.values import EventData, State
from timeline.errors import InvalidValue, shown
from timeline.views import text
from timeline.views.state_text import render_state_ties

T = TypeVar("T")
Row = dict[str, Any]
Day = str | dt.date
Moment = str | dt.date | dt.datetime


def _day(value: Day, what: str, *, end: bool = False) -> dt.date:
    """A day asked about: a date, or text as --as-of/--from (``end``: as --to) reads it."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return (parse_query_end if end else parse_query_date)(value, what=what)
    raise InvalidValue(f"invalid {what} {shown(value)}: expected a datetime.date or "
                       f"{PERIOD_TEXT} text")


def _moment(value: Moment | None, what: str = "known_at") -> dt.datetime | None:
    """A record time as --known-at reads it: a day means its end; a time without a zone
    is UTC."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time.max, tzinfo=dt.UTC)
    if isinstance(value, str):
        return parse_record_time(value, what=what)
    raise InvalidValue(f"invalid {what} {shown(value)}: expected a date, a datetime or "
                       "YYYY-MM-DD text")


def flat(item: Any, prefix: str = "") -> Row:
    """A JSON object as one row: a nested object's keys joined with a dot
    (``fields.count``); lists and plain values as they are."""
    row: Row = {}
    for key, value in item.items():
        if isinstance(value, dict):
            row.update(flat(value, f"{prefix}{key}."))
        else:
            row[f"{prefix}{key}"] = value
    return row


def uniform(rows: list[Row]) -> list[Row]:
    """Every row with every key any has (in the order first met), None where it has none:
    the JSON leaves out what does not apply (a certain fact's ``possible``)."""
    keys = list(dict.fromkeys(key for row in rows for key in row))
    return [{key: row.get(key) for key in keys} for row in rows]


def _items(data: Any, part: str) -> list[Any]:
    if isinstance(data, list):
        return data
    if part == "facts" and "relationships" in data:
        # An actor's every relationship: its own facts, then each relationship's, each
        # fact naming whose it is as a relationship's facts do.
        return [*({"actors": [data["actor"]], **f} for f in data["facts"]),
                *({"actors": r["actors"], **f} for r in data["relationships"]
                  for f in r["facts"])]
    if part not in data or not isinstance(data[part], list):
        raise InvalidValue(f"no list {part!r} in this answer: it has "
                           + ", ".join(k for k, v in data.items() if isinstance(v, list)))
    return list(data[part])


class Answer(Generic[T]):
    """An answer: ``value`` as the library gives it, ``to_json()`` as ``--json`` prints it,
    ``records()`` as rows, and shown (repr) as the terminal shows it."""

    def __init__(self, value: T, render: Callable[[T], str], main: str = "") -> None:
        self.value = value
        self._render = render
        self.main = main  # the list records() gives by default ("" : the answer is a list)

    def to_json(self) -> Any:
        """The answer as ``--json`` prints it (parsed: dicts and lists)."""
        return written(self.value)

    def records(self, part: str | None = None) -> list[Row]:
        """One flat dict per fact, change, event or member (``part``: another list of the
        answer, as its JSON names it: "pending", "events", "announced"), each with the
        answer's own plain values (its day, its actors) first; the item's win where a key
        is both. The same keys in every row: ``pandas.DataFrame(answer.records())``."""
        data = self.to_json()
        context = {} if isinstance(data, list) else {
            key: value for key, value in data.items()
            # a list of items (facts, pending events), even an empty one, is no context
            if not (isinstance(value, list) and (not value or isinstance(value[0], dict)))}
        return uniform([{**context, **flat(item)} for item in _items(data, part or self.main)])

    def __str__(self) -> str:
        return self._render(self.value)

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # IPython's display: the terminal's text, not repr's quoting of it
        printer.text(str(self))


class Notebook:
    """A store, asked with friendly arguments; see the module. Close it (or use it in a
    ``with``) to release the store."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline

    @classmethod
    def open(cls, spec: str | None = None) -> Self:
        """The store ``spec`` names (a SQLite path, sqlite:/// or postgresql:// URL;
        None: timeline.db), which must exist."""
        return cls(Timeline.open(spec, create=False))

    def close(self) -> None:
        self.timeline.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def state(self, a: str, b: str | None = None, as_of: Day | None = None,
              known_at: Moment | None = None, kinds: Sequence[str] = ()
              ) -> Answer[State | ActorState]:
        """The ties between ``a`` and ``b`` at the end of ``as_of`` (default today); with
        ``a`` alone, every tie of ``a``. Records: one per fact."""
        day = _day("today" if as_of is None else as_of, "as_of")
        when = _moment(known_at)
        found: State | ActorState
        if b is None:
            found = self.timeline.actor_state(a, day, when).only(kinds)
        else:
            found = self.timeline.state(a, b, day, when).only(kinds)
        # shown as `timeline state` shows it, one line per tie (records: every fact)
        return Answer(found, render_state_ties, "facts")

    def changes(self, from_: Day, to: Day, actor: str | None = None,
                types: Sequence[str] = (), known_at: Moment | None = None
                ) -> Answer[Changes]:
        """Every change from ``from_`` to ``to`` (both included; a year or month is the
        whole of it), of every relationship or ``actor``'s. Records: one per change."""
        found = self.timeline.changes(_day(from_, "from"), _day(to, "to", end=True), actor,
                                      types, _moment(known_at))
        return Answer(found, text.render_changes, "changes")

    def diff(self, a: str, b: str, from_: Day, to: Day,
             known_at: Moment | None = None) -> Answer[Diff]:
        """What changed between ``a`` and ``b`` from ``from_`` to ``to``. Records: one per
        change (``records("events")``: the events)."""
        found = self.timeline.diff(a, b, _day(from_, "from"), _day(to, "to", end=True),
                                   _moment(known_at))
        return Answer(found, text.render_diff, "changes")

    def log(self, a: str | None = None, b: str | None = None, *, from_: Day | None = None,
            to: Day | None = None, types: Sequence[str] = (), known_at: Moment | None = None,
            include_retracted: bool = False, about: str | None = None,
            location: str | None = None) -> Answer[list[EventData]]:
        """The events between ``a`` and ``b`` (with ``a`` alone: every event ``a`` is a
        party to; with neither: all), in order of when they took effect. Records: one per
        event."""
        pair = (a, b) if a is not None and b is not None else None
        if b is not None and a is None:
            raise InvalidValue("give a first actor with the second, or an actor alone")
        found = self.timeline.list_events(
            pair, None if from_ is None else _day(from_, "from"),
            None if to is None else _day(to, "to", end=True), types, _moment(known_at),
            include_retracted, actor=a if pair is None else None, about=about,
            location=location)
        # as `timeline log` prints it, in the columns of any date (see text.render_log)
        return Answer(found, text.render_log)

    def members(self, group: str, as_of: Day | None = None,
                known_at: Moment | None = None) -> Answer[Members]:
        """The members of ``group`` at the end of ``as_of`` (default today). Records: one
        per member."""
        found = self.timeline.members(group, _day("today" if as_of is None else as_of,
                                                  "as_of"), _moment(known_at))
        return Answer(found, text.render_members, "members")

    def actors(self) -> Answer[list[KnownActor]]:
        """Every actor, with its aliases. Records: one per actor."""
        return Answer(self.timeline.names.known_actors(), text.render_actors)

    def history(self, event_id: str) -> Answer[list[Version]]:
        """Every version of an event. Records: one per version (its event's keys as
        ``event.on``, ``event.fields.count``)."""
        return Answer(self.timeline.history(event_id), text.render_versions)

    def check(self, a: str | None = None, b: str | None = None,
              max_gap_days: int = DEFAULT_MAX_GAP_DAYS, deep: bool = False
              ) -> Answer[list[Finding]]:
        """Inconsistencies in the record (of ``a`` and ``b``'s relationship, or all).
        Records: one per finding."""
        if (a is None) != (b is None):
            raise InvalidValue("check takes two actors or none")
        pair = (a, b) if a is not None and b is not None else None
        return Answer(self.timeline.check(pair, max_gap_days, deep), text.render_findings)
