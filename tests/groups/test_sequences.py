"""What the vocabulary implies about order, in ``check`` (issue 21): an answer follows the
proposal it answers, a member leaves a group it joined and joins it once until it leaves;
a proposal made again after its answer (which ``state`` then shows as proposed) is said."""

from __future__ import annotations

import json
import re

from helpers import Runner, findings


def _actors(run: Runner) -> None:
    run.ok("actor", "add", "russia", "--name", "Russia", "--kind", "state")
    run.ok("actor", "add", "germany", "--name", "Germany", "--kind", "state")
    run.ok("actor", "add", "format", "--name", "Format", "--kind", "group")


def _add(run: Runner, event_type: str, actor: str, target: str, on: str, event_id: str,
         *fields: str) -> None:
    run.ok("add", event_type, "--actor", actor, "--target", target, "--on", on, "--id",
           event_id, "--source", "s", *(x for f in fields for x in ("--set", f)))


def test_answers_follow_their_proposals(run: Runner) -> None:
    _actors(run)
    _add(run, "proposal_rejected", "germany", "russia", "2014-05-01", "veto",
         "proposal=seat")
    _add(run, "proposal", "russia", "germany", "2014-06-01", "offer", "proposal=seat")
    _add(run, "proposal_accepted", "germany", "russia", "2015-01-01", "yes", "proposal=deal")
    assert findings(run) == {("answered_before_proposed", ("veto", "offer")),
                             ("answer_without_proposal", ("yes",))}


def test_a_proposal_made_again_after_its_answer_is_said(run: Runner) -> None:
    _actors(run)
    _add(run, "proposal", "russia", "germany", "2014-06-01", "offer", "proposal=seat")
    _add(run, "proposal_accepted", "germany", "russia", "2014-07-01", "yes", "proposal=seat")
    assert findings(run) == set()
    _add(run, "proposal", "russia", "germany", "2015-01-01", "again", "proposal=seat")
    assert findings(run) == {("proposed_after_answer", ("yes", "again"))}


def test_members_join_once_and_leave_what_they_joined(run: Runner) -> None:
    _actors(run)
    _add(run, "member_left", "russia", "format", "2010-01-01", "left-early")
    _add(run, "member_joined", "russia", "format", "2014-06-06", "joined")
    _add(run, "member_joined", "russia", "format", "2015-01-01", "joined-again")
    _add(run, "member_left", "germany", "format", "2016-01-01", "never-in")
    _add(run, "member_joined", "germany", "format", "2017-01-01", "germany-in")
    _add(run, "member_left", "germany", "format", "2018-01-01", "germany-out")
    assert findings(run) == {("left_without_joining", ("left-early",)),
                             ("joined_twice", ("joined", "joined-again")),
                             ("left_without_joining", ("never-in",))}


def test_a_proposal_shows_who_answered_it_on_every_side(run: Runner) -> None:
    """Its status is the proposer's own fact: the addressee's state, the answerer's and
    the pair of proposer and answerer all show it, naming who answered (a veto by a third
    party is not the addressee's)."""
    _actors(run)
    run.ok("actor", "add", "usa", "--name", "United States", "--kind", "state")
    _add(run, "proposal", "russia", "usa", "2014-06", "offer", "proposal=seat")
    _add(run, "proposal_rejected", "germany", "russia", "2015-06-06/2016-01-20", "veto",
         "proposal=seat")
    for args in (("russia", "usa"), ("germany", "russia"), ("germany",), ("usa",)):
        line = next(line for line in run.ok("state", *args, "--as-of", "2018").output
                    .splitlines() if "proposal seat" in line)
        assert re.search(r"proposal seat +russia -> usa +rejected +2015-06-06/2016-01-20 +"
                         r"rejected by germany \(2015-06-06/2016-01-20\)$", line), line
    early = json.loads(run.ok("state", "germany", "--as-of", "2015-09-01", "--json").output)
    [proposal] = early["proposals"]
    assert [(a["actor"], a["certainty"]) for a in proposal["answers"]] == [
        ("germany", "possible")]
    assert [f["possible_values"] for f in proposal["facts"]] == [["proposed", "rejected"]]
    assert "possibly rejected by germany" in run.ok("state", "germany", "--as-of",
                                                    "2015-09-01").output
    assert json.loads(run.ok("state", "germany", "--as-of", "2015-01-01", "--json").output
                      )["proposals"][0]["answers"] == []  # not yet, even possibly
    assert run.ok("state", "usa", "germany", "--as-of", "2018", "--kind", "proposal"
                  ).output.endswith("(no ties recorded by this date)\n")


def test_a_possible_member_names_the_event_that_may_make_it_one(run: Runner) -> None:
    _actors(run)
    _add(run, "member_joined", "germany", "format", "2007-01-01/2007-12-31", "joins")
    _add(run, "member_left", "germany", "format", "2007-06-01/2008-06-30", "leaves")
    members = json.loads(run.ok("members", "format", "--as-of", "2007-09-01", "--json").output)
    assert members["members"] == [{"actor": "germany", "since": None, "event": None,
                                   "certainty": "possible", "possible_event": "joins"}]
    # A member known since its joining, whose leaving is in flight: possibly still one.
    members = json.loads(run.ok("members", "format", "--as-of", "2008-01-15", "--json").output)
    assert members["members"] == [{"actor": "germany", "since": "2007-01-01/2007-12-31",
                                   "event": "joins", "certainty": "possible",
                                   "possible_event": "leaves"}]
    assert json.loads(run.ok("members", "format", "--as-of", "2008-07", "--json").output
                      )["members"] == []
