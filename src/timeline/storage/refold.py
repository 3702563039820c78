"""The facts' ids, and refolding the facts a batch touched in one set-based pass.

The touched facts (and the day from which each may change) go into the query as a table:
a temporary table on SQLite, ``unnest`` of arrays on PostgreSQL. One join reads every
touched fact's effects from that day on, another its intervals that may change; the new
intervals are folded in Python and the differences written back by id.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection

from timeline.domain.fold import Interval, fold
from timeline.storage.schema import REC_OPEN

Key = tuple[str, str, str]  # (pair, subject, attribute)

_EFFECTS = (
    "SELECT e.key_id, e.on_start, e.op, e.value, e.on_text, e.event_id "
    "FROM {touched} JOIN tl_effects e ON e.key_id = t.key_id "
    "AND e.rec_to = {p} AND e.on_start >= t.since ORDER BY e.key_id, e.on_start, e.seq"
)
_FACTS = (
    "SELECT f.key_id, t.since, f.id, f.value, f.valid_from, f.valid_to, f.since, f.event_id, "
    "f.rec_from, f.rec_to FROM {touched} JOIN tl_facts f ON f.key_id = t.key_id "
    "AND f.valid_to >= t.since AND f.rec_to IN ({p}, {p})"
)


def key_ids(conn: Connection, keys: set[Key]) -> dict[Key, int]:
    """The ids of these facts, named in ``tl_keys`` first where they are new."""
    if not keys:
        return {}
    ordered = sorted(keys)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "INSERT INTO tl_keys (pair, subject, attribute) SELECT * FROM "
            "unnest(%s::text[], %s::text[], %s::text[]) ON CONFLICT DO NOTHING",
            tuple(list(column) for column in zip(*ordered, strict=True)))
        pairs = "pair = ANY(%s)"
    else:
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO tl_keys (pair, subject, attribute) VALUES (?, ?, ?)", ordered)
        pairs = "pair IN (SELECT value FROM json_each(?))"
    found: dict[Key, int] = {}
    wanted = sorted({key[0] for key in ordered})
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for key_id, *key in conn.exec_driver_sql(
            f"SELECT id, pair, subject, attribute FROM tl_keys WHERE {pairs}",
            (chunk if conn.dialect.name == "postgresql" else json.dumps(chunk),),
        ):
            if tuple(key) in keys:
                found[tuple(key)] = key_id
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
    postgres = conn.dialect.name == "postgresql"
    mark = "%s" if postgres else "?"
    keys = sorted(touched)
    if postgres:
        table = "unnest(%s::int[], %s::int[]) AS t(key_id, since)"
        before: list[Any] = [keys, [touched[k] for k in keys]]
    else:
        _fill_touched(conn, [(k, touched[k]) for k in keys])
        # CROSS JOIN: SQLite keeps the touched facts as the outer loop (an index seek each).
        table, before = "temp.tl_touched t CROSS", []
    by_key: dict[int, list[tuple[int, str, str, str, str]]] = defaultdict(list)
    for key_id, *effect in conn.exec_driver_sql(
        _EFFECTS.format(touched=table, p=mark), (*before, REC_OPEN)
    ):
        by_key[key_id].append(tuple(effect))
    existing: dict[int, dict[Interval, tuple[int, int]]] = defaultdict(dict)
    closed_now: dict[int, dict[Interval, int]] = defaultdict(dict)
    prior: dict[int, Interval] = {}
    for row in conn.exec_driver_sql(_FACTS.format(touched=table, p=mark),
                                    (*before, REC_OPEN, rec)):
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
    to_insert: list[tuple[Any, ...]] = []
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
                to_insert.append((key, interval.value, interval.valid_from, interval.valid_to,
                                  interval.since, interval.event_id, rec, REC_OPEN))
    _by_ids(conn, "DELETE FROM tl_facts WHERE id {match}", (), to_delete)
    _by_ids(conn, "UPDATE tl_facts SET rec_to = {p} WHERE id {match}", (rec,), to_close)
    _by_ids(conn, "UPDATE tl_facts SET rec_to = {p} WHERE id {match}", (REC_OPEN,), to_reopen)
    if to_insert:
        marks = ", ".join([mark] * 8)
        conn.exec_driver_sql(
            "INSERT INTO tl_facts (key_id, value, valid_from, valid_to, since, event_id, "
            f"rec_from, rec_to) VALUES ({marks})", to_insert)


def _fill_touched(conn: Connection, rows: list[tuple[int, int]]) -> None:
    conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS tl_touched "
                         "(key_id INTEGER, since INTEGER)")
    conn.exec_driver_sql("DELETE FROM temp.tl_touched")
    conn.exec_driver_sql("INSERT INTO temp.tl_touched VALUES (?, ?)", rows)


def _by_ids(conn: Connection, statement: str, params: tuple[Any, ...], ids: list[int]
            ) -> None:
    if not ids:
        return
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(statement.format(p="%s", match="= ANY(%s)"), (*params, ids))
    else:
        conn.exec_driver_sql(statement.format(p="?", match="= ?"),
                             [(*params, row_id) for row_id in ids])

