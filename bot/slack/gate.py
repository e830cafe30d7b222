"""Decide whether an HTTP request may reach Bolt: signed by Slack, within five minutes, UTF-8.

Runs on the raw bytes before anything parses them. Bolt parses the body first and checks the
signature afterwards: an unsigned `{not json` or `payload=%7B` raised inside Bolt (500 and a
traceback per request), and Bolt logs the whole body of a request whose signature fails. Here a
refusal is a status and a short reason, never the body, and nothing is parsed until the signature
holds. Bolt keeps its own check (a second HMAC over a small body is cheap), and the replay guard
(bot/slack/replay.py) still refuses a genuine signature seen twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from slack_sdk.signature import Clock, SignatureVerifier

MAX_BODY = 1024 * 1024  # bytes; Slack's requests are a few KB (a modal's view_submission the largest)
MAX_AGE = 60 * 5  # seconds; Slack's own rule, the same window Bolt applies


# The only requests Slack does not sign that reach Bolt: a person's browser on Add to Slack's two pages
# (OAuth mode). GET only; Bolt's OAuthFlow checks the state and its cookie on the redirect instead.
OAUTH_PATHS = frozenset({"/slack/install", "/slack/oauth_redirect"})


def unsigned_allowed(method: str, path: str, oauth_mode: bool) -> bool:
    """Whether an unsigned request may go on: a GET of an Add to Slack page in OAuth mode, nothing else."""
    return oauth_mode and method == "GET" and path in OAUTH_PATHS


@dataclass(frozen=True)
class Refusal:
    """Why a request does not reach Bolt: the status to answer and a reason fit for one log line."""

    status: int
    reason: str


class _Clock(Clock):
    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now

    def now(self) -> float:
        return self._now()


class Gate:
    """Verify Slack's signature on the raw bytes, before anything parses them."""

    def __init__(self, signing_secret: str, clock: Callable[[], float] = time.time) -> None:
        self._verifier = SignatureVerifier(signing_secret, clock=_Clock(clock))
        self._clock = clock

    def check_headers(self, headers: Mapping[str, str]) -> Refusal | None:
        """What the headers alone refuse (no signature, a timestamp that is not one or is stale).

        Checked before the body is read: an unsigned request is answered at once, neither buffered
        nor waited for (nor sent `100 Continue`).
        """
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not timestamp or not signature:
            return Refusal(401, "unsigned")
        if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
            return Refusal(401, "bad timestamp")
        if abs(self._clock() - int(timestamp)) > MAX_AGE:
            return Refusal(401, "stale timestamp")
        return None

    def check(self, body: bytes, headers: Mapping[str, str]) -> tuple[str, Refusal | None]:
        """The body as text and None when the request may go on; otherwise a refusal.

        `headers` has lower-case names. A genuine Slack body is UTF-8, so one that is not cannot be
        signed by Slack and is refused before the HMAC (which slack_sdk computes over text).
        """
        refusal = self.check_headers(headers)
        if refusal is not None:
            return "", refusal
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return "", Refusal(400, "body is not UTF-8")
        timestamp, signature = headers["x-slack-request-timestamp"], headers["x-slack-signature"]
        if not self._verifier.is_valid(body=text, timestamp=timestamp, signature=signature):
            return "", Refusal(401, "bad signature")
        return text, None


SIGNATURE_LOG = "Invalid request signature detected"


class DropBodies(logging.Filter):
    """Cut the body out of Bolt's log line for a signature it refused (Bolt logs the whole body at INFO).

    The gate refuses such requests before Bolt sees them; Bolt's own check can still refuse one the
    gate accepted when it ran a moment later at the edge of the five minutes. Bolt copies the filters
    of the logger given to App onto its middleware's loggers, so one filter on it covers them.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(SIGNATURE_LOG):
            record.msg, record.args = "Bolt refused a request signature (body not logged)", ()
        return True


UNHANDLED_LOG = "Unhandled request ("
UNHANDLED_LIMIT = 300  # characters of Bolt's summary kept: the type and the start of its ids


class ShortenUnhandled(logging.Filter):
    """Keep Bolt's "Unhandled request" warning to one short line.

    Bolt writes the request's action id (or callback id) into it twice, the second time raw inside a
    suggested listener: a signed request with an action id of its choosing (any length, line breaks
    included) could forge log lines or write a megabyte per request. The summary's dict is a repr
    (line breaks escaped), cut short; the suggestion, written for a developer, is dropped.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(UNHANDLED_LOG):
            summary = record.msg.split("\n---\n", 1)[0].replace("\r", " ").replace("\n", " ")
            if len(summary) > UNHANDLED_LIMIT:
                summary = summary[:UNHANDLED_LIMIT] + "…"
            record.msg, record.args = "%s", (summary,)
        return True


def quiet_bolt_logger(logger: logging.Logger) -> logging.Logger:
    """`logger` (the one given to Bolt's App) with DropBodies, ShortenUnhandled and DemoteTokenNotices on it, once."""
    from bot.slack.bolt_notices import DemoteTokenNotices

    for kind in (DropBodies, ShortenUnhandled, DemoteTokenNotices):
        if not any(isinstance(existing, kind) for existing in logger.filters):
            logger.addFilter(kind())
    return logger
