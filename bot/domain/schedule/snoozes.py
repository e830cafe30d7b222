"""Snoozing a check-in prompt: two hours later (inside the contractor's working hours) it comes back."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.filters import any_of
from bot.db.models import Delivery, Engagement
from bot.domain.delivery import ledger, ledger_keys
from bot.domain.engagement import engagements
from bot.domain.errors import NotAllowed
from bot.domain.schedule import work_hours

DUTY = "checkin_snooze"
NUDGE_DUTY = "checkin_snoozed"
SNOOZE = timedelta(hours=2)


def key_for(engagement_id: int, local_date: date) -> str:
    """`snooze:<engagement>:<slot date>`: one snooze per prompt; snoozing again moves it."""
    return ledger_keys.slot(ledger_keys.SNOOZE, engagement_id, local_date)


def snooze(session: Session, *, engagement: Engagement, user_id: str, local_date: date, channel_id: str,
           prompt_ts: str, now: datetime) -> datetime:
    """Schedule the prompt's nudge two working hours from now; returns when it will come."""
    if engagements.role_of(engagement, user_id) != "contractor":
        raise NotAllowed(f"Only <@{engagement.contractor.person.user_id}> can snooze their check-in.")
    until = work_hours.next_working_instant(engagement.contractor.person, now + SNOOZE)
    key = key_for(engagement.id, local_date)
    ledger.schedule(session, key=key, duty=DUTY, team_id=engagement.team_id, channel_id=channel_id,
                    due_at=until, now=now, message_ts=prompt_ts)
    return until


def due(session: Session, now: datetime, lookback: timedelta = timedelta(days=1)) -> list[Delivery]:
    """Snoozes whose time has come (recent ones only: a snooze from last week is moot)."""
    return ledger.scheduled_due(session, duty=DUTY, now=now, lookback=lookback)


def ends(session: Session, slots: list[tuple[int, date]]) -> dict[tuple[int, date], datetime]:
    """When each snoozed prompt's snooze ends, by (engagement, slot date), in one query.

    Follow-ups count their SLA from here: a snooze is the contractor asking for time, and a
    reminder landing the minute the snooze ends would punish them for it.
    """
    keys = {key_for(engagement_id, day): (engagement_id, day) for engagement_id, day in slots}
    if not keys:
        return {}
    rows = session.execute(select(Delivery.key, Delivery.due_at).where(Delivery.duty == DUTY,
                                                                     any_of(session, Delivery.key, keys)))
    return {keys[key]: due_at for key, due_at in rows}
