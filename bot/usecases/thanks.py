"""Thanks: recognition posted in the engagement's channel for everyone to see, recorded for the scorecard."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.db.models import Thanks
from bot.db.session import transaction
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError, NotFound
from bot.domain.recognition import thank_nudges, thanks
from bot.runtime import Runtime
from bot.slack.blocks.thank_nudges import build_thanks_done, thanks_reason
from bot.slack.blocks.thanks import build_thanks_post, build_thanks_sent
from bot.slack.client import CANNOT_POST
from bot.usecases.records import engagement_in

Payload = dict[str, Any]


def send(runtime: Runtime, client: WebClient, team_id: str, user_id: str, channel_id: str, to_user: str,
         reason: str) -> Payload:
    """/thanks and its form: record and post in one transaction, so if Slack refuses nothing is recorded."""
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id)
        row = thanks.record(session, team_id=team_id, channel_id=channel_id, from_user=user_id,
                            to_user=to_user, reason=reason, engagement=engagement, now=now)
        row.message_ts = _post(client, channel_id, build_thanks_post(user_id, row.to_user, row.reason))
        return build_thanks_sent(row.to_user)


def _post(client: WebClient, channel_id: str, payload: Payload) -> str:
    """Post the thanks; a channel the bot cannot post in becomes a friendly error (and a rollback)."""
    try:
        return str(client.chat_postMessage(channel=channel_id, **payload)["ts"])
    except SlackApiError as error:
        if error.response.get("error") in CANNOT_POST:
            raise DomainError(
                "I can't post in this channel. Invite me first with `/invite @Tandem`, "
                "then send your thanks again."
            ) from None
        raise


def send_nudged(runtime: Runtime, client: WebClient, team_id: str, user_id: str, value: str) -> Payload:
    """The owner's "Send thanks" on a nudge (value `<engagement id>:<reason>`): commit, post, note the post.

    Returns what the nudge becomes.
    """
    engagement_id, _, reason = (value or "0:silence").partition(":")
    if reason not in thank_nudges.REASONS:  # edited: no nudge of ours
        raise NotFound("This thank-you nudge is no longer known.")
    with transaction(runtime.sessions) as session:
        engagement = engagement_in(session, engagement_id, team_id)
        engagements.require_owner(engagement, user_id, "send this thanks")
        contractor, now = engagement.contractor.person.user_id, runtime.clock()
        said = thanks_reason(engagement, reason)
        if thanks.just_given(session, engagement=engagement, from_user=user_id, to_user=contractor, reason=said,
                             now=now):
            return build_thanks_done(engagement)  # pressed twice: the first press posted it
        row = thanks.record(session, team_id=engagement.team_id, channel_id=engagement.channel_id,
                            from_user=user_id, to_user=contractor, reason=said, engagement=engagement, now=now)
        post, done = build_thanks_post(user_id, contractor, row.reason), build_thanks_done(engagement)
        thanks_id, channel_id = row.id, engagement.channel_id
    response = client.chat_postMessage(channel=channel_id, **post)
    with transaction(runtime.sessions) as session:
        session.get_one(Thanks, thanks_id).message_ts = response["ts"]
    return done
