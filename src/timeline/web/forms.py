"""The pages that write, for signed-in users whose role allows it: sign in and out,
record an event, correct or retract one, accept or dismiss a lead, import a file. Each
form carries the session's CSRF token; each write records who made it (``by``). A
refused write shows the form again with the library's one-line reason."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from timeline.app.accounts import TooManyAttempts, User
from timeline.domain.origins import HAND_TYPES
from timeline.errors import Conflict, InvalidValue, NotFound, TimelineError
from timeline.web.flow import SESSION, allowed, check_csrf, session_of, site_of, writing
from timeline.web.limits import MAX_BODY
from timeline.web.render import page, path
from timeline.web.site import Seat

MAX_FIELDS = 200  # fields a form may send


async def _form(request: Request, upload: bool = False) -> FormData:
    limit = site_of(request).settings.max_upload if upload else MAX_BODY
    return await request.form(max_files=1 if upload else 0, max_fields=MAX_FIELDS,
                              max_part_size=limit)


def _text(form: FormData, key: str) -> str | None:
    value = form.get(key)
    if isinstance(value, UploadFile) or value is None or not value.strip():
        return None
    return value


def _lines(form: FormData, key: str) -> list[str]:
    return [line.strip() for line in (_text(form, key) or "").splitlines() if line.strip()]


def _pairs(form: FormData, key: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in _lines(form, key):
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            raise InvalidValue(f"expected KEY=VALUE, got {line!r}")
        out[name.strip()] = value.strip()
    return out


MAX_UPLOAD_NAME = 200  # bytes of an upload's name kept (in UTF-8; file systems take 255)


def upload_name(filename: str) -> str:
    """The name an upload is saved and reported under: its last part only (so it cannot
    point elsewhere), printable, and short enough for any file system (its extension
    kept whole)."""
    last = filename.replace("\\", "/").rsplit("/", 1)[-1]
    # Unprintable characters (a lone surrogate too, which no file system takes) as "_".
    name = "".join(c if c.isprintable() else "_" for c in last).strip()
    if name in ("", ".", ".."):
        return "upload"
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension.encode()) > 20:
        return _fitted(name, MAX_UPLOAD_NAME)
    return _fitted(stem, MAX_UPLOAD_NAME - len(extension.encode()) - 1) + "." + extension


def _fitted(text: str, size: int) -> str:
    """The longest start of ``text`` that is at most ``size`` bytes of UTF-8."""
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


async def _imported(request: Request, form: FormData) -> tuple[Any, str]:
    """The uploaded file imported, all or nothing, by whoever signed in."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidValue("choose a file to import")
    name = upload_name(upload.filename)
    with tempfile.TemporaryDirectory(prefix="timeline-upload-") as folder:
        # The reader goes by the file's extension and content, as on the command line.
        saved = Path(folder) / name
        with saved.open("wb") as out:
            while chunk := await upload.read(1024 * 1024):
                out.write(chunk)

        def write(seat: Seat, user: User | None) -> Any:
            from timeline.interchange import detect_format, expand_paths, iter_records

            assert user is not None
            files = expand_paths([str(saved)])
            fmt = detect_format(files)
            if fmt == "log":
                raise InvalidValue("a whole log is restored with 'timeline import' on the "
                                   "server's machine, not uploaded")
            return seat.app.importer.run(lambda: iter_records(files, fmt), by=user.name,
                                         sourced=True)

        try:
            return await writing(request, "writer", write, _text(form, "csrf") or ""), name
        except TimelineError as exc:  # says where in the file, by the name it was sent as
            exc.args = tuple(arg.replace(f"{folder}/", "") if isinstance(arg, str) else arg
                             for arg in exc.args)
            raise


def _local(target: str | None) -> str:
    """Where to go after signing in: a path on this server only (never ``//elsewhere``)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


async def sign_in(request: Request) -> Response:
    if request.method == "GET":
        return page(request, "signin.html", {"next": _local(request.query_params.get("next"))})
    form = await _form(request)
    check_csrf(request, _text(form, "csrf"))
    name, password = _text(form, "name") or "", form.get("password")
    target = _local(_text(form, "next"))
    if not isinstance(password, str):
        password = ""
    source = request.client.host if request.client else ""

    def check(seat: Seat) -> str | None:
        user = seat.accounts.sign_in(name, password, source)
        return None if user is None else seat.accounts.start_session(user)

    try:
        session = await site_of(request).run(check)
    except TooManyAttempts as exc:
        return page(request, "signin.html", {"next": target, "error": str(exc), "name": name},
                    429)
    if session is None:
        return page(request, "signin.html", {"next": target, "name": name,
                                             "error": "unknown name or wrong password"}, 401)
    request.session.clear()  # a new session for the signed-in user: nothing carried over
    request.session[SESSION] = session
    return RedirectResponse(target, 303)


async def sign_out(request: Request) -> Response:
    form = await _form(request)
    check_csrf(request, _text(form, "csrf"))
    session = session_of(request)
    if session is not None:  # ended in the store: the cookie, kept or copied, is worth nothing
        await site_of(request).run(lambda seat: seat.accounts.end_session(session))
    request.session.clear()
    return RedirectResponse("/", 303)


def _needs_sign_in(request: Request) -> Response | None:
    if session_of(request) is None:
        return to_sign_in(request)
    return None


def to_sign_in(request: Request) -> RedirectResponse:
    """To the sign-in, and back after to the page asked for, its query too: a link a
    colleague sent (a pair as of a day, a period) opens as sent."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/signin?next=" + quote(here, safe="/"), 303)


