"""APScheduler as the duties' scheduler: one job per duty at its own cadence, the first run at start.

Each job runs its duty in a context of its own (`jobs.schedule.run_duty`) at the scheduler's
`runtime.clock()`; `max_instances=1` keeps a slow run of a duty from overlapping the next one of the
same duty (the next waits for its own turn). While Slack rejects the bot token every job waits
(jobs.token_guard). Errors and missed runs are logged and counted for /metrics.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.observability import metrics, workspaces
from bot.runtime import Runtime
from jobs import token_guard
from jobs.context import Recent
from jobs.schedule import DUTIES, Duty, run_duty
from jobs.share import Share, for_engine

if TYPE_CHECKING:
    from apscheduler.events import JobExecutionEvent, JobSubmissionEvent
    from apscheduler.schedulers.background import BackgroundScheduler

logger = logging.getLogger(__name__)
# Duties run side by side, each in its own thread (a long digest never delays the prompts); one each at most.
THREADS = len(DUTIES)


def build_scheduler(runtime: Runtime, client: WebClient, *, share: Share | None = None,
                    start_at: datetime | None = None) -> BackgroundScheduler:
    """A scheduler with one job per duty, each first run at `start_at` (default: now, when started)."""
    # Imported here: `tandem jobs run-due` runs the sweeps once and never needs APScheduler.
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.background import BackgroundScheduler

    # APScheduler says "Running job…" and "…executed successfully" at INFO for every run of every duty;
    # `run_duty` logs one line per run with what it sent, and the listeners below log what went wrong.
    for name in ("apscheduler.scheduler", "apscheduler.executors.default"):
        if logging.getLogger(name).level == logging.NOTSET:
            logging.getLogger(name).setLevel(logging.WARNING)
    scheduler = BackgroundScheduler(timezone="UTC", executors={"default": ThreadPoolExecutor(THREADS)})
    guard = token_guard.TokenGuard(client)
    share = share or for_engine(runtime.engine)
    recent = Recent()  # the duties that fire together read the active engagements once

    def job(duty: Duty) -> None:
        now = runtime.clock()
        if guard.allows(now):
            run_duty(duty, runtime, client, now=now, share=share, recent=recent)
        elif not runtime.settings.oauth_mode:  # one token serves every workspace; OAuth: see workspaces.read
            workspaces.refused(runtime, guard.refused or "invalid_auth", now)

    for duty in DUTIES:
        # next_run_time: the first run at start, not one cadence later; an interval counts from it.
        scheduler.add_job(job, "interval", args=[duty], id=duty.name, name=duty.name, replace_existing=True,
                          seconds=duty.every.total_seconds(), next_run_time=start_at or datetime.now().astimezone(),
                          coalesce=duty.coalesce, misfire_grace_time=int(duty.misfire.total_seconds()),
                          max_instances=1)

    def failed(event: JobExecutionEvent) -> None:
        # the failed sweep is counted for /metrics where it raised (bot.observability.duties).
        logger.error("duty %s failed at %s", event.job_id, event.scheduled_run_time,
                     exc_info=(type(event.exception), event.exception, event.exception.__traceback__))

    def missed(event: JobExecutionEvent) -> None:
        logger.warning("duty %s missed its run at %s (the process was busy or asleep); the next run catches up",
                       event.job_id, event.scheduled_run_time)
        metrics.duty_missed(event.job_id)

    def overlapping(event: JobSubmissionEvent) -> None:
        logger.warning("duty %s still running at %s: this run is skipped", event.job_id,
                       ", ".join(str(at) for at in event.scheduled_run_times))

    scheduler.add_listener(failed, EVENT_JOB_ERROR)
    scheduler.add_listener(missed, EVENT_JOB_MISSED)
    scheduler.add_listener(overlapping, EVENT_JOB_MAX_INSTANCES)
    return scheduler
