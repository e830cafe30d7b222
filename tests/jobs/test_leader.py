"""The scheduler's leadership: one holder at a time, taken over when the holder dies or loses its lock."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.db.session import make_engine
from jobs.leader import AdvisoryLock, FileLock, Leadership, lock_for
from tests.conftest import fresh_postgres_database

# A process that takes the lock, says so, and holds it until killed.
HOLDER = """
import sys, time
from bot.db.session import make_engine
from jobs.leader import lock_for
lock = lock_for(make_engine(sys.argv[1]))
assert lock.acquire()
print("held", flush=True)
time.sleep(600)
"""


def hold_in_another_process(database_url: str) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, database_url], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


def wait_until(condition: Callable[[], bool], timeout: float = 15) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "timed out"
        time.sleep(0.05)
    return time.monotonic() - started


class Recorder:
    def __init__(self) -> None:
        self.events: list[str] = []
        self.lock = threading.Lock()

    def start(self) -> None:
        self.events.append("start")

    def stop(self) -> None:
        self.events.append("stop")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tandem.db'}"
    return fresh_postgres_database(request.getfixturevalue("postgres_server_url"))


def test_the_lock_fits_the_database(database_url: str) -> None:
    engine = make_engine(database_url)
    expected = AdvisoryLock if engine.dialect.name == "postgresql" else FileLock
    assert isinstance(lock_for(engine), expected)
    engine.dispose()


def test_a_follower_takes_over_when_the_leader_process_is_killed(database_url: str) -> None:
    holder = hold_in_another_process(database_url)
    engine = make_engine(database_url)
    recorder = Recorder()
    leadership = Leadership(lock_for(engine), recorder.start, recorder.stop, retry=0.1).begin()
    try:
        time.sleep(0.6)  # several tries while the other process holds the lock
        assert recorder.events == [] and not leadership.leading
        holder.kill()
        holder.wait()
        took = wait_until(lambda: recorder.events == ["start"])
        assert leadership.leading and took < 5
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]  # a pipe, see hold_in_another_process
        leadership.close()
        engine.dispose()
    assert recorder.events == ["start", "stop"]


def test_two_leaderships_in_one_database_elect_exactly_one(database_url: str) -> None:
    engines = [make_engine(database_url) for _ in range(2)]
    recorders = [Recorder() for _ in engines]
    leaderships = [Leadership(lock_for(e), r.start, r.stop, retry=0.05).begin() for e, r in zip(engines, recorders,
                                                                                                   strict=True)]
    try:
        wait_until(lambda: any(ship.leading for ship in leaderships))
        time.sleep(0.5)
        assert sorted(len(r.events) for r in recorders) == [0, 1]
        leader = next(i for i, ship in enumerate(leaderships) if ship.leading)
        leaderships[leader].close()  # stepping down hands over at the other's next try
        wait_until(lambda: leaderships[1 - leader].leading)
    finally:
        for ship in leaderships:
            ship.close()
        for engine in engines:
            engine.dispose()


def test_a_leader_whose_postgresql_session_is_cut_stops_its_duties_and_a_new_session_leads(
        postgres_server_url: str) -> None:
    url = fresh_postgres_database(postgres_server_url)
    engine = make_engine(url)
    recorder = Recorder()
    lock = AdvisoryLock(engine)
    leadership = Leadership(lock, recorder.start, recorder.stop, retry=0.1).begin()
    try:
        wait_until(lambda: recorder.events == ["start"])
        with engine.connect() as connection:  # the server drops the leader's session (a restart, a cut)
            pid = connection.execute(text("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted")).scalar()
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            connection.commit()
        wait_until(lambda: recorder.events[:2] == ["start", "stop"])
        wait_until(lambda: recorder.events == ["start", "stop", "start"])  # the lock was free: taken again
    finally:
        leadership.close()
        engine.dispose()
