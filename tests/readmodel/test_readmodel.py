"""The read model: catches up exactly once, survives a writer that died before updating it,
answers without reading the log, and is reproduced by a rebuild."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from typing import Any

import pytest
from helpers import ROOT, Runner

from timeline.app import Timeline
from timeline.domain.aggregates import Action
from timeline.domain.dates import now
from timeline.storage import projector
from timeline.testing import snapshot
from timeline.testing.replay import replay_log_state

WRITER_THAT_DIES = """
import os, sys
from timeline.app import Timeline
from timeline.domain.dates import now
from timeline.domain.aggregates import Action
app = Timeline.open(sys.argv[1])
content = {"type": "channel_closed", "actor": "russia", "target": "nato", "on": "2022-03-01",
           "announced": None, "fields": {"channel": "saceur-cgs"}, "sources": ["test"],
           "note": None}
app.store.log.append([Action("line-cut", content, recorded_at=now())])  # logged, not projected
os._exit(0)
"""


def test_read_model_catches_up_after_a_writer_died(seeded: Runner) -> None:
    before = Timeline.open(seeded.db)
    position = projector.position(before.store.db)
    before.close()
    done = subprocess.run([sys.executable, "-c", WRITER_THAT_DIES, seeded.db], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    lagging = Timeline.open(seeded.db)
    assert projector.position(lagging.store.db) == position
    assert lagging.log_length() == position + 1
    lagging.close()
    state = json.loads(seeded.ok("state", "russia", "nato", "--as-of", "2022-03-02",
                                 "--json").stdout)
    line = next(f for f in state["facts"] if f["subject"] == "channel:saceur-cgs")
    assert (line["value"], line["event"]) == ("closed", "line-cut")
    after = Timeline.open(seeded.db)
    try:
        assert projector.position(after.store.db) == after.log_length()
    finally:
        after.close()


def test_concurrent_catch_ups_apply_each_event_once(store: str) -> None:
    writer = Timeline.open(store)
    try:
        from timeline.domain.records import Record

        writer.import_records([Record("", {"id": "x", "name": "X"}),
                               Record("", {"id": "y", "name": "Y"})], [])
        # Append many events without projecting them, then let two readers race.
        stamp = now()
        writer.store.log.append([
            Action(f"e{i}", {"type": "expulsion", "actor": "x", "target": "y",
                             "on": f"2020-01-{1 + i % 28:02d}", "announced": None,
                             "fields": {"count": 1}, "sources": [], "note": None},
                   recorded_at=stamp)
            for i in range(300)
        ])
        readers = [Timeline.open(store) for _ in range(2)]
        errors: list[BaseException] = []

        def catch_up(app: Timeline) -> None:
            try:
                app.catch_up()
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=catch_up, args=(r,)) for r in readers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        import datetime as dt

        facts = {(f.subject, f.attribute): f.value
                 for f in readers[0].state("x", "y", dt.date(2020, 2, 1)).facts}
        assert facts == {("relationship", "expelled:y"): 300}
        rows = snapshot.read_model(readers[0])
        readers[0].rebuild()
        assert snapshot.read_model(readers[0]) == rows
        for r in readers:
            r.close()
    finally:
        writer.close()


def test_queries_do_not_replay_the_log(seeded: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    app = Timeline.open(seeded.db)
    try:
        app.catch_up()

        def no_reading(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("a query read the event log")

        monkeypatch.setattr(app.store.log.application.recorder, "select_notifications",
                            no_reading)
        monkeypatch.setattr(app.store.log.application.repository, "get", no_reading)
        # Only the position check touches the log: max_notification_id is one indexed read.
        state = app.state("russia", "nato", dt.date(2021, 11, 2))
        diff = app.diff("russia", "nato", dt.date(2021, 10, 1), dt.date(2021, 11, 2))
        assert len(state.facts) > 10 and len(diff.changes) == 7
    finally:
        app.close()


def test_rebuild_reproduces_tables_exactly(seeded: Runner) -> None:
    app = Timeline.open(seeded.db)
    try:
        before = snapshot.read_model(app)
        assert sum(len(rows) for rows in before.values()) > 50
        assert app.rebuild() == app.log_length()
        assert snapshot.read_model(app) == before
    finally:
        app.close()


def _relations_leave_and_return(app: Timeline, imports: list[list[str]]) -> None:
    """Relations established in 2000; on one day of 2010, suspended and re-established."""
    from timeline.domain.records import Record

    app.import_records([Record("", {"id": x, "name": x.upper()}) for x in "abc"], [])
    app.import_records([], [Record("", {"id": "e0", "type": "relations_established",
                                        "actor": "a", "target": "b", "on": "2000"})])
    kinds = {"sus": "relations_suspended", "est": "relations_established"}
    for ids in imports:
        records = []
        for event_id in ids:
            if event_id in kinds:
                records.append({"id": event_id, "type": kinds[event_id], "actor": "a",
                                "target": "b", "on": "2010-01-01"})
            else:
                records.append({"id": event_id, "type": "statement", "actor": "a",
                                "target": "c", "on": "2001"})
        app.import_records([], [Record("", r) for r in records])


def test_rebuild_is_exact_when_one_record_time_spans_several_transactions(
    sqlite_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline.storage import projector as readmodel

    monkeypatch.setattr(readmodel, "BATCH", 10)
    app = Timeline.open(sqlite_store)
    try:
        # One import: the suspension falls in one catch-up batch, the return in the next.
        fillers = [f"f{i}" for i in range(12)]
        _relations_leave_and_return(app, [[*fillers, "sus", "x1", "x2", "x3",
                                           "x4", "x5", "x6", "x7", "est"]])
        split = snapshot.read_model(app)
        monkeypatch.setattr(readmodel, "BATCH", 5000)
        app.rebuild()
        assert snapshot.read_model(app) == split
    finally:
        app.close()


def test_rebuild_is_exact_when_a_writer_clock_runs_behind(
    sqlite_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from timeline.app import importer as application

    app = Timeline.open(sqlite_store)
    try:
        ahead = now() + dt.timedelta(seconds=5)
        clock = iter([ahead, ahead - dt.timedelta(seconds=1)])
        real_now = application.now

        def skewed() -> dt.datetime:
            return next(clock, None) or real_now()

        _relations_leave_and_return(app, [])
        monkeypatch.setattr(application, "now", skewed)
        _relations_leave_and_return(app, [["sus"], ["est"]])
        live = snapshot.read_model(app)
        app.rebuild()
        assert snapshot.read_model(app) == live
    finally:
        app.close()


def test_queries_answer_while_a_writer_holds_the_lock(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    db = str(tmp_path / "t.db")
    Runner(db).ok("import", "events/")
    monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", "1")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = Runner(db).ok("state", "russia", "nato", "--as-of", "2021-11-02", "--json")
        assert len(json.loads(result.stdout)["facts"]) > 10
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_the_read_model_agrees_with_a_replay_of_the_log(seeded: Runner) -> None:
    import datetime as dt

    app = Timeline.open(seeded.db)
    try:
        app.correct("russia-recalls-mission-to-nato", "test", on="2021-10-25")
        app.retract("nato-caps-russia-mission-at-10", "test")
        for day in ("1997-05-27", "2014-04-01", "2021-10-20", "2021-10-26", "2021-11-02"):
            as_of = dt.date.fromisoformat(day)
            assert app.state("nato", "russia", as_of).facts == replay_log_state(app,
                "nato", "russia", as_of)
    finally:
        app.close()


def test_a_read_model_made_by_an_earlier_version_is_made_again_from_the_log(
        seeded: Runner) -> None:
    """The version before this one read each event's content from the log; this one keeps
    it in tl_versions, as the projection read it. Opening such a store rebuilds its read
    model: same answers, new layout."""
    asked = ("state", "russia", "nato", "--as-of", "2021-11-02", "--json")
    before = seeded.ok(*asked).stdout
    events = seeded.ok("log", "russia", "nato", "--json").stdout
    app = Timeline.open(seeded.db)
    with app.store.db.writing() as conn:
        conn.exec_driver_sql("ALTER TABLE tl_versions DROP COLUMN content")
    app.close()
    assert seeded.ok(*asked).stdout == before
    assert seeded.ok("log", "russia", "nato", "--json").stdout == events
    reopened = Timeline.open(seeded.db)
    try:
        assert reopened.store.db._current_layout()
        assert projector.position(reopened.store.db) == reopened.log_length()
    finally:
        reopened.close()


def test_a_quick_read_knows_every_table_of_the_read_model() -> None:
    from timeline.storage import schema, sql

    assert sorted(schema.metadata.tables) == sorted(sql.READ_MODEL_TABLES)
