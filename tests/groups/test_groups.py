"""More than two parties: groups and their members, a group's own facts, proposals made
through a go-between and vetoed by others, what an event is about, and ties seen to hold
by a day whose start is not known; through CliRunner and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT, Runner, refused

STORY: dict[str, Any] = {
    "actors": [
        {"id": "france", "name": "France", "kind": "state"},
        {"id": "germany", "name": "Germany", "kind": "state"},
        {"id": "russia", "name": "Russia", "kind": "state"},
        {"id": "ukraine", "name": "Ukraine", "kind": "state"},
        {"id": "united-states", "name": "United States", "kind": "state"},
        {"id": "belgium", "name": "Belgium", "kind": "state"},
        {"id": "john-kerry", "name": "John Kerry", "kind": "official"},
        {"id": "normandy", "name": "Normandy Format", "kind": "group"},
    ],
    "events": [
        *({"id": f"{m}-joins", "type": "member_joined", "actor": m, "target": "normandy",
           "on": "2014-06-06"} for m in ("france", "germany", "russia", "ukraine")),
        {"id": "normandy-channel", "type": "channel_opened", "actor": "normandy",
         "on": "2014-06-06", "fields": {"channel": "normandy-summits"}},
        {"id": "normandy-met", "type": "meeting", "actor": "normandy", "on": "2015-02-12",
         "fields": {"channel": "normandy-summits", "location": "Minsk"},
         "about": ["ukraine"]},
        {"id": "offer", "type": "proposal", "actor": "russia", "target": "united-states",
         "on": "2016", "via": "john-kerry", "about": ["normandy", "ukraine"],
         "fields": {"proposal": "us-joins-normandy"}},
        {"id": "berlin-veto", "type": "proposal_rejected", "actor": "germany",
         "target": "russia", "on": "2016-06", "fields": {"proposal": "us-joins-normandy"}},
        {"id": "ukraine-leaves", "type": "member_left", "actor": "ukraine",
         "target": "normandy", "on": "2022-02-24"},
        {"id": "embassy", "type": "post_opened", "actor": "russia", "target": "belgium",
         "on": "../2021-10-27",
         "fields": {"post": "russia-embassy-brussels", "kind": "embassy",
                    "location": "Brussels"}},
    ],
}


@pytest.fixture
def story(run: Runner, tmp_path: Path) -> Runner:
    path = tmp_path / "story.yaml"
    path.write_text(yaml.safe_dump(STORY, sort_keys=False), encoding="utf-8")
    run.ok("import", str(path))
    return run


def _json(run: Runner, *args: str) -> Any:
    return json.loads(run.ok(*args, "--json").stdout)


def test_members_of_a_group_over_time(story: Runner) -> None:
    before = _json(story, "members", "normandy", "--as-of", "2014-06-05")
    assert before == {"group": "normandy", "as_of": "2014-06-05", "members": []}
    found = _json(story, "members", "normandy", "--as-of", "2021-11-02")["members"]
    assert found == [{"actor": m, "since": "2014-06-06", "event": f"{m}-joins",
                      "certainty": "certain"} for m in ("france", "germany", "russia", "ukraine")]
    after = _json(story, "members", "normandy", "--as-of", "2022-03-01")["members"]
    assert [m["actor"] for m in after] == ["france", "germany", "russia"]
    text = story.ok("members", "normandy", "--as-of", "2022-03-01").stdout
    assert text.splitlines()[:2] == ["normandy: 3 member(s) as of 2022-03-01",
                                     "MEMBER   SINCE       EVENT"]


def test_a_groups_own_facts_are_recorded_once(story: Runner) -> None:
    data = _json(story, "state", "normandy", "--as-of", "2015-03-01")
    assert data["facts"] == [
        {"subject": "channel:normandy-summits", "attribute": "last_contact",
         "value": "2015-02-12", "since": "2015-02-12", "event": "normandy-met",
         "certainty": "certain"},
        {"subject": "channel:normandy-summits", "attribute": "status", "value": "open",
         "since": "2014-06-06", "event": "normandy-channel", "certainty": "certain"},
    ]
    assert [r["actors"] for r in data["relationships"]] == [
        ["france", "normandy"], ["germany", "normandy"], ["normandy", "russia"],
        ["normandy", "ukraine"]]
    # No copy per pair: the members' relationships hold only their membership.
    russia = _json(story, "state", "russia", "--as-of", "2015-03-01")
    assert russia["groups"] == [{"group": "normandy", "since": "2014-06-06",
                                 "event": "russia-joins", "certainty": "certain"}]
    with_group = next(r for r in russia["relationships"] if "normandy" in r["actors"])
    assert [f["subject"] for f in with_group["facts"]] == ["membership:normandy"]
    assert "Member of: normandy (since 2014-06-06)" in story.ok(
        "state", "russia", "--as-of", "2015-03-01", "--facts").stdout
    tie = next(line for line in story.ok("state", "russia", "--as-of", "2015-03-01"
                                         ).stdout.splitlines() if "membership" in line)
    assert tie.split() == ["normandy", "membership", "normandy", "russia", "->", "normandy",
                           "member", "2014-06-06"]


def test_a_proposal_through_a_go_between_vetoed_by_another(story: Runner) -> None:
    def status(day: str) -> Any:
        own = _json(story, "state", "russia", "--as-of", day, "--kind", "proposal")
        return [(f["value"], f["event"]) for f in own["facts"]]

    assert status("2015-12-31") == []
    assert status("2016-03-01") == [("proposed", "offer")]
    assert status("2017-01-21") == [("rejected", "berlin-veto")]
    offer = _json(story, "log", "--about", "normandy")
    assert [e["id"] for e in offer] == ["offer"]
    assert offer[0]["via"] == "john-kerry" and offer[0]["about"] == ["normandy", "ukraine"]
    text = story.ok("log", "--about", "normandy").stdout
    assert "via john-kerry" in text and "about normandy, ukraine" in text
    changes = _json(story, "changes", "--from", "2016", "--to", "2016")["changes"]
    assert {(tuple(c["actors"]), c["subject"], c["after"]) for c in changes} == {
        (("russia",), "proposal:us-joins-normandy", "rejected")}
    assert "russia (own)" in story.ok("changes", "--from", "2016", "--to", "2016").stdout


def test_finding_events_by_actor_topic_and_place(story: Runner) -> None:
    def ids(*args: str) -> list[str]:
        return [e["id"] for e in _json(story, "log", *args)]

    assert ids("--actor", "normandy") == [
        "france-joins", "germany-joins", "russia-joins", "ukraine-joins",
        "normandy-channel", "normandy-met", "ukraine-leaves"]
    assert ids("--actor", "germany") == ["germany-joins", "berlin-veto"]
    assert ids("--about", "ukraine") == ["normandy-met", "offer"]
    # A go-between's log holds what went through it; it is about no event it carried.
    assert ids("--actor", "john-kerry") == ["offer"] and ids("--about", "john-kerry") == []
    assert ids("--location", "minsk") == ["normandy-met"]
    assert ids("--location", "brus", "--actor", "russia") == ["embassy"]
    assert ids("--actor", "russia", "--type", "proposal") == ["offer"]
    refused(story("log", "--actor", "normandie"), "unknown actor 'normandie'")
    refused(story("log", "--about", "no such"), "invalid 'about' id 'no such'")
    refused(story("log", "--location", " "), "--location needs some text")


def test_state_kind_keeps_only_facts_of_that_kind(story: Runner) -> None:
    ties = _json(story, "state", "russia", "--as-of", "2021-11-02", "--kind", "post")
    assert ties["facts"] == [] and ties["groups"] != []
    assert [(r["actors"], {f["subject"] for f in r["facts"]})
            for r in ties["relationships"]] == [
        (["belgium", "russia"], {"post:russia-embassy-brussels"})]
    pair = _json(story, "state", "russia", "belgium", "--as-of", "2021-11-02",
                 "--kind", "membership")
    assert pair["facts"] == []
    refused(story("state", "russia", "--kind", "posts"), "Invalid value for '--kind'", code=2)


def test_a_tie_seen_by_a_day_is_known_from_then_and_is_no_change(story: Runner) -> None:
    facts = _json(story, "state", "russia", "belgium", "--as-of", "2021-11-02")["facts"]
    assert ("post:russia-embassy-brussels", "status", "open", "../2021-10-27") in {
        (f["subject"], f["attribute"], f["value"], f["since"]) for f in facts}
    # Before the day it was seen, it may or may not have been open: nothing says since when.
    before = _json(story, "state", "russia", "belgium", "--as-of", "2021-10-26")["facts"]
    status = next(f for f in before if f["attribute"] == "status")
    assert status == {"subject": "post:russia-embassy-brussels", "attribute": "status",
                      "value": None, "since": None, "event": None, "certainty": "uncertain",
                      "possible": "open", "possible_event": "embassy",
                      "possible_values": [None, "open"]}
    period = ("--from", "2021-10-01", "--to", "2021-11-02")
    assert _json(story, "diff", "russia", "belgium", *period)["changes"] == []
    assert _json(story, "changes", *period)["changes"] == []
    events = _json(story, "diff", "russia", "belgium", *period)["events"]
    assert [e["id"] for e in events] == ["embassy"]  # the sighting is still on the timeline


@pytest.mark.parametrize(("event", "message"), [
    ({"type": "meeting", "actor": "russia", "on": "2020"},
     "'meeting' needs a 'target' actor: 'russia' is a state, and only a organization or "
     "group does it alone"),
    ({"type": "statement", "actor": "russia", "on": "2020", "via": "ghost"},
     "unknown via 'ghost'"),
    ({"type": "statement", "actor": "russia", "target": "belgium", "on": "2020",
      "via": "belgium"}, "'via' 'belgium' is a party to the event"),
    ({"type": "statement", "actor": "russia", "on": "2020", "about": ["a b"]},
     "invalid 'about' id 'a b'"),
    ({"type": "statement", "actor": "russia", "on": "2020", "about": [f"t{i}" for i in
                                                                      range(21)]},
     "'about' names more than 20"),
    ({"type": "proposal", "actor": "russia", "on": "2020", "fields": {"proposal": "p"}},
     "'proposal' needs a 'target'"),
    ({"type": "statement", "actor": "russia", "on": "2022/2021"},
     "invalid 'on' date '2022/2021': it ends before it starts"),
    ({"type": "statement", "actor": "russia", "on": "2021-10-27",
      "announced": "../2021-10-01"},
     "invalid 'announced' date '../2021-10-01': expected YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_refused_records_store_nothing(story: Runner, tmp_path: Path,
                                       event: dict[str, Any], message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"events": [event]}), encoding="utf-8")
    before = story.ok("log", "--json").stdout
    refused(story("import", str(path)), message)
    assert story.ok("log", "--json").stdout == before


def test_add_takes_about_and_via_and_an_observed_date(story: Runner) -> None:
    event_id = story.ok("add", "statement", "--actor", "russia", "--on", "../2021-10-27",
                        "--about", "ukraine", "--about", "normandy", "--via",
                        "john-kerry").stdout.strip()
    assert event_id.startswith("statement-by-2021-10-27-")
    shown = _json(story, "history", event_id)[0]["event"]
    assert (shown["about"], shown["via"], shown["on"]) == (
        ["ukraine", "normandy"], "john-kerry", "../2021-10-27")
    refused(story("state", "russia", "--as-of", "../2021-10-27"),
            "invalid date '../2021-10-27': expected YYYY, YYYY-MM or YYYY-MM-DD", code=2)


@pytest.mark.slow  # real processes: each starts Python and the library
def test_as_a_real_process(story: Runner) -> None:
    done = subprocess.run([sys.executable, "-m", "timeline", "--db", story.db, "members",
                           "normandy", "--as-of", "2021-11-02"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.startswith("normandy: 4 member(s) as of 2021-11-02\n")
