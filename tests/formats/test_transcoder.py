"""The log's transcoder writes and reads the very bytes eventsourcing's JSONTranscoder does:
every entry of a real store, and any value an entry could hold, and refuses what it refuses."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)
from hypothesis import given
from hypothesis import strategies as st
from strategies import PROPERTY

from timeline.storage.transcoder import OrjsonTranscoder, RepeatedDatetimeAsISO


def registered(transcoder: JSONTranscoder, times: DatetimeAsISO | None = None
               ) -> JSONTranscoder:
    """With the transcodings eventsourcing's Application registers (ours: with the
    datetime's made once for a time given again, as storage.log registers them)."""
    for transcoding in (UUIDAsHex(), DecimalAsStr(), times or DatetimeAsISO()):
        transcoder.register(transcoding)
    return transcoder


JSON, OURS = registered(JSONTranscoder()), registered(OrjsonTranscoder(),
                                                      RepeatedDatetimeAsISO())


def test_a_time_given_again_is_written_as_the_first_time_and_others_as_their_own() -> None:
    utc = dt.datetime(2021, 10, 18, 9, 30, tzinfo=dt.UTC)
    moscow = utc.astimezone(dt.timezone(dt.timedelta(hours=3)))
    assert utc == moscow  # the same instant, written otherwise
    for value in ({"at": utc, "recorded_at": utc}, {"at": utc, "then": moscow},
                  {"at": moscow, "then": utc}, {"at": utc.replace(tzinfo=None)}):
        assert OURS.encode(value) == JSON.encode(value)


def outcome(transcoder: JSONTranscoder, value: Any) -> tuple[str, Any]:
    try:
        return "bytes", transcoder.encode(value)
    except Exception as exc:  # the same refusal, whatever it is
        return "refused", type(exc)


def test_every_entry_of_the_seed_is_written_and_read_the_same(seed_file: Path) -> None:
    with sqlite3.connect(seed_file) as file:
        states = [bytes(state) for (state,) in file.execute("SELECT state FROM stored_events")]
    assert len(states) > 100
    for state in states:
        value = JSON.decode(state)
        assert repr(OURS.decode(state)) == repr(value)
        assert OURS.encode(value) == state == JSON.encode(value)
        assert any(isinstance(v, dt.datetime) for v in value.values())  # transcoded


TEXT = st.text(alphabet=st.characters(codec=None), max_size=30)  # surrogates included
LEAF = (st.none() | st.booleans() | st.integers() | st.integers(min_value=2**63) | TEXT
        | st.datetimes(timezones=st.just(dt.UTC)))
VALUES = st.recursive(LEAF, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(TEXT, inner, max_size=4), max_leaves=20)


@PROPERTY
@given(VALUES)
def test_any_value_is_written_and_read_as_json_does(value: Any) -> None:
    state = {"content": value, "recorded_at": dt.datetime(2021, 10, 18, tzinfo=dt.UTC)}
    expected = outcome(JSON, state)
    assert outcome(OURS, state) == expected
    if expected[0] == "bytes":
        assert outcome_of_reading(OURS, expected[1]) == outcome_of_reading(JSON, expected[1])


def test_registered_and_unregistered_types() -> None:
    state = {"d": decimal.Decimal("1.50"), "when": dt.datetime(2021, 1, 1)}
    assert OURS.encode(state) == JSON.encode(state)
    with pytest.raises(TranscodingNotRegisteredError):
        OURS.encode({"x": object()})
    with pytest.raises(TranscodingNotRegisteredError):
        JSON.encode({"x": object()})
    assert json.loads(JSON.encode({"u": uuid.UUID(int=1)}))["u"]["_type_"] == "uuid_hex"


class _Interrupted:
    """A value whose transcoding is interrupted (Ctrl-C arrives while it runs)."""


class _Interrupting(DatetimeAsISO):
    """Interrupted once, as a signal comes once: a second try would write the value."""

    type = _Interrupted
    name = "interrupted"
    tried = False

    def encode(self, obj: Any) -> str:
        if not self.tried:
            self.tried = True
            raise KeyboardInterrupt
        return "written"


def test_an_interrupt_while_a_value_is_transcoded_is_the_interrupt() -> None:
    # orjson makes what its default raised its own error; writing the value with json
    # instead swallowed the interrupt, and an import went on to its end (test_interrupt).
    transcoder = registered(OrjsonTranscoder())
    transcoder.register(_Interrupting())
    with pytest.raises(KeyboardInterrupt):
        transcoder.encode({"x": _Interrupted()})


@pytest.mark.parametrize("state", [
    b'{"n":123456789012345678901234567890,"m":-1234567890123456789}',  # past 64 bits
    b'{"x":NaN,"y":-Infinity}', b'{"s":"\\ud800"}', b'{"f":[1.5e300,-0.0,1e400]}',
    b'{"a":{"_type_":"decimal_str","_data_":"1.5"},"b":[{"_type_":"uuid_hex",'
    b'"_data_":"0123456789abcdef0123456789abcdef"}]}',  # a transcoded object inside a list
    b'{"_type_":"decimal_str","_data_":"2"}',  # the entry itself
    b'{"t":{"_type_":"datetime_iso","_data_":"2021-01-01T00:00:00+00:00"},"u":"_type_"}',
    b'{"t":{"_type_":"decimal_str","_data_":{"_type_":"decimal_str","_data_":"1"}}}',
    b'{"k":{"_type_":"decimal_str","_data_":"1","more":1},"dup":1,"dup":2}',
    b'{"t":{"_type_":"datetime_iso","_data_":"2021-01-01T00:00:00+00:00"},'
    b'"c":{"note":"\\"_type_\\" in text","n":[1,2,{"x":null}]}}',
    b'{"t":{"\\u005ftype_":"datetime_iso","_data_":"2021-10-06T00:00:00+00:00"}}',  # escaped
    b'{"t":{"_type_":"datetime_iso","_data_":"2021-10-06T00:00:00+00:00"},'
    b'"u":{"\\u005ftype_":"datetime_iso","_data_":"2021-10-06T00:00:00+00:00"}}',
])
def test_any_entry_is_read_as_json_reads_it(state: bytes) -> None:
    assert outcome_of_reading(OURS, state) == outcome_of_reading(JSON, state)


def outcome_of_reading(transcoder: JSONTranscoder, state: bytes) -> tuple[str, Any]:
    try:
        return "value", repr(transcoder.decode(state))  # repr: 1 and 1.0, -0.0 and 0 differ
    except Exception as exc:
        return "refused", type(exc)
