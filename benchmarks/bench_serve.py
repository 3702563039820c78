"""Serving: a real ``timeline serve`` process answers concurrent readers on loopback, against
the same questions answered in process.

A store of TIMELINE_BENCH_SERVE events (default 100,000; built once, about 20 s on SQLite)
is served by ``python -m timeline --db STORE serve`` on a free port of 127.0.0.1, with the
server's own number of workers (2 on SQLite, 4 on PostgreSQL; TIMELINE_BENCH_SERVE_WORKERS
sets one number for both). Reader threads in this process, each on its own keep-alive
connection (``http.client``), ask ``GET /api/state/A/B?as_of=D`` round the same 500
questions as bench_queries (``stores.queries``: other pairs, other days), each thread
starting at another one, for 1 s unmeasured (the workers open their stores) and then
TIMELINE_BENCH_SERVE_SECONDS (default 5); then ``GET /api/diff/A/B?from=D1&to=D2`` the same
way. First one reader (a question's time through the server, nothing queued before it),
then TIMELINE_BENCH_SERVE_READERS (default 8) at once (under load a request also waits for
those ahead of it: p50 comes near readers / throughput). Reported: requests per second, p50
and p99 latency (from sending the request to having read the whole body), and the CPU of
the server's processes, of this client and of the whole machine over the window (busy
cores: on a shared machine, what else ran shows there).

The served load is timed by this module's own clock over a bounded time, not by
pytest-benchmark (whose rounds are one call after another); the in-process baseline is
pytest-benchmark's: the same questions, one after another in one thread, to
``Timeline.open(STORE).state(...)`` and ``.diff(...)``, and again with the answer written
as the JSON text the server sends (``json_text``). The ratios: served p50 / in-process
p50, and served requests/s / in-process questions/s (one thread: 1 / its mean time).

Any request that fails (a status other than 200, a dropped connection) fails the test,
saying which and what the server logged. PostgreSQL too when TIMELINE_TEST_POSTGRES_URL is
set (a fresh database, dropped after). Not part of the test suite (testpaths); run it by
hand:

    .venv/bin/pytest benchmarks/bench_serve.py -p no:randomly
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import itertools
import json
import math
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from conftest import AMOUNTS, FIGURES, fresh_postgres_db, record
from stores import BuiltStore, build, queries

from timeline.app import Timeline
from timeline.domain.jsonable import json_text

SIZE = int(os.environ.get("TIMELINE_BENCH_SERVE", "100000"))
SECONDS = float(os.environ.get("TIMELINE_BENCH_SERVE_SECONDS", "5"))
READERS = int(os.environ.get("TIMELINE_BENCH_SERVE_READERS", "8"))
WORKERS = os.environ.get("TIMELINE_BENCH_SERVE_WORKERS", "")  # "": the server's default
WARMUP = 1.0  # seconds of load before the measured window
QUESTIONS = 500
HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
STARTED_LINES = ("No users yet", "Serving ")  # what the server says on starting

Question = tuple[str, str, dt.date, dt.date]  # a, b, from (diff), to (diff) or as_of (state)


@dataclass
class Served:
    backend: str
    spec: str  # the store: a SQLite path, or a PostgreSQL URL
    questions: list[Question]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                               marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, store_of: Any) -> Iterator[Served]:
    if request.param == "sqlite":
        built: BuiltStore = store_of(SIZE)
        yield Served("sqlite", built.path, _questions(built))
        return
    admin_url: str = request.getfixturevalue("postgres_url")
    with fresh_postgres_db(admin_url) as url:
        built = build(url, SIZE)
        FIGURES[f"build {SIZE} events (postgres)"] = f"import {built.seconds['import']:.1f} s"
        yield Served("postgres", url, _questions(built))


def _questions(built: BuiltStore) -> list[Question]:
    return list(itertools.islice(queries(built), QUESTIONS))


def ask(app: Timeline, endpoint: str, question: Question) -> Any:
    a, b, start, end = question
    if endpoint == "state":
        return app.state(a, b, end)
    return app.diff(a, b, start, end)


def address(endpoint: str, question: Question) -> str:
    a, b, start, end = question
    pair = f"/api/{endpoint}/{quote(a, safe='')}/{quote(b, safe='')}"
    if endpoint == "state":
        return f"{pair}?{urlencode({'as_of': end.isoformat()})}"
    return f"{pair}?{urlencode({'from': start.isoformat(), 'to': end.isoformat()})}"


def key(served: Served, endpoint: str) -> str:
    return f"serve {served.backend} {SIZE} {endpoint}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def percentile(ordered: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted values (share 0.99: p99)."""
    return ordered[max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))]


