"""The change-request form: the comment goes to the contractor in the task's thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.errors import DomainError
from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Submission
from bot.usecases import milestones


def handle_changes_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                              context: dict[str, Any]) -> None:
    """Save the request (a refusal shows on the comment field), then tell the thread and update the review DM."""
    runtime, submitted = runtime_of(context), Submission.of(body, view)
    submission_id = metadata.open(submitted.private_metadata)["submission_id"]
    comment = values(view).get(ids.COMMENT) or ""
    try:
        milestones.request_changes(runtime, client, submitted.team_id, submitted.user_id, submission_id, comment,
                                   saved=ack)
    except DomainError as error:
        if ack.response is not None:  # refused after the form closed: the error handler tells them
            raise
        ack(response_action="errors", errors={ids.COMMENT: error.message[:150]})
