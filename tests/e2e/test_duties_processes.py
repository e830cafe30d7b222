"""Exactly once, end to end: real `python -m bot jobs run-due --now` processes on one PostgreSQL database.

(a) Two worker processes step through a simulated week side by side, launched together at every
instant. (b) A worker is SIGKILLed at random moments during its sweeps, many times, and
restarted. Either way every due message is posted exactly once: counted per ledger key from the
`metadata` of the chat.postMessage calls the emulator served, and compared with the check-in
prompts and payment alerts an independent model (zoneinfo + holidays, below) says are due.

Why stepping every 3 hours is still a faithful proof of "every minute": a sweep is a pure
function of (database, instant) guarded by the ledger, so what matters is which slots fall into
which sweep. Check-in prompts are sent within a 3 h grace window, so with 3 h steps every slot
falls into exactly one step's window (start - 3 h, start] and is due at exactly one step;
owner alerts only need one step inside the owner's working day (09:00, 12:00 and 15:00 London).
Finer steps only repeat instants at which the ledger already answers "sent". The slow variants
step every 15 minutes and kill 100+ times.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.db.models import Delivery
from bot.db.session import transaction
from tests.e2e.duties_world import (
    World,
    build_world,
    expected_payment_keys,
    expected_prompt_keys,
    posted_keys,
)

# Each step starts real processes (~0.6 s each on an idle 2-core machine, far more under load).
pytestmark = pytest.mark.timeout(1800)

START = datetime(2027, 3, 10, tzinfo=UTC)  # Wednesday; the US changes clocks on Sunday the 14th
WEEK = timedelta(days=7)


@pytest.fixture
def world(postgres_server_url: str) -> Iterator[World]:
    world = build_world(postgres_server_url, START)
    yield world
    world.close()


def run_to_end(world: World, now: datetime) -> None:
    """Run one sweep to completion; its stderr is shown if it fails."""
    done = subprocess.run([sys.executable, "-m", "bot", "jobs", "run-due", "--now", now.isoformat()],
                          env=world.env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]


def instants(step: timedelta, span: timedelta = WEEK) -> list[datetime]:
    return [START + step * i for i in range(int(span / step))]


def assert_every_message_once(world: World, moments: list[datetime]) -> None:
    """Posted once per key; the ledger agrees; prompts and payment alerts are exactly the expected ones."""
    with world.runtime.sessions() as session:
        rows = session.query(Delivery).all()
    assert [row.key for row in rows if row.status == "claimed"] == []
    posted = posted_keys(world.emulator)
    assert {key: n for key, n in posted.items() if n > 1} == {}
    digests = {row.message_ts for row in rows if row.duty == "weekly_digest"}
    # Payment alerts due with the Monday digest ride in it: recorded under the digest's ts, not posted apart.
    absorbed = {row.key for row in rows if row.duty == "payment_alert" and row.message_ts in digests}
    sent = {row.key for row in rows if row.status == "sent" and row.duty not in ("daily_cap",)}
    assert set(posted) == sent - absorbed
    assert {k for k in sent if k.startswith("checkin:")} == expected_prompt_keys(world, moments)
    assert {k for k in sent if k.startswith("payment:")} == expected_payment_keys(world, moments)
    world.assert_daily_cap(rows)


def step_in_lockstep(world: World, moments: list[datetime], barrier: threading.Barrier,
                     failures: list[str]) -> None:
    """One worker: at each instant wait for the other, then both run their sweep at once."""
    try:
        for now in moments:
            barrier.wait(timeout=180)
            run_to_end(world, now)
    except Exception as error:  # noqa: BLE001 - reported by the main thread
        failures.append(repr(error))
        barrier.abort()


@pytest.mark.parametrize("step", [pytest.param(timedelta(hours=3), id="quick"),
                                  pytest.param(timedelta(minutes=15), id="every-15-min", marks=pytest.mark.slow)])
def test_two_worker_processes_step_through_a_week_and_post_everything_once(world, step):
    moments = instants(step)
    barrier, failures = threading.Barrier(2), []
    workers = [threading.Thread(target=step_in_lockstep, args=(world, moments, barrier, failures)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    assert_every_message_once(world, moments)
    world.assert_every_duty_ran()


def kill_at_random(world: World, now: datetime, kills: int, rng: random.Random) -> int:
    """Start and SIGKILL a worker `kills` times at `now`; returns how many kills left a key mid-delivery.

    Every other kill waits for one to three message lines and kills within 5 ms, inside the burst
    of deliveries, where the ledger's claim -> post -> record steps can be cut apart; the others
    land anywhere in the run (start-up, queries, posting).
    """
    interrupted = 0
    for n in range(kills):
        before = world.ledger_state()
        process = subprocess.Popen([sys.executable, "-m", "bot", "jobs", "run-due", "--now", now.isoformat()],
                                   env=world.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        if n % 2 == 1:
            time.sleep(rng.uniform(0.2, world.sweep_seconds))
        else:
            for _ in range(rng.randint(1, 3)):  # each line: a message posted and recorded...
                process.stdout.readline()  # type: ignore[union-attr]
            time.sleep(rng.uniform(0, 0.005))  # ...and the next delivery (~6 ms) is under way
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()  # type: ignore[union-attr]
        interrupted += world.ledger_state() != before and world.claimed() > 0
    # The dead attempts' leases run out (we move their clock back instead of waiting two minutes).
    with transaction(world.runtime.sessions) as session:
        session.execute(update(Delivery).where(Delivery.status == "claimed")
                        .values(claimed_at=datetime(2000, 1, 1, tzinfo=UTC)))
    run_to_end(world, now)
    return interrupted


MONDAY = START + timedelta(days=5)
# Monday: Manila prompts (01:00, 02:00 UTC); 09:00 London brings the digest with payment alerts,
# the Berlin prompt and the owner's feedback, thanks and review DMs (a burst of ~20 messages,
# so most kills go there); New York's prompt and Manila's follow-ups at 14:00.
QUICK_PLAN = [(MONDAY + timedelta(hours=1), 2), (MONDAY + timedelta(hours=2), 2), (MONDAY + timedelta(hours=9), 8),
              (MONDAY + timedelta(hours=14), 3)]
# The whole week at 3 h steps plus the busy instants, twice each: 118 kills.
LONG_PLAN = [(now, 2) for now in sorted({*instants(timedelta(hours=3)), *(m for m, _ in QUICK_PLAN)})]


@pytest.mark.parametrize("plan", [pytest.param(QUICK_PLAN, id="quick-15-kills"),
                                  pytest.param(LONG_PLAN, id="long-100-plus-kills", marks=pytest.mark.slow)])
def test_sigkill_at_random_moments_then_restart_posts_every_message_once(world, plan):
    moments = [now for now, _ in plan]
    world.sweep_seconds = world.measure_sweep(moments[0] - timedelta(hours=12))
    rng = random.Random(20270315)
    interrupted = sum(kill_at_random(world, now, kills, rng) for now, kills in plan)
    assert_every_message_once(world, [moments[0] - timedelta(hours=12), *moments])
    print(f"{interrupted} of {sum(k for _, k in plan)} kills left a key claimed mid-delivery")
    assert interrupted >= 1, "no kill landed during a delivery: the test proved nothing"
