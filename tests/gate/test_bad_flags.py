"""Flags, settings and outputs the command line refuses: usage errors exit 2, the rest 1,
in one line, with the store as it was."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    ROOT,
    Runner,
    refused,
    snapshot,
)


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


def test_known_at_out_of_range_is_a_usage_error(base: tuple[Runner, Any]) -> None:
    run, _ = base
    refused(run("state", "russia", "nato", "--known-at", "0001-01-01T00:00:00+05:00"),
            "out of range", code=2)


def test_known_at_means_the_end_of_a_day_however_the_day_is_written(seeded: Runner) -> None:
    dashed = seeded.ok("log", "--known-at", "2099-11-25", "--json").stdout
    for other in ("20991125", "2099-W48-3"):
        assert seeded.ok("log", "--known-at", other, "--json").stdout == dashed


def test_odd_settings_are_one_line_refusals(seeded: Runner) -> None:
    refused(Runner("postgresql://u@h:99999/x")("log"), "invalid port")
    refused(Runner("postgresql://u@h:notaport/x")("log"), "invalid port")
    refused(seeded("import", "events/", TIMELINE_IMPORT_BATCH="²"), "TIMELINE_IMPORT_BATCH")


def test_a_group_without_its_subcommand_prints_its_help(base: tuple[Runner, Any]) -> None:
    run, _ = base
    result = run("actor")
    assert result.exit_code == 0
    assert "add" in result.stdout and "list" in result.stdout


def test_export_to_a_missing_folder_is_refused(base: tuple[Runner, Any], tmp_path: Path) -> None:
    run, _ = base
    refused(run("export", "--out", str(tmp_path / "nodir" / "x.jsonl")), "nodir",
            "No such file")


def test_export_will_not_write_over_the_store(seeded: Runner, tmp_path: Path) -> None:
    if not seeded.db.endswith(".db"):
        pytest.skip("a SQLite store's own file")
    before = snapshot(seeded.db)
    refused(seeded("export", "--out", seeded.db), "will not write over", "database")
    assert snapshot(seeded.db) == before
    seeded.ok("state", "russia", "nato")


@pytest.mark.parametrize("tail", ["/", "//", "/."])
def test_export_will_not_write_over_the_store_named_with_a_trailing_slash(
        seeded: Runner, tail: str) -> None:
    # The file opened to write is the one pathlib names: x.db/ is x.db.
    if not seeded.db.endswith(".db"):
        pytest.skip("a SQLite store's own file")
    before = snapshot(seeded.db)
    refused(seeded("export", "--out", seeded.db + tail), "will not write over", "database")
    assert snapshot(seeded.db) == before
    seeded.ok("state", "russia", "nato")


@pytest.mark.parametrize("tail", ["/", "/."])
def test_export_will_not_write_over_another_database_named_with_a_trailing_slash(
        seeded: Runner, tmp_path: Path, tail: str) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE precious (x)")
    conn.close()
    before = other.read_bytes()
    refused(seeded("export", "--out", str(other) + tail), "will not write over", "database")
    assert other.read_bytes() == before


def test_export_will_not_write_over_a_database_another_process_holds(
        seeded: Runner, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE precious (x)")
        conn.execute("INSERT INTO precious VALUES (1)")
    before = other.read_bytes()
    holder = sqlite3.connect(other, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # locked: SQLite cannot even read it now
    try:
        refused(seeded("export", "--out", str(other)), "will not write over", "database")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert other.read_bytes() == before


def test_a_write_error_on_standard_output_is_one_line(seeded: Runner) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "timeline", "--db", seeded.db, "state",
                               "russia", "nato"], cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: cannot write the output: No space left on device"
