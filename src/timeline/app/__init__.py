"""The application: commands that append to the event log and queries that read the read
model. ``Timeline`` is the one entry point; it holds the ``Store`` (log and read model) and
records through ``Recording`` (one thing at a time) and ``Importer`` (files, in batches).

``Timeline`` loads on first use, so that a quick read (``timeline.app.quick``) can use the
parts it needs without loading SQLAlchemy and eventsourcing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timeline.app.timeline import Timeline

__all__ = ["Timeline"]


def __getattr__(name: str) -> Any:
    if name == "Timeline":
        from timeline.app.timeline import Timeline

        return Timeline
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
