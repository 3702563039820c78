"""What the vocabulary implies about order, in ``check`` (issue 21): an answer follows the
proposal it answers, a member leaves a group it joined and joins it once until it leaves;
a proposal made again after its answer (which ``state`` then shows as proposed) is said."""

from __future__ import annotations

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
