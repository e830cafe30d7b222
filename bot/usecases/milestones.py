"""Submitted work and its review: `/task submit`, Approve, Request changes and the change-request form.

Each decision is one transaction; the task's thread and the owner's review DM hear about it after
the commit, so a message's button never carries an id that a crash rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.db.models import Submission
from bot.db.session import reading, transaction
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError
from bot.domain.work import milestones, tasks
from bot.runtime import Runtime
from bot.slack.blocks.milestones import (
    build_approved,
    build_changes_modal,
    build_changes_requested,
    build_review_decided,
    build_review_request,
    build_submit_reply,
    build_submitted,
)
from bot.usecases.posting import announce
from bot.usecases.records import require_team, stored

logger = logging.getLogger(__name__)

Payload = dict[str, Any]
GONE = "This submission no longer exists."


def submit(runtime: Runtime, client: WebClient, team_id: str, user_id: str, channel_id: str, number: int,
           link: str) -> Payload:
    """Store the submission, then DM the owner, then note the DM on it; the contractor's reply.

    The submission is committed before the DM goes out: a process killed mid-post must never leave
    a review DM whose Approve button carries an id that was rolled back (SQLite hands a rolled-back
    id to the next insert, so the button would approve another engagement's work). A submission
    whose DM never went out keeps no review_ts; it waits for the owner like any other and the
    review reminder surfaces it. The submission is also noted in the task's thread.
    """
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        submission = milestones.submit(session, engagement=engagement, by_user=user_id, number=number,
                                       link=link, now=now)
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


def approve(runtime: Runtime, client: WebClient, team_id: str, user_id: str, submission_ref: object,
            clicked: tuple[str, str]) -> None:
    """Approve: the task is done, its payment is due on the terms; the thread hears it (without money).

    `clicked` is the (channel, ts) of the message whose button was pressed: it shows the decision,
    and so does the review DM when the approval came from a reminder.
    """
    with transaction(runtime.sessions) as session:
        submission = _submission(session, team_id, submission_ref)
        payment = milestones.approve(session, submission=submission, by_user=user_id, now=runtime.clock())
        decided, note = build_review_decided(submission, payment), build_approved(submission)
        channel_id, thread = submission.task.engagement.channel_id, submission.task.announce_ts
        review = submission.review_channel, submission.review_ts
    announce(client, channel_id, note, thread_ts=thread)
    if clicked[0] and clicked[1]:
        client.chat_update(channel=clicked[0], ts=clicked[1], **decided)
    if review[0] and review[1] and review != clicked:
        client.chat_update(channel=review[0], ts=review[1], **decided)  # approved from a reminder: close both


def changes_form(runtime: Runtime, team_id: str, user_id: str, submission_ref: object) -> Payload:
    """The comment form of Request changes; only the owner, only while the submission waits."""
    with reading(runtime.sessions) as session:
        submission = _submission(session, team_id, submission_ref)
        engagements.require_owner(submission.task.engagement, user_id, "review submitted work")
        tz = submission.task.engagement.owner.tz
        if submission.task.status == "done":  # a button whose moment has passed answers with the state
            raise DomainError(tasks.already_done(submission.task, tz))
        if submission.outcome != "pending":
            raise DomainError(milestones.already_reviewed(submission, tz))
        return build_changes_modal(submission)


def request_changes(runtime: Runtime, client: WebClient, team_id: str, user_id: str, submission_ref: object,
                    comment: str, *, saved: Callable[[], object] = lambda: None) -> None:
    """Save the change request, then tell the task's thread and update the review DM.

    `saved` runs once the request is committed and before anything is posted: the form acks there,
    so a refusal (raised before it) shows on its comment field.
    """
    with transaction(runtime.sessions) as session:
        submission = _submission(session, team_id, submission_ref)
        milestones.request_changes(session, submission=submission, by_user=user_id, comment=comment,
                                   now=runtime.clock())
        note, decided = build_changes_requested(submission), build_review_decided(submission, None)
        channel_id, thread = submission.task.engagement.channel_id, submission.task.announce_ts
        review = submission.review_channel, submission.review_ts
    saved()
    announce(client, channel_id, note, thread_ts=thread)
    if review[0] and review[1]:
        client.chat_update(channel=review[0], ts=review[1], **decided)


def _submission(session: Session, team_id: str, ref: object) -> Submission:
    """The submission a button or a form carries (in the person's workspace), or a friendly error."""
    submission = stored(session, Submission, ref, "submission")
    require_team(submission.task.engagement, team_id, GONE)
    return submission
