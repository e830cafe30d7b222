"""APScheduler as the scheduler: one job per duty at its own cadence, first run at start, failures logged and told."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient

from bot.config import Settings
from bot.observability import metrics
from bot.runtime import Runtime
from bot.slack.observed_client import ObservedClient
from jobs import schedule, scheduler
from jobs.context import SweepContext
from jobs.schedule import DUTIES, Duty


@pytest.fixture
def runtime(tmp_path) -> Iterator[Runtime]:  # type: ignore[no-untyped-def]
    runtime = Runtime.build(Settings(slack_bot_token="xoxb-x", database_url=f"sqlite:///{tmp_path / 't.db'}"))
    yield runtime
    runtime.engine.dispose()


def client() -> WebClient:
    return ObservedClient(token="xoxb-x", base_url="http://127.0.0.1:9/api/")


def test_one_job_per_duty_at_its_cadence_first_run_at_start(runtime: Runtime) -> None:
    start_at = datetime(2027, 3, 8, 2, tzinfo=UTC)
    jobs = {job.id: job for job in scheduler.build_scheduler(runtime, client(), start_at=start_at).get_jobs()}
    assert list(jobs) == [duty.name for duty in DUTIES]
    for duty in DUTIES:
        job = jobs[duty.name]
        assert job.next_run_time == start_at  # not one cadence after the start
        assert job.trigger.interval == duty.every
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, duty.every.total_seconds())
    minutes = {duty.name: duty.every / timedelta(minutes=1) for duty in DUTIES}
    assert minutes["checkin_prompts"] == minutes["followups"] == 1
    assert min(minutes[name] for name in ("digest", "risk_reviews", "review_reminders", "stale_claims")) > 1


def test_every_sweep_runs_in_the_schedule_exactly_once_and_in_the_old_order() -> None:
    sweeps = [sweep.__module__ for duty in DUTIES for sweep in duty.sweeps]
    assert len(sweeps) == len(set(sweeps)) == 18
    # The orders that matter: the deadline hold first, the digest before the payment alerts it carries,
    # the channel problems after the sweeps that post in channels, stale claims last.
    assert sweeps[0] == "jobs.deadline_reviews" and sweeps[-1] == "jobs.stale_claims"
    assert sweeps.index("jobs.digest") < sweeps.index("jobs.payment_alerts")
    assert sweeps.index("jobs.channel_problems") == len(sweeps) - 2


def test_a_started_scheduler_runs_each_duty_at_once_logs_failures_and_counts_them(
        runtime: Runtime, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    ran: list[datetime] = []

    def fine(ctx: SweepContext) -> Iterator[str]:
        ran.append(ctx.now)
        yield "one line"

    def broken(ctx: SweepContext) -> Iterator[str]:
        yield from ()  # a generator, like every sweep, that fails when first stepped
        raise RuntimeError("boom")

    duties = (Duty("fine", (fine,), timedelta(minutes=1)), Duty("broken", (broken,), timedelta(minutes=5)))
    monkeypatch.setattr(scheduler, "DUTIES", duties)
    failures = metrics.metrics().sweep_failures.labels("test_scheduler")
    before = failures._value.get()
    built = scheduler.build_scheduler(runtime, client())
    try:
        with caplog.at_level(logging.INFO):
            built.start()
            deadline = datetime.now(UTC) + timedelta(seconds=10)  # at start, not a minute later
            while not ("duty broken failed" in caplog.text and "duty fine ran for" in caplog.text) \
                    and datetime.now(UTC) < deadline:
                threading.Event().wait(0.05)
    finally:
        built.shutdown()
    assert len(ran) == 1
    assert failures._value.get() == before + 1  # the broken sweep, counted once for /metrics
    assert "duty fine ran for" in caplog.text and "1 message(s)" in caplog.text
    assert "duty broken failed" in caplog.text and "RuntimeError: boom" in caplog.text


def test_missed_runs_are_logged_and_counted(runtime: Runtime, caplog: pytest.LogCaptureFixture) -> None:
    from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent

    missed = metrics.metrics().runs_missed.labels("digest")
    before = missed._value.get()
    built = scheduler.build_scheduler(runtime, client())
    with caplog.at_level(logging.WARNING):
        built._dispatch_event(JobExecutionEvent(EVENT_JOB_MISSED, "digest", "default",
                                                datetime(2027, 3, 8, tzinfo=UTC)))
    assert missed._value.get() == before + 1 and "duty digest missed its run" in caplog.text


def test_run_due_runs_every_duty_in_one_context(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    contexts: list[SweepContext] = []

    def record(ctx: SweepContext) -> Iterator[str]:
        contexts.append(ctx)
        yield from ()

    monkeypatch.setattr(schedule, "DUTIES", (Duty("a", (record, record), timedelta(minutes=1)),
                                             Duty("b", (record,), timedelta(minutes=5))))
    now = datetime(2027, 3, 8, 2, tzinfo=UTC)
    assert list(schedule.run_due(runtime, client(), now=now, dry_run=True)) == []
    assert len(contexts) == 3 and len({id(c) for c in contexts}) == 1
    assert contexts[0].now == now and contexts[0].dry_run


def test_a_run_that_sent_something_is_logged_and_an_idle_run_only_at_debug(
        runtime: Runtime, caplog: pytest.LogCaptureFixture) -> None:
    """Most minutes send nothing: seventeen duties would fill an idle deployment's log with lines saying so."""
    def busy(ctx: SweepContext) -> Iterator[str]:
        yield "one line"

    def idle(ctx: SweepContext) -> Iterator[str]:
        yield from ()

    now = datetime(2027, 3, 1, 9, tzinfo=UTC)
    with caplog.at_level(logging.DEBUG, logger="jobs.schedule"):
        for duty in (Duty("busy", (busy,), timedelta(minutes=1)), Duty("idle", (idle,), timedelta(minutes=1))):
            schedule.run_duty(duty, runtime, client(), now=now)
    ran = {r.getMessage().split()[1]: r.levelno for r in caplog.records if " ran for " in r.getMessage()}
    assert ran == {"busy": logging.INFO, "idle": logging.DEBUG}
