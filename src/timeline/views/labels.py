"""Names over ids: how a picture or a page names subjects, attributes, values and events
(the ids stay in the record, and in the page's data, for anyone who looks them up)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from timeline.domain.dates import PartialDate
from timeline.domain.values import EventData
from timeline.domain.vocabulary import (
    MEMBERSHIP,
    RELATIONSHIP,
    TYPES,
    Effect,
    Value,
    effects_of,
    get_type,
    subject_of,
)

# Fields of a mutual event that say who hosted it and where: shown with its two parties
# ("a - b, hosted by b, in Geneva"), not among its other fields.
SETTING = ("host", "location")


def possessive(name: str) -> str:
    """``Russia's``, and ``the Netherlands'`` (a name that ends in s takes the apostrophe
    alone, as English writes it)."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


def subject_label(subject: str) -> str:
    """``post:x`` as ``x (post)``; the relationship's own facts as ``relationship``."""
    if subject == RELATIONSHIP:
        return "relationship"
    kind, _, name = subject.partition(":")
    return f"{name} ({kind})" if name else subject


def subject_names(events: Iterable[EventData], names: Mapping[str, str]) -> dict[str, str]:
    """Each subject the events name, as a person reads it: its own name where an event gives
    one ("Rome Declaration (agreement)"); a post as who sent it, what and where ("NATO's
    information office in Moscow"); else its kind and the first event that names it
    ("agreement (signed 2018-06-01)"), never a long coded id. The first event that says
    it wins, in the order given."""
    named: dict[str, str] = {}
    first: dict[str, str] = {}
    for event in events:
        for effect in effects_of(event):
            if effect.subject.startswith(f"{MEMBERSHIP}:"):
                group = effect.subject.partition(":")[2]
                named.setdefault(effect.subject, f"membership of {names.get(group, group)}")
        subject = subject_of(event.fields)
        if subject == RELATIONSHIP:
            continue
        kind = subject.partition(":")[0]
        name, post_kind = event.fields.get("name"), event.fields.get("kind")
        if name is not None:
            named.setdefault(subject, f"{name} ({kind})")
        elif kind == "post" and post_kind is not None:
            where = event.fields.get("location")
            sender = names.get(event.actor, event.actor)
            named.setdefault(subject, f"{possessive(sender)} {str(post_kind).replace('_', ' ')}"
                             + (f" in {where}" if where else ""))
        first.setdefault(subject, f"{kind} ({get_type(event.type).label} "
                                  f"{PartialDate.parse(event.on)})")
    return first | named


def attribute_label(attribute: str, names: Mapping[str, str]) -> str:
    """``staff_cap`` as ``staff cap``; ``expelled:russia`` as ``expelled (Russia's staff)``."""
    base, _, whose = attribute.partition(":")
    words = base.replace("_", " ")
    return f"{words} ({possessive(names.get(whose, whose))} staff)" if whose else words


def value_label(value: Value, names: Mapping[str, str]) -> str:
    """An actor's id as its name; ``in_force`` as ``in force``; a number as it is."""
    if isinstance(value, int):
        return str(value)
    return names.get(value) or value.replace("_", " ")


def type_words(type_name: str) -> str:
    """An event type in words: ``relations_suspended`` as ``relations suspended``."""
    return type_name.replace("_", " ")


def effect_words(effect: Effect, names: Mapping[str, str]) -> str:
    """What an effect does, in words: ``russia-mission (post) status: closed``."""
    where = "" if effect.subject == RELATIONSHIP else subject_label(effect.subject) + " "
    what = attribute_label(effect.attribute, names)
    value = value_label(effect.value, names)
    return f"{where}{what}: {'+' if effect.op == 'add' else ''}{value}"


def event_words(event: EventData, names: Mapping[str, str]) -> list[str]:
    """What the event changes, each fact in words (none for a statement)."""
    return [effect_words(e, names) for e in effects_of(event)]


def is_mutual(type_name: str) -> bool:
    """Whether both parties did it alike (the vocabulary's ``mutual``): no arrow then."""
    etype = TYPES.get(type_name)
    return etype is not None and etype.mutual


def parties(event: EventData, names: Mapping[str, str] | None = None, arrow: str = "->"
            ) -> str:
    """Who did it to whom, ``a -> b``; a mutual event's two parties ``a - b``, neither the
    doer (they met, signed), with its host and location when given."""
    def name(actor: str) -> str:
        return (names or {}).get(actor, actor)
    if event.target is None:
        text = name(event.actor)
    elif is_mutual(event.type):
        text = f"{name(event.actor)} - {name(event.target)}"
    else:
        return f"{name(event.actor)} {arrow} {name(event.target)}"
    if is_mutual(event.type):
        host, location = (event.fields.get(key) for key in SETTING)
        if host is not None:
            text += f", hosted by {name(str(host))}"
        if location is not None:
            text += f", in {location}"
    return text


def other_fields(event: EventData) -> dict[str, Value]:
    """An event's fields but those ``parties`` shows."""
    shown_with_parties = SETTING if is_mutual(event.type) else ()
    return {k: v for k, v in event.fields.items() if k not in shown_with_parties}
