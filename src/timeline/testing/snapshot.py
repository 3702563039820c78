"""Every row of a store, to compare two stores or one store before and after."""

from __future__ import annotations

from typing import Any

from timeline.app import Timeline
from timeline.storage import verification


def read_model(app: Timeline) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read-model table but the position, without surrogate ids."""
    with app.store.db.reading() as conn:
        return verification.all_rows(conn)


def whole(app: Timeline) -> tuple[int, dict[str, list[tuple[Any, ...]]]]:
    """The log's length and the read model's rows."""
    return app.log_length(), read_model(app)
