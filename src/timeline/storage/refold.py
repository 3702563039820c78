"""Refolding the facts a batch touched, in one set-based pass.

The touched facts (and the day from which each may change) go into the query as a table:
a temporary table on SQLite, ``unnest`` of arrays on PostgreSQL. One join reads every
touched fact's effects from that day on, another its intervals that may change; the new
intervals are folded in Python and the differences written back by id.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection

from timeline.storage.fold import Interval, fold
from timeline.storage.schema import REC_OPEN

Key = tuple[str, str, str]  # (pair, subject, attribute)

_EFFECTS = (
    "SELECT e.pair, e.subject, e.attribute, e.on_start, e.op, e.value, e.on_text, e.event_id "
    "FROM {touched} JOIN tl_effects e ON e.pair = t.pair AND e.subject = t.subject "
    "AND e.attribute = t.attribute AND e.rec_to = {p} AND e.on_start >= t.since "
    "ORDER BY e.pair, e.subject, e.attribute, e.on_start, e.seq"
)
_FACTS = (
    "SELECT f.pair, f.subject, f.attribute, t.since, f.id, f.value, f.valid_from, f.valid_to, "
    "f.since, f.event_id, f.rec_from, f.rec_to "
    "FROM {touched} JOIN tl_facts f ON f.pair = t.pair AND f.subject = t.subject "
    "AND f.attribute = t.attribute AND f.rec_to IN ({p}, {p}) AND f.valid_to >= t.since"
)


def refold(conn: Connection, touched: dict[Key, int], rec: int) -> None:
    """Refold each touched fact from the day it may change: only that suffix is read.

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
        table = ("unnest(%s::text[], %s::text[], %s::text[], %s::int[]) "
                 "AS t(pair, subject, attribute, since)")
        columns = [list(column) for column in zip(*((*k, touched[k]) for k in keys),
                                                  strict=True)]
        before: list[Any] = columns
    else:
        _fill_touched(conn, [(*k, touched[k]) for k in keys])
        # CROSS JOIN: SQLite keeps the touched facts as the outer loop (an index seek each).
        table, before = "temp.tl_touched t CROSS", []
    by_key: dict[Key, list[tuple[int, str, str, str, str]]] = defaultdict(list)
    for pair, subject, attribute, *effect in conn.exec_driver_sql(
        _EFFECTS.format(touched=table, p=mark), (*before, REC_OPEN)
    ):
        by_key[(pair, subject, attribute)].append(tuple(effect))
    existing: dict[Key, dict[Interval, tuple[int, int]]] = defaultdict(dict)
    closed_now: dict[Key, dict[Interval, int]] = defaultdict(dict)
    prior: dict[Key, Interval] = {}
    for row in conn.exec_driver_sql(_FACTS.format(touched=table, p=mark),
                                    (*before, REC_OPEN, rec)):
        key = (row[0], row[1], row[2])
        day, row_id, value, valid_from, valid_to, since_text, event_id, rec_from, rec_to = row[3:]
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
                to_insert.append((*key, interval.value, interval.valid_from, interval.valid_to,
                                  interval.since, interval.event_id, rec, REC_OPEN))
    _by_ids(conn, "DELETE FROM tl_facts WHERE id {match}", (), to_delete)
    _by_ids(conn, "UPDATE tl_facts SET rec_to = {p} WHERE id {match}", (rec,), to_close)
    _by_ids(conn, "UPDATE tl_facts SET rec_to = {p} WHERE id {match}", (REC_OPEN,), to_reopen)
    if to_insert:
        marks = ", ".join([mark] * 10)
        conn.exec_driver_sql(
            "INSERT INTO tl_facts (pair, subject, attribute, value, valid_from, valid_to, "
            f"since, event_id, rec_from, rec_to) VALUES ({marks})", to_insert)


def _fill_touched(conn: Connection, rows: list[tuple[str, str, str, int]]) -> None:
    conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS tl_touched "
                         "(pair TEXT, subject TEXT, attribute TEXT, since INTEGER)")
    conn.exec_driver_sql("DELETE FROM temp.tl_touched")
    conn.exec_driver_sql("INSERT INTO temp.tl_touched VALUES (?, ?, ?, ?)", rows)


def _by_ids(conn: Connection, statement: str, params: tuple[Any, ...], ids: list[int]
            ) -> None:
    if not ids:
        return
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(statement.format(p="%s", match="= ANY(%s)"), (*params, ids))
    else:
        conn.exec_driver_sql(statement.format(p="?", match="= ?"),
                             [(*params, row_id) for row_id in ids])

