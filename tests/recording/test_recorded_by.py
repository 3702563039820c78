"""Who recorded an event: a known person's name (``by``, as a web server's signed-in user
gives it) is kept on every log entry of an event a call writes, in the read model, and shown
by history and the log, in text and JSON; with nobody named, every entry, answer and file is
what it always was. On SQLite and PostgreSQL (the ``app`` and ``store`` fixtures)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import Runner, damage, refusal, refused

from timeline.app import Timeline, quick
from timeline.domain.aggregates import Action
from timeline.domain.jsonable import json_text
from timeline.domain.records import Record
from timeline.domain.validation import validate_author
from timeline.domain.values import EventData
from timeline.errors import InvalidValue
from timeline.interchange import iter_records, write
from timeline.storage import verification
from timeline.testing.snapshot import whole
from timeline.views.text import render_log, render_versions

TOPIC = "timeline.domain.aggregates:"
# What an entry of an event recorded by nobody named holds, key for key, as before authors
# existed: no "recorded_by", not even null (ids, digests and byte comparisons rest on it).
PLAIN_KEYS = {
    "Action.Recorded": {"timestamp", "originator_topic", "event_id", "content", "recorded_at"},
    "Action.Corrected": {"timestamp", "content", "reason", "recorded_at"},
    "Action.Retracted": {"timestamp", "reason", "recorded_at"},
}


def statement(event_id: str, on: str = "2021-10-18", **more: Any) -> dict[str, Any]:
    return {"id": event_id, "type": "statement", "actor": "x", "on": on,
            "sources": ["a source"], **more}


@pytest.fixture
def two(app: Timeline) -> Timeline:
    app.add_actor("x", "Ruritania", "state")
    app.add_actor("y", "Borduria", "state")
    return app


def entries(app: Timeline) -> list[tuple[str, str, dict[str, Any]]]:
    """Every log entry as stored: its originator, its topic's class, and its state."""
    return [(str(stored.originator_id), stored.topic.removeprefix(TOPIC),
             json.loads(stored.state)) for _, stored in app.store.log.raw(0, 1000)]


def test_an_author_is_recorded_on_each_entry_of_an_event_and_shown(two: Timeline) -> None:
    app = two
    event, created = app.add_event(statement("s"), by="alice")
    assert created and event.recorded_by == "alice"
    assert app.correct("s", "the day", on="2021-10-19", by="bob").recorded_by == "bob"
    assert app.correct("s", "nobody named", on="2021-10-20").recorded_by is None
    assert app.retract("s", "never said", by="  carol   d ").recorded_by == "carol d"
    assert [(kind, state.get("recorded_by")) for originator, kind, state in entries(app)
            if originator == "event:s"] == [
        ("Action.RecordedBy", "alice"), ("Action.CorrectedBy", "bob"),
        ("Action.Corrected", None), ("Action.RetractedBy", "carol d")]
    history = app.history("s")
    assert [(v.status, v.recorded_by, v.event.recorded_by) for v in history] == [
        ("recorded", "alice", "alice"), ("corrected", "bob", "bob"),
        ("corrected", None, None), ("retracted", "carol d", "carol d")]
    # The history's text and JSON name them, and only them.
    shown = render_versions(history).splitlines()
    assert shown[0].startswith("v1  recorded   recorded ") and shown[0].endswith(" by alice")
    assert [line.split("Z", 1)[1] for line in shown if line.startswith("v")] == [
        " by alice", " by bob: the day", ": nobody named", " by carol d: never said"]
    written = json.loads(json_text(history))
    assert [v.get("recorded_by", "-") for v in written] == ["alice", "bob", "-", "carol d"]
    assert [v["event"].get("recorded_by", "-") for v in written] == [
        "alice", "bob", "-", "carol d"]
    # The log shows each event as it now stands, with who recorded that version.
    (retracted,) = app.list_events(include_retracted=True)
    assert retracted.recorded_by == "carol d"
    assert render_log([retracted]).splitlines()[0].endswith("[s] [retracted] (by carol d)")
    assert retracted.to_json()["recorded_by"] == "carol d"


