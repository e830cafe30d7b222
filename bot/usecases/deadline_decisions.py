"""Decisions at a deadline (the trial review DM, the DM sent when a deadline passed undecided): the form
asking the new deadline, and carrying on with it. Ending is engagement_life.end, as for /engagement end."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.db.session import transaction
from bot.domain.engagement import engagements, trials
from bot.domain.errors import DomainError
from bot.domain.schedule import worktime
from bot.runtime import Runtime
from bot.slack.blocks.trials import build_trial_decided, build_trial_modal
from bot.usecases.records import engagement_in

Payload = dict[str, Any]


def new_deadline_form(runtime: Runtime, team_id: str, user_id: str, engagement_ref: str, *, keep_trial: bool,
                      message: tuple[str | None, str | None]) -> Payload:
    """Continue or extend: the form asking the new deadline (owner only); `message` is the DM to update after."""
    with runtime.sessions() as session:
        engagement = engagement_in(session, engagement_ref, team_id)
        engagements.require_owner(engagement, user_id, "decide about it")
        today = worktime.local_today(runtime.clock(), engagement.owner.tz)
        return build_trial_modal(engagement, keep_trial=keep_trial, today=today, message=message)


def carry_on(runtime: Runtime, team_id: str, user_id: str, engagement_ref: object, raw_deadline: str | None, *,
             keep_trial: bool) -> Payload:
    """Save the new deadline (as a regular engagement, or still a trial); returns the decision to show.

    A refusal (no date, a date in the past, not the owner) raises before anything is saved.
    """
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = engagement_in(session, engagement_ref, team_id)
        try:  # a date picker's value; anything else was not typed in Slack's picker
            deadline = date.fromisoformat(raw_deadline or "")
        except ValueError:
            raise DomainError("Pick the new deadline.") from None
        trials.carry_on(session, engagement=engagement, by_user=user_id, deadline=deadline,
                        keep_trial=keep_trial, today=worktime.local_today(now, engagement.owner.tz), now=now)
        return build_trial_decided(engagement, "extend" if keep_trial else "continue")
