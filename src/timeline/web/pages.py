"""The pages that read: actors, an actor, a pair, changes in a period, a group's members,
an event with every version, leads, the event types. Each has a stable address (a
colleague can be sent "the state of Russia-NATO on 2 November 2021") and links to the
API address that answers the same question as JSON. Every value on them is the
library's answer, laid out by the views the terminal uses (``views.state_text``)."""

from __future__ import annotations

from contextlib import closing
from itertools import islice
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from timeline.app import naming
from timeline.app.accounts import User
from timeline.app.aliasing import matching
from timeline.domain.dates import today
from timeline.domain.leads import MAX_LIMIT as MAX_LEADS
from timeline.domain.leads import OFFERED
from timeline.errors import InvalidValue
from timeline.views.state_text import tie_lines
from timeline.web.asked import Asked
from timeline.web.flow import asking
from timeline.web.render import page, path, query
from timeline.web.site import Seat

PAGE_EVENTS = 200  # events a page lists before "more"
MAX_ACTORS = 500  # actors the actors page lists at once (the search narrows them)


MAX_NAMING_EVENTS = 5_000  # events read to name the things a state's ties are about


def names_of(seat: Seat) -> dict[str, str]:
    return {a.id: a.name for a in seat.app.actors()}


def subject_labels(seat: Seat, names: dict[str, str], pair: tuple[str, str] | None = None,
                   actor: str | None = None) -> dict[str, str]:
    """The things ties are about by the names the chart gives them ("Rome Declaration
    (agreement)", "NATO's information office in Moscow"), read from the first events of
    the relationship (or the actor's), which open and name them: at most
    MAX_NAMING_EVENTS, so a relationship of any length costs the same."""
    from timeline.views.labels import subject_names

    with closing(seat.app.iter_events(pair, actor=actor)) as events:
        return subject_names(islice(events, MAX_NAMING_EVENTS), names)


async def _page(request: Request, template: str, takes: tuple[str, ...], work: Any
                ) -> HTMLResponse:
    asked = Asked(request.query_params, takes)

    def seated(seat: Seat, user: User | None) -> dict[str, Any]:
        context: dict[str, Any] = work(asked, seat)
        context.setdefault("names", names_of(seat))
        context["user"] = user
        return context

    return page(request, template, await asking(request, seated))


async def home(request: Request) -> Response:
    def work(q: Asked, seat: Seat) -> dict[str, Any]:
        known = seat.app.names.known_actors()
        return {"actors": known, "count": len(known), "today": today().isoformat(),
                "month": today().replace(day=1).isoformat()}

    return await _page(request, "home.html", (), work)


async def actors(request: Request) -> Response:
    def work(q: Asked, seat: Seat) -> dict[str, Any]:
        known = seat.app.names.known_actors()
        found = matching(known, q.text("q") or "")
        return {"actors": found[:MAX_ACTORS], "more": len(found) > MAX_ACTORS,
                "q": q.text("q") or "", "every": known[:MAX_ACTORS * 4]}

    return await _page(request, "actors.html", ("q",), work)


async def actor(request: Request) -> Response:
    actor_id = request.path_params["actor"]

    def work(q: Asked, seat: Seat) -> dict[str, Any]:
        as_of, known_at, kinds = q.day("as_of", "today"), q.known_at(), q.kinds()
        found = seat.app.actor_state(actor_id, as_of, known_at).only(kinds)
        names = names_of(seat)
        return {"found": found, "lines": tie_lines(found), "as_of": as_of.isoformat(),
                "names": names, "labels": subject_labels(seat, names, actor=found.actor),
                "known_at": q.text("known_at") or "", "kinds": kinds,
                "pictures": _pictures(), "api": path("api", "state", found.actor)
                + query(as_of=as_of.isoformat(), known_at=q.text("known_at"), kind=kinds)}

    return await _page(request, "actor.html", ("as_of", "known_at", "kind"), work)


async def pair(request: Request) -> Response:
    a, b = request.path_params["a"], request.path_params["b"]

    def work(q: Asked, seat: Seat) -> dict[str, Any]:
        as_of, known_at = q.day("as_of", "today"), q.known_at()
        found = seat.app.state(a, b, as_of, known_at)
        first, last = q.optional_day("from"), q.optional_day("to", end=True)
        changed = None
        if last and not first:  # a blank start was taken for today, after the end given
            raise InvalidValue("give 'from' with 'to': the first day of the period to "
                               "compare (a year or a month is the whole of it)")
        if first or last:
            changed = seat.app.diff(a, b, first or as_of, last or as_of, known_at)
        offset = q.count("offset", 0, 10**9)
        with closing(seat.app.iter_events(found.actors, known_at=known_at)) as events:
            listed = list(islice(events, offset, offset + PAGE_EVENTS + 1))
        x, y = found.actors
        names = names_of(seat)
        return {"found": found, "lines": tie_lines(found), "as_of": as_of.isoformat(),
                "names": names, "labels": subject_labels(seat, names, pair=found.actors),
                "known_at": q.text("known_at") or "", "diff": changed,
                "from": q.text("from") or "", "to": q.text("to") or "",
                "listed": listed[:PAGE_EVENTS], "offset": offset,
                # No events as known then: no chart to draw (its image would be a 404).
                "more": len(listed) > PAGE_EVENTS,
                "pictures": _pictures() and bool(listed or offset),
                "api": path("api", "state", x, y) + query(as_of=as_of.isoformat(),
                                                          known_at=q.text("known_at"))}

    return await _page(request, "pair.html", ("as_of", "known_at", "from", "to", "offset"),
                       work)


