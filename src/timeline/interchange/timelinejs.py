"""TimelineJS documents (https://timeline.knightlab.com/docs/json-format.html).

Export: a document a TimelineJS page opens (a title slide naming the actors, a slide per
event grouped by the subject it touches, an era per fact interval) that also carries our
actors and events, so that it imports back into a fresh store exactly.

Import: the slides that carry our event are read as they were exported; any other slide,
of a TimelineJS 3 document as people write it (or a TimelineJS 2 one, or one wrapped in
``{"timeline": ...}``), becomes an event of the type and between the actors the user
names (see ``timelinejs_slides``). The title slide describes the timeline and is no event;
eras label spans of time and are no events either: each is reported as skipped.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timeline.domain.dates import NEVER, PartialDate
from timeline.domain.records import Item, Record
from timeline.domain.sources import source_parts
from timeline.domain.values import ActorData, EventData, Source, actors_of, fact_pair
from timeline.domain.vocabulary import RELATIONSHIP, effects_of, subject_of
from timeline.errors import InvalidValue
from timeline.interchange.files import load_json, read_text, skip
from timeline.interchange.timelinejs_slides import SlideEvents, plain_text, slide_event
from timeline.views import labels

__all__ = ["SlideEvents", "foreign_document", "ours", "read", "to_timelinejs", "write"]

OURS = "timeline"  # the key under which a slide or an era carries our own record
ACTORS = "timeline_actors"  # our actors, in the document (TimelineJS ignores other keys)
NO_END = "no end recorded"  # how an era still open at the end of the record is shown
MAX_TITLE_NAMES = 3


def write(actors: Iterable[ActorData], events: Iterable[EventData]) -> Iterator[str]:
    yield json.dumps(to_timelinejs(actors, events), indent=2, ensure_ascii=False) + "\n"


def to_timelinejs(actors: Iterable[ActorData], events: Iterable[EventData]) -> dict[str, Any]:
    """A TimelineJS document; each event keeps ours under "timeline" so it imports back."""
    cast = list(actors)
    names = {a.id: a.name for a in cast}
    slides: list[dict[str, Any]] = []
    subjects: list[tuple[str, str, str | None]] = []  # each slide's (subject, actor, target)
    titled: dict[str, str] = {}  # subject -> what the events call it
    facts = _Facts()
    for event in events:
        slides.append(_slide(event, names))
        subjects.append((subject_of(event.fields), event.actor, event.target))
        _learn_name(event, names, titled)
        facts.add(event)
    for slide, (subject, actor, target) in zip(slides, subjects, strict=True):
        slide["group"] = _group_label(_subject_name(subject, actor, target, names, titled))
    title = sorted(names.values())
    if len(title) > MAX_TITLE_NAMES:
        title = [*title[:MAX_TITLE_NAMES], f"{len(title) - MAX_TITLE_NAMES} other actor(s)"]
    document: dict[str, Any] = {
        "title": {"text": {"headline": _escape(" - ".join(title) or "timeline"),
                           "text": "Exported by timeline"}},
        "events": slides,
        "eras": facts.eras(names, titled),
    }
    document[ACTORS] = [a.to_json() for a in cast]
    return document


def _slide(event: EventData, names: Mapping[str, str]) -> dict[str, Any]:
    parties = labels.parties(event, names, arrow="→")  # a meeting's "a - b", no arrow
    details = ", ".join(f"{k} {v}" for k, v in labels.other_fields(event).items())
    body = []
    if event.note:
        body.append(f"<p>{_escape(event.note)}</p>")
    if event.announced:
        body.append(f"<p>Announced {event.announced}.</p>")
    for source in event.sources:
        body.append(f"<p>Source: {_source_html(source)}</p>")
    return {
        "unique_id": event.id,
        "start_date": _tl_date(event.on),
        "text": {
            # TimelineJS renders headlines as HTML: names and fields are text.
            "headline": _escape(f"{event.type.replace('_', ' ')}: {parties}"
                                + (f" ({details})" if details else "")),
            "text": "".join(body),
        },
        "group": "",
        OURS: ours(event),
    }


def _tl_date(on: str) -> dict[str, str]:
    """A TimelineJS date object to our date's precision; ``display_date`` always, which
    also keeps TimelineJS from taking a later date in the same year for the same one."""
    day = PartialDate.parse(on)
    if day.uncertain:
        # A span: placed where it stands on a timeline, and said as written.
        at = day.sort_day
        return {"year": str(at.year), "month": str(at.month), "day": str(at.day),
                "display_date": str(day)}
    out = {"year": str(day.start.year)}
    if day.precision in ("month", "day"):
        out["month"] = str(day.start.month)
    if day.precision == "day":
        out["day"] = str(day.start.day)
    out["display_date"] = {"year": f"{day.start:%Y}", "month": f"{day.start:%B %Y}",
                           "day": f"{day.start.day} {day.start:%B %Y}"}[day.precision]
    if day.text:  # a qualified date: ? uncertain, ~ approximate
        out["display_date"] += day.text[-1]
    return out


def ours(event: EventData) -> dict[str, Any]:
    """Our event as it travels inside the field's formats, to be read back exactly."""
    data = event.to_file()
    data.pop("recorded_at", None)
    data.pop("status", None)
    return data


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _source_html(source: Source) -> str:
    label, url = source_parts(source)
    return f'<a href="{_escape(url)}">{_escape(label)}</a>' if url else _escape(label)


