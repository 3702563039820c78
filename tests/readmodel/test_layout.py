"""Where the read model's rows lie: each batch the projection writes holds its versions in
the order listings read them (by day, then by the log's order), whatever the order of the
input, so that a listing of a large store reads runs of consecutive rows, not a page for
each row; and no answer depends on where the rows lie."""

from __future__ import annotations

import datetime as dt
import random

from timeline.app import Timeline
from timeline.domain.records import Record
from timeline.storage import queries, refold, sql

EVENTS = 300


def import_on_shuffled_days(app: Timeline, ids: list[str], step: int, seed: int) -> None:
    """One import of statements between a and b, ``ids`` on days ``step`` apart, shuffled."""
    days = [dt.date(1990, 1, 1) + dt.timedelta(days=step * i) for i in range(len(ids))]
    random.Random(seed).shuffle(days)
    app.import_records(
        [Record("", {"id": "a", "name": "A", "kind": "state"}),
         Record("", {"id": "b", "name": "B", "kind": "state"})],
        [Record("", {"id": event_id, "type": "statement", "actor": "a", "target": "b",
                     "on": day.isoformat(), "sources": [f"https://example.org/{event_id}"]})
         for event_id, day in zip(ids, days, strict=True)])


def test_an_imports_versions_lie_in_the_order_listings_read_them(app: Timeline) -> None:
    import_on_shuffled_days(app, [f"s{i}" for i in range(EVENTS)], step=7, seed=5)
    with app.store.db.reading() as conn:
        # The order of the rows in the table's storage: SQLite's rowid, PostgreSQL's ctid
        # (a table only ever inserted into holds its rows in the order they came).
        stored = "ctid" if sql.dialect_of(conn).postgres else "rowid"
        as_stored = sql.rows(conn, f"SELECT event_id, on_start FROM tl_versions "
                                   f"ORDER BY {stored}")
        as_listed = sql.rows(conn, "SELECT event_id, on_start FROM tl_versions "
                                   "ORDER BY on_start, seq")
    assert len(as_stored) == EVENTS
    assert as_stored == as_listed
    assert [e.id for e in app.list_events(("a", "b"))] == [row[0] for row in as_stored]


def test_the_ids_suggested_for_a_typo_do_not_depend_on_where_rows_lie(app: Timeline) -> None:
    # The suggestions are the first ids by id, of those that start alike: the same before
    # and after a rebuild lays the rows out again.
    import_on_shuffled_days(app, [f"ev-{i:02d}" for i in range(12)], step=1, seed=3)
    for _ in range(2):
        with app.store.db.reading() as conn:
            assert queries.event_ids_like(conn, "ev-99", limit=3) == ["ev-00", "ev-01",
                                                                      "ev-02"]
        app.rebuild()


def test_a_refold_finds_effects_and_facts_by_their_indexes(app: Timeline) -> None:
    # A refold's two reads seek tl_effects_key and tl_facts_key; on PostgreSQL they are
    # answered by the indexes alone, without the tables' rows (spread over the whole table,
    # which a large import otherwise reads back into the server's buffers at each batch).
    # PostgreSQL is told not to scan the table, which its planner prefers for a table this
    # small: the question is whether the index holds all that is read.
    with app.store.db.reading() as conn:
        dialect = sql.dialect_of(conn)
        table, params = sql.keyed_days(conn, {1: 0, 2: 5})
        params.update(open=sql.REC_OPEN, rec=0)
        if dialect.postgres:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
        for statement, index in ((refold._EFFECTS, "tl_effects_key"),
                                 (refold._FACTS, "tl_facts_key")):
            explain = "EXPLAIN " if dialect.postgres else "EXPLAIN QUERY PLAN "
            plan = " ".join(str(cell) for row in sql.rows(
                conn, explain + statement.format(touched=table), params) for cell in row)
            if dialect.postgres:
                assert f"Index Only Scan using {index}" in plan, plan
            else:
                assert f"USING INDEX {index} (key_id=?" in plan, plan
