"""Tandem's Prometheus metrics, and the text `GET /metrics` answers.

What is counted where it happens (requests in the Bolt middleware and the HTTP gate, deliveries in
jobs.lanes, sweeps in jobs.run_due) lives in prometheus-client's metrics. What the database already
knows (the ledger's backlog of claimed keys, the workspaces whose token Slack refuses) is read at
scrape time instead, so every process answers the same figures however many there are.

Several gunicorn workers: `tandem serve` sets PROMETHEUS_MULTIPROC_DIR (a temporary directory unless
the operator set one) before any worker starts; each process then writes its samples there and
`/metrics`, whichever worker answers, sums them (prometheus-client's multiprocess mode). The
metrics are created on first use, not at import: prometheus-client picks its multiprocess storage
when it is first imported, which must come after serve has set the directory.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

logger = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Slack wants its answer within 3 s; most of ours take a few ms.
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0, 10.0)
SWEEP_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
# Bolt's request body "type" -> the kind of request it is.
TYPE_KINDS = {
    "event_callback": "event", "url_verification": "event", "app_rate_limited": "event",
    "block_actions": "action", "interactive_message": "action", "shortcut": "action", "message_action": "action",
    "view_submission": "view", "view_closed": "view",
    "block_suggestion": "options", "dialog_suggestion": "options",
}


@dataclass(frozen=True)
class Metrics:
    """The process's metric objects (created once, see `metrics()`)."""

    requests: Any
    request_seconds: Any
    deliveries: Any
    rate_limited: Any
    sweep_seconds: Any
    sweep_failures: Any
    runs_missed: Any


_CREATING = threading.Lock()


def metrics() -> Metrics:
    """The metrics, created on first use (after `tandem serve` chose the multiprocess directory).

    Under a lock: the scheduler's duties run in threads of their own and may all come first at once,
    and a second creation would register every metric twice (DuplicateTimeseries).
    """
    with _CREATING:
        return _create()


@functools.cache
def _create() -> Metrics:
    from prometheus_client import Counter, Histogram

    return Metrics(
        requests=Counter("tandem_requests", "Slack requests answered, by kind and outcome (ok, refused, error)",
                         ["kind", "outcome"]),
        request_seconds=Histogram("tandem_request_duration_seconds",
                                  "Time to answer a Slack request (to the ack), by kind", ["kind"],
                                  buckets=REQUEST_BUCKETS),
        deliveries=Counter("tandem_deliveries", "Scheduled messages by outcome (sent, failed, rate_limited) and duty",
                           ["outcome", "duty"]),
        rate_limited=Counter("tandem_slack_rate_limited", "HTTP 429 answers from the Slack Web API (any call)"),
        sweep_seconds=Histogram("tandem_sweep_duration_seconds", "Time one duty's sweep took, by duty", ["duty"],
                                buckets=SWEEP_BUCKETS),
        sweep_failures=Counter("tandem_sweep_failures", "Sweeps that raised, by duty", ["duty"]),
        runs_missed=Counter("tandem_duty_runs_missed", "Scheduled duty runs dropped for starting too late",
                            ["duty"]),
    )


def kind_of(body: Any) -> str:
    """What a parsed Slack request is: command, action, view, event or options (`unknown` otherwise)."""
    if not isinstance(body, dict):
        return "unknown"
    if body.get("command"):
        return "command"
    return TYPE_KINDS.get(str(body.get("type") or ""), "unknown")


def outcome_of(status: int) -> str:
    """ok below 400, refused for 4xx (unsigned, stale, unhandled), error for 5xx."""
    return "ok" if status < 400 else "refused" if status < 500 else "error"


def request_answered(kind: str, status: int, seconds: float | None) -> None:
    """Count one answered request; `seconds` None for a refusal timed by nobody."""
    m = metrics()
    m.requests.labels(kind, outcome_of(status)).inc()
    if seconds is not None:
        m.request_seconds.labels(kind).observe(seconds)


def delivery(outcome: str, duty: str) -> None:
    """Count one delivery attempt's end: sent, failed or rate_limited."""
    metrics().deliveries.labels(outcome, duty).inc()


def slack_rate_limited() -> None:
    """Count one 429 from Slack's Web API."""
    metrics().rate_limited.inc()


def sweep_finished(duty: str, seconds: float) -> None:
    """One duty's sweep ran to its end in `seconds`."""
    metrics().sweep_seconds.labels(duty).observe(seconds)


def sweep_failed(duty: str) -> None:
    """One duty's sweep raised."""
    metrics().sweep_failures.labels(duty).inc()


