"""What the server gives as files: the pictures pages show (a pair's chart, an actor's
network, as SVG drawn by ``views``) and exports as downloads, in every format ``timeline
export`` writes."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from contextlib import closing
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from timeline.domain.dates import today
from timeline.errors import InvalidValue, NotFound
from timeline.web.asked import Asked
from timeline.web.flow import asking, site_of, streamed
from timeline.web.site import Seat

SVG = "image/svg+xml"
# An export's media type and file extension, by format.
EXPORTS = {"jsonl": ("application/x-ndjson", "jsonl"), "csv": ("text/csv", "csv"),
           "timelinejs": ("application/json", "json"), "plover": ("application/x-ndjson",
                                                                  "jsonl")}
NETWORKS = {"graphml": ("application/xml", "graphml"), "gexf": ("application/xml", "gexf"),
            "csv-edges": ("text/csv", "csv")}


def _svg(request: Request, seat: Seat, draw: Callable[[Seat, io.BytesIO], None]
         ) -> Response:
    """A picture, drawn once for each state of the record: what it shows depends on its
    address, the log's length and (for a default day) today, so a worker keeps the last
    MAX_PICTURES it drew, and a browser holding one is told it has not changed (304)."""
    key = hashlib.sha256(f"{request.url.path}?{request.url.query}|{seat.app.log_length()}|"
                         f"{today()}".encode()).hexdigest()[:32]
    tag = f'"{key}"'
    # A picture of hostile names is still a picture: no script runs in an <img>, and
    # its own policy forbids scripts when opened by itself.
    headers = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
               "ETag": tag, "Cache-Control": "no-cache"}
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    kept = site_of(request).pictures
    body = kept.get(key)
    if body is None:
        out = io.BytesIO()
        draw(seat, out)
        body = out.getvalue()
        kept.put(key, body)
    return Response(body, media_type=SVG, headers=headers)


async def chart(request: Request) -> Response:
    """A pair's chart: a lane per subject, a marker per event (``timeline chart A B``)."""
    from timeline.extras import require
    from timeline.views.chart import draw

    require("charts")
    a, b = request.path_params["a"], request.path_params["b"]
    asked = Asked(request.query_params, ("from", "to", "as_of", "known_at"))

    def picture(seat: Seat, out: io.BytesIO) -> None:
        chronicle = seat.app.chronicle(a, b, asked.known_at())
        if not chronicle.events:
            raise NotFound(f"no events between {a!r} and {b!r}: nothing to draw")
        draw(chronicle, out, "svg", asked.optional_day("from"),
             asked.optional_day("to", end=True), asked.optional_day("as_of"))

    def work(seat: Seat, user: Any) -> Response:
        return _svg(request, seat, picture)

    response: Response = await asking(request, work)
    return response


async def network(request: Request) -> Response:
    """An actor's network on a day, and a lane per counterpart (``timeline chart A``)."""
    from timeline.extras import require
    from timeline.views import network as pictures

    require("charts")
    actor = request.path_params["actor"]
    asked = Asked(request.query_params, ("as_of", "known_at"))

    def picture(seat: Seat, out: io.BytesIO) -> None:
        found = seat.app.network(actor, asked.known_at())
        if not found.counterparts:
            raise NotFound(f"no events between {actor!r} and any other actor: nothing to draw")
        pictures.draw(found, out, "svg", asked.day("as_of", "today"))

    def work(seat: Seat, user: Any) -> Response:
        return _svg(request, seat, picture)

    response: Response = await asking(request, work)
    return response


async def export(request: Request) -> Response:
    """``timeline export [A B] --format F`` as a download; a network's formats take
    ``as_of``, ``known_at``, ``kind`` and one actor."""
    fmt = request.path_params["format"]
    asked = Asked(request.query_params, ("actor", "as_of", "known_at", "kind"))
    actors = asked.texts("actor", 2)
    if fmt in NETWORKS:
        return await _network_export(request, fmt, asked, actors)
    if fmt not in EXPORTS:
        raise InvalidValue(f"unknown export format {fmt!r}: one of "
                           f"{', '.join([*EXPORTS, *NETWORKS])}")
    if asked.text("as_of") or asked.text("known_at") or asked.kinds():
        raise InvalidValue("as_of, known_at and kind go with a network's formats")
    if len(actors) == 1:
        raise InvalidValue("give two actors (a relationship's export) or none (all)")
    pair = (actors[0], actors[1]) if actors else None
    media, extension = EXPORTS[fmt]

    def pieces(seat: Seat) -> Any:
        from timeline.interchange import split_export, write, write_lines

        if fmt == "jsonl":  # each event's line from the text the read model keeps
            with closing(seat.app.listings.exported_lines(pair)) as lines:
                yield from write_lines(*split_export(lines))
            return
        stream = seat.app.exported(pair)
        with closing(stream):
            found_actors, events = split_export(stream)
            yield from write(fmt, found_actors, events)

    return await streamed(request, pieces, media, _download(pair, extension))


async def _network_export(request: Request, fmt: str, asked: Asked,
                          actors: tuple[str, ...]) -> Response:
    from timeline.interchange import graph

    if len(actors) > 1:
        raise InvalidValue(f"{fmt} takes one actor (its network) or none (all)")
    if fmt in ("graphml", "gexf"):
        from timeline.extras import require

        require("graph")
    media, extension = NETWORKS[fmt]

    def work(seat: Seat, user: Any) -> str:
        found = seat.app.graph(asked.optional_day("as_of") or today(), asked.known_at(),
                               asked.kinds(), actors[0] if actors else None)
        return "".join(graph.write(fmt, found))

    text = await asking(request, work)
    return Response(text, media_type=media,
                    headers=_download((actors[0],) if actors else None, extension))


def _download(actors: tuple[str, ...] | None, extension: str) -> dict[str, str]:
    stem = "-".join(actors) if actors else "timeline"
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)[:100]
    return {"Content-Disposition": f'attachment; filename="{safe}.{extension}"'}


ROUTES = [
    Route("/pairs/{a}/{b}/chart.svg", chart),
    Route("/actors/{actor}/network.svg", network),
    Route("/api/export/{format}", export),
]
