"""Remember which Events API deliveries were handled, so Slack's retries count once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import ProcessedEvent


def claim(sessions: sessionmaker[Session], *, event_id: str, team_id: str, now: datetime) -> bool:
    """True the first time an event id is seen; a retry of a handled event gets False."""
    session = sessions()
    try:
        with session.begin():
            session.add(ProcessedEvent(event_id=event_id, team_id=team_id, received_at=now))
        return True
    except IntegrityError:
        return False
    finally:
        session.close()


def release(sessions: sessionmaker[Session], *, event_id: str) -> None:
    """Forget a claim whose handling failed, so Slack's retry gets another chance."""
    session = sessions()
    try:
        with session.begin():
            session.execute(delete(ProcessedEvent).where(ProcessedEvent.event_id == event_id))
    finally:
        session.close()
