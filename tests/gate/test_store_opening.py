"""Stores that cannot be opened, or are not ours: each refused at once in one line, and
nothing is made or written where no store was asked for."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from helpers import (
    ROOT,
    Runner,
    refused,
)


def test_missing_folder(tmp_path: Path) -> None:
    run = Runner(str(tmp_path / "no" / "such" / "t.db"))
    refused(run("actor", "list"), "does not exist", "no/such")
    assert not (tmp_path / "no").exists()


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 10)
    refused(Runner(str(path))("actor", "list"), "not a SQLite database", "notes.db")
    assert path.read_text().startswith("these are my notes")


def test_locked_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "t.db")
    Runner(db).ok("actor", "add", "nato", "--name", "NATO")
    monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", "1")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = Runner(db)("actor", "add", "russia", "--name", "Russia")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    refused(result, "locked")
    assert [a["id"] for a in __import__("json").loads(
        Runner(db).ok("actor", "list", "--json").stdout)] == ["nato"]


def test_unsupported_url_scheme() -> None:
    refused(Runner("mysql://localhost/x")("actor", "list"), "'mysql'")


def test_read_commands_never_make_a_store(tmp_path: Path) -> None:
    for args in (("state", "a", "b"), ("log",), ("actor", "list"), ("check",),
                 ("export",), ("rebuild",), ("history", "x")):
        missing = tmp_path / "typo.db"
        refused(Runner(str(missing))(*args), "no store at", "'timeline import', 'timeline add' "
                "or 'timeline actor add' creates one")
        assert not missing.exists(), args


def test_a_refused_command_leaves_no_new_store_behind(tmp_path: Path) -> None:
    for args in (("add", "bogus", "--actor", "x", "--on", "2021"),
                 ("actor", "add", "bad id", "--name", "X"),
                 ("import", str(ROOT / "events" / "russia-nato.yaml"), "--format", "icews",
                  "--actor-map", str(ROOT / "events" / "russia-nato.yaml"))):
        new = tmp_path / "new.db"
        result = Runner(str(new))(*args)
        assert result.exit_code == 1, result.output
        assert not new.exists() and not Path(f"{new}-wal").exists(), args


@pytest.mark.parametrize("tables", [
    ["CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)"],
    # Another eventsourcing application's log is not ours either.
    ["CREATE TABLE stored_events (id INTEGER PRIMARY KEY, payload TEXT)",
     "INSERT INTO stored_events (payload) VALUES ('precious')"],
], ids=["another-application", "another-eventsourcing-application"])
def test_another_applications_sqlite_file_is_refused_untouched(tmp_path: Path,
                                                               tables: list[str]) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        for statement in tables:
            conn.execute(statement)
    before = other.read_bytes()
    for args in (("state", "a", "b"), ("actor", "list"), ("actor", "add", "x", "--name", "X")):
        refused(Runner(str(other))(*args), "another application's tables")
    assert other.read_bytes() == before


def test_a_fifo_as_the_store_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "ff"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "timeline", "--db", str(fifo), "actor", "list"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and "not a regular file" in done.stderr


def test_a_postgresql_database_not_in_utf8_is_refused(tmp_path: Path) -> None:
    base = os.environ.get("TIMELINE_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("PostgreSQL tests need TIMELINE_TEST_POSTGRES_URL")
    import psycopg

    name = f"tl_latin1_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' "
                     "TEMPLATE template0".encode())
    try:
        url = base.rsplit("/", 1)[0] + f"/{name}"
        refused(Runner(url)("actor", "add", "c", "--name", "日本"), "LATIN1", "UTF8")
        with psycopg.connect(url) as conn:
            tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            assert tables.fetchone() == (0,), "nothing was created"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


def test_postgresql_urls_say_what_is_wrong_at_once(store: str) -> None:
    if not store.startswith("postgresql"):
        pytest.skip("about PostgreSQL URLs")
    pg_store = store
    base, _, _ = pg_store.rpartition("/")
    # URL parameters would reach our connection and not the event log's: refused.
    refused(Runner(pg_store + "?dbname=other")("actor", "list"), "parameters in the URL")
    refused(Runner(pg_store + "?sslmode=require")("actor", "list"), "PGSSLMODE")
    for url, needle in ((pg_store.replace(":5432/", ":1/"), "refused"),
                        (base + "/no_such_database_here", "does not exist")):
        started = time.perf_counter()
        refused(Runner(url)("actor", "add", "x", "--name", "X"), needle)
        assert time.perf_counter() - started < 5, "the cause at once, not after a timeout"
    # The environment reaches both connections: nothing is created over plaintext.
    refused(Runner(pg_store)("actor", "add", "x", "--name", "X", PGSSLMODE="require"), "SSL")
    refused(Runner(pg_store)("actor", "list"), "no store at")


def test_opening_a_store_again_keeps_the_locks_of_the_one_open(tmp_path: Path) -> None:
    """A server opens one store many times over; were the file opened and closed outside
    SQLite in between, the process would lose its locks on it, and the next command that
    ends in another process would take itself for the last reader and delete the -wal file
    under the server: its later writes would be lost to everyone else."""
    from timeline.app.timeline import Timeline

    db = tmp_path / "t.db"
    Runner(str(db)).ok("actor", "add", "nato", "--name", "NATO")
    serving = Timeline.open(str(db), create=False)
    try:
        serving.add_actor("russia", "Russia")
        again = Timeline.open(str(db), create=False)  # a second seat of the same server
        again.close()
        Runner(str(db)).ok("actor", "list")  # another process comes and goes
        done = subprocess.run([sys.executable, "-m", "timeline", "--db", str(db), "actor",
                               "list"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                              check=True)
        assert "russia" in done.stdout
        assert Path(f"{db}-wal").exists()  # still in use here
        serving.add_actor("ukraine", "Ukraine")
        done = subprocess.run([sys.executable, "-m", "timeline", "--db", str(db), "actor",
                               "list"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                              check=True)
        assert "ukraine" in done.stdout
    finally:
        serving.close()
