"""The event log: eventsourcing's application, recorder and mapper, behind the few operations
the store needs (append aggregates, read the log in order, read one aggregate back).

The eventsourcing application is held, not inherited, so that what the rest of timeline can
do with the log is only what this class offers. It is named "timeline": eventsourcing names
the log's table (``timeline_events`` on PostgreSQL) and reads its settings (``TIMELINE_*``
before the plain names) after it, so stores made by earlier versions open as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import (
    DecimalAsStr,
    IntegrityError,
    JSONTranscoder,
    StoredEvent,
    UUIDAsHex,
)

from timeline.domain.aggregates import Action, Actor, Alias, Logged, TextIdAggregate, decode
from timeline.domain.dates import EPOCH
from timeline.domain.values import ActorData, EventData
from timeline.storage.transcoder import RepeatedDatetimeAsISO

if TYPE_CHECKING:
    from sqlalchemy import Connection


class TimelineApplication(Application[str]):
    """eventsourcing's application of a timeline store: its own mapper, transcoder and
    recorder (``APPLICATION_RECORDER_TOPIC`` picks storage.log_sqlite or log_postgres)."""

    name = "timeline"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """eventsourcing's own transcodings, writing the same text (see storage.transcoder)."""
        transcoder.register(UUIDAsHex())
        transcoder.register(DecimalAsStr())
        transcoder.register(RepeatedDatetimeAsISO())


class BulkRecorder(Protocol):
    """The log's recorder (storage.log_sqlite, storage.log_postgres): appends a batch inside
    the read model's write transaction."""

    def lock_within(self, connection: Any) -> None: ...

    def append_within(self, connection: Any, stored_events: Sequence[StoredEvent]
                      ) -> list[int]: ...


class AlreadyStored(Exception):
    """Another writer stored some of the same aggregate versions first: nothing was
    appended."""


class EventLog:
    """The event log of one store."""

    def __init__(self, env: dict[str, str]) -> None:
        self.application = TimelineApplication(env=env)
        # eventsourcing's recorder for the backend, as the store's configuration names it.
        self._bulk = cast(BulkRecorder, self.application.recorder)

    def close(self) -> None:
        self.application.close()

    def length(self) -> int:
        """The last entry's position (notification id); 0 for an empty log."""
        return int(self.application.recorder.max_notification_id() or 0)

    def read(self, after: int, limit: int) -> list[tuple[int, Logged]]:
        """Up to ``limit`` entries after position ``after``, in log order."""
        notifications = self.application.recorder.select_notifications(
            start=after, limit=limit, inclusive_of_start=False)
        return [(n.id, self._logged(n)) for n in notifications]

    def raw(self, after: int, limit: int) -> list[tuple[int, StoredEvent]]:
        """Up to ``limit`` entries after position ``after`` as the log stores them (for a
        backup that keeps every entry, whatever this version can read of it)."""
        notifications = self.application.recorder.select_notifications(
            start=after, limit=limit, inclusive_of_start=False)
        return [(n.id, StoredEvent(n.originator_id, n.originator_version, n.topic,
                                   bytes(n.state))) for n in notifications]

    def domain_event(self, stored: StoredEvent) -> Any:
        """One stored entry as eventsourcing's domain event (an exception where this
        version cannot read it)."""
        return self.application.mapper.to_domain_event(stored)

    def append_stored_within(self, conn: Connection, stored: Sequence[StoredEvent]
                             ) -> list[tuple[int, Logged]]:
        """Append entries as another store's log stored them (a restore), in the write
        transaction ``conn`` (after ``lock_within``); each one's position and what it says."""
        ids = self._bulk.append_within(conn.connection.driver_connection, stored)
        return list(zip(ids, map(self._logged, stored), strict=True))

    def _logged(self, stored: StoredEvent) -> Logged:
        try:
            return decode(self.application.mapper.to_domain_event(stored))
        except Exception:
            # Written by another version, or by a bug: the projection keeps it visible
            # (to `check`) and goes on, so that one entry cannot stop every command.
            originator = str(stored.originator_id)
            return Logged("unreadable", originator, stored.originator_version, EPOCH)

    def content_of(self, originator_id: str, version: int, topic: str, state: bytes) -> Any:
        """What a log entry says the event says, read by the log's mapper (None where this
        version cannot read it): see ``queries.versions_of``."""
        try:
            return decode(self.application.mapper.to_domain_event(
                StoredEvent(originator_id, version, topic, state))).content
        except Exception:
            return None

    def entries(self, aggregate_id: str) -> list[Logged]:
        """Every entry of one aggregate, oldest first."""
        return [decode(e) for e in self.application.events.get(aggregate_id)]

    def action(self, event_id: str) -> Action | None:
        """The event's aggregate as the log holds it, None if it has no entry."""
        try:
            return cast(Action, self.application.repository.get(Action.create_id(event_id)))
        except AggregateNotFoundError:
            return None

    def alias(self, alias: str) -> Alias | None:
        """The alias's aggregate as the log holds it, None if it was never given."""
        try:
            return cast(Alias, self.application.repository.get(Alias.create_id(alias)))
        except AggregateNotFoundError:
            return None

    def append(self, aggregates: Sequence[TextIdAggregate]) -> list[int]:
        """Append the aggregates' new events in one transaction; their positions, in order.
        Raises ``AlreadyStored`` when another writer stored some of the same versions."""
        try:
            recordings = self.application.save(*aggregates)
        except IntegrityError:
            raise AlreadyStored from None
        return [r.notification.id for r in recordings]

    def lock_within(self, conn: Connection) -> None:
        """Hold the log's write lock in the read model's write transaction ``conn``."""
        self._bulk.lock_within(conn.connection.driver_connection)

    def prepare(self, actors: Sequence[ActorData], events: Sequence[EventData],
                recorded_at: datetime, recorded_by: str | None = None) -> list[Entry]:
        """The log's entries of new actors and events (recorded by ``recorded_by``, where a
        known person records them), each as stored and as read, in order: what appending
        them writes, made without the store (an import makes a batch's before it takes the
        write lock)."""
        # Actors name nobody (see aggregates): an author is part of an event's record only.
        domain_events: list[Any] = [
            e for a in actors
            for e in Actor(a.id, a.name, a.kind, recorded_at=recorded_at,
                           exists_from=a.exists_from).collect_events()]
        domain_events += [Action.recorded(e.id, e.content(), recorded_at, recorded_by)
                          for e in events]
        to_stored = self.application.mapper.to_stored_event
        return [Entry(to_stored(e), decode(e)) for e in domain_events]

    def append_within(self, conn: Connection, entries: Sequence[Entry]
                      ) -> list[tuple[int, Logged]]:
        """Append prepared entries in the write transaction ``conn`` (after
        ``lock_within``); each entry's position and what it says, in order."""
        ids = self._bulk.append_within(conn.connection.driver_connection,
                                       [e.stored for e in entries])
        return list(zip(ids, (e.logged for e in entries), strict=True))


class Entry(NamedTuple):
    """A log entry as appending writes it, and as the projection reads it."""

    stored: StoredEvent
    logged: Logged
