"""The scheduler's side of the metrics: each duty's sweep timed, each delivery attempt's end counted.

A small hook where jobs.run_due runs each duty and where jobs.lanes collects each post; it only
reports to bot.observability.metrics and never changes what the duties do.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bot.observability import metrics


def duty_name(sweep: Callable[..., Any]) -> str:
    """A sweep's duty as the metrics label it: its module's name (`checkin_prompts`)."""
    return sweep.__module__.rsplit(".", 1)[-1]


@contextmanager
def timed(sweep: Callable[..., Any]) -> Iterator[None]:
    """Time one sweep to its end (tandem_sweep_duration_seconds), or count it failed when it raises.

    A run abandoned by its consumer (GeneratorExit) is neither: it did not finish, nor did it fail.
    """
    duty = duty_name(sweep)
    started = time.perf_counter()
    try:
        yield
    except Exception:
        metrics.sweep_failed(duty)
        raise
    metrics.sweep_finished(duty, time.perf_counter() - started)


def attempt_ended(duty: str, attempt: Any) -> None:
    """Count a jobs.delivery.Attempt: sent, rate_limited (a 429 held it) or failed (Slack refused, or no answer).

    A post found in Slack (an earlier attempt's, which died before recording it) is not sent again,
    and an attempt deferred without a word from Slack (an undecided history page) is not a failure.
    """
    if attempt.posted is not None:
        if not attempt.found:
            metrics.delivery("sent", duty)
    elif attempt.retry_after is not None:
        metrics.delivery("rate_limited", duty)
    elif attempt.error is not None or (not attempt.release and attempt.answered_at is not None):
        metrics.delivery("failed", duty)
