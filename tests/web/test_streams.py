"""Long answers (the log, the exports) streamed to clients that may be slow: a client that
takes nothing cannot keep the stores from the other questions, a failure after the first
byte breaks the transfer off instead of ending it as if whole, and a question refused is
refused before anything is sent."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from helpers import Runner
from serving import Served

from timeline.app.listings import Listings
from timeline.domain import jsonable
from timeline.web import flow, site
from timeline.web.app import create_app
from timeline.web.site import Settings

ASGI = Any


def _scope(path: str, query: str = "") -> dict[str, Any]:
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": "GET", "scheme": "https", "path": path, "raw_path": path.encode(),
            "query_string": query.encode(), "root_path": "",
            "headers": [(b"host", b"testserver"), (b"accept", b"application/json")],
            "client": ("127.0.0.1", 4000), "server": ("testserver", 443)}


async def _never() -> dict[str, Any]:
    await asyncio.Event().wait()  # the client neither sends nor goes away
    raise AssertionError


async def answer(app: ASGI, path: str, query: str = "") -> tuple[int, bytes]:
    """A client that reads the whole answer."""
    status: list[int] = []
    body = bytearray()

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])
        else:
            body.extend(message.get("body", b""))

    await app(_scope(path, query), _never, send)
    return status[0], bytes(body)


async def stalled(app: ASGI, path: str, begun: asyncio.Event) -> None:
    """A client that takes the first chunk of an answer and then nothing more."""
    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body" and message.get("body"):
            begun.set()
            await asyncio.Event().wait()

    await app(_scope(path), _never, send)


def test_clients_that_take_nothing_leave_a_store_for_the_others(
        seeded: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flow, "CHUNK", 64)  # the seed's log is many chunks, not one
    monkeypatch.setattr(flow, "STALL", 2)
    app = create_app(Settings(seeded.db))

    async def scene() -> None:
        begun = [asyncio.Event() for _ in range(site.STREAMS)]
        slow = [asyncio.create_task(stalled(app, "/api/log", b)) for b in begun]
        await asyncio.wait_for(asyncio.gather(*(b.wait() for b in begun)), 20)
        # Every stream a worker may send is taken: one more is refused at once,
        status, body = await answer(app, "/api/log")
        assert status == 503
        assert "long answers already" in json.loads(body)["error"]
        # and the other questions are answered all the while.
        status, body = await answer(app, "/api/state/russia/nato", "as_of=2021-11-02")
        assert status == 200 and json.loads(body)["actors"] == ["nato", "russia"]
        # Past the stall, the stalled streams give their stores back: the log is sent again.
        await asyncio.sleep(flow.STALL + 2 * flow.TICK + 0.5)
        status, body = await answer(app, "/api/log")
        assert status == 200 and json.loads(body)
        for task in slow:
            task.cancel()
        await asyncio.gather(*slow, return_exceptions=True)

    try:
        asyncio.run(scene())
    finally:
        app.state.site.close()


def test_a_client_cut_off_for_stalling_is_not_handed_a_whole_looking_answer(
        seeded: Runner, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(flow, "CHUNK", 64)
    monkeypatch.setattr(flow, "STALL", 1)
    app = create_app(Settings(seeded.db))
    received = bytearray()
    ended: list[bool] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] != "http.response.body":
            return
        if not received:
            await asyncio.sleep(flow.STALL + 4 * flow.TICK)  # away long enough to be cut off
        received.extend(message.get("body", b""))
        ended.append(not message.get("more_body", False))

    try:
        with pytest.raises(flow.CutShort) as raised:
            asyncio.run(app(_scope("/api/log"), _never, send))
    finally:
        app.state.site.close()
    assert received and not any(ended)  # no closing message: the client sees a broken one
    # Logged once, as a warning with no traceback: uvicorn's own report of it is dropped.
    assert [(r.levelname, r.exc_info) for r in caplog.records] == [("WARNING", None)]
    assert "took nothing for 1 s" in caplog.records[0].getMessage()
    report = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1,
                               "Exception in ASGI application", None,
                               (type(raised.value), raised.value, None))
    assert not logging.getLogger("uvicorn.error").filter(report)
    whole = seeded.ok("log", "--json").stdout.encode()
    assert whole.startswith(bytes(received)) and len(received) < len(whole)


def test_a_client_that_trickles_is_cut_off_and_its_turn_given_back(
        seeded: Runner, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A client that takes a little now and then never stalls, but at a few hundred bytes
    a second it would hold a stream turn and a store for hours: past STALL seconds, one
    slower than MIN_RATE on average is cut off."""
    monkeypatch.setattr(flow, "CHUNK", 64)
    monkeypatch.setattr(flow, "STALL", 1)
    app = create_app(Settings(seeded.db))
    received = bytearray()

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            received.extend(message.get("body", b""))
            await asyncio.sleep(0.05)  # ~1.3 KB/s

    try:
        with pytest.raises(flow.CutShort):
            asyncio.run(app(_scope("/api/log"), _never, send))
    finally:
        app.state.site.close()
    whole = seeded.ok("log", "--json").stdout.encode()
    assert whole.startswith(bytes(received)) and len(received) < len(whole)
    (warning,) = caplog.records
    assert "less than 32 KB/s; its answer was cut short" in warning.getMessage()


