"""Raw input to validated values, or a one-line refusal; the canonical form (no store)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from timeline.domain.validation import (
    content_id,
    corrected,
    digest,
    validate_actor,
    validate_event,
)
from timeline.domain.values import ActorData, EventData, canonical
from timeline.errors import InvalidValue, NotFound, TimelineError

ACTORS = ("russia", "nato", "belgium")


def event(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "type": "office_closure", "actor": "russia", "target": "nato", "on": "2021-11-01",
        "announced": "2021-10-18", "fields": {"post": "nato-information-office-moscow"},
        "sources": ["TASS"], "note": "Closed.",
    }
    raw.update(changes)
    return {k: v for k, v in raw.items() if v is not ...}


def refused(raw: Any, kind: type[TimelineError] = InvalidValue,
            actors: tuple[str, ...] | None = ACTORS) -> str:
    with pytest.raises(kind) as exc:
        validate_event(raw, actors)
    message = str(exc.value)
    assert "\n" not in message
    return message


# actors ------------------------------------------------------------------------------------

def test_an_actor_is_validated_and_its_name_trimmed() -> None:
    assert validate_actor({"id": "nato", "name": " NATO ", "kind": "organization"}) == (
        ActorData("nato", "NATO", "organization")
    )


@pytest.mark.parametrize("kind", [None, ""])
def test_an_actor_without_kind_is_other(kind: object) -> None:
    assert validate_actor({"id": "x", "name": "X", "kind": kind}).kind == "other"
    assert validate_actor({"id": "x", "name": "X"}).kind == "other"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"id": "bad id", "name": "X"}, "invalid actor id 'bad id'"),
        ({"name": "X"}, "invalid actor id None"),
        ({"id": "x"}, "actor 'x' needs a name"),
        ({"id": "x", "name": "   "}, "actor 'x' needs a name"),
        ({"id": "x", "name": 5}, "the name of actor 'x' must be text, got 5"),
        ({"id": "x", "name": "X", "kind": "State"}, "invalid actor kind 'State' for 'x'"),
        ({"id": "x", "name": "X", "knd": "state"},
         "unknown actor key 'knd' (did you mean 'kind'?)"),
        (["x"], "actor must be a mapping, got ['x']"),
    ],
)
def test_actor_refusals(raw: Any, expected: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        validate_actor(raw)
    assert expected in str(exc.value)
    assert "\n" not in str(exc.value)


def test_an_actor_kind_refusal_lists_the_kinds() -> None:
    with pytest.raises(InvalidValue,
                       match="use one of state, organization, group, official, other"):
        validate_actor({"id": "x", "name": "X", "kind": "country"})


# events ------------------------------------------------------------------------------------

def test_a_valid_event_keeps_what_it_says() -> None:
    result = validate_event(event(id="closure-1"), ACTORS)
    assert result == EventData(
        id="closure-1", type="office_closure", actor="russia", target="nato", on="2021-11-01",
        announced="2021-10-18", fields={"post": "nato-information-office-moscow"},
        sources=["TASS"], note="Closed.",
    )


def test_dates_are_given_back_as_text_with_their_precision() -> None:
    result = validate_event(event(on=2021, announced=dt.date(2020, 5, 1)), ACTORS)
    assert (result.on, result.announced) == ("2021", "2020-05-01")


def test_an_announcement_on_the_first_day_of_a_month_it_takes_effect_in_is_accepted() -> None:
    result = validate_event(event(on="2021-11", announced="2021-11-01"), ACTORS)
    assert result.announced == "2021-11-01"


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_optional_parts_are_left_out(empty: object) -> None:
    result = validate_event(event(announced=empty, sources=empty, note=empty, fields=...,
                                  type="relations_suspended"), ACTORS)
    assert (result.announced, result.sources, result.note, result.fields) == (
        None, [], None, {}
    )


def test_a_statement_needs_no_target() -> None:
    result = validate_event(event(type="statement", target="", fields=...), ACTORS)
    assert result.target is None


def test_without_actors_the_actors_are_not_looked_up() -> None:
    assert validate_event(event(actor="someone", target="else"), None).actor == "someone"


def test_an_event_without_id_gets_one_from_its_content() -> None:
    first = validate_event(event(), ACTORS)
    assert first.id == content_id(first)
    assert first.id.startswith("office-closure-2021-11-01-")
    again = validate_event(dict(reversed(list(event(id="").items()))), ACTORS)
    assert again.id == first.id
    other = validate_event(event(note="Closed, says TASS."), ACTORS)
    assert other.id != first.id


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"type": ...}, "event needs a 'type'"),
        ({"type": ""}, "event needs a 'type'"),
        ({"type": 5}, "an event's 'type' must be text, got 5"),
        ({"type": "closure"}, "unknown event type 'closure'"),
        ({"actor": ...}, "event needs an 'actor'"),
        ({"actor": ""}, "event needs an 'actor'"),
        ({"actor": "no one"}, "invalid actor id 'no one'"),
        ({"target": ...}, "event of type 'office_closure' needs a 'target' actor"),
        ({"target": None}, "event of type 'office_closure' needs a 'target' actor"),
        ({"target": 5}, "invalid target id 5"),
        ({"target": "russia"},
         "a relationship needs two different actors, got 'russia' twice"),
        ({"on": ...}, "event needs an 'on' date"),
        ({"on": ""}, "event needs an 'on' date"),
        ({"on": "1 Nov 2021"}, "invalid 'on' date '1 Nov 2021'"),
        ({"on": "2021-11-31"}, "impossible 'on' date '2021-11-31'"),
        ({"announced": "soon"}, "invalid 'announced' date 'soon'"),
        ({"announced": "2021-11-02"},
         "'announced' date '2021-11-02' is after the 'on' date '2021-11-01'"),
        ({"announced": "2022"}, "'announced' date '2022' is after"),
        ({"fields": "post"}, "'fields' must be a mapping, got 'post'"),
        ({"fields": {}}, "missing field 'post' for type 'office_closure'"),
        ({"fields": {"post": "p", "count": 1}}, "unknown field 'count'"),
        ({"note": 5}, "'note' must be text, got 5"),
        ({"note": ["a"]}, "'note' must be text, got ['a']"),
        ({"id": "bad id"}, "invalid event id 'bad id'"),
        ({"id": 12}, "invalid event id 12"),
        ({"date": "2021"}, "unknown event key 'date'"),
        ({"taget": "nato"}, "unknown event key 'taget' (did you mean 'target'?)"),
    ],
)
def test_event_refusals(changes: dict[str, Any], expected: str) -> None:
    assert expected in refused(event(**changes))


def test_an_event_must_be_a_mapping() -> None:
    assert refused(["office_closure"]) == "event must be a mapping, got ['office_closure']"


def test_unknown_actors_are_not_found_with_a_hint() -> None:
    message = refused(event(actor="rusia"), NotFound)
    assert message.startswith("unknown actor 'rusia' (did you mean 'russia'?)")
    assert "timeline actor add rusia" in message
    message = refused(event(target="otan"), NotFound)
    assert message.startswith("unknown target 'otan'")
    assert "did you mean" not in message


# sources -----------------------------------------------------------------------------------

def test_a_single_text_or_mapping_source_is_a_list_of_one() -> None:
    assert validate_event(event(sources="  TASS  "), ACTORS).sources == ["TASS"]
    one = {"url": "https://tass.com/politics/1350915", "publisher": "TASS"}
    assert validate_event(event(sources=one), ACTORS).sources == [one]


def test_source_mappings_keep_their_known_keys_and_dates_become_text() -> None:
    raw = [{"title": "Why Russia Officially Broke With NATO", "publisher": "",
            "published": dt.date(2021, 10, 27), "url": None}]
    assert validate_event(event(sources=raw), ACTORS).sources == [
        {"title": "Why Russia Officially Broke With NATO", "published": "2021-10-27"}
    ]


def test_source_urls_may_be_http_or_https_in_any_case() -> None:
    raw = [{"url": "HTTP://example.org"}, {"url": "https://example.org/a"}]
    assert validate_event(event(sources=raw), ACTORS).sources == raw


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (5, "'sources' must be a list, got 5"),
        (("TASS",), "'sources' must be a list, got ('TASS',)"),
        (["TASS", "  "], "a source is empty"),
        ([5], "a source must be text or a mapping, got 5"),
        ([["TASS"]], "a source must be text or a mapping, got ['TASS']"),
        ([{"publisher": "TASS"}], "a source needs a 'url' or a 'title': {'publisher': 'TASS'}"),
        ([{"url": "javascript:alert(1)"}],
         "a source's url must start with http:// or https://, got 'javascript:alert(1)'"),
        ([{"url": "ftp://example.org"}], "got 'ftp://example.org'"),
        ([{"title": 5}], "must be text, got 5"),
        ([{"title": "T", "author": "A"}], "unknown source key 'author'"),
        ([{"titel": "T"}], "unknown source key 'titel' (did you mean 'title'?)"),
    ],
)
def test_source_refusals(sources: object, expected: str) -> None:
    assert expected in refused(event(sources=sources))


# canonical form, ids and digests -----------------------------------------------------------

def test_canonical_ignores_key_order_and_is_json() -> None:
    a = {"b": 1, "a": {"y": [1, 2], "x": None}}
    b = {"a": {"x": None, "y": [1, 2]}, "b": 1}
    assert canonical(a) == canonical(b)
    assert json.loads(canonical(a)) == a
    assert canonical({"a": [1, 2]}) != canonical({"a": [2, 1]})


def test_content_id_is_made_of_type_date_and_a_hash() -> None:
    validated = validate_event(event(on="2021-11"), ACTORS)
    prefix, _, tail = content_id(validated).rpartition("-")
    assert prefix == "office-closure-2021-11"
    assert len(tail) >= 8 and int(tail, 16) >= 0


def test_content_id_and_digest_ignore_id_and_recording() -> None:
    first = validate_event(event(id="a"), ACTORS)
    second = EventData.from_content("b", first.content(),
                                    recorded_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
    assert content_id(first) == content_id(second)
    assert digest(first) == digest(second)
    assert len(digest(first)) == 12


def test_digest_tells_different_content_apart() -> None:
    first = validate_event(event(), ACTORS)
    second = validate_event(event(fields={"post": "another-post"}), ACTORS)
    assert digest(first) != digest(second)
    assert content_id(first) != content_id(second)


# corrected ---------------------------------------------------------------------------------

def stored() -> dict[str, Any]:
    return validate_event(event(), ACTORS).content()


def test_corrected_replaces_what_is_given_and_keeps_the_rest() -> None:
    raw = corrected("e1", stored(), on="2021-11-02", announced=None, actor=None,
                    target="belgium", fields={}, sources=[])
    assert raw["id"] == "e1"
    assert (raw["on"], raw["announced"], raw["actor"], raw["target"]) == (
        "2021-11-02", "2021-10-18", "russia", "belgium"
    )
    assert validate_event(raw, ACTORS).target == "belgium"


def test_corrected_merges_fields_and_an_empty_value_removes_one() -> None:
    content = validate_event(
        event(type="expulsion", fields={"count": 8, "post": "m"}), ACTORS
    ).content()
    raw = corrected("e1", content, on=None, announced=None, actor=None, target=None,
                    fields={"count": "9", "post": ""}, sources=[])
    assert raw["fields"] == {"count": "9"}
    assert validate_event(raw, ACTORS).fields == {"count": 9}
    assert content["fields"] == {"count": 8, "post": "m"}  # the stored content is untouched


def test_corrected_removing_an_absent_field_is_no_error() -> None:
    raw = corrected("e1", stored(), on=None, announced=None, actor=None, target=None,
                    fields={"location": ""}, sources=[])
    assert raw["fields"] == {"post": "nato-information-office-moscow"}


def test_corrected_adds_only_sources_not_already_cited() -> None:
    content = validate_event(
        event(sources=["TASS", {"url": "https://tass.com/politics/1350915"}]), ACTORS
    ).content()
    raw = corrected("e1", content, on=None, announced=None, actor=None, target=None,
                    fields={}, sources=["TASS", "https://tass.com/politics/1350915",
                                        "Reuters", "Reuters"])
    assert raw["sources"] == ["TASS", {"url": "https://tass.com/politics/1350915"}, "Reuters"]


def test_corrected_handles_content_without_fields_or_sources() -> None:
    content = {"type": "statement", "actor": "russia", "on": "2021"}
    raw = corrected("s", content, on=None, announced="2020", actor=None, target=None,
                    fields={}, sources=["Reuters"])
    assert raw == {"id": "s", **content, "announced": "2020", "fields": {},
                   "sources": ["Reuters"]}


# bounds ------------------------------------------------------------------------------------

def test_actor_names_are_bounded_and_writable() -> None:
    assert validate_actor({"id": "x", "name": "N" * 200}).name == "N" * 200
    with pytest.raises(InvalidValue) as exc:
        validate_actor({"id": "x", "name": "N" * 201})
    assert str(exc.value).startswith("the name of actor 'x' is longer than 200 characters")
    with pytest.raises(InvalidValue, match="the name of actor 'x' holds an unwritable"):
        validate_actor({"id": "x", "name": "N\x00"})


@pytest.mark.parametrize(("key", "value"), [("on", "0999"), ("on", "3000-01"),
                                            ("announced", "0999-12-31")])
def test_dates_are_within_the_years_1000_to_2999(key: str, value: str) -> None:
    message = refused(event(**{key: value}))
    assert message == f"'{key}' date {value!r} is outside the years 1000 to 2999"


def test_the_first_and_last_years_are_accepted() -> None:
    assert validate_event(event(on="2999-12-31", announced="1000"), ACTORS).on == "2999-12-31"


@pytest.mark.parametrize("status", ["recorded", "corrected", None])
def test_an_exported_status_of_a_live_event_is_accepted(status: object) -> None:
    result = validate_event(event(status=status), ACTORS)
    assert result.status == "recorded"  # recorded anew


@pytest.mark.parametrize("status", ["retracted", "RECORDED", 1, "unreadable"])
def test_other_statuses_are_refused(status: object) -> None:
    message = refused(event(status=status))
    assert message.startswith(f"an event with status {status!r} cannot be imported")
    assert "retract it after importing" in message


def test_an_exported_record_time_must_be_a_timestamp() -> None:
    accepted = validate_event(event(recorded_at="2021-11-02T10:00:00.000000Z"), ACTORS)
    assert accepted.recorded_at is None  # recorded anew, when it is stored
    assert validate_event(event(recorded_at=""), ACTORS).id == validate_event(event(), ACTORS).id
    assert refused(event(recorded_at=5)) == "invalid recorded_at 5: expected a timestamp"
    assert refused(event(recorded_at="yesterday")).startswith(
        "invalid recorded_at 'yesterday'")


def test_notes_are_bounded() -> None:
    assert validate_event(event(note="n" * 5000), ACTORS).note == "n" * 5000
    message = refused(event(note="n" * 5001))
    assert message.startswith("'note' is longer than 5000 characters")
    assert len(message) < 200


def test_at_most_fifty_sources() -> None:
    assert len(validate_event(event(sources=[f"s{i}" for i in range(50)]), ACTORS).sources) == 50
    assert refused(event(sources=[f"s{i}" for i in range(51)])) == "more than 50 sources (51)"


def test_each_source_and_each_part_of_one_is_bounded() -> None:
    assert refused(event(sources=["c" * 2001])).startswith(
        "a source is longer than 2000 characters")
    assert refused(event(sources=[{"title": "t" * 2001}])).startswith(
        "a part of a source is longer than 2000 characters")
    assert "unwritable" in refused(event(sources=["TASS\ud800"]))


def test_refusals_show_long_values_cut_short() -> None:
    message = refused(event(fields="f" * 1000))
    assert message.startswith("'fields' must be a mapping, got 'ffff")
    assert message.endswith("...")
    assert len(message) < 150
