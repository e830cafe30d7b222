"""A person's own availability: their zone, working hours, holiday country and time off."""

from __future__ import annotations

from typing import Any

from bot.db.session import transaction
from bot.domain.roster import availability, people
from bot.domain.schedule import worktime
from bot.runtime import Runtime
from bot.slack.blocks.availability import build_availability
from bot.slack.grammar import availability as grammar

Payload = dict[str, Any]


def known_zone(runtime: Runtime, team_id: str, user_id: str) -> str | None:
    """The zone Tandem stores for the person, or None for someone it has not met."""
    with runtime.sessions() as session:
        return people.zone_of(session, team_id=team_id, user_id=user_id)


def apply(runtime: Runtime, team_id: str, profile: people.Profile, parsed: grammar.AvailabilityCommand) -> Payload:
    """Store the speaker on first sight, make the change (set, away, or none for show), and show the result."""
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
