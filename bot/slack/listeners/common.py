"""Small helpers every listener shares: the runtime, the speaker's profile, their local date."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.domain import people, worktime
from bot.domain.errors import NotFound
from bot.runtime import Runtime

logger = logging.getLogger(__name__)
Row = TypeVar("Row")

SLACKBOT = "USLACKBOT"  # Slack's own bot: users.info does not call it a bot
PERSON_EXAMPLE = "@maria (type @ and pick the person from Slack's list)"


def runtime_of(context: dict[str, Any]) -> Runtime:
    """The runtime the app's middleware put into the Bolt context."""
    return context["runtime"]


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
            raise NotFound(f"I can't find the Slack user <@{user_id}>.") from None
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
