"""One scheduler per deployment: `tandem serve --workers 2` runs every duty once per its cadence, from the start.

A real `tandem serve` with two gunicorn workers, on SQLite (the leader holds a file lock beside
the database) and on PostgreSQL (an advisory lock on a connection of its own). Each run of a duty
logs one line (`duty <name> ran for …`), so counting the lines per duty counts the runs across
both workers; the leader says so once (`process <pid> leads`). When the leader dies, the other
worker takes over within a retry and runs every duty at once.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.emulator.server import SlackEmulator
from jobs.schedule import DUTIES
from tests.conftest import fresh_postgres_database
from tests.e2e.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.support.postgres import free_port

pytestmark = pytest.mark.timeout(600)
RAN = re.compile(r"duty (\w+) ran for ")
LEADS = re.compile(r"process (\d+) leads")
EVERY_MINUTE = {duty.name for duty in DUTIES if duty.every.total_seconds() == 60}


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def runs(self) -> Counter[str]:
        return Counter(RAN.findall(self.text()))

    def leaders(self) -> list[int]:
        return [int(pid) for pid in LEADS.findall(self.text())]

    def wait_for(self, condition: Callable[[], bool], timeout: float, what: str) -> float:
        """Seconds it took until `condition` held; fails with the log after `timeout`."""
        started = time.monotonic()
        while not condition():
            if time.monotonic() - started > timeout:
                pytest.fail(f"{what} did not happen within {timeout:.0f} s:\n{self.text()[-4000:]}")
            if self.process.poll() is not None:
                pytest.fail(f"tandem serve exited with {self.process.returncode}:\n{self.text()[-4000:]}")
            time.sleep(0.2)
        return time.monotonic() - started


@pytest.fixture(params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest, emulator: SlackEmulator, tmp_path: Path) -> Iterator[Served]:
    """`tandem serve --workers 2` with its scheduler on, healthy; stopped at the end."""
    if request.param == "sqlite":
        database_url = f"sqlite:///{tmp_path / 'tandem.db'}"
    else:
        database_url = fresh_postgres_database(request.getfixturevalue("postgres_server_url"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": emulator.api_url, "DATABASE_URL": database_url, "LOG_LEVEL": "DEBUG",  # idle runs too
                "TANDEM_DEFAULT_TIMEZONE": "UTC"})
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT)
    served = Served(process, log)
    try:
        served.wait_for(lambda: healthy(port), 60, "/healthz")
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def test_two_workers_run_each_duty_once_at_start_then_once_per_cadence(served: Served) -> None:
    # At start, not a minute later: every duty has run well before its first minute is up.
    took = served.wait_for(lambda: set(served.runs()) == {d.name for d in DUTIES}, 45, "every duty's first run")
    assert took < 45
    # One more minute: the minute duties run a second time, the coarser ones (5 and 15 min) do not.
    served.wait_for(lambda: all(served.runs()[name] >= 2 for name in EVERY_MINUTE), 120,
                    "the minute duties' second run")
    time.sleep(3)  # a second leader's runs, if there were one, would land within these seconds too
    runs = served.runs()
    assert {name: n for name, n in runs.items() if name in EVERY_MINUTE} == dict.fromkeys(EVERY_MINUTE, 2)
    assert {name: n for name, n in runs.items() if name not in EVERY_MINUTE} == \
        {d.name: 1 for d in DUTIES if d.name not in EVERY_MINUTE}
    assert len(served.leaders()) == 1


def test_when_the_leader_dies_the_other_worker_takes_over_and_runs_the_duties_at_once(served: Served) -> None:
    served.wait_for(lambda: set(served.runs()) == {d.name for d in DUTIES}, 45, "every duty's first run")
    [leader] = served.leaders()
    os.kill(leader, signal.SIGKILL)
    # The other worker (or the one gunicorn starts in the dead one's place) takes the lock within a retry.
    served.wait_for(lambda: len(served.leaders()) == 2, 30, "a second leader")
    assert served.leaders()[1] != leader
    served.wait_for(lambda: all(n >= 2 for n in served.runs().values()), 30, "the new leader's first runs")
