"""Inconsistencies in the record: listed for an analyst to look at, never refused.

Each relationship's events are walked in the order they apply (``on``, then recording
order), folding their effects on each post as they stand at that point. The rules read
effects, not type names: a post is opened by an event that says who sends it, closed by one
that sets its status to closed, and staff are expelled by one that adds to its count.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from timeline.domain.dates import NEVER, PartialDate
from timeline.domain.edtf_dates import follows
from timeline.domain.findings import Finding
from timeline.domain.origins import undecided, unsourced
from timeline.domain.sequences import Sequences, answers
from timeline.domain.values import EventData, fact_pair, pair_key
from timeline.domain.vocabulary import (
    SIGNING_MEANT_IN_FORCE_UNTIL,
    SUBJECT_KINDS,
    TYPES,
    Effect,
    Value,
    effects_of,
)

# How far ahead an announcement may come before check flags it (the default of --max-gap).
DEFAULT_MAX_GAP_DAYS = 365


class _Post:
    def __init__(self) -> None:
        self.values: dict[str, Value] = {}
        self.touched = False
        self.closed_by = ""


def find_inconsistencies(
    events: Iterable[EventData], max_gap_days: int = DEFAULT_MAX_GAP_DAYS
) -> Iterator[Finding]:
    """Findings for events given in the order they apply, as they are found."""
    posts: dict[tuple[str, str], _Post] = defaultdict(_Post)
    seen: dict[tuple[str, str, str, str, str], str] = {}
    setters: dict[tuple[str, str, str], _Setters] = defaultdict(_Setters)
    agreements: _Agreements = {}
    sequences = Sequences()
    for event in events:
        _note_agreements(event, agreements)
        yield from sequences.see(event)
        yield from _duplicate(event, seen)
        yield from _order_unknown(event, setters)
        yield from _announced_early(event, max_gap_days)
        why = undecided(event)
        if why is not None:
            yield Finding("decision_without_lead", event.on, [event.id],
                          f"{why}: it decides nothing; 'timeline retract {event.id}' takes "
                          "it out of the record")
        if unsourced(event):
            yield Finding("unsourced", event.on, [event.id],
                          f"{event.type} changes the record and cites no source: add one "
                          f"with 'timeline correct {event.id} --source ... --reason ...'")
        pair = pair_key(event.actor, event.target) if event.target else event.actor
        by_post: dict[str, list[Effect]] = defaultdict(list)
        for effect in effects_of(event):
            if effect.subject.startswith("post:"):
                by_post[effect.subject].append(effect)
        for subject, effects in by_post.items():
            yield from _post_rules(event, subject, effects, posts[(pair, subject)])
    yield from _signed_not_in_force(agreements)
    yield from sequences.end()


_Agreements = dict[tuple[str, str], tuple[Value, EventData]]  # (pair, subject) -> last status


def _note_agreements(event: EventData, agreements: _Agreements) -> None:
    """Each agreement's last status, and the event that set it."""
    for effect in effects_of(event):
        if effect.subject.startswith("agreement:") and effect.attribute == "status":
            pair = fact_pair(event.actor, event.target, effect)
            agreements[(pair, effect.subject)] = (effect.value, event)


def _signed_not_in_force(agreements: _Agreements) -> Iterator[Finding]:
    """Agreements left signed by a signing an earlier version recorded: until MEANING 2 a
    signing put an agreement in force, so such a store now answers ``signed`` where it
    answered ``in_force``. Once per agreement, until an analyst records its entry into
    force (or its end). A signing recorded since means only that: a treaty signed and never
    ratified is no inconsistency."""
    for (_, subject), (value, event) in agreements.items():
        if value == "signed" and event.recorded_at is not None and \
                event.recorded_at < SIGNING_MEANT_IN_FORCE_UNTIL:
            yield Finding("signed_not_in_force", event.on, [event.id],
                          f"{subject} was signed on {event.on} and is not recorded in force; "
                          "earlier versions counted signing as entry into force: record "
                          "agreement_in_force if it is in force")


# An event that set a fact: (first possible day, day known by, event id, value, a span?,
# its date as written).
_Setter = tuple[dt.date, dt.date, str, Value, bool, str]


@dataclass
class _Setters:
    """The events that set one fact so far, kept so that a new one is compared only with
    those whose dates may overlap its own: found by bisection, not by walking them all
    (a relationship of 20,000 events took 44 s)."""

    exact_days: list[dt.date] = field(default_factory=list)  # in order
    exact: list[_Setter] = field(default_factory=list)
    span_ends: list[dt.date] = field(default_factory=list)  # bounded spans, by day known by
    spans: list[_Setter] = field(default_factory=list)
    others: list[_Setter] = field(default_factory=list)  # open-ended, or out of order

    def overlapping(self, first: dt.date, last: dt.date, uncertain: bool) -> Iterator[_Setter]:
        if uncertain:  # two exact dates never leave the order unknown
            lo = bisect.bisect_left(self.exact_days, first)
            hi = bisect.bisect_right(self.exact_days, last)
            yield from self.exact[lo:hi]
        yield from self.spans[bisect.bisect_left(self.span_ends, first):]
        yield from self.others

    def add(self, setter: _Setter) -> None:
        _, last, _, _, span, _ = setter
        if not span and (not self.exact_days or self.exact_days[-1] <= last):
            self.exact_days.append(last)
            self.exact.append(setter)
        elif span and last != NEVER and (not self.span_ends or self.span_ends[-1] <= last):
            self.span_ends.append(last)
            self.spans.append(setter)
        else:
            self.others.append(setter)


