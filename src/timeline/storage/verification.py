"""What `check --deep` compares: the read model's rows (two read models of the same log are
equal row for row), and what SQLite's own check says of the file."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from timeline.storage import schema


def all_rows(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read-model table but the position, without surrogate ids, sorted:
    two read models of the same log are equal row for row."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    k = schema.keys
    for table in (schema.actors, schema.versions, schema.effects, schema.facts, schema.pairs,
                  schema.mentions):
        # A fact is named, not numbered: ids depend on the order facts were first met.
        cols = [c for c in table.c if c.name not in ("id", "key_id") or table is schema.actors]
        query = select(*cols)
        if "key_id" in table.c:
            query = query.add_columns(k.c.pair, k.c.subject, k.c.attribute).join_from(
                table, k, table.c.key_id == k.c.id)
        out[table.name] = sorted(tuple(r) for r in conn.execute(query))
    return out


def integrity(conn: Connection) -> list[str]:
    """What SQLite's own check finds wrong with the file (nothing to say on PostgreSQL)."""
    if conn.dialect.name != "sqlite":
        return []
    found = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA quick_check")]
    return [] if found == ["ok"] else found[:5]
