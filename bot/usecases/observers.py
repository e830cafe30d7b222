"""Observers of an engagement: add, remove and list them, in the engagement's channel."""

from __future__ import annotations

from typing import Any

from bot.db.session import transaction
from bot.domain.engagement import engagements, observers
from bot.domain.roster import people
from bot.runtime import Runtime
from bot.slack.blocks.observers import build_observer_added, build_observer_list, build_observer_removed

Payload = dict[str, Any]


def add(runtime: Runtime, team_id: str, user_id: str, channel_id: str, profile: people.Profile) -> Payload:
    """Store the observer on first sight and add them to this channel's engagement."""
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        person = people.ensure(session, team_id=team_id, profile=profile, now=now)
        added = observers.add(session, engagement=engagement, person=person, by_user=user_id, now=now)
        return build_observer_added(engagement, person.user_id, added)


def remove(runtime: Runtime, team_id: str, user_id: str, channel_id: str, observer_id: str) -> Payload:
    """Remove an observer from this channel's engagement."""
    with transaction(runtime.sessions) as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        observers.remove(session, engagement=engagement, user_id=observer_id, by_user=user_id, now=runtime.clock())
        return build_observer_removed(engagement, observer_id)


def listing(runtime: Runtime, team_id: str, user_id: str, channel_id: str) -> Payload:
    """Who observes this channel's engagement (its owner only)."""
    with transaction(runtime.sessions) as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        engagements.require_owner(engagement, user_id, "list its observers")
        return build_observer_list(engagement, observers.list_for(session, [engagement.id]).get(engagement.id, []))
