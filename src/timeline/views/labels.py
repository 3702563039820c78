"""Names over ids: how a picture or a page names subjects, attributes, values and events
(the ids stay in the record, and in the page's data, for anyone who looks them up)."""

from __future__ import annotations

from collections.abc import Mapping

from timeline.domain.values import EventData
from timeline.domain.vocabulary import RELATIONSHIP, Effect, Value, effects_of


def subject_label(subject: str) -> str:
    """``post:x`` as ``x (post)``; the relationship's own facts as ``relationship``."""
    if subject == RELATIONSHIP:
        return "relationship"
    kind, _, name = subject.partition(":")
    return f"{name} ({kind})" if name else subject


def attribute_label(attribute: str, names: Mapping[str, str]) -> str:
    """``staff_cap`` as ``staff cap``; ``expelled:russia`` as ``expelled (Russia's staff)``."""
    base, _, whose = attribute.partition(":")
    words = base.replace("_", " ")
    return f"{words} ({names.get(whose, whose)}'s staff)" if whose else words


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
