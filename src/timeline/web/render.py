"""Pages from templates: one Jinja2 environment, escaping everything it is given (the
names and notes the gate lets in may hold markup), and the few helpers templates share:
an actor shown by its name and linked to its page, a source linked only when it is a web
address, a date as the command line shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from timeline.views.text import visible

TEMPLATES = Path(__file__).parent / "templates"


def actor_link(names: Mapping[str, str], actor: str | None) -> Markup:
    """An actor by its name, linked to its page; its id is the link's title."""
    if not actor:
        return Markup("-")
    name = names.get(actor, actor)
    return Markup('<a href="/actors/{}" title="{}">{}</a>').format(
        quote(actor, safe=""), actor, visible(name))


def source_link(source: Any) -> Markup:
    """A source: a web address as a link (http and https only: a ``javascript:`` source
    is text), anything else as text."""
    if isinstance(source, Mapping):
        url = str(source.get("url") or "")
        label = str(source.get("title") or source.get("publisher") or url or source)
    else:
        url = label = str(source)
    if urlsplit(url).scheme in ("http", "https"):
        return Markup('<a href="{}" rel="noopener noreferrer nofollow">{}</a>').format(
            url, visible(label))
    return escape(visible(label))


def path(*parts: str) -> str:
    """An address made of parts, each quoted (an id may hold a slash or a question mark)."""
    return "/" + "/".join(quote(p, safe="") for p in parts)


def query(**params: Any) -> str:
    kept = {k.rstrip("_"): v for k, v in params.items() if v not in (None, "", ())}
    return "?" + urlencode(kept, doseq=True) if kept else ""


def today() -> str:
    return dt.date.today().isoformat()


templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.globals.update(path=path, query=query, source_link=source_link, today=today)
templates.env.filters["visible"] = visible


def page(request: Request, name: str, context: dict[str, Any], status: int = 200
         ) -> HTMLResponse:
    """The template ``name`` with the context every page has: who is signed in, the
    form token, and an actor link that knows the names."""
    from timeline.web.flow import csrf_token

    names = context.get("names", {})
    full = {"user": context.get("user"), "csrf": csrf_token(request),
            "private": request.app.state.site.settings.private,
            "actor": lambda actor: actor_link(names, actor), **context}
    response: HTMLResponse = templates.TemplateResponse(request, name, full,
                                                        status_code=status)
    return response
