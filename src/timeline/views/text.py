"""Text for a terminal: tables of facts, changes, events and findings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from timeline.domain.date_forms import event_forms
from timeline.domain.dates import format_time
from timeline.domain.sources import source_text
from timeline.domain.values import EventData, Fact, State
from timeline.domain.vocabulary import TYPES
from timeline.views.labels import other_fields
from timeline.views.labels import parties as parties_of

if TYPE_CHECKING:  # not loaded for `state`, which a user runs dozens of times in a row
    from timeline.domain.actor_state import ActorState
    from timeline.domain.aliases import AliasChange, KnownActor
    from timeline.domain.diffs import Diff
    from timeline.domain.findings import Finding
    from timeline.domain.histories import Version
    from timeline.domain.overview import Changes, Members
    from timeline.domain.records import ImportResult, Restored
    from timeline.domain.revisions import Changed, Correction, Retraction

# Control characters (C0, DEL, C1) and the bidirectional overrides: text from a file could
# otherwise move the cursor, retitle the terminal or reorder what is shown.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: object) -> str:
    """Text fit for a terminal: every control character shown as an escape (``\\x1b``)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                        str(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(c) for c in headers]] + [["" if c is None else visible(c) for c in r]
                                           for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )


def _fields_text(event: EventData) -> str:
    return " ".join(f"{k}={visible(v)}" for k, v in other_fields(event).items())


class Columns(NamedTuple):  # not a dataclass: a cold start defines it (vocabulary)
    """Where an event listing's columns start: the widths of its date, type and parties."""

    on: int
    type: int
    parties: int


# Every type fits its column; parties pad to a usual pair ("russia -> nato") and longer ones
# push only what follows them on their line.
_TYPE_WIDTH = max(len(name) for name in TYPES)
_PARTIES_WIDTH = 15
_ON_WIDTH = len("YYYY-MM-DD")
# A listing printed as it is read (log) cannot measure the dates still to come: it gives
# each the width of the longest form a date may take (YYYY-MM-DD?/YYYY-MM-DD?).
STREAMED = Columns(max(len(form) for form in event_forms()), _TYPE_WIDTH, _PARTIES_WIDTH)


def _parties(event: EventData) -> str:
    parties = visible(parties_of(event))
    if event.via:
        parties += f" via {event.via}"
    if event.about:
        parties += f" about {', '.join(event.about)}"
    return parties


def columns(events: Sequence[EventData]) -> Columns:
    """Widths that hold every one of these events' dates, whatever their form."""
    return Columns(max([_ON_WIDTH, *(len(visible(e.on)) for e in events)]), _TYPE_WIDTH,
                   _PARTIES_WIDTH)


def render_events(events: Sequence[EventData], *, sources: bool = True,
                  widths: Columns | None = None, authors: bool = False) -> str:
    """One line an event (then its note and sources, indented): its date, type, parties
    and fields in columns that start at the same place on every line, the widths given or
    measured over ``events``; with ``authors``, who recorded it, where a known person did,
    at the end of its line. The events are read once (a diff's are read from the log as
    they are looked at): the lines are laid out after, when the dates' width is known."""
    if not events:
        return "(no events)"
    cols = widths or Columns(_ON_WIDTH, _TYPE_WIDTH, _PARTIES_WIDTH)
    # (date, rest) of an event's line; (None, text) of a line under it, indented.
    parts: list[tuple[str | None, str]] = []
    on_width = cols.on
    for event in events:
        on = visible(event.on)
        if widths is None:
            on_width = max(on_width, len(on))
        status = f" [{event.status}]" if event.status == "retracted" else ""
        announced = f" (announced {event.announced})" if event.announced else ""
        by = f" (by {visible(event.recorded_by)})" if authors and event.recorded_by else ""
        parts.append((on, f"{event.type:<{cols.type}} {_parties(event):<{cols.parties}} "
                          f"{_fields_text(event)}".rstrip()
                      + f"  [{event.id}]{status}{announced}{by}"))
        if event.note:
            parts.append((None, visible(event.note)))
        if sources:
            parts.extend((None, f"source: {visible(source_text(s))}") for s in event.sources)
    indent = " " * (on_width + 2)
    return "\n".join(f"{on:<{on_width}}  {rest}" if on is not None else indent + rest
                     for on, rest in parts)


