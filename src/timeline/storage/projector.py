"""Projects the event log into the read model's bitemporal tables.

Events are applied in log order, grouped by recording time R. A group inserts the new event
versions and their effects, closes the versions they replace at R, then refolds the fact
intervals of every (relationship, subject, attribute) it touched: intervals that no longer
hold are closed at R, new ones open at R. A row that would open and close at the same R is
deleted instead, so the tables do not depend on how the log was split into batches, and a
rebuild reproduces them exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from timeline.domain.aggregates import Logged
from timeline.domain.dates import PartialDate, format_time, to_micros
from timeline.domain.names import alias_key
from timeline.domain.values import actors_of, fact_pair
from timeline.errors import StoreError
from timeline.storage import schema, sql
from timeline.storage.engine import Database
from timeline.storage.leads import LeadProjection
from timeline.storage.readable import Projected, as_read, readable
from timeline.storage.refold import Key, key_ids, refold
from timeline.storage.sql import NEVER_DAY, REC_OPEN, UNREADABLE, UNREADABLE_DAY

BATCH = 5000  # log entries read and applied per transaction
# Versions are written in the order listings read them (storage.listing: by day, then seq),
# so that a listing reads each batch's rows from consecutive pages: a table written in the
# log's order is read one page a row (a listing of 1,000,000 synthetic events spent two
# thirds of its reading moving between pages). The rows are the same in any order.
_LISTING_ORDER = itemgetter("on_start", "seq")
# A source of log entries: (after notification id, limit) -> [(notification id, entry)].
LogReader = Callable[[int, int], Sequence[tuple[int, Logged]]]


def position(db: Database) -> int:
    """How far into the log the read model has got."""
    with db.reading() as conn:
        return position_in(conn)


def position_in(conn: Connection) -> int:
    value = conn.execute(select(schema.position.c.notification_id)).scalar()
    return int(value or 0)


def catch_up(db: Database, read_log: LogReader,
             progress: Callable[[int], None] | None = None) -> int:
    """Apply every logged entry not yet applied, a batch a transaction; returns how many."""
    applied = 0
    while True:
        with db.writing() as conn:
            count = catch_up_within(conn, read_log)
        applied += count
        if progress is not None and count:
            progress(count)
        if count < BATCH:
            return applied


def catch_up_within(conn: Connection, read_log: LogReader, limit: int = BATCH) -> int:
    """Apply up to ``limit`` logged entries not yet applied, in the caller's write
    transaction; returns how many.

    Exactly once: the position row is locked first and moves in the same transaction as
    the rows it accounts for, so two processes catching up at once take turns.
    """
    at, last_rec = _locked_position(conn)
    items = read_log(at, limit)
    if items:
        _apply(conn, items, last_rec)
    return len(items)


def record_within(conn: Connection, items: Sequence[tuple[int, Logged]],
                  projected: Projected | None = None) -> None:
    """Apply entries that the caller's write transaction has just appended to the log, from
    memory: the log's rows and the read model's commit together, or neither does.
    ``projected``: what ``projectable`` made of some of them beforehand."""
    at, last_rec = _locked_position(conn)
    items = sorted(items, key=lambda item: item[0])
    if items and items[0][0] <= at:
        raise StoreError(f"log entry {items[0][0]} was appended behind the read model's "
                         f"position {at}; nothing was stored")
    if items:
        _apply(conn, items, last_rec, projected)


def _locked_position(conn: Connection) -> tuple[int, int]:
    p = schema.position
    row = conn.execute(
        select(p.c.notification_id, p.c.last_rec).where(p.c.id == 1).with_for_update()
    ).one()
    return int(row.notification_id), int(row.last_rec)


def _apply(conn: Connection, items: Sequence[tuple[int, Logged]], last_rec: int,
           projected: Projected | None = None) -> None:
    last_rec = Projector(conn, projected).apply(items, last_rec)
    p = schema.position
    conn.execute(update(p).where(p.c.id == 1)
                 .values(notification_id=items[-1][0], last_rec=last_rec))


class Projector:
    """Applies decoded log events to the read model inside one transaction."""

    def __init__(self, conn: Connection, projected: Projected | None = None) -> None:
        self.conn = conn
        self._projected = projected or {}
        self._actors: list[dict[str, Any]] = []
        self._versions: list[dict[str, Any]] = []
        self._effects: list[dict[str, Any]] = []  # with "key": the fact, not yet its id
        # Each touched fact (by id), and the earliest day from which its intervals may change.
        self._touched: dict[int, int] = {}
        self._key_ids: dict[Key, int] = {}
        self._pairs: set[tuple[str, str, str]] = set()  # (actor, other, pair)
        self._mentions: list[dict[str, Any]] = []
        self.leads = LeadProjection(conn)

    def apply(self, items: Sequence[tuple[int, Logged]], last_rec: int) -> int:
        """Apply ``(notification_id, entry)`` pairs; returns the last record time."""
        group: list[tuple[int, Logged]] = []
        group_rec = last_rec
        for notification_id, entry in items:
            rec = max(to_micros(entry.recorded_at), last_rec)
            if group and rec != group_rec:
                self._apply_group(group, group_rec)
                group = []
            group.append((notification_id, entry))
            group_rec = last_rec = rec
        if group:
            self._apply_group(group, group_rec)
        self.leads.refresh()
        return last_rec

    def _apply_group(self, group: list[tuple[int, Logged]], rec: int) -> None:
        for notification_id, entry in group:
            # A version carries its lead's time over from the one it ends, not from another
            # entry's: so the rows do not depend on how the log is split into batches.
            self.leads.ended = None
            if entry.actor is not None:
                self._actors.append({
                    "id": entry.actor.id, "name": entry.actor.name, "kind": entry.actor.kind,
                    "recorded_at": format_time(entry.recorded_at),
                    "exists_from": entry.actor.exists_from,
                    "exists_day": PartialDate.parse(entry.actor.exists_from).ordinal
                    if entry.actor.exists_from else None,
                })
            elif entry.kind == "alias":
                self._flush()  # its actor's row first (the log gave it earlier)
                self._alias(entry)
            elif entry.kind == "recorded":
                self._add_version(entry, entry.content or {}, notification_id, rec)
            elif entry.kind == "unreadable":
                if entry.id.startswith("event:"):
                    entry = replace(entry, id=entry.id.removeprefix("event:"))
                    self._flush()
                    current = self._close_current(entry.id, rec)
                    seq = current["seq"] if current else notification_id
                    self._versions.append(_unreadable_row(entry, seq, rec, UNREADABLE))
            else:
                self._flush()
                current = self._close_current(entry.id, rec)
                seq = current["seq"] if current else notification_id
                if entry.kind == "retracted":
                    self._versions.append(_retracted_row(entry, current, seq, rec))
                else:
                    self._add_version(entry, entry.content or {}, seq, rec)
        self._flush()
        self._refold(rec)

    def _alias(self, entry: Logged) -> None:
        a = schema.aliases
        key = alias_key(entry.id)
        self.conn.execute(delete(a).where(a.c.key == key))
        actor_id = (entry.content or {}).get("actor")
        if actor_id is not None:
            self.conn.execute(insert(a).values(key=key, alias=entry.id, actor_id=actor_id,
                                               recorded_at=format_time(entry.recorded_at)))

    def _add_version(self, entry: Logged, content: dict[str, Any], seq: int, rec: int) -> None:
        try:
            event, pair, on, announced, effects, text = \
                self._projected.get((entry.id, entry.version)) or readable(entry.id, content)
        except Exception:
            # The log holds what this version cannot read (written by another version, or
            # by a bug; content json cannot write is such): keep it visible to `check` and
            # retractable, and go on.
            self._versions.append({**_unreadable_row(entry, seq, rec, entry.kind),
                                   "content": as_read(entry.id, content)})
            return
        self._versions.append(
            {
                "event_id": entry.id,
                "version": entry.version,
                "status": entry.kind,
                "type": event.type,
                "pair": pair,
                "on_start": on.sort_day.toordinal(),
                "announced_start": announced,
                "content_version": entry.version,
                "content": text,
                "reason": entry.reason,
                "recorded_at": format_time(entry.recorded_at),
                "recorded_by": entry.recorded_by,
                "seq": seq,
                "rec_from": rec,
                "rec_to": REC_OPEN,
            }
        )
        if event.target is None:
            self._pairs.add((event.actor, event.actor, pair))  # the actor's own
        else:
            self._pairs.add((event.actor, event.target, pair))
            self._pairs.add((event.target, event.actor, pair))
        self.leads.add(event, rec)
        for about, role in [*((a, sql.ABOUT) for a in event.about),
                            *([(event.via, sql.VIA)] if event.via else [])]:
            self._mentions.append({"about": about, "role": role, "event_id": entry.id,
                                   "version": entry.version})
        for effect, value in effects:
            owner = fact_pair(event.actor, event.target, effect)
            if owner != pair:
                self._pairs.add((owner, owner, owner))
            self._effects.append(
                {
                    "event_id": entry.id,
                    "version": entry.version,
                    "key": (owner, effect.subject, effect.attribute),
                    "op": effect.op,
                    "value": value,
                    "on_text": str(on),
                    "on_start": on.ordinal,
                    "on_lo": on.first.toordinal(),
                    "seq": seq,
                    "rec_from": rec,
                    "rec_to": REC_OPEN,
                }
            )

    def _touch(self, key_id: int, day: int) -> None:
        known = self._touched.get(key_id)
        if known is None or day < known:
            self._touched[key_id] = day

    def _close_current(self, event_id: str, rec: int) -> dict[str, Any] | None:
        """End the current version of an event (and its effects) at ``rec``; returns its
        row, or None when there is none (its first version could not be read)."""
        v, e, k = schema.versions, schema.effects, schema.keys
        row = self.conn.execute(
            select(*(c for c in v.c if c.name in _CARRIED))
            .where(v.c.event_id == event_id, v.c.rec_to == REC_OPEN)
        ).first()
        if row is None:
            return None
        self.leads.end(event_id)
        if row.pair is not None:
            # Its effects are found through the facts of its relationship, or of either
            # actor's own (see fact_pair), on its day.
            owners = list(dict.fromkeys([row.pair, *actors_of(row.pair)]))
            found = self.conn.execute(
                select(e.c.id, e.c.key_id, e.c.rec_from).join_from(k, e, e.c.key_id == k.c.id)
                .where(k.c.pair.in_(owners), e.c.rec_to == REC_OPEN,
                       e.c.on_start.in_(sorted({row.on_start, NEVER_DAY})),
                       e.c.event_id == event_id)
            ).all()
            for effect in found:
                self._touch(effect.key_id, row.on_start)
            ended = [x.id for x in found if x.rec_from != rec]
            gone = [x.id for x in found if x.rec_from == rec]
            if gone:
                self.conn.execute(delete(e).where(e.c.id.in_(gone)))
            if ended:
                self.conn.execute(update(e).where(e.c.id.in_(ended)).values(rec_to=rec))
        current = (v.c.event_id == event_id) & (v.c.rec_to == REC_OPEN)
        self.conn.execute(delete(v).where(current, v.c.rec_from == rec))
        self.conn.execute(update(v).where(current).values(rec_to=rec))
        return dict(row._mapping)

    def _flush(self) -> None:
        if self._effects:
            self._key_ids.update(key_ids(
                self.conn, {r["key"] for r in self._effects} - self._key_ids.keys()))
            for row in self._effects:
                row["key_id"] = key_id = self._key_ids[row.pop("key")]
                self._touch(key_id, row["on_start"])
        if self._pairs:
            new_pairs(self.conn, sorted(self._pairs))
            self._pairs.clear()
        self._versions.sort(key=_LISTING_ORDER)
        for table, rows in (
            (schema.actors, self._actors),
            (schema.versions, self._versions),
            (schema.effects, self._effects),
            (schema.mentions, self._mentions),
        ):
            if rows:
                sql.insert_rows(self.conn, table.name, rows)
                rows.clear()
        self.leads.flush()

    def _refold(self, rec: int) -> None:
        touched, self._touched = self._touched, {}
        refold(self.conn, touched, rec)


# What a retraction carries over from the version it ends (not who recorded it: its own
# entry says who retracted it).
_CARRIED = ("seq", "type", "pair", "on_start", "announced_start", "content_version",
            "content", "status")


def _retracted_row(entry: Logged, current: dict[str, Any] | None, seq: int, rec: int
                   ) -> dict[str, Any]:
    """A retraction's version: the ended one's description, counting for nothing."""
    if current is None or current["status"] == UNREADABLE:
        row = _unreadable_row(entry, seq, rec, "retracted")
        if current is not None:
            row["content_version"] = current["content_version"]
            row["content"] = current["content"]
        return row
    return {
        **{k: current[k] for k in _CARRIED}, "event_id": entry.id, "version": entry.version,
        "status": "retracted", "reason": entry.reason,
        "recorded_at": format_time(entry.recorded_at), "recorded_by": entry.recorded_by,
        "seq": seq, "rec_from": rec, "rec_to": REC_OPEN,
    }


def _unreadable_row(entry: Logged, seq: int, rec: int, status: str) -> dict[str, Any]:
    return {
        "event_id": entry.id, "version": entry.version,
        "status": "retracted" if status == "retracted" else UNREADABLE,
        "type": "", "pair": None, "on_start": UNREADABLE_DAY,
        "announced_start": None, "content_version": entry.version, "content": None,
        "reason": entry.reason,
        "recorded_at": format_time(entry.recorded_at), "recorded_by": entry.recorded_by,
        "seq": seq, "rec_from": rec, "rec_to": REC_OPEN,
    }


def new_pairs(conn: Connection, rows: list[tuple[str, str, str]]) -> None:
    """Name each relationship under both of its actors, once."""
    sql.insert_ignoring(conn, "tl_pairs", {"actor": "text", "other": "text", "pair": "text"},
                        rows)
