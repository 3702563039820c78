"""The log's transcoder: eventsourcing's ``JSONTranscoder``, its bytes written and read by
orjson (plugged in with ``TRANSCODER_TOPIC``, eventsourcing's own way to change it).

The bytes are the very ones ``JSONTranscoder`` writes (compact separators, UTF-8 as is, a
registered type as ``{"_type_": name, "_data_": ...}``): a store written before reads the
same, and content ids and digests, made from the stored text, stay what they were. orjson
calls ``default`` for datetimes and dataclasses as json does (the passthrough options).
What it refuses (an integer past 64 bits, a lone surrogate) goes to ``JSONTranscoder``
itself, and so does a type no transcoding is registered for, to be refused in
eventsourcing's words. It writes a UUID or an Enum natively where json would ask
``default``, and a float otherwise than json (1e-07, NaN): the log's entries hold none of
them (ids are text; content is text, integers, lists and mappings; times are transcoded).
tests/formats/test_transcoder.py compares the two on every entry of the seed and on any
value an entry could hold. Reading, what json would read otherwise than orjson (a number
past 64 bits, a key escaped) is read by json.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder

_WRITING = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
# orjson reads an integer past 64 bits as a float, json exactly: an entry with a run of 19
# digits or more (in a number, or in any text) is read by json. Found as a run of zeros
# once every digit is one (a byte search, several times as fast as a regular expression).
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * 19
_TYPE_KEY = b'"_type_"'  # how a transcoded object's key is written, unless escaped:
_ESCAPE = b"\\u"  # an entry with any \u escape is read by json (a key may hide behind one)


class OrjsonTranscoder(JSONTranscoder):
    def encode(self, obj: Any) -> bytes:
        try:
            return orjson.dumps(obj, default=self._encode_obj, option=_WRITING)
        except orjson.JSONEncodeError as exc:
            # orjson turns whatever ``default`` raised into its own error: an interrupt
            # (Ctrl-C, or SIGTERM made one) that came while it ran is the interrupt, not a
            # value for json to write instead (the import went on to its end).
            if not isinstance(exc.__cause__, Exception | None):
                raise exc.__cause__ from None
            return super().encode(obj)

    def decode(self, data: bytes) -> Any:
        """What json reads (its object hook given every object, innermost first), read by
        orjson. The hook changes only an object of two keys, one ``_type_``: an entry's
        are its top-level values (its times, their data plain text), which are replaced
        here; an entry with any other ``"_type_"`` in its text, or what orjson does not
        read, is read by json."""
        if _ESCAPE not in data and _LONG_NUMBER not in data.translate(_DIGITS_AS_ZERO):
            try:
                found = orjson.loads(data)
            except orjson.JSONDecodeError:
                pass
            else:
                left = data.count(_TYPE_KEY)
                if left and isinstance(found, dict):
                    for key, value in found.items():
                        if (isinstance(value, dict) and len(value) == 2 and "_type_" in value
                                and not isinstance(value.get("_data_"), (dict, list))):
                            found[key] = self._decode_obj(value)
                            left -= 1
                if not left:
                    return found
        return super().decode(data)


class RepeatedDatetimeAsISO(DatetimeAsISO):
    """eventsourcing's transcoding of a datetime, the same text, made once for a datetime
    given again: an import's entries all hold one record time, twice each (1.4 us each time,
    2% of an import). Known by identity, not equality: equal times in other zones are
    written otherwise."""

    def __init__(self) -> None:
        self._last: tuple[object, str] = (None, "")

    def encode(self, obj: datetime) -> str:
        last, text = self._last
        if obj is not last:
            text = obj.isoformat()
            self._last = (obj, text)
        return text