# -- groups and eras: subjects by the names the events give them ----------------------------

def _learn_name(event: EventData, names: Mapping[str, str], titled: dict[str, str]) -> None:
    """What an event says a subject is called: an agreement's or a channel's name, or the
    post it opens (who sends it, what kind, to whom, where)."""
    subject = subject_of(event.fields)
    if event.type == "post_opened":
        kind = str(event.fields.get("kind", "post")).replace("_", " ")
        kind = "post" if kind == "other" else kind
        sender = names.get(event.actor, event.actor)
        host = f" to {names.get(event.target, event.target)}" if event.target else ""
        where = f" ({event.fields['location']})" if event.fields.get("location") else ""
        titled.setdefault(subject, f"{sender}'s {kind}{host}{where}")
    elif "name" in event.fields and subject != RELATIONSHIP:
        titled.setdefault(subject, str(event.fields["name"]))


def _group_label(name: str) -> str:
    """A group as TimelineJS shows it safely: it reads a group as HTML for its text, then
    writes that text as HTML, so an escaped tag would come back to life; a label without
    '<', '>' or '&' means the same in both readings."""
    return name.translate(_LOOKALIKES)


_LOOKALIKES = str.maketrans({"<": "\u2039", ">": "\u203a", "&": "\uff06"})  # angle quotes, a wide &


def _subject_name(subject: str, actor: str, target: str | None, names: Mapping[str, str],
                  titled: Mapping[str, str]) -> str:
    if subject == RELATIONSHIP:
        if target is None:
            return names.get(actor, actor)
        pair = sorted(names.get(x, x) for x in (actor, target))
        return f"relationship: {pair[0]} - {pair[1]}"
    kind, _, subject_id = subject.partition(":")
    return f"{kind}: {titled.get(subject, subject_id)}"


@dataclass(frozen=True)
class _Effect:
    """An effect on a fact, as its slide's text tells it."""

    day: int
    op: str
    value: str  # JSON, as the read model folds it
    on: str
    event: str


class _Facts:
    """The export's events folded into fact intervals, as the read model folds them (in
    order of ``on``, then of the export, which is recording order)."""

    def __init__(self) -> None:
        # By whose fact it is (fact_pair: a relationship, or one actor's own), as the read
        # model keys them.
        self.effects: dict[tuple[str, str, str], list[_Effect]] = defaultdict(list)
        self.last_year = 0

    def add(self, event: EventData) -> None:
        on = PartialDate.parse(event.on)
        day = on.start
        self.last_year = max(self.last_year, on.sort_day.year)
        if day == NEVER:
            return  # an open-ended span never takes effect as known
        for effect in effects_of(event):
            owner = fact_pair(event.actor, event.target, effect)
            self.effects[(owner, effect.subject, effect.attribute)].append(
                _Effect(day.toordinal(), effect.op, json.dumps(effect.value), event.on,
                        event.id))

    def eras(self, names: Mapping[str, str], titled: Mapping[str, str]
             ) -> list[dict[str, Any]]:
        from timeline.domain.fold import fold  # the read model's own folding

        out = []
        for (owner, subject, attribute), effects in sorted(self.effects.items()):
            effects.sort(key=lambda e: e.day)  # stable: recording order within a day
            intervals = fold((e.day, e.op, e.value, e.on, e.event) for e in effects)
            parties = actors_of(owner)
            actor, target = parties[0], (parties[1] if len(parties) == 2 else None)
            group = _subject_name(subject, actor, target, names, titled)
            what = _attribute_name(attribute, names)
            for index, interval in enumerate(intervals):
                closed = index + 1 < len(intervals)
                end = intervals[index + 1].since if closed else None
                value = json.loads(interval.value)
                shown = (names.get(value, value.replace("_", " ")) if isinstance(value, str)
                         else value)
                out.append({
                    "start_date": _tl_date(interval.since),
                    "end_date": _tl_date(end) if end else {
                        "year": str(self.last_year + 1), "display_date": NO_END},
                    "text": {"headline": _escape(f"{group} - {what}: {shown}")},
                    OURS: {"subject": subject, "attribute": attribute, "value": value,
                           "start": interval.since, "end": end, "event": interval.event_id,
                           "actors": list(parties)},
                })
        return out


