"""Remember accepted request signatures, so a captured request cannot be replayed.

Bolt refuses timestamps older than five minutes but accepts the same signed request again
within them. Every gunicorn worker must see what the others accepted, so the memory lives in
the database: rows of processed_events under a "sig:" key (no table of its own, no migration).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import ProcessedEvent
from bot.db.session import AUTOCOMMIT

PREFIX = "sig:"
# Bolt accepts timestamps up to five minutes old; twice that leaves room for clock skew.
KEEP = timedelta(minutes=10)


def key_for(signature: str) -> str:
    """The stored key of a signature ("v0=<hex>"): fits processed_events.event_id (64 chars)."""
    digest = signature.split("=", 1)[-1]
    return PREFIX + digest[:60]


_REMEMBER = insert(ProcessedEvent)


def remember(sessions: sessionmaker[Session], *, signature: str, team_id: str, now: datetime) -> bool:
    """True the first time a signature is seen; a replay gets False.

    Every request pays for this before its listener runs, so it is one Core INSERT that commits
    by itself on the sessions' engine: no Session, no unit of work, no BEGIN and COMMIT round trips.
    """
    row = {"event_id": key_for(signature), "team_id": team_id[:32], "received_at": now}
    try:
        with sessions.kw["bind"].connect().execution_options(**AUTOCOMMIT) as connection:
            connection.execute(_REMEMBER, row)
        return True
    except IntegrityError:
        return False


def prune(sessions: sessionmaker[Session], *, now: datetime) -> int:
    """Forget signatures too old to be accepted anyway; returns how many rows went."""
    session = sessions()
    try:
        with session.begin():
            result = session.execute(
                delete(ProcessedEvent).where(ProcessedEvent.event_id.startswith(PREFIX),
                                             ProcessedEvent.received_at < now - KEEP)
            )
        return result.rowcount or 0
    finally:
        session.close()