def render_log(events: Sequence[EventData]) -> str:
    """The events of a log, which streams: each chunk in the same columns as the last (so
    who recorded an event ends its line, where a column would have to be known first)."""
    return render_events(events, widths=STREAMED, authors=True)


def _section(actors: tuple[str, str], when: str, known_at: str | None,
             headers: Sequence[str], rows: Sequence[Sequence[Any]], empty: str) -> str:
    """A relationship's heading line, then a table (or what stands for an empty one)."""
    known = f", as known at {known_at}" if known_at else ""
    head = f"{actors[0]} - {actors[1]}, {when}{known}"
    return f"{head}\n{table(headers, rows) if rows else empty}"


def _held(fact: Fact) -> tuple[object, object, object]:
    """A fact's value, since and event; an uncertain one says what it possibly is, and by
    which event, beside what is known (or '-')."""
    if fact.certainty == "certain":
        return fact.value, fact.since, fact.event
    known = "-" if fact.value is None else fact.value
    return (f"{known} (possibly {fact.possible})", fact.since or "-",
            f"{fact.event or '-'} (possibly {fact.possible_event})")


def render_pending(events: Sequence[EventData]) -> str:
    """What a state adds below its facts or ties: what is announced for later (or nothing)."""
    if not events:
        return ""
    return "\n\nPending (announced, not yet in effect):\n" + render_events(events,
                                                                          sources=False)


def render_state(state: State) -> str:
    text = _section(
        state.actors, f"as of {state.as_of}", state.known_at,
        ("SUBJECT", "ATTRIBUTE", "VALUE", "SINCE", "EVENT"),
        [(f.subject, f.attribute, *_held(f)) for f in state.facts],
        "(no facts recorded by this date)",
    )
    text += render_pending(state.pending)
    return text


def render_actor_state(found: ActorState) -> str:
    known = f", as known at {found.known_at}" if found.known_at else ""
    head = f"{found.actor}: every relationship, as of {found.as_of}{known}"
    rows = [(f"{found.actor} (own)", f.subject, f.attribute, *_held(f))
            for f in found.facts]
    rows += [(" - ".join(r.actors), f.subject, f.attribute, *_held(f))
             for r in found.relationships for f in r.facts]
    if not rows:
        text = f"{head}\n(no facts recorded by this date)"
    else:
        text = f"{head}\n" + table(
            ("RELATIONSHIP", "SUBJECT", "ATTRIBUTE", "VALUE", "SINCE", "EVENT"), rows)
    if found.groups:
        text += "\n\nMember of: " + ", ".join(
            f"{visible(g.actor)} (since {g.since})" for g in found.groups)
    return text + render_pending(found.pending)


def render_state_or_actor(found: State | ActorState) -> str:
    return render_state(found) if isinstance(found, State) else render_actor_state(found)


def _after(value: object, certainty: str) -> str:
    """A change's new value; a possible change says so."""
    shown = "-" if value is None else str(value)
    return shown if certainty == "certain" else f"possibly {shown}"


def _whose(actors: tuple[str, ...]) -> str:
    """A relationship's two actors, or one actor's own facts."""
    return " - ".join(actors) if len(actors) == 2 else f"{actors[0]} (own)"


