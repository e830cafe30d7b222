"""Home tab buttons: an engagement's scorecard in a modal, pause/resume, and paging."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.models import Engagement
from bot.db.session import transaction
from bot.domain.engagement import engagements, lifecycle
from bot.domain.errors import DomainError, NotFound
from bot.domain.reports import scorecards
from bot.domain.reports.scorecard_rows import owned
from bot.slack import metadata
from bot.slack.blocks.scorecards import build_scorecard_modal
from bot.slack.listeners.common import require_team, runtime_of, team_of
from bot.slack.listeners.events.home import publish

PERIOD_DAYS, PERIOD_LABEL = 90, "last 90 days"


def handle_home_scorecard(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                          context: dict[str, Any]) -> None:
    """Open the engagement's scorecard in a modal: the Home tab has no channel to answer in."""
    ack()
    runtime, user_id = runtime_of(context), body["user"]["id"]
    now = runtime.clock()
    since = scorecards.since_for(PERIOD_DAYS, now)
    with runtime.sessions() as session:
        engagement = session.get(Engagement, int(action.get("value") or 0))
        if engagement is None:
            raise NotFound("This engagement no longer exists.")
        require_team(engagement, body)
        engagements.require_owner(engagement, user_id, "see its scorecard")
        found = owned(session, team_id=engagement.team_id, owner_user_id=user_id, engagement_id=engagement.id)
        facts = scorecards.load(session, engagements=found, since=since, now=now)
        view = build_scorecard_modal(scorecards.cards(facts, since=since, now=now), engagement.title, PERIOD_LABEL)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_home_pause(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                      context: dict[str, Any]) -> None:
    """Pause or resume an engagement (owner only), then republish the same page of the Home tab."""
    ack()
    runtime, user_id = runtime_of(context), body["user"]["id"]
    with transaction(runtime.sessions) as session:
        engagement = session.get(Engagement, int(action.get("value") or 0))
        if engagement is None:
            raise NotFound("This engagement no longer exists.")
        require_team(engagement, body)
        lifecycle.set_paused(session, engagement=engagement, by_user=user_id,
                             paused=engagement.status == "active", now=runtime.clock())
        team_id = engagement.team_id
    publish(runtime, client, team_id, user_id, offset=current_offset(body))


def handle_home_page(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                     context: dict[str, Any]) -> None:
    """Show another page of the owner's engagements."""
    ack()
    team_id = team_of(body)
    publish(runtime_of(context), client, team_id, body["user"]["id"], offset=int(action.get("value") or 0))


def current_offset(body: dict[str, Any]) -> int:
    """The page the Home view was showing, kept in its private_metadata."""
    try:
        return int(metadata.open((body.get("view") or {}).get("private_metadata")).get("offset", 0))
    except (DomainError, ValueError, TypeError):
        return 0
