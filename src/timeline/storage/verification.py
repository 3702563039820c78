"""What `check --deep` finds in the read model itself: its rows against a rebuild's (two
read models of the same log are equal row for row), the invariants its rows keep
(``schema.INVARIANTS``), and what the database says of its own file."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from timeline.domain.findings import Finding
from timeline.storage import schema, sql

INVARIANT_KIND = "read_model_invariant"  # the kind of finding of a broken invariant


def all_rows(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read-model table but the position, without surrogate ids, sorted:
    two read models of the same log are equal row for row."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    k = schema.keys
    for table in (schema.actors, schema.aliases, schema.versions, schema.effects,
                  schema.facts, schema.pairs, schema.mentions, schema.lead_rows, schema.leads):
        # A fact is named, not numbered: ids depend on the order facts were first met.
        cols = [c for c in table.c if c.name not in ("id", "key_id") or table is schema.actors]
        query = select(*cols)
        if "key_id" in table.c:
            query = query.add_columns(k.c.pair, k.c.subject, k.c.attribute).join_from(
                table, k, table.c.key_id == k.c.id)
        out[table.name] = sorted(tuple(r) for r in conn.execute(query))
    return out


def invariant_findings(conn: Connection) -> list[Finding]:
    """A finding for each invariant of ``schema.INVARIANTS`` that rows break, naming it and
    (some of) the events concerned."""
    found = []
    for invariant in schema.INVARIANTS:
        broken = sql.rows(conn, invariant.violations)
        if broken:
            events = sorted({str(row[0]) for row in broken if row[0] is not None})
            found.append(Finding(
                INVARIANT_KIND, "", events[:10],
                f"{invariant.name}: {len(broken)} row(s) break the rule that "
                f"{invariant.rule}; run 'timeline rebuild'"))
    return found


def integrity(conn: Connection) -> list[str]:
    """What SQLite's own check finds wrong with the file (nothing to say on PostgreSQL)."""
    return sql.integrity_problems(conn)
