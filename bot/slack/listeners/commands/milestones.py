"""`/task submit N [link]`: the contractor hands work in; the owner is asked to review it by DM."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.db.session import transaction
from bot.domain import engagements, milestones
from bot.runtime import Runtime
from bot.slack.blocks.milestones import build_review_request, build_submit_reply, build_submitted
from bot.slack.grammar.task import TaskCommand


def handle_submit(runtime: Runtime, client: WebClient, team_id: str, user_id: str, channel_id: str,
                  parsed: TaskCommand) -> dict[str, Any]:
    """Record the submission and DM the owner in one transaction (no DM, no submission).

    The submission is also noted in the task's thread.
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
        posted = client.chat_postMessage(channel=engagement.owner.user_id, **build_review_request(submission))
        submission.review_channel, submission.review_ts = posted["channel"], posted["ts"]
        thread, note, reply = submission.task.announce_ts, build_submitted(submission), build_submit_reply(submission)
    announce(client, channel_id, note, thread_ts=thread)
    return reply