async def record(request: Request) -> Response:
    """The form that records one event, and its answer."""
    away = _needs_sign_in(request)
    if away is not None:
        return away
    context: dict[str, Any] = {"types": HAND_TYPES, "given": {}}
    if request.method == "GET":
        context["user"] = await allowed(request, "writer")
        return page(request, "record.html", context)
    form = await _form(request)
    given = {k: v for k, v in form.items() if isinstance(v, str)}
    context["given"] = given

    def write(seat: Seat, user: User | None) -> Any:
        assert user is not None
        raw = {"id": _text(form, "id"), "type": _text(form, "type") or "",
               "actor": _text(form, "actor") or "", "target": _text(form, "target"),
               "on": _text(form, "on") or "", "announced": _text(form, "announced"),
               "fields": _pairs(form, "fields"), "sources": _lines(form, "sources"),
               "note": _text(form, "note"), "about": _lines(form, "about"),
               "via": _text(form, "via")}
        found, _, _ = seat.app.add_event_naming(raw, by=user.name, sourced=True)
        return found

    try:
        found = await writing(request, "writer", write, _text(form, "csrf") or "")
    except (InvalidValue, NotFound, Conflict) as exc:
        # The form again, as typed, with what is wrong: an unknown actor too (it had been
        # a bare page, and what was typed lost).
        context["error"] = str(exc)
        context["user"] = await allowed(request, "writer")
        return page(request, "record.html", context, 409 if isinstance(exc, Conflict) else 400)
    return RedirectResponse(path("events", found.id), 303)


async def change_event(request: Request) -> Response:
    """A correction or retraction sent from an event's page."""
    event_id, how = request.path_params["id"], request.path_params["how"]
    if how not in ("correct", "retract"):
        raise HTTPException(404)
    form = await _form(request)
    reason = _text(form, "reason") or ""

    def write(seat: Seat, user: User | None) -> Any:
        assert user is not None
        if how == "retract":
            return seat.app.retract(event_id, reason, by=user.name)
        return seat.app.correct(event_id, reason, on=_text(form, "on"),
                                announced=_text(form, "announced"),
                                actor=_text(form, "actor"), target=_text(form, "target"),
                                fields=_pairs(form, "fields"), sources=_lines(form, "sources"),
                                by=user.name, sourced=True)

    await writing(request, "writer", write, _text(form, "csrf") or "")
    return RedirectResponse(path("events", event_id), 303)


async def decide_lead(request: Request) -> Response:
    """A lead accepted or dismissed from the leads page."""
    lead, how = request.path_params["id"], request.path_params["how"]
    if how not in ("accept", "dismiss"):
        raise HTTPException(404)
    form = await _form(request)

    def write(seat: Seat, user: User | None) -> Any:
        assert user is not None
        if how == "dismiss":
            return seat.app.desk.dismiss(lead, _text(form, "reason") or "", by=user.name)
        return seat.app.desk.accept(lead, _text(form, "on"), _pairs(form, "fields"),
                                    _text(form, "note"), _text(form, "as"), by=user.name)

    found = await writing(request, "writer", write, _text(form, "csrf") or "")
    return RedirectResponse(path("events", found.id) if how == "accept" else "/leads", 303)


async def import_file(request: Request) -> Response:
    """A file imported as ``timeline import FILE`` imports it: all or nothing."""
    away = _needs_sign_in(request)
    if away is not None:
        return away
    user = await allowed(request, "writer")  # before a byte of an upload is read
    if request.method == "GET":
        return page(request, "import.html", {"user": user})
    form = await _form(request, upload=True)
    try:
        result, name = await _imported(request, form)
    finally:
        await form.close()  # the upload's spooled file with it
    from timeline.views.text import render_import

    return page(request, "imported.html", {"summary": render_import(result), "file": name,
                                           "user": user})


ROUTES = [
    Route("/signin", sign_in, methods=["GET", "POST"]),
    Route("/signout", sign_out, methods=["POST"]),
    Route("/record", record, methods=["GET", "POST"]),
    Route("/events/{id}/{how:str}", change_event, methods=["POST"]),
    Route("/leads/{id}/{how:str}", decide_lead, methods=["POST"]),
    Route("/import", import_file, methods=["GET", "POST"]),
]