def test_nobody_named_writes_and_answers_what_was_always_written(two: Timeline) -> None:
    app = two
    app.add_event(statement("s"))
    app.correct("s", "the day", on="2021-10-19")
    app.retract("s", "never said")
    assert [(kind, set(state)) for originator, kind, state in entries(app)
            if originator == "event:s"] == list(PLAIN_KEYS.items())
    history = app.history("s")
    assert all(v.recorded_by is None and v.event.recorded_by is None for v in history)
    assert "recorded_by" not in json_text(history)
    assert " by " not in render_versions(history)
    (event,) = app.list_events(include_retracted=True)
    assert "recorded_by" not in event.to_json()
    assert "(by" not in render_log([event])


def test_the_bulk_path_makes_the_same_classes_and_fields() -> None:
    at = dt.datetime(2021, 11, 2, 10, tzinfo=dt.UTC)
    content = {"type": "statement", "actor": "x"}
    plain, authored = (Action.recorded("e", content, at, by) for by in (None, "alice"))
    assert type(plain) is Action.Recorded and type(authored) is Action.RecordedBy
    assert isinstance(authored, Action.Recorded)
    assert set(vars(plain)) | {"recorded_by"} == set(vars(authored))
    aggregate = Action.record("e", content, at)
    assert type(aggregate.collect_events()[0]) is Action.Recorded


def test_an_import_is_recorded_by_whoever_imports_it(two: Timeline) -> None:
    app = two
    actors = [Record("", {"id": "z", "name": "Zembla", "kind": "state"})]
    events = [Record("", statement("i1")), Record("", statement("i2", target="z",
                                                                 type="meeting"))]
    result = app.import_records(actors, events, by="dana")
    assert (result.actors_added, result.events_added) == (1, 2)
    assert {e.id: e.recorded_by for e in app.list_events()} == {"i1": "dana", "i2": "dana"}
    # The actor it added names nobody: an author belongs to an event's record alone.
    (registered,) = [state for originator, _, state in entries(app)
                     if originator == "actor:z"]
    assert "recorded_by" not in registered
    # The same records again, or the same event added, by someone else: nothing changes.
    before = whole(app)
    again = app.import_records(actors, events, by="erin")
    assert (again.actors_added, again.events_added, again.unchanged) == (0, 0, 3)
    assert app.add_event(statement("i1"), by="erin")[0].recorded_by == "dana"
    assert whole(app) == before


def test_accepting_or_dismissing_a_lead_names_who_decided(two: Timeline) -> None:
    app = two

    def coded(n: int, code: str) -> None:
        app.recording.add_event({"id": f"icews-{n}", "type": "coded_event", "actor": "x",
                       "target": "y", "on": f"2021-11-0{n}",
                       "fields": {"dataset": "icews", "code": code},
                       "sources": [f"ICEWS event {n} of 2021-11-0{n}, Wire {n}, story {n}"]})

    coded(1, "042")
    coded(2, "161")
    meeting, suspension = sorted(app.desk.leads().leads, key=lambda lead: lead.on)
    fact = app.desk.accept(meeting.id, by="alice")
    decision = app.event(f"{meeting.id}-accepted")
    assert (fact.recorded_by, decision.recorded_by) == ("alice", "alice")
    assert app.desk.dismiss(suspension.id, "a school band", by="bob").recorded_by == "bob"
    assert app.event("icews-1").recorded_by is None  # the evidence is as it was recorded


@pytest.mark.parametrize("by", ["", "   ", "???", "al\x1bice", "al\u202eice", "a" * 101, 7])
def test_a_bad_name_is_refused_in_one_line_and_nothing_is_stored(two: Timeline,
                                                                 by: Any) -> None:
    app = two
    app.add_event(statement("s"))
    app.recording.add_event({"id": "icews-1", "type": "coded_event", "actor": "x", "target": "y",
                   "on": "2021-11-01", "fields": {"dataset": "icews", "code": "042"},
                   "sources": ["ICEWS event 1 of 2021-11-01, Wire 1, story 1"]})
    (lead,) = app.desk.leads().leads
    before = whole(app)
    calls: list[Callable[[], object]] = [
        lambda: app.add_event(statement("t"), by=by),
        lambda: app.add_event_naming(statement("t", actor="Ruritania"), by=by),
        lambda: app.correct("s", "the day", on="2021-10-19", by=by),
        lambda: app.retract("s", "never said", by=by),
        lambda: app.import_records([], [Record("", statement("t"))], by=by),
        lambda: app.import_stream(lambda: [("event", Record("", statement("t")))],
                                  dry_run=True, by=by),
        lambda: app.desk.accept(lead.id, by=by),
        lambda: app.desk.dismiss(lead.id, "no", by=by),
        lambda: app.desk.accept_corroborated(by=by),
    ]
    for call in calls:
        with pytest.raises(InvalidValue) as exc:
            call()
        assert "who records it ('by')" in refusal(exc)
    assert whole(app) == before


