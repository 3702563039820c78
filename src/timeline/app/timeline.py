"""The timeline application: commands append to the event log, queries read the read model.

Methods take and return plain values (``timeline.domain.values``); every refusal is a
``TimelineError`` whose message is one line for the user. Every method brings the read
model up to the end of the log first, so answers include what other processes recorded.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Generator, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from timeline.app import importer
from timeline.app.importer import ImportProgress, Items
from timeline.app.store import Store, store_errors
from timeline.domain.aggregates import Action, Actor, decode
from timeline.domain.checks import DEFAULT_MAX_GAP_DAYS, find_inconsistencies
from timeline.domain.dates import format_time, now
from timeline.domain.overview import ActorState, Changes, Members, Network
from timeline.domain.validation import (
    MAX_NOTE,
    corrected,
    has_content_id,
    legacy_content_id,
    validate_actor,
    validate_event,
)
from timeline.domain.values import (
    ActorData,
    Chronicle,
    Diff,
    EventData,
    Finding,
    ImportResult,
    Record,
    State,
    Version,
    check_pair,
    sorted_pair,
)
from timeline.domain.vocabulary import check_id, check_text, get_type
from timeline.errors import Conflict, InvalidValue
from timeline.storage import chronicles, overview, projector, queries, verification
from timeline.storage.config import parse_store
from timeline.storage.engine import Database


class Timeline(Store):
    """What users do with a store: record, correct and retract events; ask about them."""

    # -- commands ------------------------------------------------------------------------

    @store_errors
    def add_actor(self, actor_id: str, name: str, kind: str = "other") -> ActorData:
        """Register an actor; registering the same one again changes nothing."""
        actor = validate_actor({"id": actor_id, "name": name, "kind": kind})
        for attempt in range(self.WRITE_ATTEMPTS):
            with self.writing() as conn:
                existing = queries.actors(conn, [actor.id])
            if existing:
                if existing[0] != actor:
                    raise importer.actor_conflict(existing[0], actor)
                return actor
            new = Actor(actor.id, actor.name, actor.kind, recorded_at=now())
            if self.append([new], last_try=attempt == self.WRITE_ATTEMPTS - 1, project=False):
                with self.writing(check=False):
                    return actor
        raise AssertionError("unreachable")  # pragma: no cover

    @store_errors
    def add_event(self, raw: dict[str, Any]) -> tuple[EventData, bool]:
        """Record one event; returns it as stored and whether it was new.

        Three transactions: catch up and look the event up; append; project and read back.
        """
        for attempt in range(self.WRITE_ATTEMPTS):
            with self.writing() as conn:
                event = validate_event(raw, queries.actor_ids(conn))
                stored = queries.versions_of(conn, [event.id]).get(event.id)
                if stored is None and has_content_id(raw):  # made by an earlier version?
                    legacy = legacy_content_id(event)
                    found = queries.versions_of(conn, [legacy]).get(legacy)
                    if found is not None and importer.holds(found, event):
                        event, stored = replace(event, id=legacy), found
            if stored is not None:
                if not importer.holds(stored, event):
                    raise importer.event_conflict(event.id)
                if stored.status == "retracted":
                    raise Conflict(f"event {event.id!r} was recorded and then retracted; "
                                   "nothing changed (give it another id to record it again)")
            else:
                new = Action(event.id, event.content(), recorded_at=now())
                if not self.append([new], last_try=attempt == self.WRITE_ATTEMPTS - 1,
                                   project=False):
                    continue  # another process stored this id first: compare with it
            with self.writing(check=False) as conn:
                current = queries.event(conn, event.id)
            assert current is not None, "a stored event is in the read model once caught up"
            return current, stored is None
        raise AssertionError("unreachable")  # pragma: no cover

    @store_errors
    def import_stream(self, items: Items, progress: ImportProgress | None = None,
                      batch_size: int | None = None, dry_run: bool = False) -> ImportResult:
        """Import ``("actor" | "event" | "skip", record)`` items, read twice from ``items()``
        (see ``timeline.app.importer``); with ``dry_run``, say what would be stored."""
        return importer.run(self, items, progress, batch_size, dry_run)

    def import_records(self, actors: Sequence[Record], events: Sequence[Record],
                       progress: ImportProgress | None = None) -> ImportResult:
        """Import records held in memory."""
        return self.import_stream(
            lambda: [*(("actor", r) for r in actors), *(("event", r) for r in events)],
            progress)

    @store_errors
    def correct(self, event_id: str, reason: str, *, on: str | None = None,
                announced: str | None = None, actor: str | None = None,
                target: str | None = None, fields: dict[str, str] | None = None,
                sources: Sequence[str] = ()) -> EventData:
        """Record a corrected version of an event; the original stays in the log.

        ``fields`` are merged into the event's fields (an empty value removes one);
        ``sources`` are added to its sources.
        """
        why = _reason(reason)
        action = self._action(event_id)
        raw = corrected(event_id, action.content, on=on, announced=announced, actor=actor,
                        target=target, fields=fields or {}, sources=sources)
        with self.reading() as conn:
            event = validate_event(raw, queries.actor_ids(conn))
        if event.content() == action.content:
            raise InvalidValue(f"the correction of {event_id!r} changes nothing")
        action.correct(event.content(), why, recorded_at=now())
        return self._save_existing(action)

    @store_errors
    def retract(self, event_id: str, reason: str) -> EventData:
        """Record that an event no longer counts; it stays in the log and its history."""
        why = _reason(reason)
        action = self._action(event_id)
        action.retract(why, recorded_at=now())
        return self._save_existing(action)

    @store_errors
    def history(self, event_id: str) -> list[Version]:
        """Every version of an event, from the log itself, oldest first."""
        check_id(event_id, "event id")
        versions: list[Version] = []
        content: dict[str, Any] = {}
        for entry in map(decode, self.events.get(Action.create_id(event_id))):
            content = entry.content or content
            versions.append(Version(
                entry.version, entry.kind, entry.recorded_at, entry.reason,
                EventData.from_stored(event_id, content, entry.recorded_at, entry.kind)))
        if not versions:
            raise self._unknown_event(event_id)
        return versions

    # -- queries -------------------------------------------------------------------------

    @store_errors
    def actors(self) -> list[ActorData]:
        with self.reading() as conn:
            return queries.actors(conn)

    @store_errors
    def state(self, a: str, b: str, as_of: dt.date, known_at: dt.datetime | None = None
              ) -> State:
        """The relationship's facts at the end of ``as_of``, as recorded at ``known_at``."""
        with self.reading_pair(a, b) as conn:
            return queries.state(conn, a, b, as_of.toordinal(), known_at)

    @store_errors
    def actor_state(self, actor: str, as_of: dt.date, known_at: dt.datetime | None = None
                    ) -> ActorState:
        """Every relationship of ``actor`` at the end of ``as_of``, as recorded at
        ``known_at``."""
        with self.reading_of_actors(actor) as conn:
            return overview.actor_state(conn, actor, as_of.toordinal(), known_at)

    @store_errors
    def members(self, group: str, as_of: dt.date, known_at: dt.datetime | None = None
                ) -> Members:
        """The members of ``group`` at the end of ``as_of``, as recorded at ``known_at``."""
        with self.reading_of_actors(group) as conn:
            return overview.members(conn, group, as_of.toordinal(), known_at)

    @store_errors
    def changes(self, first: dt.date, last: dt.date, actor: str | None = None,
                types: Sequence[str] = (), known_at: dt.datetime | None = None) -> Changes:
        """Every change in the days from ``first`` to ``last`` (both included), of every
        relationship or of ``actor``'s."""
        if first > last:
            raise InvalidValue(f"the period starts on {first.isoformat()}, after it ends "
                               f"on {last.isoformat()}")
        for name in types:
            get_type(name)
        with (self.reading_of_actors(actor) if actor else self.reading()) as conn:
            return overview.changes(conn, first, last, actor, types, known_at)

    @store_errors
    def diff(self, a: str, b: str, first: dt.date, last: dt.date,
             known_at: dt.datetime | None = None) -> Diff:
        """What changed on the days from ``first`` to ``last``, both included."""
        if first > last:
            raise InvalidValue(f"the period starts on {first.isoformat()}, after it ends "
                               f"on {last.isoformat()}")
        with self.reading_pair(a, b) as conn:
            return queries.diff(conn, a, b, first, last, known_at)

    @store_errors
    def list_events(self, pair: tuple[str, str] | None = None, first: dt.date | None = None,
                    last: dt.date | None = None, types: Sequence[str] = (),
                    known_at: dt.datetime | None = None, include_retracted: bool = False,
                    *, actor: str | None = None, about: str | None = None,
                    location: str | None = None) -> list[EventData]:
        """Events in order of ``on``, from ``first`` to ``last`` (both included); the
        filters as ``iter_events`` takes them."""
        return list(self.iter_events(pair, first, last, types, known_at, include_retracted,
                                     actor=actor, about=about, location=location))

    @store_errors
    def iter_events(self, pair: tuple[str, str] | None = None,
                    first: dt.date | None = None, last: dt.date | None = None,
                    types: Sequence[str] = (), known_at: dt.datetime | None = None,
                    include_retracted: bool = False, *, actor: str | None = None,
                    about: str | None = None, location: str | None = None,
                    ) -> Generator[EventData, None, None]:
        """``list_events``, one at a time as they are read, from one snapshot: the reading
        transaction stays open until the last is taken (or the iterator is closed).

        ``actor``: only events it is a party to (with any counterpart, or alone);
        ``about``: only events about that actor or topic; ``location``: only events whose
        location holds that text."""
        for name in types:
            get_type(name)
        if about is not None:
            check_id(about, "'about' id")
        if location is not None and not location.strip():
            raise InvalidValue("--location needs some text to look for")
        parties = [*(pair or ()), *([actor] if actor else [])]
        if pair is not None:
            check_pair(*pair)
        with self.reading_of_actors(*parties) as conn:
            yield from queries.log(conn, pair, first, last, types, known_at,
                                   include_retracted, actor=actor, about=about,
                                   location=location)

    @store_errors
    def chronicle(self, a: str, b: str, known_at: dt.datetime | None = None) -> Chronicle:
        """The relationship's fact intervals and events, for charts and reports."""
        with self.reading_pair(a, b) as conn:
            return Chronicle(
                actors=sorted_pair(a, b),
                names={x.id: x.name for x in queries.actors(conn, (a, b))},
                intervals=queries.intervals(conn, a, b, known_at),
                events=list(queries.log(conn, (a, b), known_at=known_at)),
                known_at=format_time(known_at) if known_at else None,
                revisions=chronicles.revisions(conn, a, b, known_at),
            )

    @store_errors
    def network(self, actor: str, known_at: dt.datetime | None = None) -> Network:
        """Every relationship of ``actor`` over time, for charts and reports."""
        with self.reading_of_actors(actor) as conn:
            return chronicles.network(conn, actor, known_at)

    @store_errors
    def check(self, pair: tuple[str, str] | None = None,
              max_gap_days: int = DEFAULT_MAX_GAP_DAYS, deep: bool = False) -> list[Finding]:
        """Inconsistencies in the record (of one relationship, or all); ``deep`` also
        compares the read model with one made afresh from the log."""
        if max_gap_days < 0:
            raise InvalidValue(f"the largest gap must be >= 0 days, got {max_gap_days}")
        with self._reading_of(pair) as conn:
            unreadable = [] if pair else queries.unreadable(conn)
            # Events are checked as they are read: memory does not grow with the record.
            found = list(find_inconsistencies(queries.log(conn, pair), max_gap_days))
        return [
            *(self.verify() if deep else []),
            *(Finding("unreadable", "", [event_id],
                      "the log holds this event in a form this version cannot read; "
                      f"'timeline retract {event_id}' takes it out of the record")
              for event_id in unreadable),
            *found,
        ]

    def export(self, pair: tuple[str, str] | None = None
               ) -> tuple[list[ActorData], list[EventData]]:
        """The actors and events (of one relationship, or all), as lists."""
        items = list(self.exported(pair))
        return ([i for i in items if isinstance(i, ActorData)],
                [i for i in items if isinstance(i, EventData)])

    @store_errors
    def exported(self, pair: tuple[str, str] | None = None
                 ) -> Generator[ActorData | EventData, None, None]:
        """Every actor, then every event one at a time as it is read, all from one
        snapshot (so the events' actors are there): an export of any size streams."""
        with self._reading_of(pair) as conn:
            yield from queries.actors(conn, pair)
            yield from queries.log(conn, pair)

    def _reading_of(self, pair: tuple[str, str] | None) -> AbstractContextManager[Connection]:
        """A read of one relationship (its actors known) or of the whole record."""
        return self.reading_pair(*pair) if pair else self.reading()

    @store_errors
    def verify(self) -> list[Finding]:
        """Where the read model differs from one projected afresh from the log."""
        with tempfile.TemporaryDirectory() as folder:
            scratch = Database(parse_store(str(Path(folder) / "rebuilt.db")))
            try:
                scratch.create()
                projector.catch_up(scratch, self.read_log)
                with scratch.reading() as conn:
                    fresh = verification.all_rows(conn)
            finally:
                scratch.close()
        with self.reading() as conn:
            live = verification.all_rows(conn)
            damage = verification.integrity(conn)
        return [
            *(Finding("store_damaged", "", [], f"the database file is damaged: {problem}")
              for problem in damage),
            *(Finding("read_model_mismatch", "", [],
                      f"{len(set(live[name]) ^ set(rows))} row(s) of {name} differ from a "
                      "rebuild; run 'timeline rebuild'")
              for name, rows in fresh.items() if live[name] != rows),
        ]


def _reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise InvalidValue("give a reason: why the record changes")
    return check_text(reason.strip(), "the reason", MAX_NOTE)
