"""Who may do what: anyone reads (unless --private), only a signed-in user or a token whose
role allows it writes; a browser's write carries the session's CSRF token; sign-in is
throttled; requests are bounded."""

from __future__ import annotations

import json

import pytest
from helpers import snapshot
from serving import PASSWORD, Served, client_of, csrf_of, sign_in

EVENT = {"type": "statement", "actor": "russia", "target": "nato", "on": "2021-10-19",
         "note": "said through the API", "sources": ["https://example.org/said"]}
WRITES = [("/api/events", EVENT), ("/api/events/some-event/correct", {"reason": "r"}),
          ("/api/events/some-event/retract", {"reason": "r"}),
          ("/api/leads/some-lead/accept", {}), ("/api/leads/some-lead/dismiss",
                                                {"reason": "r"})]


@pytest.mark.parametrize(("address", "body"), WRITES)
def test_a_write_is_refused_without_the_role(served: Served, address: str,
                                             body: dict[str, object]) -> None:
    before = snapshot(served.run.db)
    anonymous = served.client.post(address, json=body)
    assert anonymous.status_code == 401 and "sign in" in anonymous.json()["error"]
    reader = served.client.post(address, json=body, headers=served.as_user("rita"))
    assert reader.status_code == 403 and "reader" in reader.json()["error"]
    forged = served.client.post(address, json=body,
                                headers={"Authorization": "Bearer tl_not-a-token"})
    assert forged.status_code == 401
    assert snapshot(served.run.db) == before  # nothing stored


def test_a_signed_in_browser_must_send_its_token_to_write(served: Served) -> None:
    sign_in(served.client, "wes")
    assert served.client.get("/api/me").json() == {"name": "wes", "role": "writer"}
    before = snapshot(served.run.db)
    blind = served.client.post("/api/events", json=EVENT)  # a page elsewhere posting
    assert blind.status_code == 403 and "expired" in blind.json()["error"]
    form = served.client.post("/record", data={"type": "statement", "actor": "russia",
                                               "on": "2021-10-19", "csrf": "guessed"})
    assert form.status_code == 403
    assert snapshot(served.run.db) == before


def test_a_wrong_password_is_refused_and_guessing_is_throttled(served: Served) -> None:
    page = served.client.get("/signin").text
    token = csrf_of(page)
    for _ in range(5):
        wrong = served.client.post("/signin", data={"csrf": token, "name": "wes",
                                                    "password": "guess-guess"})
        assert wrong.status_code == 401 and "wrong password" in wrong.text
    throttled = served.client.post("/signin", data={"csrf": token, "name": "WES",
                                                    "password": PASSWORD})
    assert throttled.status_code == 429 and "too many failed sign-ins" in throttled.text
    assert served.client.get("/api/me").json() is None
    with client_of(served.run.db) as other:  # another user is not held back
        sign_in(other, "ada")
        assert other.get("/api/me").json()["name"] == "ada"


def test_signing_in_needs_the_form_token(served: Served) -> None:
    answer = served.client.post("/signin", data={"name": "wes", "password": PASSWORD})
    assert answer.status_code == 403


def test_the_session_cookie_is_secure_and_http_only(served: Served) -> None:
    served.client.get("/signin")
    cookie = served.client.get("/signin").headers.get("set-cookie") or ""
    page = served.client.get("/signin").text
    token = csrf_of(page)
    answer = served.client.post("/signin", data={"csrf": token, "name": "wes",
                                                 "password": PASSWORD, "next": "//evil.example"},
                                follow_redirects=False)
    cookie = answer.headers["set-cookie"]
    assert "secure" in cookie.lower() and "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    assert answer.headers["location"] == "/"  # never to another site


def test_signing_out_ends_the_session(served: Served) -> None:
    sign_in(served.client, "wes")
    page = served.client.get("/").text
    token = csrf_of(page)
    served.client.post("/signout", data={"csrf": token})
    assert served.client.get("/api/me").json() is None


def test_a_removed_user_can_do_nothing_more(served: Served) -> None:
    sign_in(served.client, "ada")
    served.run.ok("user", "remove", "ada")
    assert served.client.get("/api/me").json() is None
    assert served.client.get("/api/users", headers=served.as_user("ada")).status_code == 401


