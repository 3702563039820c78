"""Parsing --db: SQLite paths and PostgreSQL URLs, and TIMELINE_LOCK_TIMEOUT (no store)."""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.errors import StoreError
from timeline.storage.config import (
    DEFAULT_DB,
    _plain,
    lock_timeout,
    parse_store,
    sqlite_uri,
)


def refused(spec: str | None) -> str:
    with pytest.raises(StoreError) as exc:
        parse_store(spec)
    message = str(exc.value)
    assert "\n" not in message
    return message


@pytest.fixture(autouse=True)
def _no_lock_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIMELINE_LOCK_TIMEOUT", raising=False)


# SQLite ------------------------------------------------------------------------------------

def test_a_new_file_in_an_existing_folder(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    config = parse_store(str(path))
    assert config.backend == "sqlite"
    assert config.display == str(path)
    assert config.sqlite_path == str(path.resolve())
    assert config.sqlalchemy_url == f"sqlite:///{path.resolve()}"
    assert config.es_env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    assert config.es_env["SQLITE_DBNAME"] == str(path.resolve())
    assert config.es_env["SQLITE_LOCK_TIMEOUT"] == "30"
    assert config.lock_timeout == 30
    assert not path.exists()  # parsing creates nothing


def test_the_sqlite_url_prefix_names_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    config = parse_store(f"sqlite:///{path}")
    assert config.sqlite_path == str(path.resolve())
    assert config.display == str(path)


def test_the_default_is_timeline_db_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for spec in (None, ""):
        config = parse_store(spec)
        assert config.sqlite_path == str(tmp_path / DEFAULT_DB)
        assert config.display == DEFAULT_DB


def test_a_relative_path_and_surrounding_spaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    assert parse_store("  sub/x.db  ").sqlite_path == str(tmp_path / "sub" / "x.db")


def test_a_home_path_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert parse_store("~/x.db").sqlite_path == str(tmp_path / "x.db")


def test_an_existing_sqlite_database_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert parse_store(str(path)).sqlite_path == str(path.resolve())


def test_an_empty_file_is_accepted_as_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    assert parse_store(str(path)).sqlite_path == str(path.resolve())


@pytest.mark.parametrize("spec", ["   ", "\n"])
def test_an_empty_spec_is_refused(spec: str) -> None:
    assert refused(spec) == "cannot open store '': give a file path or a URL"


@pytest.mark.parametrize(
    ("spec", "scheme"),
    [("mysql://u@h/db", "mysql"), ("sqlite://relative.db", "sqlite"),
     ("https://example.org/db", "https"), ("postgresql+asyncpg://h/db", "postgresql+asyncpg")],
)
def test_unsupported_schemes_are_refused(spec: str, scheme: str) -> None:
    message = refused(spec)
    assert message.startswith(f"cannot open store {spec!r}: unsupported scheme {scheme!r}")
    assert "postgresql://" in message


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    spec = str(tmp_path / "nowhere" / "t.db")
    assert refused(spec) == (
        f"cannot open store {spec!r}: folder '{tmp_path / 'nowhere'}' does not exist"
    )


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert refused(str(tmp_path)) == (
        f"cannot open store {str(tmp_path)!r}: it is a folder, not a database file"
    )
    assert "it is a folder" in refused("sqlite:///")


def test_a_file_under_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    assert refused(str(tmp_path / "plain" / "t.db")).endswith(
        f": {str(tmp_path / 'plain')!r} is not a folder")



@pytest.mark.parametrize("name", ["a?b#c%41 d.db", "é ü.db", "%2F.db", "sub/../x.db"])
def test_the_uri_opens_the_file_of_any_name(tmp_path: Path, name: str) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / name
    with sqlite3.connect(path) as made:
        made.execute("CREATE TABLE mine (x)")
    made.close()
    for mode in ("ro", "rw"):
        conn = sqlite3.connect(sqlite_uri(str(path), mode), uri=True)
        try:
            assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("mine",)]
        finally:
            conn.close()


