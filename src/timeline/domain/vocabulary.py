"""The event types: their fields, and the facts each one changes (the one source of meaning).

A fact is a (subject, attribute) of a relationship. An effect either sets a fact's value or
adds to a count; the projection, the checks, the charts and the test oracle all read what an
event means from ``effects_of``, never from its type name.

Its records are named tuples, not dataclasses: the table of types is made at every start,
and a dataclass costs about 0.7 ms to make (it compiles each of its methods), a named tuple
a fifth of that (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Literal, NamedTuple, Protocol, TypeGuard

from timeline.errors import InvalidValue, shown, suggest

Value = str | int
# "party": an actor's id that must be one of the event's own two (a meeting's host).
FieldKind = Literal["id", "text", "count", "cap", "post_kind", "party", "level"]

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
MAX_COUNT = 1_000_000  # people expelled, posts capped: far beyond any real case, and a sum
                       # of them stays an integer every store and renderer holds exactly
MAX_TEXT = 500  # a text field of an event (a name, a location)
# No text holds NUL (PostgreSQL refuses it) or a lone surrogate (unencodable); coded.clean.
UNWRITABLE = re.compile("[\x00\ud800-\udfff]")
POST_KINDS = ("mission", "embassy", "consulate", "liaison_mission", "information_office", "other")
# The rank of one state's representation at another (the COW Diplomatic Exchange's levels).
LEVELS = ("none", "charge_d_affaires", "minister", "ambassador", "other")
OTHER_LEVEL = "other"  # COW's 9: representation of none of its ranks, and not "none"
RELATIONSHIP = "relationship"  # the subject of facts about the relationship itself
SUBJECT_KINDS = ("post", "agreement", "channel", "proposal")  # the fields that name a subject
# What `state --kind` picks: each subject's kind, and the relationship's own facts.
FACT_KINDS = ("relationship", "post", "agreement", "channel", "membership", "proposal")
MEMBERSHIP = "membership"  # membership:GROUP, a member's fact in its relationship to GROUP
MEMBER = "member"  # its status while a member
# Facts keyed by an actor ("representation:SENDER"): True where that actor is where the tie
# starts (its envoy at the other), False where it ends (its staff expelled, the group joined).
KEYED = {"representation": True, "expelled": False, MEMBERSHIP: False}
EXPELLED = "expelled"
COUNTED = frozenset({EXPELLED})  # facts whose effects add up ("add"), not replace
MAX_ABOUT = 20  # the actors or topics one event is about
# What the read model's rows mean (one of another is made again from the log: storage.engine):
# 2 signing is not entry into force; 3 leads kept; 4 an open-ended span is known on no day; 5
# who recorded each version; 6 a decision counts only under its lead's id and day; 7 content.
MEANING = 7
# Signings recorded before MEANING 2 landed (this moment) put the agreement in force; those
# since mean a signing only, so the former are worth a second look (signed_not_in_force).
SIGNING_MEANT_IN_FORCE_UNTIL = dt.datetime(2026, 12, 3, 13, 15, 31, tzinfo=dt.UTC)


class Field(NamedTuple):
    """A field an event type takes: its name, what it holds, and whether it must be given."""

    name: str
    kind: FieldKind
    required: bool = True

    def describe(self) -> str:
        return self.name if self.required else f"{self.name}?"


class Effect(NamedTuple):
    """What an event does to one fact: sets its value, or adds to it (a count)."""

    subject: str
    attribute: str
    op: Literal["set", "add"]
    value: Value
    # The actor whose own fact this is, where it is not the event's relationship's: a
    # proposal's status is its proposer's, whoever accepts or vetoes it.
    own: str | None = None


class Context(NamedTuple):
    """What an effect may depend on besides the fields."""

    actor: str
    target: str | None
    on: str


EffectFn = Callable[[Context, Mapping[str, Value]], list[Effect]]


class EventType(NamedTuple):
    """An event type: its fields, and the effects an event of it has (``apply``)."""

    name: str
    fields: tuple[Field, ...]
    effect: str  # what it changes, in words
    apply: EffectFn
    label: str  # a word or two for a chart
    needs_target: bool = True
    # A group or an organisation may do it with no target: then what it changes is the
    # group's own (the Normandy Format met; its channel opened), recorded once.
    alone: bool = False
    # Done by both parties alike (they met, signed, established relations): the actor is
    # not the doer nor the target the receiver, so the pair is shown without an arrow.
    mutual: bool = False
    # Typed by an analyst; False: recorded by an import of coded data or a lead's decision.
    by_hand: bool = True

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def effects(self, ctx: Context, fields: Mapping[str, Value]) -> list[Effect]:
        return self.apply(ctx, fields)


class Happening(Protocol):
    """Anything that says what happened: a validated event, or stored content."""

    @property
    def type(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def target(self) -> str | None: ...
    @property
    def on(self) -> str: ...
    @property
    def fields(self) -> Mapping[str, Value]: ...


def effects_of(event: Happening) -> list[Effect]:
    """What an event changes: the facts it sets or adds to."""
    ctx = Context(actor=event.actor, target=event.target, on=event.on)
    return get_type(event.type).effects(ctx, event.fields)


def _set(subject: str, attribute: str, value: Value) -> Effect:
    return Effect(subject, attribute, "set", value)


def _relationship(attribute: str, value: str) -> EffectFn:
    return lambda ctx, f: [_set(RELATIONSHIP, attribute, value)]


def _status(prefix: str, value: str) -> EffectFn:
    return lambda ctx, f: [_set(f"{prefix}:{f[prefix]}", "status", value)]


def _post_opened(ctx: Context, f: Mapping[str, Value]) -> list[Effect]:
    # Kind, location and names are descriptions, kept on the event, not facts that change.
    subject = f"post:{f['post']}"
    effects = [_set(subject, "status", "open")]
    if "staff_cap" in f:
        effects.append(_set(subject, "staff_cap", f["staff_cap"]))
    effects.append(_set(subject, "sender", ctx.actor))
    if ctx.target is not None:
        effects.append(_set(subject, "host", ctx.target))
    return effects


def _expulsion(ctx: Context, f: Mapping[str, Value]) -> list[Effect]:
    effects = []
    if "post" in f:
        effects.append(Effect(f"post:{f['post']}", EXPELLED, "add", f["count"]))
    effects.append(Effect(RELATIONSHIP, f"{EXPELLED}:{ctx.target}", "add", f["count"]))
    return effects


def _proposal(value: str, whose: Literal["actor", "target"]) -> EffectFn:
    def effects(ctx: Context, f: Mapping[str, Value]) -> list[Effect]:
        own = ctx.actor if whose == "actor" else ctx.target
        return [Effect(f"proposal:{f['proposal']}", "status", "set", value, own=own)]
    return effects


def _membership(value: str) -> EffectFn:
    return lambda ctx, f: [_set(f"{MEMBERSHIP}:{ctx.target}", "status", value)]


def _meeting(ctx: Context, f: Mapping[str, Value]) -> list[Effect]:
    return [_set(f"channel:{f['channel']}", "last_contact", ctx.on)] if "channel" in f else []


def _representation(ctx: Context, f: Mapping[str, Value]) -> list[Effect]:
    return [_set(RELATIONSHIP, f"representation:{ctx.actor}", f["level"])]


_POST = Field("post", "id")
_AGREEMENT = Field("agreement", "id")
_CHANNEL = Field("channel", "id")
_NAME = Field("name", "text", required=False)
_PROPOSAL = Field("proposal", "id")

TYPES: dict[str, EventType] = {
    t.name: t
    for t in (
        EventType("relations_established", (), "relationship.relations = established",
                  _relationship("relations", "established"), "relations", mutual=True),
        EventType("relations_restored", (), "relationship.relations = established",
                  _relationship("relations", "established"), "restored", mutual=True),
        EventType("relations_suspended", (), "relationship.relations = suspended",
                  _relationship("relations", "suspended"), "suspended"),
        EventType("relations_severed", (), "relationship.relations = severed",
                  _relationship("relations", "severed"), "severed"),
        EventType("cooperation_suspended", (), "relationship.cooperation = suspended",
                  _relationship("cooperation", "suspended"), "coop. suspended"),
        EventType("cooperation_resumed", (), "relationship.cooperation = active",
                  _relationship("cooperation", "active"), "coop. resumed"),
        EventType(
            "post_opened",
            (_POST, Field("kind", "post_kind"), Field("location", "text", required=False),
             Field("staff_cap", "cap", required=False)),
            "post.status = open (+ staff_cap); post.sender = actor, post.host = target",
            _post_opened, "opened",
        ),
        EventType("post_reopened", (_POST,), "post.status = open", _status("post", "open"),
                  "reopened"),
        EventType("staff_cap", (_POST, Field("cap", "cap")), "post.staff_cap = cap",
                  lambda ctx, f: [_set(f"post:{f['post']}", "staff_cap", f["cap"])], "cap"),
        EventType(
            "expulsion", (Field("count", "count"), Field("post", "id", required=False)),
            "post.expelled += count (when post given); relationship.expelled:TARGET += count",
            _expulsion, "expel",
        ),
        EventType("mission_recall", (_POST,), "post.status = suspended",
                  _status("post", "suspended"), "recalled"),
        EventType("office_closure", (_POST,), "post.status = closed",
                  _status("post", "closed"), "closed"),
        # Signing is not entry into force (New START: signed 2010-04-08, in force
        # 2011-02-05); a document in force on signature has both events on one day.
        EventType("agreement_signed", (_AGREEMENT, _NAME), "agreement.status = signed",
                  _status("agreement", "signed"), "signed", alone=True, mutual=True),
        EventType("agreement_in_force", (_AGREEMENT, _NAME), "agreement.status = in_force",
                  _status("agreement", "in_force"), "in force", alone=True, mutual=True),
        EventType("agreement_suspended", (_AGREEMENT,), "agreement.status = suspended",
                  _status("agreement", "suspended"), "suspended", alone=True),
        EventType("agreement_terminated", (_AGREEMENT,), "agreement.status = terminated",
                  _status("agreement", "terminated"), "terminated", alone=True),
        EventType("channel_opened", (_CHANNEL, _NAME), "channel.status = open",
                  _status("channel", "open"), "opened", alone=True),
        EventType("channel_suspended", (_CHANNEL, _NAME), "channel.status = suspended",
                  _status("channel", "suspended"), "suspended", alone=True),
        EventType("channel_closed", (_CHANNEL, _NAME), "channel.status = closed",
                  _status("channel", "closed"), "closed", alone=True),
        EventType(
            "meeting",
            (Field("channel", "id", required=False), Field("host", "party", required=False),
             Field("location", "text", required=False)),
            "channel.last_contact = on (when channel given); host is one of the two",
            _meeting, "meeting", alone=True, mutual=True,
        ),
        EventType("representation", (Field("level", "level"),),
                  "relationship.representation:ACTOR = level (the actor's at the target)",
                  _representation, "represented"),
        EventType("member_joined", (), "membership:TARGET.status = member (actor = the "
                  "member, target = the group)", _membership(MEMBER), "joined"),
        EventType("member_left", (), "membership:TARGET.status = left (actor = the member, "
                  "target = the group)", _membership("left"), "left"),
        EventType("proposal", (_PROPOSAL, _NAME),
                  "proposal.status = proposed, the actor's own fact (target = to whom; "
                  "about and via on the event)", _proposal("proposed", "actor"), "proposal"),
        EventType("proposal_accepted", (_PROPOSAL,),
                  "proposal.status = accepted, the target's own fact (target = the proposer)",
                  _proposal("accepted", "target"), "accepted"),
        EventType("proposal_rejected", (_PROPOSAL,),
                  "proposal.status = rejected, the target's own fact (target = the "
                  "proposer; a veto too)", _proposal("rejected", "target"), "rejected"),
        EventType("statement", (), "none (on the timeline only)", lambda ctx, f: [],
                  "statement", needs_target=False),
        # A machine-coded record (ICEWS, GDELT, PLOVER...) kept as evidence, with its code
        # and its actors as the data wrote them: it changes no fact (see interchange.coded).
        EventType(
            "coded_event",
            (Field("dataset", "text"), Field("code", "text"),
             Field("record", "text", required=False),
             Field("source_actor", "text", required=False),
             Field("target_actor", "text", required=False),
             # GDELT's IsRootEvent (1: coded from a story's lead paragraph), NumSources
             # and NumArticles (outlets and documents that mentioned it in 15 minutes).
             Field("is_root_event", "text", required=False),
             Field("num_sources", "text", required=False),
             Field("num_articles", "text", required=False)),
            "none: evidence, kept with its code and actors as written", lambda ctx, f: [],
            "coded", needs_target=False, by_hand=False,
        ),
        # An analyst's decision on a lead (domain.leads): kept in the log, so it survives
        # rebuilds, exports and imports; it changes no fact (accepting records the fact as
        # an event of its own).
        EventType("lead_accepted", (Field("lead", "text"), Field("event", "text")),
                  "none: the lead was accepted as the event named", lambda ctx, f: [],
                  "accepted lead", mutual=True, by_hand=False),
        EventType("lead_dismissed", (Field("lead", "text"), Field("reason", "text")),
                  "none: the lead was dismissed, for the reason given", lambda ctx, f: [],
                  "dismissed lead", mutual=True, by_hand=False),
    )
}


def fact_kind(subject: str) -> str:
    """The kind of a fact's subject, as ``state --kind`` names it."""
    return subject.partition(":")[0]


