"""Hold the scheduled duties while Slack rejects the bot token, and resume once it accepts it again.

When the app is uninstalled, or its token revoked or replaced, Slack refuses every call: each tick
would claim, try and release every due message, and the stale-claims sweep would look each old one
up in Slack every minute, for ever, with nobody told. The guard watches the delivery client's
answers (a slack-sdk retry handler that never asks for a retry); once Slack has called the token no
good, the duties first ask `auth.test` (at most once a minute of the scheduler's clock, however many
duties are due), and wait until it passes. The log says why, once
an hour. Nothing is lost: the ledger still offers what is due when the token works again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

logger = logging.getLogger(__name__)

# Slack's answers that mean the token itself is no good (not a channel, not a rate limit).
REJECTED = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"})
SAY_AGAIN_AFTER = 3600.0  # seconds between two log lines about the same rejection
ASK_AGAIN_AFTER = timedelta(minutes=1)  # one auth.test for all the duties due in the same minute


class TokenWatch(RetryHandler):
    """Sees every Web API answer of the client it is added to; notes a rejected token, never retries."""

    def __init__(self) -> None:
        super().__init__(max_retry_count=0)
        self.rejected = threading.Event()

    def can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                  error: Exception | None = None) -> bool:
        body = response.body if response is not None else None
        if isinstance(body, dict) and body.get("error") in REJECTED:
            self.rejected.set()
        return False


class TokenGuard:
    """Decides before each tick whether the duties may run (see the module's docstring)."""

    def __init__(self, client: WebClient, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.client, self.clock = client, clock
        self.watch = TokenWatch()
        client.retry_handlers.append(self.watch)
        self._said_at: float | None = None
        self._asked: tuple[datetime, bool] | None = None  # the last auth.test: when, and whether it passed
        self._lock = threading.Lock()
        self.refused: str | None = None  # Slack's error while it refuses the token (for workspace_health)

    def allows(self, now: datetime | None = None) -> bool:
        """True unless Slack rejected the token and `auth.test` says it still does.

        With `now` (the scheduler's clock), duties asking within a minute of the last `auth.test` get its
        answer instead of asking again: one call a minute, not one per duty.
        """
        if not self.watch.rejected.is_set():
            return True
        with self._lock:
            if now is not None and self._asked is not None and now - self._asked[0] < ASK_AGAIN_AFTER:
                return self._asked[1]
            allowed = self._ask()
            self._asked = (now, allowed) if now is not None else None
            return allowed

    def _ask(self) -> bool:
        try:
            self.client.auth_test()
        except SlackApiError as error:
            if error.response.get("error") not in REJECTED:
                return True  # another trouble (a 5xx, a rate limit): the tick copes with those
            self.refused = str(error.response.get("error"))
            self._say(self.refused)
            return False
        except Exception:  # noqa: BLE001 - Slack unreachable: the tick's own retries and ledger cope
            return True
        self.watch.rejected.clear()
        self._said_at, self.refused = None, None
        logger.warning("Slack accepts the bot token again: the scheduled duties resume")
        return True

    def _say(self, error: str) -> None:
        now = self.clock()
        if self._said_at is not None and now - self._said_at < SAY_AGAIN_AFTER:
            return
        self._said_at = now
        logger.error("Slack rejects the bot token (%s): Tandem was uninstalled, or SLACK_BOT_TOKEN was revoked or "
                     "replaced. Scheduled messages wait until it works again; reinstall the app and set the new "
                     "token (`tandem doctor` checks it).", error)
