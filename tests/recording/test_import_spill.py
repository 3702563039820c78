"""An import writes exactly what its first pass checked: the input is read once, and the
validated events are written from a spill, so a file changed between the passes cannot
slip in events by unknown actors, nor an actor registered differently meanwhile."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from timeline.app import Timeline
from timeline.domain.records import ImportResult, Item, Record
from timeline.errors import Conflict


def test_the_input_is_read_once_and_what_was_checked_is_written(app: Timeline) -> None:
    readings = 0

    def items() -> Iterator[Item]:
        nonlocal readings
        readings += 1
        yield "actor", Record("f:1", {"id": "x", "name": "X"})
        yield "actor", Record("f:2", {"id": "y", "name": "Y"})
        if readings == 1:
            yield "event", Record("f:3", {"id": "checked", "type": "statement", "actor": "x",
                                          "on": "2020"})
        else:  # what a file swapped after the first pass would say
            yield "event", Record("f:3", {"id": "swapped", "type": "statement",
                                          "actor": "nobody", "on": "2020"})

    result = app.import_stream(items, batch_size=1)
    assert readings == 1
    assert (result.actors_added, result.events_added) == (2, 1)
    assert [e.id for e in app.list_events()] == ["checked"]
    assert [a.id for a in app.actors()] == ["x", "y"]


def test_an_actor_registered_differently_during_an_import_stops_it(app: Timeline) -> None:
    def items() -> Iterator[Item]:
        yield "actor", Record("f:1", {"id": "x", "name": "Name From File", "kind": "state"})
        yield "actor", Record("f:2", {"id": "y", "name": "Y"})
        yield "event", Record("f:3", {"type": "statement", "actor": "x", "on": "2001"})
        # Between the two passes, another process registers x as something else.
        other = Timeline.open(app.config.display)
        try:
            other.add_actor("x", "Other Name", "official")
        finally:
            other.close()

    with pytest.raises(Conflict, match="'x' was registered by another process meanwhile"):
        app.import_stream(items)
    assert app.list_events() == []
    assert [(a.id, a.name) for a in app.actors()] == [("x", "Other Name")]


def _statement(event_id: str, on: str) -> dict[str, object]:
    return {"id": event_id, "type": "statement", "actor": "x", "on": on, "sources": ["s"]}


@pytest.mark.parametrize("theirs", ["2003", "1999"], ids=["same", "other content"])
@pytest.mark.parametrize("batch_size", [10, 1], ids=["one batch", "a later batch"])
def test_an_event_recorded_by_another_process_during_an_import(
        app: Timeline, theirs: str, batch_size: int) -> None:
    """Between the passes another process records e3: as the file says it (the import
    stores the rest, e3 once), or otherwise (nothing of its batch is stored). With one
    event a batch, e3 is in the third: every batch after a write by another is checked."""
    app.add_actor("x", "X")
    records = [("event", Record(f"f:{i}", _statement(f"e{i}", f"200{i}"))) for i in (1, 2, 3)]

    def between_the_passes(phase: str, _count: int) -> None:
        if phase == "validating":  # its last report: every record checked
            other = Timeline.open(app.config.display)
            try:
                other.add_event(_statement("e3", theirs))
            finally:
                other.close()

    def run() -> ImportResult:
        return app.import_stream(lambda: iter(records), progress=between_the_passes,
                                 batch_size=batch_size)

    if theirs != "2003":
        with pytest.raises(Conflict, match="'e3' was recorded by another process meanwhile"):
            run()
        stored = {"e3"} if batch_size == 10 else {"e1", "e2", "e3"}
        assert {e.id for e in app.list_events()} == stored
        return
    stored: list[int] = []
    result = app.import_stream(
        lambda: iter(records), batch_size=batch_size,
        progress=lambda phase, n: (between_the_passes(phase, n),
                                   stored.append(n) if phase == "storing" else None))
    assert (result.events_added, result.unchanged) == (2, 1)
    # What this import stored, by type and as its progress said: not what it planned to.
    assert result.by_type == {"statement": 2} and sum(stored) == 2
    assert sorted(e.id for e in app.list_events()) == ["e1", "e2", "e3"]
    assert app.log_length() == 4  # x, and each event once


def test_a_batch_nobody_wrote_beside_is_not_checked_against_the_store_again(
        app: Timeline, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first pass checked every record against the store; where the log has not moved
    since, the write pass does not ask the store again (it does where it has: above)."""
    from timeline.storage import queries

    app.add_actor("x", "X")
    asked: list[list[str]] = []
    real = queries.versions_of

    def versions_of(conn: Any, ids: Iterable[str], *args: Any) -> Any:
        asked.append(sorted(ids))
        return real(conn, asked[-1], *args)

    monkeypatch.setattr(queries, "versions_of", versions_of)
    records = [("event", Record(f"f:{i}", _statement(f"e{i}", f"20{i:02d}"))) for i in range(5)]
    result = app.import_stream(lambda: iter(records), batch_size=2)
    assert result.events_added == 5
    assert asked == [["e0", "e1", "e2", "e3", "e4"]]  # the first pass's one chunk only
    again = app.import_stream(lambda: iter(records), batch_size=2)
    assert (again.events_added, again.unchanged) == (0, 5)
    assert app.log_length() == 6


