"""Decisions at a deadline: Continue / Extend / End on the trial review DM, Extend / End on the DM sent when
an engagement's deadline passed undecided. Extending asks the new deadline in a form; ending ends it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.db.models import Engagement
from bot.domain.engagement import engagements
from bot.domain.errors import NotFound
from bot.domain.schedule import worktime
from bot.slack import ids
from bot.slack.blocks.trials import build_trial_modal
from bot.slack.listeners.actions.review_buttons import update_clicked
from bot.slack.listeners.common import require_team, runtime_of, team_of
from bot.usecases import engagement_life
from bot.usecases.engagement_life import Where


def engagement_of(session: Session, action: dict[str, Any], body: dict[str, Any]) -> Engagement:
    """The engagement a button carries, in the clicker's workspace."""
    engagement = session.get(Engagement, int(action.get("value") or 0))
    if engagement is None:
        raise NotFound("This engagement no longer exists.")
    require_team(engagement, body)
    return engagement


def handle_new_deadline(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                        context: dict[str, Any]) -> None:
    """Continue or extend: both ask the new deadline in a form (owner only)."""
    ack()
    runtime = runtime_of(context)
    with runtime.sessions() as session:
        engagement = engagement_of(session, action, body)
        engagements.require_owner(engagement, body["user"]["id"], "decide about it")
        today = worktime.local_today(runtime.clock(), engagement.owner.tz)
        view = build_trial_modal(engagement, keep_trial=action["action_id"] == ids.TRIAL_EXTEND, today=today,
                                 message=((body.get("channel") or {}).get("id"), (body.get("message") or {}).get("ts")))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_end(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
               context: dict[str, Any]) -> None:
    """End it as `/engagement end` does (closing note, closing review); the DM becomes the outcome."""
    ack()
    runtime = runtime_of(context)
    where = Where(team_of(body), "", body["user"]["id"])
    reply = engagement_life.end(runtime, client, where, engagement_id=int(action.get("value") or 0))
    update_clicked(client, body, reply)
