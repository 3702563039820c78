"""Fuzzing every input surface: command-line flags, each file format, store URLs.

Whatever comes in, the answer is success, or exit 1 or 2 with one line naming the problem;
never a traceback; a refusal leaves the store exactly as it was; and the store still
answers every command afterwards. Each test runs TIMELINE_FUZZ_EXAMPLES examples (default
20, a bounded time in CI; set it to thousands for a long run), new ones each run: a failure
prints the seed that reproduces it (``@seed(...)``), and Hypothesis's example database
replays it first next time.
"""

from __future__ import annotations

import json
import os
import string
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from helpers import Runner, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.domain.vocabulary import TYPES

EXAMPLES = int(os.environ.get("TIMELINE_FUZZ_EXAMPLES", "20"))
# derandomize=False: Hypothesis derandomises by itself where it sees a CI (the CI variable),
# which would try one fixed set there run after run; here every run draws new inputs.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Text as hostile as it gets: controls, NUL, lone surrogates, bidi overrides, very long.
nasty = st.text(st.characters(codec=None, exclude_categories=()), max_size=40) | st.sampled_from(
    ["", " ", "\x00", "\ud800", "\x1b]0;x\x07", "\u202e", "9" * 5000, "-1", "1e9",
     "0x7E5", "2021-02-30", "99", "../", "'=1+1", "{}", "[]", "null", "russia", "nato"])
dates = st.sampled_from(["2021", "2021-10", "2021-10-18", "0999", "3000-01-01", "1000",
                         "2999-12-31", "2021-13", "today", "21-10-18"]) | nasty
field_keys = st.sampled_from(["count", "cap", "post", "kind", "agreement", "channel",
                              "location", "name", "staff_cap"]) | nasty


def assert_answered(result: Result, findings: bool = False) -> None:
    """Success, or a refusal in one line; never a traceback. With ``findings`` (check),
    exit 1 with what it found on stdout and nothing on stderr is an answer too."""
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    if findings and result.exit_code == 1 and not result.stderr and result.stdout.strip():
        return
    if result.exit_code != 0:
        err = result.stderr.strip()
        assert err.startswith("Error: ") and "\n" not in err, err
        assert len(err) <= 1100, len(err)


def still_usable(run: Runner) -> None:
    for args in (("state", "russia", "nato", "--as-of", "2021-11-02"), ("log",),
                 ("actor", "list"), ("export", "--format", "csv"), ("check",)):
        result = run(*args)
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, args


def refused_leaves_it_unchanged(run: Runner, act: Callable[[], Result],
                                findings: bool = False) -> None:
    before = snapshot(run.db)
    result = act()
    assert_answered(result, findings)
    if result.exit_code != 0:
        assert snapshot(run.db) == before


@FUZZ
@given(data=st.data())
def test_add_with_any_flags(seeded: Runner, data: st.DataObject) -> None:
    args = ["add", data.draw(st.sampled_from(sorted(TYPES)) | nasty, "type"),
            "--actor", data.draw(st.sampled_from(["russia", "nato"]) | nasty, "actor"),
            "--on", data.draw(dates, "on")]
    if data.draw(st.booleans()):
        args += ["--target", data.draw(st.sampled_from(["russia", "nato"]) | nasty)]
    if data.draw(st.booleans()):
        args += ["--announced", data.draw(dates)]
    for _ in range(data.draw(st.integers(0, 3))):
        args += ["--set", f"{data.draw(field_keys)}={data.draw(nasty)}"]
    for flag in ("--note", "--source", "--id"):
        if data.draw(st.booleans()):
            args += [flag, data.draw(nasty)]
    refused_leaves_it_unchanged(seeded, lambda: seeded(*args))
    still_usable(seeded)


@FUZZ
@given(data=st.data())
def test_queries_with_any_flags(seeded: Runner, data: st.DataObject) -> None:
    command = data.draw(st.sampled_from(["state", "diff", "log", "history", "check",
                                         "correct", "retract"]))
    args: list[str] = [command]
    if command in ("state", "diff"):
        args += [data.draw(st.sampled_from(["russia", "nato"]) | nasty) for _ in range(2)]
    if command in ("history", "correct", "retract"):
        args.append(data.draw(st.sampled_from(["founding-act-signed"]) | nasty))
    for flag in ("--as-of", "--from", "--to", "--known-at", "--max-gap", "--on", "--reason"):
        if data.draw(st.booleans()):
            args += [flag, data.draw(dates)]
    # check may find what a flag asks about (exit 1): an answer, not a refusal.
    refused_leaves_it_unchanged(seeded, lambda: seeded(*args), findings=command == "check")
    still_usable(seeded)


def _record() -> st.SearchStrategy[dict[str, Any]]:
    value = st.recursive(
        st.none() | st.booleans() | st.integers(-10**12, 10**12) | nasty,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty, inner, max_size=3),
        max_leaves=6)
    base = st.fixed_dictionaries(
        {"type": st.sampled_from(sorted(TYPES)), "actor": st.sampled_from(["russia", "nato"]),
         "target": st.sampled_from(["russia", "nato", "ghost"]), "on": dates},
        optional={"id": nasty, "fields": st.dictionaries(field_keys, value, max_size=3),
                  "sources": value, "note": value, "announced": dates, "status": value,
                  "recorded_at": value, "extra": value})
    return base


FORMATS = {
    "jsonl": lambda records: "".join(json.dumps(r) + "\n" for r in records),
    "json": lambda records: json.dumps({"events": records}),
    "yaml": lambda records: "events:\n" + "".join(f"  - {json.dumps(r)}\n" for r in records),
}


@FUZZ
@given(records=st.lists(_record(), min_size=1, max_size=4),
       fmt=st.sampled_from(sorted(FORMATS)), garble=st.integers(-1, 200),
       junk=st.text(string.printable, max_size=5))
def test_import_of_any_file(seeded: Runner, tmp_path_factory: pytest.TempPathFactory,
                            records: list[dict[str, Any]], fmt: str, garble: int,
                            junk: str) -> None:
    text = FORMATS[fmt](records)
    if garble >= 0:  # a file cut or spliced somewhere
        text = text[:garble] + junk + text[garble:]
    path = tmp_path_factory.mktemp("fuzz") / f"in.{fmt}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    refused_leaves_it_unchanged(seeded, lambda: seeded("import", str(path)))
    still_usable(seeded)


@FUZZ
@given(data=st.data())
def test_any_store_url(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    # Only this machine's loopback addresses: a fuzzer must send nothing elsewhere.
    host = data.draw(st.sampled_from(["127.0.0.1", "localhost", "[::1]", ""]))
    port = data.draw(st.sampled_from(["", ":1", ":5432", ":99999", ":x", ":-1"]))
    url = data.draw(st.sampled_from([
        "postgresql://{u}@{h}{p}/{d}", "postgres://{u}:{d}@{h}{p}/{d}?{d}",
        "mysql://{h}/{d}", "sqlite:///{f}/{d}", "{f}/{d}", "{f}/{d}/", "",
    ]))
    spec = url.format(u=data.draw(nasty), h=host, p=port, d=data.draw(nasty),
                      f=tmp_path_factory.mktemp("urls"))
    result = Runner(spec)("log")
    assert_answered(result)
