"""The application: commands that append to the event log and queries that read the read
model. ``Timeline`` is the one entry point; ``importer`` plans and writes imports."""

from timeline.app.timeline import Timeline

__all__ = ["Timeline"]
