"""Leads (issue 19, item 2): coded records point to candidate facts, one a type, pair and
day, with the records that support them and their corroboration; none is a fact. The
rules on records made here, then the published files in ../shared/data/field/ through the
command line on each backend."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from helpers import FIELD, ICEWS_HEADER, Runner, icews_file, needs_field, refused, snapshot

from timeline.domain.leads import lead_id, lead_type, leads_of
from timeline.domain.values import EventData, Source

pytestmark = needs_field  # the rules' own tests need no file, the rest the published ones
ICEWS = FIELD / "icews" / "events.2018-06-01.tab"
KEYS = ["id", "type", "actors", "on", "records", "stories", "publishers", "datasets",
        "evidence", "status", "new_evidence", "nearby", "openings", "gdelt_sources",
        "gdelt_articles"]


def coded(code: str, note: str = "", n: int = 1, actor: str = "russia",
          target: str = "nato", sources: list[Source] | None = None,
          dataset: str = "icews") -> EventData:
    return EventData(f"{dataset}-{n}", "coded_event", actor, target, "2021-11-01",
                     fields={"dataset": dataset, "code": code, "record": str(n)},
                     sources=sources or [f"ICEWS event {n} of 2021-11-01, Wire {n}, story {n}"],
                     note=note or None)


@pytest.mark.parametrize(("code", "note", "expected"), [
    ("042", "", "meeting"), ("043", "", "meeting"), ("044", "", "meeting"),
    ("040", "Consult", None), ("040", "The two held talks in Geneva", "meeting"),
    ("041", "they met", None), ("045", "Mediate", None), ("046", "", None),
    ("054", "", "relations_established"), ("057", "", "agreement_signed"),
    ("161", "", "relations_suspended"), ("164", "", "relations_suspended"),
    ("166", "", "expulsion"), ("1661", "", "expulsion"), ("174", "", "expulsion"),
    ("190", "", None), ("?", "", None),
    ("CONSULT/visit", "", "meeting"), ("CONSULT/third-party", "", "meeting"),
    ("CONSULT/phone", "", None), ("CONSULT/", "a meeting in Minsk", "meeting"),
    ("SANCTION/withdraw", "", "relations_suspended"), ("SANCTION/expel", "", "expulsion"),
    ("COERCE/deport", "", "expulsion"), ("SUPPORT/", "", None),
    ("AGREE+CONSULT/visit", "", None),
])
def test_what_each_code_points_to(code: str, note: str, expected: str | None) -> None:
    assert lead_type(coded(code, note)) == expected


def test_records_of_a_type_pair_and_day_are_one_lead_whatever_their_order() -> None:
    records = [coded("042", n=1), coded("043", n=2, actor="nato", target="russia"),
               coded("044", n=3, sources=["ICEWS event 3 of 2021-11-01, Wire 1, story 1"]),
               coded("057", n=4), coded("161", n=5, dataset="gdelt",
                                         sources=[{"url": "https://news.example/a"}])]
    found = leads_of(records)
    assert leads_of(list(reversed(records))) == found
    meeting, *others = found
    assert (meeting.type, meeting.actors, meeting.records, meeting.stories,
            meeting.publishers) == ("meeting", ("nato", "russia"), 3, 2, 2)
    assert meeting.id == lead_id("meeting", "russia", "nato", "2021-11-01") == lead_id(
        "meeting", "nato", "russia", "2021-11-01")
    assert meeting.id.startswith("lead-meeting-2021-11-01-")
    assert [lead.type for lead in others] == ["agreement_signed", "relations_suspended"]
    gdelt = others[1].cited[0]
    assert (gdelt.publisher, gdelt.story) == ("news.example", "https://news.example/a")
    assert list(meeting.to_json()) == KEYS


def leads(run: Runner, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(run.ok("leads", *args, "--json").stdout)["leads"]
    return found


def test_the_icews_file_gives_leads_best_corroborated_first(run: Runner, tmp_path: Path
                                                            ) -> None:
    run.ok("import", "--format", "icews", "--create-actors", str(ICEWS))
    found = leads(run)
    assert Counter(lead["type"] for lead in found) == {
        # 40 meetings: 4 of them with an organisation whose official ICEWS files under a
        # nationality (tests/formats/test_filing.py)
        "meeting": 40, "agreement_signed": 9, "relations_suspended": 3,
        "relations_established": 3}
    assert all(list(lead) == KEYS and lead["status"] == "open" for lead in found)
    ranks = [(lead["publishers"], lead["stories"]) for lead in found]
    assert ranks == sorted(ranks, reverse=True)
    best = found[0]
    assert (best["type"], best["actors"], best["records"], best["stories"],
            best["publishers"]) == ("meeting", ["north-korea", "russia"], 22, 10, 9)
    assert (best["openings"], best["gdelt_sources"]) == (2, 0)  # 2 of them sentence 1
    # The day's one rupture, which no fact and no check showed: a lead, with its record.
    (rupture,) = leads(run, "burkina-faso", "taiwan")
    assert (rupture["type"], rupture["evidence"]) == (
        "relations_suspended", ["icews-2018-06-01-32892153"])
    text = run.ok("leads", "taiwan", "burkina-faso").stdout
    assert "All Africa, story 47404382" in text and "or relations_severed" in text
    assert "1 record(s), 1 story(ies), 1 publisher(s), 1 between the sides themselves" in text
    assert [lead["id"] for lead in leads(run, "--type", "agreement_signed")] == [
        lead["id"] for lead in found if lead["type"] == "agreement_signed"]
    assert leads(run, "--from", "2018-06-02") == []
    assert {tuple(lead["actors"]) for lead in leads(run, "russia")} == {
        tuple(lead["actors"]) for lead in found if "russia" in lead["actors"]}
    # Leads change no fact, and a second import changes no lead.
    assert {e["type"] for e in json.loads(run.ok("log", "--json").stdout)} == {"coded_event"}
    run.ok("import", "--format", "icews", "--create-actors", str(ICEWS))
    assert leads(run) == found
    refused(run("leads", "a", "b", "c"), "at most two actors, got 3: a b c", code=2)


def test_a_lead_is_the_same_whatever_the_order_of_import(tmp_path: Path) -> None:
    lines = ICEWS.read_bytes().split(b"\n")
    header, rows = lines[0], [line for line in lines[1:] if line]
    first, second = tmp_path / "a.tab", tmp_path / "b.tab"
    first.write_bytes(b"\n".join([header, *rows[::2]]) + b"\n")
    second.write_bytes(b"\n".join([header, *rows[1::2]]) + b"\n")
    answers = []
    for order, name in (((first, second), "ab.db"), ((second, first), "ba.db")):
        run = Runner(str(tmp_path / name))
        for path in order:
            run.ok("import", "--format", "icews", "--create-actors", str(path))
        answers.append(leads(run))
    assert answers[0] == answers[1] and len(answers[0]) == 55


@pytest.mark.parametrize(("fmt", "path", "by_type"), [
    ("gdelt", FIELD / "gdelt" / "gdelt1.sample.shared.tsv",
     {"meeting": 10, "relations_suspended": 2, "agreement_signed": 1}),
    ("plover", FIELD / "plover", {"meeting": 5, "expulsion": 1}),
])
def test_gdelt_and_plover_files_give_leads(tmp_path: Path, fmt: str, path: Path,
                                           by_type: dict[str, int]) -> None:
    run = Runner(str(tmp_path / "t.db"))
    run.ok("import", "--format", fmt, "--create-actors", str(path))
    assert Counter(lead["type"] for lead in leads(run)) == by_type


# Decisions (issue 19, item 2): accept and dismiss -------------------------------------------

RUPTURE = "lead-relations-suspended-2018-06-01-856c01fb007a"  # Burkina Faso - Taiwan, 161


def test_accepting_a_lead_records_its_fact_citing_each_record(run: Runner,
                                                               tmp_path: Path) -> None:
    run.ok("import", "--format", "icews", "--create-actors", str(ICEWS))
    (lead,) = leads(run, "burkina-faso", "taiwan")
    assert lead["id"] == RUPTURE
    fact_id = run.ok("accept", RUPTURE, "--note", "Ouagadougou cut ties on 24 May").stdout
    assert fact_id.strip() == "relations-suspended-2018-06-01-856c01fb007a"
    logged = {e["type"]: e for e in json.loads(run.ok("log", "burkina-faso", "taiwan",
                                                      "--json").stdout)}
    fact = logged["relations_suspended"]
    assert fact["sources"] == ["ICEWS record 2018-06-01-32892153 (evidence "
                               "icews-2018-06-01-32892153), code 161, All Africa, story "
                               "47404382"]
    assert logged["lead_accepted"]["fields"] == {"lead": RUPTURE, "event": fact["id"]}
    state = json.loads(run.ok("state", "burkina-faso", "taiwan", "--as-of", "2018-06-02",
                              "--json").stdout)
    assert [(f["attribute"], f["value"]) for f in state["facts"]] == [
        ("relations", "suspended")]
    assert leads(run, "burkina-faso", "taiwan")[0]["status"] == "accepted"
    refused(run("accept", RUPTURE), "accepted already")
    # Dismissed while its fact stands, the lead would say the opposite of the record.
    before = snapshot(run.db)
    refused(run("dismiss", RUPTURE, "--reason", "second thoughts"),
            "accepted already, and its fact stands: if it is wrong, retract the fact (the "
            "lead is open again), then dismiss the lead")
    assert snapshot(run.db) == before
    refused(run("accept", "lead-meeting-2018-06-01-000000000000"), "no lead")
    refused(run("accept", "meeting"), "not a lead id")
    # The decision survives a rebuild, and an export imported into a new store.
    run.ok("rebuild")
    assert leads(run, "burkina-faso", "taiwan")[0]["status"] == "accepted"
    out = tmp_path / "all.jsonl"
    run.ok("export", "--format", "jsonl", "--out", str(out))
    other = Runner(str(tmp_path / "other.db"))
    other.ok("import", str(out))
    assert leads(other, "burkina-faso", "taiwan") == leads(run, "burkina-faso", "taiwan")
    # Re-importing the file changes no lead or decision.
    before = leads(run)
    run.ok("import", "--format", "icews", "--create-actors", str(ICEWS))
    assert leads(run) == before


def test_an_accepted_lead_is_dismissed_once_its_fact_and_decision_are_retracted(
        run: Runner) -> None:
    run.ok("import", "--format", "icews", "--create-actors", str(ICEWS))
    fact_id = run.ok("accept", RUPTURE).stdout.strip()
    refused(run("dismiss", RUPTURE, "--reason", "wrong"), "accepted already")
    run.ok("retract", fact_id, "--reason", "the story was about 1994")
    run.ok("dismiss", RUPTURE, "--reason", "the story was about 1994")
    assert leads(run, "burkina-faso", "taiwan", "--status", "dismissed")[0]["id"] == RUPTURE
    assert json.loads(run.ok("state", "burkina-faso", "taiwan", "--as-of", "2018-06-02",
                             "--json").stdout)["facts"] == []


def test_a_lead_is_accepted_as_what_its_sources_say(tmp_path: Path) -> None:
    """A rupture coded 161 ("reduce or break relations") is accepted as what it was (Burkina
    Faso broke with Taiwan on 24 May 2018), and a visit keeps its host: Lavrov visited
    Pyongyang, coded 042 (Russia visits North Korea) and 043 (North Korea hosts)."""
    run = Runner(str(tmp_path / "as.db"))
    run.ok("import", "--format", "icews", "--create-actors", str(ICEWS))
    refused(run("accept", RUPTURE, "--as", "mission_recall"), "post")  # which mission?
    refused(run("accept", RUPTURE, "--as", "meeting"), "relations_severed", "not 'meeting'")
    run.ok("accept", RUPTURE, "--as", "relations_severed", "--on", "2018-05-24")
    state = json.loads(run.ok("state", "burkina-faso", "taiwan", "--as-of", "2018-06-02",
                              "--json").stdout)
    assert [(f["attribute"], f["value"], f["since"]) for f in state["facts"]] == [
        ("relations", "severed", "2018-05-24")]
    best = leads(run, "north-korea", "russia")[0]
    run.ok("accept", best["id"])
    (meeting,) = json.loads(run.ok("log", "north-korea", "russia", "--type", "meeting",
                                   "--json").stdout)
    assert meeting["fields"] == {"host": "north-korea"}
    assert "north-korea - russia" in run.ok("log", "north-korea", "russia", "--type",
                                            "meeting").stdout


def test_a_dismissed_lead_is_not_offered_again(run: Runner) -> None:
    run.ok("import", "--format", "icews", "--create-actors", str(ICEWS))
    (lead,) = leads(run, "estonia", "united-states")
    refused(run("dismiss", lead["id"], "--reason", " "), "reason", code=2)
    run.ok("dismiss", lead["id"], "--reason", "a story about a 1991 decision")
    assert leads(run, "estonia", "united-states") == []
    (shown,) = leads(run, "estonia", "united-states", "--status", "dismissed")
    assert (shown["id"], shown["status"]) == (lead["id"], "dismissed")
    refused(run("accept", lead["id"]), "dismissed already")
    # No fact came of it, and the decision is in the log.
    logged = json.loads(run.ok("log", "estonia", "united-states", "--json").stdout)
    assert {e["type"] for e in logged} == {"coded_event", "lead_dismissed"}
    assert json.loads(run.ok("state", "estonia", "united-states", "--as-of", "2018-06-02",
                             "--json").stdout)["facts"] == []


def test_an_expulsion_lead_needs_its_count_to_be_accepted(tmp_path: Path) -> None:
    run = Runner(str(tmp_path / "p.db"))
    run.ok("import", "--format", "plover", "--create-actors", str(FIELD / "plover"))
    (lead,) = leads(run, "--type", "expulsion")
    refused(run("accept", lead["id"]), "count")
    run.ok("accept", lead["id"], "--set", "count=3")
    assert leads(run, "--type", "expulsion")[0]["status"] == "accepted"


def test_import_can_accept_corroborated_leads_by_a_stated_policy(run: Runner,
                                                                 tmp_path: Path) -> None:
    args = ("import", "--format", "icews", "--create-actors", str(ICEWS))
    plain = run.ok(*args)
    assert "Accepted" not in plain.stdout + plain.stderr  # off by default
    done = run.ok(*args, "--accept", "corroborated")
    assert done.stderr.splitlines()[0] == "Accepted 5 lead(s) as facts (--accept corroborated)"
    accepted = [lead for lead in leads(run) if lead["status"] == "accepted"]
    assert sorted((lead["type"], *lead["actors"]) for lead in accepted) == [
        ("agreement_signed", "russia", "united-arab-emirates"),
        ("meeting", "china", "united-states"), ("meeting", "germany", "ukraine"),
        ("meeting", "north-korea", "russia"), ("meeting", "north-korea", "united-states")]
    assert all(lead["publishers"] >= 2 and lead["stories"] >= 2 for lead in accepted)
    signed = json.loads(run.ok("log", "russia", "united-arab-emirates", "--type",
                               "agreement_signed", "--json").stdout)
    assert len(signed) == 1 and len(signed[0]["sources"]) == len(
        next(lead for lead in accepted if lead["type"] == "agreement_signed")["evidence"])
    again = run.ok(*args, "--accept", "corroborated")
    assert again.stderr.splitlines()[0].startswith("Accepted 0 lead(s)")
    # A file of ours may carry coded records anyone typed: the policy takes a coded
    # dataset's own file only.
    forged = tmp_path / "forged.jsonl"
    forged.write_text(run.ok("export").stdout, encoding="utf-8")
    before = snapshot(run.db)
    refused(run("import", str(forged), "--accept", "corroborated"),
            "--accept goes with --format", code=2)
    assert snapshot(run.db) == before


def test_the_policy_takes_only_what_the_import_read_from_its_dataset(tmp_path: Path) -> None:
    """Coded records a file of ours carried into the store (typed by anyone) are leads,
    but a later import's policy does not make facts of them: only of leads whose records
    that import read from its own dataset's files."""
    source = Runner(str(tmp_path / "source.db"))
    source.ok("import", "--format", "icews", "--create-actors", str(ICEWS))
    carried = tmp_path / "carried.jsonl"
    carried.write_text(source.ok("export").stdout, encoding="utf-8")
    run = Runner(str(tmp_path / "team.db"))
    run.ok("import", str(carried))
    other = icews_file(tmp_path / "other.tab")
    done = run.ok("import", "--format", "icews", "--create-actors", str(other),
                  "--accept", "corroborated")
    assert done.stderr.splitlines()[0] == "Accepted 0 lead(s) as facts (--accept corroborated)"
    assert all(lead["status"] == "open" for lead in leads(run))
    again = run.ok("import", "--format", "icews", "--create-actors", str(ICEWS),
                   "--accept", "corroborated")  # read from the dataset's own file now
    assert again.stderr.splitlines()[0] == "Accepted 5 lead(s) as facts (--accept corroborated)"