def test_the_uri_of_a_name_in_no_encoding_opens_its_file(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/\xff\xfe.db"  # bytes no UTF-8 text holds
    with sqlite3.connect(raw) as made:
        made.execute("CREATE TABLE mine (x)")
    made.close()
    conn = sqlite3.connect(sqlite_uri(os.fsdecode(raw), "ro"), uri=True)
    try:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("mine",)]
    finally:
        conn.close()


def test_the_uri_never_makes_a_file(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError):
        sqlite3.connect(sqlite_uri(str(tmp_path / "new.db"), "rw"), uri=True)
    assert not (tmp_path / "new.db").exists()


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("actors:\n  - nato\n")
    assert refused(str(path)) == (
        f"cannot open store {str(path)!r}: the file is not a SQLite database"
    )


def test_a_damaged_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    message = refused(str(path))
    assert message.startswith(f"cannot open store {str(path)!r}: ")
    assert "not a SQLite database" in message


def test_a_file_that_cannot_be_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A socket exists and is no folder, but it is no file to open either.
    monkeypatch.chdir(tmp_path)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("s.sock")
        message = refused("s.sock")
    finally:
        server.close()
    assert message == "cannot open store 's.sock': not a regular file"


# PostgreSQL --------------------------------------------------------------------------------

def test_a_full_postgresql_url() -> None:
    config = parse_store("postgresql://analyst:s%40cret@db.example.org:6543/time%20line")
    assert config.backend == "postgresql"
    assert config.sqlite_path is None
    assert config.display == "postgresql://analyst:***@db.example.org:6543/time%20line"
    assert config.sqlalchemy_url == (
        "postgresql+psycopg://analyst:s%40cret@db.example.org:6543/time%20line"
    )
    env = config.es_env
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_DBNAME"], env["POSTGRES_HOST"], env["POSTGRES_PORT"]) == (
        "time line", "db.example.org", "6543"
    )
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("analyst", "s@cret")
    assert env["POSTGRES_LOCK_TIMEOUT"] == "30"


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_defaults_of_a_short_url(scheme: str) -> None:
    config = parse_store(f"{scheme}:///timeline")
    env = config.es_env
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_USER"]) == (
        "127.0.0.1", "5432", "postgres"
    )
    assert env["POSTGRES_PASSWORD"] == ""
    assert config.display == f"{scheme}:///timeline"
    assert config.sqlalchemy_url == "postgresql+psycopg:///timeline"


def test_a_url_without_password_is_shown_as_it_is() -> None:
    assert parse_store("postgresql://u@h/db").display == "postgresql://u@h/db"


@pytest.mark.parametrize("spec", ["postgresql://u@h:notaport/db", "postgresql://h:99999/x",
                                  "postgresql://h:-1/x"])
def test_an_invalid_port_is_refused(spec: str) -> None:
    assert refused(spec) == f"cannot open store {spec!r}: invalid port in the URL"


def test_an_invalid_port_refusal_masks_the_password() -> None:
    message = refused("postgresql://u:hunter2@h:port/db")
    assert "hunter2" not in message
    assert "'postgresql://u:***@h:port/db'" in message


@pytest.mark.parametrize("spec", ["postgresql://u:hunter2@h", "postgresql://u:hunter2@h/",
                                  "postgres://h:5432/"])
def test_a_url_without_database_is_refused(spec: str) -> None:
    message = refused(spec)
    assert message.endswith(": the URL names no database")
    assert "hunter2" not in message


@pytest.mark.parametrize("spec", ["postgresql://u:pa#ss@h/db", "postgresql://u:pa?ss@h/db"])
def test_a_malformed_url_never_shows_its_password(spec: str) -> None:
    assert "pa#ss" not in refused(spec) and "pa?ss" not in refused(spec)


# TIMELINE_LOCK_TIMEOUT ---------------------------------------------------------------------

def test_lock_timeout_defaults_to_30() -> None:
    assert lock_timeout() == 30


