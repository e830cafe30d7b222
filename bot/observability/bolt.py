"""Bolt's App, counting every request it answers (HTTP, Socket Mode, the sandbox) by kind and outcome.

Timed around `dispatch`, which returns once the listener has acked: the time Slack waits for. A
Bolt middleware could not do it: Bolt runs the listeners after the middleware chain has returned.
"""

from __future__ import annotations

import time

from slack_bolt import App, BoltRequest, BoltResponse

from bot.observability import metrics


class ObservedApp(App):  # type: ignore[misc]
    """Bolt's App whose `dispatch` feeds tandem_requests_total and tandem_request_duration_seconds."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        kind = metrics.kind_of(req.body)
        started = time.perf_counter()
        try:
            response = super().dispatch(req)
        except Exception:
            metrics.request_answered(kind, 500, time.perf_counter() - started)
            raise
        metrics.request_answered(kind, response.status, time.perf_counter() - started)
        return response
