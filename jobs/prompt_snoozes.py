"""Snoozed owner prompts coming back: a short nudge in the prompt's DM thread."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from slack_sdk import WebClient

from bot.db.models import Delivery
from bot.domain.schedule import prompt_snoozes
from bot.runtime import Runtime
from bot.slack.blocks.common import message, mrkdwn
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(runtime: Runtime, client: WebClient, now: datetime, dry_run: bool) -> Iterator[str]:
    """Nudge every snoozed prompt whose snooze ended (in a thread, never a new top-level message)."""
    with runtime.sessions() as session:
        items = unsent(session, [nudge(row) for row in prompt_snoozes.due(session, now)])
    yield from send_all(runtime, client, items, dry_run)


def nudge(snooze: Delivery) -> Outgoing:
    """Keyed by the snooze's end, so snoozing again nudges again."""
    text = ":alarm_clock: Back from snooze: this is still waiting for you."
    return Outgoing(
        key=f"{snooze.key}:{snooze.due_at:%Y%m%dT%H%M}", duty=prompt_snoozes.NUDGE_DUTY, team_id=snooze.team_id,
        channel=snooze.channel_id or "", thread_ts=snooze.message_ts, due_at=snooze.due_at,
        payload=message(text, [mrkdwn(text)]), summary="snoozed prompt nudge",
    )
