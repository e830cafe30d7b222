"""Sessions: `reading` runs outside a transaction and leaves pooled connections as it found them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from bot.db import migrate
from bot.db.models import ProcessedEvent
from bot.db.session import make_engine, make_session_factory, normalise_url, ping, reading, transaction

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


def end_pooled_connections(url: str) -> None:
    """End every other backend of the database, as a server restart or a proxy's idle timeout would."""
    admin = create_engine(normalise_url(url), poolclass=NullPool)
    try:
        with admin.connect() as connection:
            ended = connection.scalar(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        assert ended and ended >= 1
    finally:
        admin.dispose()


def backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT pg_backend_pid()"))  # type: ignore[return-value]


def test_a_connection_idle_past_the_limit_is_pinged_and_replaced_when_dead(postgres_server_url: str) -> None:
    from tests.conftest import fresh_postgres_database

    url = fresh_postgres_database(postgres_server_url)
    engine = make_engine(url, ping_after=0.0)  # every returned connection counts as idle
    try:
        first = backend_pid(engine)
        end_pooled_connections(url)
        assert backend_pid(engine) != first  # the ping found it dead; no statement of ours failed
    finally:
        engine.dispose()


def test_a_connection_used_moments_ago_is_not_pinged_and_the_pool_recovers_after_one_failure(
        postgres_server_url: str) -> None:
    """The trade for not pinging busy connections: after a restart, one statement fails, then all reconnect."""
    from tests.conftest import fresh_postgres_database

    url = fresh_postgres_database(postgres_server_url)
    engine = make_engine(url, ping_after=3600.0)
    try:
        with engine.connect() as one, engine.connect() as two:  # two pooled connections
            first = {one.scalar(text("SELECT pg_backend_pid()")), two.scalar(text("SELECT pg_backend_pid()"))}
        end_pooled_connections(url)
        with pytest.raises(DBAPIError) as failed, engine.connect() as connection:
            connection.execute(text("SELECT 1"))  # not pinged: the dead connection is used as it is
        assert failed.value.connection_invalidated
        with engine.connect() as one, engine.connect() as two:  # the whole pool was replaced
            again = {one.scalar(text("SELECT pg_backend_pid()")), two.scalar(text("SELECT pg_backend_pid()"))}
        assert not again & first
    finally:
        engine.dispose()
