"""Disk: bytes per event of the event log against the read model, after the SQLite import
of n events (the in-process import of bench_import_batches, made once per session).

Sizes come from SQLite's dbstat virtual table (pages in use per table and index). The log
is eventsourcing's table `stored_events` and its key; the read model is every `tl_` table
and index, with the keys SQLite made for them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
from conftest import AMOUNTS, FIGURES, SIZES
from stores import ImportRun

LOG = ("stored_events", "sqlite_autoindex_stored_events_1")


def read_model(name: str) -> bool:
    return name.startswith(("tl_", "sqlite_autoindex_tl_"))


def bytes_by_name(path: str) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError as exc:
        pytest.skip(f"this SQLite ({sqlite3.sqlite_version}) has no dbstat virtual table "
                    f"(built without SQLITE_ENABLE_DBSTAT_VTAB): {exc}")
    finally:
        conn.close()
    return {str(name): int(size) for name, size in rows}


@pytest.mark.parametrize("n", SIZES, ids=[f"{n}" for n in SIZES])
def test_log_and_read_model_bytes(n: int, sqlite_import_of: Callable[[int], ImportRun]
                                  ) -> None:
    sizes = bytes_by_name(sqlite_import_of(n).spec)
    log = sum(sizes.get(name, 0) for name in LOG)
    model = sum(size for name, size in sizes.items() if read_model(name))
    other = {name: size for name, size in sizes.items()
             if name not in LOG and not read_model(name) and name != "sqlite_schema"}
    assert sizes.get("stored_events", 0) > 0, f"no event log table in {sorted(sizes)}"
    assert model > 0, f"no read model table in {sorted(sizes)}"
    AMOUNTS[f"disk log {n}"] = log
    AMOUNTS[f"disk read model {n}"] = model
    FIGURES[f"disk event log {n}"] = f"{log / n:,.0f} bytes/event ({log / 2**20:,.1f} MB)"
    FIGURES[f"disk read model {n}"] = f"{model / n:,.0f} bytes/event ({model / 2**20:,.1f} MB)"
    if other:  # a table of neither kind: shown, so that a new one is not missed
        FIGURES[f"disk other tables {n}"] = ", ".join(
            f"{name} {size / n:,.0f} bytes/event" for name, size in sorted(other.items()))
