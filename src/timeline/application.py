"""The timeline application: commands append to the event log, queries read the read model.

Methods take and return plain values (see ``timeline.model``); every refusal is a
``TimelineError`` whose message is one line for the user.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

import sqlalchemy.exc
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, PersistenceError
from sqlalchemy import select

from timeline import schema
from timeline.checks import DEFAULT_MAX_GAP_DAYS, Finding, find_inconsistencies
from timeline.dates import format_time, now
from timeline.domain import Action, Actor
from timeline.errors import Conflict, InvalidValue, NotFound, StoreError, TimelineError
from timeline.model import (
    ActorData,
    Chronicle,
    Diff,
    EventData,
    Fact,
    ImportResult,
    Record,
    State,
    Version,
    sorted_pair,
)
from timeline.readmodel import ReadModel
from timeline.replay import replay_state
from timeline.schema import REC_OPEN
from timeline.store import StoreConfig, parse_store
from timeline.validation import validate_actor, validate_event
from timeline.vocabulary import check_id, get_type, suggest

P = ParamSpec("P")
R = TypeVar("R")
Progress = Callable[[int], None]
ImportProgress = Callable[[str, int], None]  # (phase, records done since the last call)
IMPORT_BATCH = 10_000  # events per transaction: imports up to this size are atomic
CHECK_CHUNK = 2_000
WRITE_ATTEMPTS = 5
OPEN_ATTEMPTS = 5


def _store_errors(method: Callable[P, R]) -> Callable[P, R]:
    """Report database failures as one-line store errors, never as tracebacks."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except TimelineError:
            raise
        except (
            sqlite3.Error, PersistenceError, sqlalchemy.exc.DBAPIError, OSError,
        ) as exc:
            self = args[0]
            display = getattr(getattr(self, "config", None), "display", "?")
            raise StoreError(f"cannot use store {display!r}: {_first_line(exc)}") from exc

    return wrapper


