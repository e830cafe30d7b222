"""Refuse replayed requests: a signature Bolt already accepted is not accepted twice.

Bolt's own check stops forged and stale requests (older than five minutes); within those five
minutes a captured request would be accepted again. This middleware runs after Bolt's check,
so only genuine signatures are remembered, and answers a repeat with 401 as Bolt does.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.runtime import Runtime
from bot.slack import seen_signatures
from bot.slack.workspace import workspace_of

logger = logging.getLogger(__name__)

PRUNE_EVERY = 60.0  # seconds between clean-ups in one process; any worker's clean-up serves all


class ReplayGuard(Middleware):
    """A Bolt middleware bound to one runtime (register with `app.middleware(ReplayGuard(runtime))`)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._lock = threading.Lock()
        self._next_prune = 0.0

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002 - Bolt's name
        body = req.body
        signature = _header(req, "x-slack-signature")
        if signature is None or req.mode == "socket_mode":
            return next()  # Socket Mode and disabled verification have nothing to replay
        if _header(req, "x-slack-retry-num") and body.get("type") == "event_callback":
            # Slack's own retries are deduplicated by event_id (and re-signed in real Slack).
            return next()
        runtime = self.runtime
        now = runtime.clock()
        self._maybe_prune()
        if not seen_signatures.remember(runtime.sessions, signature=signature, team_id=_team(body), now=now):
            logger.warning("refused a replayed request (signature seen within the last %s)", seen_signatures.KEEP)
            return BoltResponse(status=401, body={"error": "invalid request"})
        return next()

    def _maybe_prune(self) -> None:
        """Delete old signatures now and then, off the hot path of all but one request a minute."""
        with self._lock:
            if time.monotonic() < self._next_prune:
                return
            self._next_prune = time.monotonic() + PRUNE_EVERY
        try:
            seen_signatures.prune(self.runtime.sessions, now=self.runtime.clock())
        except Exception:  # noqa: BLE001 - a failed clean-up must not fail the request
            logger.warning("could not prune remembered signatures", exc_info=True)


def _header(req: BoltRequest, name: str) -> str | None:
    values = req.headers.get(name) or []
    return values[0] if values else None


def _team(body: dict[str, Any]) -> str:
    return workspace_of(body)
