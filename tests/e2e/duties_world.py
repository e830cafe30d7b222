"""The world of the multi-process duty tests, and an independent model of what must be sent.

The model uses zoneinfo and the `holidays` package directly, never bot.domain: if the slot or
alert arithmetic under test were wrong, the two would disagree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as wall
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import func, select

from bot.db.models import Delivery, Task
from bot.db.session import transaction
from bot.domain.schedule import noise
from bot.emulator.server import SlackEmulator
from bot.runtime import Runtime
from tests.conftest import fresh_postgres_database
from tests.jobs.conftest import OWNER, add_payment
from tests.support.duties import Clock, engagement, migrated_runtime, person

GRACE = timedelta(hours=3)  # the issue: check-in prompts within a few hours
LONDON = ZoneInfo("Europe/London")
CAPPED = ("checkin_prompt", "checkin_reminder", "deadline")


@dataclass(frozen=True)
class Spec:
    """One contractor and their engagement's cadence."""

    user: str
    tz: str
    country: str
    days: str
    at: wall
    sla_hours: int


SPECS = [
    Spec("U0MANILA1", "Asia/Manila", "PH", "14", wall(10), 4),
    Spec("U0MANILA2", "Asia/Manila", "PH", "12345", wall(9), 8),
    Spec("U0BERLIN1", "Europe/Berlin", "DE", "12345", wall(10), 4),
    Spec("U0BERLIN2", "Europe/Berlin", "DE", "25", wall(14, 30), 8),
    Spec("U0NEWYORK1", "America/New_York", "US", "135", wall(10), 4),
    Spec("U0NEWYORK2", "America/New_York", "US", "12345", wall(16), 8),
]
PAYMENTS = [(0, date(2027, 3, 12)), (2, date(2027, 3, 8)), (4, date(2027, 3, 17))]  # (spec index, due on)


@dataclass
class World:
    """The emulator, one migrated PostgreSQL database, the engagements and payments in it."""

    emulator: SlackEmulator
    runtime: Runtime
    env: dict[str, str]
    engagement_ids: list[int]
    payments: list[tuple[int, date]]
    sweep_seconds: float = 1.0

    def close(self) -> None:
        self.runtime.engine.dispose()
        self.emulator.stop()

    def measure_sweep(self, now: datetime) -> float:
        """How long one whole `run-due` takes here (start-up included): kills land inside that span."""
        began = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "bot", "jobs", "run-due", "--now", now.isoformat()],
                              env=self.env, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
        return min(max(time.monotonic() - began, 0.6), 4.0)

    def ledger_state(self) -> tuple[int, int, int]:
        with self.runtime.sessions() as session:
            rows, attempts = session.execute(select(func.count(), func.coalesce(func.sum(Delivery.attempts), 0))).one()
            sent = session.scalar(select(func.count()).where(Delivery.status == "sent"))
        return rows, attempts, sent or 0

    def claimed(self) -> int:
        with self.runtime.sessions() as session:
            return session.scalar(select(func.count()).where(Delivery.status == "claimed")) or 0

    def assert_daily_cap(self, rows: list[Delivery]) -> None:
        """Every capped message that went out spent one of its contractor-day's two cap rows."""
        caps = {row.message_ts for row in rows if row.duty == noise.DUTY}
        per_day = Counter(row.key.rsplit(":", 1)[0] for row in rows if row.duty == noise.DUTY)
        assert max(per_day.values(), default=0) <= noise.DAILY_LIMIT
        assert [r.key for r in rows if r.duty in CAPPED and r.status == "sent" and noise.ref(r.key) not in caps] == []

    def assert_every_duty_ran(self) -> None:
        with self.runtime.sessions() as session:
            keys = session.scalars(select(Delivery.key).where(Delivery.status == "sent")).all()
        prefixes = {key.split(":")[0] for key in keys}
        assert {"checkin", "reminder", "owner-alert", "payment", "deadline", "digest", "feedback",
                "thanks-nudge"} <= prefixes, prefixes


