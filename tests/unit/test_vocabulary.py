"""The vocabulary: types, field normalisation, ids and effects (no store)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest
from helpers import refusal

from timeline.domain.fields import normalize_fields
from timeline.domain.vocabulary import (
    POST_KINDS,
    RELATIONSHIP,
    TYPES,
    Effect,
    Field,
    Value,
    check_id,
    effects_of,
    get_type,
    subject_of,
)
from timeline.errors import InvalidValue


@dataclass(frozen=True)
class Happened:
    type: str
    actor: str = "russia"
    target: str | None = "nato"
    on: str = "2021-11-01"
    fields: Mapping[str, Value] = field(default_factory=dict)


# get_type ----------------------------------------------------------------------------------

def test_get_type_finds_every_type_by_its_name() -> None:
    for name, etype in TYPES.items():
        assert get_type(name) is etype
        assert etype.name == name


def test_get_type_refuses_an_unknown_name_with_a_hint() -> None:
    with pytest.raises(InvalidValue) as exc:
        get_type("expulsoin")
    message = refusal(exc)
    assert "unknown event type 'expulsoin'" in message
    assert "(did you mean 'expulsion'?)" in message
    assert "timeline types" in message


def test_get_type_gives_no_hint_when_nothing_is_close() -> None:
    with pytest.raises(InvalidValue) as exc:
        get_type("zzzzzz")
    assert "did you mean" not in refusal(exc)


def test_field_lookup_and_description() -> None:
    etype = get_type("post_opened")
    post = etype.field("post")
    assert post is not None and post.kind == "id" and post.required
    assert etype.field("nothing") is None
    assert Field("location", "text", required=False).describe() == "location?"
    assert Field("post", "id").describe() == "post"


# check_id ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["a", "russia", "nato-2021", "A.b_c-9", "9", "x" * 128])
def test_check_id_accepts_ids(value: str) -> None:
    assert check_id(value, "actor id") == value


@pytest.mark.parametrize(
    "value", ["", "-russia", ".x", "_x", "has space", "a/b", "é", "x" * 129, "a:b", None, 7,
              ["a"]],
)
def test_check_id_refuses_other_values(value: object) -> None:
    with pytest.raises(InvalidValue) as exc:
        check_id(value, "actor id")
    message = refusal(exc)
    assert message.startswith(f"invalid actor id {value!r}"[:40])
    assert "at most 128" in message


# normalize_fields --------------------------------------------------------------------------

def test_fields_come_back_in_the_type_order_with_ids_unprefixed() -> None:
    fields = normalize_fields(
        get_type("post_opened"),
        {"staff_cap": 20, "location": "Brussels", "kind": "mission",
         "post": "post:russia-mission-to-nato"},
    )
    assert list(fields.items()) == [
        ("post", "russia-mission-to-nato"), ("kind", "mission"), ("location", "Brussels"),
        ("staff_cap", 20),
    ]


def test_a_prefix_of_another_field_is_not_removed() -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("agreement_signed"), {"agreement": "post:x"})
    assert "field 'agreement' of 'agreement_signed'" in refusal(exc)
    assert "'post:x'" in refusal(exc)


def test_absent_empty_and_none_optional_fields_are_left_out() -> None:
    etype = get_type("post_opened")
    fields = normalize_fields(
        etype, {"post": "p", "kind": "embassy", "location": "", "staff_cap": None}
    )
    assert fields == {"post": "p", "kind": "embassy"}


@pytest.mark.parametrize("missing", [None, ""])
def test_a_required_field_that_is_empty_is_missing(missing: object) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("office_closure"), {"post": missing})
    assert refusal(exc) == "missing field 'post' for type 'office_closure'"


def test_a_required_field_that_is_absent_is_missing() -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("expulsion"), {"post": "p"})
    assert refusal(exc) == "missing field 'count' for type 'expulsion'"


def test_unknown_fields_are_refused_naming_the_allowed_ones() -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("staff_cap"), {"post": "p", "cap": 3, "limit": 3})
    assert refusal(exc) == "unknown field 'limit' for type 'staff_cap' (fields: post, cap)"


def test_a_type_without_fields_says_none() -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("statement"), {"topic": "x"})
    assert refusal(exc).endswith("(fields: none)")


@pytest.mark.parametrize(
    ("raw", "number"), [(1, 1), ("8", 8), (" 12 ", 12), ("+3", 3), (10**6, 10**6)]
)
def test_counts_accept_integers_and_integer_text(raw: object, number: int) -> None:
    assert normalize_fields(get_type("expulsion"), {"count": raw}) == {"count": number}


@pytest.mark.parametrize("raw", [0, -1, "0", "-4"])
def test_counts_must_be_at_least_one(raw: object) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("expulsion"), {"count": raw})
    message = refusal(exc)
    assert "field 'count' of 'expulsion' must be an integer from 1 to 1,000,000" in message
    assert message.endswith(f"got {raw!r}")


def test_caps_may_be_zero_but_not_negative() -> None:
    etype = get_type("staff_cap")
    assert normalize_fields(etype, {"post": "p", "cap": 0}) == {"post": "p", "cap": 0}
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(etype, {"post": "p", "cap": -1})
    assert "must be an integer from 0 to 1,000,000, got -1" in refusal(exc)


@pytest.mark.parametrize("raw", [True, False, 2.5, "2.5", "eight", "8 people", [8], "1e3"])
def test_counts_refuse_what_is_not_an_integer(raw: object) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("expulsion"), {"count": raw})
    assert refusal(exc) == f"field 'count' of 'expulsion' must be an integer, got {raw!r}"


@pytest.mark.parametrize("raw", [5, ["p"], {"id": "p"}])
def test_ids_and_text_must_be_text(raw: object) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("office_closure"), {"post": raw})
    assert refusal(exc) == f"field 'post' of 'office_closure' must be text, got {raw!r}"
    with pytest.raises(InvalidValue, match="field 'location' of 'meeting' must be text"):
        normalize_fields(get_type("meeting"), {"location": raw})


def test_an_id_field_is_checked_as_an_id() -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("office_closure"), {"post": "post:bad id"})
    assert refusal(exc).startswith("invalid field 'post' of 'office_closure' 'bad id'")


def test_post_kinds_are_a_closed_list() -> None:
    etype = get_type("post_opened")
    for kind in POST_KINDS:
        assert normalize_fields(etype, {"post": "p", "kind": kind})["kind"] == kind
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(etype, {"post": "p", "kind": "palace"})
    message = refusal(exc)
    assert "field 'kind' of 'post_opened' must be one of mission, embassy" in message
    assert message.endswith("got 'palace'")


def test_free_text_is_kept_as_it_is() -> None:
    fields = normalize_fields(get_type("meeting"), {"location": "  Geneva, Palais  "})
    assert fields == {"location": "  Geneva, Palais  "}


# subject_of --------------------------------------------------------------------------------

def test_subject_of_names_the_post_agreement_or_channel() -> None:
    assert subject_of({"post": "m", "count": 3}) == "post:m"
    assert subject_of({"agreement": "a", "name": "A"}) == "agreement:a"
    assert subject_of({"channel": "c"}) == "channel:c"
    assert subject_of({"count": 3}) == RELATIONSHIP
    assert subject_of({}) == RELATIONSHIP


def test_subject_of_prefers_post_then_agreement_then_channel() -> None:
    assert subject_of({"channel": "c", "agreement": "a", "post": "p"}) == "post:p"
    assert subject_of({"channel": "c", "agreement": "a"}) == "agreement:a"


# effects_of --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("type_name", "attribute", "value"),
    [
        ("relations_established", "relations", "established"),
        ("relations_restored", "relations", "established"),
        ("relations_suspended", "relations", "suspended"),
        ("relations_severed", "relations", "severed"),
        ("cooperation_suspended", "cooperation", "suspended"),
        ("cooperation_resumed", "cooperation", "active"),
    ],
)
def test_relationship_types_set_one_fact_of_the_relationship(
    type_name: str, attribute: str, value: str
) -> None:
    assert effects_of(Happened(type_name)) == [Effect(RELATIONSHIP, attribute, "set", value)]


@pytest.mark.parametrize(
    ("type_name", "key", "value"),
    [
        ("post_reopened", "post", "open"),
        ("mission_recall", "post", "suspended"),
        ("office_closure", "post", "closed"),
        ("agreement_signed", "agreement", "signed"),
        ("agreement_in_force", "agreement", "in_force"),
        ("agreement_suspended", "agreement", "suspended"),
        ("agreement_terminated", "agreement", "terminated"),
        ("channel_opened", "channel", "open"),
        ("channel_suspended", "channel", "suspended"),
        ("channel_closed", "channel", "closed"),
    ],
)
def test_status_types_set_the_status_of_their_subject(
    type_name: str, key: str, value: str
) -> None:
    effects = effects_of(Happened(type_name, fields={key: "x"}))
    assert effects == [Effect(f"{key}:x", "status", "set", value)]


def test_post_opened_sets_status_cap_sender_and_host() -> None:
    effects = effects_of(Happened("post_opened", actor="nato", target="russia",
                                  fields={"post": "o", "kind": "information_office",
                                          "staff_cap": 5}))
    assert effects == [
        Effect("post:o", "status", "set", "open"),
        Effect("post:o", "staff_cap", "set", 5),
        Effect("post:o", "sender", "set", "nato"),
        Effect("post:o", "host", "set", "russia"),
    ]


def test_post_opened_without_cap_or_target_sets_neither() -> None:
    effects = effects_of(Happened("post_opened", target=None,
                                  fields={"post": "o", "kind": "other"}))
    assert [e.attribute for e in effects] == ["status", "sender"]


def test_staff_cap_sets_the_cap_of_the_post() -> None:
    effects = effects_of(Happened("staff_cap", fields={"post": "m", "cap": 10}))
    assert effects == [Effect("post:m", "staff_cap", "set", 10)]


def test_expulsion_adds_to_the_post_and_to_the_target() -> None:
    effects = effects_of(Happened("expulsion", actor="nato", target="russia",
                                  fields={"count": 8, "post": "m"}))
    assert effects == [
        Effect("post:m", "expelled", "add", 8),
        Effect(RELATIONSHIP, "expelled:russia", "add", 8),
    ]


def test_expulsion_without_post_adds_only_to_the_target() -> None:
    effects = effects_of(Happened("expulsion", target="nato", fields={"count": 2}))
    assert effects == [Effect(RELATIONSHIP, "expelled:nato", "add", 2)]


def test_meeting_on_a_channel_sets_its_last_contact_to_the_day() -> None:
    effects = effects_of(Happened("meeting", on="2021-10", fields={"channel": "c"}))
    assert effects == [Effect("channel:c", "last_contact", "set", "2021-10")]
    assert effects_of(Happened("meeting", fields={"location": "Geneva"})) == []


def test_statement_changes_nothing_and_needs_no_target() -> None:
    assert effects_of(Happened("statement", target=None)) == []
    assert not get_type("statement").needs_target
    # Only the statement and the coded record kept as evidence go without a target.
    assert {name for name, t in TYPES.items() if not t.needs_target} == {
        "statement", "coded_event"}


def test_a_coded_event_is_evidence_that_changes_no_fact() -> None:
    coded = get_type("coded_event")
    assert not coded.needs_target
    fields = {"dataset": "icews", "code": "174", "record": "2018-06-01-32898748",
              "source_actor": "India", "target_actor": "Settler (India) (Social)"}
    assert normalize_fields(coded, fields) == fields
    # Whatever its code says (a deportation here, a recognition below), nothing changes.
    assert effects_of(Happened("coded_event", fields=fields)) == []
    assert effects_of(Happened("coded_event", target=None,
                               fields={"dataset": "icews", "code": "054"})) == []
    with pytest.raises(InvalidValue):
        normalize_fields(coded, {"code": "054"})  # the dataset is required


def test_effects_of_an_unknown_type_is_refused() -> None:
    with pytest.raises(InvalidValue, match="unknown event type 'treaty'"):
        effects_of(Happened("treaty"))


# bounds and writable text ------------------------------------------------------------------

def test_counts_and_caps_stop_at_a_million() -> None:
    assert normalize_fields(get_type("expulsion"), {"count": 1_000_000}) == {"count": 1_000_000}
    with pytest.raises(InvalidValue, match="got '999999999'"):  # nine digits: parsed
        normalize_fields(get_type("expulsion"), {"count": "999999999"})
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("staff_cap"), {"post": "p", "cap": 1_000_001})
    assert refusal(exc) == (
        "field 'cap' of 'staff_cap' must be an integer from 0 to 1,000,000, got 1000001"
    )


def test_integer_text_of_more_than_nine_digits_is_refused_without_parsing() -> None:
    digits = "9" * 5000  # int() of it would be slow, then refused by Python itself
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("staff_cap"), {"post": "p", "cap": digits})
    message = refusal(exc)
    assert message.startswith("field 'cap' of 'staff_cap' must be an integer from 0 to 1,000,000")
    assert "'9999" in message and len(message) < 200


def test_a_long_count_is_refused_naming_the_count_range() -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("expulsion"), {"count": "1234567890"})
    assert "from 1 to 1,000,000" in refusal(exc)


def test_text_fields_are_bounded() -> None:
    etype = get_type("meeting")
    assert normalize_fields(etype, {"location": "x" * 500}) == {"location": "x" * 500}
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(etype, {"location": "y" * 501})
    message = refusal(exc)
    assert message.startswith("field 'location' of 'meeting' is longer than 500 characters")
    assert "'yyyy" in message and len(message) < 200


@pytest.mark.parametrize(("text", "escape", "at"), [("a\x00b", "\\x00", 1),
                                                    ("ab\ud800", "\\ud800", 2)])
def test_text_that_no_store_can_hold_is_refused(text: str, escape: str, at: int) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_fields(get_type("meeting"), {"location": text})
    message = refusal(exc)
    assert message.startswith("field 'location' of 'meeting' holds an unwritable character")
    assert escape in message
    assert f" at {at}: " in message


def test_ids_are_checked_for_unwritable_text_first() -> None:
    with pytest.raises(InvalidValue, match="unwritable character"):
        normalize_fields(get_type("office_closure"), {"post": "p\x00"})