def test_a_name_is_tidied_as_stored() -> None:
    assert validate_author("  Zoë\tvan  Dam ") == "Zoë van Dam"
    assert validate_author("a" * 100) == "a" * 100


def test_known_at_answers_are_unchanged(two: Timeline) -> None:
    app = two
    app.add_event(statement("s", announced="2021-10-01", target="y", on="2021-11-01",
                            type="relations_suspended"))
    day = dt.date(2021, 10, 20)
    before, log_before = app.state("x", "y", day), app.list_events()
    between = app.history("s")[-1].recorded_at
    app.correct("s", "another source", sources=["another"], by="alice")
    then = app.state("x", "y", day, between)
    assert dataclasses.replace(then, known_at=None) == before
    assert "recorded_by" not in json_text(then)
    assert app.list_events(known_at=between) == log_before
    (pending,) = app.state("x", "y", day).pending
    assert pending.recorded_by == "alice"


def test_a_backup_and_its_restore_keep_the_authors(two: Timeline, tmp_path: Path) -> None:
    app = two
    app.add_event(statement("s"), by="alice")
    app.add_event(statement("t"))
    app.correct("s", "the day", on="2021-10-19", by="bob")
    app.retract("t", "never said", by="carol")
    backup = tmp_path / "backup.jsonl"
    backup.write_text("".join(app.backup()), encoding="utf-8")
    restored = Timeline.open(str(tmp_path / "restored.db"))
    try:
        restored.restore(backup)
        for event_id in ("s", "t"):
            assert restored.history(event_id) == app.history(event_id)
        assert restored.list_events(include_retracted=True) == app.list_events(
            include_retracted=True)
        assert "".join(restored.backup()) == backup.read_text(encoding="utf-8")
    finally:
        restored.close()
    # A backup that names someone as no recording would is refused, nothing stored.
    bad = tmp_path / "bad.jsonl"
    target = Timeline.open(str(tmp_path / "other.db"))
    try:
        for name, said in (('\\" alice\\"', "' alice'"), ("null", "cannot read"),
                           ("7", "cannot read")):
            bad.write_text(backup.read_text(encoding="utf-8").replace(
                '\\"recorded_by\\":\\"alice\\"', f'\\"recorded_by\\":{name}'),
                encoding="utf-8")
            with pytest.raises(InvalidValue) as exc:
                target.restore(bad)
            assert said in refusal(exc)
            assert target.log_length() == 0
    finally:
        target.close()


def test_files_never_name_an_author_and_an_import_file_cannot(two: Timeline,
                                                               tmp_path: Path) -> None:
    app = two
    app.add_event(statement("s"), by="alice")
    actors, events = app.export()
    assert events[0].recorded_by == "alice"
    for fmt in ("jsonl", "csv", "timelinejs", "plover"):
        assert "recorded_by" not in "".join(write(fmt, actors, events)), fmt
    # A file that says who recorded an event is refused, as a key we do not take is...
    with pytest.raises(InvalidValue) as exc:
        app.import_records([], [Record("f.jsonl:1", statement("u", recorded_by="mallory"))])
    assert "'recorded_by' is not imported" in refusal(exc)
    # ... and a CSV's column of it is passed over, as any column we do not read is.
    csv = "".join(write("csv", actors, [dataclasses.replace(events[0], id="u")]))
    header, *rows = csv.split("\r\n")
    path = tmp_path / "authored.csv"
    path.write_text("\r\n".join([header + ",recorded_by", *(r + ",mallory" for r in rows if r)])
                    + "\r\n", encoding="utf-8")
    records = list(iter_records([path]))
    app.import_stream(lambda: records, by="dana")
    assert app.event("u").recorded_by == "dana"


