"""The JSON API: the command line's questions at addresses, answered with the very JSON
its ``--json`` prints (``json_text`` of the library's answer), and its writes for users
whose role allows them. Refusals are JSON too: ``{"error": one line}`` with the status
that fits (``app.errors``)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from itertools import islice
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from timeline.app.accounts import User
from timeline.domain.jsonable import json_list, json_text
from timeline.domain.leads import MAX_LIMIT as MAX_LEADS
from timeline.domain.leads import OFFERED
from timeline.domain.revisions import Retraction, correction
from timeline.errors import InvalidValue
from timeline.interchange.files import parse_json
from timeline.web.asked import (
    MAX_LIMIT,
    Asked,
    field_map,
    field_text,
    field_texts,
    object_body,
    only_keys,
)
from timeline.web.flow import asking, streamed, writing
from timeline.web.site import Seat, require

# The query parameters each question takes, named as the command line's flags are
# (``as_of`` for ``--as-of``); anything else is refused. The OpenAPI description is
# written from these.
TAKES: dict[str, tuple[str, ...]] = {
    "actors": (), "state": ("as_of", "known_at", "kind"), "diff": ("from", "to", "known_at"),
    "changes": ("from", "to", "actor", "type", "known_at"), "members": ("as_of", "known_at"),
    "log": ("from", "to", "type", "known_at", "all", "actor", "about", "location", "limit",
            "offset"),
    "leads": ("actor", "from", "to", "type", "status", "limit"),
}


def json_response(value: Any, status: int = 200) -> Response:
    return Response(json_text(value) + "\n", status_code=status, media_type="application/json")


async def _read(request: Request, takes: tuple[str, ...],
                question: Callable[[Asked, Seat], Any]) -> Response:
    asked = Asked(request.query_params, takes)
    return json_response(await asking(request, lambda seat, user: question(asked, seat)))


async def actors(request: Request) -> Response:
    """Every actor, with its aliases (``timeline actor list --json``)."""
    return await _read(request, TAKES["actors"], lambda q, s: s.app.names.known_actors())


async def state(request: Request) -> Response:
    """The state of a pair, or an actor's every tie (``timeline state A [B] --json``)."""
    a, b = request.path_params["a"], request.path_params.get("b")

    def question(q: Asked, seat: Seat) -> Any:
        as_of, known_at, kinds = q.day("as_of", "today"), q.known_at(), q.kinds()
        if b is None:
            return seat.app.actor_state(a, as_of, known_at).only(kinds)
        return seat.app.state(a, b, as_of, known_at).only(kinds)

    return await _read(request, TAKES["state"], question)


async def diff(request: Request) -> Response:
    """What changed between two days (``timeline diff A B --from D1 --to D2 --json``)."""
    a, b = request.path_params["a"], request.path_params["b"]
    return await _read(request, TAKES["diff"], lambda q, s: s.app.diff(
        a, b, q.day("from"), q.end("to"), q.known_at()))


async def changes(request: Request) -> Response:
    """Every change in a period (``timeline changes --from D1 --to D2 --json``)."""
    return await _read(request, TAKES["changes"],
                       lambda q, s: s.app.changes(q.day("from"), q.end("to"), q.text("actor"),
                                                  q.types(), q.known_at()))


async def members(request: Request) -> Response:
    """A group's members on a day (``timeline members GROUP --json``)."""
    group = request.path_params["group"]
    return await _read(request, TAKES["members"], lambda q, s: s.app.members(
        group, q.day("as_of", "today"), q.known_at()))




async def log(request: Request) -> Response:
    """The events in order of when they took effect (``timeline log [A B] --json``): the
    whole listing streamed, or a page of it with ``limit`` (and ``offset``)."""
    asked = Asked(request.query_params, TAKES["log"])
    a, b = request.path_params.get("a"), request.path_params.get("b")
    pair = (a, b) if a is not None and b is not None else None
    limit = asked.count("limit", 0, MAX_LIMIT)
    offset = asked.count("offset", 0, 10**9)

    def events(seat: Seat) -> Any:
        from timeline.app.filters import Asked as Listing

        return seat.app.listings.answers(Listing(
            pair, asked.optional_day("from"), asked.optional_day("to", end=True),
            asked.types(), asked.known_at(), asked.flag("all"), asked.text("actor"),
            asked.text("about"), asked.text("location")))

    if limit or offset:
        def page(seat: Seat, user: User | None) -> list[Any]:
            with closing(events(seat)) as found:
                return list(islice(found, offset, offset + (limit or MAX_LIMIT)))

        return json_response(await asking(request, page))
    return await streamed(request, lambda seat: json_list(events(seat)), "application/json")


async def event(request: Request) -> Response:
    """An event as the record holds it now, with every version of it."""
    event_id = request.path_params["id"]

    def question(q: Asked, seat: Seat) -> Any:
        return {"event": seat.app.event(event_id).to_json(),
                "history": [v.to_json() for v in seat.app.history(event_id)]}

    return await _read(request, (), question)


async def history(request: Request) -> Response:
    """Every version of an event (``timeline history ID --json``)."""
    event_id = request.path_params["id"]
    return await _read(request, (), lambda q, s: s.app.history(event_id))


async def leads(request: Request) -> Response:
    """Leads to review (``timeline leads [A [B]] --json``); ``actor`` at most twice."""
    def question(q: Asked, seat: Seat) -> Any:
        return seat.app.desk.leads(q.texts("actor", 2), q.optional_day("from"),
                                   q.optional_day("to", end=True), q.texts("type"),
                                   q.texts("status", 3) or OFFERED,
                                   q.count("limit", 100, MAX_LEADS))

    return await _read(request, TAKES["leads"], question)