class Timeline(Application[str]):
    name = "timeline"

    def __init__(self, config: StoreConfig) -> None:
        super().__init__(env=config.es_env)
        self.config = config
        self.read_model = ReadModel(config)
        self.read_model.create()

    @classmethod
    def open(cls, spec: str | None = None) -> Timeline:
        config = parse_store(spec)
        for attempt in range(OPEN_ATTEMPTS):
            try:
                return cls(config)
            except TimelineError:
                raise
            except Exception as exc:
                # Processes creating the tables of a new store at the same moment collide;
                # the loser finds them made when it looks again.
                if attempt == OPEN_ATTEMPTS - 1 or not _creation_race(exc):
                    raise StoreError(
                        f"cannot open store {config.display!r}: {_first_line(exc)}"
                    ) from exc
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        self.read_model.close()
        super().close()

    # -- the log and the read model ----------------------------------------------------

    def read_log(self, after: int, limit: int) -> list[tuple[int, object]]:
        notifications = self.recorder.select_notifications(
            start=after, limit=limit, inclusive_of_start=False
        )
        return [(n.id, self.mapper.to_domain_event(n)) for n in notifications]

    @_store_errors
    def catch_up(self, progress: Progress | None = None) -> int:
        """Bring the read model up to the end of the log; returns the events applied."""
        # Two indexed reads decide whether there is anything to do, so that queries on an
        # up-to-date read model never take the write lock.
        if self.read_model.position() >= self.log_length():
            return 0
        return self.read_model.catch_up(self.read_log, progress)

    @_store_errors
    def rebuild(self, progress: Progress | None = None) -> int:
        """Recreate the read model from the log alone."""
        self.read_model.reset()
        return self.read_model.catch_up(self.read_log, progress)

    @_store_errors
    def log_length(self) -> int:
        return int(self.recorder.max_notification_id() or 0)

    # -- commands ------------------------------------------------------------------------

    @_store_errors
    def add_actor(self, actor_id: str, name: str, kind: str = "other") -> ActorData:
        self.import_records([Record("", {"id": actor_id, "name": name, "kind": kind})], [])
        return self._actors()[actor_id]

    @_store_errors
    def add_event(self, raw: dict[str, Any]) -> tuple[EventData, bool]:
        """Record one event; returns it as stored and whether it was new."""
        self.catch_up()
        event = validate_event(raw, self.read_model.actor_ids())
        stored = self._stored([event.id]).get(event.id)
        if stored is not None:
            if not stored.holds(event):
                raise Conflict(
                    f"event {event.id!r} already exists with different content; "
                    f"use another id or 'timeline correct {event.id}'"
                )
            if stored.status == "retracted":
                raise Conflict(
                    f"event {event.id!r} was recorded and then retracted; nothing changed "
                    "(give it another --id to record it again)"
                )
        else:
            self._write_batch([], [event], None)
        current = self.read_model.event(event.id)
        assert current is not None
        return current, stored is None

    @_store_errors
    def import_records(
        self, actors: Sequence[Record], events: Sequence[Record],
        progress: ImportProgress | None = None,
    ) -> ImportResult:
        """Import records held in memory (see ``import_stream``)."""

        def items() -> Iterator[tuple[str, Record]]:
            yield from (("actor", r) for r in actors)
            yield from (("event", r) for r in events)

        return self.import_stream(items, progress)

    @_store_errors
    def import_stream(
        self,
        items: Callable[[], Iterable[tuple[str, Record]]],
        progress: ImportProgress | None = None,
        batch_size: int | None = None,
    ) -> ImportResult:
        """Import ``("actor" | "event", record)`` items, read twice from ``items()``.

        The first pass validates everything, and checks it against the store, before
        anything is written: a bad record stores nothing. The second pass writes in
        batches of ``batch_size`` events, each one transaction; an import that was killed
        part way is completed by running it again, since what is stored already is skipped.
        """
        batch_size = batch_size or _import_batch()
        self.catch_up()
        plan = self._plan_import(items, progress)
        actors_written = events_written = 0
        pending_actors = list(plan.new_actors.values())
        batch: list[EventData] = []
        for kind, record in items():
            if kind != "event":
                continue
            event = validate_event(record.data, None)
            if plan.seen.pop(event.id, None) is None:
                continue  # a repeat of an event earlier in this import
            batch.append(event)
            if len(batch) >= batch_size:
                actors, events = self._write_batch(pending_actors, batch, progress)
                actors_written, events_written = actors_written + actors, events_written + events
                pending_actors, batch = [], []
        if batch or pending_actors:
            actors, events = self._write_batch(pending_actors, batch, progress)
            actors_written, events_written = actors_written + actors, events_written + events
        return ImportResult(
            actors_added=actors_written,
            events_added=events_written,
            unchanged=plan.actor_records - actors_written + plan.event_records - events_written,
            superseded=plan.superseded,
            skipped=dict(sorted(plan.skipped.items(), key=lambda kv: (-kv[1], kv[0]))),
        )

    def _plan_import(
        self, items: Callable[[], Iterable[tuple[str, Record]]],
        progress: ImportProgress | None,
    ) -> _ImportPlan:
        known = self._actors()
        plan = _ImportPlan(actors_known=set(known))
        referenced: dict[str, tuple[str, str]] = {}  # actor id -> (role, first record naming it)
        chunk: list[tuple[Record, EventData]] = []
        for kind, record in items():
            if kind == "skip":
                reason = str(record.data.get("reason"))
                plan.skipped[reason] = plan.skipped.get(reason, 0) + 1
                continue
            if kind == "actor":
                plan.actor_records += 1
                actor = _at(record, validate_actor, record.data)
                existing = known.get(actor.id) or plan.new_actors.get(actor.id)
                if existing is None:
                    plan.new_actors[actor.id] = actor
                    plan.actors_known.add(actor.id)
                elif existing != actor:
                    raise Conflict(
                        f"{_prefix(record)}actor {actor.id!r} already exists as "
                        f"{existing.name!r} ({existing.kind}), not {actor.name!r} ({actor.kind})"
                    )
                continue
            plan.event_records += 1
            event = _at(record, validate_event, record.data, None)
            for role, actor_id in (("actor", event.actor), ("target", event.target)):
                if actor_id is not None and actor_id not in referenced:
                    referenced[actor_id] = (role, record.where)
            digest = _digest(event)
            if event.id in plan.seen:
                if plan.seen[event.id] != digest:
                    raise Conflict(
                        f"{_prefix(record)}event id {event.id!r} is used again with other "
                        f"content (first at {self._first_use(items, event.id)})"
                    )
                continue  # the same event twice: stored once
            plan.seen[event.id] = digest
            chunk.append((record, event))
            if len(chunk) >= CHECK_CHUNK:
                self._check_against_store(chunk, plan)
                chunk = []
            if progress is not None and plan.event_records % 1000 == 0:
                progress("validating", 1000)
        self._check_against_store(chunk, plan)
        if progress is not None:
            progress("validating", plan.event_records % 1000)
        for actor_id, (role, where) in referenced.items():
            if actor_id not in known and actor_id not in plan.new_actors:
                hint = suggest(actor_id, known.keys() | plan.new_actors.keys())
                raise NotFound(
                    f"{where + ': ' if where else ''}unknown {role} {actor_id!r}{hint}; add it "
                    f"with 'timeline actor add {actor_id} --name ...' or in the file's 'actors'"
                )
        return plan

    def _check_against_store(
        self, chunk: Sequence[tuple[Record, EventData]], plan: _ImportPlan
    ) -> None:
        stored = self._stored(event.id for _, event in chunk)
        for record, event in chunk:
            if event.id not in stored:
                continue
            if not stored[event.id].holds(event):
                unknown = [a for a in (event.actor, event.target)
                           if a is not None and a not in plan.actors_known]
                if unknown:  # the likelier mistake: a name, not an id (see --actor-map)
                    raise NotFound(f"{_prefix(record)}unknown actor {unknown[0]!r}"
                                   f"{suggest(unknown[0], plan.actors_known)}")
                raise Conflict(
                    f"{_prefix(record)}event {event.id!r} already exists with different "
                    f"content; use another id or 'timeline correct {event.id}'"
                )
            if stored[event.id].superseded(event):
                plan.superseded += 1

    @staticmethod
    def _first_use(items: Callable[[], Iterable[tuple[str, Record]]], event_id: str) -> str:
        for kind, record in items():
            if kind == "event" and record.data.get("id") == event_id:
                return record.where or "an earlier record"
        return "an earlier record"

    def _write_batch(
        self, actors: Sequence[ActorData], events: Sequence[EventData],
        progress: ImportProgress | None,
    ) -> tuple[int, int]:
        """Store what of a batch is not stored yet, in one transaction; returns how many
        actors and events it stored (another process may have stored some first)."""
        for attempt in range(WRITE_ATTEMPTS):
            stored = self._stored(e.id for e in events)
            fresh = [e for e in events if e.id not in stored]
            for event in events:
                if event.id in stored and not stored[event.id].holds(event):
                    raise Conflict(
                        f"event {event.id!r} was recorded by another process meanwhile with "
                        "different content; what was imported before it stays stored"
                    )
            known = self.read_model.actor_ids()
            new_actors = [a for a in actors if a.id not in known]
            recorded_at = now()
            aggregates: list[Actor | Action] = [
                Actor(a.id, a.name, a.kind, recorded_at=recorded_at) for a in new_actors
            ]
            aggregates += [Action(e.id, e.content(), recorded_at=recorded_at) for e in fresh]
            if aggregates:
                try:
                    self.events.put([e for agg in aggregates for e in agg.collect_events()])
                except IntegrityError:
                    # Another writer stored some of the same ids first: look again and retry.
                    if attempt == WRITE_ATTEMPTS - 1:
                        raise Conflict(
                            "other processes keep recording the same events; nothing more "
                            "was stored: run the command again"
                        ) from None
                    self.catch_up()
                    continue
                self.catch_up()
            if progress is not None:
                progress("storing", len(events))
            return len(new_actors), len(fresh)
        return 0, 0  # pragma: no cover - the loop returns or raises

    @_store_errors
    def correct(
        self,
        event_id: str,
        reason: str,
        *,
        on: str | None = None,
        announced: str | None = None,
        actor: str | None = None,
        target: str | None = None,
        fields: dict[str, str] | None = None,
        sources: Sequence[str] = (),
    ) -> EventData:
        """Record a corrected version of an event; the original stays in the log.

        ``fields`` are merged into the event's fields (an empty value removes one);
        ``sources`` are added to its sources.
        """
        why = _reason(reason)
        action = self._action(event_id)
        raw: dict[str, Any] = {"id": event_id, **action.content}
        for key, value in (("on", on), ("announced", announced), ("actor", actor),
                           ("target", target)):
            if value is not None:
                raw[key] = value
        merged: dict[str, Any] = dict(raw.get("fields") or {})
        for key, value in (fields or {}).items():
            if value == "":
                merged.pop(key, None)
            else:
                merged[key] = value
        raw["fields"] = merged
        cited = list(raw.get("sources") or [])
        known = {c if isinstance(c, str) else c.get("url") for c in cited}
        raw["sources"] = cited + [s for s in dict.fromkeys(sources) if s not in known]
        self.catch_up()
        corrected = validate_event(raw, self.read_model.actor_ids())
        if corrected.content() == action.content:
            raise InvalidValue(f"the correction of {event_id!r} changes nothing")
        action.correct(corrected.content(), why, recorded_at=now())
        self._save_existing(action)
        stored = self.read_model.event(event_id)
        assert stored is not None
        return stored

    @_store_errors
    def retract(self, event_id: str, reason: str) -> EventData:
        """Record that an event no longer counts; it stays in the log and its history."""
        why = _reason(reason)
        action = self._action(event_id)
        action.retract(why, recorded_at=now())
        self._save_existing(action)
        stored = self.read_model.event(event_id)
        assert stored is not None
        return stored

    @_store_errors
    def history(self, event_id: str) -> list[Version]:
        """Every version of an event, from the log itself, oldest first."""
        check_id(event_id, "event id")
        versions: list[Version] = []
        content: dict[str, Any] = {}
        for domain_event in self.events.get(Action.create_id(event_id)):
            assert isinstance(domain_event, Action.Recorded | Action.Corrected | Action.Retracted)
            reason = getattr(domain_event, "reason", None)
            if isinstance(domain_event, Action.Recorded):
                status, content = "recorded", domain_event.content
            elif isinstance(domain_event, Action.Corrected):
                status, content = "corrected", domain_event.content
            else:
                status = "retracted"
            versions.append(Version(
                version=domain_event.originator_version,
                status=status,
                recorded_at=domain_event.recorded_at,
                reason=reason,
                event=EventData.from_content(event_id, content, domain_event.recorded_at,
                                             status),
            ))
        if not versions:
            raise self._unknown_event(event_id)
        return versions

    # -- queries -------------------------------------------------------------------------

    @_store_errors
    def actors(self) -> list[ActorData]:
        self.catch_up()
        return self.read_model.actors()

    @_store_errors
    def state(
        self, a: str, b: str, as_of: dt.date, known_at: dt.datetime | None = None
    ) -> State:
        self._check_pair(a, b)
        return self.read_model.state(a, b, as_of, known_at)

    @_store_errors
    def diff(
        self, a: str, b: str, start: dt.date, end: dt.date,
        known_at: dt.datetime | None = None,
    ) -> Diff:
        if start > end:
            raise InvalidValue(f"--from {start.isoformat()} is after --to {end.isoformat()}")
        self._check_pair(a, b)
        return self.read_model.diff(a, b, start, end, known_at)

    @_store_errors
    def list_events(
        self,
        pair: tuple[str, str] | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        types: Sequence[str] = (),
        known_at: dt.datetime | None = None,
        include_retracted: bool = False,
    ) -> list[EventData]:
        if pair is not None:
            self._check_pair(*pair)
        else:
            self.catch_up()
        for name in types:
            get_type(name)
        return self.read_model.log(pair, start, end, types, known_at, include_retracted)

    @_store_errors
    def chronicle(self, a: str, b: str, known_at: dt.datetime | None = None) -> Chronicle:
        """The relationship's fact intervals and events, for charts and reports."""
        self._check_pair(a, b)
        names = {x.id: x.name for x in self.read_model.actors() if x.id in (a, b)}
        return Chronicle(
            actors=sorted_pair(a, b),
            names=names,
            intervals=self.read_model.intervals(a, b, known_at),
            events=self.read_model.log((a, b), known_at=known_at),
            known_at=format_time(known_at) if known_at else None,
        )

    @_store_errors
    def replay_state(self, a: str, b: str, as_of: dt.date) -> list[Fact]:
        """The facts as of a date by replaying the whole event log, without the read model.

        What an event store does without an index: the baseline the read model is measured
        against, and a cross-check of it.
        """
        current: dict[str, EventData | None] = {}
        after = 0
        while True:
            page = self.read_log(after, 5000)
            if not page:
                break
            for _, domain_event in page:
                if isinstance(domain_event, Action.Recorded):
                    current[domain_event.event_id] = EventData.from_content(
                        domain_event.event_id, domain_event.content)
                elif isinstance(domain_event, Action.Corrected):
                    event_id = domain_event.originator_id.removeprefix("event:")
                    current[event_id] = EventData.from_content(event_id, domain_event.content)
                elif isinstance(domain_event, Action.Retracted):
                    current[domain_event.originator_id.removeprefix("event:")] = None
            after = page[-1][0]
        return replay_state([e for e in current.values() if e is not None], a, b, as_of)

    @_store_errors
    def check(
        self, pair: tuple[str, str] | None = None, max_gap_days: int = DEFAULT_MAX_GAP_DAYS
    ) -> list[Finding]:
        """Inconsistencies in the record (of one relationship, or all)."""
        if max_gap_days < 0:
            raise InvalidValue(f"--max-gap must be >= 0 days, got {max_gap_days}")
        return find_inconsistencies(self.list_events(pair), max_gap_days)

    @_store_errors
    def export(self, pair: tuple[str, str] | None = None) -> tuple[list[ActorData],
                                                                  list[EventData]]:
        events = self.list_events(pair)
        actors = self.read_model.actors()
        if pair is not None:
            actors = [a for a in actors if a.id in pair]
        return actors, events

    # -- helpers -------------------------------------------------------------------------

    def _check_pair(self, a: str, b: str) -> None:
        self.catch_up()
        known = self.read_model.actor_ids()
        for actor_id in (a, b):
            check_id(actor_id, "actor id")
            if actor_id not in known:
                raise NotFound(f"unknown actor {actor_id!r}{suggest(actor_id, known)}")
        if a == b:
            raise InvalidValue(f"a relationship needs two different actors, got {a!r} twice")

    def _action(self, event_id: str) -> Action:
        """The event's aggregate, if it exists and still counts."""
        check_id(event_id, "event id")
        try:
            action: Action = self.repository.get(Action.create_id(event_id))
        except AggregateNotFoundError:
            raise self._unknown_event(event_id) from None
        if action.retracted:
            raise Conflict(f"event {event_id!r} is already retracted")
        return action

    def _unknown_event(self, event_id: str) -> NotFound:
        v = schema.versions
        with self.read_model.reading() as conn:
            close = conn.execute(
                select(v.c.event_id).where(v.c.rec_to == REC_OPEN)
                .where(v.c.event_id.like(f"{event_id[:3]}%")).limit(5000)
            ).scalars().all()
        return NotFound(f"unknown event {event_id!r}{suggest(event_id, close)}")

    def _save_existing(self, action: Action) -> None:
        try:
            self.save(action)
        except IntegrityError:
            raise Conflict(
                f"event {action.event_id!r} was changed by another process meanwhile; "
                "nothing was stored: run the command again"
            ) from None
        self.catch_up()

    def _actors(self) -> dict[str, ActorData]:
        return {a.id: a for a in self.read_model.actors()}

    def _stored(self, event_ids: Iterable[str]) -> dict[str, _Stored]:
        """What the store holds under each of these ids: every version's content."""
        v = schema.versions
        ids = list(event_ids)
        out: dict[str, _Stored] = {}
        with self.read_model.reading() as conn:
            for start in range(0, len(ids), 500):
                for row in conn.execute(
                    select(v.c.event_id, v.c.content, v.c.status, v.c.rec_to)
                    .where(v.c.event_id.in_(ids[start:start + 500]))
                ):
                    stored = out.setdefault(row.event_id, _Stored())
                    stored.contents.add(row.content)
                    if row.rec_to == REC_OPEN:
                        stored.current, stored.status = row.content, row.status
        return out