@pytest.mark.parametrize(("raw", "seconds"), [("5", 5), (" 7 ", 7), ("0", 0), ("-3", 0)])
def test_lock_timeout_reads_whole_seconds_never_below_zero(
    raw: str, seconds: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", raw)
    assert lock_timeout() == seconds


@pytest.mark.parametrize("raw", ["", "1.5", "ten", "5s"])
def test_lock_timeout_refuses_other_values(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", raw)
    with pytest.raises(StoreError) as exc:
        lock_timeout()
    assert str(exc.value) == f"invalid TIMELINE_LOCK_TIMEOUT {raw!r}: expected whole seconds"


def test_lock_timeout_reaches_both_backends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", "3")
    sqlite = parse_store(str(tmp_path / "t.db"))
    assert (sqlite.lock_timeout, sqlite.es_env["SQLITE_LOCK_TIMEOUT"]) == (3, "3")
    postgres = parse_store("postgresql://h/db")
    assert (postgres.lock_timeout, postgres.es_env["POSTGRES_LOCK_TIMEOUT"]) == (3, "3")


def test_a_bad_lock_timeout_refuses_opening_a_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", "soon")
    assert "'soon'" in refused(str(tmp_path / "t.db"))
    assert "'soon'" in refused("postgresql://h/db")


# names the file system or a URL parser cannot take -----------------------------------------

def test_a_nul_in_the_name_is_refused() -> None:
    assert refused("time\x00line.db") == "cannot open store: its name holds a NUL character"


@pytest.mark.parametrize(("spec", "shown"), [
    ("t.db/", "t.db"), ("t.db/.", "t.db"), ("./t.db", "t.db"), ("sub//t.db", "sub/t.db"),
    ("sub/./t.db", "sub/t.db"), ("sqlite:///./t.db", "t.db"), ("sub/../t.db", "sub/../t.db"),
])
def test_a_name_is_taken_as_pathlib_writes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: str, shown: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    config = parse_store(spec)
    assert config.display == shown == str(Path(spec.removeprefix("sqlite:///")))
    assert config.sqlite_path == str((tmp_path / shown).resolve())


@given(st.lists(st.sampled_from(["/", ".", "..", "a", "~", "\\", "b c"]), max_size=12)
       .map("".join))
def test_a_name_is_normalised_as_pathlib_normalises_it(name: str) -> None:
    assert _plain(name) == str(PurePosixPath(name))


def test_a_missing_folder_is_named_as_pathlib_writes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert refused("./nodir/t.db") == (
        "cannot open store './nodir/t.db': folder 'nodir' does not exist")


def test_a_folder_name_too_long_is_refused_for_what_it_is(tmp_path: Path) -> None:
    spec = str(tmp_path / ("d" * 300) / "x.db")
    message = refused(spec)
    assert message.endswith(": File name too long") and len(message) < 200


def test_a_folder_that_cannot_be_searched_is_refused_for_what_it_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    denied = PermissionError(13, "Permission denied")
    real_stat = os.stat

    def stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if str(path).endswith("locked"):
            raise denied
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)  # root searches any folder: the refusal simulated
    assert refused(str(tmp_path / "locked" / "x.db")).endswith(": Permission denied")


def test_a_name_too_long_for_the_file_system_is_refused(tmp_path: Path) -> None:
    spec = str(tmp_path / ("x" * 300 + ".db"))
    message = refused(spec)
    assert message.startswith("cannot open store '")
    assert message.endswith(": File name too long")
    assert len(message) < 200


def test_a_name_that_cannot_be_encoded_is_refused(tmp_path: Path) -> None:
    spec = str(tmp_path / "bad\ud800.db")
    assert refused(spec).endswith(": not a usable file name")


def test_a_malformed_postgresql_url_is_refused() -> None:
    message = refused("postgresql://u:secret@[::1/db")
    assert message.startswith("cannot open store: malformed PostgreSQL URL (")
    assert "secret" not in message


@pytest.mark.parametrize("spec", ["postgresql://u:secret@h/db?sslmode=require",
                                  "postgresql://u:secret@h/db#frag"])
def test_parameters_in_a_postgresql_url_are_refused(spec: str) -> None:
    message = refused(spec)
    assert "parameters in the URL are not supported" in message
    assert "PGSSLMODE" in message
    assert "secret" not in message


def test_a_fifo_given_as_the_store_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "store.db"
    os.mkfifo(fifo)
    assert refused(str(fifo)) == f"cannot open store {str(fifo)!r}: not a regular file"
