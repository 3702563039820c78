"""The read model's query language (storage.sql): named parameters in each driver's style,
and the fragments, without a store."""

from __future__ import annotations

import sqlite3

from timeline.storage import sql


def test_named_parameters_become_psycopg_style_and_casts_stay() -> None:
    statement = "SELECT * FROM unnest(:ids::int[]) WHERE x LIKE 'a%' AND y = :y AND z = :y"
    # An array the statement casts is sent in binary (``b``); any other value as psycopg
    # chooses (``s``).
    assert sql.POSTGRES.driver_sql(statement) == (
        "SELECT * FROM unnest(%(ids)b::int[]) WHERE x LIKE 'a%%' AND y = %(y)s AND z = %(y)s")
    assert sql.SQLITE.driver_sql(statement) == statement


def test_holds_picks_the_one_row_holding_on_a_day_as_recorded_then() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE tl_facts (id INTEGER PRIMARY KEY, key_id, value, valid_from, "
                 "valid_to, rec_from, rec_to)")
    conn.executemany("INSERT INTO tl_facts VALUES (?, 1, ?, ?, ?, ?, ?)", [
        (1, "a", 10, 20, 0, sql.REC_OPEN), (2, "b", 20, sql.VALID_OPEN, 0, 5),
        (3, "c", 20, sql.VALID_OPEN, 5, sql.REC_OPEN)])
    statement = f"SELECT f.value FROM tl_facts f WHERE {sql.holds('f', '1')}"
    at = {(day, rec): [v for (v,) in conn.execute(statement, {"day": day, "rec": rec})]
          for day in (9, 10, 19, 20) for rec in (4, sql.NOW)}
    assert at == {(9, 4): [], (9, sql.NOW): [], (10, 4): ["a"], (10, sql.NOW): ["a"],
                  (19, 4): ["a"], (19, sql.NOW): ["a"], (20, 4): ["b"], (20, sql.NOW): ["c"]}


def test_in_lists_are_one_parameter_on_either_database() -> None:
    conn = sqlite3.connect(":memory:")
    found = conn.execute(f"SELECT 2 WHERE {sql.SQLITE.one_of('2', 'ids')}",
                         {"ids": sql.SQLITE.listed([1, 2])}).fetchall()
    assert found == [(2,)]
    assert sql.POSTGRES.listed([1, 2]) == [1, 2]
