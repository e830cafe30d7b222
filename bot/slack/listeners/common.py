"""Small helpers every listener shares: the runtime, the speaker's profile, their local date."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.db.models import Engagement
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.roster import people
from bot.domain.schedule import worktime
from bot.runtime import Runtime
from bot.slack.workspace import workspace_of

logger = logging.getLogger(__name__)
Row = TypeVar("Row")

SLACKBOT = "USLACKBOT"  # Slack's own bot: users.info does not call it a bot
PERSON_EXAMPLE = "@maria (type @ and pick the person from Slack's list)"


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
    if not engagement.team_id or engagement.team_id != team_of(body):
        logger.warning("refused %s from team %r on a record of another workspace", body.get("type"), team_of(body))
        raise NotFound(gone)


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


def fetch_profile(client: WebClient, user_id: str, default_tz: str, *, in_form: bool = False) -> people.Profile:
    """Name and IANA zone from users.info; the workspace default when Slack has no zone.

    Only people can own, do, observe or be assigned work: an app (Tandem itself included) or a
    deactivated account is refused here, before anything is stored about them. `in_form`: the
    refusal is shown under a form's user picker, as plain text (a mention would show as <@U…>).
    """
    who, pick = ("This account", "choose") if in_form else (f"<@{user_id}>", "mention")
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as error:
        if error.response.get("error") == "user_not_found":
            raise NotFound(f"I couldn't find <@{user_id}> in this workspace.", example=PERSON_EXAMPLE) from None
        raise
    if user.get("is_bot") or user_id == SLACKBOT:
        raise NotFound(f"{who} is an app, not a person: {pick} the person you work with.", example=PERSON_EXAMPLE)
    if user.get("deleted"):
        raise NotFound(f"{who} is deactivated in this workspace: {pick} someone with an active account.",
                       example=PERSON_EXAMPLE)
    profile = user.get("profile") or {}
    name = profile.get("real_name") or user.get("real_name") or user.get("name") or user_id
    return people.Profile(user_id=user_id, name=name, tz=user.get("tz") or default_tz)


def stored(session: Session, model: type[Row], ref: object, what: str) -> Row:
    """The record a button or a form's private_metadata refers to, or a friendly "no longer exists".

    Such a reference can outlive its record (a post that went out before a crash rolled the record
    back, a kickoff undone after Slack refused its brief): say so instead of failing.
    """
    try:
        found = session.get(model, int(str(ref or 0)))
    except ValueError:
        found = None
    if found is None:
        raise NotFound(f"This {what} no longer exists.")
    return found


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
