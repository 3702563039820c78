"""Where a timeline is stored: a SQLite file (the default) or a PostgreSQL database.

One ``--db`` value gives both halves: the event log on eventsourcing's own recorder for
that backend, and the read model through SQLAlchemy in the same database.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from typing import NamedTuple

from timeline.errors import StoreError, shown
from timeline.extras import require
from timeline.regular import NotRegular

DEFAULT_DB = "timeline.db"
# The log's transcoder: eventsourcing's JSON, written by orjson (storage.transcoder).
TRANSCODER = "timeline.storage.transcoder:OrjsonTranscoder"


class StoreConfig(NamedTuple):  # not a dataclass: a cold start defines it (vocabulary)
    """Where a store is, and how each library (eventsourcing, SQLAlchemy) is to open it."""

    backend: str  # "sqlite" or "postgresql"
    display: str
    es_env: dict[str, str]
    sqlalchemy_url: str
    sqlite_path: str | None = None  # the file's absolute, resolved name
    lock_timeout: int = 30


def lock_timeout() -> int:
    """Seconds a writer waits for another one before giving up (``TIMELINE_LOCK_TIMEOUT``)."""
    raw = os.environ.get("TIMELINE_LOCK_TIMEOUT", "30")
    try:
        return max(0, int(raw))
    except ValueError:
        raise StoreError(f"invalid TIMELINE_LOCK_TIMEOUT {raw!r}: expected whole seconds") from None


def parse_store(spec: str | None) -> StoreConfig:
    raw = (spec or DEFAULT_DB).strip()
    if not raw:
        raise StoreError("cannot open store '': give a file path or a URL")
    if "\x00" in raw:
        raise StoreError("cannot open store: its name holds a NUL character")
    if raw.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return _postgres(raw)
    if "://" in raw and not raw.startswith("sqlite:///"):
        scheme = raw.split("://", 1)[0]
        raise StoreError(
            f"cannot open store {raw!r}: unsupported scheme {scheme!r} "
            "(use a file path, sqlite:///PATH or postgresql://...)"
        )
    path = _plain(os.path.expanduser(raw[len("sqlite:///"):] if raw.startswith("sqlite:///")
                                     else raw))
    try:
        return _sqlite(raw, path)
    except OSError as exc:  # a name too long, a folder not readable...
        raise StoreError(f"cannot open store {shown(raw)}: {exc.strerror}") from None
    except (UnicodeError, ValueError):  # a name the file system cannot take
        raise StoreError(f"cannot open store {shown(raw)}: not a usable file name") from None


def _plain(path: str) -> str:
    """The path as pathlib writes it: without '.' parts or repeated or trailing slashes
    (``x.db/`` names ``x.db``), '..' kept (it may cross a symbolic link); nothing is '.'."""
    root = "//" if path.startswith("//") and not path.startswith("///") else "/" * (
        path.startswith("/"))
    return root + "/".join(part for part in path.split("/") if part not in ("", ".")) or "."


def _is_folder(path: str) -> bool:
    """pathlib's ``is_dir``: False where the path names nothing (or loops); any other
    failure (a folder that cannot be searched, a name too long) is raised, for
    ``parse_store`` to say."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return False
        raise


def _sqlite(raw: str, path: str) -> StoreConfig:
    folder = os.path.dirname(path) or "."
    if not _is_folder(folder):
        # Named whole, however long: a command's one line is cut at 1,000 characters.
        where = (f"{folder!r} is not a folder" if os.path.exists(folder)
                 else f"folder {folder!r} does not exist")
        raise StoreError(f"cannot open store {raw!r}: {where}")
    try:
        found: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        found = None  # a new store; any other failure (a name too long) is parse_store's
    if found is not None and stat.S_ISDIR(found):
        raise StoreError(f"cannot open store {raw!r}: it is a folder, not a database file")
    resolved = os.path.realpath(path)
    if found is not None:
        _check_sqlite_file(raw, resolved)
    return StoreConfig(
        backend="sqlite",
        display=path,
        es_env={
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": resolved,
            "SQLITE_LOCK_TIMEOUT": str(lock_timeout()),
            "ORIGINATOR_ID_TYPE": "text",
            "TRANSCODER_TOPIC": TRANSCODER,
            "APPLICATION_RECORDER_TOPIC": "timeline.storage.log_sqlite:SQLiteLog",
        },
        sqlalchemy_url=f"sqlite:///{resolved}",
        sqlite_path=resolved,
        lock_timeout=lock_timeout(),
    )