def subject_of(fields: Mapping[str, Value]) -> str:
    """The subject an event's fields name (its post, agreement or channel), or the
    relationship itself."""
    for key in SUBJECT_KINDS:
        if key in fields:
            return f"{key}:{fields[key]}"
    return RELATIONSHIP


def check_types(names: Iterable[str]) -> None:
    """Refuses a filter's event type that the vocabulary does not know, or one text given
    for the list (its letters would be read as types)."""
    for name in _listed(names, "event types"):
        get_type(name)


def check_kinds(kinds: Iterable[str]) -> None:
    """Refuses a filter's kind of fact that the vocabulary does not know (a filter that
    kept nothing would answer 'no ties' where there are some)."""
    for kind in _listed(kinds, "kinds"):
        if kind not in FACT_KINDS:
            raise InvalidValue(f"unknown kind {shown(kind)}{suggest(str(kind), FACT_KINDS)}")


def _listed(names: Iterable[str], what: str) -> Iterable[str]:
    if isinstance(names, str):
        raise InvalidValue(f"give the {what} as a list ([{names!r}]), not as one text")
    if not isinstance(names, Collection):  # read here, it would be gone for the filter
        raise InvalidValue(f"give the {what} as a list, tuple or set, not a "
                           f"{type(names).__name__}")
    return names


def get_type(name: str) -> EventType:
    try:
        return TYPES[name]
    except KeyError:
        raise InvalidValue(
            f"unknown event type {name!r}{suggest(name, TYPES)}; see 'timeline types'"
        ) from None


def is_id(value: object) -> TypeGuard[str]:
    """The value is an id as ``check_id`` takes one."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def check_id(value: object, what: str) -> str:
    if not is_id(value):
        raise InvalidValue(
            f"invalid {what} {shown(value)}: use letters, digits, '.', '_' or '-' (at most 128)"
        )
    return value


def check_text(value: object, what: str, limit: int = MAX_TEXT) -> str:
    """Text that every store and view can hold: at most ``limit`` characters, without NUL
    or lone surrogates."""
    if not isinstance(value, str):
        raise InvalidValue(f"{what} must be text, got {shown(value)}")
    if len(value) > limit:
        raise InvalidValue(f"{what} is longer than {limit} characters: {shown(value)}")
    bad = UNWRITABLE.search(value)
    if bad is not None:
        escaped = bad.group().encode("unicode_escape", "backslashreplace").decode()
        raise InvalidValue(f"{what} holds an unwritable character '{escaped}' at "
                           f"{bad.start()}: {shown(value)}")
    return value
