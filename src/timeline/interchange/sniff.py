"""Which format a file is in, told from the start of its content (``import`` without
``--format``): a name can lie (an ICEWS file saved as ``.tab`` or ``.txt``, a TimelineJS
document as ``.json`` like ours), the first lines do not.

Only ``PREFIX_BYTES`` are read, whatever the file's size. What each format starts with:

- ICEWS: a tab-separated header naming "Event ID", "Event Date" and "CAMEO Code";
- POLECAT: a tab-separated header naming "Event ID", "Event Type", "Actor Name" and
  "Recipient Name";
- GDELT: no header; rows of 57 (1.0 back files), 58 (1.0 daily) or 61 (2.0) tab-separated
  columns, the first a GLOBALEVENTID (digits), the second a SQLDATE (eight digits);
- TimelineJS: a JSON object with a "title", "eras" or "scale", or events (slides) with a
  "start_date", or one wrapped in ``{"timeline": ...}`` (TimelineJS 2 and the welcome page);
- PLOVER: JSON records (an array, JSON Lines, or objects one after another) with an
  "event" (or "event_type"), or Prodigy annotation tasks with a PLOVER "label";
- COW Diplomatic Exchange: a CSV header naming ccode1, ccode2, year, DR_at_1 and DR_at_2;
- ours: YAML (by its extension), a JSON document with "actors" or "events", JSON Lines of
  events ("type", "actor") and actors (``{"actor": ...}``), CSV with our export's header.
"""

from __future__ import annotations

from pathlib import Path

from timeline.interchange.files import open_regular

PREFIX_BYTES = 1 << 16
ICEWS_HEADER = ("Event ID", "Event Date", "CAMEO Code")
POLECAT_HEADER = ("Event ID", "Event Type", "Actor Name", "Recipient Name")
GDELT_COLUMNS = (57, 58, 61)
COW_DIPEX_HEADER = ("ccode1", "ccode2", "year", "DR_at_1", "DR_at_2")
OUR_CSV_HEADER = ("record", "id", "type", "actor", "target", "on")
TIMELINEJS_KEYS = ("title", "eras", "scale")
YAML_EXTENSIONS = (".yaml", ".yml")
# Our readers take JSON, JSON Lines and CSV by extension: content of ours under another
# name is not guessed at.
OUR_CONTENT_EXTENSIONS = {".json": "json", ".jsonl": "json", ".csv": "csv"}


def prefix(path: Path, size: int = PREFIX_BYTES) -> str:
    """The first ``size`` bytes of a file, as text (a character cut at the end, or a byte
    that is not UTF-8, is replaced: the readers judge the encoding)."""
    with open_regular(path) as handle:
        raw = handle.read(size)
    return raw.decode("utf-8-sig", errors="replace")


def detect(path: Path) -> str | None:
    """The import format of a file (``auto`` for ours), or None when its start does not
    tell."""
    suffix = path.suffix.lower()
    if suffix in YAML_EXTENSIONS:
        return "auto"
    text = prefix(path)
    start = text.lstrip()
    if not start or ("\n" not in text and len(text.encode()) >= PREFIX_BYTES - 3):
        # Empty, or a first line longer than what is read: nothing to tell by; our readers
        # judge what they take (and refuse it, naming its line), the rest is refused.
        return "auto" if suffix in OUR_CONTENT_EXTENSIONS else None
    if start[:1] in ("{", "["):
        return _json_format(json_keys(start), suffix)
    # Up to 50 whole lines: a header tells most formats, GDELT's rows tell it.
    lines = [line.rstrip("\r") for line in text.split("\n")[:-1] or text.split("\n")][:50]
    if lines and "\t" in lines[0]:
        return _tab_format(lines)
    header = [cell.strip().strip('"') for cell in lines[0].split(",")] if lines else []
    if all(column in header for column in COW_DIPEX_HEADER):
        return "cow-dipex"
    if OUR_CONTENT_EXTENSIONS.get(suffix) == "csv" and \
            all(column in header for column in OUR_CSV_HEADER):
        return "auto"
    return None


def _tab_format(lines: list[str]) -> str | None:
    header = [cell.strip() for cell in lines[0].split("\t")]
    if all(column in header for column in ICEWS_HEADER):
        return "icews"
    if all(column in header for column in POLECAT_HEADER):
        return "polecat"
    rows = [line.split("\t") for line in lines]
    if len(rows) > 1 and rows[0][0].strip().upper().rstrip(":") == "GLOBALEVENTID":
        rows = rows[1:]  # a header GDELT does not write, which its reader skips
    # Nearly every row (blank lines aside) of one of GDELT's widths, with its id and day: a
    # row cut short, or with a damaged id or day, is the reader's to name and skip, not a
    # reason to say the file is no GDELT. All but one in ten (and at least one) of them.
    rows = [row for row in rows if "".join(row).strip()]
    good = sum(len(row) in GDELT_COLUMNS and row[0].strip().isdigit()
               and len(row[1].strip()) == 8 and row[1].strip().isdigit() for row in rows)
    if good and good >= len(rows) - max(1, len(rows) // 10):
        return "gdelt"
    return None


def _json_format(keys: set[str], suffix: str) -> str | None:
    records = {key.removeprefix("[]/") for key in keys if "/" not in key.removeprefix("[]/")}
    if "timeline_log" in records:
        return "log"  # a whole log (export --format log), restored by app.backup
    if records & {"event", "event_type"} or {"label", "text"} <= records:
        return "plover"
    timeline_wrapped = any(key.startswith("timeline/") for key in keys) and \
        not records & {"type", "actor"}
    if records & set(TIMELINEJS_KEYS) or "events/[]/start_date" in keys or timeline_wrapped:
        return "timelinejs"
    ours = records & {"actors", "events"} or {"type", "actor"} <= records or "actor" in records
    if ours and OUR_CONTENT_EXTENSIONS.get(suffix) == "json":
        return "auto"
    return None


def json_keys(text: str) -> set[str]:
    """The keys of the JSON (or JSON Lines) that ``text`` begins with, each with its path:
    ``title``, ``events/[]/start_date``, ``[]/event`` (the items of a top-level array).
    Text cut anywhere is fine: what was read is scanned, nothing is parsed whole."""
    keys: set[str] = set()
    frames: list[list[str]] = []  # each open container: ["{", key being valued] or ["[", ""]
    expect_key = False
    at, end = 0, len(text)
    while at < end:
        char = text[at]
        if char == '"':
            close = at + 1
            while close < end and text[close] != '"':
                close += 2 if text[close] == "\\" else 1
            if close >= end:
                break
            word, at = text[at + 1:close], close + 1
            if expect_key and frames and frames[-1][0] == "{":
                while at < end and text[at] in " \t\r\n":
                    at += 1
                if at < end and text[at] == ":":
                    frames[-1][1] = word
                    keys.add("/".join([f[1] if f[0] == "{" else "[]" for f in frames[:-1]]
                                      + [word]))
                    expect_key = False
            continue
        if char in "{[":
            frames.append([char, ""])
            expect_key = char == "{"
        elif char in "}]":
            if frames:
                frames.pop()
            expect_key = False
        elif char == ",":
            expect_key = bool(frames) and frames[-1][0] == "{"
        at += 1
    return keys
