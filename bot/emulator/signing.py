"""Slack request signing (v0): how Slack proves to the bot that a request is genuine.

X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing_secret, "v0:<timestamp>:<raw body>")), with
X-Slack-Request-Timestamp in seconds; Bolt rejects signatures that differ or timestamps older
than five minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import time


def signature(secret: str, timestamp: str, body: str | bytes) -> str:
    """The X-Slack-Signature value for a raw body sent at `timestamp`."""
    raw = body.decode("utf-8") if isinstance(body, bytes) else body
    base = f"v0:{timestamp}:{raw}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str,
    body: str,
    content_type: str,
    *,
    timestamp_offset: int = 0,
    forced_signature: str | None = None,
) -> dict[str, str]:
    """Headers Slack sends; `forced_signature` ("bad" or a literal) breaks signing on purpose."""
    timestamp = str(int(time.time()) + timestamp_offset)
    value = signature(secret, timestamp, body)
    if forced_signature == "bad":
        value = "v0=" + "0" * 64
    elif forced_signature is not None:
        value = forced_signature
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": value,
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        "Accept": "application/json,*/*",
    }
