"""The application: commands that append to the event log and queries that read the read
model. ``Timeline`` is the one entry point; it holds the ``Store`` (log and read model) and
records through ``Recording`` (one thing at a time) and ``Importer`` (files, in batches)."""

from timeline.app.timeline import Timeline

__all__ = ["Timeline"]
