"""A record the model cannot take is refused in one line that names the value (exit 1),
and the store is exactly as it was, and still works: bad dates, types, fields, counts,
ids, names and sources, and text no store can hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    Runner,
    refused,
    snapshot,
    still_works,
    two_actors,
    write_file,
)

ADD = ("add", "statement", "--actor", "nato", "--target", "russia")


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        ((*ADD, "--on", "2021-13-01"), ["'2021-13-01'"]),
        ((*ADD, "--on", "2021-02-30"), ["'2021-02-30'", "day is out of range"]),
        ((*ADD, "--on", "21 Oct 2021"), ["'21 Oct 2021'"]),
        ((*ADD, "--on", "2021-11-01", "--announced", "2021-11-02"), ["'2021-11-02'", "after"]),
        (("add", "expulsoin", "--actor", "nato", "--target", "russia", "--on", "2021"),
         ["'expulsoin'", "did you mean 'expulsion'"]),
        (("add", "expulsion", "--actor", "nato", "--target", "russia", "--on", "2021"),
         ["missing field 'count'"]),
        ((*ADD, "--on", "2021", "--set", "colour=red"), ["unknown field 'colour'"]),
        (("add", "statement", "--actor", "rusia", "--target", "nato", "--on", "2021"),
         ["'rusia'", "did you mean 'russia'"]),
        (("add", "statement", "--actor", "nato", "--target", "nato", "--on", "2021"),
         ["'nato'"]),
        (("add", "expulsion", "--actor", "nato", "--target", "russia", "--on", "2021",
          "--set", "count=many"), ["'many'", "integer"]),
        (("add", "expulsion", "--actor", "nato", "--target", "russia", "--on", "2021",
          "--set", "count=-3"), ["'-3'", "from 1 to"]),
        (("add", "expulsion", "--actor", "nato", "--target", "russia", "--on", "2021",
          "--set", "count=0"), ["'0'", "from 1 to"]),
        (("add", "staff_cap", "--actor", "nato", "--target", "russia", "--on", "2021",
          "--set", "post=russia-mission-to-nato", "--set", "cap=-1"), ["'-1'", "from 0 to"]),
        (("add", "post_opened", "--actor", "nato", "--target", "russia", "--on", "2021",
          "--set", "post=x", "--set", "kind=palace"), ["'palace'"]),
        ((*ADD, "--on", "2021", "--id", "bad id!"), ["'bad id!'"]),
        ((*ADD, "--on", "2021-10-18", "--id", "founding-act-signed"),
         ["'founding-act-signed'", "different content"]),
    ],
)
def test_refused_event_changes_nothing(
    base: tuple[Runner, Any], args: tuple[str, ...], needles: list[str]
) -> None:
    run, before = base
    refused(run(*args), *needles)
    assert snapshot(run.db) == before


def test_actor_id_reused_with_another_name_is_refused(base: tuple[Runner, Any]) -> None:
    run, before = base
    refused(run("actor", "add", "russia", "--name", "Russian Federation"),
            "'russia'", "'Russian Federation'")
    assert snapshot(run.db) == before


def test_ids_with_a_trailing_newline_are_refused(base: tuple[Runner, Any]) -> None:
    run, before = base
    refused(run("actor", "add", "a\n", "--name", "A"), "'a\\n'")
    refused(run(*ADD, "--on", "2021", "--id", "x\n"), "'x\\n'")
    assert snapshot(run.db) == before


@pytest.mark.parametrize(("field", "value", "needle"), [
    ("--note", "a\x00b", "unwritable character '\\x00'"),
    ("--note", "a\udc80b", "unwritable character"),
    ("--source", "x\x00", "unwritable character"),
    ("--note", "n" * 5001, "longer than 5000"),
])
def test_text_the_store_cannot_hold_is_refused(seeded: Runner, field: str, value: str,
                                               needle: str) -> None:
    before = snapshot(seeded.db)
    refused(seeded("add", "statement", "--actor", "russia", "--on", "2021-12-01",
                   field, value), needle)
    assert snapshot(seeded.db) == before
    still_works(seeded)


def test_a_source_url_must_be_a_web_address(run: Runner, tmp_path: Path) -> None:
    two_actors(run)
    before = snapshot(run.db)
    data = {"events": [{"id": "s", "type": "statement", "actor": "x", "target": "y",
                        "on": "2020", "sources": [{"url": "javascript:alert(1)",
                                                   "title": "Wire"}]}]}
    path = tmp_path / "js.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    refused(run("import", str(path)), "javascript:alert(1)", "http")
    assert snapshot(run.db) == before


def test_a_source_field_that_is_not_text_is_refused(
    base: tuple[Runner, Any], tmp_path: Path
) -> None:
    run, before = base
    path = str(write_file(tmp_path, "src.yaml", "events:\n  - id: s\n    type: statement\n"
                          "    actor: nato\n    target: russia\n    on: '2021'\n"
                          "    sources: [{url: [1, 2]}]\n"))
    refused(run("import", path), "src.yaml:2", "[1, 2]")
    assert snapshot(run.db) == before
