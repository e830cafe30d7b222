"""Remember which Events API deliveries were handled, so Slack's retries count once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import ProcessedEvent
from bot.slack.seen_signatures import PREFIX as SIGNATURE_PREFIX

# Slack retries a delivery three times within minutes (immediately, after 1 and after 5) and
# stops retrying for good after an hour; a day of claims outlasts any retry with room to spare.
KEEP = timedelta(days=1)


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


def prune(sessions: sessionmaker[Session], *, now: datetime) -> int:
    """Forget event claims older than any retry Slack still sends; returns how many rows went.

    The request signatures sharing the table ("sig:" keys) are seen_signatures.prune's to forget.
    """
    session = sessions()
    try:
        with session.begin():
            result = session.execute(
                delete(ProcessedEvent).where(
                    ~ProcessedEvent.event_id.startswith(SIGNATURE_PREFIX),
                    ProcessedEvent.received_at < now - KEEP,
                )
            )
        return result.rowcount or 0
    finally:
        session.close()
