"""The project's own exceptions: every refusal the library makes is one of these."""

from __future__ import annotations


class TimelineError(Exception):
    """A request the library refuses; its message is one line meant for the user."""


class InvalidValue(TimelineError):
    """A value that is malformed or impossible (a date, a count, a field)."""


class NotFound(TimelineError):
    """An actor or event that the store does not hold."""


class Conflict(TimelineError):
    """A request that contradicts what is stored (a reused id with other content)."""


class StoreError(TimelineError):
    """The store cannot be opened or used (missing folder, not a database, locked)."""
