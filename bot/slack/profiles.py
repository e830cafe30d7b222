"""Who a Slack user is, read from users.info: only people (no apps, no deactivated accounts) are kept.

Listeners and use cases both need it (an assignee, an owner, an observer), so it lives beside the
client rather than in a listener module.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.errors import NotFound
from bot.domain.roster import people

SLACKBOT = "USLACKBOT"  # Slack's own bot: users.info does not call it a bot
PERSON_EXAMPLE = "@maria (type @ and pick the person from Slack's list)"


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


