"""Driver payloads carry the fields of Slack's real ones (slack-reference/payloads, bolt-python).

A capturing HTTP server stands in for the bot so the raw bodies and headers can be inspected.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest
from websockets.sync.client import connect

from bot.emulator import DriverError, SlackDriver, SlackEmulator
from tests.emulator.bolt_harness import FORM
from tests.emulator.conftest import ALICE, OWNER, PROJ

SLASH_FIELDS = (
    "token team_id team_domain channel_id channel_name user_id user_name command text api_app_id"
    " is_enterprise_install response_url trigger_id"
).split()
BLOCK_ACTIONS_FIELDS = set(
    "type user api_app_id token container trigger_id team channel response_url actions".split()
)
VIEW_FIELDS = set(
    "id team_id type blocks private_metadata callback_id state hash title clear_on_close"
    " notify_on_close close submit previous_view_id root_view_id app_id external_id"
    " app_installed_team_id bot_id".split()
)
MESSAGE_EVENT_FIELDS = set(
    "client_msg_id type text user ts team blocks channel event_ts channel_type".split()
)


class Capture(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.server.seen.append((dict(self.headers), body))  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def captured(emu: SlackEmulator) -> Iterator[tuple[SlackDriver, list[tuple[dict[str, str], str]]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield (
        SlackDriver(emu, bot_url=f"http://127.0.0.1:{server.server_port}/slack/events"),
        server.seen,
    )  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()
    thread.join()


def test_slash_command_is_the_form_body_slack_sends(captured) -> None:  # type: ignore[no-untyped-def]
    drv, seen = captured
    drv.slash("/kickoff", "@alice go", user=OWNER, channel=PROJ)
    headers, body = seen[0]
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert (
        headers["X-Slack-Signature"].startswith("v0=")
        and headers["X-Slack-Request-Timestamp"].isdigit()
    )
    fields = parse_qsl(body, keep_blank_values=True)
    assert [k for k, _ in fields] == SLASH_FIELDS
    assert (
        dict(fields)["text"] == "<@U0ALICE|alice> go"
        and dict(fields)["is_enterprise_install"] == "false"
    )
    other = SlackDriver(drv.emu, bot_url=drv.bot_url, team_id="T0OTHER")
    other.slash("/kickoff", "", user=OWNER, channel=PROJ)
    assert dict(parse_qsl(seen[1][1], keep_blank_values=True))["team_id"] == "T0OTHER"


def test_block_actions_and_view_submission_shapes(captured, emu: SlackEmulator, client) -> None:  # type: ignore[no-untyped-def]
    drv, seen = captured
    client.chat_postMessage(channel=PROJ, text="pick", blocks=FORM["blocks"][-1:])
    drv.click("more", user=ALICE, message=emu.messages(PROJ)[0])
    view = client.views_open(trigger_id=emu.mint_trigger(OWNER), view=FORM)["view"]
    drv.submit_view(view["id"], {"title": {"title": "T"}}, user=OWNER)
    (click_headers, click_body), (_, submit_body) = seen
    assert click_headers["Content-Type"] == "application/x-www-form-urlencoded"
    [(key, raw)] = parse_qsl(click_body)
    click = json.loads(raw)
    assert (
        key == "payload"
        and BLOCK_ACTIONS_FIELDS <= set(click)
        and {"message", "state"} <= set(click)
    )
    assert set(click["user"]) == {"id", "username", "name", "team_id"}
    assert set(click["container"]) == {"type", "message_ts", "channel_id", "is_ephemeral"}
    assert set(click["actions"][0]) == {"action_id", "block_id", "text", "type", "action_ts"}
    submission = json.loads(dict(parse_qsl(submit_body))["payload"])
    assert submission["type"] == "view_submission" and submission["response_urls"] == []
    assert set(submission["view"]) == VIEW_FIELDS
    assert submission["view"]["state"]["values"]["title"] == {
        "title": {"type": "plain_text_input", "value": "T"}
    }
    assert submission["view"]["state"]["values"]["kind"] == {
        "kind": {"type": "static_select", "selected_option": None}
    }


def test_message_event_is_json_with_the_envelope(captured) -> None:  # type: ignore[no-untyped-def]
    drv, seen = captured
    drv.post_message(ALICE, PROJ, "hi")
    headers, body = seen[0]
    assert headers["Content-Type"] == "application/json"
    envelope = json.loads(body)
    assert {
        "token",
        "team_id",
        "api_app_id",
        "event",
        "type",
        "event_id",
        "event_time",
        "authorizations",
    } <= set(envelope)
    assert envelope["event_id"].startswith("Ev") and envelope["is_ext_shared_channel"] is False
    assert (
        set(envelope["event"]) == MESSAGE_EVENT_FIELDS
        and envelope["event"]["channel_type"] == "channel"
    )


def test_broadcast_and_file_replies_carry_the_fields_of_slacks(captured) -> None:  # type: ignore[no-untyped-def]
    """thread_broadcast as in slack-reference/payloads/event_message_thread_broadcast.json; file_share with files."""
    drv, seen = captured
    root = drv.post_message(ALICE, PROJ, "Write in the thread").posted
    drv.post_message(ALICE, PROJ, "Hi there!", thread_ts=root["ts"], broadcast=True)
    drv.post_message(ALICE, PROJ, "the mockup", thread_ts=root["ts"], files=["mockup.png"])
    # Each reply is followed by the parent's message_changed (tests/emulator/test_events.py).
    written = [e for e in (json.loads(body)["event"] for _, body in seen) if e.get("subtype") != "message_changed"]
    broadcast, shared = written[1:3]
    reference = {"type", "subtype", "text", "user", "ts", "thread_ts", "root", "client_msg_id", "channel",
                 "event_ts", "channel_type"}
    assert reference <= set(broadcast) and broadcast["subtype"] == "thread_broadcast"
    assert broadcast["root"]["ts"] == root["ts"] == broadcast["thread_ts"]
    assert (broadcast["root"]["reply_count"], broadcast["root"]["latest_reply"]) == (1, broadcast["ts"])
    assert shared["subtype"] == "file_share" and shared["thread_ts"] == root["ts"]
    [file] = shared["files"]
    assert file["name"] == "mockup.png" and file["id"].startswith("F") and file["user"] == ALICE
    with pytest.raises(DriverError):
        drv.post_message(ALICE, PROJ, "nowhere to broadcast from", broadcast=True)


def test_an_edit_is_message_changed_with_the_fields_of_slacks(captured, emu) -> None:  # type: ignore[no-untyped-def]
    """As slack-reference/payloads/event_message_changed.json, with the thread fields of a reply."""
    drv, seen = captured
    root = drv.post_message(ALICE, PROJ, "prompt").posted
    reply = drv.post_message(ALICE, PROJ, "first words", thread_ts=root["ts"]).posted
    drv.edit_message(ALICE, PROJ, reply["ts"], "better words")
    edit = json.loads(seen[-1][1])["event"]
    assert set(edit) == {"type", "subtype", "message", "previous_message", "channel", "hidden", "ts", "event_ts",
                         "channel_type"}
    assert (edit["subtype"], edit["hidden"], edit["channel"]) == ("message_changed", True, PROJ)
    assert edit["message"]["text"] == "better words" and edit["previous_message"]["text"] == "first words"
    assert edit["message"]["ts"] == reply["ts"] and edit["message"]["thread_ts"] == root["ts"]
    assert edit["message"]["edited"] == {"user": ALICE, "ts": edit["ts"]} and edit["ts"] > reply["ts"]
    assert emu.workspace.find_message(PROJ, reply["ts"])["text"] == "better words"
    with pytest.raises(DriverError):
        drv.edit_message(OWNER, PROJ, reply["ts"], "not mine to edit")


def test_socket_mode_envelopes_as_a_raw_client_sees_them(emu: SlackEmulator) -> None:
    from slack_sdk import WebClient

    url = WebClient(base_url=emu.api_url).apps_connections_open(app_token=emu.app_token)["url"]
    envelopes: list[dict[str, Any]] = []
    with connect(url) as ws:
        assert json.loads(ws.recv(timeout=2))["type"] == "hello"

        def ack_two() -> None:
            for _ in range(2):
                envelope = json.loads(ws.recv(timeout=5))
                envelopes.append(envelope)
                ws.send(
                    json.dumps({"envelope_id": envelope["envelope_id"], "payload": {"text": "ok"}})
                )

        worker = threading.Thread(target=ack_two)
        worker.start()
        drv = SlackDriver(emu, mode="socket")
        assert drv.slash("/kickoff", "", user=OWNER, channel=PROJ).body == {"text": "ok"}
        drv.event(
            {"type": "app_home_opened", "user": OWNER, "tab": "home"},
            retry_num=1,
            retry_reason="timeout",
        )
        worker.join()
    slash, event = envelopes
    assert set(slash) == {"envelope_id", "payload", "type", "accepts_response_payload"}
    assert slash["type"] == "slash_commands" and slash["accepts_response_payload"] is True
    assert list(slash["payload"]) == SLASH_FIELDS
    assert event["type"] == "events_api" and event["accepts_response_payload"] is False
    assert (event["retry_attempt"], event["retry_reason"]) == (1, "timeout")
    assert {"is_ext_shared_channel", "event_context"} <= set(event["payload"])


def test_select_click_and_modal_close_payloads(captured, emu: SlackEmulator, client) -> None:  # type: ignore[no-untyped-def]
    drv, seen = captured
    picker = {
        "type": "actions",
        "block_id": "pick",
        "elements": [
            {
                "type": "static_select",
                "action_id": "size",
                "placeholder": {"type": "plain_text", "text": "Size"},
                "options": [
                    {"text": {"type": "plain_text", "text": "Small"}, "value": "s"},
                    {"text": {"type": "plain_text", "text": "Large"}, "value": "l"},
                ],
            }
        ],
    }
    client.chat_postMessage(channel=PROJ, text="choose", blocks=[picker])
    message = emu.messages(PROJ)[0]
    with pytest.raises(DriverError):
        drv.click("size", user=OWNER, message=message)  # a select needs a choice
    drv.click("size", user=OWNER, message=message, value="l")
    click = json.loads(dict(parse_qsl(seen[0][1]))["payload"])
    [action] = click["actions"]
    assert action["type"] == "static_select" and action["selected_option"]["value"] == "l"
    assert action["selected_option"]["text"]["text"] == "Large"
    assert click["state"]["values"]["pick"]["size"]["selected_option"]["value"] == "l"
    view = client.views_open(
        trigger_id=emu.mint_trigger(OWNER), view={**FORM, "notify_on_close": True}
    )
    closed = drv.close_view(view["view"]["id"])
    assert closed is not None and view["view"]["id"] not in emu.views
    payload = json.loads(dict(parse_qsl(seen[1][1]))["payload"])
    assert payload["type"] == "view_closed" and payload["is_cleared"] is False
    quiet = client.views_open(trigger_id=emu.mint_trigger(OWNER), view=FORM)["view"]
    assert drv.close_view(quiet["id"]) is None and len(seen) == 2
