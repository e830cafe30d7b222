"""The /thanks form: checked inline, then posted exactly like the typed command."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.errors import DomainError
from bot.domain.recognition import thanks as rules
from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Submission
from bot.usecases import thanks


def handle_thanks_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                             context: dict[str, Any]) -> None:
    """Refusals (yourself, no reason) show on the form; the confirmation arrives ephemerally."""
    submitted = Submission.of(body, view)
    form, user_id = values(view), submitted.user_id
    channel_id = metadata.open(submitted.private_metadata)["channel_id"]
    recipient, reason = form.get(ids.RECIPIENT) or "", form.get(ids.REASON) or ""
    try:
        rules.check(from_user=user_id, to_user=recipient, reason=reason, app_user=context.get("bot_user_id"))
    except DomainError as error:
        wrong_person = recipient in (user_id, context.get("bot_user_id")) or not rules.names_a_person(recipient)
        field = ids.RECIPIENT if wrong_person else ids.REASON
        ack(response_action="errors", errors={field: error.message[:150]})
        return
    ack()
    reply = thanks.send(runtime_of(context), client, submitted.team_id, user_id, channel_id, recipient, reason)
    client.chat_postEphemeral(channel=channel_id, user=user_id, **reply)
