"""Snoozed owner prompts coming back: a short nudge in the prompt's DM thread."""

from __future__ import annotations

from collections.abc import Iterator

from bot.db.models import Delivery
from bot.domain.delivery import ledger_keys
from bot.domain.schedule import prompt_snoozes
from bot.slack.blocks.common import message, mrkdwn
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Nudge every snoozed prompt whose snooze ended (in a thread, never a new top-level message)."""
    with ctx.runtime.sessions() as session:
        items = unsent(session, [nudge(row) for row in prompt_snoozes.due(session, ctx.now)])
    yield from send_all(ctx, items)


def nudge(snooze: Delivery) -> Outgoing:
    """Keyed by the snooze's end, so snoozing again nudges again."""
    text = ":alarm_clock: Back from snooze: this is still waiting for you."
    return Outgoing(
        key=ledger_keys.snooze_dm_nudge(snooze.key, snooze.due_at), duty=prompt_snoozes.NUDGE_DUTY,
        team_id=snooze.team_id,
        channel=snooze.channel_id or "", thread_ts=snooze.message_ts, due_at=snooze.due_at,
        payload=message(text, [mrkdwn(text)]), summary="snoozed prompt nudge",
    )