def test_admins_see_the_users(served: Served) -> None:
    users = served.client.get("/api/users", headers=served.as_user("ada")).json()
    assert [(u["name"], u["role"], u["tokens"]) for u in users] == [
        ("ada", "admin", 1), ("rita", "reader", 1), ("wes", "writer", 1)]
    assert served.client.get("/api/users", headers=served.as_user("wes")).status_code == 403
    # A signed-in admin's browser reads them too: a read asks for no form token.
    sign_in(served.client, "ada")
    assert served.client.get("/api/users").json() == users
    assert served.client.get("/api/users?x=1").status_code == 400


def test_a_private_server_reads_only_to_the_signed_in(served: Served) -> None:
    with client_of(served.run.db, private=True) as private:
        for address in ("/api/state/russia/nato", "/api/log", "/api/export/jsonl"):
            answer = private.get(address)
            assert answer.status_code == 401, address
            assert "private" in answer.json()["error"]
        page = private.get("/actors", headers={"Accept": "text/html"}, follow_redirects=False)
        assert (page.status_code, page.headers["location"]) == (303, "/signin?next=/actors")
        assert private.get("/signin").status_code == 200
        reader = private.get("/api/state/russia/nato", headers=served.as_user("rita"))
        assert reader.status_code == 200
        sign_in(private, "rita")
        assert private.get("/actors").status_code == 200


def test_a_link_sent_to_a_private_server_opens_as_sent_after_the_sign_in(
        served: Served) -> None:
    """A colleague's link to a pair as of a day, over a period: the sign-in comes back to
    it, query and all (it came back to the bare pair, shown as of today)."""
    link = "/pairs/russia/nato?as_of=2021-11-02&from=2021-10&to=2021-11"
    with client_of(served.run.db, private=True) as private:
        first = private.get(link, headers={"Accept": "text/html"}, follow_redirects=False)
        assert first.status_code == 303
        to_sign_in = first.headers["location"]
        assert to_sign_in == ("/signin?next=/pairs/russia/nato%3Fas_of%3D2021-11-02%26from%3D"
                              "2021-10%26to%3D2021-11")
        form = private.get(to_sign_in)
        assert f'value="{link.replace("&", "&amp;")}"' in form.text
        answer = private.post("/signin", data={"csrf": csrf_of(form.text), "name": "rita",
                                               "password": PASSWORD, "next": link},
                              follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, link)
        assert "2021-11-02" in private.get(link).text


def test_requests_are_bounded(served: Served) -> None:
    big = json.dumps({**EVENT, "note": "x" * (2 * 1024 * 1024)})
    answer = served.client.post("/api/events", content=big, headers={
        **served.as_user("wes"), "Content-Type": "application/json"})
    assert answer.status_code == 413
    with client_of(served.run.db, max_upload=2048) as small:
        sign_in(small, "wes")
        page = small.get("/import").text
        token = csrf_of(page)
        upload = small.post("/import", data={"csrf": token},
                            files={"file": ("big.jsonl", b"{}\n" * 5000)})
        assert upload.status_code == 413


FORMS = [("/record", {"type": "statement", "actor": "russia", "on": "2021-10-19"}),
         ("/events/russia-recalls-mission-to-nato/retract", {"reason": "r"}),
         ("/events/russia-recalls-mission-to-nato/correct", {"reason": "r", "on": "2021-11"}),
         ("/leads/some-lead/accept", {}), ("/leads/some-lead/dismiss", {"reason": "r"})]


@pytest.mark.parametrize(("address", "fields"), FORMS)
def test_a_form_is_refused_to_a_reader(served: Served, address: str,
                                       fields: dict[str, str]) -> None:
    sign_in(served.client, "rita")
    token = csrf_of(served.client.get("/").text)
    before = snapshot(served.run.db)
    answer = served.client.post(address, data={**fields, "csrf": token},
                                headers={"Accept": "text/html"})
    assert answer.status_code == 403 and "reader" in answer.text
    upload = served.client.post("/import", data={"csrf": token},
                                files={"file": ("one.jsonl", b"{}\n")})
    assert upload.status_code == 403
    assert snapshot(served.run.db) == before


def test_a_refusal_page_knows_who_is_signed_in(served: Served) -> None:
    """Its header said "Sign in" to a signed-in writer (a page of its own, for 404s and
    refused forms alike)."""
    sign_in(served.client, "wes")
    for address in ("/events/nope", "/pairs/russia/nato?as_of=2021-02-30", "/no-such-page"):
        refusal = served.client.get(address, headers={"Accept": "text/html"})
        assert refusal.status_code in (400, 404), address
        assert "wes (writer)" in refusal.text and "Sign out" in refusal.text, address
