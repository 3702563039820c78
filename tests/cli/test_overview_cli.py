"""`timeline state ACTOR` and `timeline changes`: through CliRunner and as real processes."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import ROOT, Runner, refused


def test_state_of_one_actor_lists_each_relationship(seeded: Runner) -> None:
    data = json.loads(seeded.ok("state", "russia", "--as-of", "2021-11-02", "--json").stdout)
    pair = json.loads(seeded.ok("state", "russia", "nato", "--as-of", "2021-11-02",
                                "--json").stdout)
    assert data["actor"] == "russia" and data["as_of"] == "2021-11-02"
    assert data["relationships"] == [{"actors": ["nato", "russia"], "facts": pair["facts"]}]
    assert data["pending"] == []
    text = seeded.ok("state", "russia", "--as-of", "2021-10-20").stdout
    assert text.startswith("russia: every relationship, as of 2021-10-20\nRELATIONSHIP")
    assert "Pending (announced, not yet in effect):" in text


def test_changes_in_a_period_are_the_diffs_of_every_relationship(seeded: Runner) -> None:
    period = ("--from", "2021-10-01", "--to", "2021-11-02")
    changes = json.loads(seeded.ok("changes", *period, "--json").stdout)
    diff = json.loads(seeded.ok("diff", "russia", "nato", *period, "--json").stdout)
    assert changes["from"] == "2021-10-01" and changes["to"] == "2021-11-02"
    assert [{k: c[k] for k in ("subject", "attribute", "before", "after", "events")}
            for c in changes["changes"]] == diff["changes"]
    assert {tuple(c["actors"]) for c in changes["changes"]} == {("nato", "russia")}
    for_russia = json.loads(seeded.ok("changes", *period, "--actor", "russia", "--json").stdout)
    assert for_russia["changes"] == changes["changes"]
    expulsions = json.loads(seeded.ok("changes", *period, "--type", "expulsion",
                                      "--json").stdout)["changes"]
    assert {c["attribute"] for c in expulsions} == {"expelled:russia", "expelled"}
    assert "(no changes)" in seeded.ok("changes", "--from", "1900", "--to", "1900").stdout


def test_refusals(seeded: Runner) -> None:
    refused(seeded("state", "russa"), "unknown actor 'russa' (did you mean 'russia'?)")
    refused(seeded("state", "russia", "nato", "belgium"), "give one actor or two", code=2)
    refused(seeded("changes", "--from", "2021-11", "--to", "2021-10"),
            "the period starts on 2021-11-01, after it ends on 2021-10-31")
    refused(seeded("changes", "--from", "2021", "--to", "2021", "--type", "expel"),
            "unknown event type 'expel'", code=2)
    refused(seeded("changes", "--from", "2021", "--to", "2021", "--actor", "ghost"),
            "unknown actor 'ghost'")


def test_as_real_processes(seeded: Runner) -> None:
    for args in (("state", "russia", "--as-of", "2021-11-02"),
                 ("changes", "--from", "2021-10", "--to", "2021-11")):
        done = subprocess.run([sys.executable, "-m", "timeline", "--db", seeded.db, *args],
                              capture_output=True, text=True, cwd=ROOT, check=False)
        assert done.returncode == 0 and done.stderr == "", done.stderr
        assert "nato - russia" in done.stdout
