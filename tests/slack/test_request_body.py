"""Forms that mention "payload" are read whole; real interactivity payloads and JSON as Bolt reads them."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from bot.slack.bolt_compat import bolt_request

FORM = {"content-type": "application/x-www-form-urlencoded"}


def slash(text: str, channel_name: str = "project") -> str:
    return urlencode({"command": "/task", "text": text, "team_id": "T1", "user_id": "U1", "channel_id": "C1",
                      "channel_name": channel_name})


def test_a_command_that_mentions_payload_is_read_whole() -> None:
    for body in (slash("add Fix the payload parser"), slash("list", channel_name="payload-api")):
        request = bolt_request(body, None, FORM)
        assert request.body["command"] == "/task" and request.raw_body == body
        assert (request.context.team_id, request.context.user_id, request.context.channel_id) == ("T1", "U1", "C1")


def test_interactivity_payloads_json_and_plain_forms_are_read_as_bolt_reads_them() -> None:
    action = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1"}, "text": "payload"}
    request = bolt_request(urlencode({"payload": json.dumps(action)}), None, FORM)
    assert request.body == action and request.context.user_id == "U1"
    event = json.dumps({"type": "event_callback", "team_id": "T1", "event": {"text": "payload"}})
    assert bolt_request(event, None, {"content-type": "application/json"}).body["team_id"] == "T1"
    assert bolt_request(slash("list"), None, FORM).body["text"] == "list"
