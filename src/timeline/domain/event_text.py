"""An event's content as text: the form the read model keeps beside each version, and the
answers written from it without decoding the event again.

The log holds what was recorded; the projection, which reads each entry through
eventsourcing's mapper (the one decoder of domain events, upcasting included), keeps the
version's content beside its row as ``json.dumps(content, ensure_ascii=False)``. A listing
then reads it as text: an exported line splices it whole, and a ``--json`` answer reads it
with orjson, without the mapper, the transcoder or an ``EventData`` for each event (a
listing of 100,000 events is written in the time it takes to read and write its text).
``EventData.to_file`` and ``to_json`` follow ``event_form``, the one rule of what an event's
answer holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from json.encoder import (  # type: ignore[attr-defined]  # json's own, as json.dumps uses them
    c_make_encoder,
    encode_basestring,
    encode_basestring_ascii,
)
from typing import Any

# orjson reads an integer past 64 bits otherwise than json (as a float): a content whose
# text has a run of 19 digits or more (in a number, or in any text), NaN or infinity, or a
# lone surrogate (escaped), is kept with a space before it, which both read past, and is
# read by json (storage.transcoder reads the log's entries by the same rule).
# Told when written, once, so that reading is one orjson call (a search of every text
# read took three times as long as reading it).
_LONG_NUMBER = re.compile("[0-9]{19}")
_READ_BY_JSON = " "


def one_shot(*, sort_keys: bool = False, ensure_ascii: bool = True, allow_nan: bool = True
             ) -> Callable[[Any], str]:
    """``json.dumps`` with these options as a function made once, writing the same text:
    json's own C encoder, called directly. ``JSONEncoder.encode`` makes one at each call
    (and given any option ``json.dumps`` makes a ``JSONEncoder`` too): 2.7 us an event's
    content where this takes 1.5. No check for a value that holds itself: what it writes
    was read from JSON, or made of what was (a cycle would end in RecursionError)."""
    encoder = json.JSONEncoder(sort_keys=sort_keys, ensure_ascii=ensure_ascii,
                               allow_nan=allow_nan)
    if c_make_encoder is None:  # pragma: no cover - a Python without json's C part
        return encoder.encode
    made = c_make_encoder(None, encoder.default,
                          encode_basestring_ascii if ensure_ascii else encode_basestring,
                          None, encoder.key_separator, encoder.item_separator, sort_keys,
                          False, allow_nan)

    def encode(value: Any) -> str:
        return "".join(made(value, 0))

    return encode


# json.dumps(content, ensure_ascii=False, allow_nan=False), made once.
_AS_KEPT = one_shot(ensure_ascii=False, allow_nan=False)


def content_text(content: Mapping[str, Any]) -> str:
    """The content as the read model keeps it: ``json.dumps(content, ensure_ascii=False)``
    (with a space before it where json must read it). Text the gate let in encodes as
    UTF-8; what an earlier version let in otherwise (a lone surrogate) is kept escaped."""
    by_json = False
    try:
        text = _AS_KEPT(content)
    except ValueError:  # NaN or infinity: json writes them, orjson reads none
        text, by_json = json.dumps(content, ensure_ascii=False), True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: orjson reads none either
        text, by_json = json.dumps(content), True
    return _READ_BY_JSON + text if by_json or _LONG_NUMBER.search(text) else text


def read_content(text: str | None) -> Any:
    """The content of ``content_text``; None where the projection could not read it (or
    the text is not JSON at all: the read model is damaged, and the event unreadable)."""
    global _loads
    if text is None:
        return None
    if not text.startswith(_READ_BY_JSON):
        if _loads is None:
            # Loaded here, not with the module: orjson loads uuid and platform, which a
            # quick `timeline state` that reads no content would pay for at every start;
            # and once, not at each call: a listing reads a million contents.
            import orjson

            _loads = orjson.loads
        try:
            return _loads(text)
        except ValueError:  # orjson's JSONDecodeError is one
            pass  # not as ``content_text`` writes it: json may read it yet
    try:
        return json.loads(text)
    except ValueError:
        return None


_loads: Callable[[str], Any] | None = None  # orjson's, once a content is read


def event_form(event_id: str, content: Mapping[str, Any], recorded_at: str | None,
               status: str, recorded_by: str | None = None) -> dict[str, Any]:
    """An event as answers give it (``recorded_by`` where a known person recorded it) and
    as our files hold it (without): its id, its content, when it was recorded, and its
    status where it is not simply recorded."""
    data: dict[str, Any] = {"id": event_id, **content, "recorded_at": recorded_at}
    if status != "recorded":
        data["status"] = status
    if recorded_by is not None:
        data["recorded_by"] = recorded_by
    return data


def file_line(event_id: str, content: str, recorded_at: str, status: str) -> str:
    """``json.dumps(event_form(...), ensure_ascii=False)`` of a version whose content the
    read model keeps as ``content`` (``content_text``), its text spliced in as it is: the
    content's keys are the fixed ones of ``EventData.content`` (none of id, recorded_at,
    status) and never none, so the object's text is the content's between the others."""
    tail = "" if status == "recorded" else f', "status": {encode_basestring(status)}'
    return (f'{{"id": {encode_basestring(event_id)}, {content.lstrip()[1:-1]}, '
            f'"recorded_at": {encode_basestring(recorded_at)}{tail}}}')
