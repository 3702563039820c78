"""A pair chart draws a bounded picture whatever the store holds (issue 21): at most
``MAX_LANES`` lanes and tries at ``MAX_LABELS`` event labels, each left out counted on the
chart (a pair with 1,000 posts had drawn 2,000 lanes: 27 s and 820 MB)."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib.pyplot as plt
from helpers import Runner

from timeline.app import Timeline
from timeline.views import chart


def _store(tmp_path: Path, posts: int, meetings: int) -> str:
    lines = [json.dumps({"actor": {"id": a, "name": a.upper(), "kind": "state"}})
             for a in ("a", "b")]
    lines += [json.dumps({"id": f"p{n}", "type": "post_opened", "actor": "a", "target": "b",
                          "on": f"{1900 + n}-01-01", "fields": {"post": f"post-{n:03d}",
                                                                 "kind": "consulate"},
                          "sources": ["s"]}) for n in range(posts)]
    lines += [json.dumps({"id": f"m{n}", "type": "meeting", "actor": "a", "target": "b",
                          "on": f"{1950 + n // 300}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                          "sources": ["s"]}) for n in range(meetings)]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "many.db")
    Runner(db).ok("import", str(path))
    return db


def test_lanes_and_labels_are_capped_and_what_is_left_out_is_said(tmp_path: Path) -> None:
    db = _store(tmp_path, posts=60, meetings=1500)
    app = Timeline.open(db)
    try:
        fig = chart.build(app.chronicle("a", "b"))
    finally:
        app.close()
    try:
        ax = fig.axes[0]
        assert len(ax.get_yticklabels()) == chart.MAX_LANES
        notes = [t.get_text() for t in fig.texts]
        assert any("20 more lane(s) and 20 event(s) on them left out" in n for n in notes), notes
        assert any("event label(s) left out where events crowd" in n for n in notes), notes
        placed = [t for t in ax.texts if t.get_text().startswith("meeting")]
        assert 0 < len(placed) <= chart.MAX_LABELS
        assert fig.get_size_inches()[1] < 40
    finally:
        plt.close(fig)
    out = tmp_path / "many.png"
    Runner(db).ok("chart", "a", "b", "--out", str(out))
    assert out.read_bytes().startswith(b"\x89PNG")
