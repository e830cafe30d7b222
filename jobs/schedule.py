"""The whole schedule: every duty, its sweeps in order, and how often it runs.

The database (the ledger, the slots, the owners' zones and hours), not the scheduler, knows what is
due: a run of a duty sends what has come due since it last ran and nothing twice. The cadence only
bounds how late a message can be, so each duty runs as often as its messages need to be on time:
minutes for the check-in prompts and their follow-ups, coarser for what is due by the day.

`misfire` and `coalesce` are the APScheduler settings of each duty's job. Every job coalesces: runs
missed while the process was busy or asleep are worth one run, never a burst (the database already
knows all that came due). `misfire` is how late a run may still start; past it, the run is dropped for
the next, which is as good. It is the cadence itself for every duty: later than that, the next run is
already due.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.observability import duties as sweep_metrics
from bot.observability import workspaces
from bot.runtime import Runtime
from jobs import (
    blockers,
    channel_problems,
    checkin_prompts,
    collector,
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
    trial_reviews,
)
from jobs.context import Recent, SweepContext, start
from jobs.share import EVERYTHING, Share, for_engine

logger = logging.getLogger(__name__)

Sweep = Callable[[SweepContext], Iterator[str]]
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Duty:
    """One scheduled job: its sweeps, run in this order in one context, every `every`."""

    name: str
    sweeps: tuple[Sweep, ...]
    every: timedelta
    coalesce: bool = True

    @property
    def misfire(self) -> timedelta:
        """How late a run may start (see the module's docstring): one cadence."""
        return self.every


# In the order `run-due` runs them (and the order they were always run in, each minute).
DUTIES: tuple[Duty, ...] = (
    # Holds engagements past their deadline (the sweeps' snapshot already leaves them out) and asks the
    # owner at work: the hold takes effect at the owner's midnight, so every minute.
    Duty("deadline_reviews", (deadline_reviews.sweep,), MINUTE),
    # Slots are set to the minute (10:00 in the contractor's zone): a prompt is at most a minute late.
    Duty("checkin_prompts", (checkin_prompts.sweep,), MINUTE),
    # SLA hours run out at any minute of the contractor's day.
    Duty("followups", (followups.sweep,), MINUTE),
    # A snooze ends when the person asked it to: both kinds of snoozes come back to the minute.
    Duty("snoozes", (snoozes.sweep, prompt_snoozes.sweep), MINUTE),
    # Monday 09:00 owner time; a few minutes late is on time. The payment alerts run after it in the same
    # run: the digest carries the alerts due to the same owner, so the owner gets one message.
    Duty("digest", (digest.sweep, payment_alerts.sweep), 5 * MINUTE),
    Duty("observer_digest", (observer_digest.sweep,), 5 * MINUTE),
    # Once a working day at the start of the contractor's hours.
    Duty("deadlines", (deadlines.sweep,), 5 * MINUTE),
    # Counted in days (every N days, after a task is done, weekly): a quarter of an hour late is nothing.
    Duty("feedback_prompts", (feedback_prompts.sweep,), 15 * MINUTE),
    Duty("thank_nudges", (thank_nudges.sweep,), 15 * MINUTE),
    # Two working days after the report: within the owner's first minutes at work.
    Duty("blockers", (blockers.sweep,), 5 * MINUTE),
    # Every three working days, on trial deadlines, monthly: reviews can wait a quarter of an hour.
    Duty("review_reminders", (review_reminders.sweep,), 15 * MINUTE),
    Duty("onboarding_reminders", (onboarding_reminders.sweep,), 15 * MINUTE),
    Duty("trial_reviews", (trial_reviews.sweep,), 15 * MINUTE),
    Duty("risk_reviews", (risk_reviews.sweep,), 15 * MINUTE),
    # Once a day per refusing channel, in the owner's hours.
    Duty("channel_problems", (channel_problems.sweep,), 5 * MINUTE),
    # Closes keys claimed past grace windows of hours or days (each look costs a history call).
    Duty("stale_claims", (stale_claims.sweep,), 5 * MINUTE),
)


def run_due(runtime: Runtime, client: WebClient, *, now: datetime, dry_run: bool = False,
            share: Share | None = None) -> Iterator[str]:
    """Run every duty once for `now`, in one context, yielding one line per message sent (or that would be).

    The duties of one run share one read of the active engagements and one clock (jobs.context).
    `share`: by default split by workspace with the other workers on PostgreSQL (jobs.share).
    """
    share = share or for_engine(runtime.engine)
    ctx = start(runtime, client, now=now, dry_run=dry_run, share=share)
    with collector.run():
        for duty in DUTIES:
            yield from run_sweeps(duty, ctx)
    if not dry_run:
        workspaces.ticked(runtime, now)  # what `tandem status` shows as each workspace's last tick


def run_sweeps(duty: Duty, ctx: SweepContext) -> Iterator[str]:
    """The duty's sweeps in order in `ctx`, each timed for the metrics (bot.observability.duties)."""
    for sweep in duty.sweeps:
        with sweep_metrics.timed(sweep):
            yield from sweep(ctx)


def run_duty(duty: Duty, runtime: Runtime, client: WebClient, *, now: datetime, share: Share = EVERYTHING,
             recent: Recent | None = None) -> int:
    """One scheduled run of `duty` at `now` in a context of its own, logged (its sweeps are timed for /metrics).

    `recent`: the scheduler's read of the active engagements, shared by the duties it starts together.

    Returns the number of messages sent. Raises what a sweep raised, after reporting it.
    """
    started = time.monotonic()
    with collector.run():
        sent = sum(1 for _ in run_sweeps(duty, start(runtime, client, now=now, share=share, recent=recent)))
    workspaces.ticked(runtime, now)  # what `tandem status` shows as each workspace's last tick
    seconds = time.monotonic() - started
    # A run that sent nothing is the usual minute: an idle deployment would log 17 lines a minute saying so.
    logger.log(logging.INFO if sent else logging.DEBUG, "duty %s ran for %s: %d message(s) in %.2f s", duty.name,
               now.isoformat(timespec="seconds"), sent, seconds)
    return sent
