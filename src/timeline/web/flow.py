"""How a request reaches the store: who asks (a token, or the session's user), whether
their role allows it, a form's or a script's proof that the user meant it (CSRF), and a
long answer streamed from the thread that reads it."""

from __future__ import annotations

import hmac
import logging
import queue
import secrets
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from timeline.app.accounts import User
from timeline.web.site import Refused, Seat, Site, bearer_of, identify, may_read, require

R = TypeVar("R")
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
SESSION = "session"  # the cookie's key naming the sign-in
CHUNK = 64 * 1024  # characters a streamed answer is sent in
STALL = 30  # seconds a streamed answer waits for a client that takes nothing
TICK = 0.5  # seconds between looks at whether a stream was stopped
# The least a client must take on average, once it has kept the reader waiting STALL seconds
# in all: a trickling reader would hold one of a worker's few stream turns (and a store) for
# hours.
MIN_RATE = 32 * 1024  # characters a second

log = logging.getLogger("timeline.web")


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def session_of(request: Request) -> str | None:
    """The sign-in its cookie names (the accounts say whose, and whether it still holds)."""
    session = request.session.get(SESSION)
    return session if isinstance(session, str) else None


def credentials(request: Request) -> tuple[str | None, str | None]:
    """What a request says of who sends it: a bearer token, and the cookie's sign-in."""
    return bearer_of(request.headers), session_of(request)


def csrf_token(request: Request) -> str:
    """The session's token that every form it is shown carries back (made once a session)."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


def check_csrf(request: Request, given: str | None) -> None:
    """A write by a signed-in browser carries the session's token: a page elsewhere that
    posts to this server cannot know it."""
    expected = request.session.get(CSRF_FIELD)
    if not isinstance(expected, str) or not given or not hmac.compare_digest(
            expected.encode(), given.encode()):
        raise Refused("this form has expired or did not come from this server: reload the "
                      "page and try again", 403)


async def asking(request: Request, work: Callable[[Seat, User | None], R],
                 anyone: bool = False) -> R:
    """``work`` for whoever asks, if they may read (anyone may, unless the server is
    private; ``anyone``: even then)."""
    site = site_of(request)
    bearer, name = credentials(request)

    def seated(seat: Seat) -> R:
        user = identify(seat, bearer, name)
        if not anyone:
            may_read(user, site.settings.private)
        return work(seat, user)

    return await site.run(seated)


async def writing(request: Request, role: str, work: Callable[[Seat, User | None], R],
                  form_token: str | None = None) -> R:
    """``work`` for a user whose role allows ``role``'s writes. A browser's session must
    prove the write is meant: its form's token, or the ``X-CSRF-Token`` header of a
    script on its pages; a bearer token needs no such proof (no browser sends it by
    itself)."""
    site = site_of(request)
    bearer, name = credentials(request)
    if bearer is None and name is not None:
        check_csrf(request, form_token if form_token is not None
                   else request.headers.get(CSRF_HEADER))

    def seated(seat: Seat) -> R:
        return work(seat, require(identify(seat, bearer, name), role))

    return await site.run(seated)


async def allowed(request: Request, role: str) -> User:
    """The user asking, if their role allows ``role``'s writes (a form shown to fill in)."""
    site = site_of(request)
    bearer, name = credentials(request)
    return await site.run(lambda seat: require(identify(seat, bearer, name), role))


class CutShort(RuntimeError):
    """A streamed answer that ended before its end: raised in the response, so that the
    transfer is broken off (no closing chunk) and no client takes it for whole."""


END = object()  # the reader's last item: the answer is whole


async def streamed(request: Request, pieces: Callable[[Seat], Iterator[str]],
                   media_type: str, headers: dict[str, str] | None = None) -> Response:
    """A long answer sent as it is read. One thread reads it from one store, start to end
    (a store's connection stays in the thread that opened its transaction), and hands
    chunks over a short queue. A client that goes away, or takes nothing for ``STALL``
    seconds, stops the reading and gives its store back; a worker streams to at most
    ``STREAMS`` clients at once (one more is refused at once), so the other questions
    always find a store."""
    site = site_of(request)
    bearer, name = credentials(request)
    chunks: queue.Queue[Any] = queue.Queue(maxsize=8)
    stop = threading.Event()
    first: queue.Queue[BaseException | None] = queue.Queue(maxsize=1)

    handed, waited_for = 0, 0.0  # what the client took, and how long it kept us waiting

    def cut(why: str) -> None:
        log.warning("%s %s: %s; its answer was cut short", request.method, request.url.path,
                    why)
        stop.set()

    def hand(item: Any) -> bool:
        nonlocal handed, waited_for
        # Only the time the queue stays full is the client's: a slow question (the reader's
        # time before its first row) never counts against it.
        waited = 0.0
        while not stop.is_set():
            began = time.monotonic()
            try:
                chunks.put(item, timeout=TICK)
            except queue.Full:
                waited += TICK
                waited_for += time.monotonic() - began
                if waited >= STALL:
                    cut(f"the client took nothing for {STALL} s")
                continue
            waited_for += time.monotonic() - began
            handed += len(item) if isinstance(item, str) else 0
            if waited_for > STALL and handed < MIN_RATE * waited_for:
                cut(f"the client took {handed / waited_for / 1024:.1f} KB/s, less than "
                    f"{MIN_RATE // 1024} KB/s")
                return False
            return True
        return False

    def read() -> None:
        started = False
        try:
            with site.seat() as seat:
                may_read(identify(seat, bearer, name), site.settings.private)
                buffer: list[str] = []
                size = 0
                for piece in pieces(seat):
                    if not started:  # the first piece read: the question was answerable
                        started = True
                        first.put(None)
                    buffer.append(piece)
                    size += len(piece)
                    while size >= CHUNK:  # a piece may hold a thousand events' text
                        text = "".join(buffer)
                        if not hand(text[:CHUNK]):
                            return
                        buffer = [text[CHUNK:]]
                        size = len(buffer[0])
                if not started:
                    first.put(None)
                    started = True
                if hand("".join(buffer)):
                    hand(END)
        except BaseException as exc:  # handed to the response: a refusal, or a failure
            if not started:
                first.put(exc)
                return
            hand(exc)
        finally:
            site.end_stream()

    site.take_stream()  # here, in the event loop: a refusal costs no thread
    reader = threading.Thread(target=read, daemon=True)
    try:
        reader.start()
    except BaseException:
        site.end_stream()
        raise
    failed = await to_thread.run_sync(first.get)
    if failed is not None:
        stop.set()
        raise failed

    def take() -> Any:
        while True:
            try:
                return chunks.get(timeout=TICK)
            except queue.Empty:
                if not reader.is_alive():  # all it handed is in the queue by now
                    try:
                        return chunks.get_nowait()
                    except queue.Empty:
                        return CutShort("the answer was cut short: see the server's log")

    async def body() -> AsyncIterator[str]:
        try:
            while True:
                item = await to_thread.run_sync(take)
                if item is END:
                    return
                if isinstance(item, BaseException):
                    # Failed part way, the status long sent: the transfer is broken off.
                    raise item
                yield item
        finally:
            stop.set()

    return StreamingResponse(body(), media_type=media_type, headers=headers)
