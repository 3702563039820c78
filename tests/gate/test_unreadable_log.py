"""An entry in the log that the projection cannot read (written by another version, or by a
bug) never makes the store unusable: commands go on, `check` names it, `retract` takes a
readable-but-wrong event out of the record, and a rebuild gives the same read model."""

from __future__ import annotations

import json
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent
from helpers import Runner, findings

from timeline.app import Timeline
from timeline.domain.aggregates import Action
from timeline.domain.dates import now
from timeline.testing import snapshot

POISONS: dict[str, dict[str, Any]] = {
    "unknown-type": {"type": "annexation", "actor": "russia", "target": "nato",
                     "on": "2021-11-03"},
    "count-not-a-number": {"type": "expulsion", "actor": "russia", "target": "nato",
                           "on": "2021-11-03", "fields": {"count": "lots"}},
    "count-too-large": {"type": "expulsion", "actor": "russia", "target": "nato",
                        "on": "2021-11-03", "fields": {"count": 10 ** 30}},
    "no-date": {"type": "statement", "actor": "russia", "target": "nato", "on": "someday"},
    "no-type": {"actor": "russia"},
}


def _write_straight_into_the_log(db: str, event_id: str, content: dict[str, Any]) -> None:
    app = Timeline.open(db)
    try:
        # No gate, no projection: straight into the log.
        app.store.log.append([Action(event_id, content, recorded_at=now())])
    finally:
        app.close()


@pytest.mark.parametrize("poison", sorted(POISONS))
def test_a_poisoned_event_is_named_and_retracted(seeded: Runner, poison: str) -> None:
    before = json.loads(seeded.ok("state", "russia", "nato", "--as-of", "2021-11-05",
                                  "--json").stdout)
    _write_straight_into_the_log(seeded.db, f"bad-{poison}", POISONS[poison])
    # Every command still works, and the unreadable event changes no answer.
    after = json.loads(seeded.ok("state", "russia", "nato", "--as-of", "2021-11-05",
                                 "--json").stdout)
    assert after == before
    seeded.ok("diff", "russia", "nato", "--from", "2021-10", "--to", "2021-11")
    assert f"bad-{poison}" not in seeded.ok("log", "russia", "nato").stdout
    seeded.ok("export")
    seeded.ok("history", f"bad-{poison}")
    assert findings(seeded) == {("unreadable", (f"bad-{poison}",))}
    # The documented way back: retract it; then the record is clean again.
    seeded.ok("retract", f"bad-{poison}", "--reason", "written by a bug")
    assert findings(seeded) == set()
    app = Timeline.open(seeded.db)
    try:
        live = snapshot.read_model(app)
        app.rebuild()
        assert snapshot.read_model(app) == live, "a rebuild reads the log the same way"
    finally:
        app.close()


def test_an_entry_that_cannot_be_decoded_counts_for_nothing(seeded: Runner) -> None:
    app = Timeline.open(seeded.db)
    try:
        app.store.log.application.recorder.insert_events([StoredEvent(
            originator_id="event:ghost", originator_version=1,
            topic="timeline.removed_in_a_later_version:Thing", state=b"{}")])
    finally:
        app.close()
    seeded.ok("state", "russia", "nato", "--as-of", "2021-11-02")
    seeded.ok("add", "statement", "--actor", "russia", "--on", "2021-11-05", "--note", "still")
    assert findings(seeded) == {("unreadable", ("ghost",))}
    refused = seeded("retract", "ghost", "--reason", "x")
    assert refused.exit_code == 1 and "cannot be read by this version" in refused.stderr
