"""Actor maps: the names (and codes) the field's data uses, mapped to our actor ids."""

from __future__ import annotations

import csv
from pathlib import Path

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
            for row in csv_rows(path, reader):
                name, actor_id = (row.get("name") or "").strip(), (row.get("id") or "").strip()
                if not name or not actor_id:
                    raise InvalidValue(f"{path}:{reader.line_num}: a row needs a name and an id")
                if names.get(name, actor_id) != actor_id:
                    raise InvalidValue(f"{path}:{reader.line_num}: {name[:80]!r} maps to "
                                       f"{names[name]!r} and to {actor_id[:80]!r}")
                names[name] = actor_id
        return names
    data = load_document(path)
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise InvalidValue(f"{path}: an actor map is a mapping of names to actor ids")
    return {k.strip(): v.strip() for k, v in data.items()}
