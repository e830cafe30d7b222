"""The submit form (from a task's Submit button): submitted exactly like `/task submit N link`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.errors import DomainError
from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Submission
from bot.usecases import submissions


def handle_submit_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                             context: dict[str, Any]) -> None:
    """Saved before the ack, so a refusal shows on the form; then the contractor is confirmed ephemerally."""
    sent = Submission.of(body, view)
    meta = metadata.open(sent.private_metadata)
    locate = submissions.by_task(sent.team_id, int(meta["task_id"]))
    try:  # the link is optional: an empty one submits too
        stored = submissions.store(runtime_of(context), user_id=sent.user_id, link=values(view).get(ids.LINK) or "",
                                   locate=locate)
    except DomainError as error:
        ack(response_action="errors", errors={ids.LINK: error.message[:150]})
        return
    ack()
    reply = submissions.tell(runtime_of(context), client, stored)
    client.chat_postEphemeral(channel=meta["channel_id"], user=sent.user_id, **reply)
