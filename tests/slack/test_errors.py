"""The one error handler: what people see for each kind of failure."""

from __future__ import annotations

import json

from slack_bolt import BoltResponse

from bot.domain.errors import DomainError
from bot.slack.errors import handle_error
from bot.text.errors import ParseError

VIEW_BODY = {"type": "view_submission", "user": {"id": "U1"},
             "view": {"blocks": [{"type": "context", "elements": []}, {"type": "input", "block_id": "title"}]}}


def test_errors_before_the_ack_become_an_ephemeral_reply_with_the_example() -> None:
    reply = handle_error(ParseError("Bad <!channel> date", '/task add "x" due friday'), {"type": "x"}, None,
                         BoltResponse(status=500), None, {})  # type: ignore[arg-type]
    assert reply is not None and reply.status == 200
    body = json.loads(reply.body) if isinstance(reply.body, str) else reply.body
    assert body["response_type"] == "ephemeral" and "For example" in body["text"] and "<!channel>" not in body["text"]


def test_a_failing_modal_submission_shows_the_error_on_its_first_input() -> None:
    reply = handle_error(DomainError("This channel already has an engagement."), VIEW_BODY, None,
                         BoltResponse(status=500), None, {})  # type: ignore[arg-type]
    assert reply is not None
    body = json.loads(reply.body) if isinstance(reply.body, str) else reply.body
    assert body == {"response_action": "errors", "errors": {"title": "This channel already has an engagement."}}


def test_unexpected_errors_say_nothing_was_saved() -> None:
    reply = handle_error(RuntimeError("boom"), VIEW_BODY, None, BoltResponse(status=500), None, {})  # type: ignore[arg-type]
    body = json.loads(reply.body) if isinstance(reply.body, str) else reply.body  # type: ignore[union-attr]
    assert "nothing was saved" in body["errors"]["title"]
