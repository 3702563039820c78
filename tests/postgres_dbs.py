"""PostgreSQL databases for tests, one each, made and dropped on the server that
TIMELINE_TEST_POSTGRES_URL names (skipped with the reason where it is unset): a module of
its own, not conftest's, so that a test file imports it whichever conftest loaded first."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

PG_ENV = "TIMELINE_TEST_POSTGRES_URL"


def _admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement.encode())


def _postgres_base() -> str:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1/test)")
    return base


def _url_of(base: str, name: str) -> str:
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def _fresh_postgres_db(template: str | None = None) -> Iterator[str]:
    """A database of its own for one test: empty, or a copy of ``template``."""
    base = _postgres_base()
    name = f"tl_test_{uuid.uuid4().hex[:12]}"
    _admin(base, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield _url_of(base, name)
    finally:
        _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
