"""`/task submit N [link]`: the contractor hands work in; the owner is asked to review it by DM."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.db.session import transaction
from bot.domain.engagement import engagements
from bot.domain.work import milestones
from bot.runtime import Runtime
from bot.slack.blocks.milestones import build_review_request, build_submit_reply, build_submitted
from bot.slack.grammar.task import TaskCommand

logger = logging.getLogger(__name__)


def handle_submit(runtime: Runtime, client: WebClient, team_id: str, user_id: str, channel_id: str,
                  parsed: TaskCommand) -> dict[str, Any]:
    """Store the submission, then DM the owner, then note the DM on it.

    The submission is committed before the DM goes out: a process killed mid-post must never leave
    a review DM whose Approve button carries an id that was rolled back (SQLite hands a rolled-back
    id to the next insert, so the button would approve another engagement's work). A submission
    whose DM never went out keeps no review_ts; it waits for the owner like any other and the
    review reminder surfaces it. The submission is also noted in the task's thread.
    """
    from bot.slack.listeners.commands.task import (
        announce,  # task.py routes here; import late to avoid a cycle
    )

    assert parsed.number is not None
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        submission = milestones.submit(session, engagement=engagement, by_user=user_id, number=parsed.number,
                                       link=parsed.link, now=now)
        owner_id, request = engagement.owner.user_id, build_review_request(submission)
        thread, note, reply = submission.task.announce_ts, build_submitted(submission), build_submit_reply(submission)
    try:
        posted = client.chat_postMessage(channel=owner_id, **request)
    except SlackApiError as error:  # stored all the same: the review reminder brings it to the owner
        logger.warning("review DM for submission %s not sent: %s", submission.id, error.response.get("error"))
    else:
        try:
            with transaction(runtime.sessions) as session:
                milestones.note_review_dm(session, submission_id=submission.id, channel_id=posted["channel"],
                                          ts=posted["ts"])
        except SQLAlchemyError as error:  # the submission and its DM stand; only the note is lost
            logger.warning("review DM of submission %s not noted: %s", submission.id, error)
    announce(client, channel_id, note, thread_ts=thread)
    return reply
