"""The API's OpenAPI description, written from the routes themselves: each address, its
methods, its endpoint's first docstring line, its path parameters and the query
parameters it takes (``api.TAKES``), so the description cannot drift from what is served."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from timeline import __version__

# What each query parameter means, in the command line's words.
MEANING = {
    "as_of": "The day to describe: a date, year or month (its first day) or 'today'.",
    "known_at": "Answer as the record stood then: a date (its end) or an ISO timestamp.",
    "from": "The first day of the period: a date, year or month (its first day).",
    "to": "The last day of the period: a date, year or month (its last day).",
    "kind": "Only facts of this kind; repeatable.",
    "type": "Only events (or leads) of this type; repeatable.",
    "actor": "An actor: its id, name, alias or ISO code.",
    "about": "Only events about this actor or topic.",
    "location": "Only events whose location holds this text.",
    "all": "Include retracted events (true or false).",
    "limit": "At most this many (a page).",
    "offset": "Skip this many first.",
    "status": "Only leads of this status; repeatable.",
}
ERROR = {"description": "Refused: {\"error\": the reason, one line}",
         "content": {"application/json": {"schema": {
             "type": "object", "properties": {"error": {"type": "string"}}}}}}


def describe(routes: list[Any], takes: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for route in routes:
        if not isinstance(route, Route) or not route.path.startswith("/api/"):
            continue
        doc = (route.endpoint.__doc__ or "").strip().split("\n\n")[0]
        names = re.findall(r"{(\w+)(?::\w+)?}", route.path)
        parameters = [{"name": n, "in": "path", "required": True,
                       "schema": {"type": "string"}} for n in names]
        parameters += [{"name": q, "in": "query", "description": MEANING.get(q, ""),
                        "schema": {"type": "string"}}
                       for q in takes.get(route.endpoint.__name__, ())]
        for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
            writes = method != "GET"
            paths.setdefault(route.path, {})[method.lower()] = {
                "summary": " ".join(doc.split()),
                "parameters": parameters,
                **({"requestBody": {"required": True, "content": {"application/json": {}}}}
                   if writes and route.endpoint.__name__ != "add_event" else {}),
                **({"security": [{"bearer": []}, {"session": []}]} if writes else {}),
                "responses": {"200": {"description": "The answer, as the command line's "
                                                     "--json prints it."},
                              "400": ERROR, "401": ERROR, "403": ERROR, "404": ERROR},
            }
    return {"openapi": "3.1.0",
            "info": {"title": "timeline", "version": __version__,
                     "description": "A record of how relationships between international "
                                    "actors change over time."},
            "paths": paths,
            "components": {"securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "A token from 'timeline token add NAME'."},
                "session": {"type": "apiKey", "in": "cookie", "name": "timeline_session",
                            "description": "A signed-in browser; writes also send the "
                                           "X-CSRF-Token header."}}}}


async def openapi(request: Request) -> JSONResponse:
    """This description of the API."""
    from timeline.web.api import TAKES

    return JSONResponse(describe(request.app.routes, TAKES))
