"""The facts' ids, and refolding the facts a batch touched in one set-based pass.

The touched facts (and the day from which each may change) go into the query as a table:
a temporary table on SQLite, ``unnest`` of arrays on PostgreSQL. One join reads every
touched fact's effects from that day on, another its intervals that may change; the new
intervals are folded in Python and the differences written back by id.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection

from timeline.domain.fold import Interval, fold
from timeline.storage import schema, sql
from timeline.storage.sql import REC_OPEN

Key = tuple[str, str, str]  # (pair, subject, attribute)

# The current effects of each touched fact from its day on, in the order they apply.
_EFFECTS = (
    "SELECT e.key_id, e.on_start, e.op, e.value, e.on_text, e.event_id "
    "FROM {touched} JOIN tl_effects e ON e.key_id = t.key_id "
    "AND e.rec_to = :open AND e.on_start >= t.since ORDER BY e.key_id, e.on_start, e.seq"
)
# Its intervals that may change: current ones reaching its day, and those closed at :rec.
_FACTS = (
    "SELECT f.key_id, t.since, f.id, f.value, f.valid_from, f.valid_to, f.since, f.event_id, "
    "f.rec_from, f.rec_to FROM {touched} JOIN tl_facts f ON f.key_id = t.key_id "
    "AND f.valid_to >= t.since AND f.rec_to IN (:open, :rec)"
)


def key_ids(conn: Connection, keys: set[Key]) -> dict[Key, int]:
    """The ids of these facts, named in ``tl_keys`` first where they are new."""
    if not keys:
        return {}
    found = _known_keys(conn, keys)
    # Only the new ones are inserted: a batch names mostly facts named before, and the
    # server checked each against the unique index for nothing (on PostgreSQL a tenth of
    # an import's waiting, at 100,000 events).
    new = sorted(keys - found.keys())
    if new:
        sql.insert_ignoring(conn, "tl_keys", {"pair": "text", "subject": "text",
                                              "attribute": "text"}, new)
        found.update(_known_keys(conn, set(new)))
    return found


def _known_keys(conn: Connection, keys: set[Key]) -> dict[Key, int]:
    dialect = sql.dialect_of(conn)
    statement = ("SELECT id, pair, subject, attribute FROM tl_keys "
                 f"WHERE {dialect.one_of('pair', 'pairs')}")
    found: dict[Key, int] = {}
    wanted = sorted({key[0] for key in keys})
    for start in range(0, len(wanted), 500):
        for key_id, pair, subject, attribute in sql.rows(
                conn, statement, {"pairs": dialect.listed(wanted[start:start + 500])}):
            if (key := (pair, subject, attribute)) in keys:
                found[key] = key_id
    return found


def refold(conn: Connection, touched: dict[int, int], rec: int) -> None:
    """Refold each touched fact (by id) from the day it may change: only that suffix is read.

    The current intervals that may change are those reaching that day (the one in force
    just before it included); also those closed at this very record time by an earlier
    transaction: when a record time's events span transactions (a large import), an
    interval that comes back is reopened, so the rows come out as a rebuild makes them,
    whatever the batching.
    """
    if not touched:
        return
    keys = sorted(touched)
    table, params = sql.keyed_days(conn, touched)
    params.update(open=REC_OPEN, rec=rec)
    by_key: dict[int, list[tuple[int, str, str, str, str]]] = defaultdict(list)
    for key_id, *effect in sql.rows(conn, _EFFECTS.format(touched=table), params):
        by_key[key_id].append(tuple(effect))
    existing: dict[int, dict[Interval, tuple[int, int]]] = defaultdict(dict)
    closed_now: dict[int, dict[Interval, int]] = defaultdict(dict)
    prior: dict[int, Interval] = {}
    for row in sql.rows(conn, _FACTS.format(touched=table), params):
        key, day, row_id, value, valid_from, valid_to, since_text, event_id, rec_from, rec_to = row
        interval = Interval(valid_from, valid_to, value, since_text, event_id)
        if rec_to != REC_OPEN:
            closed_now[key][interval] = row_id
            continue
        existing[key][interval] = (row_id, rec_from)
        if valid_from < day:
            prior[key] = interval
    to_delete: list[int] = []
    to_close: list[int] = []
    to_reopen: list[int] = []
    to_insert: list[dict[str, Any]] = []
    for key in keys:
        old = existing.get(key, {})
        new = fold(by_key.get(key, ()), prior.get(key))
        new_set = set(new)
        for interval, (row_id, rec_from) in old.items():
            if interval not in new_set:
                (to_delete if rec_from == rec else to_close).append(row_id)
        reopenable = closed_now.get(key, {})
        for interval in new:
            if interval in old:
                continue
            if interval in reopenable:
                to_reopen.append(reopenable[interval])
            else:
                to_insert.append({
                    "key_id": key, "value": interval.value, "valid_from": interval.valid_from,
                    "valid_to": interval.valid_to, "since": interval.since,
                    "event_id": interval.event_id, "rec_from": rec, "rec_to": REC_OPEN})
    _by_ids(conn, "DELETE FROM tl_facts WHERE {ids}", {}, to_delete)
    _by_ids(conn, "UPDATE tl_facts SET rec_to = :rec WHERE {ids}", {"rec": rec}, to_close)
    _by_ids(conn, "UPDATE tl_facts SET rec_to = :open WHERE {ids}", {"open": REC_OPEN},
            to_reopen)
    sql.insert_rows(conn, schema.facts.name, to_insert)


def _by_ids(conn: Connection, statement: str, params: dict[str, Any], ids: list[int]) -> None:
    """Run ``statement`` over the rows of tl_facts with these ids, in one statement."""
    if ids:
        dialect = sql.dialect_of(conn)
        sql.run(conn, statement.format(ids=dialect.one_of("id", "ids")),
                {**params, "ids": dialect.listed(ids)})

