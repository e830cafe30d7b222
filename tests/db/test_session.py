"""Sessions: `reading` runs outside a transaction and leaves pooled connections as it found them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from bot.db import migrate
from bot.db.models import ProcessedEvent
from bot.db.session import make_engine, make_session_factory, ping, reading, transaction

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def autocommits(session: Session) -> bool:
    """Whether the driver's connection commits each statement by itself (psycopg, or sqlite3's legacy flag)."""
    raw = session.connection().connection.dbapi_connection
    return getattr(raw, "autocommit", False) is True or getattr(raw, "isolation_level", "") is None


def test_reading_sees_commits_and_the_pool_stays_transactional(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    sessions = make_session_factory(engine)
    try:
        with reading(sessions) as session:
            assert autocommits(session)
            assert session.scalar(select(func.count()).select_from(ProcessedEvent)) == 0
            with transaction(sessions) as writer:  # another connection commits meanwhile
                writer.add(ProcessedEvent(event_id="e1", team_id="T", received_at=NOW))
            assert session.scalar(select(func.count()).select_from(ProcessedEvent)) == 1
        ping(engine)
        with pytest.raises(RuntimeError), transaction(sessions) as session:  # rolled back: nothing stays
            assert not autocommits(session)
            session.add(ProcessedEvent(event_id="e2", team_id="T", received_at=NOW))
            session.flush()
            raise RuntimeError("changed my mind")
        with reading(sessions) as session:
            assert session.scalars(select(ProcessedEvent.event_id)).all() == ["e1"]
    finally:
        engine.dispose()


def test_reading_keeps_psycopg_prepared_statements(postgres_server_url: str) -> None:
    """psycopg drops every prepared statement on ROLLBACK; a read path must not roll back."""
    from tests.conftest import fresh_postgres_database

    url = fresh_postgres_database(postgres_server_url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    statement = text("SELECT count(*) FROM pg_prepared_statements")
    try:
        for _ in range(8):  # past psycopg's prepare threshold (5)
            with reading(sessions) as session:
                prepared = session.scalar(statement)
        assert prepared and prepared >= 1
        with sessions() as session:  # a plain session rolls back when closed...
            session.scalar(statement)
        with reading(sessions) as session:  # ...and the next read finds nothing prepared any more
            assert session.scalar(statement) == 0
    finally:
        engine.dispose()
