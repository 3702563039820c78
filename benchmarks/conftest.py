"""Benchmark fixtures, and a summary of the figures and ratios measured in this same run.

Sizes: TIMELINE_BENCH_SIZES (default "10000,100000"); TIMELINE_BENCH_LARGE=1 adds 1,000,000.
PostgreSQL: TIMELINE_TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/test), a
database on the server to connect to as its administrator; each run creates its own fresh
databases there and drops them after. Without it the PostgreSQL benchmarks are skipped.
"""

from __future__ import annotations

import compileall
import os
import platform
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from stores import BuiltStore, ImportRun, build, import_with_batches

from timeline.testing import synthetic

RESULTS: dict[str, float] = {}  # name -> median seconds
FIGURES: dict[str, str] = {}  # name -> a figure that is not a time (a rate, a size)
AMOUNTS: dict[str, float] = {}  # name -> a number measured once (seconds, bytes), for ratios
LARGE = 1_000_000
PG_ENV = "TIMELINE_TEST_POSTGRES_URL"


def sizes() -> list[int]:
    raw = os.environ.get("TIMELINE_BENCH_SIZES", "10000,100000")
    chosen = [int(s) for s in raw.split(",") if s.strip()]
    if os.environ.get("TIMELINE_BENCH_LARGE") and LARGE not in chosen:
        chosen.append(LARGE)
    return chosen


SIZES = sizes()


@pytest.fixture(scope="session", autouse=True)
def bytecode() -> None:
    """Whole processes start from bytecode, as an installed package does (pip compiles it
    on install; an editable checkout writes it on its first run). Where
    PYTHONDONTWRITEBYTECODE is set, as on CI, every process would compile the package
    from source: about 17 ms more on every cold start, which only a Python told never to
    write bytecode pays."""
    import timeline

    if not compileall.compile_dir(Path(timeline.__file__).parent, quiet=1):
        raise RuntimeError("cannot compile the timeline package to bytecode")


_stores: dict[tuple[int, float], BuiltStore] = {}


@pytest.fixture(scope="session")
def store_of(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Builds (once per session) a store of n events, optionally 10% corrected."""

    def get(n: int, corrected: float = 0.0) -> BuiltStore:
        key = (n, corrected)
        if key not in _stores:
            path = tmp_path_factory.mktemp(f"store{n}") / "bench.db"
            _stores[key] = build(path, n, corrected=corrected)
            label = f"build {n} events" + (" (10% corrected)" if corrected else "")
            FIGURES[label] = ", ".join(
                f"{k} {v:.1f} s" for k, v in _stores[key].seconds.items())
        return _stores[key]

    yield get


_jsonl: dict[int, Path] = {}
_sqlite_imports: dict[int, ImportRun] = {}


@pytest.fixture(scope="session")
def jsonl_of(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """Writes (once per session) the JSON Lines file of n synthetic events."""

    def get(n: int) -> Path:
        if n not in _jsonl:
            path = tmp_path_factory.mktemp("jsonl") / f"events-{n}.jsonl"
            synthetic.write_jsonl(str(path), n)
            _jsonl[n] = path
        return _jsonl[n]

    return get


@pytest.fixture(scope="session")
def sqlite_import_of(tmp_path_factory: pytest.TempPathFactory,
                     jsonl_of: Callable[[int], Path]) -> Callable[[int], ImportRun]:
    """Imports (once per session, in process, batches timed) the n-event file into SQLite."""

    def get(n: int) -> ImportRun:
        if n not in _sqlite_imports:
            path = tmp_path_factory.mktemp(f"imported{n}") / "imported.db"
            run = import_with_batches(str(path), jsonl_of(n))
            assert run.result.events_added == n, run.result
            _sqlite_imports[n] = run
        return _sqlite_imports[n]

    return get


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The PostgreSQL server's administrative URL, or a skip saying how to give one."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL benchmarks need {PG_ENV}, a URL the benchmarks may create "
                    "and drop databases through (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    return url


def _admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement.encode())


@contextmanager
def fresh_postgres_db(admin_url: str) -> Iterator[str]:
    """A new, empty database on the server (its URL), dropped afterwards."""
    name = f"tl_bench_{uuid.uuid4().hex[:12]}"
    _admin(admin_url, f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
    finally:
        _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def record(name: str, benchmark: Any) -> float:
    median = float(benchmark.stats.stats.median)
    RESULTS[name] = median
    return median


RATIOS = [
    # (label, numerator, denominator)
    ("known-at / as-of, state (10% corrected)", "state known-at", "state as-of corrected"),
    ("known-at now / as-of, state", "state known-at-now", "state as-of corrected"),
    ("known-at / as-of, diff", "diff known-at", "diff as-of corrected"),
]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not RESULTS and not FIGURES:
        return
    write = terminalreporter.write_line
    write("")
    write(f"timeline benchmark summary: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.platform()}")
    for name, median in sorted(RESULTS.items()):
        write(f"  {name:<44} median {median * 1000:10.3f} ms")
    for name, figure in sorted(FIGURES.items()):
        write(f"  {name:<44} {figure}")
    for label, top, bottom in RATIOS:
        if top in RESULTS and bottom in RESULTS:
            write(f"  ratio {label}: {RESULTS[top] / RESULTS[bottom]:.2f}")
    for kind in ("state", "diff"):
        small, large = f"{kind} as-of {min(SIZES)}", f"{kind} as-of {max(SIZES)}"
        if small in RESULTS and large in RESULTS and small != large:
            write(f"  ratio {kind} {max(SIZES)} / {min(SIZES)} events: "
                  f"{RESULTS[large] / RESULTS[small]:.2f} (target <= 2)")
        for n in SIZES:
            replay, fast = f"replay log {n}", f"{kind} as-of {n}"
            if replay in RESULTS and fast in RESULTS and kind == "state":
                write(f"  ratio replaying the log / state, {n} events: "
                      f"{RESULTS[replay] / RESULTS[fast]:.0f}x (target >= 1000)")
    for n in SIZES:
        imported, raw = f"postgres import {n}", f"raw psycopg executemany {n}"
        if imported in RESULTS and raw in RESULTS:
            write(f"  ratio PostgreSQL import rate / raw rate, {n} events: "
                  f"1/{RESULTS[imported] / RESULTS[raw]:,.0f} (target: at least 1/10)")
        for backend in ("sqlite", "postgres"):
            first, last = f"batch first {backend} {n}", f"batch last {backend} {n}"
            if first not in AMOUNTS or last not in AMOUNTS:
                continue
            label = f"  ratio last / first import batch, {backend}, {n} events:"
            if AMOUNTS[f"batches {backend} {n}"] < 2:
                write(f"{label} one batch, nothing to compare (TIMELINE_IMPORT_BATCH)")
            else:
                write(f"{label} {AMOUNTS[last] / AMOUNTS[first]:.2f} "
                      "(per event; target: flat, about 1)")
        log, model = f"disk log {n}", f"disk read model {n}"
        if log in AMOUNTS and model in AMOUNTS:
            write(f"  ratio read model / event log bytes, {n} events: "
                  f"{AMOUNTS[model] / AMOUNTS[log]:.2f}x (target <= 1)")
