"""Message events: a contractor's reply in a check-in prompt's thread is their check-in, or a note on it."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

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
from bot.slack.grammar import thread_reply
from bot.slack.listeners.common import runtime_of

logger = logging.getLogger(__name__)
ACK_REACTION = "white_check_mark"  # "recorded as your check-in"
NOTE_REACTION = "memo"  # "kept as a note on your check-in": it changed nothing the owner reads
# A reply someone wrote: plain, also sent to the channel, or with a file attached. Edits (message_changed)
# amend what a reply became; deletions, joins and bot posts come as other subtypes and are no check-in.
WRITTEN = frozenset({None, "thread_broadcast", "file_share"})


def handle_message(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """Record a contractor's thread reply to a prompt as a check-in; ignore everything else."""
    if event.get("subtype") == "message_changed":
        handle_edit(event, context)
        return
    # message events can have bot_id without user_id
    if event.get("subtype") not in WRITTEN or event.get("bot_id") or not (event.get("thread_ts") and event.get("user")):
        return
    runtime = runtime_of(context)
    if event.get("channel_type") == "im" or event.get("channel", "").startswith("D"):
        record_feedback_comment(event, client, runtime)
        return
    with transaction(runtime.sessions) as session:
        prompt = ledger.by_message(session, duty=slots.DUTY, channel_id=event.get("channel", ""),
                                   ts=event["thread_ts"])
        if prompt is None:
            return
        engagement = session.get(Engagement, slots.parse_key(prompt.key)[0])
        if engagement is None or engagements.role_of(engagement, event["user"]) != "contractor":
            logger.debug("reply in a prompt thread from someone else than the contractor; ignored")
            return
        author = people.get(session, team_id=engagement.team_id, user_id=event["user"])
        if author is None:
            return
        reaction = record_reply(session, engagement, author, event, asked_at=prompt.due_at, now=runtime.clock())
    client.reactions_add(channel=event["channel"], timestamp=event["ts"], name=reaction)


def record_reply(session: Session, engagement: Engagement, author: Person, event: dict[str, Any], *,
                 asked_at: datetime | None, now: datetime) -> str:
    """The slot's check-in when it has none yet or the reply carries one; otherwise a note on it. The reaction.

    The slot's check-in is the one read from this thread, else the one the contractor gave today
    (by form or command): "ok thanks!" after either must not replace it.
    """
    text, thread_ts = event.get("text", ""), event["thread_ts"]
    slot = (checkin_notes.of_thread(session, engagement, thread_ts)
            or checkins.for_day(session, engagement, checkins.local_date(engagement, now)))
    if slot is not None and thread_reply.kind_of(text, slot_has_checkin=True) == "note":
        checkin_notes.add(session, checkin=slot, author=author, text=text, message_ts=event["ts"], now=now)
        return NOTE_REACTION
    checkins.record(session, engagement=engagement, author=author, report=thread_reply.as_checkin(text),
                    source="thread", now=now, asked_at=asked_at, message_ts=event["ts"], thread_ts=thread_ts)
    return ACK_REACTION


def handle_edit(event: dict[str, Any], context: dict[str, Any]) -> None:
    """An edited thread reply: the check-in or feedback comment read from it now says what it says.

    Quietly: the reply already has its reaction, and nothing is posted about an edit.
    """
    message, before = event.get("message") or {}, event.get("previous_message") or {}
    channel, user, thread_ts = event.get("channel", ""), message.get("user"), message.get("thread_ts")
    if message.get("bot_id") or not (user and thread_ts and message.get("ts")) or thread_ts == message["ts"]:
        return
    runtime = runtime_of(context)
    with transaction(runtime.sessions) as session:
        if event.get("channel_type") == "im" or channel.startswith("D"):
            feedback.amend_comment(session, channel_id=channel, ts=thread_ts, user_id=user,
                                   before=before.get("text", ""), after=message.get("text", ""), now=runtime.clock())
            return
        prompt = ledger.by_message(session, duty=slots.DUTY, channel_id=channel, ts=thread_ts)
        engagement = session.get(Engagement, slots.parse_key(prompt.key)[0]) if prompt else None
        if engagement is None or engagements.role_of(engagement, user) != "contractor":
            return
        if checkins.amend(session, engagement=engagement, message_ts=message["ts"],
                          report=thread_reply.as_checkin(message.get("text", "")), now=runtime.clock()) is None:
            checkin_notes.amend(session, engagement=engagement, message_ts=message["ts"],
                                text=message.get("text", ""), now=runtime.clock())


def record_feedback_comment(event: dict[str, Any], client: WebClient, runtime: Any) -> None:
    """The owner's reply in a feedback prompt's DM thread is the feedback's comment."""
    with transaction(runtime.sessions) as session:
        row = feedback.comment(session, channel_id=event["channel"], ts=event["thread_ts"], user_id=event["user"],
                               text=event.get("text", ""), now=runtime.clock())
    if row is not None:
        client.reactions_add(channel=event["channel"], timestamp=event["ts"], name=ACK_REACTION)

