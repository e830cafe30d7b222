"""The change-request form: the comment goes to the contractor in the task's thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.models import Submission
from bot.db.session import transaction
from bot.domain.errors import DomainError
from bot.domain.work import milestones
from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.blocks.milestones import build_changes_requested, build_review_decided
from bot.slack.listeners.commands.task import announce
from bot.slack.listeners.common import require_team, runtime_of, stored


def handle_changes_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                              context: dict[str, Any]) -> None:
    """Save the request (a refusal shows on the comment field), then tell the thread and update the review DM."""
    runtime = runtime_of(context)
    submission_id = metadata.open(view.get("private_metadata"))["submission_id"]
    comment = values(view).get(ids.COMMENT) or ""
    try:
        with transaction(runtime.sessions) as session:
            submission = stored(session, Submission, submission_id, "submission")
            require_team(submission.task.engagement, body, "This submission no longer exists.")
            milestones.request_changes(session, submission=submission, by_user=body["user"]["id"], comment=comment,
                                       now=runtime.clock())
            note, decided = build_changes_requested(submission), build_review_decided(submission, None)
            channel_id, thread = submission.task.engagement.channel_id, submission.task.announce_ts
            review = submission.review_channel, submission.review_ts
    except DomainError as error:
        ack(response_action="errors", errors={ids.COMMENT: error.message[:150]})
        return
    ack()
    announce(client, channel_id, note, thread_ts=thread)
    if review[0] and review[1]:
        client.chat_update(channel=review[0], ts=review[1], **decided)
