"""The "Snooze 2 h" button on owner prompts (feedback, thank-you nudges) in the owner's DM."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from bot.db.session import transaction
from bot.domain import people, prompt_snoozes, worktime
from bot.domain.errors import NotFound
from bot.slack.listeners.common import runtime_of


def handle_snooze_prompt(ack: Ack, body: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
    """The prompt sits in the clicker's own DM, so whoever clicks is its recipient."""
    ack()
    runtime = runtime_of(context)
    message = body.get("message") or {}
    channel_id = (body.get("channel") or {}).get("id") or ""
    with transaction(runtime.sessions) as session:
        person = people.get(session, team_id=(body.get("team") or {}).get("id", ""), user_id=body["user"]["id"])
        if person is None:
            raise NotFound("I don't know your working hours yet.")
        until = prompt_snoozes.snooze(session, person=person, channel_id=channel_id,
                                      prompt_ts=message.get("thread_ts") or message.get("ts") or "",
                                      now=runtime.clock())
        when = worktime.format_local(until, person.tz, with_day=True)
    respond(text=f":zzz: Snoozed. I'll bring it back at {when}.", response_type="ephemeral", replace_original=False)
