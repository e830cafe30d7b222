"""What the scheduler feeds /metrics and `tandem status`: deliveries, 429s, sweep times, the token's fate.

Counters are process-wide, so each test reads them before and after and checks the difference.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prometheus_client import REGISTRY
from sqlalchemy import event, select

from bot.db.models import WorkspaceHealth
from bot.observability import metrics, workspaces
from bot.observability.duties import duty_name
from jobs import DUTIES, build_scheduler, run_due
from jobs.schedule import MINUTE, Duty
from tests.jobs.conftest import PROJECT, add_engagement

MONDAY_TEN = datetime(2027, 3, 8, 2, tzinfo=UTC)  # 10:00 in Manila, the test contractor's zone
SWEEPS = [sweep for duty in DUTIES for sweep in duty.sweeps]


def value(name: str, **labels: str) -> float:
    metrics.metrics()  # the families exist before the first sample
    return REGISTRY.get_sample_value(name, labels) or 0.0


def deliveries(outcome: str) -> float:
    return value("tandem_deliveries_total", outcome=outcome, duty="checkin_prompt")


def test_a_sent_prompt_counts_once_and_every_duty_is_timed(runtime, client, emulator) -> None:
    add_engagement(runtime)
    sent = deliveries("sent")
    timed = {duty_name(s): value("tandem_sweep_duration_seconds_count", duty=duty_name(s)) for s in SWEEPS}
    lines = list(run_due(runtime, client, now=MONDAY_TEN))
    assert len(lines) == 1 and len(emulator.messages(PROJECT)) == 1
    assert deliveries("sent") - sent == 1
    assert len(timed) == len(SWEEPS)  # one label per duty
    assert {d: value("tandem_sweep_duration_seconds_count", duty=d) - n for d, n in timed.items()} == \
        dict.fromkeys(timed, 1.0)
    list(run_due(runtime, client, now=MONDAY_TEN))  # nothing more to send
    assert deliveries("sent") - sent == 1


def test_a_429_that_outlasts_the_retries_is_rate_limited_then_sent(runtime, client, emulator) -> None:
    add_engagement(runtime)
    before = {o: deliveries(o) for o in ("sent", "rate_limited", "failed")}
    answers_429 = value("tandem_slack_rate_limited_total")
    emulator.fail_next("chat.postMessage", status=429, retry_after=0, count=3)  # the call and its 2 retries
    assert list(run_due(runtime, client, now=MONDAY_TEN)) == []
    assert {o: deliveries(o) - n for o, n in before.items()} == {"sent": 0, "rate_limited": 1, "failed": 0}
    assert value("tandem_slack_rate_limited_total") - answers_429 == 3
    assert database_gauge(runtime, "tandem_ledger_claimed_keys") == 1  # the prompt's key waits, claimed
    assert len(list(run_due(runtime, client, now=MONDAY_TEN + timedelta(minutes=1)))) == 1
    assert {o: deliveries(o) - n for o, n in before.items()} == {"sent": 1, "rate_limited": 1, "failed": 0}
    assert database_gauge(runtime, "tandem_ledger_claimed_keys") == 0


def test_a_post_slack_refuses_is_failed(runtime, client, emulator) -> None:
    add_engagement(runtime)
    failed, sent = deliveries("failed"), deliveries("sent")
    emulator.fail_next("chat.postMessage", error="not_in_channel")
    assert list(run_due(runtime, client, now=MONDAY_TEN)) == []
    assert (deliveries("failed") - failed, deliveries("sent") - sent) == (1, 0)


def test_a_sweep_that_raises_counts_as_failed(runtime, client, monkeypatch) -> None:
    from jobs import schedule

    def broken(*args):  # type: ignore[no-untyped-def]
        yield from ()  # a generator, as sweeps are, that fails when first stepped
        raise RuntimeError("boom")

    broken.__module__ = "jobs.broken_duty"
    monkeypatch.setattr(schedule, "DUTIES", (Duty("broken_duty", (broken,), MINUTE),))
    before = value("tandem_sweep_failures_total", duty="broken_duty")
    try:
        list(run_due(runtime, client, now=MONDAY_TEN))
    except RuntimeError:
        pass
    assert value("tandem_sweep_failures_total", duty="broken_duty") - before == 1
    assert value("tandem_sweep_duration_seconds_count", duty="broken_duty") == 0


def health(runtime) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    with runtime.sessions() as session:
        return [(r.team_id, r.last_tick_at is not None, r.token_refused_at is not None, r.token_error)
                for r in session.scalars(select(WorkspaceHealth))]


def database_gauge(runtime, name: str) -> float:  # type: ignore[no-untyped-def]
    from prometheus_client.parser import text_string_to_metric_families

    text = metrics.exposition(runtime.engine).decode()
    return sum(s.value for f in text_string_to_metric_families(text) for s in f.samples if s.name == name)


def test_a_refused_token_is_recorded_per_workspace_and_cleared_when_it_works(runtime, client, emulator) -> None:
    add_engagement(runtime)
    jobs = build_scheduler(runtime, client).get_jobs()

    def tick() -> None:  # the scheduler's jobs, one per duty, called by hand
        for job in jobs:
            job.func(*job.args)

    assert health(runtime) == []
    tick()
    assert health(runtime) == [("T1", True, False, None)]
    assert database_gauge(runtime, "tandem_workspaces_token_refused") == 0
    emulator.revoke_bot_token()
    runtime.clock.now = MONDAY_TEN  # type: ignore[attr-defined]
    tick()  # posting meets token_revoked
    tick()  # the guard asks auth.test, which refuses: the duties wait
    assert health(runtime) == [("T1", True, True, "token_revoked")]
    assert database_gauge(runtime, "tandem_workspaces_token_refused") == 1
    emulator.revoke_bot_token(False)
    runtime.clock.now = MONDAY_TEN + timedelta(minutes=1)  # type: ignore[attr-defined]  # auth.test: once a minute
    tick()
    assert health(runtime) == [("T1", True, False, None)]
    assert database_gauge(runtime, "tandem_workspaces_token_refused") == 0


def test_a_tick_writes_a_workspaces_health_only_when_it_says_something_new(runtime, client, emulator) -> None:
    add_engagement(runtime)
    def last_tick() -> datetime | None:
        with runtime.sessions() as session:
            return session.scalar(select(WorkspaceHealth.last_tick_at))

    updated: list[int] = []
    event.listen(runtime.engine, "after_cursor_execute",
                 lambda _conn, cursor, statement, *rest: updated.append(cursor.rowcount)
                 if statement.startswith("UPDATE workspace_health") else None)
    workspaces.ticked(runtime, MONDAY_TEN)
    workspaces.ticked(runtime, MONDAY_TEN + timedelta(seconds=10))  # the next duty of the same minute
    assert last_tick() == MONDAY_TEN and updated == [1, 0]
    workspaces.ticked(runtime, MONDAY_TEN + timedelta(minutes=1))
    assert last_tick() == MONDAY_TEN + timedelta(minutes=1) and updated[-1] == 1
    workspaces.refused(runtime, "token_revoked", MONDAY_TEN + timedelta(minutes=1, seconds=5))
    workspaces.ticked(runtime, MONDAY_TEN + timedelta(minutes=1, seconds=10))  # accepted again: said at once
    assert health(runtime) == [("T1", True, False, None)] and updated[-1] == 1
