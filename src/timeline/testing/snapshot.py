"""Every row of a store, to compare two stores or one store before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from timeline.app.store import Store
from timeline.storage import schema


def read_model(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read-model table but the position, without surrogate ids."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.db.reading() as conn:
        for table in (schema.actors, schema.versions, schema.effects, schema.facts):
            cols = [c for c in table.c if c.name != "id" or table is schema.actors]
            out[table.name] = sorted(tuple(r) for r in conn.execute(select(*cols)))
    return out


def whole(store: Store) -> tuple[int, dict[str, list[tuple[Any, ...]]]]:
    """The log's length and the read model's rows."""
    return store.log_length(), read_model(store)