async def types(request: Request) -> Response:
    """The event types, their fields and what each changes (``timeline types --json``)."""
    from timeline.domain.codes import describe_types

    return await _read(request, (), lambda q, s: describe_types())


async def me(request: Request) -> Response:
    """Who the server takes you for: your name and role, or null."""
    return json_response(await asking(request, lambda seat, user: user, anyone=True))


async def users(request: Request) -> Response:
    """The server's users and their roles (admins only)."""
    Asked(request.query_params, ())

    def listed(seat: Seat, user: User | None) -> Any:
        require(user, "admin")  # a read: no form token asked, the role is
        return seat.accounts.users()

    return json_response(await asking(request, listed))


# -- writes ----------------------------------------------------------------------------


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidValue("the request's body is not UTF-8 text") from None
    return object_body(parse_json(text, "the request's body"))


async def add_actor(request: Request) -> Response:
    """Add an actor (``timeline actor add ID --name N --json``; the same one again changes
    nothing): the actor, as stored."""
    Asked(request.query_params, ())
    data = await _body(request)
    only_keys(data, ("id", "name", "kind", "exists_from"), "an actor")

    def write(seat: Seat, user: User | None) -> Any:
        return seat.app.add_actor(field_text(data, "id", True) or "",
                                  field_text(data, "name", True) or "",
                                  field_text(data, "kind") or "other",
                                  field_text(data, "exists_from"))

    return json_response(await writing(request, "writer", write))


async def add_event(request: Request) -> Response:
    """Record one event, given as a line of an import file holds it; 201 and the event as
    stored, or 200 and the event when the same one was recorded already."""
    Asked(request.query_params, ())
    raw = await _body(request)

    def write(seat: Seat, user: User | None) -> tuple[Any, bool]:
        assert user is not None
        found, created, _ = seat.app.add_event_naming(raw, by=user.name, sourced=True)
        return found, created

    found, created = await writing(request, "writer", write)
    return json_response(found, 201 if created else 200)


async def correct(request: Request) -> Response:
    """Record a corrected version of an event (``timeline correct ID --json``)."""
    event_id = request.path_params["id"]
    Asked(request.query_params, ())
    data = await _body(request)
    only_keys(data, ("reason", "on", "announced", "actor", "target", "fields", "sources"),
              "a correction")

    def write(seat: Seat, user: User | None) -> Any:
        assert user is not None
        before = seat.app.event(event_id)
        after = seat.app.correct(
            event_id, field_text(data, "reason", True) or "", on=field_text(data, "on"),
            announced=field_text(data, "announced"), actor=field_text(data, "actor"),
            target=field_text(data, "target"), fields=field_map(data, "fields"),
            sources=field_texts(data, "sources"), by=user.name, sourced=True)
        return correction(before, after, (field_text(data, "reason") or "").strip())

    return json_response(await writing(request, "writer", write))


async def retract(request: Request) -> Response:
    """Record that an event no longer counts (``timeline retract ID --json``)."""
    event_id = request.path_params["id"]
    Asked(request.query_params, ())
    data = await _body(request)
    only_keys(data, ("reason",), "a retraction")

    def write(seat: Seat, user: User | None) -> Any:
        assert user is not None
        reason = (field_text(data, "reason", True) or "").strip()
        before = seat.app.event(event_id)
        return Retraction(event_id, reason, before,
                          seat.app.retract(event_id, reason, by=user.name))

    return json_response(await writing(request, "writer", write))


async def accept(request: Request) -> Response:
    """Accept a lead: record its fact (``timeline accept LEAD --json``)."""
    lead = request.path_params["id"]
    Asked(request.query_params, ())
    data = await _body(request)
    only_keys(data, ("on", "fields", "note", "as", "with"), "an acceptance")

    def write(seat: Seat, user: User | None) -> Any:
        assert user is not None
        return seat.app.desk.accept(lead, field_text(data, "on"), field_map(data, "fields"),
                                    field_text(data, "note"), field_text(data, "as"),
                                    field_texts(data, "with"), by=user.name)

    return json_response(await writing(request, "writer", write))


async def dismiss(request: Request) -> Response:
    """Dismiss a lead, saying why (``timeline dismiss LEAD --json``)."""
    lead = request.path_params["id"]
    Asked(request.query_params, ())
    data = await _body(request)
    only_keys(data, ("reason",), "a dismissal")

    def write(seat: Seat, user: User | None) -> Any:
        assert user is not None
        reason = (field_text(data, "reason", True) or "").strip()
        return seat.app.desk.dismiss(lead, reason, by=user.name)

    return json_response(await writing(request, "writer", write))


ROUTES = [
    Route("/api/actors", actors),
    Route("/api/actors", add_actor, methods=["POST"]),
    Route("/api/state/{a}/{b}", state),
    Route("/api/state/{a}", state),
    Route("/api/diff/{a}/{b}", diff),
    Route("/api/changes", changes),
    Route("/api/members/{group}", members),
    Route("/api/log", log),
    Route("/api/log/{a}/{b}", log),
    Route("/api/events", add_event, methods=["POST"]),
    Route("/api/events/{id}", event),
    Route("/api/events/{id}/history", history),
    Route("/api/events/{id}/correct", correct, methods=["POST"]),
    Route("/api/events/{id}/retract", retract, methods=["POST"]),
    Route("/api/leads", leads),
    Route("/api/leads/{id}/accept", accept, methods=["POST"]),
    Route("/api/leads/{id}/dismiss", dismiss, methods=["POST"]),
    Route("/api/types", types),
    Route("/api/me", me),
    Route("/api/users", users),
]
