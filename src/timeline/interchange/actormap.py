"""Actor maps: the names (and codes) the field's data uses, mapped to our actor ids; and
who acts for an organisation whatever the data's sectors say (``states.yaml``'s bodies and
officials of organisations)."""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources
from pathlib import Path

import yaml

from timeline.errors import InvalidValue
from timeline.interchange.files import csv_header, csv_rows, load_document, read_lines


def load_actor_map(path: Path) -> dict[str, str]:
    """Names (as the source data spells them) to actor ids: YAML or JSON mapping, or CSV
    with columns ``name,id``."""
    if path.suffix.lower() == ".csv":
        with read_lines(path) as lines:
            reader = csv.DictReader(line for _, line in lines)
            if not {"name", "id"} <= set(csv_header(path, reader)):
                raise InvalidValue(f"{path}:1: an actor map needs columns name,id")
            names: dict[str, str] = {}
            folded: dict[str, str] = {}
            for row in csv_rows(path, reader):
                name, actor_id = (row.get("name") or "").strip(), (row.get("id") or "").strip()
                if not name or not actor_id:
                    raise InvalidValue(f"{path}:{reader.line_num}: a row needs a name and an id")
                if names.get(name, actor_id) != actor_id:
                    raise InvalidValue(f"{path}:{reader.line_num}: {name[:80]!r} maps to "
                                       f"{names[name]!r} and to {actor_id[:80]!r}")
                names[name] = actor_id
                _one_per_name(folded, names, name, f"{path}:{reader.line_num}")
        return names
    data = load_document(path)
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise InvalidValue(f"{path}: an actor map is a mapping of names to actor ids")
    mapped: dict[str, str] = {}
    seen: dict[str, str] = {}
    for key, value in data.items():
        if mapped.get(key.strip(), value.strip()) != value.strip():
            raise InvalidValue(f"{path}: {key.strip()[:80]!r} maps to {mapped[key.strip()]!r} "
                               f"and to {value.strip()[:80]!r}")
        mapped[key.strip()] = value.strip()
        _one_per_name(seen, mapped, key.strip(), str(path))
    return mapped


def _one_per_name(folded: dict[str, str], names: dict[str, str], name: str, where: str
                  ) -> None:
    """Names are matched ignoring case (``Resolver``): two that differ only in case must
    name one actor, or the one read last would silently take the other's rows."""
    other = folded.setdefault(name.casefold(), name)
    if names[other] != names[name]:
        raise InvalidValue(f"{where}: {other[:80]!r} and {name[:80]!r} are one name (names "
                           f"are matched ignoring case) mapped to {names[other][:80]!r} and "
                           f"{names[name][:80]!r}")


@functools.cache
def _acting() -> tuple[dict[str, str], dict[str, list[tuple[str, str, str]]]]:
    """From ``states.yaml``: bodies of organisations by name (case-folded) -> organisation id;
    officials by name -> their terms, ``(first day, last day or "", organisation id)``."""
    data = yaml.safe_load(resources.files("timeline.interchange").joinpath("states.yaml")
                          .read_text(encoding="utf-8"))
    parts = {str(name).casefold(): str(entry["of"])
             for entry in data.get("parts") or [] for name in entry["names"]}
    officials: dict[str, list[tuple[str, str, str]]] = {}
    for entry in data.get("officials") or []:
        for name in entry["names"]:
            officials.setdefault(str(name).casefold(), []).append(
                (str(entry["from"]), str(entry["to"]), str(entry["of"])))
    return parts, officials


def acting_for(name: str, day: str) -> str | None:
    """The organisation (its id) a side of coded data acts for, whatever its sectors and
    nationality say: one of its bodies (the European Commission, the UN Security Council),
    or one of its officials in office on ``day`` (YYYY-MM-DD; without a day, none)."""
    parts, officials = _acting()
    key = name.strip().casefold()
    if key in parts:
        return parts[key]
    for first, last, organisation in officials.get(key, ()):
        if day and first <= day[:10] and (not last or day[:10] <= last):
            return organisation
    return None


def parenthesised(name: str) -> str:
    """What a role's name says it belongs to: ICEWS writes an unnamed official as
    ``Secretariat (Organization of American States)`` or ``Foreign Affairs (Bangladesh)``."""
    found = _PARENTHESISED.fullmatch(name.strip())
    return found[1].strip() if found else ""


_PARENTHESISED = re.compile(r"[^()]+\(([^()]+)\)")
