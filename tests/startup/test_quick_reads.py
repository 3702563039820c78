"""``timeline state A B`` read straight from an up-to-date SQLite read model: the same
answer as the store's, or none (handed on to the store) whenever anything is out of the
ordinary."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT

from timeline.app import Timeline, quick
from timeline.domain.jsonable import json_text
from timeline.views.state_text import render_state_ties
from timeline.views.text import render_diff

PAIRS = [("russia", "nato"), ("NATO", "Russian Federation"), ("ukraine", "russia"),
         ("united-states", "germany"), ("france", "germany"), ("nato", "ukraine"),
         ("usa", "RUS"), ("germany", "russia")]  # a proposal, and an answer to it
DAYS = [dt.date(1950, 1, 1), dt.date(1997, 5, 27), dt.date(2014, 4, 1), dt.date(2015, 1, 1),
        dt.date(2021, 10, 20), dt.date(2021, 11, 2), dt.date(2023, 1, 1)]
KNOWN = [None, dt.datetime(2000, 1, 1, tzinfo=dt.UTC)]
LOADED = ("import sys; from timeline.cli import main; sys.argv[0] = 'timeline'\n"
          "try:\n    main()\nfinally:\n    print(sorted(sys.modules), file=sys.stderr)")


@pytest.fixture
def db(seed_file: Path, tmp_path: Path) -> Iterator[str]:
    """A copy of the seed store, up to date."""
    target = tmp_path / "timeline.db"
    shutil.copyfile(seed_file, target)
    yield str(target)


def test_a_quick_read_answers_as_the_store_does(db: str) -> None:
    app = Timeline.open(db, create=False)
    seen = {"pending": 0, "proposals": 0}
    try:
        for (a, b), day, known in itertools.product(PAIRS, DAYS, KNOWN):
            found = quick.state(db, a, b, day, known)
            assert found is not None, (a, b, day, known)
            assert found == app.state(a, b, day, known), (a, b, day, known)
            seen["pending"] += bool(found.pending)
            seen["proposals"] += bool(found.proposals)
    finally:
        app.close()
    assert seen["pending"] and seen["proposals"]  # the content of events, read too


def test_a_quick_read_of_an_actor_answers_as_the_store_does(db: str) -> None:
    app = Timeline.open(db, create=False)
    seen = {"pending": 0, "proposals": 0, "groups": 0}
    try:
        for actor, day, known in itertools.product(
                ("russia", "NATO", "usa", "germany", "ukraine", "Trilateral Contact Group"),
                DAYS, KNOWN):
            found = quick.actor_state(db, actor, day, known)
            assert found is not None, (actor, day, known)
            assert found == app.actor_state(actor, day, known), (actor, day, known)
            seen["pending"] += bool(found.pending)
            seen["proposals"] += bool(found.proposals)
            seen["groups"] += bool(found.groups)
    finally:
        app.close()
    assert all(seen.values()), seen
    assert quick.actor_state(db, "russland", dt.date(2021, 1, 1)) is None  # the store says


@pytest.mark.parametrize(("a", "b", "day"), [
    ("russia", "russland", dt.date(2021, 1, 1)),  # no such actor: the store says so
    ("russia", "Russian Federation", dt.date(2021, 1, 1)),  # one actor twice
    ("russia", "moldova", dt.date(2021, 1, 1)),  # the built-in map's alone: refused
])
def test_what_a_quick_read_hands_on(db: str, a: str, b: str, day: dt.date) -> None:
    assert quick.state(db, a, b, day) is None


def test_a_read_model_behind_its_log_or_of_another_meaning_is_handed_on(db: str) -> None:
    assert quick.state(db, "russia", "nato", dt.date(2022, 1, 1)) is not None
    with sqlite3.connect(db) as file:
        file.execute("UPDATE tl_position SET notification_id = notification_id - 1")
    assert quick.state(db, "russia", "nato", dt.date(2022, 1, 1)) is None
    with sqlite3.connect(db) as file:
        file.execute("UPDATE tl_position SET notification_id = notification_id + 1, "
                     "meaning = meaning - 1")
    assert quick.state(db, "russia", "nato", dt.date(2022, 1, 1)) is None


def test_no_quick_read_where_there_is_no_sqlite_store(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert quick.state(str(missing), "russia", "nato", dt.date(2022, 1, 1)) is None
    assert not missing.exists()  # a read never makes a store
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as file:
        file.execute("CREATE TABLE notes (text TEXT)")
    assert quick.state(str(foreign), "russia", "nato", dt.date(2022, 1, 1)) is None
    assert quick.state("postgresql://nobody@127.0.0.1:1/none", "russia", "nato",
                       dt.date(2022, 1, 1)) is None


@pytest.mark.parametrize("day", ["2022-01-01", "2021-10-20"])  # the second: one announced
def test_the_command_answers_without_sqlalchemy_or_eventsourcing(db: str, day: str) -> None:
    done = subprocess.run([sys.executable, "-c", LOADED, "--db", db, "state", "russia", "nato",
                           "--as-of", day], capture_output=True, text=True, cwd=ROOT,
                          check=False)
    assert done.returncode == 0, done.stderr
    loaded = done.stderr.splitlines()[-1]
    # An announced event's content is read from the read model, not decoded from the log.
    assert "'sqlalchemy'" not in loaded and "'eventsourcing'" not in loaded
    app = Timeline.open(db, create=False)
    try:
        answer = app.state("russia", "nato", dt.date.fromisoformat(day))
        assert bool(answer.pending) == (day == "2021-10-20")
        expected = render_state_ties(answer)
    finally:
        app.close()
    assert done.stdout == expected + "\n"


def test_actor_completion_reads_quickly(db: str) -> None:
    app = Timeline.open(db, create=False)
    try:
        assert quick.actor_names(db) == [(a.id, a.name) for a in app.actors()]
    finally:
        app.close()
    done = subprocess.run([sys.executable, "-c", LOADED], capture_output=True, text=True,
                          cwd=ROOT, check=False, env={
                              "PATH": "/usr/bin:/bin", "_TIMELINE_COMPLETE": "bash_complete",
                              "COMP_WORDS": f"timeline --db {db} state ru", "COMP_CWORD": "4"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["plain,russia"]
    loaded = done.stderr.splitlines()[-1]
    assert "'sqlalchemy'" not in loaded and "'eventsourcing'" not in loaded


PERIODS = [(dt.date(1997, 1, 1), dt.date(2002, 12, 31)), (dt.date(2021, 10, 1),
           dt.date(2021, 11, 30)), (dt.date(2021, 10, 20), dt.date(2021, 10, 20))]


def test_a_quick_diff_answers_as_the_store_does(db: str) -> None:
    app = Timeline.open(db, create=False)
    try:
        for (a, b), (first, last), known in itertools.product(PAIRS[:5], PERIODS, KNOWN):
            found = quick.diff(db, a, b, first, last, known)
            assert found is not None
            expected = app.diff(a, b, first, last, known)
            assert found == expected and json_text(found) == json_text(expected)
            assert render_diff(found) == render_diff(expected)
    finally:
        app.close()
    changed = [quick.diff(db, "russia", "nato", first, last) for first, last in PERIODS]
    assert all(d is not None and d.changes and d.events for d in changed[:2])


@pytest.mark.parametrize(("a", "b", "first", "last"), [
    ("russia", "russland", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
    ("russia", "Russian Federation", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
    ("russia", "nato", dt.date(2021, 12, 31), dt.date(2021, 1, 1)),  # a period backwards
])
def test_what_a_quick_diff_hands_on(db: str, a: str, b: str, first: dt.date,
                                    last: dt.date) -> None:
    assert quick.diff(db, a, b, first, last) is None


@pytest.mark.parametrize("form", [(), ("--json",)])
def test_diff_answers_without_sqlalchemy_or_eventsourcing(db: str,
                                                          form: tuple[str, ...]) -> None:
    done = subprocess.run([sys.executable, "-c", LOADED, "--db", db, "diff", "russia", "nato",
                           "--from", "2021-10", "--to", "2021-11", *form],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = done.stderr.splitlines()[-1]
    assert "'sqlalchemy'" not in loaded and "'eventsourcing'" not in loaded
    app = Timeline.open(db, create=False)
    try:
        expected = app.diff("russia", "nato", dt.date(2021, 10, 1), dt.date(2021, 11, 30))
    finally:
        app.close()
    assert done.stdout == (json_text(expected) if form else render_diff(expected)) + "\n"


@pytest.mark.parametrize("actor", [None, "russia", "NATO"])
def test_a_quick_read_of_changes_answers_as_the_store_does(db: str, actor: str | None
                                                           ) -> None:
    app = Timeline.open(db, create=False)
    seen = {"changes": 0, "announced": 0, "possible": 0}
    try:
        for (first, last), types, known in itertools.product(
                [(dt.date(2021, 10, 1), dt.date(2021, 11, 30)),
                 (dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
                 (dt.date(2021, 10, 18), dt.date(2021, 10, 20)),
                 (dt.date(1990, 1, 1), dt.date(2025, 12, 31))],
                [(), ("expulsion",), ("statement", "office_closure")], KNOWN):
            found = quick.changes(db, first, last, actor, types, known)
            assert found is not None, (first, last, actor, types, known)
            assert found == app.changes(first, last, actor, types, known)
            seen["changes"] += len(found.changes)
            seen["announced"] += len(found.announced)
            seen["possible"] += sum(c.certainty == "possible" for c in found.changes)
    finally:
        app.close()
    assert all(seen.values()), seen  # the events announced, and changes in flight, read too


@pytest.mark.parametrize(("actor", "types", "first"), [
    ("russland", (), dt.date(2021, 1, 1)),  # no such actor: the store says so
    (None, ("expulsoin",), dt.date(2021, 1, 1)),  # no such type
    (None, (), dt.date(2022, 1, 1)),  # a period that ends before it begins
])
def test_what_a_quick_read_of_changes_hands_on(db: str, actor: str | None,
                                               types: tuple[str, ...], first: dt.date) -> None:
    assert quick.changes(db, first, dt.date(2021, 12, 31), actor, types) is None


def test_changes_answer_without_sqlalchemy_or_eventsourcing(db: str) -> None:
    done = subprocess.run([sys.executable, "-c", LOADED, "--db", db, "changes", "--from",
                           "2021-10", "--to", "2021-11", "--json"], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    loaded = done.stderr.splitlines()[-1]
    assert "'sqlalchemy'" not in loaded and "'eventsourcing'" not in loaded
    app = Timeline.open(db, create=False)
    try:
        expected = json_text(app.changes(dt.date(2021, 10, 1), dt.date(2021, 11, 30)))
    finally:
        app.close()
    assert done.stdout == expected + "\n"


def test_a_quick_read_of_members_answers_as_the_store_does(db: str) -> None:
    app = Timeline.open(db, create=False)
    seen = 0
    try:
        for group, day, known in itertools.product(
                ("nato", "NATO", "Trilateral Contact Group", "russia"), DAYS, KNOWN):
            found = quick.members(db, group, day, known)
            assert found is not None, (group, day, known)
            assert found == app.members(group, day, known), (group, day, known)
            seen += len(found.members)
    finally:
        app.close()
    assert seen
    assert quick.members(db, "natoo", dt.date(2021, 1, 1)) is None  # the store says


def test_members_answer_without_sqlalchemy_or_eventsourcing(db: str) -> None:
    done = subprocess.run([sys.executable, "-c", LOADED, "--db", db, "members", "nato",
                           "--as-of", "2021-11-02"], capture_output=True, text=True, cwd=ROOT,
                          check=False)
    assert done.returncode == 0, done.stderr
    loaded = done.stderr.splitlines()[-1]
    assert "'sqlalchemy'" not in loaded and "'eventsourcing'" not in loaded
    assert "albania-joins-nato" in done.stdout
