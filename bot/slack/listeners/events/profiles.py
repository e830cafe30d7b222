"""user_change: follow a known person's Slack zone (and the holiday country it implies), and their name."""

from __future__ import annotations

import logging
from typing import Any

from bot.domain.roster import people
from bot.slack.listeners.common import runtime_of, team_of
from bot.text.errors import ParseError
from bot.text.schedule import parse_timezone
from bot.usecases import profiles

logger = logging.getLogger(__name__)


def handle_user_change(body: dict[str, Any], event: dict[str, Any], context: dict[str, Any]) -> None:
    """Update someone Tandem already stores; strangers, apps and zones set by hand are left alone."""
    user = event.get("user")
    if not isinstance(user, dict) or user.get("is_bot") or not user.get("id"):
        return
    team_id = team_of(body)
    profile = user.get("profile") or {}
    name = profile.get("real_name") or user.get("real_name") or ""
    try:
        tz = parse_timezone(user["tz"]) if user.get("tz") else ""
    except ParseError:
        logger.warning("user_change for %s carries a zone we can't read: %r", user["id"], user.get("tz"))
        tz = ""
    profiles.follow(runtime_of(context), team_id, people.Profile(user_id=user["id"], name=name, tz=tz))
