"""What ties an actor has with a counterpart, read from the relationship's fact intervals (as
``Network`` gives them): its relations, posts each way, channels, agreements, envoys and
memberships, on a day and over time. An actor's picture draws these, not only the
``relations`` fact: Russia's allies had no relations fact, yet each kept an embassy in
Moscow.

Which facts there are comes from the vocabulary's effects (a post's ``status`` and
``sender``, an agreement's and a channel's ``status``, ``representation:SENDER``,
``membership:GROUP``); whether a value holds, from the palette's phase of it (open, in
force, member: holding), so no value is named here a second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from timeline.domain.dates import PartialDate
from timeline.domain.histories import Interval
from timeline.domain.vocabulary import KEYED, MEMBERSHIP, OTHER_LEVEL, RELATIONSHIP, fact_kind
from timeline.errors import InvalidValue
from timeline.views.labels import possessive
from timeline.views.palette import OTHER, style_of

REPRESENTATION = "representation"  # a fact keyed by its sender (the vocabulary's KEYED)
assert REPRESENTATION in KEYED


@dataclass(frozen=True)
class Kind:
    """A kind of tie, as a lane draws it: a thin strip of its colour, named in the legend."""

    key: str
    colour: str
    legend: str  # {actor} stands for the actor in the middle


# Colours of the same family as the values they stand for (an agreement in force, a
# membership), else Okabe-Ito's blues and Tol's teal: told apart by colour-blind readers.
KINDS = (
    Kind("post_in", "#0072B2", "a post of theirs at {actor}"),
    Kind("post_out", "#56B4E9", "a post of {actor}'s at theirs"),
    Kind("channel", "#009E73", "a channel open"),
    Kind("agreement", "#CC79A7", "an agreement in force"),
    Kind("envoy", "#44AA99", "an envoy (either way)"),
    # COW's 9: representation, of none of its ranks (not "none"): the grey of "other".
    Kind("envoy_other", OTHER.colour, "representation of another kind (either way)"),
    Kind(MEMBERSHIP, "#332288", "a membership"),
)
BY_KEY = {k.key: k for k in KINDS}


@dataclass(frozen=True)
class Held:
    """A tie held from ``start`` (inclusive) to ``end`` (exclusive, None: still); ``observed``
    where it was only seen to hold by ``start`` (``../D``: since when, nobody says)."""

    start: dt.date
    end: dt.date | None
    observed: bool


def _holds(interval: Interval, day: dt.date) -> bool:
    start = dt.date.fromisoformat(interval.start)
    return start <= day and (interval.end is None or day < dt.date.fromisoformat(interval.end))


def possibly(interval: Interval, day: dt.date) -> bool:
    """Whether the interval's value may already hold on ``day`` though it is known only
    from its start: set by an event dated by a span (``D1/D2``, ``../D``) that holds the
    day (the read model's "in flight", as the interval's ``since`` says it)."""
    first = possible_from(interval)
    return first is not None and first <= day < dt.date.fromisoformat(interval.start)


def possible_from(interval: Interval) -> dt.date | None:
    """The first day the interval's value may hold, where that is before its start (an
    event dated by a span: ``D1/D2`` from D1, ``../D`` from any day); else None."""
    try:
        since = PartialDate.parse(interval.since)
    except InvalidValue:
        return None
    return since.first if since.uncertain else None


def _senders(intervals: Sequence[Interval]) -> dict[str, str]:
    """Each post's sender (set when it opened)."""
    return {i.subject: str(i.value) for i in intervals if i.attribute == "sender"}


def kind_of(interval: Interval, actor: str, senders: Mapping[str, str]) -> str | None:
    """The kind of tie a holding value of this fact is, or None (a relations fact, a count,
    a description, or a value that does not hold: closed, suspended, left)."""
    envoy = interval.attribute.partition(":")[0] == REPRESENTATION
    if envoy and str(interval.value) == OTHER_LEVEL:
        return "envoy_other"
    if style_of(interval.value).phase != "holding":
        return None
    if envoy:
        return "envoy"
    kind = fact_kind(interval.subject)
    if interval.attribute != "status":
        return None
    if kind == "post":
        return "post_out" if senders.get(interval.subject) == actor else "post_in"
    return kind if kind in BY_KEY else None


def held(intervals: Sequence[Interval], actor: str) -> dict[str, list[Held]]:
    """Each kind of tie over time: the spans in which at least one of its kind holds, in
    order, joined where they touch."""
    senders = _senders(intervals)
    found: dict[str, list[Held]] = {}
    for interval in sorted(intervals, key=lambda i: i.start):
        kind = kind_of(interval, actor, senders)
        if kind is None:
            continue
        start = dt.date.fromisoformat(interval.start)
        end = dt.date.fromisoformat(interval.end) if interval.end else None
        spans = found.setdefault(kind, [])
        last = spans[-1] if spans else None
        if last is not None and (last.end is None or start <= last.end):
            if last.end is not None and (end is None or end > last.end):
                spans[-1] = Held(last.start, end, last.observed)
            continue
        spans.append(Held(start, end, interval.since.startswith("../")))
    return found


def words(intervals: Sequence[Interval], actor: str, day: dt.date,
          names: Mapping[str, str], maybe: bool = False) -> list[str]:
    """The ties that hold on the day, in words from the actor's side: "suspended" (its
    relations), "post at Russia" (theirs), "Russia's post", "posts each way", "2 channels",
    "agreement in force", "ambassador each way", "member of NATO"; with ``maybe``, those
    that may hold on it (``possibly``) instead."""
    now = [i for i in intervals if (possibly(i, day) if maybe else _holds(i, day))]
    senders = _senders(intervals)
    who = names.get(actor, actor)
    said: list[str] = []
    relations = next((i.value for i in now if (i.subject, i.attribute) ==
                      (RELATIONSHIP, "relations")), None)
    if relations is not None:
        said.append(str(relations).replace("_", " "))
    count = {k.key: 0 for k in KINDS}
    envoys: dict[bool, str] = {}
    member: list[str] = []
    for interval in now:
        kind = kind_of(interval, actor, senders)
        if kind is None:
            continue
        count[kind] += 1
        if kind == "envoy":
            envoys[interval.attribute.partition(":")[2] == actor] = str(interval.value)
        elif kind == MEMBERSHIP:
            member.append(names.get(interval.subject.partition(":")[2],
                                    interval.subject.partition(":")[2]))
    out, back = count["post_out"], count["post_in"]
    if out == back == 1:
        said.append("post each way")
    else:
        if out:
            whose = possessive(who)
            said.append(f"{whose} post" if out == 1 else f"{out} posts of {whose}")
        if back:
            said.append(f"post at {who}" if back == 1 else f"{back} posts at {who}")
    for key, one in (("channel", "channel"), ("agreement", "agreement in force")):
        if count[key]:
            said.append(one if count[key] == 1 else
                        f"{count[key]} {one.replace(one.split()[0], one.split()[0] + 's')}")
    if envoys:
        level = {v.replace("_", " ") for v in envoys.values()}
        if len(envoys) == 2:
            said.append(f"{level.pop()} each way" if len(level) == 1 else "envoys each way")
        elif True in envoys:
            said.append(f"{possessive(who)} {envoys[True].replace('_', ' ')}")
        else:
            said.append(f"{envoys[False].replace('_', ' ')} at {who}")
    said += [f"member of {group}" for group in sorted(member)]
    return said
