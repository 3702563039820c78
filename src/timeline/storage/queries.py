"""The answers, read from the read model's tables with indexed lookups.

Each function takes an open connection, so that an answer made of several queries is read
in one transaction, from one snapshot (see ``Database.reading``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from sqlalchemy import Connection, Engine, Select, String, exists, literal, select

from timeline.domain.dates import format_time, to_micros
from timeline.domain.values import (
    ActorData,
    Change,
    Diff,
    EventData,
    Fact,
    Interval,
    State,
    canonical,
    fact_order,
    pair_key,
    sorted_pair,
)
from timeline.storage import schema
from timeline.storage.projector import UNREADABLE
from timeline.storage.schema import CONTENT_READER, REC_OPEN, VALID_OPEN, ContentReader
from timeline.storage.spans import (
    OF_PAIR,
    certainty,
    first_seen,
    in_flight,
    possible_changes,
    with_possible,
)

LIVE = ("recorded", "corrected")  # the statuses of versions that count


def actors(conn: Connection, ids: Iterable[str] | None = None) -> list[ActorData]:
    a = schema.actors
    query = select(a.c.id, a.c.name, a.c.kind).order_by(a.c.id)
    if ids is not None:
        query = query.where(a.c.id.in_(list(ids)))
    return [ActorData(r.id, r.name, r.kind) for r in conn.execute(query)]


def actor_ids(conn: Connection) -> dict[str, str]:
    """Each actor's kind, by its id."""
    a = schema.actors
    return {row.id: row.kind for row in conn.execute(select(a.c.id, a.c.kind))}


def state(conn: Connection, a: str, b: str, day: int, known_at: dt.datetime | None = None
          ) -> State:
    """The facts of a relationship as of a day (an ordinal), and what is announced for later."""
    pair = pair_key(a, b)
    rec = _rec(known_at)
    v = schema.versions
    rows = _plain(conn, _STATE, (day, rec, rec, pair, day))
    pending = conn.execute(
        _with_content(conn, _visible_versions(rec))
        .where(v.c.pair == pair, v.c.announced_start.is_not(None),
               v.c.announced_start <= day, v.c.on_start > day)
    ).all()
    facts = sorted(
        (Fact(subject, attribute, json.loads(value), since, event_id)
         for subject, attribute, value, since, event_id in rows),
        key=lambda fact: fact_order(fact.subject, fact.attribute),
    )
    facts = with_possible(pair, facts, in_flight(conn, OF_PAIR, (pair,), day, rec))
    return State(
        actors=sorted_pair(a, b),
        as_of=_day_text(day),
        facts=facts,
        pending=[_event(conn, r) for r in pending],
        known_at=_known(known_at),
    )


# Each fact of the pair, and of its rows visible at the record time the first (in valid_to
# order) that ends after the day: it alone can hold on that day, so a fact with a long
# history costs one index seek, not a scan.
_STATE = ("SELECT k.subject, k.attribute, f.value, f.since, f.event_id FROM tl_keys k "
          "JOIN tl_facts f ON f.id = (SELECT g.id FROM tl_facts g WHERE g.key_id = k.id "
          "AND g.valid_to > {p} AND g.rec_from <= {p} AND g.rec_to > {p} "
          "ORDER BY g.valid_to LIMIT 1) WHERE k.pair = {p} AND f.valid_from <= {p}")


def diff(conn: Connection, a: str, b: str, first: dt.date, last: dt.date,
         known_at: dt.datetime | None = None) -> Diff:
    """What changed on the days from ``first`` to ``last``, both included: the state at the
    end of the day before ``first`` against the state at the end of ``last``."""
    lo, hi = first.toordinal(), last.toordinal()
    before = _values(state(conn, a, b, lo - 1, known_at))
    after = _values(state(conn, a, b, hi, known_at))
    pair = pair_key(a, b)
    rec = _rec(known_at)
    changed = [key for key in sorted(before.keys() | after.keys(), key=lambda k: fact_order(*k))
               if before.get(key) != after.get(key)]
    changes = []
    for subject, attribute in changed:
        # Each changed fact's own effects in the period, by its index.
        causes = _plain(conn, _CAUSES, (pair, subject, attribute, lo, hi, rec, rec))
        key = (subject, attribute)
        if first_seen(before.get(key), [on_text for _, on_text, _ in causes]):
            continue
        changes.append(Change(subject, attribute, before.get(key), after.get(key),
                              list(dict.fromkeys(cause for cause, _, _ in causes)),
                              certainty(lo, [on_lo for _, _, on_lo in causes])))
    listed = {(c.subject, c.attribute) for c in changes}
    flights = in_flight(conn, OF_PAIR, (pair,), hi, rec)
    changes += [c for c in possible_changes(pair, before, after, flights)
                if (c.subject, c.attribute) not in listed]
    changes.sort(key=lambda c: fact_order(c.subject, c.attribute))
    rows = _plain(conn, _EVENTS, (pair, lo, hi, rec, rec))
    return Diff(
        actors=sorted_pair(a, b),
        from_=first.isoformat(),
        to=last.isoformat(),
        changes=changes,
        events=EventList(rows, conn.engine, conn.info[CONTENT_READER]),
        known_at=_known(known_at),
    )


