"""A backup that keeps the whole history (issue 21): ``export --format log`` writes every
entry of the log, and ``import`` of it into a new store, SQLite or PostgreSQL, makes the same
log, so every answer is the same, ``history``, ``log --all`` and ``--known-at`` included;
importing it again changes nothing; a file that is not such a log, or a store with another
history, is refused in one line with nothing stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, Runner, refused, snapshot
from postgres_dbs import PG_ENV, _fresh_postgres_db

from timeline.domain.aggregates import alias_key

CORRECTED = "russia-recalls-mission-to-nato"
RETRACTED = "nato-statement-on-russian-measures-2021"


def _record_times(run: Runner, event_id: str) -> list[str]:
    return [v["recorded_at"] for v in json.loads(run.ok("history", event_id, "--json").output)]


def _answers(run: Runner, between: str) -> list[str]:
    """The answers a restore must keep, as JSON."""
    asked = [("history", CORRECTED), ("history", RETRACTED), ("log", "russia", "nato", "--all"),
             ("state", "russia", "nato", "--as-of", "2021-11-02"),
             ("state", "russia", "nato", "--as-of", "2021-11-02", "--known-at", between),
             ("diff", "russia", "nato", "--from", "2021-10", "--to", "2021-11", "--known-at",
              between),
             ("changes", "--from", "2021-11", "--to", "2021-11", "--known-at", between),
             ("log", "russia", "nato", "--all", "--known-at", between), ("actor", "list")]
    return [run.ok(*args, "--json").output for args in asked]


@pytest.fixture
def targets(tmp_path: Path) -> Iterator[list[Runner]]:
    """A new SQLite store, and a new PostgreSQL one where a server is given."""
    stores = [Runner(str(tmp_path / "restored.db"))]
    if not os.environ.get(PG_ENV):
        yield stores
        return
    for url in _fresh_postgres_db():
        yield [*stores, Runner(url)]


def test_a_corrected_and_retracted_seed_restores_whole(seeded: Runner, targets: list[Runner],
                                                       tmp_path: Path) -> None:
    seeded.ok("correct", CORRECTED, "--on", "2021-11-01", "--reason", "a source with the day")
    seeded.ok("retract", RETRACTED, "--reason", "only secondary reports")
    between = _record_times(seeded, CORRECTED)[1]  # after the seed, as the correction came
    backup = tmp_path / "backup.jsonl"
    seeded.ok("export", "--format", "log", "--out", str(backup))
    lines = backup.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"timeline_log": 1}
    assert json.loads(lines[-1]) == {"entries": len(lines) - 2}
    before = _answers(seeded, between)
    for store in targets:
        said = store.ok("import", str(backup)).output  # told from its first line
        assert said == (f"Restored {len(lines) - 2} log entr(ies) (actors, and every version "
                        "of every event, as recorded); 0 already in the store.\n")
        assert _answers(store, between) == before
        assert store.ok("export", "--format", "log").output.splitlines() == lines
        kept = snapshot(store.db)
        again = store.ok("import", "--format", "log", str(backup)).output
        assert f"Restored 0 log entr(ies) (actors, and every version of every event, as " \
            f"recorded); {len(lines) - 2} already in the store." in again
        assert snapshot(store.db) == kept
    assert _record_times(targets[0], CORRECTED) == _record_times(seeded, CORRECTED)


def test_the_store_it_came_from_and_a_half_restored_one(seeded: Runner, tmp_path: Path
                                                        ) -> None:
    backup = tmp_path / "backup.jsonl"
    seeded.ok("export", "--format", "log", "--out", str(backup))
    lines = backup.read_text(encoding="utf-8").splitlines()
    entries = len(lines) - 2
    kept = snapshot(seeded.db)
    assert seeded.ok("import", str(backup)).output.startswith(
        f"Restored 0 log entr(ies) (actors, and every version of every event, as recorded); "
        f"{entries} already in the store.")
    assert snapshot(seeded.db) == kept
    half = tmp_path / "half.jsonl"  # the first 59 entries, as a restore killed there leaves
    half.write_text("\n".join([lines[0], *lines[1:60], json.dumps({"entries": 59})])
                    + "\n", encoding="utf-8")
    store = Runner(str(tmp_path / "half.db"))
    store.ok("import", str(half))  # as if killed after 59 entries: the rest comes next
    assert store.ok("import", str(backup)).output.startswith(
        f"Restored {entries - 59} log entr(ies) (actors, and every version of every event, "
        "as recorded); 59 already in the store.")
    assert store.ok("export", "--format", "log").output.splitlines() == lines


def _log_file(tmp_path: Path, *entries: object, header: object = None) -> Path:
    path = tmp_path / "bad.jsonl"
    head = header if header is not None else {"timeline_log": 1}
    path.write_text("\n".join(json.dumps(e) for e in (head, *entries, {"entries": 1}))
                    + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("entry", "needle"), [
    ({"id": "actor:x", "version": 1, "topic": "os:system", "state": "{}"},
     "'os:system' is no entry this version writes"),
    ({"id": "actor:x", "version": 2, "topic": "timeline.domain.aggregates:Actor.Registered",
      "state": "{}"}, "version 2 of 'actor:x' follows no version 1"),
    ({"id": "actor:x", "version": 1, "topic": "timeline.domain.aggregates:Actor.Registered",
      "state": "{not json"}, "an entry this version cannot read"),
    ({"id": "actor:x", "version": 1, "topic": "timeline.domain.aggregates:Actor.Registered",
      "state_base64": "***"}, "its state is not base64"),
    ({"id": "actor:x", "version": "1", "topic": "t", "state": "{}"}, "invalid version '1'"),
    (["a list"], "not a log entry (id, version, topic, state)"),
])
def test_a_file_that_is_no_log_is_refused_and_nothing_stored(run: Runner, tmp_path: Path,
                                                             entry: object, needle: str) -> None:
    run.ok("actor", "add", "y", "--name", "Y")
    kept = snapshot(run.db)
    path = _log_file(tmp_path, entry)
    refused(run("import", "--format", "log", str(path)), f"{path}:2: ", needle)
    assert snapshot(run.db) == kept


def _crafted(lines: list[str], index: int, change: Callable[[dict[str, Any]], None]) -> str:
    entry = json.loads(lines[index])
    state = json.loads(entry["state"])
    change(state)
    entry["state"] = json.dumps(state)
    return json.dumps(entry)


def _event_line(lines: list[str]) -> int:
    return next(n for n, line in enumerate(lines) if '"event:' in line[:40])


@pytest.mark.parametrize(("craft", "needle"), [
    (lambda s: s["content"]["fields"].update(count=-5) if s["content"]["fields"].get("count")
     else s["content"].update(type="expulsion", fields={"count": -5}),
     "field 'count' of 'expulsion' must be an integer from 1"),
    (lambda s: s["content"].update(note="n" * 6000), "longer than 5000"),
    (lambda s: s.update(originator_topic="this:s"), "an entry of no aggregate this version"),
    (lambda s: s.update(event_id="another"), "says it is 'another'"),
    (lambda s: s.update(recorded_at={"_type_": "datetime_iso",
                                     "_data_": "9999-12-31T23:59:59+00:00"}),
     "before 1970 or after now"),
    (lambda s: s.update(recorded_at={"_type_": "datetime_iso",
                                     "_data_": "0001-01-01T00:00:00+05:00"}),
     "before 1970 or after now"),
])
def test_a_crafted_entry_is_refused_like_any_import(seeded: Runner, tmp_path: Path,
                                                    craft: Any, needle: str) -> None:
    backup = tmp_path / "backup.jsonl"
    seeded.ok("export", "--format", "log", "--out", str(backup))
    lines = backup.read_text(encoding="utf-8").splitlines()
    n = _event_line(lines)
    lines[n] = _crafted(lines, n, craft)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fresh = Runner(str(tmp_path / "fresh.db"))
    refused(fresh("import", str(bad)), f"{bad}:{n + 1}: ", needle)
    assert not (tmp_path / "fresh.db").exists() or \
        json.loads(fresh.ok("actor", "list", "--json").output) == []


def test_entries_out_of_their_place_and_cut_files_are_refused(seeded: Runner,
                                                              tmp_path: Path) -> None:
    backup = tmp_path / "backup.jsonl"
    seeded.ok("correct", CORRECTED, "--on", "2021-11-01", "--reason", "r")
    seeded.ok("export", "--format", "log", "--out", str(backup))
    lines = backup.read_text(encoding="utf-8").splitlines()
    fresh = Runner(str(tmp_path / "fresh.db"))
    corrected = next(n for n, line in enumerate(lines) if "Action.Corrected" in line)
    recorded = next(n for n, line in enumerate(lines)
                    if f'"event:{CORRECTED}"' in line and "Action.Recorded" in line)
    moved = tmp_path / "moved.jsonl"  # the correction of an event not yet recorded
    order = [line for n, line in enumerate(lines) if n != corrected]
    order.insert(recorded, lines[corrected])
    moved.write_text("\n".join(order) + "\n", encoding="utf-8")
    refused(fresh("import", str(moved)), f"{moved}:{recorded + 1}: version 2 of "
            f"'event:{CORRECTED}' follows no version 1")
    actor = next(n for n, line in enumerate(lines) if '"actor:' in line[:40])
    as_correction = json.loads(lines[actor])
    as_correction.update(version=2, topic="timeline.domain.aggregates:Action.Corrected")
    twice = tmp_path / "twice.jsonl"
    twice.write_text("\n".join([*lines[:actor + 1], json.dumps(as_correction),
                                 *lines[actor + 1:-1], json.dumps({"entries": len(lines) - 1})])
                     + "\n", encoding="utf-8")
    refused(fresh("import", str(twice)), f"{twice}:{actor + 2}: ", "cannot be Action.Corrected")
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(lines[:100]) + "\n", encoding="utf-8")
    refused(fresh("import", str(cut)), f"{cut}: it holds 99 entries and no last line: a "
            "backup cut short")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    refused(fresh("import", "--format", "log", str(empty)), "empty: not a timeline log")
    deep = tmp_path / "deep.jsonl"
    deep.write_text(lines[0] + "\n" + "[" * 100_000 + "\n", encoding="utf-8")
    refused(fresh("import", str(deep)), f"{deep}:2: malformed JSON")
    assert not (tmp_path / "fresh.db").exists() or \
        json.loads(fresh.ok("actor", "list", "--json").output) == []


def test_another_history_is_refused(seeded: Runner, tmp_path: Path) -> None:
    backup = tmp_path / "backup.jsonl"
    seeded.ok("export", "--format", "log", "--out", str(backup))
    other = Runner(str(tmp_path / "other.db"))
    other.ok("import", str(ROOT / "events"))  # the same seed, recorded at another time
    kept = snapshot(other.db)
    refused(other("import", str(backup)), f"{backup}:2: the store holds another history "
            "(its entry 1 differs)")
    assert snapshot(other.db) == kept
    refused(other("import", str(backup), "--create-actors"), "a log is restored alone",
            code=2)
    refused(other("export", "russia", "--format", "log"), "takes no actor", code=2)


def test_backup_and_restore_as_real_processes(seeded: Runner, tmp_path: Path) -> None:
    backup, restored = tmp_path / "b.jsonl", tmp_path / "r.db"
    for args in (("--db", seeded.db, "export", "--format", "log", "--out", str(backup)),
                 ("--db", str(restored), "import", str(backup))):
        done = subprocess.run([sys.executable, "-m", "timeline", *args], capture_output=True,
                              text=True, cwd=ROOT, check=False)
        assert done.returncode == 0, done.stderr
    assert Runner(str(restored)).ok("log", "russia", "nato", "--all").output == \
        seeded.ok("log", "russia", "nato", "--all").output


def test_a_postgresql_log_with_gaps_in_its_positions_resumes(seeded: Runner,
                                                             tmp_path: Path) -> None:
    """PostgreSQL's sequence skips the numbers a rolled-back write took: a restore counts
    entries, not positions, so one resumed after such a gap completes."""
    if not os.environ.get(PG_ENV):
        pytest.skip(f"needs {PG_ENV}")
    import psycopg

    backup = tmp_path / "backup.jsonl"
    seeded.ok("export", "--format", "log", "--out", str(backup))
    lines = backup.read_text(encoding="utf-8").splitlines()
    half = tmp_path / "half.jsonl"
    half.write_text("\n".join([lines[0], *lines[1:60], json.dumps({"entries": 59})])
                    + "\n", encoding="utf-8")
    for url in _fresh_postgres_db():
        store = Runner(url)
        store.ok("import", str(half))
        with psycopg.connect(url, autocommit=True) as conn:  # five numbers taken, no rows
            conn.execute("SELECT nextval(pg_get_serial_sequence('timeline_events', "
                         "'notification_id')) FROM generate_series(1, 5)")
        said = store.ok("import", str(backup)).output
        assert f"Restored {len(lines) - 61} log entr(ies)" in said
        assert store.ok("export", "--format", "log").output.splitlines() == lines
        assert "Restored 0 log entr(ies)" in store.ok("import", str(backup)).output


def _with_alias(tmp_path: Path, name: str, lines: list[str], alias: str, actor: str | None,
             at: int | None = None) -> Path:
    """A backup with one alias entry more (given at ``at``, default the end), written as
    the log writes one: what 'actor alias' would refuse must not enter through a restore."""
    state = json.loads(json.loads(lines[1])["state"])  # an actor's entry: its timestamps
    entry = {"id": f"alias:{alias_key(alias)}", "version": 1,
             "topic": "timeline.domain.aggregates:Alias.Given",
             "state": json.dumps({"timestamp": state["timestamp"],
                                  "originator_topic": "timeline.domain.aggregates:Alias",
                                  "alias": alias, "actor_id": actor,
                                  "recorded_at": state["recorded_at"]},
                                 separators=(",", ":"))}
    body = lines[1:-1]
    body.insert(len(body) if at is None else at, json.dumps(entry))
    path = tmp_path / f"{name}.jsonl"
    path.write_text("\n".join([lines[0], *body, json.dumps({"entries": len(body)})]) + "\n",
                    encoding="utf-8")
    return path


def test_a_restore_refuses_the_aliases_actor_alias_refuses(seeded: Runner, tmp_path: Path
                                                           ) -> None:
    backup = tmp_path / "backup.jsonl"
    seeded.ok("export", "--format", "log", "--out", str(backup))
    lines = backup.read_text(encoding="utf-8").splitlines()
    first_actor = json.loads(json.loads(lines[1])["state"])["actor_id"]
    good = _with_alias(tmp_path, "good", lines, "The Bear", "russia")
    for name, alias, actor, at, said in (
        ("ghost", "Ghostland", "nobody", None, "names 'nobody', no actor before it"),
        ("early", "Bear", "russia", 0, "names 'russia', no actor before it"),
        ("map", "Germany", "russia", None, "is already the name of 'germany'"),
        ("name", "Ukraine", "russia", None, "is already the name of 'ukraine'"),
        ("untidy", "  big   bear ", "russia", None, "is not written as one is stored"),
        ("odd", "-", "russia", None, "needs a letter or a digit"),
    ):
        assert first_actor != actor or at != 0
        target = Runner(str(tmp_path / f"{name}.db"))
        line = refused(target("import", str(_with_alias(tmp_path, name, lines, alias, actor,
                                                     at))), said)
        assert line.startswith(f"Error: {tmp_path / name}.jsonl:"), line
        assert not (tmp_path / f"{name}.db").exists() or target.ok(
            "actor", "list").output == "(no actors)\n"
    restored = Runner(str(tmp_path / "good.db"))
    restored.ok("import", str(good))
    assert restored.ok("state", "the bear", "nato", "--as-of", "2021-11-02").output == \
        seeded.ok("state", "russia", "nato", "--as-of", "2021-11-02").output
    assert restored.ok("check", "--deep").output == "No inconsistencies found.\n"
