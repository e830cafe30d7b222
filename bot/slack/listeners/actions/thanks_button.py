"""The "Send thanks" button on a thank-you nudge: the owner's thanks is posted in the engagement channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.models import Engagement, Thanks
from bot.db.session import transaction
from bot.domain.engagement import engagements
from bot.domain.errors import NotFound
from bot.domain.recognition import thanks
from bot.slack.blocks.thank_nudges import build_thanks_done, thanks_reason
from bot.slack.blocks.thanks import build_thanks_post
from bot.slack.listeners.common import require_team, runtime_of


def handle_send_thanks(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                       context: dict[str, Any]) -> None:
    """Record the thanks, post it in the channel, and turn the nudge into a confirmation."""
    ack()
    runtime = runtime_of(context)
    engagement_id, _, reason = (action.get("value") or "0:silence").partition(":")
    user_id = body["user"]["id"]
    with transaction(runtime.sessions) as session:
        engagement = session.get(Engagement, int(engagement_id or 0))
        if engagement is None:
            raise NotFound("This engagement no longer exists.")
        require_team(engagement, body)
        engagements.require_owner(engagement, user_id, "send this thanks")
        contractor = engagement.contractor.person.user_id
        row = thanks.record(session, team_id=engagement.team_id, channel_id=engagement.channel_id,
                            from_user=user_id, to_user=contractor, reason=thanks_reason(engagement, reason),
                            engagement=engagement, now=runtime.clock())
        post, done = build_thanks_post(user_id, contractor, row.reason), build_thanks_done(engagement)
        thanks_id = row.id
    response = client.chat_postMessage(channel=engagement.channel_id, **post)
    with transaction(runtime.sessions) as session:
        session.get_one(Thanks, thanks_id).message_ts = response["ts"]
    channel_id, ts = (body.get("channel") or {}).get("id"), (body.get("message") or {}).get("ts")
    if channel_id and ts:
        client.chat_update(channel=channel_id, ts=ts, **done)
