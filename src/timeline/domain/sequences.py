"""What the vocabulary implies about order, for ``check``: an answer (accepted, rejected)
follows the proposal it answers; a member leaves a group it joined, and joins it once until
it leaves. ``state`` applies events in the order of their dates whatever they are, so a
proposal made again after its answer shows as proposed from then: ``check`` says so.

The rules read the values the vocabulary's effects set on a proposal's or a membership's
status, never event type names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from timeline.domain.findings import Finding
from timeline.domain.values import EventData, fact_pair
from timeline.domain.vocabulary import MEMBERSHIP, Value, effects_of, fact_kind

PROPOSED = "proposed"
ANSWERS = ("accepted", "rejected")
MEMBER, LEFT = "member", "left"

_Key = tuple[str, str]  # (whose fact, subject)
_Seen = tuple[Value, str, str]  # (value, event id, date as written)


def answers(one: Value, other: Value) -> bool:
    """One value proposes and the other answers: the answer came after, whatever the dates
    leave open (a veto within the span of the offer it vetoes)."""
    return PROPOSED in (one, other) and (one in ANSWERS or other in ANSWERS)


@dataclass
class Sequences:
    """The proposals and memberships seen so far, walking events in the order they apply."""

    status: dict[_Key, _Seen] = field(default_factory=dict)
    unproposed: dict[_Key, _Seen] = field(default_factory=dict)  # answered, never proposed

    def see(self, event: EventData) -> Iterator[Finding]:
        for effect in effects_of(event):
            if effect.op != "set" or effect.attribute != "status":
                continue
            kind = fact_kind(effect.subject)
            if kind not in ("proposal", MEMBERSHIP):
                continue
            key = (fact_pair(event.actor, event.target, effect), effect.subject)
            before = self.status.get(key)
            now: _Seen = (effect.value, event.id, event.on)
            if kind == "proposal":
                yield from self._proposal(key, before, now)
            else:
                yield from _membership(effect.subject, before, now)
            self.status[key] = now

    def _proposal(self, key: _Key, before: _Seen | None, now: _Seen) -> Iterator[Finding]:
        value, event_id, on = now
        subject = key[1]
        if value == PROPOSED:
            answered = self.unproposed.pop(key, None)
            if answered is not None:
                yield Finding("answered_before_proposed", answered[2], [answered[1], event_id],
                              f"{answered[1]} answers {subject} ({answered[0]}) on "
                              f"{answered[2]}, before {event_id} proposes it on {on}")
            elif before is not None and before[0] in ANSWERS:
                yield Finding("proposed_after_answer", on, [before[1], event_id],
                              f"{subject} was {before[0]} ({before[1]}, {before[2]}) and is "
                              f"proposed again by {event_id} on {on}: state shows it proposed "
                              "from then (a new offer is best recorded as another proposal)")
        elif value in ANSWERS and before is None:
            self.unproposed[key] = now

    def end(self) -> Iterator[Finding]:
        """Answers of proposals the record never makes."""
        for (_, subject), (value, event_id, on) in self.unproposed.items():
            yield Finding("answer_without_proposal", on, [event_id],
                          f"{event_id} answers {subject} ({value}), which no event proposes")


def _membership(subject: str, before: _Seen | None, now: _Seen) -> Iterator[Finding]:
    value, event_id, on = now
    if value == MEMBER and before is not None and before[0] == MEMBER:
        yield Finding("joined_twice", on, [before[1], event_id],
                      f"{event_id} joins {subject} on {on}, already joined by {before[1]} "
                      f"({before[2]}) and not left since")
    elif value == LEFT and (before is None or before[0] != MEMBER):
        yield Finding("left_without_joining", on, [event_id],
                      f"{event_id} leaves {subject} on {on}, which no event before it joins")