# -- in process ------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["state", "diff"])
@pytest.mark.parametrize("form", ["answer", "json"])
def test_in_process(benchmark: Any, store: Served, endpoint: str, form: str) -> None:
    """The same questions, one after another in this process: the library's answer, or the
    answer and its JSON text (what the server must write besides)."""
    app = Timeline.open(store.spec, create=False)
    try:
        cycle = itertools.cycle(store.questions)

        def call() -> Any:
            answer = ask(app, endpoint, next(cycle))
            return json_text(answer) if form == "json" else answer

        benchmark.pedantic(call, rounds=QUESTIONS, iterations=1, warmup_rounds=20)
    finally:
        app.close()
    name = f"{key(store, endpoint)} in process" + (" + JSON" if form == "json" else "")
    median = record(name, benchmark)
    stats = benchmark.stats.stats
    ordered = sorted(stats.data)
    AMOUNTS[f"{name} p50"] = median
    AMOUNTS[f"{name} rate"] = 1 / stats.mean
    FIGURES[name] = (f"p50 {ms(median)}, p99 {ms(percentile(ordered, 0.99))}, "
                     f"{1 / stats.mean:,.0f} questions/s (one thread)")


# -- served ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    workers: str

    def said(self) -> list[str]:
        """What the server wrote on stderr besides its starting lines."""
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return [line for line in lines if not line.startswith(STARTED_LINES)]

    def cpu(self) -> float | None:
        """CPU seconds used so far by the server and its worker processes (Linux)."""
        try:
            return sum(_cpu_of(pid) for pid in _family(self.process.pid))
        except OSError:
            return None


def machine_busy() -> tuple[float, float] | None:
    """Seconds of CPU the whole machine has spent busy and in all (Linux's /proc/stat)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            ticks = [int(n) for n in stat.readline().split()[1:]]
    except OSError:
        return None
    idle = ticks[3] + ticks[4]  # idle, iowait
    rate = os.sysconf("SC_CLK_TCK")
    return (sum(ticks) - idle) / rate, sum(ticks) / rate


def _family(pid: int) -> list[int]:
    found = [pid]
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
            for child in children.read().split():
                found += _family(int(child))
    return found


def _cpu_of(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


@pytest.fixture(scope="module")
def server(store: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``timeline serve`` of the store, on a free port, answering; stopped at the end."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "server.log"
    workers = ("--workers", WORKERS) if WORKERS else ()
    with log.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "timeline", "--db", store.spec, "serve", "--host", HOST,
             "--port", str(port), *workers],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT,
            start_new_session=True)  # its own process group: its workers stop with it
    running = Server(process, port, log, WORKERS or "?")
    try:
        _wait_until_answering(running)
        # How many it started, as its banner says (its default is the server's to choose).
        said = re.search(r"\((\d+) worker\(s\)", log.read_text(errors="replace"))
        running.workers = said.group(1) if said else running.workers
        yield running
    finally:
        _stop(process)


def _wait_until_answering(server: Server, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while True:
        if server.process.poll() is not None:
            pytest.fail(f"timeline serve exited ({server.process.returncode}): "
                        f"{server.log.read_text(errors='replace')}")
        try:
            conn = http.client.HTTPConnection(HOST, server.port, timeout=5)
            try:
                conn.request("GET", "/api/me")
                if conn.getresponse().status == 200:
                    return
            finally:
                conn.close()
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"timeline serve did not answer within {within:.0f} s: "
                        f"{server.log.read_text(errors='replace')}")
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # workers left behind, if any
    process.wait()


@dataclass
class Tally:
    """One reader's requests: the latency of each measured one, and what went wrong."""

    latencies: list[float] = field(default_factory=list)
    last: float = 0.0  # when its last measured request ended
    body_bytes: int = 0
    failures: list[str] = field(default_factory=list)


