"""Injected 429s and 5xx, and what slack_sdk's retry handlers make of them."""

from __future__ import annotations

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.emulator import SlackEmulator
from tests.emulator.conftest import PROJ


def test_429_carries_retry_after_and_the_retry_handler_honours_it(
    client: WebClient, emu: SlackEmulator
) -> None:
    emu.fail_next("chat.postMessage", status=429, retry_after=1)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    started = time.monotonic()
    assert client.chat_postMessage(channel=PROJ, text="eventually")["ok"]
    assert time.monotonic() - started >= 1.0
    first, second = emu.calls_to("chat.postMessage")
    assert (first.status, first.error, second.ok) == (429, "ratelimited", True)
    assert len(emu.messages(PROJ)) == 1


def test_429_without_handler_surfaces_to_the_caller(client: WebClient, emu: SlackEmulator) -> None:
    emu.fail_next("users.info", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as raised:
        client.users_info(user="U0OWNER")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert raised.value.response["error"] == "ratelimited"


def test_500_once_then_success_with_server_error_retry(
    client: WebClient, emu: SlackEmulator
) -> None:
    emu.fail_next("chat.postMessage", status=500)
    client.retry_handlers.append(ServerErrorRetryHandler(max_retry_count=1))
    assert client.chat_postMessage(channel=PROJ, text="after a hiccup")["ok"]
    assert [c.status for c in emu.calls_to("chat.postMessage")] == [500, 200]


def test_fail_next_with_an_error_code_and_count(client: WebClient, emu: SlackEmulator) -> None:
    emu.fail_next("auth.test", error="account_inactive", count=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as raised:
            client.auth_test()
        assert raised.value.response.status_code == 200
        assert raised.value.response["error"] == "account_inactive"
    assert client.auth_test()["ok"]


def test_per_channel_rate_limit_on_post_message(client: WebClient, emu: SlackEmulator) -> None:
    emu.enforce_rate_limits(per_channel_per_sec=1.0, burst=3)
    for i in range(3):
        client.chat_postMessage(channel=PROJ, text=f"burst {i}")
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=PROJ, text="one too many")
    assert raised.value.response.status_code == 429
    assert int(raised.value.response.headers["Retry-After"]) >= 1
    client.chat_postMessage(channel="U0OWNER", text="other channels have their own bucket")
    emu.enforce_rate_limits(None)
    client.chat_postMessage(channel=PROJ, text="limits off")


def count_failures(emu: SlackEmulator, calls: int) -> list[bool]:
    client = WebClient(token=emu.bot_token, base_url=emu.api_url)
    outcomes = []
    for _ in range(calls):
        try:
            client.auth_test()
            outcomes.append(False)
        except SlackApiError:
            outcomes.append(True)
    return outcomes


def test_random_faults_are_seeded_and_partial(emu: SlackEmulator) -> None:
    emu.set_fault_rate(0.5, seed=3, kinds=("500", "503"))
    first = count_failures(emu, 20)
    assert 0 < sum(first) < 20
    with SlackEmulator() as other:
        other.set_fault_rate(0.5, seed=3, kinds=("500", "503"))
        assert count_failures(other, 20) == first
    assert {c.status for c in emu.calls if not c.ok} <= {500, 503}


@pytest.mark.parametrize("handled", [True, False])
def test_a_held_call_waits_for_release_after_slack_did_it_or_not(
    client: WebClient, emu: SlackEmulator, handled: bool
) -> None:
    import threading

    hold = emu.hold_next("chat.postMessage", handled=handled)
    answers: list[object] = []
    caller = threading.Thread(target=lambda: answers.append(_try(lambda: client.chat_postMessage(
        channel=PROJ, text="held"))))
    caller.start()
    assert hold.reached.wait(5)
    time.sleep(0.2)
    assert answers == [], "the caller got an answer before the hold was released"
    assert len(emu.messages(PROJ)) == (1 if handled else 0)
    hold.release()
    caller.join(5)
    assert len(answers) == 1
    assert client.chat_postMessage(channel=PROJ, text="next")["ok"]  # only the next call was held


def _try(call):  # type: ignore[no-untyped-def]
    try:
        return call()
    except SlackApiError as error:
        return error
