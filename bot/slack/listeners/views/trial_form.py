"""The new-deadline form of a trial review: continue as a regular engagement, or extend the trial."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.models import Engagement
from bot.db.session import transaction
from bot.domain.engagement import trials
from bot.domain.errors import DomainError
from bot.domain.schedule import worktime
from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.blocks.trials import build_trial_decided
from bot.slack.listeners.common import require_team, runtime_of, stored


def handle_trial_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                            context: dict[str, Any]) -> None:
    """Save the new deadline (a refusal shows on the field), then turn the review DM into the decision."""
    runtime = runtime_of(context)
    meta = metadata.open(view.get("private_metadata"))
    raw = values(view).get(ids.DEADLINE)
    now = runtime.clock()
    try:
        with transaction(runtime.sessions) as session:
            engagement = stored(session, Engagement, meta.get("engagement_id"), "engagement")
            require_team(engagement, body)
            if not raw:
                raise DomainError("Pick the new deadline.")
            trials.carry_on(session, engagement=engagement, by_user=body["user"]["id"],
                            deadline=date.fromisoformat(raw),
                            keep_trial=bool(meta.get("keep_trial")),
                            today=worktime.local_today(now, engagement.owner.tz), now=now)
            reply = build_trial_decided(engagement, "extend" if meta.get("keep_trial") else "continue")
    except DomainError as error:
        ack(response_action="errors", errors={ids.DEADLINE: error.message[:150]})
        return
    ack()
    channel_id, ts = meta.get("message") or (None, None)
    if channel_id and ts:
        client.chat_update(channel=channel_id, ts=ts, **reply)
    else:
        client.chat_postMessage(channel=body["user"]["id"], **reply)
