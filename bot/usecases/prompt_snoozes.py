"""Snoozing an owner prompt (feedback, thank-you nudge) for two hours, by the person it was sent to."""

from __future__ import annotations

from bot.db.session import transaction
from bot.domain.errors import NotFound
from bot.domain.roster import people
from bot.domain.schedule import prompt_snoozes, worktime
from bot.runtime import Runtime


def snooze(runtime: Runtime, team_id: str, user_id: str, channel_id: str, prompt_ts: str) -> str:
    """Hold the prompt back; returns when it comes back, in the person's own words and zone."""
    with transaction(runtime.sessions) as session:
        person = people.get(session, team_id=team_id, user_id=user_id)
        if person is None:
            raise NotFound("I don't know your working hours yet.")
        until = prompt_snoozes.snooze(session, person=person, channel_id=channel_id, prompt_ts=prompt_ts,
                                      now=runtime.clock())
        return worktime.format_local(until, person.tz, with_day=True)
