"""The seed case (Russia and NATO, October 2021) answers as the issue demands, on each backend."""

from __future__ import annotations

import json
from typing import Any

from helpers import Runner


def facts(run: Runner, *args: str) -> dict[tuple[str, str], Any]:
    """What is known (certain) of each fact."""
    data = json.loads(run.ok("state", *args, "--json").stdout)
    return {(f["subject"], f["attribute"]): f["value"] for f in data["facts"]
            if f["certainty"] == "certain"}


def uncertain(run: Runner, *args: str) -> dict[tuple[str, str], Any]:
    """What each uncertain fact possibly is."""
    data = json.loads(run.ok("state", *args, "--json").stdout)
    return {(f["subject"], f["attribute"]): (f["value"], f["possible"]) for f in data["facts"]
            if f["certainty"] == "uncertain"}


def test_what_ties_remained_on_2_november_2021(seeded: Runner) -> None:
    state = facts(seeded, "russia", "nato", "--as-of", "2021-11-02")
    assert state[("relationship", "relations")] == "suspended"
    assert state[("relationship", "cooperation")] == "suspended"
    assert state[("post:russia-mission-to-nato", "status")] == "suspended"
    assert state[("post:russia-mission-to-nato", "staff_cap")] == 10
    assert state[("post:russia-mission-to-nato", "expelled")] == 15
    assert state[("post:nato-military-liaison-mission-moscow", "status")] == "closed"
    assert state[("post:nato-information-office-moscow", "status")] == "closed"
    assert state[("agreement:nato-russia-founding-act", "status")] == "in_force"
    assert state[("channel:saceur-cgs", "status")] == "open"


def test_opening_days_the_sources_do_not_give_are_observed_dates(seeded: Runner) -> None:
    """No invented day: the SACEUR-CGS line is seen open by the seed article's day, the
    mission to NATO by TASS's report of the 2018 cut; neither is known before."""
    events = {e["id"]: e for e in json.loads(seeded.ok("log", "--json").stdout)}
    assert events["saceur-cgs-line-opened"]["on"] == "../2021-10-27"
    assert events["russia-mission-to-nato-opened"]["on"] == "../2018-03-26"
    before = facts(seeded, "russia", "nato", "--as-of", "2018-03-25")
    assert ("post:russia-mission-to-nato", "status") not in before
    assert ("channel:saceur-cgs", "status") not in facts(
        seeded, "russia", "nato", "--as-of", "2021-10-26")
    # Not known, but possible: nothing says since when they held.
    assert facts(seeded, "russia", "nato", "--as-of", "2018-03-26")[
        ("post:russia-mission-to-nato", "staff_cap")] == 30  # until the cut
    assert uncertain(seeded, "russia", "nato", "--as-of", "2018-03-25")[
        ("post:russia-mission-to-nato", "status")] == (None, "open")
    assert uncertain(seeded, "russia", "nato", "--as-of", "1990")[
        ("channel:saceur-cgs", "status")] == (None, "open")
    cut = facts(seeded, "russia", "nato", "--as-of", "2018-03-27")
    assert cut[("post:russia-mission-to-nato", "status")] == "open"
    assert cut[("post:russia-mission-to-nato", "staff_cap")] == 20


def test_state_json_shape_cites_the_event_and_its_date(seeded: Runner) -> None:
    data = json.loads(
        seeded.ok("state", "russia", "nato", "--as-of", "2021-11-02", "--json").stdout)
    assert data["actors"] == ["nato", "russia"]
    assert data["as_of"] == "2021-11-02"
    recall = next(f for f in data["facts"] if f["subject"] == "post:russia-mission-to-nato"
                  and f["attribute"] == "status")
    assert recall == {
        "subject": "post:russia-mission-to-nato", "attribute": "status", "value": "suspended",
        "since": "2021-11-01?", "event": "russia-recalls-mission-to-nato",
        "certainty": "certain",
    }
    assert data["pending"] == []


def test_on_20_october_the_mission_is_open_and_its_suspension_pending(seeded: Runner) -> None:
    data = json.loads(
        seeded.ok("state", "nato", "russia", "--as-of", "2021-10-20", "--json").stdout)
    state = {(f["subject"], f["attribute"]): f["value"] for f in data["facts"]}
    assert state[("post:russia-mission-to-nato", "status")] == "open"
    assert state[("relationship", "relations")] == "established"
    pending = {e["id"]: e for e in data["pending"]}
    recall = pending["russia-recalls-mission-to-nato"]
    assert (recall["type"], recall["announced"], recall["on"]) == (
        "mission_recall", "2021-10-18", "2021-11-01?")
    assert all(e["announced"] <= "2021-10-20" < e["on"] for e in data["pending"])
    # Announced on 6 October, effective 1 November: pending too.
    assert "nato-expels-8-russia-mission-staff-2021" in pending


def test_what_changed_between_1_october_and_2_november(seeded: Runner) -> None:
    data = json.loads(seeded.ok(
        "diff", "russia", "nato", "--from", "2021-10-01", "--to", "2021-11-02", "--json"
    ).stdout)
    changes = {(c["subject"], c["attribute"]): (c["before"], c["after"], c["events"])
               for c in data["changes"]}
    assert changes == {
        ("relationship", "relations"): (
            "established", "suspended", ["russia-suspends-relations-with-nato"]),
        ("relationship", "expelled:russia"): (
            7, 15, ["nato-expels-8-russia-mission-staff-2021"]),
        ("post:russia-mission-to-nato", "status"): (
            "open", "suspended", ["russia-recalls-mission-to-nato"]),
        ("post:russia-mission-to-nato", "staff_cap"): (
            20, 10, ["nato-caps-russia-mission-at-10"]),
        ("post:russia-mission-to-nato", "expelled"): (
            7, 15, ["nato-expels-8-russia-mission-staff-2021"]),
        ("post:nato-military-liaison-mission-moscow", "status"): (
            "open", "closed", ["russia-closes-nato-military-liaison-mission-moscow"]),
        ("post:nato-information-office-moscow", "status"): (
            "open", "closed", ["russia-closes-nato-information-office-moscow"]),
    }
    # The SACEUR-CGS line is only seen to be open by 27 October ("../2021-10-27"): its event
    # is in the period, but it changed nothing then (no change above).
    days = [e["on"].removeprefix("../") for e in data["events"]]
    assert days == sorted(days) and all("2021-10-01" < day <= "2021-11-02" for day in days)
    assert len(data["events"]) == 8
    assert [e["on"] for e in data["events"] if e["on"].startswith("../")] == ["../2021-10-27"]
    assert all(e["sources"] for e in data["events"]), "every event cites a source"


def test_every_seed_event_has_a_source_and_a_note(seeded: Runner) -> None:
    events = json.loads(seeded.ok("log", "--json").stdout)
    assert len(events) >= 20
    for event in events:
        assert event["sources"], event["id"]
        assert event["note"], event["id"]


def test_before_the_founding_act_there_is_nothing(seeded: Runner) -> None:
    data = json.loads(
        seeded.ok("state", "russia", "nato", "--as-of", "1996-12-31", "--json").stdout)
    # Only what the sources date 'no later than' a later day may already hold.
    assert {(f["subject"], f["certainty"], f["value"]) for f in data["facts"]} == {
        (subject, "uncertain", None) for subject in (
            "channel:saceur-cgs", "post:russia-mission-to-nato")}
