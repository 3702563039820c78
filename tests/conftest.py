"""Fixtures shared by the suite: stores on each backend, and running the CLI."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from click.testing import CliRunner, Result

from timeline.app import Timeline
from timeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent
PG_ENV = "TIMELINE_TEST_POSTGRES_URL"


def _admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement.encode())


def _fresh_postgres_db() -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1/test)")
    name = f"tl_test_{uuid.uuid4().hex[:12]}"
    _admin(base, f'CREATE DATABASE "{name}"')
    parts = urlsplit(base)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty store on each backend: a SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "timeline.db")
    else:
        yield from _fresh_postgres_db()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> str:
    return str(tmp_path / "timeline.db")


@pytest.fixture
def app(store: str) -> Iterator[Timeline]:
    timeline = Timeline.open(store)
    try:
        yield timeline
    finally:
        timeline.close()


class Runner:
    """Runs ``timeline --db STORE ...`` through CliRunner, from the repository root."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, **env: Any) -> Result:
        old = Path.cwd()
        os.chdir(ROOT)
        try:
            return self.runner.invoke(
                cli, ["--db", self.db, *args], input=input, env=env or None,
                catch_exceptions=False,
            )
        finally:
            os.chdir(old)

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert result.exit_code == 0, (result.output, result.stderr)
        return result


@pytest.fixture
def run(store: str) -> Runner:
    return Runner(store)


@pytest.fixture
def seeded(run: Runner) -> Runner:
    run.ok("import", "events/")
    return run
