"""Bad input is refused in one line that names the value, with exit 1 (2 for bad flags),
and leaves the store exactly as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import Runner, refused, snapshot


@pytest.fixture
def base(seeded: Runner) -> Iterator[tuple[Runner, tuple[int, dict[str, Any]]]]:
    yield seeded, snapshot(seeded.db)


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


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("state", "russia", "nato", "--as-of", "2021-99-01"), ["'2021-99-01'"]),
        (("diff", "russia", "nato", "--from", "2021-10-01"), ["--to"]),
        (("log", "--type", "expulsoin"), ["'expulsoin'"]),
        (("log", "russia"), ["two actors"]),
        (("state", "russia", "nato", "--colour"), ["--colour"]),
        (("add", "statement", "--actor", "nato", "--on", "2021", "--set", "oops"), ["'oops'"]),
        (("state", "russia", "nato", "--known-at", "yesterday-ish"), ["'yesterday-ish'"]),
    ],
)
def test_bad_flags_exit_2(base: tuple[Runner, Any], args: tuple[str, ...],
                          needles: list[str]) -> None:
    run, before = base
    refused(run(*args), *needles, code=2)
    assert snapshot(run.db) == before


def test_unknown_actor_in_a_query_is_named(base: tuple[Runner, Any]) -> None:
    run, _ = base
    refused(run("state", "russia", "natto"), "'natto'", "did you mean 'nato'")


def test_diff_with_from_after_to_is_refused(base: tuple[Runner, Any]) -> None:
    run, _ = base
    refused(run("diff", "russia", "nato", "--from", "2021-11-02", "--to", "2021-10-01"),
            "2021-11-02")


def test_actor_id_reused_with_another_name_is_refused(base: tuple[Runner, Any]) -> None:
    run, before = base
    refused(run("actor", "add", "russia", "--name", "Russian Federation"),
            "'russia'", "'Russian Federation'")
    assert snapshot(run.db) == before


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


GOOD_EVENT = """  - id: ok-{n}
    type: statement
    actor: nato
    target: russia
    on: "2021-1{n}"
"""


@pytest.mark.parametrize(
    ("name", "text", "needles"),
    [
        ("bad.yaml", "events:\n  - id: x\n    type: [unclosed\n",
         ["bad.yaml:4", "malformed YAML", "line 3"]),
        ("bad.json", '{"events": [\n  {"id": "x",}\n]}', ["bad.json:2", "malformed JSON"]),
        ("bad.jsonl", '{"id": "a", "type": "statement", "actor": "nato", "on": "2021"}\n{oops\n',
         ["bad.jsonl:2", "malformed JSON"]),
        ("list.yaml", "- 1\n- 2\n", ["list.yaml", "expected a mapping"]),
        ("extra.yaml", "event: []\n", ["extra.yaml", "'event'"]),
        # A good record first: the bad one at line 13 must stop the whole file.
        ("mixed.yaml", "events:\n" + GOOD_EVENT.format(n=0) + GOOD_EVENT.format(n=1)
         + "  - id: bad\n    type: expulsion\n    actor: nato\n    target: russia\n"
         "    on: \"2021-10-06\"\n    fields: {count: -2}\n", ["mixed.yaml:12", "got -2"]),
        ("typo.yaml", "events:\n  - id: t\n    type: statement\n    actor: nato\n"
         "    target: russia\n    on: '2021'\n    anounced: '2020'\n",
         ["typo.yaml:2", "'anounced'", "did you mean 'announced'"]),
        ("notes.txt", "hello", ["notes.txt", "unsupported file type"]),
        ("dupe.yaml", "events:\n" + GOOD_EVENT.format(n=0)
         + "  - id: ok-0\n    type: statement\n    actor: russia\n    target: nato\n"
         "    on: '2021'\n", ["dupe.yaml:7", "'ok-0'", "dupe.yaml:2"]),
    ],
)
def test_malformed_files_store_nothing(
    base: tuple[Runner, Any], tmp_path: Path, name: str, text: str, needles: list[str]
) -> None:
    run, before = base
    refused(run("import", write(tmp_path, name, text)), *needles)
    assert snapshot(run.db) == before


def test_import_of_a_missing_path_is_refused(base: tuple[Runner, Any], tmp_path: Path) -> None:
    run, before = base
    refused(run("import", str(tmp_path / "nowhere.yaml")), "nowhere.yaml")
    assert snapshot(run.db) == before


def test_import_is_all_or_nothing_across_files(base: tuple[Runner, Any], tmp_path: Path) -> None:
    run, before = base
    good = write(tmp_path, "a.yaml", "events:\n" + GOOD_EVENT.format(n=0))
    bad = write(tmp_path, "b.yaml", "events:\n  - id: b\n    type: statement\n"
                "    actor: nobody\n    target: nato\n    on: '2021'\n")
    refused(run("import", good, bad), "b.yaml:2", "'nobody'")
    assert snapshot(run.db) == before


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


# -- stores that cannot be opened -------------------------------------------------------


def test_missing_folder(tmp_path: Path) -> None:
    run = Runner(str(tmp_path / "no" / "such" / "t.db"))
    refused(run("actor", "list"), "does not exist", "no/such")
    assert not (tmp_path / "no").exists()


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 10)
    refused(Runner(str(path))("actor", "list"), "not a SQLite database", "notes.db")
    assert path.read_text().startswith("these are my notes")


def test_locked_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "t.db")
    Runner(db).ok("actor", "add", "nato", "--name", "NATO")
    monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", "1")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = Runner(db)("actor", "add", "russia", "--name", "Russia")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    refused(result, "locked")
    assert [a["id"] for a in __import__("json").loads(
        Runner(db).ok("actor", "list", "--json").stdout)] == ["nato"]


def test_unsupported_url_scheme() -> None:
    refused(Runner("mysql://localhost/x")("actor", "list"), "'mysql'")


def test_ids_with_a_trailing_newline_are_refused(base: tuple[Runner, Any]) -> None:
    run, before = base
    refused(run("actor", "add", "a\n", "--name", "A"), "'a\\n'")
    refused(run(*ADD, "--on", "2021", "--id", "x\n"), "'x\\n'")
    assert snapshot(run.db) == before


def test_export_to_a_missing_folder_is_refused(base: tuple[Runner, Any], tmp_path: Path) -> None:
    run, _ = base
    refused(run("export", "--out", str(tmp_path / "nodir" / "x.jsonl")), "nodir",
            "No such file")


def test_known_at_out_of_range_is_a_usage_error(base: tuple[Runner, Any]) -> None:
    run, _ = base
    refused(run("state", "russia", "nato", "--known-at", "0001-01-01T00:00:00+05:00"),
            "out of range", code=2)


def test_a_source_field_that_is_not_text_is_refused(
    base: tuple[Runner, Any], tmp_path: Path
) -> None:
    run, before = base
    path = write(tmp_path, "src.yaml", "events:\n  - id: s\n    type: statement\n"
                 "    actor: nato\n    target: russia\n    on: '2021'\n"
                 "    sources: [{url: [1, 2]}]\n")
    refused(run("import", path), "src.yaml:2", "[1, 2]")
    assert snapshot(run.db) == before


def test_a_group_without_its_subcommand_prints_its_help(base: tuple[Runner, Any]) -> None:
    run, _ = base
    result = run("actor")
    assert result.exit_code == 0
    assert "add" in result.stdout and "list" in result.stdout
