"""The prompt listener runner answers exactly as Bolt's own runner does, without polling for the ack."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.listener import thread_runner
from slack_sdk import WebClient

from bot.slack import bolt_compat

FORM = {"content-type": ["application/x-www-form-urlencoded"]}
Listener = Callable[..., Any]


def make_app(listener: Listener, *, prompt: bool, errors: list[Exception]) -> App:
    app = App(client=WebClient(base_url="http://127.0.0.1:9/api/"), request_verification_enabled=False,
              authorize=lambda **_: AuthorizeResult(enterprise_id=None, team_id="T1", bot_token="xoxb-test",
                                                    bot_user_id="UB", bot_id="B1"))
    if prompt:
        bolt_compat.install(app)
    app.command("/x")(listener)
    app.event("app_mention")(listener)

    @app.error
    def remember(error: Exception) -> None:
        errors.append(error)

    return app


def command() -> BoltRequest:
    return BoltRequest(body=urlencode({"command": "/x", "text": "hi", "team_id": "T1", "user_id": "U1",
                                       "channel_id": "C1", "response_url": "http://127.0.0.1:9/r"}), headers=FORM)


def event() -> BoltRequest:
    body = ('{"type": "event_callback", "team_id": "T1", "event_id": "Ev1", "api_app_id": "A1",'
            ' "event": {"type": "app_mention", "user": "U1", "channel": "C1", "text": "hi", "ts": "1.0"}}')
    return BoltRequest(body=body, headers={"content-type": ["application/json"]})


def acks_with_text(ack: Any) -> None:
    ack("Status of 1 engagement")


def acks_with_blocks(ack: Any) -> None:
    ack(blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "*hello*"}}], response_type="ephemeral")


def fails_before_ack(ack: Any) -> None:
    raise RuntimeError("before ack")


def fails_after_ack(ack: Any) -> None:
    ack("done")
    raise RuntimeError("after ack")


def settled(errors: list[Exception], count: int = 1) -> list[str]:
    """The errors reported, once `count` have come in (listeners report on the executor's threads)."""
    deadline = time.monotonic() + 5
    while len(errors) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return [str(error) for error in errors]


def answer(app: App, request: BoltRequest) -> tuple[int, str]:
    response: BoltResponse = app.dispatch(request)
    return response.status, response.body


@pytest.mark.parametrize("listener", [acks_with_text, acks_with_blocks, fails_before_ack])
@pytest.mark.parametrize("request_for", [command, event])
def test_answers_and_errors_are_the_same_as_with_bolts_runner(listener: Listener,
                                                             request_for: Callable[[], BoltRequest]) -> None:
    bolt_errors: list[Exception] = []
    ours_errors: list[Exception] = []
    expected = answer(make_app(listener, prompt=False, errors=bolt_errors), request_for())
    assert expected[0] == (500 if listener is fails_before_ack and request_for is command else 200)
    assert answer(make_app(listener, prompt=True, errors=ours_errors), request_for()) == expected
    count = 1 if listener is fails_before_ack else 0
    assert settled(ours_errors, count) == settled(bolt_errors, count)


def test_a_listener_that_fails_after_its_ack_keeps_its_answer() -> None:
    """Bolt's runner overwrites the ack with None here; unless it polled first, Slack gets a 404 after 3 s."""
    errors: list[Exception] = []
    app = make_app(fails_after_ack, prompt=True, errors=errors)
    assert answer(app, command()) == (200, "done")
    assert settled(errors) == ["after ack"]
    # The same listener run directly on this thread: whenever the request thread looks, the ack holds.
    request = command()
    request.context["ack"] = bolt_compat.SignallingAck()
    listener = next(each for each in app._listeners if each.ack_function is fails_after_ack)  # noqa: SLF001
    app.listener_runner._run_listener(request, BoltResponse(status=200), listener)  # noqa: SLF001
    assert (request.context.ack.response.status, request.context.ack.response.body) == (200, "done")


def test_the_request_thread_waits_for_the_ack_without_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bolt's runner sleeps 10 ms at a time until the ack; ours is woken by it (no sleep at all)."""
    naps: list[float] = []
    real_time = thread_runner.time

    class CountingTime:
        time = staticmethod(real_time.time)

        @staticmethod
        def sleep(seconds: float) -> None:
            naps.append(seconds)
            real_time.sleep(seconds)

    monkeypatch.setattr(thread_runner, "time", CountingTime)

    def slow_ack(ack: Any) -> None:
        time.sleep(0.05)  # the request thread is waiting by now
        ack("late")

    assert answer(make_app(slow_ack, prompt=True, errors=[]), command()) == (200, "late")
    assert naps == []
    assert answer(make_app(slow_ack, prompt=False, errors=[]), command()) == (200, "late")
    assert naps, "Bolt's own runner polls: the counter would have caught a polling runner"


def test_the_answer_goes_back_while_the_listener_is_still_working() -> None:
    """ack() answers Slack at once; what the listener does afterwards does not hold the response."""
    release = threading.Event()
    finished = threading.Event()

    def ack_then_work(ack: Any) -> None:
        ack("on it")
        release.wait(5)
        finished.set()

    assert answer(make_app(ack_then_work, prompt=True, errors=[]), command()) == (200, "on it")
    assert not finished.is_set()
    release.set()
    assert finished.wait(5)


def test_a_listener_that_never_acks_ends_the_wait_when_it_returns(caplog: pytest.LogCaptureFixture) -> None:
    """Bolt waits out the 3 s and then answers with nothing; so do we, but as soon as the listener is done."""
    def forgets(ack: Any) -> None:
        pass

    started = time.monotonic()
    response = make_app(forgets, prompt=True, errors=[]).dispatch(command())
    assert time.monotonic() - started < 2.5
    assert response.status == 404  # Bolt's "unhandled request", as its own runner answers after 3 s
    assert "ack()" in caplog.text


def test_install_keeps_the_apps_executor_and_error_handler() -> None:
    errors: list[Exception] = []
    app = make_app(fails_before_ack, prompt=True, errors=errors)
    assert isinstance(app.listener_runner, bolt_compat.SignallingListenerRunner)
    app.dispatch(command())
    assert [str(error) for error in errors] == ["before ack"]


# Patch 3: with an answer callback in the context (the HTTP front's), the listener runs on the thread
# that dispatches, and its ack hands the answer over at once.

def dispatch_with_callback(app: App, request: BoltRequest) -> tuple[list[tuple[int, str]], BoltResponse]:
    """Dispatch with an answer callback; the answers it was given, and what dispatch returned."""
    given: list[tuple[int, str]] = []
    request.context[bolt_compat.ANSWER] = lambda response: given.append((response.status, response.body))
    return given, app.dispatch(request)


@pytest.mark.parametrize("listener", [acks_with_text, acks_with_blocks, fails_before_ack])
@pytest.mark.parametrize("request_for", [command, event])
def test_with_an_answer_callback_answers_and_errors_are_the_same_as_with_bolts_runner(
        listener: Listener, request_for: Callable[[], BoltRequest]) -> None:
    bolt_errors: list[Exception] = []
    ours_errors: list[Exception] = []
    expected = answer(make_app(listener, prompt=False, errors=bolt_errors), request_for())
    given, returned = dispatch_with_callback(make_app(listener, prompt=True, errors=ours_errors), request_for())
    assert (returned.status, returned.body) == expected
    # The first answer handed over is the one Slack gets. An event is acknowledged before its listener
    # runs (Bolt's auto-ack, empty), as Bolt's runner acks it; Slack reads nothing in that body.
    assert given[0] == (expected if request_for is command else (200, ""))
    count = 1 if listener is fails_before_ack else 0
    assert settled(ours_errors, count) == settled(bolt_errors, count)


def test_with_an_answer_callback_the_listener_runs_on_the_dispatching_thread_and_answers_at_its_ack() -> None:
    release, seen = threading.Event(), {}

    def ack_then_work(ack: Any) -> None:
        seen["listener"] = threading.get_ident()
        ack("on it")
        seen["answered before the work ended"] = list(given)
        release.wait(5)

    app = make_app(ack_then_work, prompt=True, errors=[])
    given: list[tuple[int, str]] = []
    request = command()
    request.context[bolt_compat.ANSWER] = lambda response: given.append((response.status, response.body))
    release.set()
    response = app.dispatch(request)
    assert seen == {"listener": threading.get_ident(), "answered before the work ended": [(200, "on it")]}
    assert (response.status, response.body) == (200, "on it")


def test_with_an_answer_callback_a_failure_after_the_ack_keeps_the_answer() -> None:
    errors: list[Exception] = []
    given, returned = dispatch_with_callback(make_app(fails_after_ack, prompt=True, errors=errors), command())
    assert given[0] == (200, "done")
    assert (returned.status, returned.body) == (200, "done")
    assert settled(errors) == ["after ack"]


def asgi_front(listener: Listener) -> Any:
    from bot.asgi import TandemASGI

    return TandemASGI(make_app(listener, prompt=True, errors=[]), None, signing_secret="s", threads=1)  # type: ignore[arg-type]


def post_command(front: Any) -> tuple[list[dict[str, Any]], float]:
    """POST a signed /x through the HTTP front; the messages it sent and the seconds it took."""
    import asyncio

    from bot.emulator.signing import signed_headers

    body = urlencode({"command": "/x", "text": "hi", "team_id": "T1", "user_id": "U1", "channel_id": "C1",
                      "response_url": "http://127.0.0.1:9/r"})
    headers = signed_headers("s", body, "application/x-www-form-urlencoded")
    scope = {"type": "http", "method": "POST", "path": "/slack/events", "query_string": b"",
             "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()]}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body.encode(), "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    started = time.monotonic()
    asyncio.run(front(scope, receive, send))
    return sent, time.monotonic() - started


def test_the_http_front_sends_the_answer_at_the_ack_while_the_listener_works_on() -> None:
    release, finished = threading.Event(), threading.Event()

    def ack_then_work(ack: Any) -> None:
        ack("on it")
        release.wait(5)
        finished.set()

    sent, _ = post_command(asgi_front(ack_then_work))
    assert [sent[0]["status"], sent[1]["body"]] == [200, b"on it"]
    assert not finished.is_set()
    release.set()
    assert finished.wait(5)


def test_the_http_front_answers_404_when_no_ack_comes_in_time(monkeypatch: pytest.MonkeyPatch,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    """As Bolt's runner does after its 3 s (shortened here), whatever the listener does later."""
    from bot import asgi

    monkeypatch.setattr(asgi, "ACK_TIMEOUT", 0.3)
    release = threading.Event()

    def stalls(ack: Any) -> None:
        release.wait(5)
        ack("too late")

    sent, took = post_command(asgi_front(stalls))
    release.set()
    assert sent[0]["status"] == 404
    assert 0.25 < took < 2.0
    assert "no listener acknowledged" in caplog.text
