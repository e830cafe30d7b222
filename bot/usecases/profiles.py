"""Following a known person's Slack profile (zone, the holiday country it implies, name)."""

from __future__ import annotations

import logging

from bot.db.session import transaction
from bot.domain.roster import people
from bot.runtime import Runtime

logger = logging.getLogger(__name__)


def follow(runtime: Runtime, team_id: str, profile: people.Profile) -> None:
    """Update someone Tandem already stores; strangers and zones set by hand are left alone (people.follow_slack)."""
    with transaction(runtime.sessions) as session:
        person = people.follow_slack(session, team_id=team_id, profile=profile, now=runtime.clock())
        if person is not None:
            logger.info("followed the Slack profile of %s: zone %s, country %s", person.user_id, person.tz,
                        person.country)