def test_a_rebuild_during_the_first_pass_has_every_batch_checked_again(app: Timeline) -> None:
    """Another process rebuilds the read model while the first pass checks the records
    against it: part-way, the read model shows fewer events than the log holds (here none),
    and once done it is back at the position the import began at. What the check took for
    new is stored already: the batches look again, and store nothing twice."""
    from timeline.storage import projector

    app.add_actor("x", "X")
    records = [("event", Record(f"f:{i}", _statement(f"e{i}", f"20{i:02d}"))) for i in range(5)]
    app.import_stream(lambda: iter(records))
    other = Timeline.open(app.config.display)

    def items() -> Iterator[Item]:
        yield from records
        other.store.db.reset()  # the rebuild begins: its check reads an empty read model

    def between_the_passes(phase: str, _count: int) -> None:
        if phase == "validating":
            projector.catch_up(other.store.db, other.store.read_log)  # the rebuild ends

    try:
        again = app.import_stream(items, progress=between_the_passes, batch_size=2)
    finally:
        other.close()
    assert (again.events_added, again.unchanged) == (0, 5)
    assert app.log_length() == 6
    assert [e.id for e in app.list_events()] == [f"e{i}" for i in range(5)]


def test_the_collector_runs_less_during_an_import_and_as_before_after(app: Timeline) -> None:
    import gc

    from timeline.app.collector import fewer_collections

    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []

    def items() -> Iterator[Item]:
        seen.append(gc.get_threshold())
        yield "actor", Record("", {"id": "a", "name": "A", "kind": "state"})
        yield "event", Record("x:1", {"id": "e", "type": "statement", "actor": "a",
                                      "on": "2020", "sources": ["s"]})
        yield "event", Record("x:2", {"id": "e", "type": "statement", "actor": "a",
                                      "on": "2021", "sources": ["s"]})

    with pytest.raises(Conflict):  # refused: the setting is given back all the same
        app.import_stream(items)
    assert seen and seen[0] == (50_000, 20, 100) != before
    assert gc.get_threshold() == before
    # Imports in several threads at once (a server's uploads): the last to end gives back
    # the setting the first found.
    first, second = fewer_collections(), fewer_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold()[0] == 50_000  # the second still runs
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before


def test_a_coded_record_another_process_stored_otherwise_meanwhile_is_counted_as_revised(
        app: Timeline, tmp_path: Any) -> None:
    """Two releases of one ICEWS record, one imported by another process between this
    import's passes: counted as revised, as one after the other, not a Conflict."""
    from helpers import FIELD

    from timeline.interchange import icews

    header, *rows = (FIELD / "icews/events.2018-06-01.tab").read_text(
        encoding="utf-8").splitlines()
    cells = rows[0].split("\t")
    cells[5] += " (revised)"
    first, later = tmp_path / "first.tab", tmp_path / "later.tab"
    first.write_text("\n".join([header, *rows[:40]]) + "\n", encoding="utf-8")
    later.write_text("\n".join([header, "\t".join(cells), *rows[1:40]]) + "\n",
                     encoding="utf-8")
    releases = [list(icews.read(path, None, create_actors=True)) for path in (first, later)]

    def between_the_passes(phase: str, _count: int) -> None:
        if phase == "validating" and not app.list_events():
            other = Timeline.open(app.config.display)
            try:
                other.import_stream(lambda: iter(releases[0]))
            finally:
                other.close()

    result = app.import_stream(lambda: iter(releases[1]), progress=between_the_passes,
                               batch_size=5)
    assert result.events_added == 0 and sum(result.skipped.values()) >= 1
    [(reason, examples)] = [(r, result.examples[r]) for r in result.skipped
                            if r.startswith("a coded record revised")]
    assert result.skipped[reason] == 1 and len(examples) == 1
    stored = {e.id: e for e in app.list_events()}
    assert "(revised)" not in (stored[examples[0]].note or "")
