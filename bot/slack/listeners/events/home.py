"""The Home tab: publish the dashboard whenever someone opens it."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.slack.listeners.common import known_today, runtime_of, team_of
from bot.usecases import home


def handle_app_home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient,
                           context: dict[str, Any]) -> None:
    """Publish the opener's Home view; the Messages tab opens this event too and is left alone."""
    if event.get("tab") != "home":
        return
    runtime, team_id, user_id = runtime_of(context), team_of(body), event["user"]
    home.publish(runtime, client, team_id, user_id, known_today(runtime, team_id, user_id))
