"""The store a command runs on: named by ``--db``, opened once, on first use; read quickly
(``timeline.app.quick``) where a quick read answers. Each read loads the quick read when it
is asked, not with this module: click's help for a command loads no store code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from timeline.app import Timeline
    from timeline.app.filters import Asked
    from timeline.domain.actor_state import ActorState
    from timeline.domain.diffs import Diff
    from timeline.domain.jsonable import Written
    from timeline.domain.overview import Changes, Members
    from timeline.domain.values import ActorData, EventData, State

T = TypeVar("T")


class NeedsTheStore(Exception):
    """A session that may only read quickly (``quick_only``) was asked for more."""


# The stores a quick read of this process could not answer from. A process runs one command:
# when ``cli.instant`` tried first and handed the command on to click, the command opens the
# store at once rather than read it quickly again.
_UNANSWERED: set[str | None] = set()


class Session:
    """The store named by ``--db``, opened once, on first use. ``quick_only``: never
    opened (``cli.instant``, before click loads): what needs it raises NeedsTheStore."""

    def __init__(self, db: str | None, quick_only: bool = False) -> None:
        self.db = db
        self.quick_only = quick_only
        self._app: Timeline | None = None

    @property
    def app(self) -> Timeline:
        """The store, which must exist: a command that only reads never makes one."""
        return self._open(create=False)

    @property
    def creating(self) -> Timeline:
        """The store, made if it does not exist yet (for the commands that add)."""
        return self._open(create=True)

    def _open(self, create: bool) -> Timeline:
        if self._app is None:
            if self.quick_only:
                _UNANSWERED.add(self.db)
                raise NeedsTheStore(f"a quick read of {self.db!r} cannot answer")
            from timeline.app import Timeline

            self._app = Timeline.open(self.db, create=create)
        return self._app

    def state(self, a: str, b: str, as_of: dt.date, known_at: dt.datetime | None) -> State:
        """``Timeline.state``, from a quick read of the store where one answers (see
        ``timeline.app.quick``: no SQLAlchemy or eventsourcing to load)."""
        from timeline.app import quick

        return self._answer(lambda: quick.state(self.db, a, b, as_of, known_at),
                            lambda app: app.state(a, b, as_of, known_at))

    def diff(self, a: str, b: str, first: dt.date, last: dt.date,
             known_at: dt.datetime | None) -> Diff:
        """``Timeline.diff``, from a quick read where one answers (as ``state``)."""
        from timeline.app import quick

        return self._answer(lambda: quick.diff(self.db, a, b, first, last, known_at),
                            lambda app: app.diff(a, b, first, last, known_at))

    def changes(self, first: dt.date, last: dt.date, actor: str | None,
                types: Sequence[str], known_at: dt.datetime | None) -> Changes:
        """``Timeline.changes``, from a quick read where one answers (as ``state``)."""
        from timeline.app import quick

        return self._answer(
            lambda: quick.changes(self.db, first, last, actor, types, known_at),
            lambda app: app.changes(first, last, actor, types, known_at))

    def members(self, group: str, as_of: dt.date, known_at: dt.datetime | None) -> Members:
        """``Timeline.members``, from a quick read where one answers (as ``state``)."""
        from timeline.app import quick

        return self._answer(lambda: quick.members(self.db, group, as_of, known_at),
                            lambda app: app.members(group, as_of, known_at))

    def actor_state(self, actor: str, as_of: dt.date, known_at: dt.datetime | None
                    ) -> ActorState:
        """``Timeline.actor_state``, from a quick read where one answers (as ``state``)."""
        from timeline.app import quick

        return self._answer(lambda: quick.actor_state(self.db, actor, as_of, known_at),
                            lambda app: app.actor_state(actor, as_of, known_at))

    def events(self, asked: Asked, as_json: bool
               ) -> Generator[EventData | Written, None, None]:
        """The events a listing asks for, or, ``as_json``, their answers' JSON, from a quick
        read where one answers (as ``state``)."""
        from timeline.app import quick

        def listed(app: Timeline) -> Generator[EventData | Written, None, None]:
            from timeline.storage.states import listed_form

            return app.listings.listed(asked, listed_form(as_json))

        return self._answer(lambda: quick.events(self.db, asked, as_json), listed)

    def exported_lines(self, pair: tuple[str, str] | None
                       ) -> Generator[ActorData | str, None, None]:
        """``Listings.exported_lines``, from a quick read where one answers."""

        def lines() -> Generator[ActorData | str, None, None] | None:
            from timeline.app import filters, quick
            from timeline.storage.states import event_line

            return quick.listing(self.db, lambda conn: filters.exported(conn, pair, event_line))

        return self._answer(lines, lambda app: app.listings.exported_lines(pair))

    def _answer(self, quickly: Callable[[], T | None], fully: Callable[[Timeline], T]) -> T:
        """What a quick read answers (``quickly``), where one is tried and answers; else
        what the store answers (``fully``)."""
        if self._quick():
            found = quickly()
            if found is not None:
                return found
        return fully(self.app)

    def _quick(self) -> bool:
        """Whether to try a quick read: the store is not open, and no quick read of it
        failed in this process."""
        return self._app is None and self.db not in _UNANSWERED

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None

    def refused(self) -> None:
        """The command was refused: a store it made, and left empty, is taken away."""
        if self._app is not None:
            self._app.discard_if_unused()
            self._app = None
