"""Pictures past their caps (issue 21): one actor's chart of a group with many members and a
pair chart with many posts, each at two sizes past the cap (24 counterparts drawn, 40
lanes, 200 label tries). What is drawn is the same at both sizes; the time should grow only
with reading the store, not with drawing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pytest
from conftest import FIGURES, RESULTS, record

from timeline.app import Timeline
from timeline.views import chart, network

SIZES = (1_000, 4_000)
_stores: dict[tuple[str, int], Path] = {}


def _store(folder: Path, kind: str, n: int) -> Path:
    lines = [json.dumps({"actor": {"id": "g", "name": "Group", "kind": "group"}}),
             json.dumps({"actor": {"id": "b", "name": "B", "kind": "state"}})]
    if kind == "group":
        lines += [json.dumps({"actor": {"id": f"m{i:05d}", "name": f"Member {i}",
                                        "kind": "state"}}) for i in range(n)]
        lines += [json.dumps({"id": f"j{i}", "type": "member_joined", "actor": f"m{i:05d}",
                              "target": "g", "on": f"{1950 + i % 70}-01-01",
                              "sources": ["s"]}) for i in range(n)]
    else:  # a pair with n posts, each opened and capped
        for i in range(n):
            for kind_, on, fields in (("post_opened", f"{1900 + i % 120}-01-01",
                                       {"post": f"p{i:05d}", "kind": "consulate"}),
                                      ("staff_cap", f"{1901 + i % 120}-06-01",
                                       {"post": f"p{i:05d}", "cap": 5})):
                lines.append(json.dumps({"id": f"{kind_}-{i}", "type": kind_, "actor": "g",
                                         "target": "b", "on": on, "fields": fields,
                                         "sources": ["s"]}))
    path = folder / f"{kind}-{n}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / f"{kind}-{n}.db"
    app = Timeline.open(str(db))
    try:
        from timeline.interchange import iter_records

        app.import_stream(lambda: iter_records([path]))
    finally:
        app.close()
    return db


@pytest.fixture(scope="module", params=[(k, n) for k in ("group", "posts") for n in SIZES],
                ids=[f"{k}-{n}" for k in ("group", "posts") for n in SIZES])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> tuple[str, int, Path]:
    kind, n = request.param
    if (kind, n) not in _stores:
        _stores[(kind, n)] = _store(tmp_path_factory.mktemp(f"{kind}{n}"), kind, n)
    return kind, n, _stores[(kind, n)]


def test_picture(benchmark: Any, store: tuple[str, int, Path]) -> None:
    kind, n, db = store
    app = Timeline.open(str(db))

    def run() -> None:
        if kind == "group":
            fig = network.build(app.network("g"), network_day())
        else:
            fig = chart.build(app.chronicle("g", "b"))
        plt.close(fig)

    try:
        benchmark.pedantic(run, rounds=3, iterations=1)
    finally:
        app.close()
    record(f"picture {kind} {n}", benchmark)
    small, large = (RESULTS.get(f"picture {kind} {s}") for s in SIZES)
    if small and large:
        FIGURES[f"picture {kind} {SIZES[1]} / {SIZES[0]}"] = f"{large / small:.2f}x"


def network_day() -> Any:
    import datetime as dt

    return dt.date(2021, 1, 1)
