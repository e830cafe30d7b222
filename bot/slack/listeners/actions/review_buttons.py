"""Approve / Request changes on the owner's review DM."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.db.models import Submission
from bot.db.session import transaction
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError, NotFound
from bot.domain.work import milestones, tasks
from bot.slack.blocks.milestones import build_approved, build_changes_modal, build_review_decided
from bot.slack.listeners.commands.task import announce
from bot.slack.listeners.common import require_team, runtime_of


def submission_of(session: Session, action: dict[str, Any], body: dict[str, Any]) -> Submission:
    """The submission a button carries (in the clicker's workspace), or a friendly error."""
    submission = session.get(Submission, int(action.get("value") or 0))
    if submission is None:
        raise NotFound("This submission no longer exists.")
    require_team(submission.task.engagement, body, "This submission no longer exists.")
    return submission


def handle_approve(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                   context: dict[str, Any]) -> None:
    """Approve: the task is done, its payment is due on the terms; the thread hears it (without money)."""
    ack()
    runtime = runtime_of(context)
    with transaction(runtime.sessions) as session:
        submission = submission_of(session, action, body)
        payment = milestones.approve(session, submission=submission, by_user=body["user"]["id"], now=runtime.clock())
        decided, note = build_review_decided(submission, payment), build_approved(submission)
        channel_id, thread = submission.task.engagement.channel_id, submission.task.announce_ts
        review = submission.review_channel, submission.review_ts
    announce(client, channel_id, note, thread_ts=thread)
    clicked = update_clicked(client, body, decided)
    if review[0] and review[1] and review != clicked:
        client.chat_update(channel=review[0], ts=review[1], **decided)  # approved from a reminder: close both


def handle_request_changes(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                           context: dict[str, Any]) -> None:
    """Open the comment form; only the owner, only while the submission waits."""
    ack()
    runtime = runtime_of(context)
    with runtime.sessions() as session:
        submission = submission_of(session, action, body)
        engagements.require_owner(submission.task.engagement, body["user"]["id"], "review submitted work")
        tz = submission.task.engagement.owner.tz
        if submission.task.status == "done":  # a button whose moment has passed answers with the state
            raise DomainError(tasks.already_done(submission.task, tz))
        if submission.outcome != "pending":
            raise DomainError(milestones.already_reviewed(submission, tz))
        view = build_changes_modal(submission)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def update_clicked(client: WebClient, body: dict[str, Any], payload: dict[str, Any]) -> tuple[str | None, str | None]:
    """Replace the message whose button was clicked; returns its (channel, ts)."""
    channel_id, ts = (body.get("channel") or {}).get("id"), (body.get("message") or {}).get("ts")
    if channel_id and ts:
        client.chat_update(channel=channel_id, ts=ts, **payload)
    return channel_id, ts
