"""The scheduled duties: each is one sweep in its own module; this file shows the whole schedule."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.domain import duties
from bot.observability import duties as observe
from bot.observability import workspaces
from bot.runtime import Runtime
from jobs import (
    blockers,
    channel_problems,
    checkin_prompts,
    deadline_reviews,
    deadlines,
    digest,
    feedback_prompts,
    followups,
    observer_digest,
    onboarding_reminders,
    payment_alerts,
    prompt_snoozes,
    review_reminders,
    risk_reviews,
    snoozes,
    stale_claims,
    thank_nudges,
    token_guard,
    trial_reviews,
)

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

Sweep = Callable[[Runtime, WebClient, datetime, bool], Iterator[str]]

# One entry per duty, in the order they run each minute.
SWEEPS: list[Sweep] = [
    # First: holds engagements past their deadline, so no routine duty below sends for them.
    deadline_reviews.sweep,
    checkin_prompts.sweep,
    followups.sweep,
    snoozes.sweep,
    # Before payment_alerts: the digest carries the payment alerts due to the same owner (one message).
    digest.sweep,
    observer_digest.sweep,
    payment_alerts.sweep,
    deadlines.sweep,
    feedback_prompts.sweep,
    thank_nudges.sweep,
    blockers.sweep,
    prompt_snoozes.sweep,
    review_reminders.sweep,
    onboarding_reminders.sweep,
    trial_reviews.sweep,
    risk_reviews.sweep,
    # After every sweep that posts in channels: tells owners of the channels that refused this tick.
    channel_problems.sweep,
    # Last: closes keys an earlier attempt left claimed once no sweep can offer them any more.
    stale_claims.sweep,
]


def run_due(runtime: Runtime, client: WebClient, *, now: datetime, dry_run: bool = False) -> Iterator[str]:
    """Run every sweep once for `now`, yielding one line per message sent (or that would be).

    The sweeps of one run share one read of the active engagements (see `duties.Tick`). Every stamp
    the run writes (claims, leases, sent_at) reads one clock: `now` plus the time the run has taken,
    so `tandem jobs run-due --now X` records X's time line, not the wall clock's, and a lease still
    counts from its attempt in a long run.
    """
    runtime = replace(runtime, clock=run_clock(now))
    tick = duties.Tick()
    for sweep in SWEEPS:
        with observe.timed(sweep):
            yield from tick.run(sweep(runtime, client, now, dry_run))
    if not dry_run:
        workspaces.ticked(runtime, now)  # what `tandem status` shows as each workspace's last tick


def run_clock(now: datetime) -> Callable[[], datetime]:
    """`now`, moving on with the run's own elapsed time."""
    started = time.monotonic()
    return lambda: now + timedelta(seconds=time.monotonic() - started)


def build_scheduler(runtime: Runtime, client: WebClient) -> BackgroundScheduler:
    """A scheduler that runs all sweeps every minute; the database, not APScheduler, knows what is due."""
    # Imported here: `tandem jobs run-due` runs the sweeps once and never needs APScheduler.
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone="UTC")
    guard = token_guard.TokenGuard(client)

    def tick() -> None:
        if not guard.allows():
            if not runtime.settings.oauth_mode:  # one token serves every workspace; OAuth: see workspaces.read
                workspaces.refused(runtime, guard.refused or "invalid_auth", runtime.clock())
            return
        for _ in run_due(runtime, client, now=runtime.clock()):
            pass

    scheduler.add_job(tick, "interval", minutes=1, id="run_due", replace_existing=True,
                      coalesce=True, max_instances=1, misfire_grace_time=120)
    return scheduler
