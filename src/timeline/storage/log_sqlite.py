"""The event log's recorder on SQLite: eventsourcing's own, appending a batch with one
``executemany`` instead of one ``execute`` per event, and able to append inside the read
model's write transaction (plugged in with ``APPLICATION_RECORDER_TOPIC``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder


class SQLiteLog(SQLiteApplicationRecorder):
    def insert_events(self, stored_events: Sequence[StoredEvent], **_: Any
                      ) -> Sequence[int] | None:
        """eventsourcing's own append (``Application.save``), in its own transaction;
        returns the notification ids, in order."""
        with self.datastore.transaction(commit=True) as c:
            return _append(c.sqlite_cursor, self.events_table_name, stored_events)

    def lock_within(self, connection: Any) -> None:
        """Nothing to do: the read model's write transaction (BEGIN IMMEDIATE) holds the
        whole file's write lock, the log's table included."""

    def append_within(self, connection: Any, stored_events: Sequence[StoredEvent]
                      ) -> list[int]:
        """Append in the caller's transaction on ``connection`` (a sqlite3 connection that
        holds the write lock); returns the notification ids, in order."""
        cursor = connection.cursor()
        try:
            return _append(cursor, self.events_table_name, stored_events)
        finally:
            cursor.close()


def _append(cursor: sqlite3.Cursor, table: str, stored_events: Sequence[StoredEvent]
            ) -> list[int]:
    if not stored_events:
        return []
    cursor.executemany(
        f"INSERT INTO {table} VALUES (?,?,?,?)",
        [(str(s.originator_id), s.originator_version, s.topic, s.state)
         for s in stored_events],
    )
    # The write lock is held, so the rows just inserted took the highest rowids, each one
    # more than the last (SQLite gives max(rowid) + 1 to a row inserted without one).
    cursor.execute(f"SELECT MAX(rowid) FROM {table}")
    last = int(cursor.fetchone()[0])
    return list(range(last - len(stored_events) + 1, last + 1))