def _attribute_name(attribute: str, names: Mapping[str, str]) -> str:
    kind, _, whose = attribute.partition(":")
    kind = kind.replace("_", " ")
    return f"{kind} ({names.get(whose, whose)})" if whose else kind


# -- import ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Document:
    """A TimelineJS document read: its slides, eras and actors, each with where it was."""

    slides: list[tuple[str, Any]]  # (where, slide)
    eras: list[tuple[str, Any]]
    actors: list[tuple[str, Any]]


def read(path: Path, actor_map: Mapping[str, str] | None = None, *,
         slides: SlideEvents | None = None, **_: object) -> Iterator[Item]:
    """Our actors and events, as exported; and with ``slides``, every other slide as an
    event of that type between those actors (without, each is skipped with its reason)."""
    document = _document(path, load_json(path, read_text(path)))
    for where, actor in document.actors:
        if not isinstance(actor, dict):
            raise InvalidValue(f"{where}: an actor must be a JSON object")
        yield "actor", Record(where, dict(actor))
    for where, slide in document.slides:
        carried = slide.get(OURS) if isinstance(slide, dict) else None
        if isinstance(carried, dict):
            yield "event", Record(where, dict(carried))
        elif slides is None:
            yield skip(where, "TimelineJS slide without timeline data")
        else:
            yield slide_event(where, slide, slides)
    for where, era in document.eras:
        # Our own eras are the fact intervals of the events above: nothing to import.
        if not (isinstance(era, dict) and isinstance(era.get(OURS), dict)):
            yield skip(where, "TimelineJS era, not an event", _era_name(era))


def _era_name(era: object) -> str:
    text = era.get("text") if isinstance(era, dict) else None
    return plain_text(text.get("headline"))[0][:80] if isinstance(text, dict) else ""


def foreign_document(paths: Sequence[Path]) -> Path | None:
    """The first file with slides, none of which carries our event: importing it needs to
    be told whose events its slides are."""
    for path in paths:
        document = _document(path, load_json(path, read_text(path)))
        if document.slides and not any(
                isinstance(s, dict) and isinstance(s.get(OURS), dict)
                for _, s in document.slides):
            return path
    return None


def _document(path: Path, data: object) -> _Document:
    """The slides, eras and actors of a document in any of the layouts TimelineJS reads."""
    if isinstance(data, dict) and isinstance(data.get("events"), list):
        return _Document(_listed(path, "events", data["events"]),
                         _listed(path, "eras", data.get("eras")),
                         _listed(path, ACTORS, data.get(ACTORS)))
    inner = data.get("timeline") if isinstance(data, dict) else None
    if isinstance(inner, dict):
        for key in ("events", "slides"):  # a TimelineJS 3 document wrapped
            if isinstance(inner.get(key), list):
                return _Document(_listed(path, f"timeline.{key}", inner[key]),
                                 _listed(path, "timeline.eras", inner.get("eras")), [])
        if isinstance(inner.get("date"), list):  # TimelineJS 2
            return _Document(
                [(w, _from_version_2(s)) for w, s in _listed(path, "timeline.date",
                                                             inner["date"])],
                _listed(path, "timeline.era", inner.get("era")), [])
    raise InvalidValue(f"{path}: not a TimelineJS document (no 'events' list)")


def _listed(path: Path, key: str, value: object) -> list[tuple[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidValue(f"{path}: {key!r} must be a list")
    return [(f"{path}: {key}[{index}]", item) for index, item in enumerate(value)]


def _from_version_2(slide: object) -> object:
    """A TimelineJS 2 slide (``startDate: "2012,1,26"``, ``asset``, ``tag``) in the words
    of TimelineJS 3."""
    if not isinstance(slide, dict):
        return slide
    asset = slide["asset"] if isinstance(slide.get("asset"), dict) else {}
    return {
        "start_date": _version_2_date(slide.get("startDate")),
        "end_date": _version_2_date(slide.get("endDate")),
        "text": {"headline": slide.get("headline"), "text": slide.get("text")},
        "media": {"url": asset.get("media"), "caption": asset.get("caption"),
                  "credit": asset.get("credit")},
        "group": slide.get("tag"),
    }


def _version_2_date(value: object) -> object:
    if not isinstance(value, str):
        return value if value is None or isinstance(value, dict) else {"year": value}
    parts = [part.strip() for part in value.split(",")]
    return dict(zip(("year", "month", "day", "hour", "minute", "second"), parts, strict=False))
