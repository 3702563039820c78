"""The bulk append: an import writes eventsourcing's own log, readable by eventsourcing, its
notification ids in the order of the records, its log entries and read-model rows in one
transaction (a failure in either stores neither)."""

from __future__ import annotations

from typing import Any

import pytest

from timeline.app import Timeline
from timeline.domain.aggregates import Action, Actor
from timeline.domain.dates import now
from timeline.domain.records import Record
from timeline.storage import projector


def _records(n: int, prefix: str = "e") -> list[Record]:
    return [Record("", {"id": f"{prefix}{i}", "type": "statement", "actor": "a", "target": "b",
                        "on": f"2001-01-{1 + i % 28:02d}", "sources": [f"s{i}"]})
            for i in range(n)]


def _actors() -> list[Record]:
    return [Record("", {"id": x, "name": x.upper(), "kind": "state"}) for x in ("a", "b")]


def test_an_import_writes_a_log_eventsourcing_reads_in_record_order(
        app: Timeline, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_IMPORT_BATCH", "7")
    app.import_records(_actors(), _records(30))
    log = app.store.log.application  # eventsourcing's own, reading what the import wrote
    notifications = log.recorder.select_notifications(start=1, limit=100)
    ids = [n.id for n in notifications]
    assert ids == sorted(ids) and len(ids) == 32
    domain = [log.mapper.to_domain_event(n) for n in notifications]
    assert [type(d) for d in domain[:2]] == [Actor.Registered] * 2
    assert [d.event_id for d in domain[2:]] == [f"e{i}" for i in range(30)]
    assert len({d.recorded_at for d in domain}) == 1  # one record time for the import
    action: Action = log.repository.get(Action.create_id("e5"))
    assert action.content == app.event("e5").content()
    assert projector.position(app.store.db) == ids[-1] == app.log_length()


def test_saves_through_the_recorder_get_their_notification_ids(app: Timeline) -> None:
    """eventsourcing's own save path, through the executemany recorder on SQLite."""
    app.import_records(_actors(), [])
    actions = [Action(f"x{i}", {"type": "statement", "actor": "a", "target": "b",
                                "on": "2002", "sources": ["s"]}, recorded_at=now())
               for i in range(5)]
    positions = app.store.log.append(actions)
    before = 2
    assert positions == list(range(before + 1, before + 6))
    assert [e.id for e in app.list_events()] == [f"x{i}" for i in range(5)]


def test_a_batch_whose_projection_fails_stores_nothing(
        app: Timeline, monkeypatch: pytest.MonkeyPatch) -> None:
    app.import_records(_actors(), _records(3))
    length = app.log_length()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("projection failed")

    monkeypatch.setattr(projector, "record_within", broken)
    with pytest.raises(RuntimeError, match="projection failed"):
        app.import_records([], _records(5, "f"))
    monkeypatch.undo()
    assert app.log_length() == length
    assert [e.id for e in app.list_events()] == ["e0", "e1", "e2"]
    assert app.check(deep=True) == []


def test_a_long_import_tidies_the_read_model_as_it_goes(
        app: Timeline, backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import text

    from timeline.app import importer

    monkeypatch.setenv("TIMELINE_IMPORT_BATCH", "7")
    monkeypatch.setattr(importer, "TIDY_EVENTS", 7)
    database = type(app.store.db)
    tidied: list[tuple[int, bool]] = []
    real_tidy = database.tidy

    def tidy(db: Any, statistics: bool = True) -> None:
        tidied.append((app.log_length(), statistics))
        real_tidy(db, statistics)

    monkeypatch.setattr(database, "tidy", tidy)
    app.import_records(_actors(), _records(30))
    # Batches of 7, tidied after each full one and at the end (the log's length counts the
    # two actors too); the statistics refreshed where the log has at least doubled since
    # they last were (from 0 to 9, from 9 to 23; 16 and 30 are short of it), and at the end.
    assert tidied == [(9, True), (16, False), (23, True), (30, False), (32, True)]
    if backend == "postgresql":
        with app.store.db.engine.connect() as conn:
            counts = conn.execute(text(
                "SELECT vacuum_count, analyze_count FROM pg_stat_user_tables "
                "WHERE relname = 'tl_facts'")).one()
        assert tuple(counts) == (5, 3)  # the server's own count of what was done
    assert sorted(e.id for e in app.list_events()) == sorted(f"e{i}" for i in range(30))
