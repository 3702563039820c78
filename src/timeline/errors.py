"""The project's own exceptions: every refusal the library makes is one of these.

Messages are one line, in the library's words (values, not command-line flags), so that
every front end can show them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable


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


def suggest(value: str, known: Iterable[object]) -> str:
    """`` (did you mean 'x'?)`` for the nearest known value, or nothing."""
    import difflib  # loaded for a refusal alone: every command's start would pay for it

    close = difflib.get_close_matches(value, [str(k) for k in known], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def first_line(exc: BaseException) -> str:
    """An exception's message cut to its first line (drivers write several); for a
    SQLAlchemy error, its driver's own."""
    exc = getattr(exc, "orig", None) or exc
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def shown(value: object, limit: int = 80) -> str:
    """A value as a message shows it: its repr, cut short (a refusal names, not dumps)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."
