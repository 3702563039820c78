"""Reading files safely: every error names its file and line (no store)."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import refusal

from timeline.domain.records import Record
from timeline.errors import InvalidValue
from timeline.interchange.files import (
    MAX_DEPTH,
    MAX_LINE_BYTES,
    csv_header,
    csv_rows,
    json_objects,
    load_document,
    load_json,
    load_yaml,
    open_regular,
    parse_json,
    read_lines,
    read_text,
    skip,
)

BIG = "x" * (csv.field_size_limit() + 1)


def test_skip_is_a_record_with_its_reason() -> None:
    # The reason is a kind, counted together; the example names this record's value.
    assert skip("f.tsv:3", "an actor no map knows", "Unspecified Actor (Unspecified)") == (
        "skip", Record("f.tsv:3", {"reason": "an actor no map knows",
                                   "example": "Unspecified Actor (Unspecified)"})
    )
    assert skip("f.tsv:4", "no Event ID or Event Date") == (
        "skip", Record("f.tsv:4", {"reason": "no Event ID or Event Date", "example": ""})
    )


# read_text ---------------------------------------------------------------------------------

def test_read_text_drops_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes("\ufeffactors: []\n".encode())
    assert read_text(path) == "actors: []\n"


def test_read_text_of_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    with pytest.raises(InvalidValue) as exc:
        read_text(path)
    assert refusal(exc) == f"{path}: cannot read (No such file or directory)"


def test_read_text_of_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue) as exc:
        read_text(tmp_path)
    assert refusal(exc) == f"{tmp_path}: not a regular file"


def test_read_text_names_the_line_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"a: 1\nb: 2\nc: caf\xe9\n")
    with pytest.raises(InvalidValue) as exc:
        read_text(path)
    assert refusal(exc) == f"{path}:3: not UTF-8 text (invalid continuation byte)"


def test_read_text_refuses_a_file_larger_than_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * ((1 << 20) + 1))
    assert read_text(path, limit=(1 << 20) + 1) == "#" * ((1 << 20) + 1)
    with pytest.raises(InvalidValue) as exc:
        read_text(path, limit=1 << 20)
    message = refusal(exc)
    assert message.startswith(f"{path}: larger than 1 MB")
    assert "JSON Lines" in message


def read_fifo(read: Callable[[Path], object], fifo: Path) -> tuple[bool, str]:
    """Read a FIFO in a thread: whether that blocked (until a writer came), and the refusal."""
    messages: list[str] = []

    def run() -> None:
        try:
            read(fifo)
        except InvalidValue as exc:
            messages.append(str(exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=0.5)
    blocked = thread.is_alive()
    deadline = time.monotonic() + 5
    while thread.is_alive() and time.monotonic() < deadline:
        with contextlib.suppress(OSError):  # a writer comes and goes: opening returns
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(timeout=0.1)
    assert not thread.is_alive()
    return blocked, messages[0] if messages else ""


def read_whole(path: Path) -> object:
    return read_text(path)


def read_first_line(path: Path) -> object:
    with read_lines(path) as lines:
        return next(lines, None)


@pytest.mark.parametrize("read", [read_whole, read_first_line])
def test_a_fifo_is_refused_as_not_a_regular_file(
    read: Callable[[Path], object], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    _, message = read_fifo(read, fifo)
    assert message == f"{fifo}: not a regular file"


@pytest.mark.parametrize("read", [read_whole, read_first_line])
def test_a_fifo_is_refused_without_blocking(
    read: Callable[[Path], object], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    blocked, _ = read_fifo(read, fifo)
    assert not blocked


def test_read_text_names_a_read_error(tmp_path: Path) -> None:
    # A regular file whose reading fails: this process's memory, at address 0.
    path = Path("/proc/self/mem")
    if not path.exists():
        pytest.skip("needs Linux /proc")
    with pytest.raises(InvalidValue) as exc:
        read_text(path)
    assert refusal(exc) == f"{path}: cannot read (Input/output error)"


def test_open_regular_gives_an_open_binary_handle(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"a,b\n")
    with open_regular(path) as handle:
        assert handle.read() == b"a,b\n"


# read_lines --------------------------------------------------------------------------------

def test_read_lines_numbers_lines_and_drops_a_leading_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes("\ufeff{}\n\n{\"a\": \"\ufeff\"}".encode())
    with read_lines(path) as lines:
        assert list(lines) == [(1, "{}\n"), (2, "\n"), (3, '{"a": "\ufeff"}')]


def test_read_lines_keeps_a_byte_order_mark_after_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes("x\n\ufeffy\n".encode())
    with read_lines(path) as lines:
        assert [text for _, text in lines] == ["x\n", "\ufeffy\n"]


def test_read_lines_of_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.jsonl"
    with pytest.raises(InvalidValue) as exc, read_lines(path):
        pass
    assert refusal(exc) == f"{path}: cannot read (No such file or directory)"


def test_read_lines_names_the_line_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"{}\n{}\n\xff{}\n{}\n")
    seen: list[int] = []
    with pytest.raises(InvalidValue) as exc, read_lines(path) as lines:
        for number, _ in lines:
            seen.append(number)
    assert seen == [1, 2]
    assert refusal(exc) == f"{path}:3: not UTF-8 text (invalid start byte)"


def test_read_lines_refuses_a_line_beyond_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    longest = b"x" * (MAX_LINE_BYTES - 1) + b"\n"
    path.write_bytes(b"{}\n" + longest + b"y" * (MAX_LINE_BYTES + 1) + b"\n{}\n")
    seen: list[int] = []
    with pytest.raises(InvalidValue) as exc, read_lines(path) as lines:
        for number, _ in lines:
            seen.append(number)
    assert seen == [1, 2]
    assert refusal(exc) == f"{path}:3: a line longer than 1 MB"


def test_read_lines_closes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("a\nb\n")
    with read_lines(path) as lines:
        next(lines)
    with pytest.raises(ValueError, match="closed file"):
        next(lines)


# YAML --------------------------------------------------------------------------------------

def test_yaml_keeps_on_as_a_key_and_dates_as_text() -> None:
    data = load_yaml(Path("a.yaml"), "on: 2021-11-01\nyes: no\nt: true\nF: False\nn: 3\n")
    assert data == {"on": "2021-11-01", "yes": "no", "t": True, "F": False, "n": 3}


def test_yaml_remembers_the_line_of_each_mapping() -> None:
    data = load_yaml(Path("a.yaml"), "actors:\n  - id: a\n    name: A\n\n  - {id: b}\n")
    assert data.line == 1
    assert [item.line for item in data["actors"]] == [2, 5]


def test_yaml_integers_are_decimal_only() -> None:
    data = load_yaml(Path("a.yaml"), "a: 0x7E5\nb: 0o17\nc: +5\nd: -3\ne: 1_000\nf: 2021\n")
    assert data == {"a": "0x7E5", "b": "0o17", "c": 5, "d": -3, "e": "1_000", "f": 2021}


def test_yaml_refuses_duplicate_keys_naming_the_line() -> None:
    with pytest.raises(InvalidValue) as exc:
        load_yaml(Path("a.yaml"), "events:\n  - on: 2021\n    type: x\n    on: 2022\n")
    assert refusal(exc) == "a.yaml:4: malformed YAML: duplicate key 'on'"


def test_yaml_refuses_aliases() -> None:
    text = "a: &x [1, 2]\nb: *x\n"
    with pytest.raises(InvalidValue) as exc:
        load_yaml(Path("a.yaml"), text)
    message = refusal(exc)
    assert message.startswith("a.yaml:2: malformed YAML: ")
    assert "alias" in message


def test_yaml_nesting_is_bounded() -> None:
    assert load_yaml(Path("a.yaml"), "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)) is not None
    with pytest.raises(InvalidValue) as exc:
        load_yaml(Path("a.yaml"), "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert refusal(exc) == f"a.yaml:1: malformed YAML: nested more than {MAX_DEPTH} deep"


def test_yaml_keys_become_text() -> None:
    assert load_yaml(Path("a.yaml"), "1: one\n2021-11-01: day\n") == {
        "1": "one", "2021-11-01": "day"}


def test_yaml_is_safe() -> None:
    with pytest.raises(InvalidValue) as exc:
        load_yaml(Path("evil.yaml"), "a: !!python/object/apply:os.system ['true']\n")
    message = refusal(exc)
    assert message.startswith("evil.yaml:1: malformed YAML: ")
    assert "python/object/apply" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [1", "a.yaml:1: malformed YAML: expected ',' or ']', but got '<stream end>' "
                  "(while parsing a flow sequence at line 1)"),
        ("a: 1\nb: c: d\n", "a.yaml:2: malformed YAML: mapping values are not allowed here"),
        ("a: 1\n\tb: 2\n", "a.yaml:2: malformed YAML: found character '\\t' that cannot start "
                           "any token"),
        ("- x\ny: 1\n", "a.yaml:2: malformed YAML: expected <block end>, but found '?' "
                        "(while parsing a block collection at line 1)"),
    ],
)
def test_malformed_yaml_names_its_line(text: str, expected: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        load_yaml(Path("a.yaml"), text)
    assert refusal(exc) == expected


def test_a_control_character_in_yaml_is_refused_in_one_line_naming_its_line() -> None:
    with pytest.raises(InvalidValue) as exc:
        load_yaml(Path("a.yaml"), "a: 1\nb: \x07\n")
    assert refusal(exc).startswith("a.yaml:2: malformed YAML")


# JSON --------------------------------------------------------------------------------------

def test_load_json() -> None:
    assert load_json(Path("a.json"), '{"on": "2021"}') == {"on": "2021"}


def test_malformed_json_names_its_line() -> None:
    with pytest.raises(InvalidValue) as exc:
        load_json(Path("a.json"), '{\n"a": 1,\n}')
    assert refusal(exc) == (
        "a.json:3: malformed JSON: Expecting property name enclosed in double quotes"
    )


def test_json_refuses_duplicate_keys() -> None:
    with pytest.raises(InvalidValue) as exc:
        load_json(Path("a.json"), '{"events": [{"id": "a", "id": "b"}]}')
    assert refusal(exc) == "a.json: duplicate key 'id'"


def test_json_nesting_too_deep_is_refused() -> None:
    with pytest.raises(InvalidValue) as exc:
        load_json(Path("a.json"), "[" * 200_000 + "]" * 200_000)
    assert refusal(exc) == "a.json: JSON nested too deeply"


def test_parse_json_names_where_it_was_asked() -> None:
    assert parse_json('{"a": [1]}', "f.csv:3: column 'fields'") == {"a": [1]}
    with pytest.raises(InvalidValue) as exc:
        parse_json("{", "f.csv:3: column 'fields'")
    assert refusal(exc).startswith("f.csv:3: column 'fields': malformed JSON: ")


def test_load_document_reads_json_by_extension_and_yaml_otherwise(tmp_path: Path) -> None:
    as_json = tmp_path / "a.JSON"
    as_json.write_text('{"on": true}')
    assert load_document(as_json) == {"on": True}
    as_yaml = tmp_path / "a.txt"
    as_yaml.write_text("on: yes\n")
    assert load_document(as_yaml) == {"on": "yes"}
    broken = tmp_path / "b.json"
    broken.write_text("on: yes\n")  # YAML, but named JSON
    with pytest.raises(InvalidValue, match=r"b\.json:1: malformed JSON"):
        load_document(broken)


def test_load_document_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue, match="cannot read"):
        load_document(tmp_path / "none.yaml")


# JSON Lines --------------------------------------------------------------------------------

def test_json_objects_skip_blank_lines_and_name_each_line() -> None:
    lines = [(1, '{"a": 1}\n'), (2, "   \n"), (3, '{"b": 2}')]
    assert list(json_objects(Path("f.jsonl"), lines)) == [
        ("f.jsonl:1", {"a": 1}), ("f.jsonl:3", {"b": 2})]


def test_json_objects_refuse_a_malformed_line() -> None:
    lines = [(1, "{}"), (2, '{"a": }')]
    with pytest.raises(InvalidValue) as exc:
        list(json_objects(Path("f.jsonl"), lines))
    assert refusal(exc) == "f.jsonl:2: malformed JSON: Expecting value"


@pytest.mark.parametrize(("line", "kind"), [("[1]", "list"), ('"x"', "str"), ("3", "int"),
                                           ("null", "NoneType")])
def test_json_objects_refuse_what_is_not_an_object(line: str, kind: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        list(json_objects(Path("f.jsonl"), [(4, line)]))
    assert refusal(exc) == f"f.jsonl:4: expected a JSON object, got {kind}"


def test_json_objects_refuse_duplicate_keys_on_their_line() -> None:
    with pytest.raises(InvalidValue) as exc:
        list(json_objects(Path("f.jsonl"), [(1, "{}"), (2, '{"on": "2021", "on": "2022"}')]))
    assert refusal(exc) == "f.jsonl:2: duplicate key 'on'"


# CSV ---------------------------------------------------------------------------------------

def test_csv_rows_gives_every_row() -> None:
    reader = csv.DictReader(io.StringIO("a,b\n1,2\n3,4\n"))
    assert list(csv_rows(Path("f.csv"), reader)) == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]


def test_csv_rows_refuse_a_malformed_row() -> None:
    reader = csv.reader(io.StringIO(f"a,b\n1,{BIG}\n"))
    with pytest.raises(InvalidValue) as exc:
        list(csv_rows(Path("f.csv"), reader))
    message = refusal(exc)
    assert message.startswith("f.csv:2: malformed row (field larger than field limit")


def test_csv_header_is_read_from_the_first_line() -> None:
    assert csv_header(Path("f.csv"), csv.DictReader(io.StringIO("a,b\n1,2\n"))) == ["a", "b"]
    assert csv_header(Path("f.csv"), csv.DictReader(io.StringIO(""))) == []


def test_csv_header_refuses_a_malformed_header() -> None:
    with pytest.raises(InvalidValue) as exc:
        csv_header(Path("f.csv"), csv.DictReader(io.StringIO(f"a,{BIG}\n")))
    assert refusal(exc).startswith("f.csv:1: malformed header (field larger than field limit")


def test_csv_rows_of_a_dict_reader_refuse_a_malformed_row_after_good_rows() -> None:
    reader = csv.DictReader(io.StringIO(f"a,b\n1,2\n3,{BIG}\n"))
    rows = csv_rows(Path("f.csv"), reader)
    assert next(rows) == {"a": "1", "b": "2"}
    with pytest.raises(InvalidValue, match=r"malformed row \(field larger than field limit"):
        next(rows)


def test_csv_rows_of_a_dict_reader_name_the_malformed_line() -> None:
    reader = csv.DictReader(io.StringIO(f"a,b\n1,2\n3,{BIG}\n"))
    with pytest.raises(InvalidValue) as exc:
        list(csv_rows(Path("f.csv"), reader))
    assert refusal(exc).startswith("f.csv:3: ")


def test_a_malformed_csv_line_of_a_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text(f"name,id\nRussia,russia\nNATO,{BIG}\n")
    with pytest.raises(InvalidValue) as exc, read_lines(path) as lines:
        list(csv_rows(path, csv.DictReader(text for _, text in lines)))
    assert refusal(exc).startswith(f"{path}:3: ")


@pytest.mark.parametrize("text", [
    '{"a": [1, {"b": 2.5}], "c": null}', " 7 ", '"\\ud800"', "[1,", '{"a": 1} x',
    "\ufeff{}", "NaN", "1" * 30, "",
])
def test_parse_json_reads_as_json_loads_does(text: str) -> None:
    """One decoder made once reads each line: what it gives, or the words it refuses a text
    in (a byte order mark's included, which json.loads alone names), are json.loads'."""
    import json

    try:
        expected: object = json.loads(text)
    except json.JSONDecodeError as exc:
        with pytest.raises(InvalidValue) as refused:
            parse_json(text, "f.jsonl:3")
        assert str(refused.value) == f"f.jsonl:3: malformed JSON: {exc.msg}"
    else:
        found = parse_json(text, "f.jsonl:3")
        assert found == expected or (found != found and expected != expected)  # NaN
        assert type(found) is type(expected)