async def changes(request: Request) -> Response:
    def work(q: Asked, seat: Seat) -> dict[str, Any]:
        found = None
        if q.text("from") or q.text("to"):
            found = seat.app.changes(q.day("from"), q.end("to"), q.text("actor") or None,
                                     q.types(), q.known_at())
        return {"found": found, "from": q.text("from") or "", "to": q.text("to") or "",
                "for_actor": q.text("actor") or "", "known_at": q.text("known_at") or "",
                "api": "/api/changes" + query(**dict(q.params))}

    return await _page(request, "changes.html", ("from", "to", "actor", "type", "known_at"),
                       work)


async def members(request: Request) -> Response:
    group = request.path_params["group"]

    def work(q: Asked, seat: Seat) -> dict[str, Any]:
        as_of = q.day("as_of", "today")
        found = seat.app.members(group, as_of, q.known_at())
        return {"found": found, "as_of": as_of.isoformat(),
                "known_at": q.text("known_at") or "",
                "api": path("api", "members", found.group) + query(**dict(q.params))}

    return await _page(request, "members.html", ("as_of", "known_at"), work)


async def event(request: Request) -> Response:
    event_id = request.path_params["id"]

    def work(q: Asked, seat: Seat) -> dict[str, Any]:
        return {"event": seat.app.event(event_id), "versions": seat.app.history(event_id),
                "api": path("api", "events", event_id)}

    return await _page(request, "event.html", (), work)


async def log(request: Request) -> Response:
    def work(q: Asked, seat: Seat) -> dict[str, Any]:
        offset = q.count("offset", 0, 10**9)
        with closing(seat.app.iter_events(
                None, q.optional_day("from"), q.optional_day("to", end=True), q.types(),
                q.known_at(), q.flag("all"), actor=q.text("actor") or None,
                about=q.text("about") or None)) as events:
            listed = list(islice(events, offset, offset + PAGE_EVENTS + 1))
        kept = {k: v for k, v in q.params.items() if k != "offset"}
        return {"listed": listed[:PAGE_EVENTS], "offset": offset, "kept": kept,
                "more": len(listed) > PAGE_EVENTS, "api": "/api/log" + query(**kept)}

    return await _page(request, "log.html", ("from", "to", "type", "known_at", "all",
                                              "actor", "about", "offset"), work)


async def leads(request: Request) -> Response:
    def work(q: Asked, seat: Seat) -> dict[str, Any]:
        found = seat.app.desk.leads(q.texts("actor", 2), q.optional_day("from"),
                                    q.optional_day("to", end=True), q.texts("type"),
                                    q.texts("status", 3) or OFFERED,
                                    q.count("limit", 100, MAX_LEADS))
        return {"found": found, "api": "/api/leads" + query(**dict(q.params))}

    return await _page(request, "leads.html", ("actor", "from", "to", "type", "status",
                                               "limit"), work)


async def types(request: Request) -> Response:
    from timeline.domain.codes import describe_types

    return await _page(request, "types.html", (),
                       lambda q, seat: {"types": describe_types(), "names": {}})


async def go(request: Request) -> Response:
    """The home page's forms, sent to the page they ask for."""
    asked = Asked(request.query_params, ("a", "b", "as_of"))
    a, b = (asked.text("a") or "").strip(), (asked.text("b") or "").strip()
    as_of = asked.text("as_of") or None
    if not (a or b):
        return RedirectResponse("/actors", 303)

    def canonical(seat: Seat, user: Any) -> Response:
        # To the page of the actors' ids (a name, an alias or a code given): one address
        # for each page; a name that is no one's is refused here with a suggestion.
        ids = naming.ids(seat.app.store, *(t for t in (a, b) if t))
        where = path("pairs", *ids) if len(ids) == 2 else path("actors", ids[0])
        return RedirectResponse(where + query(as_of=as_of), 303)

    response: Response = await asking(request, canonical)
    return response


def _pictures() -> bool:
    from timeline.extras import available

    return available("charts")


ROUTES = [
    Route("/", home),
    Route("/go", go),
    Route("/actors", actors),
    Route("/actors/{actor}", actor),
    Route("/pairs/{a}/{b}", pair),
    Route("/changes", changes),
    Route("/groups/{group}", members),
    Route("/events/{id}", event),
    Route("/log", log),
    Route("/leads", leads),
    Route("/types", types),
]
