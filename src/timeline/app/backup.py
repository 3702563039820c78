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
file's first ones. Who recorded an entry (``recorded_by``, where a known person did) is kept
as it is, once it passes the check a name passes when it is recorded.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventsourcing.persistence import StoredEvent

from timeline.app import naming
from timeline.app.importer import ImportProgress
from timeline.app.store import Store, store_errors
from timeline.domain.aggregates import (
    AGGREGATE_TOPICS,
    ALIAS_GIVEN,
    ALIAS_MOVED,
    ANSWERS_OF_EVENT,
    LOG_TOPICS,
    RECORDED,
    REGISTERED,
    decode,
)
from timeline.domain.dates import EPOCH, now
from timeline.domain.names import alias_key
from timeline.domain.records import Restored
from timeline.domain.validation import (
    validate_actor,
    validate_alias,
    validate_author,
    validate_event,
)
from timeline.domain.values import ActorData
from timeline.domain.vocabulary import UNWRITABLE
from timeline.errors import InvalidValue, TimelineError, shown
from timeline.interchange.files import read_lines

HEADER = "timeline_log"  # the first line: {"timeline_log": 1}; the last: {"entries": N}
FORMAT = 1
BATCH = 10_000  # entries per transaction
BATCH_BYTES = 32 << 20  # ... or fewer, so that a batch of large entries stays small
CLOCK_SKEW = dt.timedelta(days=1)  # how far ahead of this clock a record time may be
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
    the end the log had when the export began), then a last line that counts them (a file
    cut short has none)."""
    end = store.log_length()
    yield json.dumps({HEADER: FORMAT}) + "\n"
    after = count = 0
    while after < end:
        batch = store.log.raw(after, BATCH)
        if not batch:
            break
        for position, stored in batch:
            if position > end:
                break
            yield json.dumps(_entry(stored), ensure_ascii=False) + "\n"
            after, count = position, count + 1
        else:
            continue
        break
    yield json.dumps({"entries": count}) + "\n"


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
    if not isinstance(entry_id, str) or not 0 < len(entry_id) <= MAX_ID or \
            UNWRITABLE.search(entry_id):
        raise InvalidValue(f"{where}: invalid entry id {shown(entry_id, 80)}")
    if type(version) is not int or not 1 <= version <= MAX_VERSION:
        raise InvalidValue(f"{where}: invalid version {shown(version, 40)}")
    if topic not in LOG_TOPICS:
        raise InvalidValue(f"{where}: {shown(topic, 80)} is no entry this version writes")
    if "state" in raw:
        if not isinstance(raw["state"], str) or UNWRITABLE.search(raw["state"]):
            raise InvalidValue(f"{where}: its state is not text this version writes")
        state = raw["state"].encode("utf-8")
    else:
        try:
            state = base64.b64decode(str(raw["state_base64"]), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidValue(f"{where}: its state is not base64") from None
    return StoredEvent(entry_id, version, topic, state)


class _LogFile:
    """A log file's entries, read a line at a time, and the count its first line declares."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.declared: int | None = None

    def __iter__(self) -> Iterator[tuple[str, StoredEvent]]:
        return _entries(self)


def _entries(log: _LogFile) -> Iterator[tuple[str, StoredEvent]]:
    path = log.path
    headed = False
    with read_lines(path) as lines:
        for number, line in lines:
            where = f"{path}:{number}"
            try:
                raw = json.loads(line)
            except (ValueError, RecursionError) as exc:
                why = "nested too deep" if isinstance(exc, RecursionError) else str(exc)
                raise InvalidValue(f"{where}: malformed JSON ({why})") from None
            if number == 1:
                if not (isinstance(raw, dict) and raw.get(HEADER) == FORMAT):
                    raise InvalidValue(f"{where}: not a timeline log of format {FORMAT}")
                headed = True
                continue
            if log.declared is not None:
                raise InvalidValue(f"{where}: a line after the last (the count of entries)")
            if isinstance(raw, dict) and set(raw) == {"entries"} and \
                    type(raw["entries"]) is int:
                log.declared = raw["entries"]
                continue
            yield where, _stored(where, raw)
    if not headed:
        raise InvalidValue(f"{path}: empty: not a timeline log")