def _order_unknown(event: EventData, setters: dict[tuple[str, str, str], _Setters]
                   ) -> Iterator[Finding]:
    """Two events that set one fact to different values, one of them dated by a span that
    overlaps the other's date: which took effect last is not known, so the answer within
    the overlap is uncertain between them (and after it, it rests on the order recorded).
    A span that begins with the period the other's ends with follows it (``follows``), and
    an answer follows the proposal it answers (``sequences.answers``)."""
    day = PartialDate.parse(event.on)
    first, last = day.first, day.start
    for effect in effects_of(event):
        if effect.op != "set":
            continue  # counts add up in any order
        key = (fact_pair(event.actor, event.target, effect), effect.subject, effect.attribute)
        for other_first, other_last, other, value, span, written in setters[key].overlapping(
                first, last, day.uncertain):
            if (span or day.uncertain) and value != effect.value and \
                    first <= other_last and other_first <= last and \
                    not follows(event.on, written) and not follows(written, event.on) and \
                    not answers(value, effect.value):
                yield Finding("order_unknown", event.on, [other, event.id],
                              f"{other} and {event.id} set {effect.subject}.{effect.attribute} "
                              f"to {value} and {effect.value} on overlapping dates: which came "
                              "last is not known")
        setters[key].add((first, last, event.id, effect.value, day.uncertain, event.on))


def _duplicate(event: EventData, seen: dict[tuple[str, str, str, str, str], str]
               ) -> Iterator[Finding]:
    # Same type, actors, date and subject: two closures of two posts on one day are not.
    # Only what an analyst types: coded records are rows of evidence, each its own (a story
    # coded twice is what a lead counts), and a decision is made on one lead at a time.
    kind = TYPES.get(event.type)
    if kind is not None and not kind.by_hand:
        return
    subject = ",".join(f"{k}:{event.fields[k]}" for k in SUBJECT_KINDS if k in event.fields)
    key = (event.type, event.actor, event.target or "", event.on, subject)
    if key in seen:
        about = f" on {subject}" if subject else ""
        toward = f" toward {event.target}" if event.target else ""
        yield Finding("likely_duplicate", event.on, [seen[key], event.id],
                      f"two {event.type} events by {event.actor}{toward}{about} on {event.on}")
    else:
        seen[key] = event.id


def _announced_early(event: EventData, max_gap_days: int) -> Iterator[Finding]:
    if not event.announced:
        return
    # From the day it is known by, or for an open-ended span (never known) its first day.
    gap = (PartialDate.parse(event.on).sort_day - PartialDate.parse(event.announced).start).days
    if gap > max_gap_days:
        yield Finding("announced_far_from_on", event.on, [event.id],
                      f"announced {event.announced}, {gap} days before it took effect")


def _post_rules(event: EventData, subject: str, effects: list[Effect], post: _Post
                ) -> Iterator[Finding]:
    opens = any(e.attribute == "sender" for e in effects)
    if not opens and "sender" not in post.values and not post.touched:
        yield Finding("before_opened", event.on, [event.id],
                      f"{event.type} touches {subject} before it was opened")
    post.touched = True
    for effect in effects:
        status = post.values.get("status")
        if effect.op == "add" and effect.attribute == "expelled":
            count, cap = int(effect.value), post.values.get("staff_cap")
            if post.values.get("sender") == event.actor:
                yield Finding("expelled_from_own_post", event.on, [event.id],
                              f"{event.actor} expels staff from {subject}, which it sends "
                              "itself: an expulsion's post is its target's")
            if status == "closed":
                yield Finding("expulsion_from_closed_post", event.on, [event.id],
                              f"expulsion of {count} from {subject}, which is closed on "
                              f"{event.on}")
            if cap is not None and count > int(cap):
                yield Finding("cap_below_expelled", event.on, [event.id],
                              f"{count} expelled at once from {subject}, whose staff cap "
                              f"is {cap}")
        elif effect.op == "set":
            if effect.attribute == "status" and effect.value == "closed":
                if status == "closed":
                    yield Finding("closed_twice", event.on, [post.closed_by, event.id],
                                  f"{subject} is closed again though already closed")
                post.closed_by = event.id
            post.values[effect.attribute] = effect.value