def build_world(postgres_server_url: str, start: datetime) -> World:
    """Six contractors in Manila, Berlin and New York, one London owner, three payments, one task."""
    emulator = SlackEmulator(bot_token="xoxb-test", signing_secret="s", team_id="T1").start()
    emulator.add_user(OWNER, real_name="Olivia Owner", tz="Europe/London")
    url = fresh_postgres_database(postgres_server_url)
    runtime = migrated_runtime(url, Clock(start), emulator.api_url)
    owner = person(OWNER, "Europe/London", country="GB")
    items = []
    for index, spec in enumerate(SPECS):
        emulator.add_user(spec.user, real_name=spec.user.title(), tz=spec.tz)
        emulator.add_channel(f"C0P{index}", name=f"proj-{index}", members=[OWNER, spec.user])
        items.append(engagement(person(spec.user, spec.tz, country=spec.country), owner, days=spec.days,
                                at=spec.at, sla_hours=spec.sla_hours, channel_id=f"C0P{index}",
                                start_on=date(2027, 1, 1)))
    with transaction(runtime.sessions) as session:
        for item in items:
            item.id = None  # type: ignore[assignment]
            session.add(item)
        session.flush()
        ids = [item.id for item in items]
        session.add(Task(engagement_id=ids[2], number=1, title="Homepage", status="open",
                         due_on=date(2027, 3, 15), created_at=start, updated_at=start))
    payments = [(add_payment(runtime, ids[i], due_on, number=n + 1), due_on) for n, (i, due_on) in enumerate(PAYMENTS)]
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": emulator.api_url, "DATABASE_URL": url,
           "LOG_LEVEL": "WARNING"}
    return World(emulator, runtime, env, ids, payments)


def expected_prompt_keys(world: World, moments: list[datetime]) -> set[str]:
    """Check-in slots some instant sweeps within the grace window: weekday, cadence, no holiday."""
    keys = set()
    for spec, engagement_id in zip(SPECS, world.engagement_ids, strict=True):
        zone, days_off = ZoneInfo(spec.tz), holidays.country_holidays(spec.country, years=2027)
        day = moments[0].date() - timedelta(days=2)
        while day <= moments[-1].date() + timedelta(days=2):
            due = datetime.combine(day, spec.at, zone)
            if (day.isoweekday() <= 5 and str(day.isoweekday()) in spec.days and day not in days_off
                    and any(m - GRACE < due <= m for m in moments)):
                keys.add(f"checkin:{engagement_id}:{day.isoformat()}")
            day += timedelta(days=1)
    return keys


def alert_days(due_on: date) -> list[date]:
    """3 days before, the day, overdue days 1, 3, 7, then weekly (a few weeks is plenty here)."""
    return [due_on + timedelta(days=d) for d in (-3, 0, 1, 3, 7, 14, 21, 28)]


def expected_payment_keys(world: World, moments: list[datetime]) -> set[str]:
    """At each instant in the owner's working hours, the latest alert of each payment that came due."""
    days_off = holidays.country_holidays("GB", subdiv="ENG", years=2027)
    keys = set()
    for moment in moments:
        local = moment.astimezone(LONDON)
        if local.isoweekday() > 5 or local.date() in days_off or not wall(9) <= local.time() < wall(17):
            continue
        for payment_id, due_on in world.payments:
            came = [d for d in alert_days(due_on) if d <= local.date()]
            if came:
                keys.add(f"payment:{payment_id}:{max(came).isoformat()}")
    return keys


def posted_keys(emulator: SlackEmulator) -> Counter[str]:
    """How many times each ledger key was posted, from the metadata of the calls the emulator served."""
    keys: Counter[str] = Counter()
    for call in emulator.calls_to("chat.postMessage"):
        if not call.ok:  # refused (invalid blocks, 429...): nothing was posted
            continue
        metadata = call.args.get("metadata")
        metadata = json.loads(metadata) if isinstance(metadata, str) else metadata or {}
        if key := (metadata.get("event_payload") or {}).get("key"):
            keys[key] += 1
    return keys

