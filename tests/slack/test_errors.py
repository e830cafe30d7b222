"""The one error handler: what people see for each kind of failure."""

from __future__ import annotations

import json

from slack_bolt import BoltResponse
from slack_bolt.context.respond import Respond

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


def test_after_a_modal_closed_the_error_arrives_as_a_direct_message() -> None:
    class Client:
        def __init__(self) -> None:
            self.posted: list[dict[str, object]] = []

        def chat_postMessage(self, **kwargs: object) -> None:  # noqa: N802 - the WebClient's name
            self.posted.append(kwargs)

    client = Client()
    # Bolt passes a `respond` even to a view submission, which has no response_url: it refuses to send.
    handle_error(DomainError("<@U0BOT> is an app, not a person."), VIEW_BODY, Respond(response_url=None), None,
                 client, {})  # type: ignore[arg-type]
    [posted] = client.posted
    assert posted["channel"] == "U1" and "is an app" in str(posted["text"])
