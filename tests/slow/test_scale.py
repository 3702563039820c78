"""Several writers at once, queries during a large import, and imports killed part way,
on each backend, with real processes."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import ROOT

from timeline.app import Timeline
from timeline.testing import snapshot, synthetic

APPENDER = """
import sys
from timeline.app import Timeline
from timeline.testing import snapshot
app = Timeline.open(sys.argv[1])
for line in open(sys.argv[2], encoding="utf-8"):
    record = __import__("json").loads(line)
    if set(record) == {"actor"}:
        a = record["actor"]
        app.add_actor(a["id"], a["name"], a["kind"])
    else:
        app.add_event(record)
app.close()
"""


def timeline(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "timeline", *args], cwd=ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})},
    )


def write_part(path: Path, events: list[dict[str, object]], actors: list[dict[str, str]]
               ) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for actor in actors:
            out.write(json.dumps({"actor": actor}) + "\n")
        for event in events:
            out.write(json.dumps(event) + "\n")
    return path


def assert_consistent(store: str, expected_ids: set[str]) -> None:
    app = Timeline.open(store)
    try:
        events = app.list_events()
        ids = [e.id for e in events]
        assert len(ids) == len(set(ids)), "no event stored twice"
        assert set(ids) == expected_ids
        assert app.log_length() >= len(expected_ids)
        live = snapshot.read_model(app)
        app.rebuild()
        assert snapshot.read_model(app) == live, "read model equals a fresh rebuild"
    finally:
        app.close()


def test_four_writers_at_once(store: str, tmp_path: Path) -> None:
    """Two processes import and two append one event at a time, 500 events each: enough to
    interleave a thousand transactions (10,000 took two minutes on PostgreSQL; 4,000 a
    minute, which CI's fifteen minutes could not spare)."""
    n = 2_000
    events = list(synthetic.events(n, n_pairs=40, seed=11))
    actors = synthetic.actors(synthetic.n_actors_for(n, 40))
    parts = [write_part(tmp_path / f"part{i}.jsonl", events[i::4], actors) for i in range(4)]
    procs = [timeline("--db", store, "import", str(parts[0])),
             timeline("--db", store, "import", str(parts[1]))]
    procs += [subprocess.Popen([sys.executable, "-c", APPENDER, store, str(p)], cwd=ROOT,
                               text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
              for p in parts[2:]]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    assert_consistent(store, {str(e["id"]) for e in events})


def test_the_same_file_imported_by_two_processes_at_once(store: str, tmp_path: Path) -> None:
    events = list(synthetic.events(3000, n_pairs=20, seed=5))
    part = write_part(tmp_path / "same.jsonl", events,
                      synthetic.actors(synthetic.n_actors_for(3000, 20)))
    procs = [timeline("--db", store, "import", str(part), env={"TIMELINE_IMPORT_BATCH": "500"})
             for _ in range(2)]
    added = 0
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        added += int(out.split(" actor(s) and ")[1].split(" event(s)")[0])
    assert added == 3000, "each event was stored by exactly one of them"
    assert_consistent(store, {str(e["id"]) for e in events})


def test_queries_keep_answering_during_a_large_import(store: str, tmp_path: Path) -> None:
    seed = Timeline.open(store)
    seed.close()
    subprocess.run([sys.executable, "-m", "timeline", "--db", store, "import", "events/"],
                   cwd=ROOT, check=True, capture_output=True)
    big = tmp_path / "big.jsonl"
    synthetic.write_jsonl(str(big), 40_000)
    importer = timeline("--db", store, "import", str(big), env={"TIMELINE_IMPORT_BATCH": "4000"})
    app = Timeline.open(store)
    answered = while_running = 0
    try:
        while True:
            running = importer.poll() is None
            state = app.state("russia", "nato", dt.date(2021, 11, 2))
            assert len(state.facts) > 10
            answered += 1
            while_running += running
            if not running:
                break
            time.sleep(0.05)
    finally:
        app.close()
    _, err = importer.communicate(timeout=600)
    assert importer.returncode == 0, err
    assert while_running >= 3, "the import ran long enough to be queried during it"


def test_an_import_killed_part_way_completes_when_run_again(store: str, tmp_path: Path
                                                            ) -> None:
    # A new file and a new moment to kill it each run (runs add up), named on failure.
    seed = random.randrange(1_000_000)
    delay = random.Random(seed).uniform(0.0, 0.6)
    why = f"seed {seed}: killed {delay:.2f} s after the first commit"
    big = tmp_path / "big.jsonl"
    n = 20_000
    synthetic.write_jsonl(str(big), n, seed=seed)
    records = [json.loads(line) for line in big.read_text(encoding="utf-8").splitlines()]
    originals = {r["id"]: r for r in records if "id" in r}
    expected = set(originals)
    watcher = Timeline.open(store)
    env = {"TIMELINE_IMPORT_BATCH": "1500"}
    importer = timeline("--db", store, "import", str(big), env=env)
    # Kill it at a random moment once it has committed something.
    while watcher.log_length() == 0 and importer.poll() is None:
        time.sleep(0.02)
    watcher.close()
    time.sleep(delay)
    importer.send_signal(signal.SIGKILL)
    importer.communicate(timeout=60)
    assert importer.returncode == -signal.SIGKILL, f"killed while still importing ({why})"
    app = Timeline.open(store)
    try:
        stored = {e.id: e for e in app.list_events()}  # catches the read model up first
        assert set(stored) <= expected, why
        for event_id, event in list(stored.items())[:200]:
            assert event.on == originals[event_id]["on"], why
    finally:
        app.close()
    again = timeline("--db", store, "import", str(big), env=env)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, (why, err)
    assert f"and {n - len(stored)} event(s)" in out, why
    assert_consistent(store, expected)
