"""/availability: anyone sees and sets their OWN zone, working hours, holiday country and time off.

Answered only to the speaker. Someone Tandem has not stored yet is read from Slack (users.info)
first, so that reply comes after the ack; everyone else is answered in the ack.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.db.session import transaction
from bot.domain.roster import availability, people
from bot.domain.schedule import worktime
from bot.runtime import Runtime
from bot.slack.blocks.availability import build_availability, build_availability_help
from bot.slack.grammar import availability as grammar
from bot.slack.listeners.common import fetch_profile, runtime_of, team_of


def handle_availability(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                        context: dict[str, Any]) -> None:
    """Parse first in the speaker's own zone (a mistake changes nothing), then show or change their availability."""
    runtime = runtime_of(context)
    team_id, user_id, text = team_of(command), command["user_id"], command.get("text", "")
    with runtime.sessions() as session:
        known = people.zone_of(session, team_id=team_id, user_id=user_id)
    if known is not None:
        today = worktime.local_today(runtime.clock(), known)
        parsed = grammar.parse(text, today=today)
        ack(**(build_availability_help(today) if parsed.action == "help"
               else apply(runtime, team_id, people.Profile(user_id, "", known), parsed)))
        return
    ack()  # a newcomer: their zone comes from Slack, so the answer follows the ack
    profile = fetch_profile(client, user_id, runtime.settings.default_timezone)
    today = worktime.local_today(runtime.clock(), profile.tz)
    parsed = grammar.parse(text, today=today)
    reply = build_availability_help(today) if parsed.action == "help" else apply(runtime, team_id, profile, parsed)
    respond(**reply, response_type="ephemeral")


def apply(runtime: Runtime, team_id: str, profile: people.Profile, parsed: grammar.AvailabilityCommand
          ) -> dict[str, Any]:
    """Store the speaker on first sight, make the change, and show the result."""
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        person = people.get(session, team_id=team_id, user_id=profile.user_id)
        if person is None:
            person = people.ensure(session, team_id=team_id, profile=profile, now=now)
        lead = ""
        if parsed.action == "set" and parsed.pattern is not None:
            availability.apply(person, parsed.pattern, now)
            lead = ":white_check_mark: Updated."
        elif parsed.action == "away" and parsed.away is not None:
            start, end = parsed.away
            today = worktime.local_today(now, person.tz)
            availability.add_time_off(session, person=person, start=start, end=end,
                                      example=grammar.away_example(today))
            lead = f":palm_tree: Time off noted: {start:%d %b}–{end:%d %b %Y}."
        session.flush()
        return build_availability(person, now, lead=lead)
