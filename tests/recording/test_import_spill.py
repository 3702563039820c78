"""An import writes exactly what its first pass checked: the input is read once, and the
validated events are written from a spill, so a file changed between the passes cannot
slip in events by unknown actors."""

from __future__ import annotations

from collections.abc import Iterator

from timeline.app import Timeline
from timeline.domain.values import Item, Record


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