def _recalls(path: Path, sides: list[tuple[str, str]]) -> Path:
    """ICEWS rows of recalls (CAMEO 161) on one day, each from its own publisher and story."""
    path.write_text("\n".join(["\t".join(ICEWS_HEADER), *(
        "\t".join({"Event ID": str(n), "Event Date": "2018-06-02", "Source Name": a,
                   "Source Country": a, "Event Text": "Halt negotiations",
                   "CAMEO Code": "161", "Target Name": b, "Target Country": b,
                   "Story ID": f"1{n}", "Sentence Number": "1",
                   "Publisher": f"Wire {n}"}.get(column, "") for column in ICEWS_HEADER)
        for n, (a, b) in enumerate(sides, 1))]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("sides", "doer"), [
    ([("Estonia", "United States")] * 3, "estonia"),
    ([("Estonia", "United States"), ("United States", "Estonia")] * 2, None),
])
def test_the_policy_takes_a_break_only_where_its_records_agree_on_who_did_it(
        tmp_path: Path, sides: list[tuple[str, str]], doer: str | None) -> None:
    """Recalls each side's, corroborated: the policy cannot say who broke off, so it leaves
    the lead open for the analyst; records that agree make the fact their source side's."""
    run = Runner(str(tmp_path / "r.db"))
    done = run.ok("import", "--format", "icews", "--create-actors",
                  str(_recalls(tmp_path / "r.tab", sides)), "--accept", "corroborated")
    assert done.stderr.splitlines()[0] == \
        f"Accepted {int(doer is not None)} lead(s) as facts (--accept corroborated)"
    (lead,) = leads(run)
    assert lead["status"] == ("open" if doer is None else "accepted")
    facts = json.loads(run.ok("log", "--type", "relations_suspended", "--json").stdout)
    assert [f["actor"] for f in facts] == ([doer] if doer else [])
