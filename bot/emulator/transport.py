"""Delivering a request to the bot as Slack does: signed HTTP POST, or a Socket Mode envelope."""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from bot.emulator.signing import signed_headers

if TYPE_CHECKING:
    from bot.emulator.server import SlackEmulator

logger = logging.getLogger(__name__)

SOCKET_TYPES = {"command": "slash_commands", "interactive": "interactive", "event": "events_api"}


@dataclass
class Delivery:
    """One request: what kind, its payload, and the knobs for signature/retry tests."""

    kind: str  # command (form fields) | interactive (payload=) | event (JSON)
    payload: dict[str, Any]
    accepts_response_payload: bool = False
    signature: str | None = None
    timestamp_offset: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    socket_extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    """HTTP status and parsed body (or the Socket Mode ack payload) and how long the ack took."""

    status: int
    body: Any
    elapsed: float


def _encode(delivery: Delivery) -> tuple[str, str]:
    if delivery.kind == "command":
        return urlencode(delivery.payload), "application/x-www-form-urlencoded"
    if delivery.kind == "interactive":
        return urlencode(
            {"payload": json.dumps(delivery.payload)}
        ), "application/x-www-form-urlencoded"
    return json.dumps(delivery.payload), "application/json"


def _decode(raw: bytes, content_type: str) -> Any:
    text = raw.decode("utf-8", errors="replace")
    if "json" in content_type or text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def send_http(url: str, secret: str, delivery: Delivery, timeout: float) -> Outcome:
    """POST the signed request to the bot's URL; HTTP errors are outcomes, not exceptions."""
    body, content_type = _encode(delivery)
    headers = signed_headers(
        secret,
        body,
        content_type,
        timestamp_offset=delivery.timestamp_offset,
        forced_signature=delivery.signature,
    )
    headers.update(delivery.headers)
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - local bot URL
            raw, status, ctype = (
                response.read(),
                response.status,
                response.headers.get("Content-Type", ""),
            )
    except urllib.error.HTTPError as err:
        with err:
            raw, status, ctype = err.read(), err.code, err.headers.get("Content-Type", "")
    elapsed = time.monotonic() - started
    logger.debug("delivered %s to %s -> %s in %.3fs", delivery.kind, url, status, elapsed)
    return Outcome(status, _decode(raw, ctype), elapsed)


def send_socket(emu: SlackEmulator, delivery: Delivery, timeout: float) -> Outcome:
    """Deliver as a Socket Mode envelope and await the ack; body is the ack's payload (or None)."""
    ack = emu.socket.deliver(
        SOCKET_TYPES[delivery.kind],
        delivery.payload,
        delivery.accepts_response_payload,
        extra=delivery.socket_extra,
        timeout=timeout,
    )
    return Outcome(200, ack.payload, ack.elapsed)