def test_a_slow_question_is_no_slow_client(
        seeded: Runner, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The time the server takes to find its answer is not the client's: a client that
    takes every chunk at once gets the whole answer, however long its rows take."""
    import time

    monkeypatch.setattr(flow, "CHUNK", 64)
    monkeypatch.setattr(flow, "STALL", 1)
    monkeypatch.setattr(jsonable, "LIST_BATCH", 2)  # the listing is read as it is sent
    whole = Listings.answers

    def slow(self: Listings, *args: Any, **kwargs: Any) -> Any:
        for number, event in enumerate(whole(self, *args, **kwargs)):
            if number in (0, 5):
                time.sleep(1.5)
            yield event

    monkeypatch.setattr(Listings, "answers", slow)
    app = create_app(Settings(seeded.db))
    try:
        status, body = asyncio.run(answer(app, "/api/log"))
    finally:
        app.state.site.close()
    assert status == 200 and json.loads(body) == json.loads(seeded.ok("log", "--json").stdout)
    assert not caplog.records


def test_a_failure_part_way_breaks_the_answer_off(
        seeded: Runner, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(flow, "CHUNK", 64)
    monkeypatch.setattr(jsonable, "LIST_BATCH", 2)
    whole = Listings.answers

    def failing(self: Listings, *args: Any, **kwargs: Any) -> Any:
        for number, event in enumerate(whole(self, *args, **kwargs)):
            if number == 3:
                raise RuntimeError("the disk went away")
            yield event

    monkeypatch.setattr(Listings, "answers", failing)
    app = create_app(Settings(seeded.db))
    try:
        with pytest.raises(RuntimeError, match="the disk went away") as raised:
            asyncio.run(answer(app, "/api/log"))
    finally:
        app.state.site.close()
    # Its traceback is logged once, by the application; uvicorn's report of it is dropped.
    assert [r.levelname for r in caplog.records if r.exc_info] == ["ERROR"]
    report = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1, "Exception", None,
                               (type(raised.value), raised.value, None))
    assert not logging.getLogger("uvicorn.error").filter(report)


@pytest.mark.parametrize(("query", "status"), [("actor=atlantis", 404),
                                               ("from=1999-13", 400), ("about=a b", 400)])
def test_a_streamed_question_refused_is_refused_whole(served: Served, query: str,
                                                      status: int) -> None:
    found = served.client.get("/api/log", params=dict([query.split("=")]))
    assert found.status_code == status, (query, found.text)
    assert list(found.json()) == ["error"]
    name, value = query.split("=")
    cli = served.run("log", "--json", f"--{name}", value)
    assert cli.exit_code != 0 and found.json()["error"].split(": ")[-1] in cli.output


def test_a_blank_parameter_is_one_not_given(served: Served) -> None:
    # What a form sends for a field left empty.
    whole = served.client.get("/api/log").text
    assert served.client.get("/api/log?actor=&from=&about=").text == whole
    leads = served.client.get("/api/leads").text
    assert served.client.get("/api/leads?status=&type=&actor=").text == leads


def test_tokens_still_work_while_streaming(served: Served) -> None:
    # The streamed log is the CLI's, to the byte, for a reader with a token.
    found = served.client.get("/api/log", headers=served.as_user("rita"))
    assert found.status_code == 200
    assert found.text == served.run.ok("log", "--json").stdout