def duty_missed(duty: str) -> None:
    """A scheduled run of `duty` was dropped for starting too late (the next run catches up)."""
    metrics().runs_missed.labels(duty).inc()


class DatabaseCollector:
    """Gauges read from the database at each scrape: the ledger's claimed backlog, refused tokens, workspaces."""

    def __init__(self, engine: Engine, oauth_mode: bool = False) -> None:
        self.engine, self.oauth_mode = engine, oauth_mode

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import GaugeMetricFamily

        from bot.db.models import Delivery, Engagement, WorkspaceHealth
        from bot.domain.delivery import ledger
        from bot.observability.workspaces import uninstalled

        backlog = GaugeMetricFamily("tandem_ledger_claimed_keys",
                                    "Ledger keys claimed and not yet sent or skipped, by duty", labels=["duty"])
        refused = GaugeMetricFamily("tandem_workspaces_token_refused",
                                    "Workspaces whose bot token Slack refuses, or (Add to Slack) that hold none any "
                                    "more: uninstalled, revoked")
        up = GaugeMetricFamily("tandem_database_up", "1 when the database answered this scrape, else 0")
        try:
            with self.engine.connect() as connection:
                for duty, count in connection.execute(
                        select(Delivery.duty, func.count()).where(Delivery.status == ledger.CLAIMED)
                        .group_by(Delivery.duty).order_by(Delivery.duty)):
                    backlog.add_metric([duty], count)
                refused.add_metric([], (connection.scalar(
                    select(func.count()).select_from(WorkspaceHealth)
                    .where(WorkspaceHealth.token_refused_at.is_not(None))) or 0) + ((connection.scalar(
                    select(func.count(Engagement.team_id.distinct())).where(uninstalled(self.oauth_mode))) or 0)
                    if self.oauth_mode else 0))
        except Exception as error:  # noqa: BLE001 - a scrape reports the database down, never fails
            logger.warning("metrics: the database did not answer (%s)", type(error).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield from (backlog, refused, up)


def exposition(engine: Engine, *, oauth_mode: bool = False) -> bytes:
    """The text `/metrics` answers: this process's (or every process's) metrics and the database gauges.

    `oauth_mode` (Add to Slack): a workspace with engagements and no stored bot token counts as refused.
    """
    from prometheus_client import REGISTRY, CollectorRegistry, generate_latest

    metrics()  # every family shows from the first scrape, at zero, not only once something happened
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector(engine, oauth_mode))
    if not os.environ.get(MULTIPROC_ENV):
        return generate_latest(REGISTRY) + generate_latest(database)
    from prometheus_client import multiprocess

    combined = CollectorRegistry()
    combined.register(_EveryFamily(multiprocess.MultiProcessCollector(None)))
    return generate_latest(combined) + generate_latest(database)


class _EveryFamily:
    """Every process's samples summed, and each metric none has a sample of yet as its HELP and TYPE alone.

    prometheus-client's multiprocess collector builds families from the sample files only, so a family
    with labels shows once something was counted in it (no delivery yet: no tandem_deliveries_total at
    all). In one process the registry lists every family from the start; this makes the sum do the same.
    """

    def __init__(self, summed: Any) -> None:
        self.summed = summed  # a MultiProcessCollector registered nowhere else

    def collect(self) -> Iterator[Any]:
        from prometheus_client.metrics_core import Metric

        seen: set[str] = set()
        for family in self.summed.collect():
            seen.add(family.name)
            yield family
        for metric in vars(metrics()).values():
            if metric._name not in seen:  # the name and kind it was created with
                yield Metric(metric._name, metric._documentation, metric._type)


def prepare_multiprocess() -> Path | None:
    """Before workers fork: give PROMETHEUS_MULTIPROC_DIR a fresh directory; the temporary one we made, if any.

    An operator's own directory is emptied of the previous run's sample files (prometheus-client
    would add their counts to this run's); a temporary one is created when none is set.
    """
    import tempfile

    chosen = os.environ.get(MULTIPROC_ENV)
    if chosen:
        path = Path(chosen)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            if stale.name.split("_", 1)[0] in ("counter", "gauge", "histogram", "summary"):
                stale.unlink(missing_ok=True)
        return None
    made = Path(tempfile.mkdtemp(prefix="tandem-metrics-"))
    os.environ[MULTIPROC_ENV] = str(made)
    return made


def worker_exited(pid: int) -> None:
    """gunicorn's child_exit: drop a dead worker's live gauges (its counters keep counting in the sum)."""
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
