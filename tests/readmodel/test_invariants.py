"""The read model's invariants (storage.schema.INVARIANTS): the seed keeps every one, even
after corrections, retractions and uncertain dates; each way of damaging its rows that an
invariant forbids is reported by `check --deep` under that invariant's name, on SQLite and
PostgreSQL (the ``seeded`` fixture)."""

from __future__ import annotations

import json

import pytest
from helpers import Runner, damage

from timeline.app import Timeline
from timeline.storage import verification
from timeline.storage.schema import INVARIANTS
from timeline.storage.sql import REC_OPEN, VALID_OPEN

# A key with at least two current rows, one of them ending (not open-ended).
_ENDING = (f"(SELECT min(id) FROM tl_facts WHERE rec_to = {REC_OPEN} "
           f"AND valid_to < {VALID_OPEN} AND valid_to > valid_from + 1)")
_NEXT = (f"(SELECT g.value FROM tl_facts g WHERE g.key_id = tl_facts.key_id AND g.rec_to = "
         f"{REC_OPEN} AND g.valid_from = tl_facts.valid_to)")
_EVENT_WITH_EFFECTS = "(SELECT min(event_id) FROM tl_effects)"

# Each invariant, and statements that break it (and perhaps others with it).
DAMAGE: dict[str, tuple[str, ...]] = {
    "aliases_of_actors": ("INSERT INTO tl_aliases (key, alias, actor_id, recorded_at) VALUES "
                          "('ghost', 'Ghost', 'no-such-actor', '2021-01-01T00:00:00Z')",),
    "record_interval": ("UPDATE tl_effects SET rec_to = rec_from "
                        "WHERE id = (SELECT min(id) FROM tl_effects)",),
    "valid_interval": (f"UPDATE tl_facts SET valid_from = valid_to WHERE id = {_ENDING}",),
    "facts_disjoint": (f"UPDATE tl_facts SET valid_to = valid_to + 1 WHERE id = {_ENDING}",),
    "facts_contiguous": (f"UPDATE tl_facts SET valid_to = valid_to - 1 WHERE id = {_ENDING}",),
    "facts_change": (f"UPDATE tl_facts SET value = {_NEXT} WHERE id = {_ENDING}",),
    "versions_in_sequence": ("UPDATE tl_versions SET rec_to = rec_from + 1 "
                             "WHERE event_id = (SELECT min(event_id) FROM tl_versions)",),
    "effects_of_versions": (f"DELETE FROM tl_versions WHERE event_id = {_EVENT_WITH_EFFECTS}",),
    "effect_days": ("UPDATE tl_effects SET on_lo = on_start + 1 "
                    "WHERE id = (SELECT min(id) FROM tl_effects)",),
    "keys_named": ("DELETE FROM tl_keys WHERE id = (SELECT min(key_id) FROM tl_facts)",),
    "within_position": ("UPDATE tl_position SET last_rec = last_rec - 1",),
    # The seed names nobody: a name the log could never hold (a name too long:
    # tests/recording/test_recorded_by.py).
    "versions_recorded_by": ("UPDATE tl_versions SET recorded_by = ' ' "
                             "WHERE event_id = (SELECT min(event_id) FROM tl_versions)",),
    # The seed has no coded records: a row of a lead no event gives, a lead with no rows.
    "lead_rows_of_versions": (
        "INSERT INTO tl_lead_rows (lead_id, event_id, role, type, side_a, side_b, on_text, "
        "story, publisher, dataset, opening, outlets, articles, fact, rec_from) VALUES "
        "('lead-meeting-2021-11-01-000000000000', 'no-such-event', 'evidence', 'meeting', "
        "'a', 'b', '2021-11-01', 's', 'p', 'icews', 0, 0, 0, '', 1)",),
    "leads_of_rows": (
        "INSERT INTO tl_leads (id, type, side_a, side_b, on_text, on_start, records, "
        "stories, publishers, datasets, status) VALUES "
        "('lead-meeting-2021-11-01-000000000000', 'meeting', 'a', 'b', '2021-11-01', "
        "738095, 1, 1, 1, 1, 'open')",),
}


def test_every_invariant_has_a_way_to_damage_it() -> None:
    assert sorted(DAMAGE) == sorted(i.name for i in INVARIANTS)


def broken(store: str) -> set[str]:
    """The names of the invariants that the store's read model breaks, as `check --deep`
    runs them (storage.verification)."""
    app = Timeline.open(store)
    try:
        with app.store.db.reading() as conn:
            found = verification.invariant_findings(conn)
    finally:
        app.close()
    assert {f.kind for f in found} <= {verification.INVARIANT_KIND}
    return {f.message.split(":", 1)[0] for f in found}


def test_the_seed_keeps_every_invariant(seeded: Runner) -> None:
    assert broken(seeded.db) == set()


def test_corrections_retractions_and_uncertain_dates_keep_every_invariant(
        seeded: Runner) -> None:
    run = seeded
    run.ok("correct", "russia-recalls-mission-to-nato", "--on", "2021-03-18",
           "--announced", "2021-03-18", "--reason", "first report dated it to March")
    run.ok("correct", "russia-recalls-mission-to-nato", "--on", "2021-11-01?",
           "--announced", "2021-10-18", "--reason", "announced 18 October")
    run.ok("correct", "nato-caps-russia-mission-at-10", "--on", "2021-10-01/2021-10-20",
           "--reason", "a span")
    run.ok("retract", "nato-caps-russia-mission-at-10", "--reason", "misread the source")
    assert broken(run.db) == set()


@pytest.mark.parametrize("invariant", sorted(DAMAGE))
def test_each_damage_is_reported_under_the_invariant_it_breaks(
        seeded: Runner, invariant: str) -> None:
    damage(seeded.db, *DAMAGE[invariant])
    assert invariant in broken(seeded.db)


def test_check_deep_reports_a_broken_invariant_by_name(seeded: Runner) -> None:
    damage(seeded.db, *DAMAGE["facts_disjoint"])
    result = seeded("check", "--deep", "--json")
    assert result.exit_code == 1
    found = [f for f in json.loads(result.stdout) if f["kind"] == verification.INVARIANT_KIND]
    assert [f["message"].split(":", 1)[0] for f in found] == ["facts_disjoint"]
