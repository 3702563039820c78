"""A relationship's facts as ties: one line each for a post, an agreement, a channel, a
membership, a proposal, and each fact of the relationship itself (relations, cooperation,
representation, expulsions), with who holds it toward whom, its status, since when and how
sure that is. ``state`` shows ties; ``state --facts`` and the JSON show every fact.

Which way a tie runs is ``direction``'s rule, which the graph's edges follow too (a post
from its sender, a fact keyed by an actor as ``vocabulary.KEYED`` says); a proposal runs
from its proposer to its addressee.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from timeline.domain.jsonable import Jsonable
from timeline.domain.values import Fact, Proposal
from timeline.domain.vocabulary import COUNTED, KEYED, MEMBERSHIP, RELATIONSHIP

SENDER = "sender"  # the fact of a subject (a post) that names the actor it is sent by
STATUS = "status"
SIDES = (SENDER, "host")  # a post's: who sends it, and where it is (shown as from -> to)
NAMED = {"staff_cap": "staff cap", "last_contact": "last contact"}


def direction(pair: tuple[str, str], subject: str, attribute: str,
              senders: Mapping[str, str] | None = None) -> tuple[str, str, bool]:
    """(from, to, mutual) of a fact of the relationship ``pair`` (``senders``: the actor
    each subject's ``sender`` fact names, such as a post's)."""
    a, b = pair
    sender = (senders or {}).get(subject)
    if sender in pair:
        return (sender, b if sender == a else a, False)
    kind, _, keyed = subject.partition(":") if subject.startswith(f"{MEMBERSHIP}:") \
        else attribute.partition(":")
    if keyed in pair and kind in KEYED:
        other = b if keyed == a else a
        return (keyed, other, False) if KEYED[kind] else (other, keyed, False)
    return a, b, True


@dataclass(frozen=True)
class Tie(Jsonable):
    """One tie on a day: its kind and name, who holds it toward whom (``from_ -> to``),
    its status, since when, how sure, and its other facts in words."""

    relationship: tuple[str, ...]  # the pair, or the one actor whose own it is
    kind: str
    name: str
    from_: str | None
    to: str | None
    status: Fact
    details: list[str] = field(default_factory=list)


def ties(actors: tuple[str, ...], facts: Sequence[Fact],
         proposals: Iterable[tuple[str, str, str]] = ()) -> list[Tie]:
    """The ties of one relationship (``actors`` a pair) or of an actor's own facts (one
    actor), from its facts; ``proposals``, ``(proposal id, proposer, addressee)``, say
    whom each proposal was made to (its fact is the proposer's own)."""
    to_whom = {f"proposal:{p}": (by, to) for p, by, to in proposals}
    senders = {f.subject: str(_value(f)) for f in facts if f.attribute == SENDER}
    subjects: dict[str, list[Fact]] = {}
    for fact in facts:
        subjects.setdefault(fact.subject, []).append(fact)
    out: list[Tie] = []
    for subject, found in subjects.items():
        # The relationship's own facts are a tie each (relations, cooperation, an envoy).
        groups = [[f] for f in found] if subject == RELATIONSHIP else [found]
        for group in groups:
            by = {f.attribute: f for f in group}
            status = by.pop(STATUS, None) or by.pop(group[0].attribute)
            for side in SIDES:
                by.pop(side, None)
            kind, _, name = subject.partition(":")
            ends: tuple[str | None, str | None] = (None, None)
            if subject in to_whom:
                ends = to_whom[subject]
            elif len(actors) == 2:
                start, end, mutual = direction((actors[0], actors[1]), subject,
                                               status.attribute, senders)
                ends = (None, None) if mutual else (start, end)
            if subject == RELATIONSHIP:
                kind, name = status.attribute.partition(":")[0], ""
            out.append(Tie(actors, kind, name, ends[0], ends[1], status,
                           [_detail(f) for f in by.values()]))
    return out


def _value(fact: Fact | None) -> str | None:
    if fact is None:
        return None
    value = fact.value if fact.value is not None else fact.possible
    return None if value is None else str(value)


def _detail(fact: Fact) -> str:
    words = NAMED.get(fact.attribute, fact.attribute.replace("_", " "))
    if fact.certainty == "certain":
        return f"{words} {fact.value}"
    return f"{words} {either(fact)}"


def either(fact: Fact) -> str:
    """What a fact may be on its day: its value, or every value it may have ("proposed or
    rejected", "none yet or open"; a count "7 to 15")."""
    if fact.certainty == "certain":
        return str(fact.value)
    values = fact.possible_values or (fact.value, fact.possible)
    if fact.attribute.partition(":")[0] in COUNTED:
        return f"{values[0] or 0} to {values[-1]}"
    words = ["none yet" if v is None else str(v) for v in values]
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]


def answered(proposal: Proposal) -> list[str]:
    """Who answered a proposal by its day, in words: "rejected by germany (2014-06-06/
    2017-01-20)", "possibly accepted by x (...)" (its status is the proposer's own fact,
    whoever answered)."""
    return [f"{'' if a.certainty == 'certain' else 'possibly '}{a.answer} by {a.actor} "
            f"({a.on})" for a in proposal.answers]
