"""The onboarding checklist: tick an item (the kickoff brief in the channel follows), or stop its reminders."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.db.models import Onboarding
from bot.db.session import transaction
from bot.domain.engagement import onboarding
from bot.runtime import Runtime
from bot.slack.blocks.kickoff import build_kickoff_brief
from bot.slack.blocks.onboarding import build_onboarding_dismissed, build_onboarding_reminder
from bot.usecases.records import require_team, stored

Payload = dict[str, Any]
GONE = "This onboarding checklist no longer exists."


def _checklist(session: Session, ref: str, team_id: str) -> Onboarding:
    """The checklist a button carries, in the clicker's workspace."""
    checklist = stored(session, Onboarding, ref, "onboarding checklist")
    require_team(checklist.engagement, team_id, GONE)
    return checklist


def tick(runtime: Runtime, client: WebClient, team_id: str, user_id: str, ref: str, item: str,
         clicked: tuple[str, str]) -> Payload | None:
    """Toggle an item and update the brief in the channel; returns the reminder's new face when the click
    came from a reminder (None when it came from the brief itself, already updated)."""
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        checklist = _checklist(session, ref, team_id)
        onboarding.tick(session, checklist=checklist, item=item, by_user=user_id, now=now)
        engagement = checklist.engagement
        brief, reminder = build_kickoff_brief(engagement, now, checklist), build_onboarding_reminder(checklist)
        channel_id, brief_ts = engagement.channel_id, engagement.brief_ts
    if brief_ts:
        client.chat_update(channel=channel_id, ts=brief_ts, **brief)
    return None if clicked == (channel_id, brief_ts) else reminder


def dismiss(runtime: Runtime, team_id: str, user_id: str, ref: str) -> Payload:
    """The owner stops the reminders; the checklist stays in the brief. Returns the reminder's new face."""
    with transaction(runtime.sessions) as session:
        checklist = _checklist(session, ref, team_id)
        onboarding.dismiss(session, checklist=checklist, by_user=user_id, now=runtime.clock())
        return build_onboarding_dismissed(checklist)
