"""Actors as people write them (issue 22): an id, a name, an ISO code or an alias, ignoring
case, wherever an actor is asked for; a state the store lacks is added from the built-in
map when an event names it, and the answer says so."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, Runner, refused, snapshot, write_file

from timeline.app.timeline import Timeline


@pytest.mark.parametrize("a, b", [("usa", "russia"), ("United States", "Russian Federation"),
                                  ("USA", "RUS"), ("united STATES", "russia")])
def test_a_state_by_its_name_or_code_answers_as_by_its_id(seeded: Runner, a: str, b: str
                                                           ) -> None:
    by_id = seeded.ok("state", "united-states", "russia", "--as-of", "2021-11-02").output
    assert "post united-states-embassy-moscow" in by_id
    assert seeded.ok("state", a, b, "--as-of", "2021-11-02").output == by_id


def test_every_command_that_asks_for_an_actor_takes_a_name(seeded: Runner) -> None:
    for by_id, by_name in (
        (["diff", "nato", "russia", "--from", "2021-10", "--to", "2021-11"],
         ["diff", "NATO", "Russian Federation", "--from", "2021-10", "--to", "2021-11"]),
        (["log", "nato", "russia", "--from", "2021"], ["log", "nato", "RUS", "--from", "2021"]),
        (["log", "--actor", "united-states"], ["log", "--actor", "United States of America"]),
        (["changes", "--from", "2021-11", "--to", "2021-11", "--actor", "russia"],
         ["changes", "--from", "2021-11", "--to", "2021-11", "--actor", "Russia"]),
        (["members", "nato", "--as-of", "2021"], ["members", "Nato", "--as-of", "2021"]),
        (["state", "russia", "--as-of", "2021-11-02"], ["state", "RUS", "--as-of", "2021-11-02"]),
        (["check", "nato", "russia"], ["check", "NATO", "russia"]),
        (["export", "nato", "russia"], ["export", "nato", "Russian Federation"]),
    ):
        want = seeded(*by_id)
        got = seeded(*by_name)
        assert (got.exit_code, got.output) == (want.exit_code, want.output), by_name
        assert want.output.strip(), by_id


def test_a_name_two_actors_go_by_is_refused_with_both(run: Runner) -> None:
    run.ok("actor", "add", "congo-brazzaville", "--name", "Congo", "--kind", "state")
    run.ok("actor", "add", "congo-kinshasa", "--name", "Congo", "--kind", "state")
    line = refused(run("state", "congo", "congo-kinshasa"),
                   "'congo' names 2 actors: congo-brazzaville (name), congo-kinshasa (name); "
                   "give one's id")
    assert "\n" not in line
    # An id is never ambiguous.
    run.ok("add", "meeting", "--actor", "congo-brazzaville", "--target", "congo-kinshasa",
           "--on", "2020")


def test_an_unknown_name_is_refused_with_the_nearest(seeded: Runner) -> None:
    refused(seeded("state", "russa", "nato"), "unknown actor 'russa' (did you mean 'russia'?)")
    refused(seeded("state", "Rusia", "nato"), "unknown actor 'Rusia' (did you mean 'Russia'?)")


def test_a_query_names_a_state_only_the_map_knows_and_adds_nothing(seeded: Runner) -> None:
    before = snapshot(seeded.db)
    refused(seeded("state", "Zambia", "russia"),
            "unknown actor 'Zambia': the built-in map knows it as 'zambia' (Zambia), which "
            "this store does not hold yet (an event that names it adds it)")
    assert snapshot(seeded.db) == before


def test_an_event_adds_a_state_of_the_map_on_first_use_and_says_so(seeded: Runner) -> None:
    before = snapshot(seeded.db)
    # Refused for its date: nothing is added, not even the actors it would have added.
    refused(seeded("add", "meeting", "--actor", "ZMB", "--target", "Malawi", "--on",
                   "2022-13-01"), "month must be in 1..12")
    assert snapshot(seeded.db) == before
    done = seeded.ok("add", "meeting", "--actor", "ZMB", "--target", "Malawi", "--on",
                     "2022-01-10")
    assert done.stderr.splitlines() == [
        "added actor zambia (Zambia, state) from the built-in map",
        "added actor malawi (Malawi, state) from the built-in map"]
    assert done.stdout.startswith("meeting-2022-01-10-")
    listed = json.loads(seeded.ok("actor", "list", "--json").output)
    assert {"id": "malawi", "name": "Malawi", "kind": "state"} in listed
    assert "zambia - malawi" in seeded.ok("log", "zambia", "malawi").output
    # The same again: nothing new, and nothing said of actors.
    again = seeded.ok("add", "meeting", "--actor", "zambia", "--target", "MWI", "--on",
                      "2022-01-10")
    assert "added actor" not in again.stderr
    assert "already recorded" in again.stderr


def test_a_correction_may_name_its_new_target_by_name(seeded: Runner) -> None:
    event = seeded.ok("add", "meeting", "--actor", "russia", "--target", "Belgium", "--on",
                      "2022-02-01").stdout.strip()
    seeded.ok("correct", event, "--target", "Kingdom of the Netherlands", "--reason", "misread")
    assert seeded.ok("log", "russia", "netherlands").output.count(event) == 1


def test_an_alias_names_its_actor_everywhere_and_is_kept_by_the_log(
        seeded: Runner, tmp_path: Path) -> None:
    run = seeded
    assert run.ok("actor", "alias", "nato", "the Alliance").output == \
        "'the Alliance' now names nato\n"
    want = run.ok("state", "nato", "russia", "--as-of", "2021-11-02").output
    assert run.ok("state", "THE ALLIANCE", "russia", "--as-of", "2021-11-02").output == want
    assert run.ok("state", "  the   alliance ", "russia", "--as-of", "2021-11-02"
                  ).output == want
    assert run.ok("actor", "alias", "nato", "the alliance").output == \
        "'the alliance' names nato, written so from now on\n"
    assert "nothing changed" in run.ok("actor", "alias", "NATO", "the alliance").output
    listed = {a["id"]: a for a in json.loads(run.ok("actor", "list", "--json").output)}
    assert listed["nato"]["aliases"] == ["the alliance"]
    assert "aliases" not in listed["russia"]
    assert "the alliance" in run.ok("actor", "list").output
    # An alias is no other actor's id or name, and moves only when asked to.
    refused(run("actor", "alias", "russia", "Belgium"),
            "'Belgium' is already actor 'belgium''s id: an alias names one actor only")
    refused(run("actor", "alias", "russia", "Kingdom of Belgium"),
            "the built-in map gives 'Kingdom of Belgium' to belgium")
    refused(run("actor", "alias", "russia", "the alliance"),
            "'the alliance' names nato now; move it to russia explicitly (--move)")
    assert run.ok("actor", "alias", "russia", "the alliance", "--move").output == \
        "'the alliance' now names russia (it named nato)\n"
    refused(run("actor", "alias", "nato", "the alliance", "--remove"),
            "'the alliance' names russia, not nato")
    assert run.ok("actor", "alias", "russia", "the alliance", "--remove").output == \
        "'the alliance' names no actor any more (it named russia)\n"
    refused(run("state", "the alliance", "nato"), "unknown actor 'the alliance'")
    run.ok("actor", "alias", "united-states", "Washington")
    assert run.ok("check", "--deep").output == "No inconsistencies found.\n"
    # A backup keeps every alias entry; the restored store answers alike.
    log = tmp_path / "backup.jsonl"
    log.write_text(run.ok("export", "--format", "log").output, encoding="utf-8")
    restored = Runner(str(tmp_path / "restored.db"))
    restored.ok("import", str(log))
    assert restored.ok("actor", "list").output == run.ok("actor", "list").output
    assert restored.ok("state", "washington", "russia", "--as-of", "2021-11-02").output == \
        run.ok("state", "united-states", "russia", "--as-of", "2021-11-02").output
    # A rebuild makes the same aliases from the log alone.
    run.ok("rebuild")
    assert restored.ok("actor", "list").output == run.ok("actor", "list").output


def test_names_in_a_real_process(seeded: Runner) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "timeline", "state", "USA", "Russian Federation", "--as-of",
         "2021-11-02", "--db", seeded.db], capture_output=True, text=True, cwd=ROOT,
        check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("russia - united-states, as of 2021-11-02\n")
    done = subprocess.run(
        [sys.executable, "-m", "timeline", "state", "Narnia", "russia", "--db", seeded.db],
        capture_output=True, text=True, cwd=ROOT, check=False)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "Error: unknown actor 'Narnia' (did you mean 'romania'?)\n"


def test_the_library_says_what_each_name_stands_for(seeded: Runner) -> None:
    app = Timeline.open(seeded.db)
    try:
        found = app.names.named("USA", "Russian Federation", "nato",
                                "North Atlantic Treaty Organization", "Malawi", create=True)
        assert [(n.id, n.how) for n in found] == [
            ("united-states", "code"), ("russia", "map"), ("nato", "id"),
            ("nato", "map"), ("malawi", "map")]
        assert [n.new is None for n in found] == [True, True, True, True, False]
        assert all(a.id != "malawi" for a in app.actors())  # named, not added
    finally:
        app.close()


def test_an_about_and_a_host_may_be_given_by_name(seeded: Runner) -> None:
    event = seeded.ok("add", "statement", "--actor", "russia", "--target", "ukraine", "--on",
                      "2020-02-01", "--about", "USA", "--about", "sanctions").stdout.strip()
    for about in ("USA", "united-states", "United States"):
        assert event in seeded.ok("log", "--about", about).output
    assert event in seeded.ok("log", "--about", "sanctions").output  # a topic stays one
    added = seeded.ok("add", "statement", "--actor", "russia", "--target", "ukraine", "--on",
                      "2020-02-02", "--about", "ukrane", "--about", "sanctions")
    # Stored as typed (a topic), with a word where it is likelier a typo of an actor's name.
    assert added.stderr == (
        "warning: 'ukrane' names no actor and is kept as a topic (did you mean 'ukraine'?); "
        f"if not meant, 'timeline retract {added.stdout.strip()}' and add it again\n")
    assert added.stdout.strip() in seeded.ok("log", "--about", "ukrane").output
    met = seeded.ok("add", "meeting", "--actor", "usa", "--target", "russia", "--set",
                    "host=Russian Federation", "--on", "2020-03-01").stdout.strip()
    assert json.loads(seeded.ok("log", "--about", "nothing-such", "--json").output) == []
    [shown] = [e for e in json.loads(seeded.ok("log", "usa", "russia", "--from", "2020-03",
                                               "--to", "2020-03", "--json").output)]
    assert (shown["id"], shown["fields"]["host"]) == (met, "russia")


def test_a_name_that_is_nobodys_is_refused_with_the_nearest_in_add(seeded: Runner) -> None:
    refused(seeded("add", "meeting", "--actor", "United Statse", "--target", "russia",
                   "--on", "2020"), "unknown actor 'United Statse' (did you mean "
            "'United States'?)")
    refused(seeded("add", "meeting", "--actor", "unitedstatse", "--target", "russia",
                   "--on", "2020"), "add it with 'timeline actor add unitedstatse")
    # Case, accents and extra spaces do not matter: "TÜRKİYE" is the map's Turkey.
    assert seeded.ok("state", "TÜRKİYE", "russia", "--as-of", "2021-11-02").output == \
        seeded.ok("state", "turkey", "russia", "--as-of", "2021-11-02").output


def test_an_alias_and_an_actors_id_or_name_never_clash_whatever_the_order(
        run: Runner, tmp_path: Path) -> None:
    run.ok("actor", "add", "united-states", "--name", "United States", "--kind", "state")
    run.ok("actor", "alias", "united-states", "USA")
    before = snapshot(run.db)
    refused(run("actor", "add", "usa", "--name", "Union of South Africa"),
            "actor 'usa': its id 'usa' is already an alias of 'united-states'")
    assert snapshot(run.db) == before
    run.ok("actor", "add", "usa-1", "--name", "U.S.A")  # no clash
    refused(run("actor", "add", "sa", "--name", "usa"),
            "its name 'usa' is already an alias of 'united-states'")
    actors = write_file(tmp_path, "actors.yaml",
                        "actors:\n  - {id: usa, name: Union of South Africa}\n")
    refused(run("import", str(actors)), "is already an alias of 'united-states'")
    # The other way round: an actor first, then the alias is refused.
    run.ok("actor", "add", "sa", "--name", "South Africa")
    refused(run("actor", "alias", "united-states", "sa"),
            "'sa' is already actor 'sa''s id: an alias names one actor only")


def test_an_actor_added_by_hand_takes_no_other_actors_id(run: Runner) -> None:
    run.ok("actor", "add", "russia", "--name", "Russia", "--kind", "state")
    run.ok("actor", "add", "nato", "--name", "NATO", "--kind", "organization")
    before = snapshot(run.db)
    # "Russia" would name two actors, and `state Russia nato` would answer no more.
    refused(run("actor", "add", "elbonia", "--name", "RUSSIA"),
            "actor 'elbonia': its name 'RUSSIA' is already the id of actor 'russia'")
    refused(run("actor", "add", "freedonia", "--name", "Nato"),
            "its name 'Nato' is already the id of actor 'nato'")
    refused(run("actor", "add", "north-atlantic", "--name", "nato"),
            "its name 'nato' is already the id of actor 'nato'")
    run.ok("actor", "add", "bigland", "--name", "Bigland")
    before = snapshot(run.db)
    refused(run("actor", "add", "smallland", "--name", "bigland"),
            "its name 'bigland' is already the id of actor 'bigland'")
    # Nor an id that is another's id in other case, or another's name.
    refused(run("actor", "add", "Russia", "--name", "Elbonia"),
            "its id 'Russia' is already the id of actor 'russia'")
    refused(run("actor", "add", "Bigland", "--name", "Elbonia"), "actor 'bigland'")
    assert snapshot(run.db) == before
    assert run.ok("state", "Russia", "nato").output.startswith("nato - russia, as of")
    # Adding the same actor again changes nothing, and is no clash with itself.
    run.ok("actor", "add", "russia", "--name", "Russia", "--kind", "state")
    assert snapshot(run.db) == before


def test_an_imported_actor_takes_no_other_actors_id_either(run: Runner, tmp_path: Path
                                                            ) -> None:
    run.ok("actor", "add", "russia", "--name", "Russia", "--kind", "state")
    before = snapshot(run.db)
    clash = write_file(tmp_path, "a.yaml",
                       "actors:\n  - {id: elbonia, name: RUSSIA, kind: state}\n")
    refused(run("import", str(clash)), f"{clash}", "actor 'elbonia': its name 'RUSSIA' is "
            "already the id of actor 'russia'")
    # In one file: the second takes the first's id as its name.
    both = write_file(tmp_path, "b.yaml", "actors:\n  - {id: freedonia, name: Freedonia}\n"
                      "  - {id: sylvania, name: FREEDONIA}\n")
    refused(run("import", str(both)), "its name 'FREEDONIA' is already the id of actor "
            "'freedonia'")
    assert snapshot(run.db) == before
    # Two that share a name are no clash (the two Congos); nor the same actor again.
    congos = write_file(tmp_path, "c.yaml", "actors:\n  - {id: congo-1, name: Congo}\n"
                        "  - {id: congo-2, name: Congo}\n")
    run.ok("import", str(congos))
    run.ok("import", str(congos))
    run.ok("actor", "add", "congo-1", "--name", "Congo")


def test_an_odd_alias_is_refused_before_it_is_written(run: Runner) -> None:
    run.ok("actor", "add", "x", "--name", "X")
    before = snapshot(run.db)
    for alias, said in (("-", "needs a letter or a digit"),
                        ("a\u200bb", "invisible character U+200B"),
                        ("\u202eaissuR", "invisible character U+202E"),
                        ("ß" * 101, "longer than 100 characters"),
                        ("\ufb03" * 70, "too long once its case is folded"),
                        ("Germany", "the built-in map gives 'Germany' to germany")):
        refused(run("actor", "alias", "x", alias), said)
    assert snapshot(run.db) == before
    run.ok("actor", "alias", "x", "ß" * 100)  # folds to 200 characters: fits every store
    assert run.ok("state", "SS" * 100).output.startswith("x: every tie")
