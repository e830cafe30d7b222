"""The "Snooze 2 h" button on owner prompts (feedback, thank-you nudges) in the owner's DM."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.db.session import transaction
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.roster import people
from bot.domain.schedule import prompt_snoozes, worktime
from bot.slack.listeners.common import runtime_of, team_of


def handle_snooze_prompt(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond,
                         context: dict[str, Any]) -> None:
    """Only the prompt's recipient snoozes it: the click must come from their own DM with the app."""
    ack()
    runtime = runtime_of(context)
    message = body.get("message") or {}
    channel_id = (body.get("channel") or {}).get("id") or ""
    user_id, team_id = body["user"]["id"], team_of(body)
    if client.conversations_open(users=user_id)["channel"]["id"] != channel_id:
        raise NotAllowed("Only the person this prompt was sent to can snooze it.")
    with transaction(runtime.sessions) as session:
        person = people.get(session, team_id=team_id, user_id=user_id)
        if person is None:
            raise NotFound("I don't know your working hours yet.")
        until = prompt_snoozes.snooze(session, person=person, channel_id=channel_id,
                                      prompt_ts=message.get("thread_ts") or message.get("ts") or "",
                                      now=runtime.clock())
        when = worktime.format_local(until, person.tz, with_day=True)
    respond(text=f":zzz: Snoozed. I'll bring it back at {when}.", response_type="ephemeral", replace_original=False)
