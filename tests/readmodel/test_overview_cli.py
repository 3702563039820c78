"""`timeline state ACTOR` and `timeline changes`: through CliRunner and as real processes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from helpers import ROOT, Runner, refused


def _counterparts(actor: str) -> set[tuple[str, str]]:
    """Every pair the seed's events (in events/) give ``actor`` a relationship in."""
    pairs = set()
    for path in (ROOT / "events").glob("*.yaml"):
        # BaseLoader: every scalar as written (YAML 1.1 would read the key `on` as True).
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for event in data.get("events", []):
            if event.get("target") and actor in (event["actor"], event["target"]):
                pairs.add(tuple(sorted((event["actor"], event["target"]))))
    return pairs


def test_state_of_one_actor_lists_each_relationship(seeded: Runner) -> None:
    data = json.loads(seeded.ok("state", "russia", "--as-of", "2021-11-02", "--json").stdout)
    pair = json.loads(seeded.ok("state", "russia", "nato", "--as-of", "2021-11-02",
                                "--json").stdout)
    assert data["actor"] == "russia" and data["as_of"] == "2021-11-02"
    # Each counterpart the seed gives Russia, with the facts `state russia X` gives; by
    # then every one of them has facts (the ties seen by 27 October are known).
    assert {tuple(r["actors"]) for r in data["relationships"]} == _counterparts("russia")
    assert next(r for r in data["relationships"] if r["actors"] == ["nato", "russia"]) == {
        "actors": ["nato", "russia"], "facts": pair["facts"]}
    for relationship in data["relationships"]:
        other = next(a for a in relationship["actors"] if a != "russia")
        assert relationship["facts"] == json.loads(seeded.ok(
            "state", "russia", other, "--as-of", "2021-11-02", "--json").stdout)["facts"]
    # Its own fact (the offer it made, vetoed) and the groups it belongs to.
    assert [(f["subject"], f["value"], f["certainty"]) for f in data["facts"]] == [
        ("proposal:us-joins-normandy-format", "rejected", "certain")]
    assert [g["group"] for g in data["groups"]] == ["normandy-format", "trilateral-contact-group"]
    assert data["pending"] == []
    text = seeded.ok("state", "russia", "--as-of", "2021-10-20", "--facts").stdout
    assert text.startswith("russia: every relationship, as of 2021-10-20\nRELATIONSHIP")
    assert "Pending (announced, not yet in effect):" in text
    ties = seeded.ok("state", "russia", "--as-of", "2021-10-20").stdout
    assert ties.startswith("russia: every tie, as of 2021-10-20\nWITH ")
    assert ties.split("\n\n")[1:] == text.split("\n\n")[2:]  # the same pending events


def test_changes_in_a_period_are_the_diffs_of_every_relationship(seeded: Runner) -> None:
    period = ("--from", "2021-10-01", "--to", "2021-11-02")
    changes = json.loads(seeded.ok("changes", *period, "--json").stdout)
    diff = json.loads(seeded.ok("diff", "russia", "nato", *period, "--json").stdout)
    assert changes["from"] == "2021-10-01" and changes["to"] == "2021-11-02"
    assert [{k: c[k] for k in ("subject", "attribute", "before", "after", "events",
                               "certainty")}
            for c in changes["changes"]] == diff["changes"]
    # No other relationship changed: the ties seen by 27 October are no change.
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


@pytest.mark.slow  # real processes: each starts Python and the library
def test_as_real_processes(seeded: Runner) -> None:
    for args in (("state", "russia", "--as-of", "2021-11-02", "--facts"),
                 ("changes", "--from", "2021-10", "--to", "2021-11")):
        done = subprocess.run([sys.executable, "-m", "timeline", "--db", seeded.db, *args],
                              capture_output=True, text=True, cwd=ROOT, check=False)
        assert done.returncode == 0 and done.stderr == "", done.stderr
        assert "nato - russia" in done.stdout
