"""What is already recorded is not recorded again: the same files imported again, or the
same event added twice, store nothing new."""

from __future__ import annotations

from typing import Any

from helpers import (
    Runner,
    snapshot,
)

ADD = ("add", "statement", "--actor", "nato", "--target", "russia")


def test_reimporting_the_same_files_stores_nothing(base: tuple[Runner, Any]) -> None:
    run, before = base
    result = run.ok("import", "events/")
    assert "Imported 0 actor(s) and 0 event(s)" in result.stdout
    assert snapshot(run.db) == before


def test_adding_the_same_event_twice_stores_it_once(base: tuple[Runner, Any]) -> None:
    run, before = base
    args = (*ADD, "--on", "2021-10-19", "--source", "https://example.org/a")
    first = run.ok(*args).stdout.strip()
    after_first = snapshot(run.db)
    second = run.ok(*args)
    assert second.stdout.strip() == first
    assert "already recorded" in second.stderr
    assert snapshot(run.db) == after_first != before
