"""Engines, sessions and the one transaction helper; callers own the transaction, domain code never commits."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}


def normalise_url(url: str) -> str:
    """Pick the psycopg 3 driver for plain postgres URLs, as hosting providers hand them out."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# A pooled connection that was in use this long ago is pinged before it is handed out again.
PING_AFTER_IDLE = 10.0  # seconds


def make_engine(url: str, *, ping_after: float = PING_AFTER_IDLE) -> Engine:
    """Create an engine tuned for the database behind `url` (`ping_after`: see `ping_after_idle`).

    `hide_parameters`: a failed statement's message (logged by the error handler) carries its
    parameters, which are amounts, references and what people typed; the log keeps the SQL only.
    """
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_size=20, max_overflow=10, hide_parameters=True)
    ping_after_idle(engine, ping_after)
    return engine


def ping_after_idle(engine: Engine, idle: float) -> None:
    """Ping a pooled connection on checkout only when it has sat unused for `idle` seconds.

    `pool_pre_ping` pings on every checkout: a round trip and ~0.25 ms of CPU, twice per command
    (the replay guard's insert, then the listener's read), about a sixth of a command's cost. A
    connection returned moments ago is alive unless the server restarted in between, and then the
    first statement on it fails as a disconnect, SQLAlchemy invalidates the whole pool, and the
    request answers "try again" as during any outage; the next ones reconnect. Connections that
    sat idle (quiet hours, where servers and proxies drop them) are still pinged first, and a
    failed ping replaces every pooled connection (SQLAlchemy's own pre-ping does the same).
    """
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < idle:
            return  # new, or in use moments ago
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise exc.InvalidatePoolError(f"pooled connection failed its ping: {error}") from error


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # WAL lets the scheduler write while the web workers read; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (handlers build replies from them)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Run a block in one transaction: commit on success, roll back on any error, always close."""
    session = factory()
    try:
        with session.begin():
            yield session
    finally:
        session.close()


@contextmanager
def reading(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for reads only, outside any transaction: each statement sees what is committed.

    Cheaper than a session that rolls back when closed: no BEGIN and ROLLBACK round trips, and
    psycopg keeps its prepared statements (it drops them all on every ROLLBACK, so a read path
    that rolls back has PostgreSQL plan its queries afresh each time). Never write in one: each
    statement would commit on its own.
    """
    session = factory()
    try:
        session.connection(execution_options=AUTOCOMMIT)
        yield session
    finally:
        session.close()


@contextmanager
def one_connection(engine: Engine) -> Iterator[Session]:
    """A session kept on one connection for a run of short transactions, each `with session.begin():`.

    Checking a connection out of the pool (and pinging it) for each costs more than a transaction of
    one or two statements when a loop runs hundreds of them.
    """
    with engine.connect() as connection:
        session = Session(bind=connection, expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()


def ping(engine: Engine) -> None:
    """Raise if the database does not answer a trivial query (outside a transaction, as `reading`)."""
    with engine.connect().execution_options(**AUTOCOMMIT) as connection:
        connection.execute(text("SELECT 1"))
