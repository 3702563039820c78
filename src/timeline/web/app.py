"""The served store as one ASGI application (Starlette): the pages, the JSON API, the
files, and what every response gets: a session cookie signed with the store's key, a
Content-Security-Policy that lets only this server's own scripts and styles run, bounded
request bodies, and refusals in the library's one line, never a traceback.

``create_app(settings)`` makes it; ``from_environment`` is the factory each uvicorn
worker calls (``timeline serve`` passes the settings through the environment)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from timeline.app.accounts import SESSION_SECONDS, TooManyAttempts, User
from timeline.errors import Conflict, InvalidValue, NotFound, StoreError, TimelineError
from timeline.extras import NotInstalled
from timeline.views.text import visible
from timeline.web import api, files, forms, pages
from timeline.web.flow import CutShort, session_of, site_of
from timeline.web.limits import MAX_BODY
from timeline.web.openapi import openapi
from timeline.web.render import page
from timeline.web.site import Refused, Settings, Site, identify

log = logging.getLogger("timeline.web")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()),
           (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"same-origin"),
           (b"x-frame-options", b"DENY")]
STATUS = [(Refused, 0), (TooManyAttempts, 429), (InvalidValue, 400), (NotFound, 404),
          (Conflict, 409), (NotInstalled, 501), (StoreError, 503), (TimelineError, 400)]


def status_of(exc: TimelineError) -> int:
    if isinstance(exc, Refused):
        return exc.status
    return next(code for kind, code in STATUS if isinstance(exc, kind))


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get(
        "accept", "")


async def _refusal(request: Request, message: str, status: int) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return page(request, "error.html", {"message": message, "status": status,
                                        "user": await _signed_in(request), "names": {}},
                status)


async def _signed_in(request: Request) -> User | None:
    """Who is signed in, for the page's header (it said "Sign in" to them); nobody where
    that cannot be told (the store failing is what a refusal may be about)."""
    session = session_of(request)
    if session is None:
        return None
    try:
        return await site_of(request).run(lambda seat: identify(seat, None, session))
    except Exception:  # a refusal's page is written whatever this meets
        return None


async def refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TimelineError)
    status = status_of(exc)
    if status == 401 and request.method == "GET" and not _wants_json(request):
        # A browser asked for a page it may not read yet: to the sign-in, and back after.
        return forms.to_sign_in(request)
    return await _refusal(request, visible(str(exc)), status)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    words = {404: "no such page", 405: "this address does not take that method",
             413: "the request is too large"}
    return await _refusal(request, words.get(exc.status_code, exc.detail), exc.status_code)


async def failed(request: Request, exc: Exception) -> Response:
    """Anything unforeseen: logged in full on the server, once, and one line to the client.
    A stream cut short for its stalled client was logged as a warning when it was cut."""
    if not isinstance(exc, CutShort):
        log.exception("failed: %s %s", request.method, request.url.path)
    exc.timeline_logged = True  # type: ignore[attr-defined]
    return await _refusal(request, "the server failed to answer this; its log says why", 500)


class LoggedOnce(logging.Filter):
    """Drops the server's own report of a failure ``failed`` has logged already: Starlette
    raises it on to uvicorn, which would log its traceback a second time."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not getattr(exc, "timeline_logged", False)


LOGGED_ONCE = LoggedOnce()


class Guard:
    """Security headers on every response, and a request body bounded before it is read:
    an import's upload by the server's ``max_upload``, anything else by MAX_BODY."""

    def __init__(self, app: ASGIApp, max_upload: int) -> None:
        self.app = app
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_upload if scope["path"] == "/import" else MAX_BODY
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413)
            return message

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                # A response with a policy of its own (a picture) keeps it.
                own = any(name == b"content-security-policy" for name, _ in headers)
                message["headers"] = headers + (HEADERS[1:] if own else HEADERS)
            await send(message)

        await self.app(scope, bounded, secured)


async def _too_large(send: Send, limit: int) -> None:
    body = f'{{"error": "the request is larger than {limit} bytes"}}\n'.encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *HEADERS]})
    await send({"type": "http.response.body", "body": body})


def create_app(settings: Settings) -> Starlette:
    """The application serving ``settings.db``; it opens the store when it starts."""
    site = Site(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        site.close()

    routes = [*files.ROUTES, *api.ROUTES, Route("/api/openapi.json", openapi),
              *forms.ROUTES, *pages.ROUTES,
              Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"),
                    name="static")]
    secret = site.secret()  # refuses here, once, a store that cannot be opened
    app = Starlette(
        routes=routes, lifespan=lifespan,
        middleware=[Middleware(Guard, max_upload=settings.max_upload),
                    Middleware(SessionMiddleware, secret_key=secret,
                               session_cookie="timeline_session", same_site="lax",
                               https_only=settings.secure_cookies, max_age=SESSION_SECONDS)],
        exception_handlers={TimelineError: refused, HTTPException: http_error,
                            Exception: failed})
    app.state.site = site
    logging.getLogger("uvicorn.error").addFilter(LOGGED_ONCE)
    return app


def from_environment() -> Starlette:
    """The application a uvicorn worker makes, from the settings ``timeline serve`` put in
    its environment."""
    return create_app(Settings.from_environment())
