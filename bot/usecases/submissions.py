"""Hand a task in for review: by `/task submit N` or by the Submit button and its form (Slack Connect).

One path for both: the submission is committed, then the owner is asked by DM, then the DM is noted
on it, then the task's thread hears about it (never how much it earns).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Task
from bot.db.session import reading, transaction
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError, NotFound
from bot.domain.work import milestones
from bot.runtime import Runtime
from bot.slack.blocks.contractor_work import SUBMITTABLE, build_submit_modal
from bot.slack.blocks.milestones import build_review_request, build_submit_reply, build_submitted
from bot.usecases import my_work
from bot.usecases.posting import announce

logger = logging.getLogger(__name__)

Payload = dict[str, Any]
# Which engagement and task number a request means, found inside the submission's transaction.
Locate = Callable[[Session], tuple[Engagement, int]]


def by_number(team_id: str, channel_id: str, number: int) -> Locate:
    """`/task submit N` in the engagement's channel."""
    def locate(session: Session) -> tuple[Engagement, int]:
        return engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id), number
    return locate


def by_task(team_id: str, task_id: int) -> Locate:
    """The Submit button's task (its id travels in the button and the form's sealed metadata)."""
    def locate(session: Session) -> tuple[Engagement, int]:
        task = task_of(session, team_id, task_id)
        return task.engagement, task.number
    return locate


def task_of(session: Session, team_id: str, task_id: object) -> Task:
    """The task a button names, in this workspace only (ids are guessable; workspaces are apart)."""
    try:
        task = session.get(Task, int(str(task_id or 0)))
    except ValueError:
        task = None
    if task is None or task.engagement.team_id != team_id:
        raise NotFound("This task no longer exists.")
    return task


def submit_form(runtime: Runtime, *, team_id: str, user_id: str, task_id: object, channel_id: str) -> Payload:
    """The submit form for the task's contractor; anyone else is refused before a form opens."""
    with reading(runtime.sessions) as session:
        task = task_of(session, team_id, task_id)
        engagement = task.engagement
        if engagements.role_of(engagement, user_id) != "contractor":
            raise my_work.refusal(engagement, "Submitting this task", channel_id)
        if task.status not in SUBMITTABLE:
            state = "done" if task.status == "done" else "waiting for review"
            raise DomainError(f"Task {task.number} is already {state}; nothing to submit.")
        return build_submit_modal(task, channel_id or engagement.channel_id)


@dataclass(frozen=True)
class Stored:
    """A committed submission and what Slack should hear about it (built inside its transaction)."""

    submission_id: int
    owner_id: str
    request: Payload
    channel_id: str
    thread_ts: str | None
    note: Payload
    reply: Payload


def store(runtime: Runtime, *, user_id: str, link: str, locate: Locate) -> Stored:
    """Commit the submission (a refusal raises, nothing saved); forms call this before their ack."""
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement, number = locate(session)
        submission = milestones.submit(session, engagement=engagement, by_user=user_id, number=number,
                                       link=link, now=now)
        return Stored(submission.id, engagement.owner.user_id, build_review_request(submission),
                      engagement.channel_id, submission.task.announce_ts, build_submitted(submission),
                      build_submit_reply(submission))


def tell(runtime: Runtime, client: WebClient, stored: Stored) -> Payload:
    """DM the owner, note the DM on the submission, note it in the task's thread; the contractor's reply.

    The submission was committed before the DM goes out: a process killed mid-post must never leave
    a review DM whose Approve button carries an id that was rolled back (SQLite hands a rolled-back
    id to the next insert, so the button would approve another engagement's work). A submission
    whose DM never went out keeps no review_ts; it waits for the owner like any other and the
    review reminder surfaces it.
    """
    try:
        posted = client.chat_postMessage(channel=stored.owner_id, **stored.request)
    except SlackApiError as error:  # stored all the same: the review reminder brings it to the owner
        logger.warning("review DM for submission %s not sent: %s", stored.submission_id, error.response.get("error"))
    else:
        try:
            with transaction(runtime.sessions) as session:
                milestones.note_review_dm(session, submission_id=stored.submission_id, channel_id=posted["channel"],
                                          ts=posted["ts"])
        except SQLAlchemyError as error:  # the submission and its DM stand; only the note is lost
            logger.warning("review DM of submission %s not noted: %s", stored.submission_id, error)
    announce(client, stored.channel_id, stored.note, thread_ts=stored.thread_ts)
    return stored.reply


def submit(runtime: Runtime, client: WebClient, *, user_id: str, link: str, locate: Locate) -> Payload:
    """Store the submission, then tell the owner and the task's thread; the contractor's own confirmation."""
    return tell(runtime, client, store(runtime, user_id=user_id, link=link, locate=locate))
