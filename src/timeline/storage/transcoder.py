"""The log's transcoder: eventsourcing's ``JSONTranscoder``, its bytes written by orjson
(plugged in with ``TRANSCODER_TOPIC``, eventsourcing's own way to change it). Reading
stays json's: its C decoder calls the object hook faster than a walk of orjson's result.

The bytes are the very ones ``JSONTranscoder`` writes (compact separators, UTF-8 as is, a
registered type as ``{"_type_": name, "_data_": ...}``): a store written before reads the
same, and content ids and digests, made from the stored text, stay what they were. orjson
calls ``default`` for datetimes and dataclasses as json does (the passthrough options).
What it refuses (an integer past 64 bits, a lone surrogate) goes to ``JSONTranscoder``
itself, and so does a type no transcoding is registered for, to be refused in
eventsourcing's words. It writes a UUID or
an Enum natively where json would ask ``default``: the log's entries hold neither (ids are
text; content is text, integers, lists and mappings); tests/formats/test_transcoder.py
compares the two on every entry of the seed and on any value an entry could hold.
"""

from __future__ import annotations

from typing import Any

import orjson
from eventsourcing.persistence import JSONTranscoder

_WRITING = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class OrjsonTranscoder(JSONTranscoder):
    def encode(self, obj: Any) -> bytes:
        try:
            return orjson.dumps(obj, default=self._encode_obj, option=_WRITING)
        except orjson.JSONEncodeError:
            return super().encode(obj)
