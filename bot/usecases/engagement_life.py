"""Edit, pause, resume, end and reopen an engagement: one transaction each, then what Slack should hear."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Payment
from bot.db.session import transaction
from bot.domain.delivery import ledger
from bot.domain.engagement import engagements, lifecycle
from bot.domain.errors import NotFound
from bot.domain.recognition import feedback
from bot.domain.reports import scorecards
from bot.domain.reports.scorecard_rows import owned
from bot.domain.schedule import worktime
from bot.runtime import Runtime
from bot.slack.blocks.feedback import build_feedback_prompt
from bot.slack.blocks.lifecycle import (
    build_closing_note,
    build_closing_review,
    build_edit_reply,
    build_ended_reply,
    build_paused,
    build_plan_changed,
    build_reopened,
)

logger = logging.getLogger(__name__)

Payload = dict[str, Any]


@dataclass(frozen=True)
class Where:
    """Which engagement a command means: the one in its channel, or (in a DM) the owner's one named by title."""

    team_id: str
    channel_id: str
    user_id: str
    title: str = ""


def find(session: Session, where: Where) -> Engagement:
    """The channel's open engagement; in a DM with Tandem, the speaker's own open engagement with that title."""
    found = engagements.active_in_channel(session, team_id=where.team_id, channel_id=where.channel_id)
    if found is not None:
        return found
    mine = engagements.for_owner(session, team_id=where.team_id, user_id=where.user_id)
    wanted = where.title.strip().strip('"“”').casefold()
    named = [e for e in mine if wanted and e.title.casefold() == wanted]
    if len(named) == 1:
        return named[0]
    if mine:
        titles = ", ".join(f"“{e.title}”" for e in mine[:5])
        raise NotFound(f"Run this in the engagement's channel, or name it by its title here ({titles}).",
                       f'/engagement end "{mine[0].title}"')
    return engagements.require_in_channel(session, team_id=where.team_id, channel_id=where.channel_id)


def edit(runtime: Runtime, client: WebClient, where: Where, edits: lifecycle.Edits) -> Payload:
    """Save the owner's edits; the channel hears about schedule changes, never the budget."""
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = find(session, where)
        today = worktime.local_today(now, engagement.owner.tz)
        changes = lifecycle.edit(session, engagement=engagement, by_user=where.user_id, edits=edits,
                                 today=today, now=now)
        reply = build_edit_reply(engagement, changes)
        note = build_plan_changed(engagement, where.user_id, changes.schedule) if changes.schedule else None
        channel_id = engagement.channel_id
    if note is not None:
        _post(client, channel_id, note)
    return reply


def pause(runtime: Runtime, where: Where, *, paused: bool) -> Payload:
    """Pause or resume the engagement's routine messages."""
    with transaction(runtime.sessions) as session:
        engagement = find(session, where)
        lifecycle.set_paused(session, engagement=engagement, by_user=where.user_id, paused=paused,
                             now=runtime.clock())
        return build_paused(engagement, paused)


def end(runtime: Runtime, client: WebClient, where: Where, reason: str = "", *,
        engagement_id: int | None = None) -> Payload:
    """End it at once; tell the channel (no money) and DM the owner the closing review and a last feedback prompt."""
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = session.get(Engagement, engagement_id) if engagement_id is not None else find(session, where)
        if engagement is None or engagement.team_id != where.team_id:
            raise NotFound("This engagement no longer exists.")
        lifecycle.end(session, engagement=engagement, by_user=where.user_id, reason=reason, now=now)
        note = build_closing_note(engagement, where.user_id)
        review = closing_review(session, engagement, now)
        prompt = build_feedback_prompt(engagement, "end")
        reply = build_ended_reply(engagement)
        channel_id, owner_id, team_id, key = (engagement.channel_id, engagement.owner.user_id, engagement.team_id,
                                              f"feedback:{engagement.id}:end:{now:%Y%m%dT%H%M%S}")
    _post(client, channel_id, note)
    _post(client, owner_id, review)
    posted = _post(client, owner_id, prompt)
    if posted is not None:  # the ledger is how a rating click finds its engagement
        with transaction(runtime.sessions) as session:
            ledger.claim(session, key=key, duty=feedback.DUTY, team_id=team_id, channel_id=posted[0], due_at=now,
                         now=now, status=ledger.SENT, message_ts=posted[1])
    return reply


def closing_review(session: Session, engagement: Engagement, now: datetime) -> Payload:
    """The final scorecard (all time) and the payments still open."""
    found = owned(session, team_id=engagement.team_id, owner_user_id=engagement.owner.user_id,
                  engagement_id=engagement.id)
    cards = scorecards.cards(scorecards.load(session, engagements=found, since=None, now=now), since=None, now=now)
    open_payments = list(session.scalars(select(Payment).where(Payment.engagement_id == engagement.id,
                                                               Payment.status != "paid").order_by(Payment.due_on)))
    today = worktime.local_today(now, engagement.owner.tz)
    return build_closing_review(engagement, cards[0] if cards else None, open_payments, today)


def reopen(runtime: Runtime, client: WebClient, where: Where) -> Payload:
    """Undo the latest end in this channel (within 14 days); the channel hears it is back."""
    with transaction(runtime.sessions) as session:
        engagement = lifecycle.reopen(session, team_id=where.team_id, channel_id=where.channel_id,
                                      by_user=where.user_id, now=runtime.clock())
        note = build_reopened(engagement)
    _post(client, where.channel_id, note)
    return note


def _post(client: WebClient, channel: str, payload: Payload) -> tuple[str, str] | None:
    """Post after the commit; a channel that refuses the bot does not undo what was saved."""
    try:
        response = client.chat_postMessage(channel=channel, **payload)
    except SlackApiError as error:
        logger.warning("could not post to %s: %s", channel, error.response.get("error"))
        return None
    return response["channel"], response["ts"]
