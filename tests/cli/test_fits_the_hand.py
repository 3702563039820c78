"""Issue 22's cases as a new user meets them in a terminal: each command a real process
(the same cases run through CliRunner in test_names, test_date_help, test_event_columns,
test_what_changed, tests/groups and tests/seed)."""

from __future__ import annotations

import re
import subprocess
import sys

from helpers import ROOT, Runner


def timeline(db: str, *args: str) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "timeline", *args, "--db", db],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    return done.returncode, done.stdout, done.stderr


def test_a_new_users_session_in_real_processes(seeded: Runner) -> None:
    db = seeded.db
    code, out, _ = timeline(db, "state", "usa", "russia", "--as-of", "2015-01-01")
    assert code == 0
    assert re.search(r"^proposal us-joins-normandy-format +russia -> united-states +"
                     r"none yet, proposed or rejected +- +possibly rejected by germany "
                     r"\(2014-06-06/2017-01-20\), possibly rejected by france", out, re.M), out
    code, out, _ = timeline(db, "members", "Trilateral Contact Group", "--as-of", "2014-09-04")
    assert code == 0 and out.startswith(
        "trilateral-contact-group: 0 member(s), 3 possible member(s), as of 2014-09-04\n")
    code, out, _ = timeline(db, "add", "--help")
    assert code == 0 and all(form in " ".join(out.split())
                             for form in ("2021-11-01?", "2014-06-06/2017-01-20", "../2021-10-27",
                                          "D/..", "~ (approximate)"))
    code, out, _ = timeline(db, "log", "nato", "russia", "--from", "2021-10-18", "--to",
                            "2021-11-01")
    lines = [line for line in out.splitlines() if not line.startswith(" ")]
    assert code == 0 and len(lines) >= 5
    types_at = {re.search(r"\S+ +(\S)", line).start(1) for line in lines}  # type: ignore[union-attr]
    assert len(types_at) == 1, out  # every event's type starts in one column
    code, out, _ = timeline(db, "correct", "russia-recalls-mission-to-nato", "--on",
                            "2021-11-01", "--reason", "confirmed")
    assert (code, out) == (0, "russia-recalls-mission-to-nato\n  on: 2021-11-01? -> 2021-11-01\n")
    code, out, _ = timeline(db, "retract", "nato-statement-on-russian-measures-2021",
                            "--reason", "only secondary reports")
    assert code == 0 and out.startswith(
        "retracted nato-statement-on-russian-measures-2021 (was: 2021-10-18 statement ")
    code, out, err = timeline(db, "check")
    assert (code, out, err) == (0, "No inconsistencies found.\n", "")
    code, out, err = timeline(db, "check", "--max-gap", "10")  # notes, no problem
    assert (code, err) == (0, "") and out.startswith("No problems found.\n\nNotes (")
