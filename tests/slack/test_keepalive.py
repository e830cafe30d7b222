"""The bot's WebClient keeps its HTTP connections alive, and slack-sdk's retry handlers work over them as before.

Against the Slack emulator (HTTP/1.1, as Slack): the connections the emulator holds open are counted;
its faults provoke 429s, 5xx, slow answers and a server that closes an idle connection.
"""

from __future__ import annotations

import time
from urllib.error import URLError

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, ServerErrorRetryHandler

from bot.emulator.server import SlackEmulator
from bot.slack.client import BriefRateLimitRetryHandler
from bot.slack.observed_client import ObservedClient
from jobs.delivery import retry_after

CHANNEL = "C0KEEP"


@pytest.fixture()
def emu():  # type: ignore[no-untyped-def]
    with SlackEmulator(bot_token="xoxb-keep") as emulator:
        emulator.add_channel(CHANNEL, name="keep", members=[])
        yield emulator


def client_for(emu: SlackEmulator, **options) -> ObservedClient:  # type: ignore[no-untyped-def]
    return ObservedClient(token="xoxb-keep", base_url=emu.api_url, **options)


def held_open(emu: SlackEmulator) -> int:
    """Connections the emulator has accepted and not yet closed."""
    assert emu._http is not None
    return len(emu._http._open)


def test_calls_one_after_another_share_one_connection(emu: SlackEmulator) -> None:
    client = client_for(emu)
    texts = [client.chat_postMessage(channel=CHANNEL, text=f"m{n}")["message"]["text"] for n in range(5)]
    assert texts == [f"m{n}" for n in range(5)]
    assert held_open(emu) == 1
    client.close()


def test_slack_sdks_own_client_still_opens_one_per_call(emu: SlackEmulator) -> None:
    """The counterpart: urllib asks for `Connection: close`, and the emulator honours it."""
    client = WebClient(token="xoxb-keep", base_url=emu.api_url)
    for n in range(3):
        client.chat_postMessage(channel=CHANNEL, text=f"m{n}")
    deadline = time.monotonic() + 2
    while held_open(emu) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert held_open(emu) == 0


def test_a_429_is_retried_after_its_retry_after_on_the_kept_connection(emu: SlackEmulator) -> None:
    client = client_for(emu, retry_handlers=[BriefRateLimitRetryHandler(max_retry_count=2)])
    emu.fail_next("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    assert client.chat_postMessage(channel=CHANNEL, text="after the wait")["ok"]
    assert time.monotonic() - started >= 1.0
    assert [c.status for c in emu.calls_to("chat.postMessage")] == [429, 200]
    assert held_open(emu) == 1
    client.close()


def test_a_429_beyond_the_retries_reaches_the_caller_with_its_retry_after(emu: SlackEmulator) -> None:
    client = client_for(emu, retry_handlers=[])
    emu.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=CHANNEL, text="refused")
    assert raised.value.response.status_code == 429 and raised.value.response["error"] == "ratelimited"
    assert retry_after(raised.value) == 7.0
    assert client.chat_postMessage(channel=CHANNEL, text="next")["message"]["text"] == "next"
    client.close()


def test_server_errors_are_retried_and_slacks_errors_raised_as_before(emu: SlackEmulator) -> None:
    client = client_for(emu, retry_handlers=[ServerErrorRetryHandler(max_retry_count=2)])
    emu.fail_next("chat.postMessage", status=503)
    assert client.chat_postMessage(channel=CHANNEL, text="third time")["ok"]
    assert [c.status for c in emu.calls_to("chat.postMessage")] == [503, 200]
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C0NOWHERE", text="lost")
    assert raised.value.response["error"] == "channel_not_found"
    client.close()


def test_a_connection_the_server_closed_while_idle_is_replaced_before_a_call_is_sent_on_it(
        emu: SlackEmulator) -> None:
    client = client_for(emu, retry_handlers=[])  # no retry could hide a call lost to a closed connection
    client.chat_postMessage(channel=CHANNEL, text="before")
    assert emu._http is not None
    emu._http.close_connections()  # what an idle timeout does
    deadline = time.monotonic() + 2
    while held_open(emu) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert client.chat_postMessage(channel=CHANNEL, text="after")["message"]["text"] == "after"
    assert [m["text"] for m in emu.messages(CHANNEL)] == ["before", "after"]
    client.close()


def test_a_call_that_timed_out_never_leaves_its_late_answer_to_the_next_call(emu: SlackEmulator) -> None:
    client = client_for(emu, timeout=0.5, retry_handlers=[])
    emu.set_fault_rate(1.0, seed=3, kinds=("slow",))  # answers after 1 to 2 s
    with pytest.raises(TimeoutError):
        client.chat_postMessage(channel=CHANNEL, text="slow")
    emu.set_fault_rate(0.0, seed=3, kinds=())
    time.sleep(2.1)  # the slow answer has arrived by now, on the connection the timeout gave up
    assert client.chat_postMessage(channel=CHANNEL, text="fast")["message"]["text"] == "fast"
    client.close()


class CountedRetries(ConnectionErrorRetryHandler):
    """slack-sdk's handler for dropped connections, counting the retries it asks for."""

    retries = 0

    def prepare_for_next_attempt(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.retries += 1
        super().prepare_for_next_attempt(**kwargs)


def test_no_server_is_a_urlerror_as_with_urllib_so_the_connection_handler_retries_it() -> None:
    handler = CountedRetries(max_retry_count=1)
    client = ObservedClient(token="xoxb-keep", base_url="http://127.0.0.1:9/api/", retry_handlers=[handler])
    with pytest.raises(URLError):
        client.auth_test()
    assert handler.retries == 1
    client.close()
