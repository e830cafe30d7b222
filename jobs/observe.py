"""Hooks on the duties' runs, for whoever wants to count them (the metrics endpoint connects here).

A plain callback registry, so the scheduler knows nothing of Prometheus: `on_finished(f)` has
`f(duty, seconds)` called after each run of a duty that ended normally, `on_failed(f)` has `f(duty)`
called after one that raised, `on_missed(f)` has `f(duty)` called for a run dropped as too late.
A hook that raises is logged and never stops the duties.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

Finished = Callable[[str, float], None]
Failed = Callable[[str], None]

_finished: list[Finished] = []
_failed: list[Failed] = []
_missed: list[Failed] = []


def on_finished(hook: Finished) -> Finished:
    """Call `hook(duty, seconds)` after every run of a duty that finished; returns the hook (a decorator)."""
    _finished.append(hook)
    return hook


def on_failed(hook: Failed) -> Failed:
    """Call `hook(duty)` after every run of a duty that raised; returns the hook (a decorator)."""
    _failed.append(hook)
    return hook


def on_missed(hook: Failed) -> Failed:
    """Call `hook(duty)` when a run of a duty was dropped for starting too late (APScheduler's misfire)."""
    _missed.append(hook)
    return hook


def remove(hook: Finished | Failed) -> None:
    """Stop calling `hook` (tests, a metrics registry torn down)."""
    for hooks in (_finished, _failed, _missed):
        while hook in hooks:
            hooks.remove(hook)  # type: ignore[arg-type]  # either list may hold it


def sweep_finished(duty: str, seconds: float) -> None:
    """Tell every hook that `duty` ran for `seconds`."""
    for hook in list(_finished):
        try:
            hook(duty, seconds)
        except Exception:
            logger.exception("sweep_finished hook %r failed", hook)


def sweep_failed(duty: str) -> None:
    """Tell every hook that a run of `duty` raised."""
    for hook in list(_failed):
        try:
            hook(duty)
        except Exception:
            logger.exception("sweep_failed hook %r failed", hook)


def sweep_missed(duty: str) -> None:
    """Tell every hook that a run of `duty` was dropped for starting too late."""
    for hook in list(_missed):
        try:
            hook(duty)
        except Exception:
            logger.exception("sweep_missed hook %r failed", hook)
