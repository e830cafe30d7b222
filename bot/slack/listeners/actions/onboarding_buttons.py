"""Ticking the onboarding checklist (in the kickoff brief or a reminder) and dismissing its reminders."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.db.models import Onboarding
from bot.db.session import transaction
from bot.domain.engagement import onboarding
from bot.domain.errors import NotFound
from bot.slack import ids
from bot.slack.blocks.kickoff import build_kickoff_brief
from bot.slack.blocks.onboarding import build_onboarding_dismissed, build_onboarding_reminder
from bot.slack.listeners.actions.review_buttons import update_clicked
from bot.slack.listeners.common import require_team, runtime_of


def checklist_of(session: Session, action: dict[str, Any], body: dict[str, Any]) -> Onboarding:
    """The checklist a button carries, in the clicker's workspace."""
    checklist = session.get(Onboarding, int(action.get("value") or 0))
    if checklist is None:
        raise NotFound("This onboarding checklist no longer exists.")
    require_team(checklist.engagement, body, "This onboarding checklist no longer exists.")
    return checklist


def handle_tick(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                context: dict[str, Any]) -> None:
    """Toggle an item; the brief in the channel is updated, and the reminder too when clicked there."""
    ack()
    runtime = runtime_of(context)
    item = action["action_id"].removeprefix(f"{ids.TICK_ONBOARDING}_")
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        checklist = checklist_of(session, action, body)
        onboarding.tick(session, checklist=checklist, item=item, by_user=body["user"]["id"], now=now)
        engagement = checklist.engagement
        brief, reminder = build_kickoff_brief(engagement, now, checklist), build_onboarding_reminder(checklist)
        where = engagement.channel_id, engagement.brief_ts
    clicked = ((body.get("channel") or {}).get("id"), (body.get("message") or {}).get("ts"))
    if where[1]:
        client.chat_update(channel=where[0], ts=where[1], **brief)
    if clicked != where:
        update_clicked(client, body, reminder)


def handle_dismiss(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                   context: dict[str, Any]) -> None:
    """The owner stops the reminders; the checklist stays in the brief."""
    ack()
    runtime = runtime_of(context)
    with transaction(runtime.sessions) as session:
        checklist = checklist_of(session, action, body)
        onboarding.dismiss(session, checklist=checklist, by_user=body["user"]["id"], now=runtime.clock())
        reply = build_onboarding_dismissed(checklist)
    update_clicked(client, body, reply)