@dataclass
class _Stored:
    contents: set[str] = field(default_factory=set)  # every version, as canonical JSON
    current: str = ""
    status: str = ""

    def holds(self, event: EventData) -> bool:
        """The event is stored already, as it is now or as it was before a change."""
        return _canonical(event) in self.contents

    def superseded(self, event: EventData) -> bool:
        return self.status == "retracted" or _canonical(event) != self.current


def _canonical(event: EventData) -> str:
    return json.dumps(event.content(), sort_keys=True)


@dataclass
class _ImportPlan:
    new_actors: dict[str, ActorData] = field(default_factory=dict)
    seen: dict[str, bytes] = field(default_factory=dict)  # event id -> content digest
    actor_records: int = 0
    event_records: int = 0
    superseded: int = 0  # records matching an event since corrected or retracted
    actors_known: set[str] = field(default_factory=set)  # in the store or in the import
    skipped: dict[str, int] = field(default_factory=dict)  # why -> records mapped to nothing


def _import_batch() -> int:
    raw = os.environ.get("TIMELINE_IMPORT_BATCH", str(IMPORT_BATCH))
    if not raw.isdigit() or int(raw) < 1:
        raise InvalidValue(f"invalid TIMELINE_IMPORT_BATCH {raw!r}: expected a whole number >= 1")
    return int(raw)


def _digest(event: EventData) -> bytes:
    return hashlib.blake2b(
        json.dumps(event.content(), sort_keys=True).encode(), digest_size=12
    ).digest()


def _at(record: Record, fn: Callable[..., R], *args: Any) -> R:
    """Run a validation, prefixing any refusal with where the record came from."""
    try:
        return fn(*args)
    except TimelineError as exc:
        if not record.where:
            raise
        raise type(exc)(f"{record.where}: {exc}") from None


def _reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise InvalidValue("give a --reason: why the record changes")
    return reason.strip()


def _prefix(record: Record) -> str:
    return f"{record.where}: " if record.where else ""


def _creation_race(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(word in text for word in ("already exists", "duplicate key", "unique constraint",
                                         "deadlock", "database is locked"))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