class Restore:
    """Restores a log file into one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @store_errors
    def run(self, path: Path, progress: ImportProgress | None = None) -> Restored:
        held, last = self._check(path, progress)
        added = size = 0
        batch: list[StoredEvent] = []
        for index, (_, stored) in enumerate(_LogFile(path)):
            if index < held:
                continue
            batch.append(stored)
            size += len(stored.state)
            if len(batch) >= BATCH or size >= BATCH_BYTES:
                last = self._append(batch, last, progress)
                added, batch, size = added + len(batch), [], 0
        if batch:
            self._append(batch, last, progress)
            added += len(batch)
        return Restored(added, held)

    def _check(self, path: Path, progress: ImportProgress | None) -> tuple[int, int]:
        """Every entry checked; how many of the file's first the store holds already, and
        the position of the store's last entry (positions may have gaps: PostgreSQL's
        sequence skips a number a rolled-back write took)."""
        entries = _Entries(self.store)
        mine = self._own_entries()
        count = held = last = 0
        log = _LogFile(path)
        for where, stored in log:
            count += 1
            entries.check(where, stored)
            ours = next(mine, None)
            if ours is not None:
                position, own = ours
                if (str(own.originator_id), own.originator_version, own.topic, own.state) != (
                        stored.originator_id, stored.originator_version, stored.topic,
                        stored.state):
                    raise InvalidValue(
                        f"{where}: the store holds another history (its entry {count} "
                        "differs): a log is restored into an empty store, or into the one "
                        "it came from")
                held, last = count, position
            if progress is not None and count % 1000 == 0:
                progress("validating", 1000)
        if progress is not None:
            progress("validating", count % 1000)
        if log.declared != count:
            said = "no last line" if log.declared is None else \
                f"its last line says {log.declared}"
            raise InvalidValue(f"{path}: it holds {count} entries and {said}: a backup cut "
                               "short (or added to) is refused")
        for position, _ in mine:  # a store grown since the export: it holds the whole file
            last = position
        return held, last or self.store.log_length()

    def _own_entries(self) -> Iterator[tuple[int, StoredEvent]]:
        after = 0
        while batch := self.store.log.raw(after, BATCH):
            yield from batch
            after = batch[-1][0]

    def _append(self, batch: list[StoredEvent], last: int,
                progress: ImportProgress | None) -> int:
        """Append a batch after position ``last``; the new last position."""
        with self.store.writing() as conn:
            self.store.lock_log(conn)
            if self.store.log_length() != last:
                raise InvalidValue("another process wrote to the store during the restore: "
                                   "run it again to add what is missing")
            last = self.store.append_stored_within(conn, batch)
        if progress is not None:
            progress("storing", len(batch))
        return last


class _Entries:
    """What a log's entries must be to enter a store: the gate a restore keeps."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.versions: dict[str, int] = {}
        self.latest = now() + CLOCK_SKEW
        # The names so far in the file (it is the store's whole history, or holds it): the
        # rules 'actor alias' and 'actor add' keep, kept again (app.naming).
        self.named: dict[str, set[str]] = {}  # an actor's id or name, by key -> actors
        self.aliases: dict[str, str] = {}  # alias key -> actor

    def check(self, where: str, stored: StoredEvent) -> None:
        entry_id, version = str(stored.originator_id), stored.originator_version
        if self.versions.get(entry_id, 0) != version - 1:
            raise InvalidValue(f"{where}: version {version} of {entry_id!r} follows no "
                               f"version {version - 1}")
        self.versions[entry_id] = version
        kind, _, own_id = entry_id.partition(":")
        # An actor has one entry; an event its recording, then corrections and retraction;
        # an alias its giving, then its moves.
        wanted: tuple[str, ...]
        if kind == "actor":
            wanted = REGISTERED if version == 1 else ()
        elif kind == "event":
            wanted = RECORDED if version == 1 else ANSWERS_OF_EVENT
        elif kind == "alias":
            wanted = ALIAS_GIVEN if version == 1 else ALIAS_MOVED
        else:
            wanted = ()
        if stored.topic not in wanted:
            raise InvalidValue(f"{where}: {entry_id!r} version {version} cannot be "
                               f"{stored.topic.rpartition(':')[2]}")
        try:
            domain_event = self.store.log.domain_event(stored)
            logged = decode(domain_event)
        except Exception:
            raise InvalidValue(f"{where}: an entry this version cannot read") from None
        topic = getattr(domain_event, "originator_topic", None)
        if version == 1 and topic not in AGGREGATE_TOPICS:
            raise InvalidValue(f"{where}: an entry of no aggregate this version writes")
        if (alias_key(logged.id) if kind == "alias" else logged.id) != own_id:
            raise InvalidValue(f"{where}: {entry_id!r} says it is {logged.id!r}")
        try:
            in_time = EPOCH <= logged.recorded_at <= self.latest
        except (OverflowError, TypeError):
            in_time = False
        if not in_time:
            raise InvalidValue(f"{where}: recorded at {shown(str(logged.recorded_at), 40)}, "
                               "before 1970 or after now")
        try:
            # Who recorded it, as recording would have taken it (a backup comes from elsewhere).
            if logged.recorded_by is not None and \
                    validate_author(logged.recorded_by) != logged.recorded_by:
                raise InvalidValue(f"who recorded it, {shown(logged.recorded_by)}, is not written "
                                   "as a name is stored")
            if logged.actor is not None:
                validate_actor(logged.actor.to_json())
                self._actor(logged.actor)
            elif logged.kind == "alias":
                self._alias(logged.id, (logged.content or {}).get("actor"))
            elif logged.content is not None:
                validate_event({"id": own_id, **logged.content}, None, decided=False)
        except TimelineError as exc:
            raise InvalidValue(f"{where}: {exc}") from None

    def _actor(self, actor: ActorData) -> None:
        clash = naming.alias_clash(self.aliases, actor)
        if clash is not None:
            raise clash
        for text in (actor.id, actor.name):
            self.named.setdefault(alias_key(text), set()).add(actor.id)

    def _alias(self, alias: str, actor: object) -> None:
        tidy = validate_alias(alias, actor)
        if tidy != alias:
            raise InvalidValue(f"the alias {alias!r} is not written as one is stored")
        key = alias_key(tidy)
        if actor is None:
            self.aliases.pop(key, None)
            return
        if not any(str(actor) in ids for ids in self.named.values()):
            raise InvalidValue(f"the alias {alias!r} names {actor!r}, no actor before it")
        mapped, _ = naming.built_in(tidy)
        others = self.named.get(key, set()) | ({mapped.id} if mapped else set())
        if others - {actor}:
            raise InvalidValue(f"the alias {alias!r} is already the name of "
                               f"{sorted(others - {actor})[0]!r}")
        self.aliases[key] = str(actor)
