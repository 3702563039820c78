"""One relationship with a long history (TIMELINE_BENCH_ONE_RELATIONSHIP events, default
50,000, one a day, statements between cooperation suspended and resumed): the peak memory
of whole `timeline log A B --json` and `timeline export A B` processes writing it all to
/dev/null, and `diff` in process over its whole span.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import FIGURES, record
from processes import megabytes, run_timeline
from stores import OneRelationship, build_one_relationship

from timeline.app import Timeline

SIZE = int(os.environ.get("TIMELINE_BENCH_ONE_RELATIONSHIP", "50000"))


@pytest.fixture(scope="module")
def one(tmp_path_factory: pytest.TempPathFactory) -> OneRelationship:
    built = build_one_relationship(tmp_path_factory.mktemp("one") / "one.db", SIZE)
    FIGURES[f"build one pair of {SIZE} events"] = f"import {built.seconds:.1f} s"
    return built


@pytest.fixture(scope="module")
def app(one: OneRelationship) -> Iterator[Timeline]:
    timeline = Timeline.open(one.path, create=False)
    yield timeline
    timeline.close()


def test_store_holds_one_relationship(app: Timeline, one: OneRelationship) -> None:
    """Not a timing: the store is what the figures below say it is."""
    assert len(app.list_events((one.a, one.b))) == SIZE
    assert len(app.actors()) == 2


@pytest.mark.parametrize(("name", "command"), [("log --json", ("log", "--json")),
                                                ("export", ("export",))])
def test_peak_memory(benchmark: Any, one: OneRelationship, name: str,
                     command: tuple[str, ...]) -> None:
    peak: list[int] = []

    def run() -> None:
        _, kilobytes = run_timeline("--db", one.path, command[0], one.a, one.b, *command[1:],
                                    stdout=subprocess.DEVNULL)
        peak.append(kilobytes)

    benchmark.pedantic(run, rounds=3, iterations=1)
    record(f"one pair {SIZE}: timeline {name} process", benchmark)
    FIGURES[f"one pair {SIZE}: {name} peak memory"] = \
        f"{megabytes(max(peak))} (target < 60 MB)"


def test_diff_whole_span(benchmark: Any, app: Timeline, one: OneRelationship) -> None:
    diff = benchmark.pedantic(app.diff, args=(one.a, one.b, one.first, one.last),
                              rounds=10, iterations=1, warmup_rounds=1)
    assert len(diff.events) == SIZE
    assert all(c.attribute == "cooperation" for c in diff.changes), diff.changes
    seconds = record(f"one pair {SIZE}: diff whole span", benchmark)
    FIGURES[f"one pair {SIZE}: diff whole span"] = \
        f"{seconds * 1000:,.0f} ms median (target < 100 ms)"
