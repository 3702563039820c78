"""``timeline log`` and ``timeline export`` read straight from an up-to-date SQLite read
model: byte for byte what the store writes, with neither SQLAlchemy nor eventsourcing
loaded; anything a quick read cannot give is handed on to the store whole."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT

from timeline.app import Timeline, filters, quick
from timeline.app.filters import Asked
from timeline.domain.jsonable import json_list
from timeline.errors import StoreError
from timeline.storage.states import event_answer, stored_event

LOADED = ("import sys; from timeline.cli import main; sys.argv[0] = 'timeline'\n"
          "try:\n    main()\nfinally:\n    print(sorted(sys.modules), file=sys.stderr)")
ASKED = [
    Asked(),
    Asked(("Russia", "NATO")),
    Asked(("russia", "nato"), dt.date(2021, 10, 1), dt.date(2021, 11, 30),
          ("expulsion", "staff_cap")),
    Asked(actor="john-kerry"),  # a go-between's events
    Asked(about="ukraine"),
    Asked(location="moscow", include_retracted=True),
    Asked(known_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)),
]


@pytest.fixture
def db(seed_file: Path, tmp_path: Path) -> Iterator[str]:
    target = tmp_path / "timeline.db"
    shutil.copyfile(seed_file, target)
    yield str(target)


def _quick(db: str, asked: Asked, form: object) -> list[object] | None:
    found = quick.listing(db, lambda conn: (form(e)  # type: ignore[operator]
                                            for e in filters.entries(conn, asked)))
    return None if found is None else list(found)


@pytest.mark.parametrize("asked", ASKED)
def test_a_quick_listing_is_the_stores(db: str, asked: Asked) -> None:
    app = Timeline.open(db, create=False)
    try:
        events = list(app.listings.events(asked))
        answers = list(app.listings.answers(asked))
    finally:
        app.close()
    assert _quick(db, asked, stored_event) == events
    assert _quick(db, asked, event_answer) == answers
    assert "".join(json_list(answers)) == "".join(json_list(events))


@pytest.mark.parametrize("args", [("log",), ("log", "--json"), ("log", "russia", "nato"),
                                  ("export",), ("export", "russia", "nato")])
def test_the_commands_list_without_sqlalchemy_or_eventsourcing(
        db: str, args: tuple[str, ...], tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", LOADED, "--db", db, *args],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = done.stderr.splitlines()[-1]
    assert "'sqlalchemy'" not in loaded and "'eventsourcing'" not in loaded
    # The store's own answer, once the quick read is out of reach (a read model of another
    # meaning, which the store makes again from the log).
    slow = tmp_path / "slow.db"
    shutil.copyfile(db, slow)
    with sqlite3.connect(slow) as file:
        file.execute("UPDATE tl_position SET meaning = meaning - 1")
    full = subprocess.run([sys.executable, "-c", LOADED, "--db", str(slow), *args],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert full.returncode == 0, full.stderr[-2000:]
    assert "'sqlalchemy'" in full.stderr.splitlines()[-1]
    assert full.stdout == done.stdout and done.stdout.strip()
    if args[-1] == "--json":
        assert len(json.loads(done.stdout)) > 100


@pytest.mark.parametrize("asked", [
    Asked(("russia", "russland")),  # no such actor: the store says so, suggesting one
    Asked(("russia", "Russian Federation")),  # one actor twice
    Asked(types=("no_such_type",)),
    Asked(location="  "),
])
def test_what_a_quick_listing_hands_on(db: str, asked: Asked) -> None:
    assert _quick(db, asked, stored_event) is None


def test_a_damaged_read_model_is_handed_on(db: str) -> None:
    assert _quick(db, Asked(), stored_event)
    with sqlite3.connect(db) as file:
        file.execute("DROP TABLE tl_facts")  # a table no listing reads
    assert _quick(db, Asked(), stored_event) is None


def test_a_failure_part_way_is_the_stores_one_line(db: str) -> None:
    def failing(conn: object) -> Iterator[object]:
        yield from [1, 2]
        raise sqlite3.OperationalError("disk I/O error")

    found = quick.listing(db, failing)
    assert found is not None and next(found) == 1 and next(found) == 2
    with pytest.raises(StoreError, match=r"cannot use store '.*timeline.db': disk I/O error"):
        next(found)
