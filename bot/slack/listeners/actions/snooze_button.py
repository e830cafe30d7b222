"""The "Snooze 2 h" button on check-in prompts: the prompt comes back later, inside working hours."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack, Respond

from bot.db.models import Engagement
from bot.db.session import transaction
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.schedule import snoozes, worktime
from bot.slack.listeners.common import require_team, runtime_of


def handle_snooze(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                  context: dict[str, Any]) -> None:
    """Only the contractor snoozes; the answer is ephemeral so the channel is not disturbed."""
    ack()
    runtime = runtime_of(context)
    engagement_id, _, day = (action.get("value") or "").partition(":")
    message = body.get("message") or {}
    # The button sits on the prompt or on a reply in its thread; the nudge goes to the prompt's thread.
    prompt_ts = message.get("thread_ts") or message.get("ts") or ""
    channel_id = (body.get("channel") or {}).get("id") or ""
    with transaction(runtime.sessions) as session:
        engagement = session.get(Engagement, int(engagement_id or 0))
        if engagement is None:
            raise NotFound("This engagement no longer exists.")
        require_team(engagement, body)
        if channel_id != engagement.channel_id:
            # The nudge is posted where the click came from: only the engagement's own channel will do.
            raise NotAllowed("This check-in prompt belongs to another channel.")
        until = snoozes.snooze(session, engagement=engagement, user_id=body["user"]["id"],
                               local_date=date.fromisoformat(day), channel_id=channel_id,
                               prompt_ts=prompt_ts, now=runtime.clock())
        when = worktime.format_local(until, engagement.contractor.person.tz, with_day=True)
    respond(text=f":zzz: Snoozed. I'll remind you at {when}.", response_type="ephemeral", replace_original=False)
