"""Costs that were quadratic (issue 21), measured at two sizes: ``check`` of one
relationship whose events all set one fact (every 50th dated by a span), and importing
events with distinct EDTF spans. Each should grow linearly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import FIGURES, RESULTS, record

from timeline.app import Timeline
from timeline.interchange import iter_records

SIZES = (5_000, 20_000)


def _file(folder: Path, n: int, spans: bool) -> Path:
    lines = [json.dumps({"actor": {"id": a, "name": a.upper(), "kind": "state"}})
             for a in ("a", "b")]
    first = dt.date(1950, 1, 1)
    for i in range(n):
        day = first + dt.timedelta(days=i)
        on = day.isoformat()
        if spans or i % 50 == 7:  # distinct spans, so that no parse is cached
            on = f"{on}/{(day + dt.timedelta(days=20)).isoformat()}"
        kind = "relations_established" if i % 2 == 0 else "relations_suspended"
        lines.append(json.dumps({"id": f"e{i}", "type": "statement" if spans else kind,
                                 "actor": "a", "target": "b", "on": on, "sources": ["s"]}))
    path = folder / f"{'spans' if spans else 'one-fact'}-{n}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(path: Path, db: Path) -> None:
    app = Timeline.open(str(db))
    try:
        app.import_stream(lambda: iter_records([path]))
    finally:
        app.close()


@pytest.mark.parametrize("n", SIZES)
def test_check_one_relationship(benchmark: Any, n: int, tmp_path: Path) -> None:
    db = tmp_path / "one.db"
    _import(_file(tmp_path, n, spans=False), db)
    app = Timeline.open(str(db))
    try:
        found = benchmark.pedantic(app.check, rounds=1, iterations=1)
    finally:
        app.close()
    assert found
    record(f"check {n}", benchmark)
    if all(f"check {s}" in RESULTS for s in SIZES):
        FIGURES["check 20000 / 5000"] = f"{RESULTS['check 20000'] / RESULTS['check 5000']:.2f}x"


@pytest.mark.parametrize("n", SIZES)
def test_import_distinct_spans(benchmark: Any, n: int, tmp_path: Path) -> None:
    path = _file(tmp_path, n, spans=True)
    runs = iter(range(10))
    benchmark.pedantic(lambda: _import(path, tmp_path / f"s{next(runs)}.db"), rounds=1,
                       iterations=1)
    seconds = record(f"import spans {n}", benchmark)
    FIGURES[f"import distinct spans {n}"] = f"{n / seconds:,.0f} events/s"
