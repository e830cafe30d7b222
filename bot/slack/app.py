"""Build the Bolt app: one client, one error handler, every listener registered in one place."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient

from bot.observability.bolt import ObservedApp
from bot.runtime import Runtime
from bot.slack import listeners, metadata, runner, seen_events
from bot.slack.client import make_client  # noqa: F401  (re-exported: callers import it from here)
from bot.slack.errors import handle_error
from bot.slack.gate import quiet_bolt_logger
from bot.slack.nul import StripNul
from bot.slack.replay import PRUNE_EVERY, ReplayGuard
from bot.slack.workspace import workspace_of

logger = logging.getLogger(__name__)

# Bolt acks within Slack's 3 s and runs the rest of each listener on this pool; it must be
# large enough that a burst of slow Slack calls cannot starve new requests of their ack.
LISTENER_THREADS = 24


def create_app(runtime: Runtime, client: WebClient | None = None) -> App:
    """The Tandem Bolt app for HTTP or Socket Mode, wired to the runtime's database and clock."""
    settings = runtime.settings
    client = client or make_client(runtime)
    options: dict = {}
    if settings.oauth_mode:  # Add to Slack: each request authorized with its own workspace's token
        from bot.slack.oauth import app_options

        options = app_options(runtime, client)
    app = ObservedApp(  # Bolt's App, counting requests for /metrics
        client=client,
        signing_secret=settings.slack_signing_secret or None,
        request_verification_enabled=not settings.socket_mode,
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="bolt"),
        logger=quiet_bolt_logger(logging.getLogger("bot.slack.bolt")),
        **options,
    )

    metadata.configure(settings.metadata_key)
    runner.install(app)
    # Middleware as Bolt's own classes: a plain function is wrapped in CustomMiddleware, which works
    # out its arguments by name on every request (~0.05 ms each, for four, on every command).
    app.middleware(StripNul())  # PostgreSQL refuses NUL in text; it means nothing in Slack's
    app.middleware(ProvideRuntime(runtime))
    app.middleware(ReplayGuard(runtime))
    app.middleware(DeduplicateEvents(runtime))
    listeners.register(app)
    app.error(handle_error)
    return app


class ProvideRuntime(Middleware):
    """Put the runtime (database, clock, settings) into every listener's context."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002 - Bolt's name
        req.context["runtime"] = self.runtime
        return next()


class DeduplicateEvents(Middleware):
    """Handle each event_id once: Slack retries unacknowledged events, sometimes after we handled them."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._lock = threading.Lock()
        self._next_prune = 0.0

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002 - Bolt's name
        body = req.body
        self._maybe_prune()
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id is None:
            return next()
        runtime = self.runtime
        if not seen_events.claim(runtime.sessions, event_id=event_id, team_id=workspace_of(body), now=runtime.clock()):
            logger.info("event %s already handled; ignoring retry", event_id)
            req.context.ack()
            return req.context.ack.response
        return next()

    def _maybe_prune(self) -> None:
        """Delete old event claims now and then (as ReplayGuard does signatures), here so that
        Socket Mode, which ReplayGuard skips, prunes them too."""
        with self._lock:
            if time.monotonic() < self._next_prune:
                return
            self._next_prune = time.monotonic() + PRUNE_EVERY
        try:
            seen_events.prune(self.runtime.sessions, now=self.runtime.clock())
        except Exception:  # noqa: BLE001 - a failed clean-up must not fail the request
            logger.warning("could not prune handled event ids", exc_info=True)


__all__ = ["BoltResponse", "create_app", "make_client"]
