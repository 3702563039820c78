"""Every row of a store, to compare two stores or one store before and after."""

from __future__ import annotations

from typing import Any

from timeline.app.store import Store
from timeline.storage import verification


def read_model(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read-model table but the position, without surrogate ids."""
    with store.db.reading() as conn:
        return verification.all_rows(conn)


def whole(store: Store) -> tuple[int, dict[str, list[tuple[Any, ...]]]]:
    """The log's length and the read model's rows."""
    return store.log_length(), read_model(store)
