"""The one error handler: people get a friendly ephemeral message, we get the traceback."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from bot.domain.errors import DomainError
from bot.domain.roster import people
from bot.domain.schedule import worktime
from bot.slack import seen_events
from bot.slack.blocks.errors import build_error, build_failure
from bot.slack.workspace import workspace_of
from bot.text import examples
from bot.text.errors import ParseError
from bot.text.mrkdwn import escape

logger = logging.getLogger(__name__)


def handle_error(
    error: Exception, body: dict[str, Any], respond: Respond | None, response: BoltResponse | None,
    client: WebClient, context: dict[str, Any],
) -> BoltResponse | None:
    """Turn an exception into an ephemeral reply, in the HTTP ack if not sent yet, else via response_url."""
    if body.get("type") == "event_callback" and body.get("event_id") and "runtime" in context:
        # Let Slack's retry of this event run again rather than be dropped as a duplicate.
        seen_events.release(context["runtime"].sessions, event_id=body["event_id"])
        logger.error("event handler failed", exc_info=error)
        return None
    if isinstance(error, ParseError | DomainError):
        # Examples and hints carry their dates as tokens: computed from the speaker's today.
        today = reader_today(body, context)
        text, example = examples.render(error.message, today), getattr(error, "example", None)
        # Messages may quote what the person typed; escape so nothing in it can ping anyone.
        message = build_error(escape(text), examples.render(example, today) if example else example)
        plain_text = text
    elif isinstance(error, OperationalError):
        logger.warning("database unavailable: %s", error)
        plain_text = "I can't reach my database right now. Nothing was saved; please try again in a minute."
        message = build_failure(plain_text)
    else:
        logger.error("listener failed", exc_info=error)
        plain_text = "Something went wrong on my side and nothing was saved. Please try again."
        message = build_failure(plain_text)
    if body.get("type") == "view_submission" and response is not None:
        # A modal can only show errors inline, so a failure lands on its first input block.
        return inline_error(body, plain_text)
    if response is not None:
        return BoltResponse(status=200, body=message | {"response_type": "ephemeral"})
    if respond is not None and respond.response_url:
        respond(**message, response_type="ephemeral", replace_original=False)
    elif user_id := (body.get("user") or {}).get("id") or body.get("user_id"):
        # A modal already closed has no response_url (Bolt still passes a `respond` that refuses
        # to send): tell the person directly.
        client.chat_postMessage(channel=user_id, **message)
    return None


def reader_today(body: dict[str, Any], context: dict[str, Any]) -> date:
    """Today in the zone of whoever the error is for (stored, else the default; UTC without a database)."""
    team_id = workspace_of(body)
    user_id = body.get("user_id") or (body.get("user") or {}).get("id")
    runtime = context.get("runtime")
    if runtime is None:
        return datetime.now(UTC).date()
    tz = None
    try:
        if team_id and user_id:
            with runtime.sessions() as session:
                tz = people.zone_of(session, team_id=team_id, user_id=user_id)
    except SQLAlchemyError:
        logger.warning("no zone for %s: examples dated in the default zone", user_id)
    return worktime.local_today(runtime.clock(), tz or runtime.settings.default_timezone)


def inline_error(body: dict[str, Any], text: str) -> BoltResponse | None:
    """`response_action: errors` on the view's first input block (Slack caps the text at 150)."""
    blocks = (body.get("view") or {}).get("blocks") or []
    first = next((b.get("block_id") for b in blocks if b.get("type") == "input" and b.get("block_id")), None)
    if first is None:
        return None
    return BoltResponse(status=200, body={"response_action": "errors", "errors": {first: text[:150]}})
