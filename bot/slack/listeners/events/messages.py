"""Message events: a contractor's reply in a check-in prompt's thread is their check-in."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from bot.db.models import Engagement
from bot.db.session import transaction
from bot.domain import checkins, engagements, feedback, ledger, people, slots
from bot.domain.checkins import Report
from bot.slack.grammar import checkin as grammar
from bot.slack.listeners.common import runtime_of
from bot.text.errors import ParseError

logger = logging.getLogger(__name__)
ACK_REACTION = "white_check_mark"
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
        checkins.record(session, engagement=engagement, author=author, report=lenient_report(event.get("text", "")),
                        source="thread", now=runtime.clock(), asked_at=prompt.due_at, message_ts=event["ts"])
    client.reactions_add(channel=event["channel"], timestamp=event["ts"], name=ACK_REACTION)


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
        checkins.amend(session, engagement=engagement, message_ts=message["ts"],
                       report=lenient_report(message.get("text", "")), now=runtime.clock())


def record_feedback_comment(event: dict[str, Any], client: WebClient, runtime: Any) -> None:
    """The owner's reply in a feedback prompt's DM thread is the feedback's comment."""
    with transaction(runtime.sessions) as session:
        row = feedback.comment(session, channel_id=event["channel"], ts=event["thread_ts"], user_id=event["user"],
                               text=event.get("text", ""), now=runtime.clock())
    if row is not None:
        client.reactions_add(channel=event["channel"], timestamp=event["ts"], name=ACK_REACTION)


def lenient_report(text: str) -> Report:
    """A status word at the start if there is one (else on track); the rest is what was done."""
    text = text.strip() or "(no details)"
    head, _, rest = text.partition(" ")
    status, rest = grammar.read_status(head, rest.strip())
    if status is None:
        return Report(status="on_track", done=text)
    try:
        report = grammar.parse_report(status, rest)
    except ParseError:  # the grammar is strict for /checkin; a thread reply is kept as written
        report = Report(status=status, done=rest)
    if not (report.done or report.next or report.blockers):
        report = Report(status=status, progress=report.progress, done=text)
    return report
