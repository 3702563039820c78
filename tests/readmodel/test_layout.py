"""Where the read model's rows lie: an import writes its versions in the order listings
read them (by day, then by the log's order), whatever the order of its input, so that a
listing of a large store reads consecutive rows, not a page for each row."""

from __future__ import annotations

import datetime as dt
import random

from timeline.app import Timeline
from timeline.domain.records import Record
from timeline.storage import sql

EVENTS = 300


def test_an_imports_versions_lie_in_the_order_listings_read_them(app: Timeline) -> None:
    days = [dt.date(1990, 1, 1) + dt.timedelta(days=7 * i) for i in range(EVENTS)]
    random.Random(5).shuffle(days)
    app.import_records(
        [Record("", {"id": "a", "name": "A", "kind": "state"}),
         Record("", {"id": "b", "name": "B", "kind": "state"})],
        [Record("", {"id": f"s{i}", "type": "statement", "actor": "a", "target": "b",
                     "on": day.isoformat(), "sources": [f"https://example.org/{i}"]})
         for i, day in enumerate(days)])
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
