"""Thanks: recognition given in a channel, recorded for the scorecard and the thank-you nudges."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Thanks
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError

EXAMPLE = "/thanks @maria for shipping the homepage"
REASON_LIMIT = 1000
# The same thanks, from the same person to the same person, this soon again is the same click twice.
REPEAT_WITHIN = timedelta(minutes=10)
# A Slack user id, as a mention or the form's person picker gives it: the post writes it as <@…>.
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,30}")


def names_a_person(to_user: str) -> bool:
    """Whether `to_user` is a Slack user id (anything else, from an edited form, could close the mention)."""
    return _USER_ID.fullmatch(to_user) is not None


def check(*, from_user: str, to_user: str, reason: str, app_user: str | None = None) -> str:
    """The reason, trimmed, once it is worth posting: someone else (not this app, `app_user`), and what for."""
    if not names_a_person(to_user):
        raise DomainError("Choose the person you want to thank.", EXAMPLE)
    if from_user == to_user:
        raise DomainError(
            "Thanking yourself is lovely, but thanks are for someone else's good work. "
            "Mention the person you want to thank.", EXAMPLE,
        )
    if app_user is not None and to_user == app_user:
        raise DomainError(
            "That's kind of you, but I'm only the app: thanks are for the people doing the work. "
            "Mention the person you want to thank.", EXAMPLE,
        )
    reason = reason.strip()
    if not reason or reason.lower() == "for":
        raise DomainError("Say what you are thanking them for.", EXAMPLE)
    if len(reason) > REASON_LIMIT:
        raise DomainError(f"Keep the thanks under {REASON_LIMIT} characters.", EXAMPLE)
    return reason


def record(
    session: Session, *, team_id: str, channel_id: str, from_user: str, to_user: str, reason: str,
    engagement: Engagement | None, now: datetime,
) -> Thanks:
    """Record a thanks (the caller posts it and sets message_ts); refuses self-thanks and empty reasons."""
    reason = check(from_user=from_user, to_user=to_user, reason=reason)
    row = Thanks(
        team_id=team_id, engagement_id=engagement.id if engagement else None, from_user=from_user,
        to_user=to_user, reason=reason, channel_id=channel_id, created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def just_given(session: Session, *, engagement: Engagement, from_user: str, to_user: str, reason: str,
               now: datetime) -> bool:
    """Whether this very thanks was given on the engagement moments ago (a button pressed twice).

    Locks the engagement first, so two presses at once are answered one after the other and the second
    sees the first's thanks.
    """
    engagements.lock(session, engagement.id)
    return session.scalar(
        select(Thanks.id).where(Thanks.engagement_id == engagement.id, Thanks.from_user == from_user,
                                Thanks.to_user == to_user, Thanks.reason == reason,
                                Thanks.created_at >= now - REPEAT_WITHIN).limit(1)) is not None