def sqlite_uri(path: str, mode: str) -> str:
    """The URI SQLite opens ``path`` (absolute) by in ``mode`` (``ro`` or ``rw``: never a
    new file)."""
    # Every byte but the unreserved ones escaped, as pathlib's as_uri does, by hand: pathlib
    # and urllib.parse (which loads ipaddress) cost a cold start 5 ms, its start-up a tenth.
    name = os.fsencode(path)
    quoted = "".join(chr(byte) if byte in _UNRESERVED else f"%{byte:02X}" for byte in name)
    return f"file://{quoted}?mode={mode}"


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~")


def is_sqlite_file(path: str) -> bool:
    """The path holds a SQLite database (one locked by another process too: it waits at
    most half a second, and never on a FIFO)."""
    try:
        return _examined(os.path.realpath(path), "ro") == "database"
    except OSError:
        return False
    except sqlite3.DatabaseError:  # locked, damaged...: a database all the same
        return True


# The file is read through SQLite only, never opened by this process on its own: closing any
# descriptor of a file drops every POSIX lock the process holds on it (SQLite's own opens know
# this and share one), so a stray open and close under a live connection would let another
# process believe it is the last one and delete the -wal and -shm files in use here.
def _examined(path: str, mode: str) -> str:
    """``"empty"``, ``"database"`` or ``"other"`` (a file SQLite says is not a database) of
    ``path`` (resolved: ``os.path.realpath``'s); ``NotRegular`` for a FIFO, a device or a
    folder; a locked database is a database."""
    found = os.stat(path)
    if not stat.S_ISREG(found.st_mode):
        raise NotRegular
    if found.st_size == 0:
        return "empty"
    try:
        conn = sqlite3.connect(sqlite_uri(path, mode), uri=True, timeout=0.5)
        try:
            conn.execute("SELECT name FROM sqlite_master LIMIT 1").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode == sqlite3.SQLITE_NOTADB:
            return "other"
        raise
    return "database"


def _check_sqlite_file(raw: str, path: str) -> None:
    try:
        kind = _examined(path, "rw")
    except OSError as exc:
        raise StoreError(f"cannot open store {raw!r}: {exc.strerror}") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open store {raw!r}: {exc}") from None
    if kind == "other":
        raise StoreError(f"cannot open store {raw!r}: the file is not a SQLite database")


def _postgres(raw: str) -> StoreConfig:
    from urllib.parse import unquote, urlsplit  # here: a SQLite store starts without it

    require("postgres")
    try:
        parts = urlsplit(raw)
        host = parts.hostname
    except ValueError as exc:  # a bracket without its pair, say
        raise StoreError(f"cannot open store: malformed PostgreSQL URL ({exc})") from None
    try:
        port = parts.port or 5432
    except ValueError:  # not a number, or beyond 65535
        raise StoreError(f"cannot open store {_masked(raw)!r}: invalid port in the URL") from None
    if parts.query or parts.fragment:
        # The event log's connection (eventsourcing's) takes only host, port, user, password
        # and database: a parameter would reach one connection and not the other.
        raise StoreError(
            f"cannot open store {_masked(raw)!r}: parameters in the URL are not supported; "
            "set them in the environment, which both connections read (PGSSLMODE, "
            "PGSSLROOTCERT, PGAPPNAME...)")
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname:
        raise StoreError(f"cannot open store {_masked(raw)!r}: the URL names no database")
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": host or "127.0.0.1",
        "POSTGRES_PORT": str(port),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_CONNECT_TIMEOUT": "10",
        "POSTGRES_LOCK_TIMEOUT": str(lock_timeout()),
        "ORIGINATOR_ID_TYPE": "text",
        "TRANSCODER_TOPIC": TRANSCODER,
        "APPLICATION_RECORDER_TOPIC": "timeline.storage.log_postgres:PostgresLog",
    }
    url = "postgresql+psycopg://" + raw.split("://", 1)[1]
    return StoreConfig(
        backend="postgresql", display=_masked(raw), es_env=env, sqlalchemy_url=url,
        lock_timeout=lock_timeout(),
    )


def _masked(raw: str) -> str:
    """The URL without its password, fit to show.

    The password is whatever stands between the user's colon and the last '@', even
    where a '#', '?' or '/' in it (unencoded) ends the URL's host part early.
    """
    scheme, sep, rest = raw.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not at or ":" not in userinfo:
        return raw
    return f"{scheme}{sep}{userinfo.split(':', 1)[0]}:***@{host}"