def render_members(found: Members) -> str:
    known = f", as known at {found.known_at}" if found.known_at else ""
    sure = [m for m in found.members if m.certainty == "certain"]
    maybe = [m for m in found.members if m.certainty != "certain"]
    head = f"{found.group}: {len(sure)} member(s) as of {found.as_of}{known}"
    if maybe:
        head = head.replace(" as of", f", {len(maybe)} possible member(s), as of", 1)
    if not found.members:
        return f"{head}\n(no members recorded by this date)"
    if not maybe:
        return f"{head}\n" + table(("MEMBER", "SINCE", "EVENT"),
                                    [(m.actor, m.since, m.event) for m in sure])
    return f"{head}\n" + table(
        ("MEMBER", "CERTAINTY", "SINCE", "EVENT"),
        [(m.actor, "certain", m.since, m.event) for m in sure]
        + [(m.actor, "possible", m.since or "-",
            f"{m.event or '-'} (possibly {m.possible_event})")
           for m in maybe])


def render_changes(found: Changes) -> str:
    whose = f" of {found.actor}" if found.actor else ""
    known = f", as known at {found.known_at}" if found.known_at else ""
    head = f"Changes{whose} from {found.from_} to {found.to}{known}"
    rows = [(_whose(c.actors), c.subject, c.attribute, "-" if c.before is None else c.before,
             _after(c.after, c.certainty), ", ".join(c.events)) for c in found.changes]
    text = f"{head}\n" + (table(("RELATIONSHIP", "SUBJECT", "ATTRIBUTE", "BEFORE", "AFTER",
                                  "EVENTS"), rows) if rows else "(no changes)")
    if found.announced:
        text += (f"\n\nAnnounced in the period, in effect later ({len(found.announced)}):\n"
                 + render_events(found.announced, sources=False))
    return text


def render_diff(diff: Diff) -> str:
    text = _section(
        diff.actors, f"from {diff.from_} to {diff.to}", diff.known_at,
        ("SUBJECT", "ATTRIBUTE", "BEFORE", "AFTER", "EVENTS"),
        [(c.subject, c.attribute, "-" if c.before is None else c.before,
          _after(c.after, c.certainty), ", ".join(c.events)) for c in diff.changes],
        "(no changes)",
    )
    return f"{text}\n\nEvents ({len(diff.events)}):\n{render_events(diff.events)}"


def render_actors(actors: Sequence[KnownActor]) -> str:
    if not actors:
        return "(no actors)"
    headers = ["ID", "NAME", "KIND"]
    rows: list[list[str]] = [[a.id, a.name, a.kind] for a in actors]
    # Columns only some stores have: a store without them reads as before.
    for header, cells in (("EXISTS FROM", [a.exists_from or "-" for a in actors]),
                          ("ALIASES", [", ".join(a.aliases) or "-" for a in actors])):
        if any(cell != "-" for cell in cells):
            headers.append(header)
            for row, cell in zip(rows, cells, strict=True):
                row.append(cell)
    return table(headers, rows)


def render_alias(change: AliasChange) -> str:
    if not change.changed:
        return f"{change.alias!r} already names {change.after}; nothing changed"
    if change.after is None:
        return f"{change.alias!r} names no actor any more (it named {change.before})"
    if change.before == change.after:
        return f"{change.alias!r} names {change.after}, written so from now on"
    moved = f" (it named {change.before})" if change.before else ""
    return f"{change.alias!r} now names {change.after}{moved}"


def render_types(types: Sequence[dict[str, Any]]) -> str:
    import textwrap  # here: `state`, which loads this module, wraps nothing

    from timeline.domain.codes import CODED_RULE, EVENT_RULE

    return table(
        ("TYPE", "FIELDS", "CAMEO", "PLOVER", "EFFECT"),
        [(t["type"] + ("*" if t["alone"] else ""), ", ".join(t["fields"]) or "-", t["cameo"],
          "/".join(p for p in (t["plover"]["event_type"], t["plover"]["mode"]) if p) or "-",
          t["effect"]) for t in types],
    ) + "\n\n" + textwrap.fill(EVENT_RULE, width=92) + "\n\n" + textwrap.fill(
        CODED_RULE, width=92)


