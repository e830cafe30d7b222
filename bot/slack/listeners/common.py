"""Small helpers every listener shares: the runtime, the speaker's profile, their local date."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.db.models import Engagement
from bot.domain.errors import NotAllowed
from bot.domain.roster import people
from bot.domain.schedule import worktime
from bot.runtime import Runtime
from bot.slack.profiles import fetch_profile as fetch_profile  # re-exported: listeners look it up here
from bot.slack.workspace import workspace_of
from bot.usecases import records
from bot.usecases.records import stored as stored  # re-exported: listeners look it up here

logger = logging.getLogger(__name__)


def runtime_of(context: dict[str, Any]) -> Runtime:
    """The runtime the app's middleware put into the Bolt context."""
    return context["runtime"]


def team_of(body: dict[str, Any]) -> str:
    """The installed workspace a request belongs to, as Bolt reads it (see bot/slack/workspace.py).

    Not `team.id`: from the other side of a Slack Connect channel that is the person's own
    organisation, and the engagement lives in the workspace that installed Tandem.
    """
    return workspace_of(body)


def require_team(engagement: Engagement, body: dict[str, Any], gone: str = "This engagement no longer exists.") -> None:
    """Refuse a record of another workspace as if it did not exist (ids are guessable; workspaces are apart)."""
    records.require_team(engagement, team_of(body), gone)


def require_member(client: WebClient, channel_id: str, user_id: str) -> None:
    """Refuse a channel the person is not in (conversations.members, every page)."""
    cursor = None
    while True:
        page = client.conversations_members(channel=channel_id, cursor=cursor, limit=1000)
        if user_id in (page.get("members") or []):
            return
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            raise NotAllowed("You are not a member of that channel: start the engagement from a channel you are in.")


def known_today(runtime: Runtime, team_id: str, user_id: str) -> date:
    """Today for the speaker without calling Slack (their stored zone, else the workspace default)."""
    with runtime.sessions() as session:
        known = people.get(session, team_id=team_id, user_id=user_id)
        tz = known.tz if known is not None else runtime.settings.default_timezone
    return worktime.local_today(runtime.clock(), tz)


def speaker_today(client: WebClient, runtime: Runtime, team_id: str, user_id: str) -> tuple[people.Profile, date]:
    """The speaker's profile and today's date in their own zone (relative dates resolve there)."""
    with runtime.sessions() as session:
        known = people.get(session, team_id=team_id, user_id=user_id)
        if known is not None:
            profile = people.Profile(user_id=user_id, name=known.name, tz=known.tz)
            return profile, worktime.local_today(runtime.clock(), known.tz)
    profile = fetch_profile(client, user_id, runtime.settings.default_timezone)
    return profile, worktime.local_today(runtime.clock(), profile.tz)


def is_workspace_admin(client: WebClient, team_id: str, user_id: str) -> bool:
    """Whether Slack says the person is an admin or owner of this workspace (users.info).

    A Slack Connect guest's flags describe their own workspace, not ours: only members of this
    team (and not guests) count.
    """
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError:
        logger.warning("users.info failed for %s; treating them as not an admin", user_id)
        return False
    if user.get("team_id") not in (None, team_id) or user.get("is_restricted") or user.get("deleted"):
        return False
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def update_clicked(client: WebClient, body: dict[str, Any], payload: dict[str, Any]) -> tuple[str | None, str | None]:
    """Replace the message whose button was clicked; returns its (channel, ts)."""
    channel_id, ts = (body.get("channel") or {}).get("id"), (body.get("message") or {}).get("ts")
    if channel_id and ts:
        client.chat_update(channel=channel_id, ts=ts, **payload)
    return channel_id, ts
