"""Snoozing an owner's prompt (feedback, thanks nudge): it comes back in its thread two working hours later."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Delivery, Person
from bot.domain.delivery import ledger, ledger_keys
from bot.domain.errors import NotFound
from bot.domain.schedule import work_hours

DUTY = "prompt_snooze"
NUDGE_DUTY = "prompt_snoozed"
SNOOZE = timedelta(hours=2)


def snooze(session: Session, *, person: Person, channel_id: str, prompt_ts: str, now: datetime) -> datetime:
    """Schedule the nudge for a prompt the person received; snoozing again moves it."""
    prompt = session.scalar(select(Delivery).where(Delivery.channel_id == channel_id, Delivery.message_ts == prompt_ts))
    if prompt is None:
        raise NotFound("This message can no longer be snoozed.")
    until = work_hours.next_working_instant(person, now + SNOOZE)
    key = ledger_keys.snooze_dm(prompt.key)
    ledger.schedule(session, key=key, duty=DUTY, team_id=prompt.team_id, channel_id=channel_id, due_at=until,
                    now=now, message_ts=prompt_ts)
    return until


def due(session: Session, now: datetime, lookback: timedelta = timedelta(days=1)) -> list[Delivery]:
    """Snoozes whose time has come (recent ones only)."""
    return ledger.scheduled_due(session, duty=DUTY, now=now, lookback=lookback)
