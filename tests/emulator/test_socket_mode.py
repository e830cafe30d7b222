"""Socket Mode: slack_bolt's SocketModeHandler (slack_sdk's built-in client) vs the emulator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from bot.emulator import SlackDriver, SlackEmulator
from tests.emulator.bolt_harness import build_app
from tests.emulator.conftest import ALICE, OWNER, PROJ


@pytest.fixture
def socket_bot(emu: SlackEmulator) -> Iterator[tuple[SlackDriver, dict[str, list[Any]], list[str]]]:
    app, seen = build_app(emu)
    handler = SocketModeHandler(app, emu.app_token)
    frames: list[str] = []
    handler.client.on_message_listeners.append(frames.append)
    handler.connect()
    assert emu.socket.wait_connected(5)
    yield SlackDriver(emu, mode="socket"), seen, frames
    handler.client.auto_reconnect_enabled = False
    emu.socket.close_connections()  # wakes the client at once instead of its 3 s receive timeout
    emu.wait_for(lambda: not handler.client.is_connected(), timeout=5)  # sdk's close races its own
    handler.close()


def test_hello_on_connect(socket_bot, emu: SlackEmulator) -> None:  # type: ignore[no-untyped-def]
    _, _, frames = socket_bot
    assert emu.wait_for(lambda: frames)
    hello = json.loads(frames[0])
    assert hello["type"] == "hello" and hello["num_connections"] == 1
    assert hello["connection_info"] == {"app_id": "A0TANDEM"} and "debug_info" in hello
    assert [c.method for c in emu.calls_to("apps.connections.open")] == ["apps.connections.open"]
    assert emu.calls_to("apps.connections.open")[0].token == emu.app_token


def test_slash_ack_payload_and_response_url(socket_bot, emu: SlackEmulator) -> None:  # type: ignore[no-untyped-def]
    drv, seen, _ = socket_bot
    echo = drv.slash("/echo", "@alice hi", user=OWNER, channel=PROJ)
    assert (
        echo.body == {"text": "echo <@U0ALICE|alice> hi"}
        and echo.text == "echo <@U0ALICE|alice> hi"
    )
    kickoff = drv.slash("/kickoff", "now", user=OWNER, channel=PROJ).wait()
    assert kickoff.body is None and "Kickoff saved: now" in kickoff.text
    assert seen["command"][0]["api_app_id"] == "A0TANDEM"


def test_interactive_envelopes_click_and_submit(socket_bot, emu: SlackEmulator) -> None:  # type: ignore[no-untyped-def]
    drv, seen, _ = socket_bot
    reply = drv.slash("/kickoff", "x", user=OWNER, channel=PROJ).wait()
    drv.click("approve", user=OWNER, message=reply.responses[0]).wait()
    assert seen["action"][0][0]["value"] == "42"
    view = drv.slash("/form", "", user=OWNER, channel=PROJ).wait().view
    bad = drv.submit_view(
        view["id"], {"title": {"title": "bad"}, "kind": {"kind": "design"}}, user=OWNER
    )
    assert bad.body == {"response_action": "errors", "errors": {"title": "Too short"}}
    done = drv.submit_view(
        view["id"], {"title": {"title": "ok"}, "kind": {"kind": "design"}}, user=OWNER
    )
    assert done.body is None and view["id"] not in emu.views


def test_events_api_envelope_with_retry(socket_bot, emu: SlackEmulator) -> None:  # type: ignore[no-untyped-def]
    drv, seen, _ = socket_bot
    event = {
        "type": "message",
        "user": ALICE,
        "text": "hi",
        "ts": "1700000000.000200",
        "channel": PROJ,
    }
    reply = drv.event(event, retry_num=2, retry_reason="timeout").wait()
    assert reply.body is None
    _, headers = seen["message"][0]
    assert headers["x-slack-retry-num"] == ["2"] and headers["x-slack-retry-reason"] == ["timeout"]
    assert [m["text"] for m in emu.messages(PROJ, thread_ts=event["ts"])] == ["Got it"]


def test_disconnect_makes_the_client_reconnect(socket_bot, emu: SlackEmulator) -> None:  # type: ignore[no-untyped-def]
    drv, _, _ = socket_bot
    emu.socket_disconnect()
    assert emu.wait_for(lambda: emu.socket.accepted == 2)
    assert len(emu.calls_to("apps.connections.open")) == 2
    assert drv.slash("/echo", "back", user=OWNER, channel=PROJ).body == {"text": "echo back"}


def test_connections_open_needs_the_app_token_and_tickets_are_single_use(
    emu: SlackEmulator,
) -> None:
    with pytest.raises(SlackApiError) as raised:
        WebClient(token=emu.bot_token, base_url=emu.api_url).apps_connections_open(
            app_token=emu.bot_token
        )
    assert raised.value.response["error"] == "not_allowed_token_type"
    url = WebClient(base_url=emu.api_url).apps_connections_open(app_token=emu.app_token)["url"]
    assert url.startswith("ws://127.0.0.1:") and "/link/?ticket=" in url
    with connect(url) as ws:
        assert json.loads(ws.recv(timeout=2))["type"] == "hello"
    with pytest.raises(InvalidStatus):
        connect(url)
