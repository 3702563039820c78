"""What an import stores, byte for byte, on either database: the log's entries and every
row of the read model, after importing the seed, a synthetic history and an ICEWS sample
(its leads) at a fixed recording time. A change to how anything is stored (the canonical
text, an id, the log's JSON, a read-model row) changes a digest here; one made only to go
faster must not.

The digests are those of the stores written by the code of 5131bb4 (2026-12-04, before
the import's speed-ups of the stop after), on SQLite and on PostgreSQL alike. A change that
means to store otherwise updates them, and says why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, icews_file

import timeline.app.importer as importer
from timeline.app import Timeline
from timeline.interchange import iter_records
from timeline.storage import sql, verification
from timeline.testing import synthetic

RECORDED = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
SYNTHETIC = 600  # events: every type the generator writes, corrected dates and spans among them
# The time eventsourcing stamps an actor's registration with is the clock's, not the record's.
_STAMP = re.compile(rb'"timestamp":\{"_type_":"datetime_iso","_data_":"[^"]*"\}')

EXPECTED = {
    "log": "5073281833b296b3",
    "tl_actors": "515de13c52299944",
    "tl_aliases": "e3b0c44298fc1c14",  # none: an import gives no alias
    "tl_versions": "251034dd3fa7842c",
    "tl_effects": "3f76b3d99de90a9e",
    "tl_facts": "1ebfbcdf1f0e2813",
    "tl_pairs": "08de26d8edf67764",
    "tl_mentions": "00ead5dcc02521d9",
    "tl_lead_rows": "c4fcd3fa7ca7627a",
    "tl_leads": "2b9f11044639d706",
    "tl_keys": "bd20f97f922fb2fd",
    "tl_position": "81521eb6fcc018f9",
}


def digests(app: Timeline) -> dict[str, str]:
    """A digest of the log's entries in their order, and of each read-model table (the
    facts' names and the position too; no surrogate id, which a rebuild may number
    otherwise)."""
    found: dict[str, str] = {}
    with app.store.db.reading() as conn:
        dialect = sql.dialect_of(conn)
        order = "notification_id" if dialect.postgres else "rowid"  # eventsourcing's
        entries = sql.rows(conn, "SELECT originator_id, originator_version, topic, state "
                                 f"FROM {dialect.log_table} ORDER BY {order}")
        found["log"] = _digest((*row[:3], _STAMP.sub(b"T", bytes(row[3])))
                               for row in entries)
        for name, rows in verification.all_rows(conn).items():
            found[name] = _digest(rows)
        found["tl_keys"] = _digest(sorted(sql.rows(
            conn, "SELECT pair, subject, attribute FROM tl_keys")))
        found["tl_position"] = _digest(sql.rows(
            conn, "SELECT notification_id, last_rec, meaning FROM tl_position"))
    return found


def _digest(rows: Any) -> str:
    text = "\n".join(repr(tuple(_plain(v) for v in row)) for row in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _plain(value: object) -> object:
    """A value as either database gives it (PostgreSQL's bytes as a memoryview)."""
    return bytes(value) if isinstance(value, memoryview) else value


def imported(app: Timeline, folder: Path) -> Timeline:
    """The store after the imports (the recording time fixed by the caller)."""
    history = folder / "history.jsonl"
    synthetic.write_jsonl(str(history), SYNTHETIC)
    coded = icews_file(folder / "icews.tab")
    for paths, options in ((sorted((ROOT / "events").glob("*.yaml")), {}),
                           ([history], {}),
                           ([coded], {"fmt": "icews", "create_actors": True})):
        app.import_stream(lambda: iter_records(paths, **options))  # noqa: B023 - read now
    return app


def test_an_import_stores_what_it_always_stored(app: Timeline, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "now", lambda: RECORDED)
    assert digests(imported(app, tmp_path)) == EXPECTED