_CAUSES = ("SELECT e.event_id, e.on_text, e.on_lo "
           "FROM tl_keys k JOIN tl_effects e ON e.key_id = k.id "
           "WHERE k.pair = {p} AND k.subject = {p} AND k.attribute = {p} "
           "AND e.on_start >= {p} AND e.on_start <= {p} AND e.rec_from <= {p} AND e.rec_to > {p} "
           "ORDER BY e.on_start, e.seq")
# The rows of ``_visible_versions``: (event_id, status, recorded_at, content_version).
_EVENTS = ("SELECT event_id, status, recorded_at, content_version FROM tl_versions "
           "WHERE pair = {p} AND on_start >= {p} AND on_start <= {p} AND rec_from <= {p} "
           "AND rec_to > {p} AND status IN ('recorded', 'corrected') ORDER BY on_start, seq")


def _plain(conn: Connection, statement: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """Rows as plain tuples, straight from the driver, in the connection's transaction:
    they can be tens of thousands, and SQLAlchemy's row objects cost more than them."""
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    driver: Any = conn.connection.driver_connection
    return list(driver.execute(statement.format(p=mark), params).fetchall())


class EventList(Sequence[EventData]):
    """Events as the read model lists them, each read from the log only when looked at, a
    few hundred at a time: a diff over a long period answers without decoding them all.
    The log's entries never change, so reading them later reads what the snapshot held."""

    def __init__(self, rows: Sequence[Any], engine: Engine, reader: ContentReader) -> None:
        self._rows = rows
        self._engine = engine
        self._reader = reader

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> EventData: ...

    @overload
    def __getitem__(self, index: slice) -> list[EventData]: ...

    def __getitem__(self, index: int | slice) -> EventData | list[EventData]:
        if isinstance(index, slice):
            return self._load(self._rows[index])
        return self._load([self._rows[index]])[0]

    def __iter__(self) -> Iterator[EventData]:
        for start in range(0, len(self._rows), 500):
            yield from self._load(self._rows[start:start + 500])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"EventList({len(self)} events)"

    def _load(self, rows: Sequence[Any]) -> list[EventData]:
        with self._engine.connect() as conn, conn.begin():
            return events_of(conn, rows, self._reader)


def events_of(conn: Connection, rows: Sequence[Any], reader: ContentReader) -> list[EventData]:
    """The events of rows ``(event_id, status, recorded_at, content_version)``, their
    content read from the log."""
    log = schema.event_log(conn.dialect.name)
    entries = {
        (entry.originator_id, entry.originator_version): entry
        for entry in conn.execute(
            select(log.c.originator_id, log.c.originator_version, log.c.topic, log.c.state)
            .where(log.c.originator_id.in_(sorted({"event:" + row[0] for row in rows})))
        )
    }
    return [EventData.from_stored(event_id, _decoded(
                reader, entries.get(("event:" + event_id, content_version))),
                _time(recorded_at), status)
            for event_id, status, recorded_at, content_version in rows]


def intervals(conn: Connection, a: str, b: str, known_at: dt.datetime | None = None
              ) -> list[Interval]:
    """Every fact interval of the relationship as recorded at ``known_at`` (or now)."""
    rec = _rec(known_at)
    f, k = schema.facts, schema.keys
    rows = conn.execute(
        select(k.c.subject, k.c.attribute, f.c.value, f.c.valid_from, f.c.valid_to,
               f.c.since, f.c.event_id).join_from(k, f, f.c.key_id == k.c.id)
        .where(k.c.pair == pair_key(a, b), f.c.rec_from <= rec, f.c.rec_to > rec)
        .order_by(k.c.subject, k.c.attribute, f.c.valid_from)
    ).all()
    return [
        Interval(r.subject, r.attribute, json.loads(r.value), _day_text(r.valid_from),
                 None if r.valid_to >= VALID_OPEN else _day_text(r.valid_to), r.since,
                 r.event_id)
        for r in rows
    ]


def log(
    conn: Connection,
    pair: tuple[str, str] | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
    types: Sequence[str] = (),
    known_at: dt.datetime | None = None,
    include_retracted: bool = False,
    *,
    actor: str | None = None,
    about: str | None = None,
    location: str | None = None,
) -> Iterator[EventData]:
    """Events in order of ``on`` (then recording order), from ``first`` to ``last``; with
    ``actor``, those it is a party to; with ``about``, those about that actor or topic;
    with ``location``, those whose location holds that text (any case)."""
    v, p, m = schema.versions, schema.pairs, schema.mentions
    query = _with_content(conn, _visible_versions(_rec(known_at), include_retracted))
    if pair is not None:
        query = query.where(v.c.pair == pair_key(*pair))
    if actor is not None:
        query = query.where(v.c.pair.in_(select(p.c.pair).where(p.c.actor == actor)))
    if about is not None:
        query = query.where(exists().where(m.c.about == about, m.c.event_id == v.c.event_id,
                                           m.c.version == v.c.content_version))
    if first is not None:
        query = query.where(v.c.on_start >= first.toordinal())
    if last is not None:
        query = query.where(v.c.on_start <= last.toordinal())
    if types:
        query = query.where(v.c.type.in_(list(types)))
    if conn.dialect.name == "postgresql":  # a server-side cursor: memory stays bounded
        query = query.execution_options(yield_per=1000)
    needle = location.casefold() if location is not None else None
    result = conn.execute(query)
    try:
        for row in result:
            found = _event(conn, row)
            # Locations are free text kept in the log, not indexed: matched as read.
            if needle is None or needle in str(found.fields.get("location", "")).casefold():
                yield found
    finally:
        result.close()  # a listing stopped half-way leaves no server-side cursor open


def event(conn: Connection, event_id: str) -> EventData | None:
    """The event as the record now holds it (retracted ones too), or None."""
    v = schema.versions
    row = conn.execute(
        _with_content(conn, _visible_versions(REC_OPEN - 1, include_retracted=True))
        .where(v.c.event_id == event_id)
    ).first()
    return _event(conn, row) if row is not None else None


@dataclass
class Stored:
    """What the store holds under one event id: every version's content, canonical."""

    contents: set[str] = field(default_factory=set)
    current: str = ""
    status: str = ""


def versions_of(conn: Connection, event_ids: Iterable[str]) -> dict[str, Stored]:
    """For each of these ids the store holds, every version it has held."""
    v = schema.versions
    ids = list(event_ids)
    out: dict[str, Stored] = {}
    for start in range(0, len(ids), 500):
        for row in conn.execute(
            _with_content(conn, select(v.c.event_id, v.c.status, v.c.rec_to))
            .where(v.c.event_id.in_(ids[start:start + 500]))
        ):
            stored = out.setdefault(row.event_id, Stored())
            content = _decoded(conn.info[CONTENT_READER], row)
            text = canonical(content) if isinstance(content, dict) else ""
            stored.contents.add(text)
            if row.rec_to == REC_OPEN:
                stored.current, stored.status = text, row.status
    return out


def unreadable(conn: Connection) -> list[str]:
    """Events whose current version the projection could not read."""
    v = schema.versions
    return list(conn.execute(
        select(v.c.event_id).where(v.c.rec_to == REC_OPEN, v.c.status == UNREADABLE)
        .order_by(v.c.seq)
    ).scalars())


def event_ids_like(conn: Connection, event_id: str, limit: int = 5000) -> list[str]:
    """Current event ids that start as this one does (to suggest one for a typo)."""
    v = schema.versions
    return list(conn.execute(
        select(v.c.event_id).where(v.c.rec_to == REC_OPEN)
        .where(v.c.event_id.like(f"{event_id[:3]}%")).limit(limit)
    ).scalars())


def _values(state: State) -> dict[tuple[str, str], Any]:
    """What is known of each fact (an uncertain one may have no known value)."""
    return {(f.subject, f.attribute): f.value for f in state.facts if f.value is not None}


def _visible_versions(rec: int, include_retracted: bool = False) -> Select[Any]:
    v = schema.versions
    query = (
        select(v.c.event_id, v.c.status, v.c.recorded_at, v.c.content_version)
        .where(v.c.rec_from <= rec, v.c.rec_to > rec)
        .order_by(v.c.on_start, v.c.seq)
    )
    if not include_retracted:
        query = query.where(v.c.status.in_(LIVE))
    return query


def _with_content(conn: Connection, query: Select[Any]) -> Select[Any]:
    """The query's versions with the log entries holding their content."""
    v, log = schema.versions, schema.event_log(conn.dialect.name)
    return query.add_columns(log.c.originator_id, log.c.originator_version, log.c.topic,
                             log.c.state).join_from(
        v, log, (log.c.originator_id == literal("event:", String) + v.c.event_id)
        & (log.c.originator_version == v.c.content_version), isouter=True)


def _decoded(reader: ContentReader, entry: Any) -> Any:
    """What a log entry says the event says (None when it cannot be read)."""
    if entry is None or entry.state is None:
        return None
    return reader(entry.originator_id, entry.originator_version, entry.topic,
                  bytes(entry.state))


def _event(conn: Connection, row: Any) -> EventData:
    """The event of a row of ``_with_content``, decoded by the store's reader."""
    return EventData.from_stored(row.event_id, _decoded(conn.info[CONTENT_READER], row),
                                 _time(row.recorded_at), row.status)


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _day_text(day: int) -> str:
    return dt.date.fromordinal(day).isoformat() if day >= 1 else "0001-01-01"


def _rec(known_at: dt.datetime | None) -> int:
    return REC_OPEN - 1 if known_at is None else to_micros(known_at)


def _known(known_at: dt.datetime | None) -> str | None:
    return None if known_at is None else format_time(known_at)
