"""What an import holds a record to against what the store holds (app/import_rules.py)."""

from __future__ import annotations

from dataclasses import replace

from timeline.app.import_rules import both_coded, holds
from timeline.domain.values import EventData
from timeline.storage.queries import Stored

CODED = EventData(id="icews-2018-06-01-1", type="coded_event", actor="japan", target="china",
                  on="2018-06-01", fields={"dataset": "icews", "code": "020"},
                  sources=["ICEWS event 1 of 2018-06-01"], note="Make statement")


def test_a_coded_record_stored_otherwise_is_revised_one_stored_as_it_is_is_held() -> None:
    other = replace(CODED, note="Make statement (revised)")
    stored = Stored(contents={CODED.text}, current=CODED.text, status="recorded")
    assert holds(stored, CODED) and not holds(stored, other)
    assert both_coded(stored, other)
    typed = EventData(id=CODED.id, type="statement", actor="japan", target=None,
                      on="2018-06-01", sources=["s"])
    assert not both_coded(Stored(contents={typed.text}), other)  # typed by hand: a conflict
    assert not both_coded(stored, typed)


def test_a_version_whose_log_entry_cannot_be_read_is_no_coded_record() -> None:
    # versions_of gives an unreadable entry's content as empty text: no traceback.
    assert not both_coded(Stored(contents={""}, current="", status="unreadable"), CODED)
    assert not both_coded(Stored(contents={"[1, 2]", "not json"}), CODED)