def render_versions(versions: Sequence[Version]) -> str:
    # One set of columns for every version: a correction of the date moves nothing.
    cols = columns([v.event for v in versions])
    lines = []
    for v in versions:
        why = f": {visible(v.reason)}" if v.reason else ""
        by = f" by {visible(v.recorded_by)}" if v.recorded_by else ""
        lines.append(f"v{v.version}  {v.status:<9}  recorded {format_time(v.recorded_at)}"
                     f"{by}{why}")
        if v.status != "retracted":
            lines.append("    " + render_events([v.event], widths=cols).replace("\n", "\n    "))
    return "\n".join(lines)


def _value(value: object) -> str:
    return "-" if value is None else visible(value)


def _changed(change: Changed) -> str:
    """One changed item: ``on: 2021-11-01? -> 2021-11-01``; a list (sources, about) as what
    it gained and lost: ``sources: +1``."""
    if isinstance(change.before, list | tuple) or isinstance(change.after, list | tuple):
        was, now = list(change.before or []), list(change.after or [])
        counts = [f"+{n}" for n in [sum(1 for x in now if x not in was)] if n] + \
                 [f"-{n}" for n in [sum(1 for x in was if x not in now)] if n]
        return f"{change.item}: {' '.join(counts) or 'reordered'}"
    return f"{change.item}: {_value(change.before)} -> {_value(change.after)}"


def render_correction(found: Correction) -> str:
    """The event's id (as ``correct`` has always printed first), then what changed."""
    return "\n".join([found.id, *(f"  {_changed(c)}" for c in found.changes)])


def summary(event: EventData) -> str:
    """An event on one line: its date, type, parties and fields."""
    return " ".join(part for part in (visible(event.on), event.type, _parties(event),
                                      _fields_text(event)) if part)


def render_retraction(found: Retraction) -> str:
    return (f"retracted {found.id} (was: {summary(found.before)}); "
            f"reason: {visible(found.reason)}")


def render_findings(findings: Sequence[Finding]) -> str:
    if not findings:
        return "No inconsistencies found."
    parts = []
    for severity, title in (("problem", "Problems"), ("note", "Notes")):
        found = [f for f in findings if f.severity == severity]
        if found:
            parts.append(f"{title} ({len(found)}):\n" + table(
                ("KIND", "ON", "EVENTS", "WHAT"),
                [(f.kind, f.on, ", ".join(f.events), f.message) for f in found]))
    if not any(f.severity == "problem" for f in findings):
        parts.insert(0, "No problems found.")
    return "\n\n".join(parts)


def render_restored(result: Restored) -> str:
    return (f"Restored {result.added} log entr(ies) (actors, and every version of every "
            f"event, as recorded); {result.already} already in the store.")


def render_import(result: ImportResult) -> str:
    later = (f" ({result.superseded} of them since corrected or retracted)"
             if result.superseded else "")
    verb = "Would import" if result.dry_run else "Imported"
    text = (
        f"{verb} {result.actors_added} actor(s) and {result.events_added} event(s); "
        f"{result.unchanged} record(s) already stored{later}."
    )
    if result.repeated:
        # Not duplicated data: coded datasets write one row per story of an event, and the
        # seed declares an actor in every file that names it.
        text = text[:-1] + (f"; {result.repeated} record(s) describe an event or actor "
                            "already given earlier in this import (several rows coded for "
                            "one event, or an actor declared in several files): stored once.")
    if result.by_type and result.events_added:
        text += "\nBy type: " + ", ".join(f"{t} x{n}" for t, n in result.by_type.items()) + "."
    if result.skipped:
        total = sum(result.skipped.values())
        reasons = ", ".join(f"{visible(why)} x{n}" + _examples(result.examples.get(why))
                            for why, n in result.skipped.items())
        text += f"\nSkipped {total} record(s) that map to no event: {reasons}."
    if result.dry_run:
        text += "\nNothing was stored (--dry-run)."
    return text


def _examples(values: list[str] | None) -> str:
    return f" (e.g. {'; '.join(visible(v) for v in values)})" if values else ""
