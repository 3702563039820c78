"""Fixtures shared by the suite: stores on each backend, running the CLI, a browser.

Helpers that are not fixtures live in helpers.py, sessions.py and strategies.py (importable
because pyproject.toml puts tests/ on pytest's pythonpath); test files import only those."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import Runner, snapshot
from postgres_dbs import _admin, _fresh_postgres_db, _postgres_base, _url_of

from timeline.app import Timeline

TESTS = Path(__file__).resolve().parent
# The fixtures of tests that drive the command line (see the slow rule below).
CLI_FIXTURES = {"run", "seeded", "base", "imported"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks slow tests, so that ``pytest -m "not slow"`` is a loop of about a minute.

    What is slow was measured (``pytest --durations=40``). A test is slow when it
    1. is under tests/slow/ (many processes, large stores), or is marked slow itself (it
       starts the command line as several real processes, or imports large files);
    2. is a Hypothesis property test (runs of many examples: 10-30 s each on either
       backend);
    3. drives the command line on PostgreSQL (the ``postgresql`` parameter with the
       ``run``, ``seeded``, ``base`` or ``imported`` fixtures): about a second a store to
       create and drop, for the same click code the SQLite run has just run; the library's
       own tests on PostgreSQL (the ``app`` and ``store`` fixtures), where the backends
       differ, stay in the fast loop;
    4. drives a real Chromium (the ``browser`` fixture: seconds to start each); or
    5. replays a console session of the docs as real processes (the CliRunner replay of the
       same session stays in the fast loop).
    The full suite (plain ``pytest``, as .ci/run runs it) runs every test.
    """
    for item in items:
        under = Path(item.path).resolve()
        hypothesis_test = getattr(getattr(item, "obj", None), "is_hypothesis_test", False)
        fixtures = set(getattr(item, "fixturenames", ()))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if (
            under.is_relative_to(TESTS / "slow")
            or hypothesis_test
            or (item.get_closest_marker("postgres") and fixtures & CLI_FIXTURES)
            or "browser" in fixtures
            or params.get("processes") is True
        ):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """Each backend in turn: the tests that take a store run on both."""
    return str(request.param)


@pytest.fixture
def store(backend: str, tmp_path: Path) -> Iterator[str]:
    """A new, empty store on each backend: a SQLite file path, or a PostgreSQL URL."""
    if backend == "sqlite":
        yield str(tmp_path / "timeline.db")
    else:
        yield from _fresh_postgres_db()


# The seed (events/, about a hundred events) is imported once per session on each backend
# (once per xdist worker) and copied for each test that wants it: importing it afresh took
# most of the time of the ~100 tests that start from it.

@pytest.fixture(scope="session")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding the seed, never written to by a test: copied, never opened."""
    path = tmp_path_factory.mktemp("seed") / "timeline.db"
    Runner(str(path)).ok("import", "events/")
    return path


@pytest.fixture(scope="session")
def seed_database() -> Iterator[str]:
    """The name of a PostgreSQL database holding the seed, the template of each test's copy."""
    base = _postgres_base()
    name = f"tl_seed_{uuid.uuid4().hex[:12]}"
    _admin(base, f'CREATE DATABASE "{name}"')
    try:
        Runner(_url_of(base, name)).ok("import", "events/")
        # CREATE DATABASE ... TEMPLATE needs the template to have no session open.
        _admin(base, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")
        yield name
    finally:
        _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def seeded(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Runner]:
    """A store of the seed's own, on each backend, that the test may change at will."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("seed_file")
        target = tmp_path / "timeline.db"
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{template}{suffix}").exists():
                shutil.copyfile(f"{template}{suffix}", f"{target}{suffix}")
        yield Runner(str(target))
    else:
        for url in _fresh_postgres_db(template=request.getfixturevalue("seed_database")):
            yield Runner(url)


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


@pytest.fixture
def run(store: str) -> Runner:
    return Runner(store)


@pytest.fixture
def base(seeded: Runner) -> tuple[Runner, tuple[int, dict[str, Any]]]:
    """The seeded store and everything it holds before the test: a refusal leaves it so."""
    return seeded, snapshot(seeded.db)


@pytest.fixture
def snapshot_of() -> Callable[[str], tuple[int, dict[str, Any]]]:
    """helpers.snapshot, as a fixture."""
    return snapshot


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture
def browser() -> Iterator[object]:
    """A headless Chromium driven by Selenium; skips where Debian's chromium is missing."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1300,1600"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
