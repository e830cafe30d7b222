"""Message events: a contractor's reply in a check-in prompt's thread is their check-in, or a note on it."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.slack.listeners.common import runtime_of
from bot.usecases import thread_replies
from bot.usecases.thread_replies import Reply

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
    reply = Reply(channel_id=event.get("channel", ""), user_id=event["user"], thread_ts=event["thread_ts"],
                  ts=event["ts"], text=event.get("text", ""))
    if _in_dm(event, reply.channel_id):
        thread_replies.record_feedback_comment(runtime, client, reply)
        return
    thread_replies.record(runtime, client, reply)


def handle_edit(event: dict[str, Any], context: dict[str, Any]) -> None:
    """An edited thread reply: the check-in or feedback comment read from it now says what it says."""
    message, before = event.get("message") or {}, event.get("previous_message") or {}
    channel, user, thread_ts = event.get("channel", ""), message.get("user"), message.get("thread_ts")
    if message.get("bot_id") or not (user and thread_ts and message.get("ts")) or thread_ts == message["ts"]:
        return
    edited = Reply(channel_id=channel, user_id=user, thread_ts=thread_ts, ts=message["ts"],
                   text=message.get("text", ""))
    thread_replies.amend(runtime_of(context), edited, before.get("text", ""), in_dm=_in_dm(event, channel))


def _in_dm(event: dict[str, Any], channel_id: str) -> bool:
    """A direct message with Tandem (its channel ids start with D)."""
    return event.get("channel_type") == "im" or channel_id.startswith("D")
