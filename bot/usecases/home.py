"""The Home tab: publish a person's dashboard, and the steps its buttons take before publishing it again."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk import WebClient

from bot.db.session import transaction
from bot.domain.engagement import engagements, lifecycle
from bot.domain.reports import dashboards, scorecards
from bot.domain.reports.scorecard_rows import owned
from bot.runtime import Runtime
from bot.slack.blocks.home import build_home
from bot.slack.blocks.scorecards import build_scorecard_modal
from bot.usecases.records import engagement_in

PERIOD_DAYS, PERIOD_LABEL = 90, "last 90 days"


def publish(runtime: Runtime, client: WebClient, team_id: str, user_id: str, today: date, offset: int = 0) -> None:
    """Read the person's dashboards and views.publish them; `today` is theirs, `offset` the page shown."""
    now = runtime.clock()
    with runtime.sessions() as session:
        owner = dashboards.for_owner(session, team_id=team_id, user_id=user_id, now=now)
        contractor = dashboards.for_contractor(session, team_id=team_id, user_id=user_id)
        view = build_home(owner, contractor, now=now, offset=offset, today=today)
    client.views_publish(user_id=user_id, view=view)


def toggle_pause(runtime: Runtime, client: WebClient, team_id: str, user_id: str, engagement_ref: str,
                 today: date, offset: int) -> None:
    """Pause an active engagement or resume a paused one (the same rule as /engagement), then republish."""
    with transaction(runtime.sessions) as session:
        engagement = engagement_in(session, engagement_ref, team_id)
        lifecycle.set_paused(session, engagement=engagement, by_user=user_id,
                             paused=engagement.status == "active", now=runtime.clock())
    publish(runtime, client, team_id, user_id, today, offset)


def scorecard(runtime: Runtime, team_id: str, user_id: str, engagement_ref: str) -> dict[str, Any]:
    """The engagement's scorecard over the last 90 days, as a modal (owner only)."""
    now = runtime.clock()
    since = scorecards.since_for(PERIOD_DAYS, now)
    with runtime.sessions() as session:
        engagement = engagement_in(session, engagement_ref, team_id)
        engagements.require_owner(engagement, user_id, "see its scorecard")
        found = owned(session, team_id=engagement.team_id, owner_user_id=user_id, engagement_id=engagement.id)
        facts = scorecards.load(session, engagements=found, since=since, now=now)
        return build_scorecard_modal(scorecards.cards(facts, since=since, now=now), engagement.title, PERIOD_LABEL)