# The read model as the version before laid it out (no column of authors, its meaning), and
# each of the two alone: either makes it again from the log when the store is opened.
BEFORE_AUTHORS = {
    "made before": ("ALTER TABLE tl_versions DROP COLUMN recorded_by",
                    "UPDATE tl_position SET meaning = 4"),
    "another meaning": ("UPDATE tl_versions SET recorded_by = NULL",
                        "UPDATE tl_position SET meaning = 4"),
    "another layout": ("ALTER TABLE tl_versions DROP COLUMN recorded_by",),
}


@pytest.mark.parametrize("how", sorted(BEFORE_AUTHORS))
def test_a_read_model_made_before_authors_is_made_again_and_shows_them(store: str,
                                                                        how: str) -> None:
    app = Timeline.open(store)
    try:
        app.add_actor("x", "Ruritania", "state")
        app.add_event(statement("s"), by="alice")
        expected = app.history("s"), app.list_events()
    finally:
        app.close()
    damage(store, *BEFORE_AUTHORS[how])
    app = Timeline.open(store)
    try:
        assert (app.history("s"), app.list_events()) == expected
        assert app.list_events()[0].recorded_by == "alice"
    finally:
        app.close()


def test_a_quick_read_gives_the_authors_as_the_store_does(sqlite_store: str) -> None:
    app = Timeline.open(sqlite_store)
    try:
        app.add_actor("x", "Ruritania", "state")
        app.add_actor("y", "Borduria", "state")
        app.add_event(statement("s", announced="2021-10-01", target="y", on="2021-11-01",
                                type="relations_suspended"), by="alice")
        day = dt.date(2021, 10, 20)
        found = quick.state(sqlite_store, "x", "y", day)
        assert found is not None and found == app.state("x", "y", day)
        assert found.pending[0].recorded_by == "alice"
        assert json_text(found) == json_text(app.state("x", "y", day))
    finally:
        app.close()


def test_a_name_no_recording_would_take_breaks_an_invariant(two: Timeline) -> None:
    two.add_event(statement("s"), by="alice")
    for name in ("' '", "'" + "x" * 101 + "'"):
        with two.store.db.engine.begin() as conn:
            conn.exec_driver_sql(f"UPDATE tl_versions SET recorded_by = {name}")
        with two.store.db.reading() as conn:
            found = verification.invariant_findings(conn)
        assert [f.message.split(":", 1)[0] for f in found] == ["versions_recorded_by"]


def test_with_id_keeps_every_other_field() -> None:
    event = EventData("a", "meeting", "x", "y", "2021-11-01", "2021-10-01", {"location": "G"},
                      ["s"], "n", dt.datetime(2021, 11, 2, tzinfo=dt.UTC), "corrected",
                      ("z",), "v", "alice")
    assert all(getattr(event, f.name) != f.default for f in dataclasses.fields(event))
    assert event.with_id("b") == dataclasses.replace(event, id="b")


def test_the_command_line_shows_the_authors(seeded: Runner) -> None:
    before = seeded.ok("log").stdout
    app = Timeline.open(seeded.db)
    try:
        app.add_event({"id": "lavrov-says-more", "type": "statement", "actor": "russia",
                       "on": "2021-10-19", "sources": ["TASS"]}, by="alice")
        app.correct("lavrov-says-more", "a second source", sources=["RIA"], by="bob")
    finally:
        app.close()
    after = seeded.ok("log").stdout.splitlines()
    (line,) = [n for n, text in enumerate(after) if "[lavrov-says-more]" in text]
    assert after[line].endswith("[lavrov-says-more] (by bob)")
    # Every other line is what it was: the event's own block (its line, two sources) aside.
    assert after[:line] + after[line + 3:] == before.splitlines()
    logged = json.loads(seeded.ok("log", "--json").stdout)
    assert [e.get("recorded_by") for e in logged if "recorded_by" in e] == ["bob"]
    history = seeded.ok("history", "lavrov-says-more").stdout.splitlines()
    assert history[0].endswith(" by alice")
    assert next(line for line in history if line.startswith("v2")).endswith(
        " by bob: a second source")
    versions = json.loads(seeded.ok("history", "lavrov-says-more", "--json").stdout)
    assert [v["recorded_by"] for v in versions] == ["alice", "bob"]
    # No flag names an author: the command line's writer is whoever sits at it.
    refused(seeded("add", "statement", "--actor", "russia", "--on", "2021-10-19",
                   "--by", "mallory"), code=2)
