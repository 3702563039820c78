"""The read model: SQLAlchemy tables kept up to date from the event log, and the queries.

Catch-up is exactly-once: the tracking position moves in the same transaction as the rows
it accounts for, and the position row is locked first, so two processes catching up at
once take turns instead of applying the same events twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from timeline import schema
from timeline.dates import format_time, to_micros
from timeline.errors import StoreError
from timeline.model import (
    ActorData,
    Change,
    Diff,
    EventData,
    Fact,
    Interval,
    State,
    fact_order,
    pair_key,
    sorted_pair,
)
from timeline.projection import Projector
from timeline.schema import REC_OPEN, VALID_OPEN
from timeline.store import StoreConfig

# A source of log events: (after notification id, limit) -> [(notification id, event)].
LogReader = Callable[[int, int], Sequence[tuple[int, object]]]
BATCH = 5000


class ReadModel:
    def __init__(self, config: StoreConfig) -> None:
        self.config = config
        self.engine = _make_engine(config)
        self._created = False

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions ---------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(timeline_write=True)
            with conn.begin():
                yield conn

    def create(self) -> None:
        if self._created:
            return
        try:
            schema.metadata.create_all(self.engine, checkfirst=True)
        except DBAPIError:
            # Another process may have created the tables at the same moment.
            schema.metadata.create_all(self.engine, checkfirst=True)
        # Read first: opening a store that exists must not wait for a writer's lock.
        with self.reading() as conn:
            present = conn.execute(select(schema.position.c.id)).first() is not None
        if not present:
            with suppress(IntegrityError), self.writing() as conn:
                conn.execute(
                    insert(schema.position).values(id=1, notification_id=0, last_rec=0)
                    .prefix_with("OR IGNORE", dialect="sqlite")
                )
        self._created = True

    def reset(self) -> None:
        """Drop and recreate every read-model table (the log is untouched)."""
        schema.metadata.drop_all(self.engine, checkfirst=True)
        self._created = False
        self.create()

    # -- catching up ----------------------------------------------------------------

    def position(self) -> int:
        with self.reading() as conn:
            value = conn.execute(select(schema.position.c.notification_id)).scalar()
        return int(value or 0)

    def catch_up(
        self, read_log: LogReader, progress: Callable[[int], None] | None = None
    ) -> int:
        """Apply every logged event not yet applied; returns how many were applied."""
        applied = 0
        while True:
            with self.writing() as conn:
                p = schema.position
                row = conn.execute(
                    select(p.c.notification_id, p.c.last_rec).where(p.c.id == 1)
                    .with_for_update()
                ).one()
                items = read_log(int(row.notification_id), BATCH)
                if not items:
                    return applied
                last_rec = Projector(conn).apply(items, int(row.last_rec))
                conn.execute(
                    update(p).where(p.c.id == 1)
                    .values(notification_id=items[-1][0], last_rec=last_rec)
                )
            applied += len(items)
            if progress is not None:
                progress(len(items))

    # -- queries ----------------------------------------------------------------------

    def actors(self) -> list[ActorData]:
        a = schema.actors
        with self.reading() as conn:
            rows = conn.execute(select(a.c.id, a.c.name, a.c.kind).order_by(a.c.id)).all()
        return [ActorData(r.id, r.name, r.kind) for r in rows]

    def actor_ids(self) -> set[str]:
        with self.reading() as conn:
            return set(conn.execute(select(schema.actors.c.id)).scalars())

    def state(
        self, a: str, b: str, as_of: dt.date, known_at: dt.datetime | None = None
    ) -> State:
        pair = pair_key(a, b)
        day = as_of.toordinal()
        rec = _rec(known_at)
        f, v = schema.facts, schema.versions
        with self.reading() as conn:
            rows = conn.execute(
                select(f.c.subject, f.c.attribute, f.c.value, f.c.since, f.c.event_id).where(
                    f.c.pair == pair,
                    f.c.valid_to > day,
                    f.c.valid_from <= day,
                    f.c.rec_from <= rec,
                    f.c.rec_to > rec,
                )
            ).all()
            pending = conn.execute(
                _visible_versions(rec).where(
                    v.c.pair == pair,
                    v.c.on_start > day,
                    v.c.announced_start <= day,
                )
            ).all()
        facts = sorted(
            (Fact(r.subject, r.attribute, json.loads(r.value), r.since, r.event_id) for r in rows),
            key=lambda fact: fact_order(fact.subject, fact.attribute),
        )
        return State(
            actors=sorted_pair(a, b),
            as_of=as_of.isoformat(),
            facts=facts,
            pending=[_event(r) for r in pending],
            known_at=_known(known_at),
        )

    def diff(
        self, a: str, b: str, start: dt.date, end: dt.date, known_at: dt.datetime | None = None
    ) -> Diff:
        before = _values(self.state(a, b, start, known_at))
        after = _values(self.state(a, b, end, known_at))
        pair = pair_key(a, b)
        rec = _rec(known_at)
        lo, hi = start.toordinal(), end.toordinal()
        e, v = schema.effects, schema.versions
        with self.reading() as conn:
            touched = conn.execute(
                select(e.c.subject, e.c.attribute, e.c.event_id)
                .where(
                    e.c.pair == pair, e.c.on_start > lo, e.c.on_start <= hi,
                    e.c.rec_from <= rec, e.c.rec_to > rec,
                )
                .order_by(e.c.on_start, e.c.seq)
            ).all()
            events = conn.execute(
                _visible_versions(rec).where(v.c.pair == pair, v.c.on_start > lo,
                                             v.c.on_start <= hi)
            ).all()
        causes: dict[tuple[str, str], list[str]] = {}
        for row in touched:
            ids = causes.setdefault((row.subject, row.attribute), [])
            if row.event_id not in ids:
                ids.append(row.event_id)
        changes = [
            Change(key[0], key[1], before.get(key), after.get(key), causes.get(key, []))
            for key in sorted(before.keys() | after.keys(), key=lambda k: fact_order(*k))
            if before.get(key) != after.get(key)
        ]
        return Diff(
            actors=sorted_pair(a, b),
            from_=start.isoformat(),
            to=end.isoformat(),
            changes=changes,
            events=[_event(r) for r in events],
            known_at=_known(known_at),
        )

    def intervals(
        self, a: str, b: str, known_at: dt.datetime | None = None
    ) -> list[Interval]:
        """Every fact interval of the relationship as recorded at ``known_at`` (or now)."""
        pair = pair_key(a, b)
        rec = _rec(known_at)
        f = schema.facts
        with self.reading() as conn:
            rows = conn.execute(
                select(f.c.subject, f.c.attribute, f.c.value, f.c.valid_from, f.c.valid_to,
                       f.c.since, f.c.event_id)
                .where(f.c.pair == pair, f.c.rec_from <= rec, f.c.rec_to > rec)
                .order_by(f.c.subject, f.c.attribute, f.c.valid_from)
            ).all()
        return [
            Interval(
                r.subject, r.attribute, json.loads(r.value),
                dt.date.fromordinal(r.valid_from).isoformat(),
                None if r.valid_to >= VALID_OPEN else dt.date.fromordinal(r.valid_to).isoformat(),
                r.since, r.event_id,
            )
            for r in rows
        ]

    def log(
        self,
        pair: tuple[str, str] | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        types: Sequence[str] = (),
        known_at: dt.datetime | None = None,
        include_retracted: bool = False,
    ) -> list[EventData]:
        v = schema.versions
        query = _visible_versions(_rec(known_at), include_retracted)
        if pair is not None:
            query = query.where(v.c.pair == pair_key(*pair))
        if start is not None:
            query = query.where(v.c.on_start >= start.toordinal())
        if end is not None:
            query = query.where(v.c.on_start <= end.toordinal())
        if types:
            query = query.where(v.c.type.in_(list(types)))
        with self.reading() as conn:
            return [_event(r) for r in conn.execute(query)]

    def event(self, event_id: str) -> EventData | None:
        v = schema.versions
        with self.reading() as conn:
            row = conn.execute(
                _visible_versions(REC_OPEN - 1, include_retracted=True)
                .where(v.c.event_id == event_id)
            ).first()
        return _event(row) if row is not None else None

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table but the position, without surrogate ids (for comparing)."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        with self.reading() as conn:
            for table in (schema.actors, schema.versions, schema.effects, schema.facts):
                cols = [c for c in table.c if c.name != "id" or table is schema.actors]
                out[table.name] = sorted(
                    tuple(r) for r in conn.execute(select(*cols))
                )
        return out


def _values(state: State) -> dict[tuple[str, str], Any]:
    return {(f.subject, f.attribute): f.value for f in state.facts}


def _visible_versions(rec: int, include_retracted: bool = False) -> Any:
    v = schema.versions
    query = (
        select(v.c.event_id, v.c.status, v.c.content, v.c.recorded_at)
        .where(v.c.rec_from <= rec, v.c.rec_to > rec)
        .order_by(v.c.on_start, v.c.seq)
    )
    if not include_retracted:
        query = query.where(v.c.status != "retracted")
    return query


def _event(row: Any) -> EventData:
    recorded_at = dt.datetime.fromisoformat(row.recorded_at.replace("Z", "+00:00"))
    return EventData.from_content(row.event_id, json.loads(row.content), recorded_at, row.status)


def _rec(known_at: dt.datetime | None) -> int:
    return REC_OPEN - 1 if known_at is None else to_micros(known_at)


def _known(known_at: dt.datetime | None) -> str | None:
    return None if known_at is None else format_time(known_at)


def _make_engine(config: StoreConfig) -> Engine:
    if config.backend == "sqlite":
        engine = create_engine(
            config.sqlalchemy_url, connect_args={"timeout": config.lock_timeout}
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            # We issue BEGIN ourselves (pysqlite's own handling defers it past SELECTs).
            dbapi_conn.isolation_level = None
            dbapi_conn.execute("PRAGMA journal_mode=WAL")
            dbapi_conn.execute("PRAGMA synchronous=NORMAL")

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            write = conn.get_execution_options().get("timeline_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    try:
        return create_engine(config.sqlalchemy_url, pool_pre_ping=True)
    except Exception as exc:  # pragma: no cover - depends on the driver
        raise StoreError(f"cannot open store {config.display!r}: {exc}") from None
