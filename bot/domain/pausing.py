"""Pausing an engagement: prompts and reminders stop (the sweeps read only active ones) until resumed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.db.models import Engagement
from bot.domain import engagements
from bot.domain.errors import DomainError


def toggle(session: Session, *, engagement: Engagement, by_user: str, now: datetime) -> Engagement:
    """Pause an active engagement or resume a paused one; only its owner may, and not once it ended."""
    engagements.require_owner(engagement, by_user, "pause or resume it")
    if engagement.status not in ("active", "paused"):
        raise DomainError(f"“{engagement.title}” has ended ({engagement.status}), so it can't be paused or resumed.")
    engagement.status = "paused" if engagement.status == "active" else "active"
    engagement.updated_at = now
    session.flush()
    return engagement
