"""Bolt's App, counting every request it answers (HTTP, Socket Mode, the sandbox) by kind and outcome.

Timed from `dispatch` to the listener's ack (or to dispatch's return when nothing acked): the time Slack
waits for. Over HTTP a listener runs on after its ack inside `dispatch` (bot/slack/bolt_compat.py,
patch 3). A Bolt middleware could not do it: Bolt runs the listeners after the middleware chain has
returned.
"""

from __future__ import annotations

import time

from slack_bolt import App, BoltRequest, BoltResponse

from bot.observability import metrics


class ObservedApp(App):
    """Bolt's App whose `dispatch` feeds tandem_requests_total and tandem_request_duration_seconds."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        kind = metrics.kind_of(req.body)
        started = time.perf_counter()
        try:
            response = super().dispatch(req)
        except Exception:
            metrics.request_answered(kind, 500, time.perf_counter() - started)
            raise
        # The listener may run on after its ack (bolt_compat, patch 3): Slack waited until the ack.
        answered = getattr(req.context.get("ack"), "answered_at", None)
        metrics.request_answered(kind, response.status, (answered or time.perf_counter()) - started)
        return response
