"""Names are drawn as text, never as math, and a long one is cut (issue 21): an actor named
``$\\frac{1}{$`` crashed `chart` and `report`, ``$x^2$`` was drawn as math, and a name of 160
characters crashed the network ("left cannot be >= right")."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import Runner

from timeline.views.axes import MAX_NAME, cut


def test_math_and_long_names_are_drawn_as_text(sqlite_store: str, tmp_path: Path) -> None:
    run = Runner(sqlite_store)
    run.ok("actor", "add", "a", "--name", "Alpha")
    long = "N" * 160
    for actor, name in (("m", "$\\frac{1}{$"), ("d", "costs $5 and $x^2$"), ("l", long)):
        run.ok("actor", "add", actor, "--name", name)
        run.ok("add", "relations_established", "--actor", "a", "--target", actor,
               "--on", "2020")
    network = tmp_path / "a.svg"
    run.ok("chart", "a", "--out", str(network))
    texts = re.findall(r">([^<>]+)</text>", network.read_text(encoding="utf-8"))
    assert "costs $5 and $x^2$" in texts and "$\\frac{1}{$" in texts
    assert cut(long) in texts and len(cut(long)) == MAX_NAME and cut(long).endswith("…")
    run.ok("chart", "a", "l", "--out", str(tmp_path / "pair.png"))
    run.ok("chart", "a", "m", "--out", str(tmp_path / "pair.svg"))
    run.ok("report", "a", "--out", str(tmp_path / "a.html"))
    run.ok("report", "a", "d", "--out", str(tmp_path / "ad.html"))
