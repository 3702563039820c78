"""``timeline check``: the inconsistencies it finds, and a clean seed."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import SEED_FINDINGS, Runner, findings


def test_check_is_clean_on_the_seed(seeded: Runner) -> None:
    result = seeded("check", "russia", "nato")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "No inconsistencies found."
    # The whole seed: only what its own dates leave open (see helpers.SEED_FINDINGS).
    assert findings(seeded) == set()
    assert {(f["kind"], tuple(f["events"])) for f in json.loads(
        seeded("check", "--json").stdout)} == SEED_FINDINGS


def test_check_lists_each_kind_of_inconsistency(run: Runner, tmp_path: Path) -> None:
    data = tmp_path / "messy.yaml"
    data.write_text("""
actors: [{id: x, name: X}, {id: y, name: Y}]
events:
  - {id: cap, type: staff_cap, actor: x, target: y, on: "2000-01-01",
     fields: {post: p, cap: 5}}
  - {id: open, type: post_opened, actor: y, target: x, on: "2000-02-01",
     fields: {post: p, kind: mission, staff_cap: 5}}
  - {id: big, type: expulsion, actor: x, target: y, on: "2001-01-01",
     fields: {count: 9, post: p}}
  - {id: shut, type: office_closure, actor: x, target: y, on: "2002-01-01", fields: {post: p}}
  - {id: shut-again, type: office_closure, actor: x, target: y, on: "2003-01-01",
     fields: {post: p}}
  - {id: late, type: expulsion, actor: x, target: y, on: "2004-01-01", fields: {count: 1, post: p}}
  - {id: early-word, type: statement, actor: x, target: y, on: "2010-01-01",
     announced: "2005-01-01"}
  - {id: twin-1, type: expulsion, actor: y, target: x, on: "2011-05-05", fields: {count: 1}}
  - {id: twin-2, type: expulsion, actor: y, target: x, on: "2011-05-05", fields: {count: 2}}
""")
    run.ok("import", str(data))
    result = run("check", "x", "y", "--json")
    assert result.exit_code == 1
    found = {(f["kind"], tuple(f["events"])) for f in json.loads(result.stdout)}
    # Every event that changes a fact cites no source here: each is noted (not the statement).
    assert {events for kind, events in found if kind == "unsourced"} == {
        (e,) for e in ("cap", "open", "big", "shut", "shut-again", "late", "twin-1", "twin-2")}
    assert {f for f in found if f[0] != "unsourced"} == {
        ("before_opened", ("cap",)),
        ("cap_below_expelled", ("big",)),
        ("closed_twice", ("shut", "shut-again")),
        ("expulsion_from_closed_post", ("late",)),
        ("announced_far_from_on", ("early-word",)),
        ("likely_duplicate", ("twin-1", "twin-2")),
    }
    text = run("check")
    assert text.exit_code == 1 and "closed_twice" in text.stdout
    assert run("check", "--max-gap", "2000", "--json").stdout.count("announced_far") == 0
    # Nothing was refused: the record still holds every event.
    assert len(json.loads(run.ok("log", "--json").stdout)) == 9
