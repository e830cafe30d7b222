"""Extend / End on the owner's DM when an engagement's deadline passed undecided."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.models import Engagement
from bot.domain import engagements, worktime
from bot.domain.errors import DomainError, NotFound
from bot.slack.blocks.trials import build_trial_modal
from bot.slack.listeners.actions.review_buttons import update_clicked
from bot.slack.listeners.common import require_team, runtime_of, team_of
from bot.usecases import engagement_life
from bot.usecases.engagement_life import Where


def handle_extend(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                  context: dict[str, Any]) -> None:
    """Ask the new deadline in the same form as a trial's Continue (owner only)."""
    ack()
    runtime = runtime_of(context)
    with runtime.sessions() as session:
        engagement = _engagement(session, body, action)
        engagements.require_owner(engagement, body["user"]["id"], "extend it")
        if engagement.status not in engagements.OPEN_STATUSES:
            raise DomainError(f"“{engagement.title}” has already ended; `/engagement reopen` in its channel "
                              "brings it back within 14 days.")
        today = worktime.local_today(runtime.clock(), engagement.owner.tz)
        view = build_trial_modal(engagement, keep_trial=False, today=today,
                                 message=((body.get("channel") or {}).get("id"), (body.get("message") or {}).get("ts")))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_end(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
               context: dict[str, Any]) -> None:
    """End it as `/engagement end` does; the DM becomes the outcome."""
    ack()
    runtime = runtime_of(context)
    reply = engagement_life.end(runtime, client, Where(team_of(body), "", body["user"]["id"]),
                                engagement_id=int(action.get("value") or 0))
    update_clicked(client, body, reply)


def _engagement(session: Any, body: dict[str, Any], action: dict[str, Any]) -> Engagement:
    engagement = session.get(Engagement, int(action.get("value") or 0))
    if engagement is None:
        raise NotFound("This engagement no longer exists.")
    require_team(engagement, body)
    return engagement
