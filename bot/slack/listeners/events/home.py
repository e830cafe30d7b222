"""The Home tab: publish the dashboard whenever someone opens it."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.domain.reports import dashboards
from bot.runtime import Runtime
from bot.slack.blocks.home import build_home
from bot.slack.listeners.common import known_today, runtime_of, team_of


def handle_app_home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient,
                           context: dict[str, Any]) -> None:
    """Publish the opener's Home view; the Messages tab opens this event too and is left alone."""
    if event.get("tab") != "home":
        return
    publish(runtime_of(context), client, team_of(body), event["user"])


def publish(runtime: Runtime, client: WebClient, team_id: str, user_id: str, offset: int = 0) -> None:
    """Read the person's dashboards and views.publish them (also after a Home button changed something)."""
    now = runtime.clock()
    with runtime.sessions() as session:
        owner = dashboards.for_owner(session, team_id=team_id, user_id=user_id, now=now)
        contractor = dashboards.for_contractor(session, team_id=team_id, user_id=user_id)
        view = build_home(owner, contractor, now=now, offset=offset, today=known_today(runtime, team_id, user_id))
    client.views_publish(user_id=user_id, view=view)
