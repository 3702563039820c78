"""The JSON API answers every question with what the command line's --json prints for the
same question, on each backend; refusals are one line of JSON with the status that fits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import ROOT
from serving import Served

# (address, the same question on the command line)
QUESTIONS = [
    ("/api/state/russia/nato?as_of=2021-10-20", ["state", "russia", "nato", "--as-of",
                                                "2021-10-20"]),
    ("/api/state/Russia/NATO?as_of=2021-11-02&kind=post",
     ["state", "Russia", "NATO", "--as-of", "2021-11-02", "--kind", "post"]),
    ("/api/state/russia?as_of=2021-11-02", ["state", "russia", "--as-of", "2021-11-02"]),
    ("/api/state/russia/nato?as_of=2021-11-02&known_at=2021-10-01",
     ["state", "russia", "nato", "--as-of", "2021-11-02", "--known-at", "2021-10-01"]),
    ("/api/diff/russia/nato?from=2021-10&to=2021-11",
     ["diff", "russia", "nato", "--from", "2021-10", "--to", "2021-11"]),
    ("/api/changes?from=2021-10&to=2021-11", ["changes", "--from", "2021-10", "--to",
                                              "2021-11"]),
    ("/api/changes?from=2021&to=2021&actor=nato&type=expulsion",
     ["changes", "--from", "2021", "--to", "2021", "--actor", "nato", "--type", "expulsion"]),
    ("/api/members/nato?as_of=2021-10-20", ["members", "nato", "--as-of", "2021-10-20"]),
    ("/api/log/russia/nato", ["log", "russia", "nato"]),
    ("/api/log?actor=russia&from=2021&to=2021", ["log", "--actor", "russia", "--from", "2021",
                                                  "--to", "2021"]),
    ("/api/log?type=expulsion&all=true", ["log", "--type", "expulsion", "--all"]),
    ("/api/log?from=3000", ["log", "--from", "3000"]),
    ("/api/leads", ["leads"]),
    ("/api/types", ["types"]),
    ("/api/actors", ["actor", "list"]),
]


@pytest.mark.parametrize(("address", "command"), QUESTIONS)
def test_the_api_answers_as_the_command_line(served: Served, address: str,
                                             command: list[str]) -> None:
    answer = served.client.get(address)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.json() == json.loads(served.run.ok(*command, "--json").stdout)


def test_an_event_and_its_history(served: Served) -> None:
    logged = json.loads(served.run.ok("log", "russia", "nato", "--json").stdout)
    event_id = logged[-1]["id"]
    answer = served.client.get(f"/api/events/{event_id}").json()
    assert answer["event"] == logged[-1]
    history = json.loads(served.run.ok("history", event_id, "--json").stdout)
    assert answer["history"] == history
    assert served.client.get(f"/api/events/{event_id}/history").json() == history


def test_the_log_comes_in_pages(served: Served) -> None:
    whole = served.client.get("/api/log").json()
    assert len(whole) > 50
    pages = [served.client.get(f"/api/log?limit=20&offset={n}").json()
             for n in range(0, len(whole), 20)]
    assert [e for page in pages for e in page] == whole
    assert served.client.get(f"/api/log?offset={len(whole)}").json() == []


@pytest.mark.parametrize(("address", "status", "words"), [
    ("/api/state/russia/nato?as_of=2021-13-01", 400, "as_of"),
    ("/api/state/russia/nato?as_of=someday", 400, "as_of"),
    ("/api/state/russia/nato?asof=2021", 400, "did you mean 'as_of'"),
    ("/api/state/russia/atlantis", 404, "atlantis"),
    ("/api/state/russia/russia", 400, "russia"),
    ("/api/diff/russia/nato?from=2021", 400, "give to=DATE"),
    ("/api/diff/russia/nato?from=2022&to=2021", 400, "2022"),
    ("/api/changes?from=2021&to=2021&type=expulsionn", 400, "did you mean 'expulsion'"),
    ("/api/members/atlantis", 404, "atlantis"),
    ("/api/events/no-such-event", 404, "no-such-event"),
    ("/api/log?limit=many", 400, "limit"),
    ("/api/log?all=perhaps", 400, "all"),
    ("/api/leads?status=bogus", 400, "no lead is 'bogus'"),
    ("/api/leads?type=member_joined", 400, "no lead is of type"),
    ("/api/nothing-here", 404, "no such page"),
])
def test_a_bad_question_is_refused_in_one_line(served: Served, address: str, status: int,
                                               words: str) -> None:
    answer = served.client.get(address)
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert words in error and "\n" not in error and "Traceback" not in answer.text


def test_the_openapi_description_names_every_address(served: Served) -> None:
    described = served.client.get("/api/openapi.json").json()
    assert described["openapi"].startswith("3.")
    for address in ("/api/state/{a}/{b}", "/api/diff/{a}/{b}", "/api/changes",
                    "/api/members/{group}", "/api/log", "/api/events/{id}", "/api/leads",
                    "/api/types", "/api/events"):
        assert address in described["paths"], address
    state = described["paths"]["/api/state/{a}/{b}"]["get"]
    assert {p["name"] for p in state["parameters"]} == {"a", "b", "as_of", "known_at", "kind"}
    assert "post" in described["paths"]["/api/events"]
    # And the docs name every address it describes (a parameter in capitals there).
    docs = (ROOT / "docs" / "serving.md").read_text(encoding="utf-8")
    for address in described["paths"]:
        pattern = re.escape(address).replace(r"\{", "{").replace(r"\}", "}")
        assert re.search(re.sub(r"\{\w+\}", "[A-Z]+", pattern) + r"[`?/ ,]", docs), address


def test_exports_are_downloads(served: Served, tmp_path: Path) -> None:
    answer = served.client.get("/api/export/jsonl?actor=russia&actor=nato")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="russia-nato.jsonl"'
    assert answer.text == served.run.ok("export", "russia", "nato").stdout
    csv = served.client.get("/api/export/csv")
    served.run.ok("export", "--format", "csv", "--out", str(tmp_path / "all.csv"))
    assert csv.content == (tmp_path / "all.csv").read_bytes()  # as written to a file
    timelinejs = served.client.get("/api/export/timelinejs?actor=russia&actor=nato")
    assert timelinejs.json() == json.loads(served.run.ok("export", "russia", "nato",
                                                         "--format", "timelinejs").stdout)
    edges = served.client.get("/api/export/csv-edges?as_of=2021-10-20")
    assert edges.text == served.run.ok("export", "--format", "csv-edges", "--as-of",
                                       "2021-10-20").stdout
    assert served.client.get("/api/export/pdf").status_code == 400
    assert served.client.get("/api/export/csv?actor=russia").status_code == 400
