"""Every page answers at its stable address, shows names rather than ids and uncertain
values in words, escapes whatever the record holds, and links to its JSON."""

from __future__ import annotations

import re

import pytest
from serving import Served, client_of

from timeline.app import Timeline

PAGES = [
    ("/", "Russia"),
    ("/actors", "NATO"),
    ("/actors?q=nat", "NATO"),
    ("/actors/russia?as_of=2021-11-02", "every tie"),
    ("/pairs/russia/nato?as_of=2021-11-02&from=2021-10&to=2021-11", "What changed"),
    ("/changes?from=2021-10&to=2021-11", "change(s)"),
    ("/changes", "From"),
    ("/groups/nato?as_of=2021-10-20", "member(s)"),
    ("/log?actor=russia", "Log"),
    ("/leads", "Leads to review"),
    ("/types", "expulsion"),
    ("/signin", "Password"),
]


@pytest.mark.parametrize(("address", "words"), PAGES)
def test_every_page_answers(served: Served, address: str, words: str) -> None:
    answer = served.client.get(address, headers={"Accept": "text/html"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert words in answer.text
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_a_pair_page_shows_names_the_diff_and_the_sources(served: Served) -> None:
    page = served.client.get("/pairs/russia/nato?as_of=2021-11-02&from=2021-10&to=2021-11"
                             ).text
    assert 'href="/actors/nato"' in page and 'title="nato"' in page  # a name, linked
    assert "suspended" in page  # the mission, as of 2 November
    assert 'href="/events/' in page  # the changes' causes link to their events
    assert 'rel="noopener noreferrer nofollow"' in page  # sources as links
    assert 'href="/api/state/nato/russia?as_of=2021-11-02"' in page  # as the CLI: sorted
    assert '<img src="/pairs/nato/russia/chart.svg' in page


def test_an_uncertain_tie_is_shown_as_every_value_it_may_have(served: Served) -> None:
    page = served.client.get("/pairs/usa/russia?as_of=2015-01-01").text
    assert "none yet, proposed or rejected" in page
    assert 'class="uncertain"' in page


def test_an_event_page_shows_every_version(served: Served) -> None:
    served.run.ok("add", "statement", "--actor", "russia", "--target", "nato", "--on",
                  "2021-10-19", "--id", "spoken", "--note", "a first note")
    served.run.ok("correct", "spoken", "--on", "2021-10-18", "--reason", "the day before")
    served.run.ok("retract", "spoken", "--reason", "never said")
    page = served.client.get("/events/spoken").text
    assert "v1" in page and "v2" in page and "v3" in page
    assert "the day before" in page and "never said" in page and "Retracted" in page


def test_hostile_text_is_escaped_everywhere_it_is_shown(served: Served) -> None:
    hostile = '<script>alert("x")</script>'
    served.run.ok("actor", "add", "mallory", "--name", hostile, "--kind", "state")
    served.run.ok("add", "statement", "--actor", "mallory", "--target", "russia", "--on",
                  "2021-10-19", "--note", hostile, "--source", "javascript:alert(1)",
                  "--source", 'https://example.org/?q="><script>x</script>')
    for address in ("/actors", "/actors/mallory", "/pairs/mallory/russia", "/log",
                    "/actors/russia?as_of=2021-10-20"):
        page = served.client.get(address).text
        assert "<script>alert" not in page and "<script>x" not in page, address
    page = served.client.get("/pairs/mallory/russia").text
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page


def test_a_picture_is_an_svg(served: Served) -> None:
    chart = served.client.get("/pairs/russia/nato/chart.svg?as_of=2021-11-02")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
    assert chart.text.lstrip().startswith("<?xml") and "<svg" in chart.text
    network = served.client.get("/actors/russia/network.svg?as_of=2021-11-02")
    assert network.status_code == 200 and "<svg" in network.text
    assert served.client.get("/pairs/russia/atlantis/chart.svg").status_code == 404
    # A page whose pair has no events (as known then) shows no picture it cannot draw.
    served.run.ok("actor", "add", "atlantis", "--name", "Atlantis")
    for address in ("/pairs/atlantis/russia", "/pairs/russia/nato?known_at=2000-01-01"):
        page = served.client.get(address, headers={"Accept": "text/html"}).text
        assert "chart.svg" not in page, address


def test_a_comparison_with_an_end_and_no_start_says_so(served: Served) -> None:
    """A blank 'from' had been taken for today: 'the period starts on <today>, after it ends
    on 2021-11-30', a start nobody gave."""
    answer = served.client.get("/pairs/russia/nato?from=&to=2021-11",
                               headers={"Accept": "text/html"})
    assert answer.status_code == 400
    assert "give &#39;from&#39; with &#39;to&#39;" in answer.text or \
        "give 'from' with 'to'" in answer.text
    since = served.client.get("/pairs/russia/nato?from=2021-10&as_of=2021-11-02",
                              headers={"Accept": "text/html"})
    assert since.status_code == 200 and "What changed" in since.text


def test_a_picture_is_drawn_once_for_each_state_of_the_record(
        served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawn once and kept, a picture is sent again without drawing, and a browser that
    holds it is told it has not changed (304); a new event draws it afresh."""
    from timeline.views import chart

    drawn: list[object] = []
    real = chart.draw
    monkeypatch.setattr(chart, "draw", lambda *args: drawn.append(args) or real(*args))
    address = "/pairs/russia/nato/chart.svg?from=1990"
    first = served.client.get(address)
    again = served.client.get(address)
    assert first.content == again.content and len(drawn) == 1
    tag = first.headers["etag"]
    held = served.client.get(address, headers={"If-None-Match": tag})
    assert held.status_code == 304 and held.content == b"" and len(drawn) == 1
    served.run.ok("add", "statement", "--actor", "russia", "--target", "nato", "--on",
                  "2021-12-01", "--source", "https://example.org/s")
    after = served.client.get(address, headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["etag"] != tag and len(drawn) == 2


def test_a_browser_is_shown_a_page_when_refused(served: Served) -> None:
    answer = served.client.get("/pairs/russia/atlantis", headers={"Accept": "text/html"})
    assert answer.status_code == 404
    assert "unknown actor" in answer.text and "<html" in answer.text


def test_the_home_page_forms_go_where_they_ask(served: Served) -> None:
    answer = served.client.get("/go?a=russia&b=nato&as_of=2021-11-02",
                               follow_redirects=False)
    assert answer.headers["location"] == "/pairs/russia/nato?as_of=2021-11-02"
    answer = served.client.get("/go?a=russia", follow_redirects=False)
    assert answer.headers["location"] == "/actors/russia"
    # A name, an alias or a code goes to the one address of its actor's page.
    answer = served.client.get("/go?a=Russia&b=North Atlantic Treaty Organization",
                               follow_redirects=False)
    assert answer.headers["location"] == "/pairs/russia/nato"
    assert served.client.get("/go?b=RUS", follow_redirects=False).headers["location"] == \
        "/actors/russia"
    unknown = served.client.get("/go?a=Atlantis", headers={"Accept": "text/html"})
    assert unknown.status_code == 404 and "did you mean" in unknown.text


def test_pages_say_names_as_english_writes_them(served: Served) -> None:
    """A title is the page's, then the site's, never the site's twice; a group is named
    in a membership; a name that ends in s takes the apostrophe alone; an actor's ties are
    in order of counterpart (a proposal among its addressee's); a go-between with no ties
    of its own gets no network picture to draw."""
    assert "<title>timeline</title>" in served.client.get("/").text
    assert "<title>Russia · timeline</title>" in served.client.get("/actors/russia").text
    page = served.client.get("/actors/netherlands?as_of=2021-11-02").text
    assert "<td>membership nato</td>" not in page and ">membership of NATO</span>" in page
    assert "Netherlands&#39; embassy in Moscow" in page and "Netherlands&#39;s" not in page
    russia = served.client.get("/actors/russia?as_of=2021-11-02").text
    ties = russia[russia.index("<tbody>"):russia.index("</tbody>")]
    withs = re.findall(r'<tr>\s*<td><a href="/actors/([^"]+)"', ties)
    assert withs == sorted(withs) and "united-states" in withs
    kerry = served.client.get("/actors/john-kerry").text
    assert "network.svg" not in kerry and "network.svg" in russia


def test_a_failure_is_one_line_without_a_traceback(served: Served,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline.app import Timeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Timeline, "diff", broken)
    with client_of(served.run.db) as client:
        client.app_state = None  # type: ignore[attr-defined]
        quiet = type(client)(client.app, base_url="https://testserver",
                             raise_server_exceptions=False)
        answer = quiet.get("/api/diff/russia/nato?from=2021&to=2021")
    assert answer.status_code == 500
    assert "secret internals" not in answer.text and "Traceback" not in answer.text
    assert answer.json() == {"error": "the server failed to answer this; its log says why"}


@pytest.mark.parametrize(("wanted", "ids"), [
    ("atlantic", ["nato"]),  # serving.md's example: a name the built-in map gives NATO
    ("usa", ["united-states"]),  # a code
    ("russian  federation", ["russia"]),
    ("nat", ["nato"]),
    ("zzz", []),
])
def test_the_actors_search_finds_them_by_any_name_the_app_knows(
        served: Served, wanted: str, ids: list[str]) -> None:
    """As /go and /actors/USA resolve them: it found nothing for the docs' own example."""
    app = Timeline.open(served.run.db)
    try:
        assert [a.id for a in app.names.search(wanted)] == ids
    finally:
        app.close()
    page = served.client.get(f"/actors?q={wanted}", headers={"Accept": "text/html"}).text
    assert all(f'href="/actors/{i}"' in page for i in ids)
