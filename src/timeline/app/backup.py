"""A faithful copy of the whole record, and its restore.

``export --format log`` writes every entry of the event log as the log stores it, in order:
every actor, every version of every event (recorded, corrected, retracted) with its record
time and reason, and any entry this version cannot read. ``import`` of that file into an
empty store appends the same entries in the same order, so every answer is the same,
``history``, ``log --all`` and ``--known-at`` ones included; into the store it came from, or
one holding its beginning, it adds what is missing and changes nothing else (so a restore
killed part way is completed by running it again). It moves a store between SQLite and
PostgreSQL: the entries are the same on both.

The file is checked whole before anything is written: each entry is one this version writes
(a topic names a module to import, and a backup comes from elsewhere), reads back, and
follows the one before it of its actor or event; and the store's own entries must be the
file's first ones.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventsourcing.persistence import StoredEvent

from timeline.app.importer import ImportProgress
from timeline.app.store import Store, store_errors
from timeline.domain.aggregates import LOG_TOPICS
from timeline.domain.values import Restored
from timeline.errors import InvalidValue, shown
from timeline.interchange.files import read_lines

HEADER = "timeline_log"  # the first line's key: {"timeline_log": 1, "entries": N}
FORMAT = 1
BATCH = 10_000  # entries per transaction
MAX_ID = 300  # characters of an entry's originator id ("event:" and an id of at most 128)
MAX_VERSION = 1_000_000


def _entry(stored: StoredEvent) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": str(stored.originator_id),
                             "version": stored.originator_version, "topic": stored.topic}
    try:
        entry["state"] = stored.state.decode("utf-8")
    except UnicodeDecodeError:  # a state this version did not write: kept as it is
        entry["state_base64"] = base64.b64encode(stored.state).decode("ascii")
    return entry


@store_errors
def log_lines(store: Store) -> Iterator[str]:
    """The whole log as JSON Lines: a header, then one entry a line, in log order (up to
    the end the log had when the export began)."""
    end = store.log_length()
    yield json.dumps({HEADER: FORMAT, "entries": end}) + "\n"
    after = 0
    while after < end:
        batch = store.log.raw(after, BATCH)
        if not batch:
            break
        for position, stored in batch:
            if position > end:
                return
            yield json.dumps(_entry(stored), ensure_ascii=False) + "\n"
            after = position


def is_log(first_line: str) -> bool:
    """The first line of a file that ``log_lines`` wrote."""
    try:
        head = json.loads(first_line)
    except ValueError:
        return False
    return isinstance(head, dict) and HEADER in head


def _stored(where: str, raw: Any) -> StoredEvent:
    """One entry of the file as the log stores it, or a one-line refusal."""
    if not isinstance(raw, dict) or set(raw) not in ({"id", "version", "topic", "state"},
                                                     {"id", "version", "topic",
                                                      "state_base64"}):
        raise InvalidValue(f"{where}: not a log entry (id, version, topic, state)")
    entry_id, version, topic = raw["id"], raw["version"], raw["topic"]
    if not isinstance(entry_id, str) or not 0 < len(entry_id) <= MAX_ID or "\x00" in entry_id:
        raise InvalidValue(f"{where}: invalid entry id {shown(entry_id, 80)}")
    if type(version) is not int or not 1 <= version <= MAX_VERSION:
        raise InvalidValue(f"{where}: invalid version {shown(version, 40)}")
    if topic not in LOG_TOPICS:
        raise InvalidValue(f"{where}: {shown(topic, 80)} is no entry this version writes")
    if "state" in raw:
        if not isinstance(raw["state"], str):
            raise InvalidValue(f"{where}: its state is not text")
        state = raw["state"].encode("utf-8")
    else:
        try:
            state = base64.b64decode(str(raw["state_base64"]), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidValue(f"{where}: its state is not base64") from None
    return StoredEvent(entry_id, version, topic, state)


def _entries(path: Path) -> Iterator[tuple[str, StoredEvent]]:
    with read_lines(path) as lines:
        for number, line in lines:
            where = f"{path}:{number}"
            try:
                raw = json.loads(line)
            except ValueError as exc:
                raise InvalidValue(f"{where}: malformed JSON ({exc})") from None
            if number == 1:
                if not (isinstance(raw, dict) and raw.get(HEADER) == FORMAT):
                    raise InvalidValue(f"{where}: not a timeline log of format {FORMAT}")
                continue
            yield where, _stored(where, raw)


class Restore:
    """Restores a log file into one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @store_errors
    def run(self, path: Path, progress: ImportProgress | None = None) -> Restored:
        held = self._check(path, progress)
        added = 0
        batch: list[StoredEvent] = []
        for index, (_, stored) in enumerate(_entries(path)):
            if index < held:
                continue
            batch.append(stored)
            if len(batch) >= BATCH:
                added += self._append(batch, held + added, progress)
                batch = []
        if batch:
            added += self._append(batch, held + added, progress)
        return Restored(added, held)

    def _check(self, path: Path, progress: ImportProgress | None) -> int:
        """Every entry checked; how many of the first the store holds already."""
        versions: dict[str, int] = {}
        held = self.store.log_length()
        mine: Iterator[StoredEvent] = iter(())  # the store's own entries, read alongside
        count = 0
        after = 0
        for where, stored in _entries(path):
            count += 1
            entry_id = str(stored.originator_id)
            if versions.get(entry_id, 0) != stored.originator_version - 1:
                raise InvalidValue(f"{where}: version {stored.originator_version} of "
                                   f"{entry_id!r} follows no version "
                                   f"{stored.originator_version - 1}")
            versions[entry_id] = stored.originator_version
            try:
                self.store.log.decoded(stored)
            except Exception:
                raise InvalidValue(f"{where}: an entry this version cannot read") from None
            if count <= held:
                ours = next(mine, None)
                if ours is None:
                    batch = self.store.log.raw(after, BATCH)
                    after = batch[-1][0] if batch else after
                    mine = iter([s for _, s in batch])
                    ours = next(mine, None)
                if ours is None or (str(ours.originator_id), ours.originator_version,
                                    ours.topic, ours.state) != (
                        stored.originator_id, stored.originator_version, stored.topic,
                        stored.state):
                    raise InvalidValue(
                        f"{where}: the store holds another history (its entry {count} "
                        "differs): a log is restored into an empty store, or into the one "
                        "it came from")
            if progress is not None and count % 1000 == 0:
                progress("validating", 1000)
        if progress is not None:
            progress("validating", count % 1000)
        return min(held, count)  # a store grown since the export holds the whole file

    def _append(self, batch: list[StoredEvent], expected: int,
                progress: ImportProgress | None) -> int:
        with self.store.writing() as conn:
            self.store.lock_log(conn)
            if self.store.log_length() != expected:
                raise InvalidValue("another process wrote to the store during the restore: "
                                   "run it again to add what is missing")
            self.store.append_stored_within(conn, batch)
        if progress is not None:
            progress("storing", len(batch))
        return len(batch)
