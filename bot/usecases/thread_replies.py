"""Replies in threads: a contractor's reply to a check-in prompt is their check-in (or a note on it), and an
owner's reply to a feedback prompt in the DM is the feedback's comment. Edits amend what a reply became.

Each is one transaction; the reaction that says what the reply became is added after the commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Person
from bot.db.session import transaction
from bot.domain.checkin import checkin_notes, checkins
from bot.domain.delivery import ledger
from bot.domain.engagement import engagements
from bot.domain.recognition import feedback
from bot.domain.roster import people
from bot.domain.schedule import slots
from bot.runtime import Runtime
from bot.slack.grammar import thread_reply

logger = logging.getLogger(__name__)
ACK_REACTION = "white_check_mark"  # "recorded as your check-in"
NOTE_REACTION = "memo"  # "kept as a note on your check-in": it changed nothing the owner reads


@dataclass(frozen=True)
class Reply:
    """A message someone wrote in a thread: where, by whom, and what it says."""

    channel_id: str
    user_id: str
    thread_ts: str
    ts: str
    text: str


def record(runtime: Runtime, client: WebClient, reply: Reply) -> None:
    """A contractor's reply in a prompt's thread: record it, then react with what it became; others are ignored."""
    with transaction(runtime.sessions) as session:
        prompt = ledger.by_message(session, duty=slots.DUTY, channel_id=reply.channel_id, ts=reply.thread_ts)
        if prompt is None:
            return
        engagement = session.get(Engagement, slots.parse_key(prompt.key)[0])
        if engagement is None or engagements.role_of(engagement, reply.user_id) != "contractor":
            logger.debug("reply in a prompt thread from someone else than the contractor; ignored")
            return
        author = people.get(session, team_id=engagement.team_id, user_id=reply.user_id)
        if author is None:
            return
        reaction = record_reply(session, engagement, author, reply, asked_at=prompt.due_at,
                                day=slots.parse_key(prompt.key)[1], now=runtime.clock())
    client.reactions_add(channel=reply.channel_id, timestamp=reply.ts, name=reaction)


def record_reply(session: Session, engagement: Engagement, author: Person, reply: Reply, *,
                 asked_at: datetime | None, day: date, now: datetime) -> str:
    """The slot's check-in when it has none yet or the reply carries one; otherwise a note on it. The reaction.

    The slot is the prompt's day (`day`, contractor-local): a reply under yesterday's prompt is
    yesterday's check-in, answered late, not today's. Its check-in is the one read from this thread,
    else the one the contractor gave that day (by form or command): "ok thanks!" after either must
    not replace it.
    """
    day = min(day, checkins.local_date(engagement, now))
    slot = (checkin_notes.of_thread(session, engagement, reply.thread_ts)
            or checkins.for_day(session, engagement, day))
    if slot is not None and thread_reply.kind_of(reply.text, slot_has_checkin=True) == "note":
        checkin_notes.add(session, checkin=slot, author=author, text=reply.text, message_ts=reply.ts, now=now)
        return NOTE_REACTION
    checkins.record(session, engagement=engagement, author=author, report=thread_reply.as_checkin(reply.text),
                    source="thread", now=now, asked_at=asked_at, message_ts=reply.ts, thread_ts=reply.thread_ts,
                    day=day)
    return ACK_REACTION


def amend(runtime: Runtime, edited: Reply, before: str, *, in_dm: bool) -> None:
    """An edited thread reply: the check-in, note or feedback comment read from it now says what it says.

    Quietly: the reply already has its reaction, and nothing is posted about an edit.
    """
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        if in_dm:
            feedback.amend_comment(session, channel_id=edited.channel_id, ts=edited.thread_ts,
                                   user_id=edited.user_id, before=before, after=edited.text, now=now)
            return
        prompt = ledger.by_message(session, duty=slots.DUTY, channel_id=edited.channel_id, ts=edited.thread_ts)
        engagement = session.get(Engagement, slots.parse_key(prompt.key)[0]) if prompt else None
        if engagement is None or engagements.role_of(engagement, edited.user_id) != "contractor":
            return
        if checkins.amend(session, engagement=engagement, message_ts=edited.ts,
                          report=thread_reply.as_checkin(edited.text), now=now) is None:
            checkin_notes.amend(session, engagement=engagement, message_ts=edited.ts, text=edited.text, now=now)


def record_feedback_comment(runtime: Runtime, client: WebClient, reply: Reply) -> None:
    """The owner's reply in a feedback prompt's DM thread is the feedback's comment."""
    with transaction(runtime.sessions) as session:
        row = feedback.comment(session, channel_id=reply.channel_id, ts=reply.thread_ts, user_id=reply.user_id,
                               text=reply.text, now=runtime.clock())
    if row is not None:
        client.reactions_add(channel=reply.channel_id, timestamp=reply.ts, name=ACK_REACTION)
