"""The scheduled duties: each is one sweep in its own module; this file shows the whole schedule."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient

from bot.runtime import Runtime
from jobs import checkin_prompts, followups, payment_alerts, snoozes

Sweep = Callable[[Runtime, WebClient, datetime, bool], Iterator[str]]

# One entry per duty, in the order they run each minute.
SWEEPS: list[Sweep] = [
    checkin_prompts.sweep,
    followups.sweep,
    snoozes.sweep,
    payment_alerts.sweep,
]


def run_due(runtime: Runtime, client: WebClient, *, now: datetime, dry_run: bool = False) -> Iterator[str]:
    """Run every sweep once for `now`, yielding one line per message sent (or that would be)."""
    for sweep in SWEEPS:
        yield from sweep(runtime, client, now, dry_run)


def build_scheduler(runtime: Runtime, client: WebClient) -> BackgroundScheduler:
    """A scheduler that runs all sweeps every minute; the database, not APScheduler, knows what is due."""
    scheduler = BackgroundScheduler(timezone="UTC")

    def tick() -> None:
        for _ in run_due(runtime, client, now=runtime.clock()):
            pass

    scheduler.add_job(tick, "interval", minutes=1, id="run_due", replace_existing=True,
                      coalesce=True, max_instances=1, misfire_grace_time=120)
    return scheduler
