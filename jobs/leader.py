"""One scheduler per deployment: the process that holds the leadership runs the duties; the others wait.

`tandem serve` starts a `Leadership` in every gunicorn worker (or its one Socket Mode process). Each
tries to become leader; the one that does starts the scheduler, the rest try again every few
seconds. The leadership is a lock the operating system or the database drops when its holder dies,
so another worker takes over within one retry, without a lease to expire:

- PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) held on a connection of the
  leader's own, outside the pool. The leader checks that connection every retry; when it is lost
  (the server restarted, the network cut), so is the lock, and the leader stops its scheduler.
- SQLite: an exclusive `flock` on a file beside the database; the database lives on this host, and
  so do all the processes that can open it.

`tandem jobs run` workers need no leadership: the ledger sends each message once, and on PostgreSQL
they split the deliveries by workspace (jobs.share). A leader and such workers may run together.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine

logger = logging.getLogger(__name__)

# The advisory lock's key: two int4s no other part of Tandem uses ("Tandem", "scheduler").
LOCK_KEY = (0x54616E64, 0x53636864)
RETRY_SECONDS = 5.0  # how often a follower tries to take over, and how often the leader checks its lock


class Lock(Protocol):
    """Something at most one process holds at a time, dropped when its holder dies."""

    def acquire(self) -> bool:
        """Take the lock if it is free; never waits."""
        ...

    def held(self) -> bool:
        """Whether this process still holds the lock (it may have been lost with its connection)."""
        ...

    def release(self) -> None:
        """Give the lock up (no-op when not held)."""
        ...


class AdvisoryLock:
    """PostgreSQL: a session-level advisory lock on a connection held by this object alone."""

    def __init__(self, engine: Engine, key: tuple[int, int] = LOCK_KEY) -> None:
        self.engine, self.key = engine, key
        self._connection: Any = None

    def acquire(self) -> bool:
        self.release()
        # A connection of its own, outside the pool: the pool must never hand the locked session to
        # a request, nor recycle it under the leader.
        connection = self._connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", self.key)
                won = bool(cursor.fetchone()[0])
        except Exception:
            logger.exception("could not ask PostgreSQL for the scheduler's lock")
            connection.close()
            return False
        if not won:
            connection.close()
            return False
        self._connection = connection
        return True

    def _connect(self) -> Any:
        """A DBAPI connection with the engine's settings, in autocommit (no transaction holds the session)."""
        args, kwargs = self.engine.dialect.create_connect_args(self.engine.url)
        connection = self.engine.dialect.connect(*args, **kwargs)
        connection.autocommit = True
        return connection

    def held(self) -> bool:
        if self._connection is None:
            return False
        try:
            with self._connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception:
            logger.warning("lost the connection that held the scheduler's lock")
            self._drop()
            return False
        return True

    def release(self) -> None:
        if self._connection is not None:
            try:
                with self._connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", self.key)
            except Exception:  # noqa: BLE001 - closing the connection drops the lock anyway
                logger.debug("unlock failed; closing the connection drops the lock", exc_info=True)
            self._drop()

    def _drop(self) -> None:
        try:
            self._connection.close()
        except Exception:  # noqa: BLE001 - already gone
            pass
        self._connection = None


class FileLock:
    """SQLite (or a database that lives on this host): an exclusive flock on a file beside it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class Always:
    """A database no other process can open (SQLite in memory): this process leads."""

    def acquire(self) -> bool:
        return True

    def held(self) -> bool:
        return True

    def release(self) -> None:
        pass


def lock_for(engine: Engine) -> Lock:
    """The leadership lock that fits the database."""
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine)
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:" and not database.startswith("file:"):
        return FileLock(Path(f"{database}.scheduler.lock"))
    return Always()


class Leadership:
    """Runs `start()` while this process leads and `stop()` when it no longer does, until `close()`."""

    def __init__(self, lock: Lock, start: Callable[[], None], stop: Callable[[], None], *,
                 retry: float = RETRY_SECONDS) -> None:
        self.lock, self._start, self._stop, self.retry = lock, start, stop, retry
        self.leading = False
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scheduler-leadership", daemon=True)

    def begin(self) -> Leadership:
        """Start trying (in a daemon thread); returns self."""
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._closed.is_set():
            try:
                self._step()
            except Exception:
                logger.exception("scheduler leadership check failed; trying again in %.0f s", self.retry)
            self._closed.wait(self.retry)

    def _step(self) -> None:
        if self.leading:
            if not self.lock.held():
                self.leading = False
                logger.warning("process %d lost the scheduler's lock: its duties stop here", os.getpid())
                self._stop()
            return
        if self.lock.acquire():
            self.leading = True
            logger.info("process %d leads: the scheduled duties run here", os.getpid())
            self._start()

    def close(self) -> None:
        """Stop trying; a leader stops its scheduler and gives the lock up."""
        self._closed.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=self.retry + 5)
        if self.leading:
            self.leading = False
            self._stop()
        self.lock.release()
