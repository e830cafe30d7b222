"""/availability: anyone sees and sets their OWN zone, working hours, holiday country and time off.

Answered only to the speaker. Someone Tandem has not stored yet is read from Slack (users.info)
first, so that reply comes after the ack; everyone else is answered in the ack.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.domain.roster import people
from bot.domain.schedule import worktime
from bot.slack.blocks.availability import build_availability_help
from bot.slack.grammar import availability as grammar
from bot.slack.listeners.common import fetch_profile, runtime_of
from bot.slack.payloads import Command
from bot.usecases import availability


def handle_availability(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                        context: dict[str, Any]) -> None:
    """Parse first in the speaker's own zone (a mistake changes nothing), then show or change their availability."""
    runtime, asked = runtime_of(context), Command.of(command)
    team_id, user_id = asked.team_id, asked.user_id
    known = availability.known_zone(runtime, team_id, user_id)
    if known is not None:
        today = worktime.local_today(runtime.clock(), known)
        parsed = grammar.parse(asked.text, today=today)
        ack(**(build_availability_help(today) if parsed.action == "help"
               else availability.apply(runtime, team_id, people.Profile(user_id, "", known), parsed)))
        return
    ack()  # a newcomer: their zone comes from Slack, so the answer follows the ack
    profile = fetch_profile(client, user_id, runtime.settings.default_timezone)
    today = worktime.local_today(runtime.clock(), profile.tz)
    parsed = grammar.parse(asked.text, today=today)
    reply = (build_availability_help(today) if parsed.action == "help"
             else availability.apply(runtime, team_id, profile, parsed))
    respond(**reply, response_type="ephemeral")
