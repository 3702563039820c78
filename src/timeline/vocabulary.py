"""The event types: their fields, and the facts each one changes.

A fact is a (subject, attribute) of a relationship. An effect either sets a fact's value or
adds to a count; the read model and the naive replay both fold effects in the same way.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from timeline.errors import InvalidValue

Value = str | int
FieldKind = Literal["id", "text", "count", "cap", "post_kind"]

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
POST_KINDS = ("mission", "embassy", "consulate", "liaison_mission", "information_office", "other")
RELATIONSHIP = "relationship"


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    required: bool = True

    def describe(self) -> str:
        return self.name if self.required else f"{self.name}?"


@dataclass(frozen=True)
class Effect:
    subject: str
    attribute: str
    op: Literal["set", "add"]
    value: Value


@dataclass(frozen=True)
class Context:
    """What an effect may depend on besides the fields."""

    actor: str
    target: str | None
    on: str


EffectFn = Callable[[Context, Mapping[str, Value]], list[Effect]]


@dataclass(frozen=True)
class EventType:
    name: str
    fields: tuple[Field, ...]
    effect: str
    apply: EffectFn
    needs_target: bool = True
    cameo: str = ""  # the closest CAMEO code
    plover: tuple[str, str] = ("", "")  # PLOVER event type and mode

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def effects(self, ctx: Context, fields: Mapping[str, Value]) -> list[Effect]:
        return self.apply(ctx, fields)


def _set(subject: str, attribute: str, value: Value) -> Effect:
    return Effect(subject, attribute, "set", value)


def _relationship(attribute: str, value: str) -> EffectFn:
    return lambda ctx, f: [_set(RELATIONSHIP, attribute, value)]


def _status(prefix: str, key: str, value: str) -> EffectFn:
    return lambda ctx, f: [_set(f"{prefix}:{f[key]}", "status", value)]


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
        effects.append(Effect(f"post:{f['post']}", "expelled", "add", f["count"]))
    effects.append(Effect(RELATIONSHIP, f"expelled:{ctx.target}", "add", f["count"]))
    return effects


def _meeting(ctx: Context, f: Mapping[str, Value]) -> list[Effect]:
    return [_set(f"channel:{f['channel']}", "last_contact", ctx.on)] if "channel" in f else []


_POST = Field("post", "id")
_AGREEMENT = Field("agreement", "id")
_CHANNEL = Field("channel", "id")
_NAME = Field("name", "text", required=False)

TYPES: dict[str, EventType] = {
    t.name: t
    for t in (
        EventType(
            "relations_established", (), "relationship.relations = established",
            _relationship("relations", "established"),
        ),
        EventType(
            "relations_restored", (), "relationship.relations = established",
            _relationship("relations", "established"),
        ),
        EventType(
            "relations_suspended", (), "relationship.relations = suspended",
            _relationship("relations", "suspended"),
        ),
        EventType(
            "relations_severed", (), "relationship.relations = severed",
            _relationship("relations", "severed"),
        ),
        EventType(
            "cooperation_suspended", (), "relationship.cooperation = suspended",
            _relationship("cooperation", "suspended"),
        ),
        EventType(
            "cooperation_resumed", (), "relationship.cooperation = active",
            _relationship("cooperation", "active"),
        ),
        EventType(
            "post_opened",
            (
                _POST,
                Field("kind", "post_kind"),
                Field("location", "text", required=False),
                Field("staff_cap", "cap", required=False),
            ),
            "post.status = open (+ staff_cap); post.sender = actor, post.host = target",
            _post_opened,
        ),
        EventType("post_reopened", (_POST,), "post.status = open", _status("post", "post", "open")),
        EventType(
            "staff_cap", (_POST, Field("cap", "cap")), "post.staff_cap = cap",
            lambda ctx, f: [_set(f"post:{f['post']}", "staff_cap", f["cap"])],
        ),
        EventType(
            "expulsion",
            (Field("count", "count"), Field("post", "id", required=False)),
            "post.expelled += count (when post given); relationship.expelled:TARGET += count",
            _expulsion,
        ),
        EventType(
            "mission_recall", (_POST,), "post.status = suspended",
            _status("post", "post", "suspended"),
        ),
        EventType(
            "office_closure", (_POST,), "post.status = closed", _status("post", "post", "closed")
        ),
        EventType(
            "agreement_signed", (_AGREEMENT, _NAME), "agreement.status = in_force",
            _status("agreement", "agreement", "in_force"),
        ),
        EventType(
            "agreement_suspended", (_AGREEMENT,), "agreement.status = suspended",
            _status("agreement", "agreement", "suspended"),
        ),
        EventType(
            "agreement_terminated", (_AGREEMENT,), "agreement.status = terminated",
            _status("agreement", "agreement", "terminated"),
        ),
        EventType(
            "channel_opened", (_CHANNEL, _NAME), "channel.status = open",
            _status("channel", "channel", "open"),
        ),
        EventType(
            "channel_suspended", (_CHANNEL, _NAME), "channel.status = suspended",
            _status("channel", "channel", "suspended"),
        ),
        EventType(
            "channel_closed", (_CHANNEL, _NAME), "channel.status = closed",
            _status("channel", "channel", "closed"),
        ),
        EventType(
            "meeting",
            (Field("channel", "id", required=False), Field("location", "text", required=False)),
            "channel.last_contact = on (when channel given)",
            _meeting,
        ),
        EventType("statement", (), "none (on the timeline only)", lambda ctx, f: [],
                  needs_target=False),
    )
}


# Our types in the field's codes: CAMEO (ICEWS, GDELT) and PLOVER (type, mode), following
# the PLOVER project's CAMEO-to-PLOVER table. A code that fits several of our types maps
# back only to the one named in CAMEO_IMPORT.
CODES: dict[str, tuple[str, tuple[str, str]]] = {
    "relations_established": ("054", ("SUPPORT", "")),
    "relations_restored": ("054", ("SUPPORT", "")),
    "relations_suspended": ("161", ("SANCTION", "withdraw")),
    "relations_severed": ("161", ("SANCTION", "withdraw")),
    "cooperation_suspended": ("160", ("SANCTION", "")),
    "cooperation_resumed": ("060", ("COOPERATE", "")),
    "post_opened": ("050", ("SUPPORT", "")),
    "post_reopened": ("050", ("SUPPORT", "")),
    "staff_cap": ("172", ("COERCE", "restrict")),
    "expulsion": ("174", ("COERCE", "deport")),
    "mission_recall": ("161", ("SANCTION", "withdraw")),
    "office_closure": ("166", ("SANCTION", "expel")),
    "agreement_signed": ("057", ("SUPPORT", "")),
    "agreement_suspended": ("160", ("SANCTION", "")),
    "agreement_terminated": ("160", ("SANCTION", "")),
    "channel_opened": ("040", ("CONSULT", "")),
    "channel_suspended": ("164", ("SANCTION", "withdraw")),
    "channel_closed": ("164", ("SANCTION", "withdraw")),
    "meeting": ("040", ("CONSULT", "")),
    "statement": ("010", ("", "")),
}
for _name, (_cameo, _plover) in CODES.items():
    TYPES[_name] = dataclasses.replace(TYPES[_name], cameo=_cameo, plover=_plover)

# CAMEO codes that map to one of our types on import (from ICEWS or GDELT); the rest are
# counted and reported, never dropped silently.
CAMEO_IMPORT: dict[str, str] = {
    "054": "relations_established",
    "160": "cooperation_suspended",
    "161": "relations_suspended",
    "166": "expulsion",
    "174": "expulsion",
    "057": "agreement_signed",
    "040": "meeting", "041": "meeting", "042": "meeting", "043": "meeting",
    "044": "meeting", "045": "meeting", "046": "meeting",
}


def subject_of(fields: Mapping[str, Value]) -> str:
    """The subject an event's fields name (its post, agreement or channel), or the
    relationship itself."""
    for key in ("post", "agreement", "channel"):
        if key in fields:
            return f"{key}:{fields[key]}"
    return RELATIONSHIP


def get_type(name: str) -> EventType:
    try:
        return TYPES[name]
    except KeyError:
        raise InvalidValue(
            f"unknown event type {name!r}{suggest(name, TYPES)}; see 'timeline types'"
        ) from None


def suggest(value: str, known: object) -> str:
    """`` (did you mean 'x'?)`` for the nearest known value, or nothing."""
    import difflib

    names = [str(k) for k in known]  # type: ignore[attr-defined]
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_id(value: object, what: str) -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise InvalidValue(
            f"invalid {what} {value!r}: use letters, digits, '.', '_' or '-' (at most 128)"
        )
    return value


def normalize_fields(etype: EventType, raw: Mapping[str, object]) -> dict[str, Value]:
    """Validated fields of an event, in the type's field order, with ids unprefixed."""
    for name in raw:
        if etype.field(name) is None:
            allowed = ", ".join(f.name for f in etype.fields) or "none"
            raise InvalidValue(
                f"unknown field {name!r} for type {etype.name!r} (fields: {allowed})"
            )
    out: dict[str, Value] = {}
    for spec in etype.fields:
        if spec.name not in raw or raw[spec.name] is None or raw[spec.name] == "":
            if spec.required:
                raise InvalidValue(f"missing field {spec.name!r} for type {etype.name!r}")
            continue
        out[spec.name] = _field_value(spec, raw[spec.name], etype.name)
    return out


def _field_value(spec: Field, value: object, type_name: str) -> Value:
    where = f"field {spec.name!r} of {type_name!r}"
    if spec.kind in ("count", "cap"):
        number = _as_int(value, where)
        minimum = 1 if spec.kind == "count" else 0
        if number < minimum:
            raise InvalidValue(f"{where} must be an integer >= {minimum}, got {value!r}")
        return number
    if not isinstance(value, str):
        raise InvalidValue(f"{where} must be text, got {value!r}")
    if spec.kind == "id":
        prefix = f"{spec.name}:"
        bare = value[len(prefix):] if value.startswith(prefix) else value
        return check_id(bare, where)
    if spec.kind == "post_kind" and value not in POST_KINDS:
        raise InvalidValue(f"{where} must be one of {', '.join(POST_KINDS)}, got {value!r}")
    return value


def _as_int(value: object, where: str) -> int:
    if isinstance(value, bool):
        raise InvalidValue(f"{where} must be an integer, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]+", value.strip()):
        return int(value)
    raise InvalidValue(f"{where} must be an integer, got {value!r}")
