"""``--db`` after the command as well as before it (issue 22): ``timeline state russia nato
--db seed.db`` had been refused ("No such option '--db'"), though every command takes it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from helpers import ROOT

from timeline.cli import cli


def test_the_store_may_follow_the_command(tmp_path: Path) -> None:
    db, other = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    runner = CliRunner()
    for args in (["actor", "add", "x", "--name", "X", "--db", db],
                 ["actor", "add", "y", "--db", db, "--name", "Y"],
                 ["add", "relations_established", "--actor", "x", "--target", "y", "--on",
                  "2020", "--db", db]):
        assert runner.invoke(cli, args).exit_code == 0
    done = runner.invoke(cli, ["state", "x", "y", "--db", db])
    assert done.exit_code == 0 and "established" in done.output
    # After the command, it wins over the one before it and over TIMELINE_DB.
    done = runner.invoke(cli, ["--db", other, "state", "x", "y", "--db", db],
                         env={"TIMELINE_DB": other})
    assert done.exit_code == 0 and "established" in done.output
    assert not Path(other).exists()  # the store before it was never opened, nor made
    done = runner.invoke(cli, ["state", "x", "y"], env={"TIMELINE_DB": db})
    assert done.exit_code == 0 and "established" in done.output
    process = subprocess.run([sys.executable, "-m", "timeline", "log", "x", "y", "--db", db],
                             capture_output=True, text=True, cwd=ROOT, check=False)
    assert process.returncode == 0 and "relations_established" in process.stdout


def test_one_rule_for_a_period_that_starts_after_it_ends(tmp_path: Path) -> None:
    """``log`` had printed "(no events)" with exit 0, ``chart`` refused with exit 2, while
    ``diff`` and ``changes`` refused with exit 1: now all alike (issue 22)."""
    db = str(tmp_path / "p.db")
    runner = CliRunner()
    for args in (["actor", "add", "x", "--name", "X"], ["actor", "add", "y", "--name", "Y"]):
        assert runner.invoke(cli, ["--db", db, *args]).exit_code == 0
    said = "Error: the period starts on 2021-11-01, after it ends on 2021-10-31\n"
    for command in (["log", "x", "y"], ["diff", "x", "y"], ["changes"],
                    ["chart", "x", "y", "--out", str(tmp_path / "c.png")]):
        done = runner.invoke(cli, ["--db", db, *command, "--from", "2021-11", "--to",
                                   "2021-10"])
        assert (done.exit_code, done.output) == (1, said), command
    assert not (tmp_path / "c.png").exists()