def reader(port: int, paths: list[str], first: int, measured_from: float, until: float,
           tally: Tally) -> None:
    """Asks ``paths`` in turn from ``first`` over one keep-alive connection until ``until``;
    times the requests sent from ``measured_from``."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        for i in itertools.count(first):
            path = paths[i % len(paths)]
            sent = time.perf_counter()
            if sent >= until:
                return
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as exc:
                tally.failures.append(f"GET {path}: {exc!r}")
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
                continue
            done = time.perf_counter()
            if response.status != 200:
                tally.failures.append(f"GET {path}: {response.status} {body[:300]!r}")
            elif sent >= measured_from:
                tally.latencies.append(done - sent)
                tally.last = done
                tally.body_bytes += len(body)
    finally:
        conn.close()


@dataclass
class Load:
    requests: int
    seconds: float
    p50: float
    p99: float
    body_bytes: int
    failures: list[str]
    server_cpu: float | None
    client_cpu: float
    machine_cpu: float | None  # cores busy machine-wide: the server, this client, the
    # database server, and whatever else runs


def load(server: Server, paths: list[str], readers: int) -> Load:
    """``readers`` threads asking ``paths`` for WARMUP + SECONDS; the last SECONDS
    measured."""
    tallies = [Tally() for _ in range(readers)]
    start = time.perf_counter()
    measured_from, until = start + WARMUP, start + WARMUP + SECONDS
    threads = [threading.Thread(target=reader, args=(server.port, paths,
                                                     i * len(paths) // readers,
                                                     measured_from, until, tally))
               for i, tally in enumerate(tallies)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, measured_from - time.perf_counter()))
    cpu_before, client_before, busy_before = server.cpu(), time.process_time(), machine_busy()
    for thread in threads:
        thread.join()
    cpu_after, client_after, busy_after = server.cpu(), time.process_time(), machine_busy()
    latencies = sorted(itertools.chain.from_iterable(t.latencies for t in tallies))
    ended = max((t.last for t in tallies), default=until)
    seconds = ended - measured_from
    return Load(
        requests=len(latencies), seconds=seconds,
        p50=percentile(latencies, 0.50) if latencies else float("nan"),
        p99=percentile(latencies, 0.99) if latencies else float("nan"),
        body_bytes=sum(t.body_bytes for t in tallies),
        failures=[f for t in tallies for f in t.failures],
        server_cpu=(cpu_after - cpu_before) / seconds
        if cpu_before is not None and cpu_after is not None else None,
        client_cpu=(client_after - client_before) / seconds,
        machine_cpu=(busy_after[0] - busy_before[0]) / (busy_after[1] - busy_before[1])
        * (os.cpu_count() or 1) if busy_before is not None and busy_after is not None
        else None)


def _same_answers(store: Served, server: Server, endpoint: str) -> None:
    """The server answers the questions as the library does (a few of them)."""
    app = Timeline.open(store.spec, create=False)
    conn = http.client.HTTPConnection(HOST, server.port, timeout=60)
    try:
        for question in store.questions[:5]:
            conn.request("GET", address(endpoint, question))
            response = conn.getresponse()
            body = response.read()
            assert response.status == 200, (address(endpoint, question), body[:300])
            assert json.loads(body) == json.loads(json_text(ask(app, endpoint, question)))
    finally:
        conn.close()
        app.close()


@pytest.mark.parametrize("endpoint", ["state", "diff"])
@pytest.mark.parametrize("readers", sorted({1, READERS}))
def test_served(store: Served, server: Server, endpoint: str, readers: int) -> None:
    """``readers`` concurrent readers for SECONDS: requests/s, p50 and p99 (own clock). One
    reader: a question's time through the server, unqueued; READERS: under load, where a
    request also waits for those before it (p50 near readers / throughput)."""
    _same_answers(store, server, endpoint)
    paths = [address(endpoint, q) for q in store.questions]
    measured = load(server, paths, readers)
    said = server.said()
    assert not measured.failures, (
        f"{len(measured.failures)} request(s) failed under load, e.g. "
        f"{measured.failures[:3]}; the server said: {said[-20:]}")
    assert measured.requests, "no request was answered within the window"
    assert not said, f"the server logged under load: {said[-20:]}"

    name = f"{key(store, endpoint)} served, {readers} reader{'s' if readers > 1 else ''}"
    inside = f"{key(store, endpoint)} in process"
    rate = measured.requests / measured.seconds
    cpu = (f"server {measured.server_cpu:.2f} cores" if measured.server_cpu is not None
           else "server CPU unknown") + f", client {measured.client_cpu:.2f}" + (
        f", machine {measured.machine_cpu:.2f} of {os.cpu_count()}"
        if measured.machine_cpu is not None else "")
    FIGURES[name] = (
        f"{rate:,.0f} requests/s, p50 {ms(measured.p50)}, p99 {ms(measured.p99)} "
        f"({server.workers} worker(s), {measured.requests:,} requests "
        f"in {measured.seconds:.1f} s, {measured.body_bytes / measured.requests:,.0f} "
        f"bytes each; {cpu})")
    AMOUNTS[f"{name} p50"] = measured.p50
    AMOUNTS[f"{name} rate"] = rate
    if f"{inside} p50" in AMOUNTS:
        json_part = ""
        if f"{inside} + JSON p50" in AMOUNTS:
            json_part = (f"; {measured.p50 / AMOUNTS[f'{inside} + JSON p50']:.1f}x in "
                         "process with its JSON text")
        FIGURES[f"{name} / in process"] = (
            f"p50 {measured.p50 / AMOUNTS[f'{inside} p50']:.1f}x{json_part}; "
            f"throughput {rate / AMOUNTS[f'{inside} rate']:.2f}x one in-process thread")

