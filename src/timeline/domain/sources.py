"""How an event's sources are shown: a label and, only for http(s) addresses, a link."""

from __future__ import annotations

from timeline.domain.values import Source


def source_parts(source: Source) -> tuple[str, str | None]:
    """A source's label, and its web address when it has one (the one way sources are shown:
    only http(s) addresses become links, since a 'javascript:' one would run in a page)."""
    if isinstance(source, str):
        return source, (source if is_web_url(source) else None)
    url = source.get("url") or ""
    label = ", ".join(source[k] for k in ("title", "publisher", "published") if source.get(k))
    return label or url, (url if is_web_url(url) else None)


def source_text(source: Source) -> str:
    """A source as one line of text: the citation, or its parts and its address."""
    label, url = source_parts(source)
    if isinstance(source, str) or url is None or label == url:
        return label
    return f"{label} <{url}>"


def is_web_url(text: str) -> bool:
    """Only http(s) addresses become links: a 'javascript:' one would run in a report."""
    return text.lower().startswith(("http://", "https://"))
