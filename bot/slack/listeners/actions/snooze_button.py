"""The "Snooze 2 h" button on check-in prompts: the prompt comes back later, inside working hours."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Click
from bot.usecases import checkins


def handle_snooze(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                  context: dict[str, Any]) -> None:
    """Only the contractor snoozes; the answer is ephemeral so the channel is not disturbed."""
    ack()
    click = Click.of(body, action)
    # The button sits on the prompt or on a reply in its thread; the nudge goes to the prompt's thread.
    when = checkins.snooze(runtime_of(context), click.team_id, click.user_id, click.value, click.channel_id,
                           click.thread_ts)
    respond(text=f":zzz: Snoozed. I'll remind you at {when}.", response_type="ephemeral", replace_original=False)
