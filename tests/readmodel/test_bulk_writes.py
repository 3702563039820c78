"""The read model's writes in bulk (``sql.insert_rows``: COPY on PostgreSQL, executemany on
SQLite) store every value as given, and fail as any other statement of the store fails."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError

from timeline.app import Timeline
from timeline.storage import sql

# Text COPY's own format gives a meaning to: its separator, its line ends, its escape and
# its NULL; quotes, text beyond the BMP, and an empty text.
AWKWARD = ["tab\there", "two\nlines", "carriage\rreturn", "back\\slash", "\\N", "",
           "\"quoted\" 'both'", "é — ✓ 🕊", "\\.", "ends with a backslash\\"]


def version(n: int, content: str | None, recorded_by: str | None) -> dict[str, Any]:
    return {"event_id": f"bulk-{n}", "version": 1, "status": "recorded", "type": "statement",
            "pair": None, "on_start": 738_000 + n, "announced_start": None,
            "content_version": 1, "content": content, "reason": None,
            "recorded_at": "2026-12-04T00:00:00.000000Z", "recorded_by": recorded_by,
            "seq": 10**12 + n, "rec_from": n, "rec_to": sql.REC_OPEN}


def test_every_value_is_stored_as_given(app: Timeline) -> None:
    rows = [version(n, text, None if n % 2 else text) for n, text in enumerate(AWKWARD)]
    rows.append(version(len(AWKWARD), None, None))
    columns = list(rows[0])
    with app.store.db.writing() as conn:
        sql.insert_rows(conn, "tl_versions", rows)
    with app.store.db.reading() as conn:
        stored = sql.rows(conn, f"SELECT {', '.join(columns)} FROM tl_versions "
                                "WHERE event_id LIKE 'bulk-%' ORDER BY seq")
    assert [dict(zip(columns, row, strict=True)) for row in stored] == rows


def test_rows_inserted_unless_there_are_stored_as_given(app: Timeline) -> None:
    """``insert_ignoring``: arrays sent in binary on PostgreSQL, rows in order on SQLite."""
    rows = [(f"p{n}", text, text[::-1]) for n, text in enumerate(AWKWARD)]
    with app.store.db.writing() as conn:
        sql.insert_ignoring(conn, "tl_pairs", {"actor": "text", "other": "text",
                                               "pair": "text"}, rows)
        sql.insert_ignoring(conn, "tl_pairs", {"actor": "text", "other": "text",
                                               "pair": "text"}, rows[:3])  # there already
    with app.store.db.reading() as conn:
        stored = sql.rows(conn, "SELECT actor, other, pair FROM tl_pairs WHERE actor LIKE 'p%'")
    assert sorted(map(tuple, stored)) == sorted(rows)


def test_the_days_of_touched_facts_are_read_as_given(app: Timeline) -> None:
    days = {1: 0, 7: 738_000, 2**31 - 1: 3_652_060, 12: -5}  # the largest id and day there are
    with app.store.db.writing() as conn:
        table, params = sql.keyed_days(conn, days)
        found = sql.rows(conn, f"SELECT t.key_id, t.since FROM {table} JOIN tl_position p "
                               "ON p.id = 1", params)
    assert dict(found) == days


def test_nothing_to_insert_runs_nothing(app: Timeline) -> None:
    with app.store.db.writing() as conn:
        sql.insert_rows(conn, "no_such_table", [])  # no statement: no error


def test_a_failed_bulk_write_fails_as_the_store_reports_failures(app: Timeline) -> None:
    # A second row of one key: SQLAlchemy's IntegrityError, which the store's callers
    # translate (app.store), on both backends; and nothing of the batch is kept.
    with pytest.raises(IntegrityError), app.store.db.writing() as conn:
        sql.insert_rows(conn, "tl_versions", [version(1, "{}", None), version(1, "{}", None)])
    with app.store.db.reading() as conn:
        assert sql.rows(conn, "SELECT count(*) FROM tl_versions "
                              "WHERE event_id LIKE 'bulk-%'") == [(0,)]


def test_a_connection_lost_in_a_bulk_write_is_not_used_again(app: Timeline, backend: str,
                                                             store: str) -> None:
    if backend != "postgresql":
        pytest.skip("a connection to a server can be lost; SQLite's file cannot")
    import psycopg

    with pytest.raises(DBAPIError) as raised, app.store.db.writing() as conn:
        (pid,), = sql.rows(conn, "SELECT pg_backend_pid()")
        with psycopg.connect(store, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        sql.insert_rows(conn, "tl_versions", [version(1, "{}", None)])
    # The COPY's own failure, not a second one met rolling back on the lost connection.
    assert str(raised.value.statement).startswith("COPY tl_versions")
    assert raised.value.connection_invalidated
    with app.store.db.reading() as conn:  # the pool's next connection is a new one
        (other,), = sql.rows(conn, "SELECT pg_backend_pid()")
    assert other != pid
