"""What every request of a served store shares: its settings, the open stores a worker
lends to requests, and who is asking.

A worker holds a few opened ``Timeline`` objects and lends each to one request at a time:
a store's connections are not shared between threads, and opening one per request would
cost more than answering. Each call runs in a worker thread (``run``), so the event loop
keeps serving while a store is read."""

from __future__ import annotations

import os
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from starlette.concurrency import run_in_threadpool

from timeline.app.accounts import Accounts, User
from timeline.errors import StoreError, TimelineError
from timeline.web.limits import MAX_UPLOAD

if TYPE_CHECKING:
    from timeline.app import Timeline

R = TypeVar("R")

SEATS = 4  # stores a worker keeps open at once: requests beyond wait for one
STREAMS = SEATS - 1  # long answers a worker sends at once: one store is kept for the rest


class Refused(TimelineError):
    """A request the server refuses for who asks (``status``: 401 or 403)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class Busy(StoreError):
    """The worker already sends as many long answers as it may."""


@dataclass(frozen=True)
class Settings:
    """How the server was started: the store, whether anonymous reading is allowed,
    whether cookies are sent over HTTPS only, and the limits of what it takes."""

    db: str
    private: bool = False
    secure_cookies: bool = True
    max_upload: int = MAX_UPLOAD

    ENV = "TIMELINE_SERVE"  # the settings a worker process reads (see ``from_environment``)

    def to_environment(self) -> dict[str, str]:
        return {f"{self.ENV}_DB": self.db, f"{self.ENV}_PRIVATE": str(int(self.private)),
                f"{self.ENV}_SECURE": str(int(self.secure_cookies)),
                f"{self.ENV}_MAX_UPLOAD": str(self.max_upload)}

    @classmethod
    def from_environment(cls) -> Settings:
        env = os.environ
        return cls(env[f"{cls.ENV}_DB"], env.get(f"{cls.ENV}_PRIVATE") == "1",
                   env.get(f"{cls.ENV}_SECURE", "1") == "1",
                   int(env.get(f"{cls.ENV}_MAX_UPLOAD", str(MAX_UPLOAD))))


@dataclass
class Seat:
    """One opened store, lent to one request at a time."""

    app: Timeline
    accounts: Accounts


class Kept:
    """The last ``size`` things drawn, by key, for any thread of the worker."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def put(self, key: str, value: bytes) -> None:
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)


MAX_PICTURES = 64  # pictures a worker keeps drawn, the most recently asked for


class Site:
    """One worker's share of the served store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pictures = Kept(MAX_PICTURES)  # of this store only
        self._idle: queue.LifoQueue[Seat] = queue.LifoQueue()
        self._free = threading.BoundedSemaphore(SEATS)
        self._streams = threading.BoundedSemaphore(STREAMS)
        self._seats: list[Seat] = []
        self._guard = threading.Lock()

    @contextmanager
    def seat(self) -> Iterator[Seat]:
        """An opened store for this thread's use until the block ends."""
        self._free.acquire()
        try:
            try:
                seat = self._idle.get_nowait()
            except queue.Empty:
                seat = self._open()
            try:
                yield seat
            finally:
                self._idle.put(seat)
        finally:
            self._free.release()

    def take_stream(self) -> None:
        """A turn to send a long answer, or ``Busy`` at once (waiting would hold a thread
        for each request that waits); ``end_stream`` gives it back."""
        if not self._streams.acquire(blocking=False):
            raise Busy(f"this server is sending {STREAMS} long answers already: try again "
                       "in a moment")

    def end_stream(self) -> None:
        self._streams.release()

    def _open(self) -> Seat:
        from timeline.app import Timeline

        app = Timeline.open(self.settings.db, create=False)
        seat = Seat(app, Accounts(app.store))
        with self._guard:
            self._seats.append(seat)
        return seat

    async def run(self, work: Callable[[Seat], R]) -> R:
        """``work`` with a seat, in a worker thread."""
        def seated() -> R:
            with self.seat() as seat:
                return work(seat)

        return await run_in_threadpool(seated)

    def secret(self) -> str:
        with self.seat() as seat:
            return seat.accounts.secret()

    def close(self) -> None:
        with self._guard:
            for seat in self._seats:
                seat.app.close()
            self._seats.clear()


def require(user: User | None, role: str) -> User:
    """``user``, if their role allows what ``role`` may do; else a refusal saying why."""
    if user is None:
        raise Refused("sign in first: this needs a user with the role "
                      f"{role} or above", 401)
    if not user.may(role):
        raise Refused(f"{user.name!r} is a {user.role}: this needs the role {role} or above",
                      403)
    return user


def may_read(user: User | None, private: bool) -> None:
    """Anonymous reading is refused on a private server."""
    if private and user is None:
        raise Refused("this server is private: sign in to read it", 401)


def identify(seat: Seat, bearer: str | None, session: str | None) -> User | None:
    """Who asks: the holder of a token, else the user the cookie's sign-in is of (as the
    accounts hold them now: a removed user, a changed role or a sign-out counts at once)."""
    if bearer is not None:
        user = seat.accounts.by_token(bearer)
        if user is None:
            raise Refused("unknown or revoked token", 401)
        return user
    if session is not None:
        return seat.accounts.by_session(session)
    return None


def bearer_of(headers: Any) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header, if there is one."""
    value: str | None = headers.get("authorization")
    if value is None:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused("the Authorization header takes 'Bearer TOKEN'", 401)
    return token.strip()
