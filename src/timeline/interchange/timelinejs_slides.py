"""TimelineJS slides as people write them, each read as one event of the type and between
the actors the user names: the date to the precision the slide gives, the headline and
text as plain text in the note, the media and the links as sources.

A slide whose date cannot be one of ours (none, out of our years, impossible) is skipped
with its reason, never guessed. The event gets no id: validation makes one from its
content, so importing the same document again finds the same events.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from timeline.domain.dates import FIRST_YEAR, LAST_YEAR
from timeline.domain.records import Item, Record
from timeline.domain.sources import is_web_url
from timeline.domain.validation import MAX_NOTE, MAX_SOURCE, MAX_SOURCES
from timeline.domain.values import Source, check_pair
from timeline.domain.vocabulary import TYPES, get_type
from timeline.errors import InvalidValue, shown
from timeline.interchange.files import skip

MAX_DETAIL = 200  # a group or a display date, as the note quotes it
_INTEGER = re.compile(r"[-+]?[0-9]+")
# Tags that end a line or a block: their text is not run into the next word.
_BREAKS = {"br", "p", "div", "li", "ul", "ol", "blockquote", "tr", "td", "th", "h1", "h2",
           "h3", "h4", "h5", "h6", "hr", "section", "article", "figcaption", "dd", "dt"}
_HIDDEN = {"script", "style", "template"}


@dataclass(frozen=True)
class SlideEvents:
    """What each slide of a document from elsewhere becomes: one event of ``type`` by
    ``actor`` (towards ``target``)."""

    actor: str
    target: str | None = None
    type: str = "statement"

    @classmethod
    def checked(cls, actor: str, target: str | None, type_name: str) -> SlideEvents:
        """Refused when a slide could never make a valid event of that type: a slide gives
        a date and words, no field values."""
        etype = get_type(type_name)
        required = [f.name for f in etype.fields if f.required]
        if required:
            usable = ", ".join(name for name, t in TYPES.items()
                               if not any(f.required for f in t.fields))
            raise InvalidValue(f"type {type_name!r} needs field(s) {', '.join(required)}, "
                               f"which a slide does not give; use one of: {usable}")
        if etype.needs_target and not target:
            raise InvalidValue(f"type {type_name!r} needs a target actor")
        if target:
            check_pair(actor, target)
        return cls(actor, target or None, type_name)


def slide_event(where: str, slide: object, spec: SlideEvents) -> Item:
    """One slide as an event record, or a skip naming why it is none."""
    if not isinstance(slide, Mapping):
        return skip(where, "TimelineJS slide that is not a JSON object", shown(slide, 40))
    try:
        on, time = _date(slide.get("start_date"), "start_date", in_range=True)
        end = _date(slide.get("end_date"), "end_date") if _given(slide.get("end_date")) else None
    except _Unusable as exc:
        return skip(where, exc.reason, exc.example)
    text = slide.get("text")
    if not isinstance(text, Mapping):  # not what the format says; its words are kept
        text = {"text": text} if isinstance(text, str) else {}
    headline, head_links = plain_text(text.get("headline"))
    body, body_links = plain_text(text.get("text"))
    details = []
    group = plain_text(slide.get("group"))[0]
    if group:
        details.append(f"group: {_cut(group, MAX_DETAIL)}")
    if end is not None:
        details.append(f"end date: {end[0]}{' ' + end[1] if end[1] else ''}")
    if time:
        details.append(f"time: {time}")
    start = slide.get("start_date")
    display = slide.get("display_date") or (
        start.get("display_date") if isinstance(start, Mapping) else None)
    shown_as = plain_text(display)[0]
    if shown_as:
        details.append(f"date shown as: {_cut(shown_as, MAX_DETAIL)}")
    record: dict[str, Any] = {
        "type": spec.type, "actor": spec.actor, "target": spec.target, "on": on,
        "sources": _sources(slide.get("media"), head_links + body_links),
        "note": _note(headline, body, details),
    }
    return "event", Record(where, record)


class _Unusable(Exception):
    """A slide's date that cannot be one of ours: why (a kind, counted together), and the
    value that makes it so."""

    def __init__(self, reason: str, example: str = "") -> None:
        super().__init__(reason)
        self.reason, self.example = reason, example


def _given(value: object) -> bool:
    return value not in (None, "") and not (isinstance(value, str) and not value.strip())


def _part(date: Mapping[str, Any], name: str, what: str) -> int | None:
    """A number of a date object: a number or its digits as text, as the format's own
    examples write them; blank means not given."""
    value = date.get(name)
    if not _given(value):
        return None
    # At most 18 digits (the Earth formed in the year -4,600,000,000): a year of thousands
    # of digits is no date, and Python refuses to turn one of more than 4,300 into text.
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) < 10**18:
            return value
        raise _Unusable(f"invalid {what}", f"{name} of {value.bit_length() * 3 // 10 + 1} "
                        "digits or so")
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()) and \
            len(value.strip().lstrip("+-")) <= 18:
        return int(value.strip())
    raise _Unusable(f"invalid {what}", f"{name} {shown(value, 40)}")


def _date(raw: object, what: str, in_range: bool = False) -> tuple[str, str | None]:
    """A TimelineJS date object as ours (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, to the
    precision it gives: a day is never made up) and its time of day, if it gives one."""
    if not _given(raw):
        raise _Unusable(f"no {what}")
    if not isinstance(raw, Mapping):
        raise _Unusable(f"invalid {what}", f"not a date object: {shown(raw, 40)}")
    year, month, day = (_part(raw, k, what) for k in ("year", "month", "day"))
    hour, minute, second = (_part(raw, k, what) for k in ("hour", "minute", "second"))
    if year is None:
        raise _Unusable(f"invalid {what}", "no year")
    if in_range and year < FIRST_YEAR:
        raise _Unusable(f"{what} before the year {FIRST_YEAR}", f"year {year}")
    if in_range and year > LAST_YEAR:
        raise _Unusable(f"{what} after the year {LAST_YEAR}", f"year {year}")
    if day is not None and month is None:
        raise _Unusable(f"invalid {what}", f"day {day} without a month")
    if not 1 <= year <= 9999:  # an end date is only quoted: any year the format allows
        return str(year), None
    if month is not None and not 1 <= month <= 12:
        raise _Unusable(f"invalid {what}", f"month {month}")
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise _Unusable(f"invalid {what}", f"{year:04d}-{month:02d}-{day:02d}") from None
    text = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    if hour is None:
        if minute is not None or second is not None:
            raise _Unusable(f"invalid {what}", "minutes without an hour")
        return text, None
    if day is None:
        raise _Unusable(f"invalid {what}", f"a time of day in {text}, without a day")
    if not (0 <= hour <= 23 and 0 <= (minute or 0) <= 59 and 0 <= (second or 0) <= 59):
        raise _Unusable(f"invalid {what}", f"time {hour}:{minute or 0}:{second or 0}")
    time = f"{hour:02d}:{minute or 0:02d}" + (f":{second:02d}" if second is not None else "")
    return text, time


class _Text(HTMLParser):
    """The words of an HTML fragment, and the web addresses it links to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        if tag in _BREAKS:
            self.parts.append(" ")
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.links.append(href.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in _BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(value: object) -> tuple[str, list[Source]]:
    """HTML as one line of plain text (tags dropped, entities read, spaces collapsed), and
    the web pages it links to, as sources."""
    if not isinstance(value, str) or not value.strip():
        return "", []
    parser = _Text()
    parser.feed(value)
    parser.close()
    words = " ".join("".join(parser.parts).split())
    sources: list[Source] = []
    for address in parser.links:
        url = _web(address)
        if url is None or len(url) > MAX_SOURCE:
            continue
        sources.append({"url": url})
    return words, sources


def _web(address: str) -> str | None:
    # A protocol-relative address ("//host/path") is fetched over the page's own scheme,
    # which for any page today is https.
    url = "https:" + address if address.startswith("//") else address
    return url if is_web_url(url) and not any(c.isspace() for c in url) else None


def _sources(media: object, links: list[Source]) -> list[Source]:
    """The slide's media (its address, caption and credit) and the pages its words link
    to: where the slide says it comes from."""
    found: list[Source] = []
    if isinstance(media, Mapping):
        address = media["url"].strip() if isinstance(media.get("url"), str) else ""
        caption = _cut(plain_text(media.get("caption"))[0], MAX_SOURCE)
        credit = _cut(plain_text(media.get("credit"))[0], MAX_SOURCE)
        url = _web(address)
        if url is not None and len(url) <= MAX_SOURCE:
            source = {"url": url, "title": caption, "publisher": credit}
            found.append({k: v for k, v in source.items() if v})
        else:
            # A path on the page's own site, or HTML shown as the media (a quote, an
            # embed): kept as a citation in words.
            shown_media = address if not address.startswith("<") else plain_text(address)[0]
            words = "; ".join(p for p in (shown_media, caption, credit) if p)
            if words:
                found.append(_cut(f"media: {words}", MAX_SOURCE))
    seen = {s["url"] for s in found if isinstance(s, dict)}
    for link in links:
        if isinstance(link, dict) and link["url"] not in seen:
            seen.add(link["url"])
            found.append(link)
    return found[:MAX_SOURCES]


def _note(headline: str, body: str, details: list[str]) -> str | None:
    """Headline and text as one note, then what the slide says that we have no place for
    (its group, end date, time, displayed date); cut to our bound, saying so."""
    main = headline
    if headline and body:
        main += (" " if headline[-1] in ".!?:;" else ". ") + body
    elif body:
        main = body
    tail = f" ({'; '.join(details)})" if details else ""
    if not main and not tail:
        return None
    if len(main) + len(tail) > MAX_NOTE:
        marker = f"… [cut: the slide's text has {len(main):,} characters]"
        room = MAX_NOTE - len(tail) - len(marker)
        main = main[:max(room, 0)].rstrip() + marker
    return (main + tail).strip()[:MAX_NOTE]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
