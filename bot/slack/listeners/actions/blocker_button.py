"""The Resolved button on a blocker alert: the owner or the contractor clears the blocker and the alerts stop."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.models import Checkin
from bot.db.session import transaction
from bot.domain.checkin import blockers
from bot.domain.engagement import engagements
from bot.domain.errors import NotAllowed, NotFound
from bot.slack.blocks.blockers import build_blocker_resolved
from bot.slack.listeners.common import runtime_of


def handle_resolve_blocker(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                           context: dict[str, Any]) -> None:
    """Clear the alert's blocker (and its word-for-word repeats since); anyone else is politely refused."""
    ack()
    runtime = runtime_of(context)
    user_id = body["user"]["id"]
    with transaction(runtime.sessions) as session:
        checkin = session.get(Checkin, int(action.get("value") or 0))
        if checkin is None:
            raise NotFound("This check-in no longer exists.")
        engagement = checkin.engagement
        if engagements.role_of(engagement, user_id) is None:
            raise NotAllowed(f"Sorry, only <@{engagement.owner.user_id}> (the owner) or "
                             f"<@{engagement.contractor.person.user_id}> (the contractor) can mark this blocker "
                             "resolved. Nothing was changed.")
        blockers.clear(session, engagement=engagement, by_user=user_id, now=runtime.clock(),
                       checkin_ids=blockers.same_blocker(session, checkin))
        # Already cleared (pressed twice, or an on-track check-in came first): say who did.
        reply = build_blocker_resolved(engagement, checkin, checkin.blocker_resolved_by or user_id)
    channel_id, ts = (body.get("channel") or {}).get("id"), (body.get("message") or {}).get("ts")
    if channel_id and ts:
        client.chat_update(channel=channel_id, ts=ts, **reply)
